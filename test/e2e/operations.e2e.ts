// Every operation of Jelou WhatsApp, and the runnable examples, executed by a real n8n (2.x, or 1.x with JELOU_N8N_LINE=1) from its CLI
// (import:credentials, import:workflow, execute-batch) against the fake Jelou API running in this process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startFakeJelou } from '../fake-jelou/server';
import type { FakeJelou, RecordedRequest } from '../fake-jelou/server';
import {
	BOT_MESSAGE_DOC_EXAMPLES,
	BOT_MESSAGE_DOC_FIELDS,
} from '../unit/actions/message/send.bot-body.doc-examples';
import {
	chainWorkflow,
	itemsNode,
	n8nUnderTest,
	outputOf,
	pairingOf,
	requestsTo,
	startE2eSandbox,
} from './support';
import type { RunResult, Sandbox } from './support';

const JELOU = 'n8n-nodes-jelou.jelouWhatsApp';
const template = (value: string) => ({ __rl: true, mode: 'name', value });
const jelou = (name: string, parameters: object, extra: object = {}) => ({
	name,
	type: JELOU,
	parameters,
	...extra,
});
const example = (file: string) =>
	JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', file), 'utf8')) as { id: string };

// execute-batch only runs ids with a digit in them
const WORKFLOWS = [
	chainWorkflow('E2eSendTemplate1', 'e2e send template (text)', [
		jelou('Send Template', {
			resource: 'message',
			operation: 'sendTemplate',
			template: template('order_confirmation'),
			recipients: '+593 99 000 0001, 593990000002',
			parameters: { values: [{ value: 'Maria' }, { value: 'E2E-1' }] },
		}),
	]),
	chainWorkflow('E2eSendTemplate2', 'e2e send template (image)', [
		jelou('Send Image Template', {
			resource: 'message',
			operation: 'sendTemplate',
			template: template('promo_image'),
			recipients: '593990000003',
			type: 'image',
			mediaUrl: 'https://cdn.example.com/e2e-promo.jpeg',
			parameters: { values: [{ value: 'Ana' }] },
		}),
	]),
	chainWorkflow('E2eSessionText01', 'e2e session message', [
		jelou('Send Session Message', {
			resource: 'message',
			operation: 'send',
			userId: '593990000004',
			messageType: 'text',
			text: 'Your order E2E-4 shipped',
		}),
	]),
	chainWorkflow('E2eMessageStatus1', 'e2e send then get status', [
		jelou('Send Reminder', {
			resource: 'message',
			operation: 'sendTemplate',
			template: template('appointment_reminder'),
			recipients: '593990000005',
		}),
		jelou('Get Status', {
			resource: 'message',
			operation: 'getStatus',
			lookup: 'messageId',
			messageId: '={{ $json.id }}',
		}),
	]),
	chainWorkflow('E2eTemplateList1', 'e2e list approved templates', [
		jelou('List Templates', {
			resource: 'template',
			operation: 'getMany',
			returnAll: true,
			filters: { status: 'APPROVED' },
		}),
	]),
	chainWorkflow('E2eCampaignUrl01', 'e2e campaign from a CSV URL', [
		jelou('Campaign From URL', {
			resource: 'campaign',
			operation: 'send',
			recipientsSource: 'url',
			campaignName: 'E2E from URL',
			template: template('order_confirmation'),
			fileUrl: 'https://cdn.example.com/e2e-customers.csv',
			params: { columns: [{ column: 'customer_name' }, { column: 'order' }] },
		}),
	]),
	chainWorkflow('E2eCampaignList1', 'e2e list campaigns', [
		jelou('List Campaigns', {
			resource: 'campaign',
			operation: 'getMany',
			startAt: '2024-01-01T00:00:00Z',
			returnAll: true,
		}),
	]),
	chainWorkflow('E2eContinueOnFail1', 'e2e one bad item with Continue On Fail', [
		itemsNode('Customers', [
			{ phone: '593990000011', name: 'Good One' },
			{ phone: 'call me maybe', name: 'Bad Phone' },
			{ phone: '593990000013', name: 'Good Two' },
		]),
		jelou(
			'Send To Each',
			{
				resource: 'message',
				operation: 'sendTemplate',
				template: template('order_confirmation'),
				recipients: '={{ $json.phone }}',
				parameters: { values: [{ value: '={{ $json.name }}' }, { value: 'COF' }] },
			},
			{ onError: 'continueRegularOutput' },
		),
	]),
];

