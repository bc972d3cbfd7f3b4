import { NodeOperationError } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import { SEED_TEMPLATES, startFakeJelou } from '../../fake-jelou/server';
import type { FakeJelou, FakeTemplate, RecordedRequest } from '../../fake-jelou/server';
import { runJelou } from '../../helpers/jelou';
import type { HarnessItem } from '../../helpers/n8n-harness';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';

const fake = useFakeJelou();

function uploads(server: FakeJelou = fake): RecordedRequest[] {
	return server.requests.filter(
		(request) => request.method === 'POST' && request.path === '/v1/hsm/file',
	);
}

/**
 * Campaign → Send parameters with the fields filled by hand: version 1's form, and version 2's for a template
 * given by an expression (here one that always names the same template).
 */
function campaignParameters(fields: {
	template: string;
	[other: string]: unknown;
}): INodeParameters {
	const { template, ...rest } = fields;
	return {
		resource: 'campaign',
		operation: 'send',
		recipientsSource: 'binary',
		campaignName: 'December orders',
		template: { __rl: true, mode: 'name', value: `=${template}` },
		...(rest as INodeParameters),
	};
}

/** A template picked from the list (version 2): its type and header media come from Template Variables. */
const picked = (value: string) => ({ __rl: true, mode: 'list', value });
/** The same parameters with the template picked from the list instead of given by an expression. */
const withPicked = (parameters: INodeParameters): INodeParameters => ({
	...parameters,
	template: picked(String((parameters.template as { value: string }).value).slice(1)),
});
const mapped = (value: Record<string, string>) => ({
	mappingMode: 'defineBelow',
	value,
	matchingColumns: [],
	schema: [],
});

function columns(...names: string[]) {
	return { columns: names.map((column) => ({ column })) };
}

function csvItem(content: string | Buffer, fileName = 'campana.csv', json = {}): HarnessItem {
	return {
		json,
		binary: {
			data: {
				data: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
				fileName,
				mimeType: 'text/csv',
			},
		},
	};
}

const ORDERS_CSV =
	'phone_number,customer_name,order\n593991234567,Maria,A12345\n593991234568,"Pérez, José",B67890\n';

describe('Campaign → Send, the multipart example of bulk-send-hsm-file.txt', () => {
	const docTemplate: FakeTemplate = {
		...SEED_TEMPLATES[5],
		elementName: 'ELEMENT_NAME',
		displayName: 'Element name',
	};
	let docFake: FakeJelou;
	beforeAll(
		async () =>
			(docFake = await startFakeJelou({
				botId: 'BOT_ID',
				templates: [...SEED_TEMPLATES, docTemplate],
			})),
	);
	afterEach(() => docFake.reset());
	afterAll(async () => await docFake.close());

	it.each(['filesystem', 'default'] as const)(
		'uploads every form field and the file as the curl does (%s binary mode)',
		async (binaryDataMode) => {
			// curl --form campaignName=campaign_name --form botId=BOT_ID --form elementName=ELEMENT_NAME
			//   --form 'buttonPayloads=[{"type":"edge","action":"Yes","skillId":"1"},…]' --form file=@/ruta/local/campana.csv --form 'params=[]'
			const file = 'phone_number\n593991234567\n593991234568\n';
			const { items, error } = await runJelou(
				docFake,
				withPicked(
					campaignParameters({
						template: 'ELEMENT_NAME',
						campaignName: 'campaign_name',
						campaignOptions: {
							buttonPayloads: {
								payloads: [
									{ type: 'edge', action: 'Yes', skillId: '1' },
									{ type: 'edge', action: 'Reschedule', skillId: '2' },
									{ type: 'edge', action: 'Cancel', skillId: '3' },
								],
							},
						},
					}),
				),
				{ items: [csvItem(file)], binaryDataMode },
			);
			expect(error).toBeUndefined();
			expect(uploads(docFake)).toHaveLength(1);
			const [upload] = uploads(docFake);
			expect(upload.headerNames).toContain('content-type');
			expect(upload.body).toBeUndefined();
			expect(upload.form).toEqual({
				campaignName: 'campaign_name',
				botId: 'BOT_ID',
				elementName: 'ELEMENT_NAME',
				buttonPayloads:
					'[{"type":"edge","action":"Yes","skillId":"1"},{"type":"edge","action":"Reschedule","skillId":"2"},{"type":"edge","action":"Cancel","skillId":"3"}]',
				params: '[]',
			});
			expect(upload.file).toMatchObject({
				fieldName: 'file',
				filename: 'campana.csv',
				contentType: 'text/csv',
			});
			expect(upload.file?.content.toString('utf8')).toBe(file);
			expect(upload.status).toBe(200);
			expect(items).toEqual([
				{
					json: {
						botId: 'BOT_ID',
						// Jelou answers ["Campaign has been created."]: the output gives the text.
						message: 'Campaign has been created.',
						status: 'success',
						campaignId: docFake.campaigns.at(-1)?._id,
						campaignName: 'campaign_name',
						elementName: 'ELEMENT_NAME',
						scheduledAt: null,
						// The template's text with the first row's values: this template has no placeholders.
						preview:
							'Le recordamos su cita de mañana. Responda a este mensaje si necesita cambiarla.',
						fileName: 'campana.csv',
						rowsSent: 2,
						rowsSkipped: [],
						phoneNumbersRewritten: 0,
						csvSeparator: 'comma',
					},
					pairedItem: { item: 0 },
				},
			]);
			expect(docFake.campaigns.at(-1)).toMatchObject({
				name: 'campaign_name',
				fileName: 'campana.csv',
				rowCount: 2,
				status: 'PENDING',
			});
		},
	);
});

