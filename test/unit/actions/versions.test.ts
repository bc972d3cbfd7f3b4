import { NodeHelpers } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import { JelouWhatsApp } from '../../../nodes/JelouWhatsApp/JelouWhatsApp.node';

const description = new JelouWhatsApp().description;
const sendTemplate: INodeParameters = {
	resource: 'message',
	operation: 'sendTemplate',
	template: { __rl: true, mode: 'list', value: 'order_update' },
};

/** Names of the top-level fields n8n's editor shows for these values at this version. */
function shownFields(typeVersion: number): string[] {
	return description.properties
		.filter((property) =>
			NodeHelpers.displayParameter(sendTemplate, property, { typeVersion }, description),
		)
		.map((property) => property.name);
}

describe('version conditions', () => {
	it('show version 1 its hand-filled fields and version 2 the template-driven ones', () => {
		expect(shownFields(1)).toContain('parameters');
		expect(shownFields(1)).not.toContain('templateVariables');
		expect(shownFields(2)).toContain('templateVariables');
		expect(shownFields(2)).not.toContain('parameters');
	});

	it('keep version 2 fields for a later minor version (2.1), as n8n adds them', () => {
		expect(shownFields(2.1)).toEqual(shownFields(2));
	});
});