// One workflow per message type of Jelou's current message API; each sends the body of the doc example.
const RICH_SESSION_WORKFLOWS = (
	[
		['E2eSessionContact1', 'Send Contact Card', '593990000021', 'contacts'],
		['E2eSessionLocReq1', 'Ask For Location', '593990000022', 'location_request'],
		['E2eSessionCtaUrl1', 'Send URL Button', '593990000023', 'cta_url'],
		['E2eSessionCall01', 'Send Call Button', '593990000024', 'voice_call'],
		['E2eSessionFlow01', 'Send Flow', '593990000025', 'flow'],
	] as const
).map(([id, node, userId, type]) =>
	chainWorkflow(id, `e2e session ${type}`, [
		jelou(node, {
			resource: 'message',
			operation: 'send',
			userId,
			...BOT_MESSAGE_DOC_FIELDS[type],
		}),
	]),
);
const EXAMPLES = {
	sheetRows: example('spreadsheet-rows-to-campaign.json').id,
	csvFile: example('csv-file-to-campaign.json').id,
	templates: example('create-and-list-templates.json').id,
	nearestStore: example('location-request-nearest-store.json').id,
};

let fake: FakeJelou;
let sandbox: Sandbox;
let runs: Record<string, RunResult | undefined>;
let batch: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
	fake = await startFakeJelou({
		clientId: 'e2e-client-id',
		clientSecret: 'e2e-client-secret',
		botId: 'e2e-bot',
	});
	// the examples are imported by the sandbox itself, as `npm start` does
	sandbox = await startE2eSandbox(fake, {
		serve: false,
		importExamples: true,
		workflows: [...WORKFLOWS, ...RICH_SESSION_WORKFLOWS],
	});
	const ids = [...WORKFLOWS, ...RICH_SESSION_WORKFLOWS]
		.map((wf) => (wf as { id: string }).id)
		.concat(Object.values(EXAMPLES));
	const result = await sandbox.executeBatch(ids);
	runs = result.results;
	batch = result;
}, 600000);

afterAll(async () => {
	await sandbox?.stop();
	await fake?.close();
});

const hsmTo = (destination: string): RecordedRequest[] =>
	requestsTo(fake, 'POST', '/v2/whatsapp/e2e-bot/hsm').filter((r) =>
		(r.body as { destinations: string[] }).destinations.includes(destination),
	);
const uploadsNamed = (campaignName: string): RecordedRequest[] =>
	requestsTo(fake, 'POST', '/v1/hsm/file').filter(
		(r) =>
			(r.form?.campaignName ?? (r.body as { campaignName?: string } | undefined)?.campaignName) ===
			campaignName,
	);

describe(`a real n8n ${n8nUnderTest.n8n} runs the package from its CLI`, () => {
	it('ran every workflow of the batch successfully (one n8n process for all)', () => {
		expect(batch.code).toBe(0);
		for (const id of Object.keys(runs))
			expect([id, runs[id]?.status ?? (runs[id] ? 'ran' : 'missing')]).not.toEqual([id, 'missing']);
		for (const [id, run] of Object.entries(runs))
			expect([id, run?.data.resultData.error?.message]).toEqual([id, undefined]);
	});

	it('never sent the client secret anywhere in the run data', () => {
		expect(JSON.stringify(runs)).not.toContain('e2e-client-secret');
		expect(batch.stdout + batch.stderr).not.toContain('e2e-client-secret');
	});
});

