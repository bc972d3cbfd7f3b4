// Send Template, node version 2, with templates picked from the list: executed by a real n8n from its CLI
// against a fake Jelou API of its own. The type, header media and filename come from the picked template
// and its Template Variables, saved as the editor saves a resource mapper.
import { chainWorkflow, itemsNode, outputOf, runWorkflowsOnce } from './support';

const JELOU = 'n8n-nodes-jelou.jelouWhatsApp';
const customers = itemsNode('Customers', [
	{ phone: '593990000031', name: 'Maria', invoice: 'https://cdn.example.com/invoice-31.pdf' },
	{ phone: '593990000032', name: 'Luis', invoice: 'https://cdn.example.com/invoice-32.pdf' },
]);

/**
 * A resource mapper value as n8n's editor saves it: the values, the fields it showed, its switches. The text the
 * customer reads is a required plain text; `savedBefore` gives it as 0.1.0 saved it (a JSON list, not required).
 */
function mapped(value: Record<string, string>, fields: string[], savedBefore = false): object {
	return {
		mappingMode: 'defineBelow',
		value,
		matchingColumns: [],
		schema: fields.map((id) => ({
			id,
			displayName: id,
			required: id === 'aboutTemplate' ? !savedBefore : id !== 'filename',
			defaultMatch: false,
			display: true,
			type: id === 'aboutTemplate' && savedBefore ? 'array' : 'string',
			canBeUsedToMatch: false,
		})),
		attemptToConvertTypes: false,
		convertFieldsToString: true,
	};
}

/** What the customer reads of appointment_confirm, as the editor saves it with the template picked. */
const APPOINTMENT_TEXT =
	'Hi {{1}}, can you make it to your \nappointment on {{2}}? \n[Button: Yes] \n[Button: Reschedule] \n[Button: Cancel]';

const sendTemplate = (name: string, parameters: object, typeVersion = 2) => ({
	name,
	type: JELOU,
	typeVersion,
	parameters: { resource: 'message', operation: 'sendTemplate', ...parameters },
});

// execute-batch only runs ids with a digit in them. The document workflow was saved by 0.1.0 without the
// template's text (removed in the editor, as 0.1.0 allowed): it is never sent, so the workflow runs all the same.
const WORKFLOWS = [
	chainWorkflow('PickedImage01', 'v2: image template picked from the list', [
		customers,
		sendTemplate('Send Image', {
			template: { __rl: true, mode: 'list', value: 'promo_image' },
			recipients: '={{ $json.phone }}',
			templateVariables: mapped(
				{
					aboutTemplate: '[Image] \nHello {{1}}. We invite you to check out \nour promotions.',
					'1': '={{ $json.name }}',
					mediaUrl: 'https://cdn.example.com/image.jpeg',
				},
				['aboutTemplate', '1', 'mediaUrl'],
			),
		}),
	]),
	chainWorkflow('PickedDocument01', 'v2: document template picked, URL and filename per item', [
		customers,
		sendTemplate('Send Invoice', {
			template: { __rl: true, mode: 'list', value: 'invoice_document' },
			recipients: '={{ $json.phone }}',
			templateVariables: mapped(
				{
					'1': '={{ $json.name }}',
					mediaUrl: '={{ $json.invoice }}',
					filename: '=invoice-{{ $json.name }}.pdf',
				},
				['aboutTemplate', '1', 'mediaUrl', 'filename'],
				true,
			),
		}),
	]),
	chainWorkflow('PickedReplies01', 'v2: reply buttons with their bot flows, no other option', [
		sendTemplate('Send Confirmation', {
			template: { __rl: true, mode: 'list', value: 'appointment_confirm' },
			recipients: '593990000034',
			language: 'en',
			templateVariables: mapped({ aboutTemplate: APPOINTMENT_TEXT, '1': 'Maria', '2': 'May 2' }, [
				'aboutTemplate',
				'1',
				'2',
			]),
			sendTemplateOptions: {
				buttonPayloads: {
					payloads: [
						{ type: 'edge', action: 'BTN1', skillId: '1' },
						{ type: 'edge', action: 'BTN2', skillId: '2' },
					],
				},
			},
		}),
	]),
	chainWorkflow('PickedHsm01', 'v2: an interactive template sent as approved, no option', [
		sendTemplate('Send Interactive', {
			template: { __rl: true, mode: 'list', value: 'appointment_confirm' },
			recipients: '593990000036',
			templateVariables: mapped({ aboutTemplate: APPOINTMENT_TEXT, '1': 'Ana', '2': 'May 4' }, [
				'aboutTemplate',
				'1',
				'2',
			]),
		}),
	]),
	chainWorkflow('PickedHsm02', 'v2: Send as Interactive turned on, as saved before', [
		sendTemplate('Send Interactive', {
			template: { __rl: true, mode: 'list', value: 'appointment_confirm' },
			recipients: '593990000035',
			templateVariables: mapped({ aboutTemplate: APPOINTMENT_TEXT, '1': 'Luis', '2': 'May 3' }, [
				'aboutTemplate',
				'1',
				'2',
			]),
			sendTemplateOptions: { sendAsHsm: true },
		}),
	]),
	chainWorkflow('ManualImage01', 'v1: the same image template, fields filled by hand', [
		sendTemplate(
			'Send Image By Hand',
			{
				template: { __rl: true, mode: 'list', value: 'promo_image' },
				recipients: '593990000033',
				type: 'image',
				mediaUrl: 'https://cdn.example.com/image.jpeg',
				parameters: { values: [{ value: 'Ana' }] },
			},
			1,
		),
	]),
];

