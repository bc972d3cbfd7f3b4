import {
	buildActions,
	buildButtonPayloads,
	mergeAdditionalBodyFields,
} from '../../../nodes/JelouWhatsApp/shared/payloads';

describe('buildButtonPayloads', () => {
	it('builds the buttonPayloads example of send-individual-hsm.txt', () => {
		expect(
			buildButtonPayloads([
				{ action: 'Yes', skillId: '1' },
				{ action: 'Reschedule', skillId: '2' },
				{ type: 'edge', action: 'Cancel', skillId: 3 },
			]),
		).toEqual([
			{ type: 'edge', action: 'Yes', skillId: '1' },
			{ type: 'edge', action: 'Reschedule', skillId: '2' },
			{ type: 'edge', action: 'Cancel', skillId: '3' },
		]);
	});

	it('names the button that lacks an action or a skill', () => {
		expect(() =>
			buildButtonPayloads([
				{ action: 'Yes', skillId: '1' },
				{ action: ' ', skillId: '2' },
			]),
		).toThrow('Button Payloads: button 2 has no Action');
		expect(() => buildButtonPayloads([{ action: 'Yes' }])).toThrow(
			'Button Payloads: button 1 ("Yes") has no Skill ID',
		);
	});
});

describe('buildActions', () => {
	it('builds setSkill and setMemoryParams as in send-individual-hsm.txt', () => {
		expect(buildActions({ setSkillId: '2222' })).toEqual({ setSkill: { id: 2222 } });
		expect(
			buildActions({ memoryParams: [{ key: 'url', value: 'https://apps.jelou.ai' }] }),
		).toEqual({ setMemoryParams: { url: 'https://apps.jelou.ai' } });
	});

	it('leaves actions out when nothing is set', () => {
		expect(buildActions({})).toBeUndefined();
		expect(buildActions({ setSkillId: '', memoryParams: [] })).toBeUndefined();
	});

	it('keeps a skill ID that is not a number as text', () => {
		expect(buildActions({ setSkillId: 'skill-a' })).toEqual({ setSkill: { id: 'skill-a' } });
	});
});

describe('mergeAdditionalBodyFields', () => {
	const body = { elementName: 'x', destinations: ['593991234567'] };

	it('adds fields from a JSON string or an object', () => {
		expect(mergeAdditionalBodyFields(body, '{"buttonOptions": {}}')).toEqual({
			...body,
			buttonOptions: {},
		});
		expect(mergeAdditionalBodyFields(body, { campaignId: 'c1' })).toEqual({
			...body,
			campaignId: 'c1',
		});
		expect(mergeAdditionalBodyFields(body, '')).toBe(body);
	});

	it('refuses JSON that is not an object', () => {
		expect(() => mergeAdditionalBodyFields(body, '{oops')).toThrow('is not a JSON object');
		expect(() => mergeAdditionalBodyFields(body, '[1]')).toThrow('is not a JSON object');
	});

	it('refuses to replace a field the node sets', () => {
		expect(() => mergeAdditionalBodyFields(body, '{"destinations": ["1"]}')).toThrow(
			'sets destinations, which the node',
		);
	});
});