describe('Message → Send Template', () => {
	it('sends a text template to two recipients with the body of Jelou’s example, one output item each', () => {
		const [request] = hsmTo('593990000001');
		expect(request.body).toEqual({
			destinations: ['593990000001', '593990000002'],
			elementName: 'order_confirmation',
			parameters: ['Maria', 'E2E-1'],
		});
		expect(request.headerNames).toContain('authorization');
		const sent = fake.sentMessages.filter(
			(m) =>
				m.elementName === 'order_confirmation' &&
				['593990000001', '593990000002'].includes(m.destination),
		);
		expect(outputOf(runs.E2eSendTemplate1, 'Send Template')).toEqual(
			sent.map((m) => ({
				id: m.id,
				destination: m.destination,
				elementName: 'order_confirmation',
				preview: 'Thank you for your order, Maria! Your confirmation number is E2E-1.',
				botId: fake.botId,
			})),
		);
		expect(pairingOf(runs.E2eSendTemplate1, 'Send Template')).toEqual([{ item: 0 }, { item: 0 }]);
	});

	it('sends an image template with type and media URL', () => {
		const requests = hsmTo('593990000003');
		expect(requests).toHaveLength(1);
		expect(requests[0].body).toEqual({
			destinations: ['593990000003'],
			elementName: 'promo_image',
			parameters: ['Ana'],
			type: 'image',
			mediaUrl: 'https://cdn.example.com/e2e-promo.jpeg',
		});
		expect(outputOf(runs.E2eSendTemplate2, 'Send Image Template')).toEqual([
			{
				id: expect.stringMatching(/\S/),
				destination: '593990000003',
				elementName: 'promo_image',
				preview: 'Hello Ana. We invite you to check out our promotions.',
				botId: fake.botId,
			},
		]);
	});

	it('with Continue On Fail, sends the good items, sends nothing for the bad one and puts its error in its place', () => {
		const all = requestsTo(fake, 'POST', '/v2/whatsapp/e2e-bot/hsm').filter(
			(r) => (r.body as { parameters?: string[] }).parameters?.[1] === 'COF',
		);
		expect(all.map((r) => r.body)).toEqual(
			expect.arrayContaining([
				{
					destinations: ['593990000011'],
					elementName: 'order_confirmation',
					parameters: ['Good One', 'COF'],
				},
				{
					destinations: ['593990000013'],
					elementName: 'order_confirmation',
					parameters: ['Good Two', 'COF'],
				},
			]),
		);
		expect(all).toHaveLength(2);
		const output = outputOf(runs.E2eContinueOnFail1, 'Send To Each');
		expect(output).toHaveLength(3);
		expect(output[0]).toMatchObject({ destination: '593990000011' });
		expect(String(output[1].error)).toMatch(/Recipients/);
		// items are numbered as a person counts them: the second item is item 2
		expect(String(output[1].error)).toMatch(/\(item 2\)$/);
		// the error item says which item failed, for a workflow to route it
		expect(output[1].item).toBe(2);
		expect(output[2]).toMatchObject({ destination: '593990000013' });
		expect(pairingOf(runs.E2eContinueOnFail1, 'Send To Each')).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
	});
});

describe('Message → Send (session message)', () => {
	it('sends the text message body of Jelou’s example', () => {
		const requests = requestsTo(fake, 'POST', '/v1/whatsapp/messages');
		expect(requests.map((r) => r.body)).toEqual([
			{ botId: 'e2e-bot', userId: '593990000004', type: 'text', text: 'Your order E2E-4 shipped' },
		]);
		expect(outputOf(runs.E2eSessionText01, 'Send Session Message')).toHaveLength(1);
	});
});

