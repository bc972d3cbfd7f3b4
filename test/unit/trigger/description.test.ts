// The trigger's form as n8n's editor shows it to someone who is not a developer.
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { JelouWhatsAppTrigger } from '../../../nodes/JelouWhatsAppTrigger/JelouWhatsAppTrigger.node';
import { normalizeEvent } from '../../../nodes/JelouWhatsAppTrigger/delivery';

const description = new JelouWhatsAppTrigger().description;
const property = (name: string) => description.properties.find((field) => field.name === name)!;
const notices = description.properties.filter((field) => field.type === 'notice');

/** Every field a user fills in or picks, those inside a collection included (notices are text, not fields). */
function fieldsOf(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((field) => {
		if (field.type === 'collection') return fieldsOf(field.options as INodeProperties[]);
		return field.type === 'notice' ? [] : [field];
	});
}

describe('Jelou WhatsApp Trigger: its form', () => {
	it('gives every field a description, which n8n keeps showing when the field holds an expression', () => {
		const fields = fieldsOf(description.properties);
		expect(fields.map((field) => field.name)).toEqual([
			'bot',
			'botId',
			'events',
			'registration',
			'replaceExisting',
			'name',
			'value',
			'downloadMedia',
		]);
		expect(fields.filter((field) => !field.description?.trim()).map((field) => field.name)).toEqual(
			[],
		);
		// a hint disappears when the field holds an expression: what matters is in descriptions and notices, and
		// the one hint (under a switch, which holds no expression) repeats its description in a line
		expect(fields.filter((field) => field.hint).map((field) => field.name)).toEqual([
			'replaceExisting',
		]);
	});

	it('lists its events in n8n’s nodes panel as the Events field names them', () => {
		// n8n's nodes panel lists a trigger's "actions" from the options of its field named Events:
		// an option's `action`, else "On " and the name in sentence case ("On delivered to whats app").
		const events = property('events');
		expect(events.displayName).toBe('Events');
		expect(
			(events.options as INodePropertyOptions[]).map((option) => [option.name, option.action]),
		).toEqual([
			['Delivered to Customer', 'On Delivered to Customer'],
			['Delivered to WhatsApp', 'On Delivered to WhatsApp'],
			['Failed', 'On Failed'],
			['Read', 'On Read'],
			['Reply', 'On Reply'],
		]);
	});

	it('lets n8n show the address Jelou calls in its Webhook URLs panel in both modes, and points to it', () => {
		expect(description.webhooks).toEqual([
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		]);
		for (const mode of ['automaticNotice', 'manualNotice'])
			expect(property(mode).displayName).toContain(
				'the Production URL under Webhook URLs at the top of this panel (click Webhook URLs, then Production URL)',
			);
		expect(property('automaticNotice').displayName).toContain(
			"sets n8n's WEBHOOK_URL to n8n's public address",
		);
	});

	it('tells how to skip repeats across restarts with Remove Duplicates, keyed on fields the trigger outputs', () => {
		const repeats = notices.find((notice) => notice.name === 'repeatsNotice')!;
		expect(repeats.displayOptions).toBeUndefined();
		expect(repeats.displayName).toContain(
			'add a Remove Duplicates node after this one: Remove Items Processed in Previous Executions, Value to Dedupe On {{ $json.event }}-{{ $json.messageId }}',
		);
		const output = normalizeEvent({ id: 'm-1', sentStatus: 'READ' }, 'read', new Date());
		const keyed = [...repeats.displayName.matchAll(/\$json\.(\w+)/g)].map((match) => match[1]);
		expect(keyed).toEqual(['event', 'messageId']);
		expect(keyed.map((field) => output[field as keyof typeof output])).toEqual(['read', 'm-1']);
	});
});