describe('Campaign → Send from a CSV file', () => {
	it('maps the parameters to columns and sends the file byte for byte, from disk in filesystem mode', async () => {
		const { error } = await runJelou(
			fake,
			campaignParameters({
				template: 'order_confirmation',
				params: columns('customer_name', 'order'),
			}),
			{ items: [csvItem(ORDERS_CSV)], binaryDataMode: 'filesystem' },
		);
		expect(error).toBeUndefined();
		const [upload] = uploads();
		expect(JSON.parse(upload.form?.params ?? '')).toEqual([
			{ param: 1, column: 'customer_name' },
			{ param: 2, column: 'order' },
		]);
		expect(upload.file?.content.toString('utf8')).toBe(ORDERS_CSV);
		expect(
			fake.sentMessages.map((message) => (message.body as { parameters: string[] }).parameters),
		).toEqual([
			['Maria', 'A12345'],
			['Pérez, José', 'B67890'],
		]);
	});

	it('sends a media campaign with type, mediaUrl, actions and a schedule in UTC', async () => {
		// Version 2 with the template picked: its type (image) comes from the template, its media from Template Variables.
		const { items, error } = await runJelou(
			fake,
			withPicked(
				campaignParameters({
					template: 'promo_image',
					params: columns('customer_name'),
					templateVariables: mapped({ mediaUrl: 'https://cdn.example.com/image.jpeg' }),
					campaignOptions: { setSkillId: '2222' },
					scheduledAt: '2099-05-01T13:00:00-05:00',
				}),
			),
			{ items: [csvItem(ORDERS_CSV)] },
		);
		expect(error).toBeUndefined();
		expect(uploads()[0].form).toEqual({
			campaignName: 'December orders',
			botId: fake.botId,
			elementName: 'promo_image',
			params: '[{"param":1,"column":"customer_name"}]',
			mediaUrl: 'https://cdn.example.com/image.jpeg',
			type: 'image',
			actions: '{"setSkill":{"id":2222}}',
			scheduledAt: '2099-05-01T18:00:00Z',
		});
		expect(items[0].json.scheduledAt).toBe('2099-05-01T18:00:00Z');
		expect(fake.campaigns.at(-1)?.status).toBe('SCHEDULED');
	});

	it('writes "+593 99…" style numbers as Jelou wants them before uploading, and says how many', async () => {
		const { items } = await runJelou(
			fake,
			campaignParameters({
				template: 'order_confirmation',
				params: columns('customer_name', 'order'),
			}),
			{
				items: [
					csvItem(
						'phone,customer_name,order\n+593 99 123 4567,Maria,1\n(593) 99-123-4568,Ana,2\n593991234569,Eva,3\n',
					),
				],
			},
		);
		expect(uploads()[0].file?.content.toString('utf8')).toBe(
			'phone,customer_name,order\n593991234567,Maria,1\n593991234568,Ana,2\n593991234569,Eva,3\n',
		);
		expect(items[0].json).toMatchObject({ rowsSent: 3, phoneNumbersRewritten: 2 });
	});

	it('streams the file again from the start when Jelou answers 429 (filesystem mode)', async () => {
		fake.injectFault('POST /v1/hsm/file', { kind: 'status', status: 429, retryAfterSeconds: 0 });
		const { error } = await runJelou(
			fake,
			campaignParameters({
				template: 'order_confirmation',
				params: columns('customer_name', 'order'),
			}),
			{
				items: [csvItem(ORDERS_CSV)],
				binaryDataMode: 'filesystem',
			},
		);
		expect(error).toBeUndefined();
		expect(
			uploads().map((upload) => [upload.status, upload.file?.content.toString('utf8')]),
		).toEqual([
			[429, ORDERS_CSV],
			[200, ORDERS_CSV],
		]);
	});

	it('sends one campaign per input item, in input order', async () => {
		const { items } = await runJelou(
			fake,
			campaignParameters({
				template: 'order_confirmation',
				campaignName: '={{ $json.name }}',
				params: columns('customer_name', 'order'),
			}),
			{
				items: [
					csvItem(ORDERS_CSV, 'a.csv', { name: 'First' }),
					csvItem(ORDERS_CSV, 'b.csv', { name: 'Second' }),
				],
			},
		);
		expect(uploads().map((upload) => [upload.form?.campaignName, upload.file?.filename])).toEqual([
			['First', 'a.csv'],
			['Second', 'b.csv'],
		]);
		expect(items.map((item) => [item.json.campaignName, item.pairedItem])).toEqual([
			['First', { item: 0 }],
			['Second', { item: 1 }],
		]);
	});

	it('checks every item before sending any: one bad file stops all campaigns', async () => {
		const { error } = await runJelou(
			fake,
			campaignParameters({
				template: 'order_confirmation',
				params: columns('customer_name', 'order'),
			}),
			{
				items: [csvItem(ORDERS_CSV), csvItem('phone_number,customer_name\n593991234567,Maria\n')],
			},
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe(
			'CSV File: the file has a bad header: the Parameters use column "order", which is not in the header (phone_number, customer_name) (item 2)',
		);
		expect(uploads()).toHaveLength(0);
	});

	it('with Continue On Fail, turns the bad file into an error item and sends the others', async () => {
		const { items } = await runJelou(
			fake,
			campaignParameters({
				template: 'order_confirmation',
				params: columns('customer_name', 'order'),
			}),
			{
				items: [csvItem('phone_number,customer_name\n593991234567,Maria\n'), csvItem(ORDERS_CSV)],
				continueOnFail: true,
			},
		);
		expect(uploads()).toHaveLength(1);
		expect(items[0]).toMatchObject({
			json: { error: expect.stringContaining('"order", which is not in the header') },
			pairedItem: { item: 0 },
		});
		expect(items[1]).toMatchObject({
			json: { status: 'success', rowsSent: 2 },
			pairedItem: { item: 1 },
		});
	});

	it('names a file name without .csv as .csv, and refuses a spreadsheet', async () => {
		await runJelou(
			fake,
			campaignParameters({
				template: 'order_confirmation',
				params: columns('customer_name', 'order'),
			}),
			{
				items: [csvItem(ORDERS_CSV, 'orders export')],
			},
		);
		expect(uploads()[0].file?.filename).toBe('orders export.csv');
		const { error } = await runJelou(
			fake,
			campaignParameters({
				template: 'order_confirmation',
				params: columns('customer_name', 'order'),
			}),
			{
				items: [csvItem(Buffer.from([0x50, 0x4b, 0x03, 0x04]), 'orders.xlsx')],
			},
		);
		expect(error?.message).toBe(
			'Input Binary Field: "orders.xlsx" is a spreadsheet, not a CSV file (item 1)',
		);
		expect(uploads()).toHaveLength(1);
	});

	it('says which binary field is missing', async () => {
		const { error } = await runJelou(
			fake,
			campaignParameters({
				template: 'order_confirmation',
				params: columns('customer_name', 'order'),
			}),
			{
				items: [{ json: {} }],
			},
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toMatch(/data/);
		expect(uploads()).toHaveLength(0);
	});
});

describe('Campaign → Send: bad CSV files are stopped before anything is uploaded', () => {
	const header = 'phone_number,customer_name,order';
	it.each([
		['an empty file', '', 'CSV File: the file is empty (item 1)'],
		['a header only', `${header}\n`, 'CSV File: the file has a header but no recipients (item 1)'],
		[
			'a header only, without a newline',
			header,
			'CSV File: the file has a header but no recipients (item 1)',
		],
		[
			'a space in a header name',
			'phone number,customer_name,order\n593991234567,a,b\n',
			'header name "phone number" has characters other than letters, digits and _',
		],
		[
			'a symbol in a header name',
			'phone_number,customer_name,order#\n593991234567,a,b\n',
			'header name "order#" has characters other than letters, digits and _',
		],
		[
			'an accent in a header name',
			'teléfono,customer_name,order\n593991234567,a,b\n',
			'header name "teléfono"',
		],
		[
			'a duplicate header name',
			'phone_number,customer_name,order,order\n593991234567,a,b,c\n',
			'header name "order" appears more than once',
		],
		[
			'an empty header name',
			'phone_number,,customer_name,order\n593991234567,x,a,b\n',
			'column 2 of the header has no name',
		],
		[
			'a mapped column missing',
			'phone_number,customer_name\n593991234567,a\n',
			'the Parameters use column "order", which is not in the header',
		],
		['a blank first line', `\n${header}\n593991234567,a,b\n`, 'starts with a blank line'],
		[
			'invalid UTF-8 (Latin-1)',
			Buffer.concat([
				Buffer.from(`${header}\n593991234567,Mu`),
				Buffer.from([0xf1]),
				Buffer.from('oz,b\n'),
			]),
			'the file is not UTF-8 text: invalid bytes on line 2',
		],
		[
			'an unclosed quote',
			`${header}\n593991234567,"Maria,b\n`,
			'has a quote (") that is not closed',
		],
		[
			'letters in a phone number',
			`${header}\n593991234567,a,b\n59399ABC4567,c,d\n`,
			'Line 3: "59399ABC4567" contains characters other than digits',
		],
		[
			'a phone number with + and letters',
			`${header}\n+593 99 CALL ME,a,b\n`,
			'Line 2: "+593 99 CALL ME" contains characters other than digits',
		],
		[
			'a national number without a default country code',
			`${header}\n0991234567,a,b\n`,
			'Line 2: "0991234567" is a national number',
		],
		['a too short phone number', `${header}\n12345,a,b\n`, 'Line 2: "12345" has 5 digits'],
		['an empty phone number', `${header}\n,a,b\n`, 'Line 2: a phone number is empty'],
		[
			'a row with too many values',
			`${header}\n593991234567,a,b,c\n`,
			'Line 2: has 4 values, the header has 3 columns',
		],
		[
			'a row with too few values',
			`${header}\n593991234567,a\n`,
			'Line 2: has 2 values, the header has 3 columns',
		],
		[
			'a blank line between rows',
			`${header}\n593991234567,a,b\n\n593991234568,c,d\n`,
			'Line 3: blank line',
		],
		[
			'an empty parameter value',
			`${header}\n593991234567,,b\n`,
			'Line 2: "customer_name" is empty; WhatsApp refuses empty parameters',
		],
		[
			'a bad row after a quoted line break',
			`${header}\n593991234567,"Ma\nria",b\nnope,c,d\n`,
			'Line 4: "nope" contains characters other than digits',
		],
	])('%s', async (_name, content, message) => {
		const { error } = await runJelou(
			fake,
			campaignParameters({
				template: 'order_confirmation',
				params: columns('customer_name', 'order'),
			}),
			{
				items: [csvItem(content)],
				binaryDataMode: 'filesystem',
			},
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		const nodeError = error as NodeOperationError;
		expect(`${nodeError.message}\n${nodeError.description}`).toContain(message);
		expect(nodeError.description).toBeTruthy();
		expect(uploads()).toHaveLength(0);
	});

	it('counts all bad rows and lists the first 20', async () => {
		const rows = Array.from({ length: 30 }, (_, index) => `59399${index}x,a,b`);
		const { error } = await runJelou(
			fake,
			campaignParameters({
				template: 'order_confirmation',
				params: columns('customer_name', 'order'),
			}),
			{
				items: [csvItem(`${header}\n593991234567,ok,1\n${rows.join('\n')}\n`)],
			},
		);
		const nodeError = error as NodeOperationError;
		expect(nodeError.message).toBe(
			"CSV File: 30 rows break Jelou's CSV rules; nothing was sent (item 1)",
		);
		const listed = (nodeError.description ?? '')
			.split('\n')
			.filter((line) => line.startsWith('Line '));
		expect(listed).toHaveLength(20);
		expect(listed[0]).toBe('Line 3: "593990x" contains characters other than digits');
		expect(nodeError.description).toContain('… and 10 more');
		expect(uploads()).toHaveLength(0);
	});

	it.each([
		['a BOM', `\uFEFF${header}\n593991234567,Maria,A1\n`],
		['CRLF line ends', `${header}\r\n593991234567,Maria,A1\r\n593991234568,Ana,A2\r\n`],
		[
			'quoted commas, quotes and line breaks',
			`${header}\n593991234567,"Pérez, ""Pepe""\nJosé",A1\n`,
		],
	])('accepts %s and uploads the file unchanged', async (_name, content) => {
		const { error } = await runJelou(
			fake,
			campaignParameters({
				template: 'order_confirmation',
				params: columns('customer_name', 'order'),
			}),
			{
				items: [csvItem(content)],
				binaryDataMode: 'filesystem',
			},
		);
		expect(error).toBeUndefined();
		expect(uploads()).toHaveLength(1);
		expect(uploads()[0].status).toBe(200);
		expect(uploads()[0].file?.content.toString('utf8')).toBe(content);
	});

	it('stops a parameter count that differs from the template before uploading', async () => {
		const { error } = await runJelou(
			fake,
			campaignParameters({ template: 'order_confirmation', params: columns('customer_name') }),
			{
				items: [csvItem(ORDERS_CSV)],
			},
		);
		expect(error?.message).toBe(
			'Parameter Columns: the template order_confirmation has 2 parameters, 1 is mapped (item 1)',
		);
		expect(uploads()).toHaveLength(0);
	});

	it('stops a schedule in the past before uploading', async () => {
		const { error } = await runJelou(
			fake,
			campaignParameters({
				template: 'order_confirmation',
				params: columns('customer_name', 'order'),
				scheduledAt: '2020-01-01T00:00:00Z',
			}),
			{
				items: [csvItem(ORDERS_CSV)],
			},
		);
		expect(error?.message).toMatch(
			/^Scheduled At: 2020-01-01T00:00:00Z is in the past \(it is now \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\) \(item 1\)$/,
		);
		expect(uploads()).toHaveLength(0);
	});

	it('stops a template that is not approved before uploading', async () => {
		const { error } = await runJelou(
			fake,
			campaignParameters({ template: 'spring_sale_pending', params: columns('customer_name') }),
			{
				items: [csvItem(ORDERS_CSV)],
			},
		);
		expect(error?.message).toBe(
			'Template: "spring_sale_pending" is not an approved template of this bot (item 1)',
		);
		expect(uploads()).toHaveLength(0);
	});
});

describe('Campaign → Send with Skip Invalid Rows', () => {
	it('uploads the valid rows only and lists the dropped lines in the output', async () => {
		const content =
			'phone_number,customer_name,order\n593991234567,Maria,A1\nnot-a-phone,Luis,A2\n\n593991234568,"Ana, B",A3\n593991234569,Eva\n';
		const { items, error } = await runJelou(
			fake,
			campaignParameters({
				template: 'order_confirmation',
				params: columns('customer_name', 'order'),
				campaignOptions: { skipInvalidRows: true },
			}),
			{ items: [csvItem(content)], binaryDataMode: 'filesystem' },
		);
		expect(error).toBeUndefined();
		expect(uploads()).toHaveLength(1);
		expect(uploads()[0].file?.content.toString('utf8')).toBe(
			'phone_number,customer_name,order\n593991234567,Maria,A1\n593991234568,"Ana, B",A3\n',
		);
		expect(items[0].json).toMatchObject({
			status: 'success',
			rowsSent: 2,
			rowsSkipped: [
				{ line: 3, reason: '"not-a-phone" contains characters other than digits' },
				{ line: 4, reason: 'blank line' },
				{ line: 6, reason: 'has 2 values, the header has 3 columns' },
			],
		});
		expect(fake.campaigns.at(-1)?.rowCount).toBe(2);
	});

	it('still sends nothing when no row is valid', async () => {
		const { error } = await runJelou(
			fake,
			campaignParameters({
				template: 'order_confirmation',
				params: columns('customer_name', 'order'),
				campaignOptions: { skipInvalidRows: true },
			}),
			{ items: [csvItem('phone_number,customer_name,order\nabc,a,b\n')] },
		);
		expect(error?.message).toBe('CSV File: no row is valid, so there is nothing to send (item 1)');
		expect(uploads()).toHaveLength(0);
	});
});

describe('Campaign → Send from a CSV URL', () => {
	it('sends a JSON body with fileUrl and no upload', async () => {
		const { items, error } = await runJelou(
			fake,
			withPicked(
				campaignParameters({
					template: 'promo_image',
					recipientsSource: 'url',
					fileUrl: 'https://cdn.example.com/campana.csv',
					params: columns('customer_name'),
					templateVariables: mapped({ mediaUrl: 'https://cdn.example.com/imagen.png' }),
					campaignOptions: {
						buttonPayloads: { payloads: [{ type: 'edge', action: 'Yes', skillId: '1' }] },
					},
				}),
			),
		);
		expect(error).toBeUndefined();
		const [request] = uploads();
		expect(request.form).toBeUndefined();
		expect(request.body).toEqual({
			campaignName: 'December orders',
			botId: fake.botId,
			elementName: 'promo_image',
			params: [{ param: 1, column: 'customer_name' }],
			mediaUrl: 'https://cdn.example.com/imagen.png',
			type: 'image',
			fileUrl: 'https://cdn.example.com/campana.csv',
			buttonPayloads: [{ type: 'edge', action: 'Yes', skillId: '1' }],
		});
		expect(items).toEqual([
			{
				json: {
					botId: fake.botId,
					message: 'Campaign has been created.',
					status: 'success',
					campaignId: fake.campaigns.at(-1)?._id,
					campaignName: 'December orders',
					elementName: 'promo_image',
					scheduledAt: null,
					fileUrl: 'https://cdn.example.com/campana.csv',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('refuses a link that is not a web address, and a media URL that is not https', async () => {
		const base = {
			template: 'promo_image',
			recipientsSource: 'url',
			params: columns('customer_name'),
			type: 'image',
		};
		const first = await runJelou(
			fake,
			campaignParameters({
				...base,
				fileUrl: 'campana.csv',
				mediaUrl: 'https://cdn.example.com/i.png',
			}),
		);
		expect(first.error?.message).toBe('CSV URL: "campana.csv" is not a web link (item 1)');
		const second = await runJelou(
			fake,
			campaignParameters({
				...base,
				fileUrl: 'https://cdn.example.com/c.csv',
				mediaUrl: 'http://cdn.example.com/i.png',
			}),
		);
		expect(second.error?.message).toBe(
			'Media URL: "http://cdn.example.com/i.png" does not start with https:// (item 1)',
		);
		expect(uploads()).toHaveLength(0);
	});
});

describe('Campaign → Send from incoming items', () => {
	const itemsParameters = (extra: INodeParameters = {}) =>
		campaignParameters({
			template: 'order_confirmation',
			recipientsSource: 'items',
			phoneNumber: '={{ $json.phone }}',
			parameterValues: {
				values: [{ value: '={{ $json.name }}' }, { value: '={{ $json.order }}' }],
			},
			...extra,
		});

	it('builds one CSV from all items, uploads it in one request and pairs the output with every item', async () => {
		const { items, error } = await runJelou(fake, itemsParameters(), {
			items: [
				{ json: { phone: '+593 99 123 4567', name: 'Maria', order: 'A1' } },
				{ json: { phone: '593991234568', name: 'Pérez, "José"', order: 'A2' } },
				{ json: { phone: '593991234569', name: 'Línea\nnueva', order: 3 } },
			],
		});
		expect(error).toBeUndefined();
		expect(uploads()).toHaveLength(1);
		const [upload] = uploads();
		expect(upload.form).toEqual({
			campaignName: 'December orders',
			botId: fake.botId,
			elementName: 'order_confirmation',
			params: '[{"param":1,"column":"param_1"},{"param":2,"column":"param_2"}]',
		});
		expect(upload.file?.filename).toBe('December_orders.csv');
		expect(upload.file?.content.toString('utf8')).toBe(
			'phone_number,param_1,param_2\n593991234567,Maria,A1\n593991234568,"Pérez, ""José""",A2\n593991234569,"Línea\nnueva",3\n',
		);
		expect(items).toEqual([
			{
				json: {
					botId: fake.botId,
					message: 'Campaign has been created.',
					status: 'success',
					campaignId: fake.campaigns.at(-1)?._id,
					campaignName: 'December orders',
					elementName: 'order_confirmation',
					scheduledAt: null,
					preview: 'Thank you for your order, Maria! Your confirmation number is A1.',
					fileName: 'December_orders.csv',
					rowsSent: 3,
					rowsSkipped: [],
					phoneNumbersRewritten: 1,
				},
				pairedItem: [{ item: 0 }, { item: 1 }, { item: 2 }],
			},
		]);
	});

	it('stops on a bad item, naming it, and uploads nothing', async () => {
		const { error } = await runJelou(fake, itemsParameters(), {
			items: [
				{ json: { phone: '593991234567', name: 'Maria', order: 'A1' } },
				{ json: { phone: '59399abc', name: 'Luis', order: 'A2' } },
				{ json: { phone: '593991234569', name: '', order: 'A3' } },
			],
		});
		expect(error).toBeInstanceOf(NodeOperationError);
		const nodeError = error as NodeOperationError;
		expect(nodeError.message).toBe(
			'Incoming Items: 2 items have no valid recipient or value; nothing was sent (item 2)',
		);
		expect(nodeError.description).toContain(
			'Item 2: Phone Number: "59399abc" contains characters other than digits',
		);
		expect(nodeError.description).toContain('Item 3: Parameter Values: parameter 1 is empty');
		expect(uploads()).toHaveLength(0);
	});

	it('with Skip Invalid Rows, leaves the bad items out and lists them', async () => {
		const { items } = await runJelou(
			fake,
			itemsParameters({ campaignOptions: { skipInvalidRows: true } }),
			{
				items: [
					{ json: { phone: '593991234567', name: 'Maria', order: 'A1' } },
					{ json: { phone: '59399abc', name: 'Luis', order: 'A2' } },
				],
			},
		);
		expect(uploads()[0].file?.content.toString('utf8')).toBe(
			'phone_number,param_1,param_2\n593991234567,Maria,A1\n',
		);
		expect(items[0].json).toMatchObject({
			rowsSent: 1,
			rowsSkipped: [
				{ item: 2, reason: 'Phone Number: "59399abc" contains characters other than digits' },
			],
		});
	});

	it('a failed send of the one campaign names every item: without Continue On Fail, and as one error item paired with each', async () => {
		const items = [
			{ json: { phone: '593991234567', name: 'Maria', order: 'A1' } },
			{ json: { phone: '593991234568', name: 'Luis', order: 'A2' } },
		];
		fake.injectFault('POST /v1/hsm/file', { kind: 'status', status: 500 }, 2);
		const { error } = await runJelou(fake, itemsParameters(), { items });
		expect(error?.message).toBe('Unexpected error occurred, check logs. (items 1–2)');
		expect((error as NodeOperationError).description).toContain(
			'so the campaign may have been created; it was not repeated (a repeat could create and send the campaign twice). Check with Campaign → Get (Find Campaign By Name) before sending it again.',
		);
		const { items: output } = await runJelou(fake, itemsParameters(), {
			items,
			continueOnFail: true,
		});
		expect(output).toEqual([
			{
				json: {
					error: 'Unexpected error occurred, check logs. (items 1–2)',
					description: expect.stringContaining('Check with Campaign → Get'),
					httpCode: '500',
					botId: fake.botId,
				},
				pairedItem: [{ item: 0 }, { item: 1 }],
			},
		]);
	});

	it("names a bad item's sheet row when the item carries Google Sheets' row_number", async () => {
		const { error, items } = await runJelou(
			fake,
			itemsParameters({ campaignOptions: { skipInvalidRows: true } }),
			{
				items: [
					{ json: { row_number: 2, phone: '593991234567', name: 'Maria', order: 'A1' } },
					{ json: { row_number: 3, phone: '59399abc', name: 'Luis', order: 'A2' } },
				],
			},
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			rowsSkipped: [
				{
					item: 2,
					row: 3,
					reason: 'Phone Number: "59399abc" contains characters other than digits',
				},
			],
		});
		const { error: stopped } = await runJelou(fake, itemsParameters(), {
			items: [
				{ json: { row_number: 2, phone: '593991234567', name: 'Maria', order: 'A1' } },
				{ json: { row_number: 3, phone: '59399abc', name: 'Luis', order: 'A2' } },
			],
		});
		expect((stopped as NodeOperationError).description).toContain(
			'Item 2 (sheet row 3): Phone Number: "59399abc" contains characters other than digits',
		);
	});

	it('says how many phone numbers it wrote as Jelou wants them, as for a CSV file', async () => {
		const { items, error } = await runJelou(
			fake,
			itemsParameters({ campaignOptions: { defaultCountryCode: '593', skipInvalidRows: true } }),
			{
				items: [
					{ json: { phone: '+593 99 123 4567', name: 'Maria', order: 'A1' } },
					{ json: { phone: 593991234568, name: 'Luis', order: 'A2' } },
					{ json: { phone: '0991234569', name: 'Ana', order: 'A3' } },
					{ json: { phone: '593-abc', name: 'Bad', order: 'A4' } },
					{ json: { phone: '593991234570', name: 'José', order: 'A5' } },
				],
			},
		);
		expect(error).toBeUndefined();
		expect(uploads()[0].file?.content.toString('utf8')).toBe(
			'phone_number,param_1,param_2\n593991234567,Maria,A1\n593991234568,Luis,A2\n593991234569,Ana,A3\n593991234570,José,A5\n',
		);
		expect(items[0].json).toMatchObject({ rowsSent: 4, phoneNumbersRewritten: 2 });
	});

	it('evaluates any other expression and fixed values for each item as n8n does', async () => {
		await runJelou(
			fake,
			itemsParameters({
				phoneNumber: '={{ "593" + $json.local }}',
				parameterValues: {
					values: [{ value: '={{ $json.name.toUpperCase() }}' }, { value: 'fixed' }],
				},
			}),
			{
				items: [
					{ json: { local: '991234567', name: 'Maria' } },
					{ json: { local: '991234568', name: 'Ana' } },
				],
			},
		);
		expect(uploads()[0].file?.content.toString('utf8')).toBe(
			'phone_number,param_1,param_2\n593991234567,MARIA,fixed\n593991234568,ANA,fixed\n',
		);
	});

	it('sends 100,000 items as one campaign in one request with a 100,000-row file', async () => {
		const count = 100_000;
		const input = Array.from({ length: count }, (_, index) => ({
			json: { phone: String(593990000000 + index), name: `Customer ${index}`, order: `A${index}` },
		}));
		const { items, error } = await runJelou(fake, itemsParameters(), { items: input });
		expect(error).toBeUndefined();
		expect(uploads()).toHaveLength(1);
		const lines = uploads()[0].file?.content.toString('utf8').split('\n') ?? [];
		expect(lines[0]).toBe('phone_number,param_1,param_2');
		expect(lines.length - 2).toBe(count); // header + rows + the empty string after the last newline
		expect(lines[count]).toBe('593990099999,Customer 99999,A99999');
		expect(fake.campaigns.at(-1)?.rowCount).toBe(count);
		expect(items).toHaveLength(1);
		expect(items[0].json.rowsSent).toBe(count);
		expect((items[0].pairedItem as unknown[]).length).toBe(count);
	}, 120_000);
});