describe('Message → Send: contact card, location request, URL and call buttons, WhatsApp Flow', () => {
	const botMessagesTo = (userId: string) =>
		requestsTo(fake, 'POST', '/v1/bots/e2e-bot/messages').filter(
			(r) => (r.body as { userId?: string }).userId === userId,
		);

	it.each<[string, string, string, keyof typeof BOT_MESSAGE_DOC_EXAMPLES]>([
		['E2eSessionContact1', 'Send Contact Card', '593990000021', 'contacts'],
		['E2eSessionLocReq1', 'Ask For Location', '593990000022', 'location_request'],
		['E2eSessionCtaUrl1', 'Send URL Button', '593990000023', 'cta_url'],
		['E2eSessionCall01', 'Send Call Button', '593990000024', 'voice_call'],
	])(
		'%s sends the doc example’s body to /v1/bots/{botId}/messages and outputs {messageId, type, userId}',
		(workflow, node, userId, type) => {
			const requests = botMessagesTo(userId);
			expect(requests.map((r) => r.body)).toEqual([{ ...BOT_MESSAGE_DOC_EXAMPLES[type], userId }]);
			const [sent] = fake.sentMessages.filter((m) => m.destination === userId);
			expect(outputOf(runs[workflow], node)).toEqual([
				{ messageId: sent.id, type, userId, botId: fake.botId },
			]);
			expect(pairingOf(runs[workflow], node)).toEqual([{ item: 0 }]);
		},
	);

	it('sends a WhatsApp Flow to its own endpoint and says Jelou returns no message ID for it', () => {
		const requests = requestsTo(fake, 'POST', '/v1/bots/e2e-bot/users/593990000025/flow_message');
		expect(requests.map((r) => r.body)).toEqual([BOT_MESSAGE_DOC_EXAMPLES.flow]);
		expect(outputOf(runs.E2eSessionFlow01, 'Send Flow')).toEqual([
			{
				messageId: null,
				type: 'flow',
				userId: '593990000025',
				note: expect.stringContaining('no message ID for Flows'),
				botId: fake.botId,
			},
		]);
	});

	it('example location-request-nearest-store.json: a text reply gets a location request, a shared location the nearest store as a URL button', () => {
		expect(botMessagesTo('593991234567').map((r) => r.body)).toEqual([
			{
				type: 'location_request',
				userId: '593991234567',
				text: 'Please share your location so we can find the store nearest to you.',
			},
		]);
		expect(botMessagesTo('593991234568').map((r) => r.body)).toEqual([
			{
				type: 'cta_url',
				userId: '593991234568',
				title: 'Jelou Store Guayaquil',
				text: 'Our nearest store is Jelou Store Guayaquil, 4.2 km from you. Tap the button for directions.',
				caption: 'Open every day 9:00–20:00',
				parameters: {
					url: 'https://www.google.com/maps/search/?api=1&query=-2.171,-79.9224',
					display_text: 'Get Directions',
				},
			},
		]);
		expect(outputOf(runs[EXAMPLES.nearestStore], 'Ask For Location')).toEqual([
			expect.objectContaining({ type: 'location_request', userId: '593991234567' }),
		]);
		expect(outputOf(runs[EXAMPLES.nearestStore], 'Send Store Link')).toEqual([
			expect.objectContaining({ type: 'cta_url', userId: '593991234568' }),
		]);
	});
});

describe('Message → Get Status', () => {
	it('looks up the message the previous node sent, by its ID', () => {
		const [sent] = outputOf(runs.E2eMessageStatus1, 'Send Reminder');
		expect(sent).toMatchObject({
			destination: '593990000005',
			elementName: 'appointment_reminder',
		});
		expect(
			requestsTo(fake, 'GET', `/v1/external/bots/e2e-bot/notifications/${String(sent.id)}`),
		).toHaveLength(1);
		expect(outputOf(runs.E2eMessageStatus1, 'Get Status')).toEqual([
			expect.objectContaining({
				messageId: sent.id,
				destination: '593990000005',
				elementName: 'appointment_reminder',
				status: expect.any(String),
			}),
		]);
	});
});

describe('Template → Create and Get Many (example create-and-list-templates.json)', () => {
	it('submits the template with the body of Jelou’s example and lists it as pending', () => {
		const [create] = requestsTo(fake, 'POST', '/v1/bots/e2e-bot/templates');
		expect(create.query).toEqual({ sendToAprove: 'true' });
		expect(create.body).toMatchObject({
			category: 'UTILITY',
			language: 'es',
			elementName: 'shipping_update',
			displayName: 'Shipping update',
			template: 'Hola {{1}}, tu pedido {{2}} está en camino.',
			type: 'HSM',
			interactiveAction: 'NONE',
		});
		expect(outputOf(runs[EXAMPLES.templates], 'Create Template')).toEqual([
			expect.objectContaining({ elementName: 'shipping_update' }),
		]);
		const pending = outputOf(runs[EXAMPLES.templates], 'List Pending Templates').map(
			(t) => t.elementName,
		);
		expect(pending).toEqual(expect.arrayContaining(['shipping_update', 'spring_sale_pending']));
		expect(
			requestsTo(fake, 'GET', '/v1/bots/e2e-bot/templates').some(
				(r) => r.query.status === 'PENDING',
			),
		).toBe(true);
	});

	it('lists the approved templates', () => {
		const names = outputOf(runs.E2eTemplateList1, 'List Templates').map((t) => t.elementName);
		expect(names).toEqual(
			expect.arrayContaining(['order_confirmation', 'promo_image', 'appointment_reminder']),
		);
		expect(names).not.toContain('spring_sale_pending');
	});
});

