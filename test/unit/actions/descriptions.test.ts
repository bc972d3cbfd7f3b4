import { JelouApi } from '../../../credentials/JelouApi.credentials';
import { JelouWhatsApp } from '../../../nodes/JelouWhatsApp/JelouWhatsApp.node';

/** Every text of a field a user reads: display names, descriptions, hints, placeholders, at any depth. */
function userTexts(value: unknown, found: string[] = []): string[] {
	if (Array.isArray(value)) value.forEach((entry) => userTexts(entry, found));
	else if (typeof value === 'object' && value !== null) {
		for (const [key, entry] of Object.entries(value)) {
			if (
				['displayName', 'description', 'hint', 'placeholder', 'action', 'name'].includes(key) &&
				typeof entry === 'string'
			)
				found.push(entry);
			else userTexts(entry, found);
		}
	}
	return found;
}

describe('field texts', () => {
	const texts = [
		...userTexts(new JelouWhatsApp().description.properties),
		...userTexts(new JelouApi().properties),
	];

	it('are found at every depth (the check sees nested options)', () => {
		expect(texts).toContain('Text that replaces the next placeholder, for each item');
	});

	it('never write n8n’s $json variable as $JSON, which does not exist', () => {
		expect(texts.filter((text) => text.includes('$JSON'))).toEqual([]);
		expect(texts.some((text) => text.includes('{{ $json.'))).toBe(true);
	});
});
