import type { INodeParameters } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runJelou, sendTemplateParameters } from '../../helpers/jelou';
import {
	CREATE_TEMPLATE_DOC_EXAMPLES,
	templateCreateParameters,
} from '../../unit/actions/template/create.body.doc-examples';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';

const fake = useFakeJelou();

/** Dry run may read the template list; every other request would send or create something. */
function nothingSent(): void {
	expect(fake.requests.filter((request) => request.method !== 'GET')).toHaveLength(0);
	expect(fake.requests.every((request) => request.path.endsWith('/templates'))).toBe(true);
	expect(fake.sentMessages).toHaveLength(0);
}

const campaign = (fields: INodeParameters): INodeParameters => ({
	resource: 'campaign',
	operation: 'send',
	campaignName: 'December orders',
	template: { __rl: true, mode: 'list', value: 'order_confirmation' },
	dryRun: true,
	...fields,
});

describe('Dry Run (Send Nothing)', () => {
	it('Send Template: outputs the request Jelou would get and the text the customer would read, per item', async () => {
		const { items, error } = await runJelou(
			fake,
			sendTemplateParameters({
				template: 'order_confirmation',
				recipients: '={{ $json.phone }}',
				parameters: ['={{ $json.name }}', '={{ $json.order }}'],
				dryRun: true,
			}),
			{
				items: [
					{ json: { phone: '+593 99 123 4567', name: 'Maria', order: 'A-1001' } },
					{ json: { phone: '593987654321', name: 'Luis', order: 'A-1002' } },
				],
			},
		);
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{
				json: {
					botId: fake.botId,
					dryRun: true,
					method: 'POST',
					path: `/v2/whatsapp/${fake.botId}/hsm`,
					body: {
						destinations: ['593991234567'],
						elementName: 'order_confirmation',
						parameters: ['Maria', 'A-1001'],
					},
					preview: 'Thank you for your order, Maria! Your confirmation number is A-1001.',
				},
				pairedItem: { item: 0 },
			},
			{
				json: {
					botId: fake.botId,
					dryRun: true,
					method: 'POST',
					path: `/v2/whatsapp/${fake.botId}/hsm`,
					body: {
						destinations: ['593987654321'],
						elementName: 'order_confirmation',
						parameters: ['Luis', 'A-1002'],
					},
					preview: 'Thank you for your order, Luis! Your confirmation number is A-1002.',
				},
				pairedItem: { item: 1 },
			},
		]);
		// One template list read for the whole run, nothing sent.
		expect(fake.requests).toHaveLength(1);
		nothingSent();
	});

	it('Send Template: checks exactly as a real send, so a bad item is an error and nothing goes out', async () => {
		const { error } = await runJelou(
			fake,
			sendTemplateParameters({
				template: 'order_confirmation',
				recipients: '59399abc',
				parameters: ['Maria', 'A-1001'],
				dryRun: true,
			}),
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe(
			'Recipients: "59399abc" contains characters other than digits (item 1)',
		);
		nothingSent();
	});

	it('Send Template: a parameter count that differs from the template is caught in a dry run too', async () => {
		const { error } = await runJelou(
			fake,
			sendTemplateParameters({
				template: 'order_confirmation',
				recipients: '593991234567',
				parameters: ['Maria'],
				dryRun: true,
			}),
		);
		expect(error?.message).toMatch(/^Parameters: .*2 parameters/);
		nothingSent();
	});

	it('Send (session message): outputs the request', async () => {
		const { items, error } = await runJelou(fake, {
			resource: 'message',
			operation: 'send',
			userId: '593991234567',
			messageType: 'text',
			text: 'Hi Maria',
			dryRun: true,
		});
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{
				json: {
					botId: fake.botId,
					dryRun: true,
					method: 'POST',
					path: '/v1/whatsapp/messages',
					body: { botId: fake.botId, userId: '593991234567', type: 'text', text: 'Hi Maria' },
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(fake.requests).toHaveLength(0);
		nothingSent();
	});

	it('Template → Create: outputs the request with its query and the example text Meta reviews', async () => {
		const doc = CREATE_TEMPLATE_DOC_EXAMPLES.textUtility;
		const { items, error } = await runJelou(fake, {
			...templateCreateParameters(doc),
			dryRun: true,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			dryRun: true,
			method: 'POST',
			path: `/v1/bots/${fake.botId}/templates`,
			query: { sendToAprove: 'true' },
			body: {
				elementName: doc.elementName,
				template: doc.template,
				paramsNumber: doc.params.length,
			},
			preview: doc.example,
		});
		expect(fake.templates.some((template) => template.elementName === doc.elementName)).toBe(false);
		nothingSent();
	});

	it('Campaign → Send from 5,000 sheet rows: the file name, row count, first 20 rows, every skipped row and the preview, nothing uploaded', async () => {
		const rows = Array.from({ length: 5000 }, (_, index) => ({
			json: {
				row_number: index + 2,
				phone: index === 41 ? 'not a phone' : `5939900${String(index).padStart(5, '0')}`,
				name: `Customer ${index + 1}`,
				order: `A-${index + 1}`,
			},
		}));
		const { items, error } = await runJelou(
			fake,
			campaign({
				recipientsSource: 'items',
				phoneNumber: '={{ $json.phone }}',
				templateVariables: {
					mappingMode: 'defineBelow',
					value: { '1': '={{ $json.name }}', '2': '={{ $json.order }}' },
					matchingColumns: [],
					schema: [],
				},
				campaignOptions: { skipInvalidRows: true },
			}),
			{ items: rows },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const output = items[0].json;
		expect(output).toMatchObject({
			dryRun: true,
			method: 'POST',
			path: '/v1/hsm/file',
			body: {
				campaignName: 'December orders',
				botId: fake.botId,
				elementName: 'order_confirmation',
				params: JSON.stringify([
					{ param: 1, column: 'param_1' },
					{ param: 2, column: 'param_2' },
				]),
			},
			fileName: 'December_orders.csv',
			rowCount: 4999,
			rowsSkipped: [
				{
					item: 42,
					row: 43,
					reason: 'Phone Number: "not a phone" contains characters other than digits',
				},
			],
			preview: 'Thank you for your order, Customer 1! Your confirmation number is A-1.',
		});
		const firstRows = output.firstRows as Array<Record<string, string>>;
		expect(firstRows).toHaveLength(20);
		expect(firstRows[0]).toEqual({
			phone_number: '593990000000',
			param_1: 'Customer 1',
			param_2: 'A-1',
		});
		expect(firstRows[19]).toEqual({
			phone_number: '593990000019',
			param_1: 'Customer 20',
			param_2: 'A-20',
		});
		expect(items[0].pairedItem).toHaveLength(5000);
		nothingSent();
	});

	it('Campaign → Send from a CSV file: the rows Jelou would get, with the skipped lines', async () => {
		const csv =
			'phone_number,customer_name,order\n+593 99 123 4567,Maria,A1\nnope,Luis,A2\n593991234568,"Pérez, José",B2\n';
		const { items, error } = await runJelou(
			fake,
			campaign({
				recipientsSource: 'binary',
				params: { columns: [{ column: 'customer_name' }, { column: 'order' }] },
				campaignOptions: { skipInvalidRows: true },
			}),
			{
				items: [
					{
						json: {},
						binary: {
							data: {
								data: Buffer.from(csv, 'utf8'),
								fileName: 'orders.csv',
								mimeType: 'text/csv',
							},
						},
					},
				],
				binaryDataMode: 'filesystem',
			},
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			dryRun: true,
			method: 'POST',
			path: '/v1/hsm/file',
			fileName: 'orders.csv',
			rowCount: 2,
			firstRows: [
				{ phone_number: '593991234567', customer_name: 'Maria', order: 'A1' },
				{ phone_number: '593991234568', customer_name: 'Pérez, José', order: 'B2' },
			],
			rowsSkipped: [{ line: 3, reason: '"nope" contains characters other than digits' }],
			preview: 'Thank you for your order, Maria! Your confirmation number is A1.',
		});
		nothingSent();
	});

	it('Campaign → Send from a CSV URL: the request with the link', async () => {
		const { items, error } = await runJelou(
			fake,
			campaign({
				recipientsSource: 'url',
				fileUrl: 'https://cdn.example.com/orders.csv',
				params: { columns: [{ column: 'customer_name' }, { column: 'order' }] },
			}),
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			dryRun: true,
			method: 'POST',
			path: '/v1/hsm/file',
			body: { fileUrl: 'https://cdn.example.com/orders.csv' },
			fileUrl: 'https://cdn.example.com/orders.csv',
		});
		nothingSent();
	});

	it('is off by default: the same parameters without it send', async () => {
		await runJelou(
			fake,
			sendTemplateParameters({
				template: 'order_confirmation',
				recipients: '593991234567',
				parameters: ['Maria', 'A-1001'],
			}),
		);
		expect(fake.sentMessages).toHaveLength(1);
	});
});