describe('Campaign → Send', () => {
	it('from a CSV file made by n8n’s Convert to File (example csv-file-to-campaign.json): uploads the file as is', () => {
		const [upload] = uploadsNamed('Customers from the CSV file');
		expect(upload.form).toEqual({
			campaignName: 'Customers from the CSV file',
			botId: 'e2e-bot',
			elementName: 'order_confirmation',
			params: '[{"param":1,"column":"customer_name"},{"param":2,"column":"order"}]',
		});
		expect(upload.file).toMatchObject({ fieldName: 'file', filename: 'customers.csv' });
		expect(upload.file?.content.toString('utf8').trim().split(/\r?\n/)).toEqual([
			'phone_number,customer_name,order',
			'593991234567,Maria,A-1001',
			'593991234568,"Pérez, José",A-1002',
		]);
		expect(outputOf(runs[EXAMPLES.csvFile], 'Send Campaign From CSV')).toEqual([
			expect.objectContaining({
				status: 'success',
				campaignName: 'Customers from the CSV file',
				fileName: 'customers.csv',
				rowsSent: 2,
			}),
		]);
	});

	it('from incoming items (example spreadsheet-rows-to-campaign.json): one campaign, one CSV row per item', () => {
		const uploads = uploadsNamed('Order confirmations from the sheet');
		expect(uploads).toHaveLength(1);
		expect(uploads[0].form).toMatchObject({ botId: 'e2e-bot', elementName: 'order_confirmation' });
		expect(uploads[0].file?.content.toString('utf8')).toBe(
			'phone_number,param_1,param_2\n593991234567,Maria,A-1001\n593991234568,José,A-1002\n593991234569,Ana,A-1003\n',
		);
		const output = outputOf(runs[EXAMPLES.sheetRows], 'Send Campaign');
		expect(output[0]).toMatchObject({ status: 'success', rowsSent: 3 });
	});

	it('from a CSV URL: sends the link in a JSON body', () => {
		const [request] = uploadsNamed('E2E from URL');
		expect(request.form).toBeUndefined();
		expect(request.body).toEqual({
			campaignName: 'E2E from URL',
			botId: 'e2e-bot',
			elementName: 'order_confirmation',
			params: [
				{ param: 1, column: 'customer_name' },
				{ param: 2, column: 'order' },
			],
			fileUrl: 'https://cdn.example.com/e2e-customers.csv',
		});
		expect(outputOf(runs.E2eCampaignUrl01, 'Campaign From URL')).toEqual([
			expect.objectContaining({
				status: 'success',
				fileUrl: 'https://cdn.example.com/e2e-customers.csv',
			}),
		]);
	});
});

describe('Campaign → Get Many', () => {
	it('lists the bot’s campaigns created after a date', () => {
		// Campaign → Send looks its new campaign's ID up in the list too, by template: Get Many's request names none.
		const [request] = requestsTo(fake, 'GET', '/v1/campaigns').filter(
			(r) => r.query.elementName === undefined,
		);
		expect(request.query).toMatchObject({ startAt: '2024-01-01T00:00:00Z' });
		const ids = outputOf(runs.E2eCampaignList1, 'List Campaigns').map((c) => c._id);
		expect(ids).toEqual(
			expect.arrayContaining(['cmp-seed-completed', 'cmp-seed-in-progress', 'cmp-seed-scheduled']),
		);
	});
});