const batch = runWorkflowsOnce(WORKFLOWS);

const sentTo = (destination: string) =>
	batch.fake.sentMessages
		.filter((message) => message.destination === destination)
		.map((m) => m.body);

describe('Send Template version 2 with a picked template, in a real n8n', () => {
	it('ran every workflow without an error', () => {
		for (const workflow of WORKFLOWS) {
			const { id } = workflow as { id: string };
			expect([
				id,
				batch.runs[id] ? batch.runs[id]?.data.resultData.error?.message : 'missing',
			]).toEqual([id, undefined]);
		}
	});

	it('image template: type image and the Media URL from Template Variables, the text not sent', () => {
		expect(sentTo('593990000031').filter((body) => JSON.stringify(body).includes('promo'))).toEqual(
			[
				{
					elementName: 'promo_image',
					destinations: ['593990000031'],
					parameters: ['Maria'],
					type: 'image',
					mediaUrl: 'https://cdn.example.com/image.jpeg',
				},
			],
		);
		expect(outputOf(batch.runs.PickedImage01, 'Send Image')).toEqual([
			expect.objectContaining({
				destination: '593990000031',
				elementName: 'promo_image',
				preview: 'Hello Maria. We invite you to check out our promotions.',
			}),
			expect.objectContaining({
				destination: '593990000032',
				preview: 'Hello Luis. We invite you to check out our promotions.',
			}),
		]);
	});

	it('document template: each item’s document link and filename', () => {
		expect(
			batch.fake.sentMessages
				.filter((message) => message.elementName === 'invoice_document')
				.map((message) => message.body),
		).toEqual([
			{
				elementName: 'invoice_document',
				destinations: ['593990000031'],
				parameters: ['Maria'],
				type: 'document',
				mediaUrl: 'https://cdn.example.com/invoice-31.pdf',
				filename: 'invoice-Maria.pdf',
			},
			{
				elementName: 'invoice_document',
				destinations: ['593990000032'],
				parameters: ['Luis'],
				type: 'document',
				mediaUrl: 'https://cdn.example.com/invoice-32.pdf',
				filename: 'invoice-Luis.pdf',
			},
		]);
	});

	it('reply buttons with their bot flows, no option: QUICK_REPLY Button Parameters (Jelou’s quick-reply example)', () => {
		expect(sentTo('593990000034')).toEqual([
			{
				elementName: 'appointment_confirm',
				destinations: ['593990000034'],
				parameters: ['Maria', 'May 2'],
				language: 'en',
				buttonParameters: [
					{ type: 'QUICK_REPLY', payload: { type: 'edge', action: 'BTN1', skillId: '1' } },
					{ type: 'QUICK_REPLY', payload: { type: 'edge', action: 'BTN2', skillId: '2' } },
				],
			},
		]);
	});

	it('an interactive template sent as approved, no option: type hsm and buttonOptions (Jelou’s hsm example)', () => {
		expect(sentTo('593990000036')).toEqual([
			{
				buttonOptions: {},
				elementName: 'appointment_confirm',
				destinations: ['593990000036'],
				parameters: ['Ana', 'May 4'],
				type: 'hsm',
			},
		]);
	});

	it('Options → Send as Interactive (HSM Type) on, as saved before: type hsm, as before', () => {
		expect(sentTo('593990000035')).toEqual([
			{
				elementName: 'appointment_confirm',
				destinations: ['593990000035'],
				parameters: ['Luis', 'May 3'],
				type: 'hsm',
			},
		]);
	});

	it('version 1 sends the same body from the fields filled by hand', () => {
		expect(sentTo('593990000033')).toEqual([
			{
				elementName: 'promo_image',
				destinations: ['593990000033'],
				parameters: ['Ana'],
				type: 'image',
				mediaUrl: 'https://cdn.example.com/image.jpeg',
			},
		]);
	});
});
