// Dry Run (Send Nothing) of every operation that sends or creates, executed by a real n8n from its CLI
// against a fake Jelou API of its own, so every request it records belongs to these dry batch.runs.
import {
	CREATE_TEMPLATE_DOC_EXAMPLES,
	templateCreateParameters,
} from '../unit/actions/template/create.body.doc-examples';
import { chainWorkflow, itemsNode, outputOf, pairingOf, runWorkflowsOnce } from './support';

const JELOU = 'n8n-nodes-jelou.jelouWhatsApp';
const template = (value: string) => ({ __rl: true, mode: 'name', value });
const jelou = (name: string, parameters: object) => ({
	name,
	type: JELOU,
	parameters: { ...parameters, dryRun: true },
});
const doc = CREATE_TEMPLATE_DOC_EXAMPLES.textUtility;
const customers = itemsNode('Customers', [
	{ row_number: 2, phone: '+593 99 000 0001', name: 'Maria', order: 'A-1001' },
	{ row_number: 3, phone: '593990000002', name: 'Luis', order: 'A-1002' },
]);

// execute-batch only runs ids with a digit in them
const WORKFLOWS = [
	chainWorkflow('DryRunTemplate1', 'dry run: send template', [
		customers,
		jelou('Send Template', {
			resource: 'message',
			operation: 'sendTemplate',
			template: template('order_confirmation'),
			recipients: '={{ $json.phone }}',
			parameters: { values: [{ value: '={{ $json.name }}' }, { value: '={{ $json.order }}' }] },
		}),
	]),
	chainWorkflow('DryRunSession1', 'dry run: session message', [
		jelou('Send', {
			resource: 'message',
			operation: 'send',
			userId: '593990000004',
			messageType: 'text',
			text: 'Your order shipped',
		}),
	]),
	chainWorkflow('DryRunCampaign1', 'dry run: campaign from sheet rows', [
		customers,
		jelou('Campaign', {
			resource: 'campaign',
			operation: 'send',
			recipientsSource: 'items',
			campaignName: 'Dry run',
			template: template('order_confirmation'),
			phoneNumber: '={{ $json.phone }}',
			parameterValues: {
				values: [{ value: '={{ $json.name }}' }, { value: '={{ $json.order }}' }],
			},
		}),
	]),
	chainWorkflow('DryRunCampaignUrl1', 'dry run: campaign from a CSV URL', [
		jelou('Campaign From URL', {
			resource: 'campaign',
			operation: 'send',
			recipientsSource: 'url',
			campaignName: 'Dry run URL',
			template: template('order_confirmation'),
			fileUrl: 'https://cdn.example.com/customers.csv',
			params: { columns: [{ column: 'customer_name' }, { column: 'order' }] },
		}),
	]),
	chainWorkflow('DryRunCreate1', 'dry run: create template', [
		jelou('Create Template', templateCreateParameters(doc)),
	]),
];

const batch = runWorkflowsOnce(WORKFLOWS);

describe('Dry Run (Send Nothing) in a real n8n', () => {
	it('ran every dry run without an error', () => {
		for (const workflow of WORKFLOWS) {
			const { id } = workflow as { id: string };
			expect([
				id,
				batch.runs[id] ? batch.runs[id]?.data.resultData.error?.message : 'missing',
			]).toEqual([id, undefined]);
		}
	});

	it('sent and created nothing: Jelou only saw template list reads', () => {
		expect(batch.fake.requests.filter((request) => request.method !== 'GET')).toEqual([]);
		expect(
			batch.fake.requests.every((request) => request.path === '/v1/bots/e2e-bot/templates'),
		).toBe(true);
		expect(batch.fake.sentMessages).toHaveLength(0);
		expect(batch.fake.templates.some((existing) => existing.elementName === doc.elementName)).toBe(
			false,
		);
	});

	it('Send Template: one request per item, with the text the customer would read', () => {
		expect(outputOf(batch.runs.DryRunTemplate1, 'Send Template')).toEqual([
			{
				dryRun: true,
				method: 'POST',
				path: '/v2/whatsapp/e2e-bot/hsm',
				body: {
					destinations: ['593990000001'],
					elementName: 'order_confirmation',
					parameters: ['Maria', 'A-1001'],
				},
				preview: 'Thank you for your order, Maria! Your confirmation number is A-1001.',
				botId: 'e2e-bot',
			},
			{
				dryRun: true,
				method: 'POST',
				path: '/v2/whatsapp/e2e-bot/hsm',
				body: {
					destinations: ['593990000002'],
					elementName: 'order_confirmation',
					parameters: ['Luis', 'A-1002'],
				},
				preview: 'Thank you for your order, Luis! Your confirmation number is A-1002.',
				botId: 'e2e-bot',
			},
		]);
		expect(pairingOf(batch.runs.DryRunTemplate1, 'Send Template')).toEqual([
			{ item: 0 },
			{ item: 1 },
		]);
	});

	it('Send: the session message request', () => {
		expect(outputOf(batch.runs.DryRunSession1, 'Send')).toEqual([
			{
				dryRun: true,
				method: 'POST',
				path: '/v1/whatsapp/messages',
				body: {
					botId: 'e2e-bot',
					userId: '593990000004',
					type: 'text',
					text: 'Your order shipped',
				},
				botId: 'e2e-bot',
			},
		]);
	});

	it('Campaign → Send from sheet rows: file name, row count, the rows and the preview of the first', () => {
		const [output] = outputOf(batch.runs.DryRunCampaign1, 'Campaign');
		expect(output).toMatchObject({
			dryRun: true,
			method: 'POST',
			path: '/v1/hsm/file',
			body: { campaignName: 'Dry run', elementName: 'order_confirmation', botId: 'e2e-bot' },
			fileName: 'Dry_run.csv',
			rowCount: 2,
			firstRows: [
				{ phone_number: '593990000001', param_1: 'Maria', param_2: 'A-1001' },
				{ phone_number: '593990000002', param_1: 'Luis', param_2: 'A-1002' },
			],
			rowsSkipped: [],
			preview: 'Thank you for your order, Maria! Your confirmation number is A-1001.',
		});
	});

	it('Campaign → Send from a CSV URL: the request with the link', () => {
		const [output] = outputOf(batch.runs.DryRunCampaignUrl1, 'Campaign From URL');
		expect(output).toMatchObject({
			dryRun: true,
			method: 'POST',
			path: '/v1/hsm/file',
			body: { fileUrl: 'https://cdn.example.com/customers.csv' },
		});
	});

	it('Template → Create: the request and the example text Meta would review', () => {
		const [output] = outputOf(batch.runs.DryRunCreate1, 'Create Template');
		expect(output).toMatchObject({
			dryRun: true,
			method: 'POST',
			path: '/v1/bots/e2e-bot/templates',
			query: { sendToAprove: 'true' },
			body: { elementName: doc.elementName, template: doc.template },
			preview: doc.example,
		});
	});
});
