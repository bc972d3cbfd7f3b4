import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { JelouApi } from '../../../credentials/JelouApi.credentials';
import { JelouWhatsApp } from '../../../nodes/JelouWhatsApp/JelouWhatsApp.node';
import { validatorErrorBody } from '../../fake-jelou/envelopes';
import { credentialsFor, runJelou, sendTemplateParameters } from '../../helpers/jelou';
import { runListSearch } from '../../helpers/n8n-harness';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';

const fake = useFakeJelou();

const posts = () => fake.requests.filter((request) => request.method === 'POST');
const gets = () => fake.requests.filter((request) => request.method === 'GET');

describe('Message → Send Template: every body field through n8n', () => {
	it('image template: type and Media URL (doc example "image")', async () => {
		const { items, error } = await runJelou(
			fake,
			sendTemplateParameters({
				template: 'promo_image',
				recipients: '593991234567',
				parameters: ['Maria'],
				type: 'image',
				mediaUrl: 'https://cdn.example.com/image.jpeg',
			}),
		);
		expect(error).toBeUndefined();
		expect(posts()[0].body).toEqual({
			parameters: ['Maria'],
			mediaUrl: 'https://cdn.example.com/image.jpeg',
			type: 'image',
			destinations: ['593991234567'],
			elementName: 'promo_image',
		});
		expect(items).toEqual([
			{
				json: {
					botId: fake.botId,
					id: fake.sentMessages[0].id,
					destination: '593991234567',
					elementName: 'promo_image',
					preview: 'Hello Maria. We invite you to check out our promotions.',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('document template: Media URL and Filename', async () => {
		await runJelou(
			fake,
			sendTemplateParameters({
				template: 'invoice_document',
				recipients: '593991234567',
				parameters: ['Maria'],
				type: 'document',
				mediaUrl: 'https://cdn.example.com/document.pdf',
				filename: 'invoice.pdf',
			}),
		);
		expect(posts()[0].body).toEqual({
			parameters: ['Maria'],
			mediaUrl: 'https://cdn.example.com/document.pdf',
			filename: 'invoice.pdf',
			type: 'document',
			destinations: ['593991234567'],
			elementName: 'invoice_document',
		});
		expect(fake.sentMessages).toHaveLength(1);
	});

	it('header, buttons, button payloads, actions, language, campaign, dates and additional fields (node version 1)', async () => {
		const { error } = await runJelou(
			fake,
			sendTemplateParameters({
				template: 'order_confirmation',
				recipients: '593991234567',
				parameters: ['Maria', '71936'],
				language: 'en',
				buttonParameters: {
					buttons: [
						{ type: 'URL', param: 'order/71936' },
						{ type: 'QUICK_REPLY', action: 'BTN1', skillId: '1', payloadType: 'edge' },
						{ type: 'COPY_CODE', index: 1, code: '20OFF' },
					],
				},
				buttonPayloads: { payloads: [{ action: 'Yes', skillId: '1', type: 'edge' }] },
				actions: {
					setSkillId: '2222',
					setMemoryParams: { params: [{ key: 'url', value: 'https://apps.jelou.ai' }] },
				},
				sendTemplateOptions: {
					headerParameter: 'PARAMETER_VALUE',
					campaignId: 'cmp-42',
					expirationTime: '2034-12-03T21:20:00.000Z',
					ltoExpirationTime: '2034-12-03T21:20:00Z',
					additionalBodyFields: '{"buttonOptions": {}}',
				},
			}),
			// Version 1 keeps Button Payloads and Actions as fields of their own; version 2 has them in Options.
			{ nodeTypeVersion: 1 },
		);
		expect(error).toBeUndefined();
		expect(posts()[0].body).toEqual({
			elementName: 'order_confirmation',
			destinations: ['593991234567'],
			parameters: ['Maria', '71936'],
			language: 'en',
			headerParameters: ['PARAMETER_VALUE'],
			buttonParameters: [
				{ type: 'URL', payload: { param: 'order/71936' } },
				{ type: 'QUICK_REPLY', payload: { type: 'edge', action: 'BTN1', skillId: '1' } },
				{ type: 'COPY_CODE', param: 1, payload: { param: '20OFF' } },
			],
			buttonPayloads: [{ type: 'edge', action: 'Yes', skillId: '1' }],
			actions: { setSkill: { id: 2222 }, setMemoryParams: { url: 'https://apps.jelou.ai' } },
			ltoParams: { expirationTime: Date.UTC(2034, 11, 3, 21, 20) },
			expirationTime: String(Date.UTC(2034, 11, 3, 21, 20)),
			campaignId: 'cmp-42',
			buttonOptions: {},
		});
		expect(fake.sentMessages[0].campaignId).toBe('cmp-42');
	});

	it('catalog template with its thumbnail product', async () => {
		await runJelou(
			fake,
			sendTemplateParameters({
				template: 'order_confirmation',
				recipients: '593991234567',
				parameters: ['Maria', '71936'],
				type: 'catalog',
				buttonParameters: { buttons: [{ type: 'CATALOG', thumbnailProduct: 'productId' }] },
			}),
		);
		expect((posts()[0].body as { buttonParameters: unknown }).buttonParameters).toEqual([
			{ type: 'CATALOG', payload: { thumbnailProduct: 'productId' } },
		]);
		expect((posts()[0].body as { type: string }).type).toBe('catalog');
	});

	it('carousel with cards: media URL, parameters and button parameters per card', async () => {
		const { error } = await runJelou(
			fake,
			sendTemplateParameters({
				template: 'order_confirmation',
				recipients: '593991234567',
				parameters: ['Maria', '71936'],
				type: 'carousel',
				cards: {
					card: [
						{
							mediaUrl: 'https://cdn.example.com/1.jpeg',
							params: { values: [{ value: 'Shoes' }] },
							buttonParameters: { buttons: [{ type: 'URL', param: 'p/1' }] },
						},
						{
							mediaUrl: 'https://cdn.example.com/2.jpeg',
							params: { values: [{ value: 'Bags' }] },
							buttonParameters: { buttons: [{ type: 'QUICK_REPLY', action: 'Buy', skillId: '7' }] },
						},
					],
				},
			}),
		);
		expect(error).toBeUndefined();
		expect((posts()[0].body as { cards: unknown }).cards).toEqual([
			{
				mediaUrl: 'https://cdn.example.com/1.jpeg',
				params: ['Shoes'],
				buttonParameters: [{ type: 'URL', payload: { param: 'p/1' } }],
			},
			{
				mediaUrl: 'https://cdn.example.com/2.jpeg',
				params: ['Bags'],
				buttonParameters: [
					{ type: 'QUICK_REPLY', payload: { type: 'edge', action: 'Buy', skillId: '7' } },
				],
			},
		]);
		expect(fake.sentMessages).toHaveLength(1);
	});

	it('turns Ecuadorian national numbers into international ones with Default Country Code', async () => {
		await runJelou(
			fake,
			sendTemplateParameters({
				template: 'order_confirmation',
				recipients: '099-123-4567, (099) 765 4321',
				parameters: ['Maria', '71936'],
				sendTemplateOptions: { defaultCountryCode: '593' },
			}),
		);
		expect((posts()[0].body as { destinations: string[] }).destinations).toEqual([
			'593991234567',
			'593997654321',
		]);
	});
});

// A template given by an expression (here one naming the same template for every item) is checked per item
// against the approved list, fetched once per execution.
describe('Message → Send Template: checks against the approved list', () => {
	it('fetches the approved templates once per execution, not once per item', async () => {
		const { items, error } = await runJelou(
			fake,
			{
				...sendTemplateParameters({
					template: 'order_confirmation',
					recipients: '={{ $json.phone }}',
					parameters: ['={{ $json.name }}', '71936'],
				}),
			},
			{
				items: Array.from({ length: 5 }, (_, i) => ({
					json: { phone: `59399123456${i}`, name: `N${i}` },
				})),
			},
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(5);
		expect(gets()).toHaveLength(1);
		expect(gets()[0]).toMatchObject({
			path: `/v1/bots/${fake.botId}/templates`,
			query: { status: 'APPROVED' },
		});
		expect(posts()).toHaveLength(5);
	});

	it('follows the pages when Jelou answers the list page by page', async () => {
		fake.setTemplateListShape('paginated');
		const { error } = await runJelou(fake, {
			...sendTemplateParameters({
				template: 'unknown_template',
				recipients: '593991234567',
				parameters: ['a'],
			}),
		});
		// The eleven approved seeds span two pages of 10: both are read, so the list is whole and the name surely is not approved.
		expect(error?.message).toBe(
			'Template: "unknown_template" is not approved or does not exist (item 1, phone 593991234567)',
		);
		expect(posts()).toHaveLength(0);
	});

	it('reads every page of the list before deciding a template is missing', async () => {
		fake.setTemplateListShape('paginated');
		fake.templates.push(
			...Array.from({ length: 12 }, (_, i) => ({
				...fake.templates[0],
				elementName: `extra_${i}`,
				displayName: `Extra ${i}`,
			})),
		);
		const { error } = await runJelou(fake, {
			...sendTemplateParameters({
				template: 'extra_11',
				recipients: '593991234567',
				parameters: ['Maria', '71936'],
			}),
		});
		// 23 approved templates over three pages of 10: every page is read and the template is found.
		expect(error).toBeUndefined();
		expect(gets().map((request) => request.query.page)).toEqual([undefined, '2', '3']);
		expect(posts()).toHaveLength(1);
	});

	it('lets Jelou answer when the list cannot be read', async () => {
		fake.injectFault(`GET /v1/bots/${fake.botId}/templates`, { kind: 'status', status: 500 });
		const { error } = await runJelou(fake, {
			...sendTemplateParameters({
				template: 'order_confirmation',
				recipients: '593991234567',
				parameters: ['Maria', '71936'],
			}),
		});
		expect(error).toBeUndefined();
		expect(fake.sentMessages).toHaveLength(1);
	});
});

describe('Template picker (listSearch searchTemplates)', () => {
	const search = (filter?: string) =>
		runListSearch({
			nodeType: new JelouWhatsApp(),
			credentialType: new JelouApi(),
			credentials: credentialsFor(fake),
			method: 'searchTemplates',
			filter,
		});

	it('lists approved templates with display name, element name, language and parameter count', async () => {
		const { results } = await search();
		expect(results.map((result) => result.value)).toEqual([
			'appointment_confirm',
			'appointment_reminder',
			'catalog_offer',
			'invoice_document',
			'order_confirmation',
			'order_shipped',
			'promo_image',
			'spring_offer',
			'spring_picks',
			'verification_code',
			'welcome_video',
		]);
		expect(results.find((result) => result.value === 'order_confirmation')).toEqual({
			name: 'Order confirmation (order_confirmation, en, 2 parameters)',
			value: 'order_confirmation',
			description: 'Thank you for your order, {{1}}! Your confirmation number is {{2}}.',
		});
		expect(results.find((result) => result.value === 'verification_code')?.name).toBe(
			'Verification code (verification_code, en, 1 parameter)',
		);
		expect(results.find((result) => result.value === 'appointment_reminder')?.name).toBe(
			'Recordatorio de cita (appointment_reminder, es, 0 parameters)',
		);
	});

	it('filters by element name or display name, case-insensitively', async () => {
		expect((await search('VIDEO')).results.map((result) => result.value)).toEqual([
			'welcome_video',
		]);
		expect((await search('recordatorio')).results.map((result) => result.value)).toEqual([
			'appointment_reminder',
		]);
		expect((await search('nothing-like-this')).results).toEqual([]);
	});
});

describe('Message → Send Template: Jelou answers', () => {
	it('names the item Jelou rejected and keeps Jelou words', async () => {
		fake.injectFault(`POST /v2/whatsapp/${fake.botId}/hsm`, {
			kind: 'status',
			status: 400,
			body: { message: ['Template does not exist'], status: 'failed' },
		});
		const { error } = await runJelou(
			fake,
			sendTemplateParameters({
				template: 'appointment_reminder',
				recipients: '593991234567',
				parameters: [],
			}),
		);
		expect(error?.message).toContain('Template does not exist');
		expect((error as NodeOperationError).description).toContain('Failed on item 1.');
		// Named as a person counts it, so n8n gets no 0-based index to show beside it.
		expect((error as NodeOperationError).context.itemIndex).toBeUndefined();
	});
});

describe('Message → Send Template in n8n', () => {
	it('sends the body of the first example in send-individual-hsm.txt, field by field', async () => {
		// The doc: {"parameters": ["PARAMETER_1", "PARAMETER_2"], "destinations": ["PHONE_NUMBER"], "elementName": "ELEMENT_NAME"}
		const { items, error } = await runJelou(
			fake,
			sendTemplateParameters({
				template: 'order_confirmation',
				recipients: '593991234567',
				parameters: ['Maria', '71936'],
			}),
		);
		expect(error).toBeUndefined();
		expect(posts()).toHaveLength(1);
		const [request] = posts();
		expect(request.method).toBe('POST');
		expect(request.path).toBe(`/v2/whatsapp/${fake.botId}/hsm`);
		expect(Object.keys(request.body as object).sort()).toEqual([
			'destinations',
			'elementName',
			'parameters',
		]);
		expect(request.body).toEqual({
			parameters: ['Maria', '71936'],
			destinations: ['593991234567'],
			elementName: 'order_confirmation',
		});
		expect(items).toEqual([
			// preview: the template's text with this item's values, what the customer reads
			{
				json: {
					botId: fake.botId,
					id: fake.sentMessages[0].id,
					destination: '593991234567',
					elementName: 'order_confirmation',
					preview: 'Thank you for your order, Maria! Your confirmation number is 71936.',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('gives one output item per recipient, each paired to its input item', async () => {
		const { items } = await runJelou(
			fake,
			sendTemplateParameters({
				template: 'order_confirmation',
				recipients: '+593 99 123 4567\n593987654321',
				parameters: ['Maria', '71936'],
			}),
		);
		expect((posts()[0].body as { destinations: string[] }).destinations).toEqual([
			'593991234567',
			'593987654321',
		]);
		expect(items.map((item) => [item.json.destination, item.pairedItem])).toEqual([
			['593991234567', { item: 0 }],
			['593987654321', { item: 0 }],
		]);
	});

	it('sends each input item with its own expression values and keeps output in input order', async () => {
		const { items } = await runJelou(
			fake,
			sendTemplateParameters({
				template: 'order_confirmation',
				recipients: '={{ $json.phone }}',
				parameters: ['={{ $json.name }}', '={{ $json.order }}'],
			}),
			{
				items: [
					{ json: { phone: '593991234567', name: 'Maria', order: '1' } },
					{ json: { phone: '593987654321', name: 'José', order: '2' } },
					{ json: { phone: '593912345678', name: 'Ana', order: '3' } },
				],
			},
		);
		expect(items.map((item) => [item.json.destination, item.pairedItem])).toEqual([
			['593991234567', { item: 0 }],
			['593987654321', { item: 1 }],
			['593912345678', { item: 2 }],
		]);
		const bodies = posts().map(
			(request) => request.body as { parameters: string[]; destinations: string[] },
		);
		expect(bodies.map((body) => [body.destinations[0], ...body.parameters]).sort()).toEqual([
			['593912345678', 'Ana', '3'],
			['593987654321', 'José', '2'],
			['593991234567', 'Maria', '1'],
		]);
	});

	it('takes the template from the list mode of the picker too', async () => {
		await runJelou(
			fake,
			{
				...sendTemplateParameters({
					template: 'x',
					recipients: '593991234567',
					parameters: ['Maria', '71936'],
				}),
				template: {
					__rl: true,
					mode: 'list',
					value: 'order_confirmation',
					cachedResultName: 'Order confirmation',
				},
			},
			// Version 1 fills Parameters by hand whatever the picker's mode; version 2 reads Template Variables.
			{ nodeTypeVersion: 1 },
		);
		// A template picked from the list is checked against the approved list first: one GET, then the send.
		expect(fake.requests.map((request) => request.method)).toEqual(['GET', 'POST']);
		expect((fake.requests[1].body as { elementName: string }).elementName).toBe(
			'order_confirmation',
		);
	});

	it('stops a bad phone number before anything is sent, naming the item, the field and the fix', async () => {
		const { error } = await runJelou(
			fake,
			sendTemplateParameters({
				template: 'order_confirmation',
				recipients: '={{ $json.phone }}',
				parameters: ['Maria', '71936'],
			}),
			{ items: [{ json: { phone: '593991234567' } }, { json: { phone: '59399abc4567' } }] },
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		const nodeError = error as NodeOperationError;
		expect(nodeError.message).toBe(
			'Recipients: "59399abc4567" contains characters other than digits (item 2)',
		);
		expect(nodeError.description).toBe('Use digits with the country code only, e.g. 593991234567.');
		// The message names the item as a person counts it; n8n would add its 0-based "[item 1]" beside it.
		expect(nodeError.context.itemIndex).toBeUndefined();
		// The good first item was not sent either: every item is checked before any is sent.
		expect(posts()).toHaveLength(0);
	});

	it('reports every bad item at once, each with its problem and fix, and sends none of the good ones', async () => {
		const phones = Array.from({ length: 26 }, (_, index) =>
			index % 5 === 0 ? `59399123456${index % 10}` : `bad-${index + 1}`,
		);
		const { error } = await runJelou(
			fake,
			sendTemplateParameters({
				template: 'order_confirmation',
				recipients: '={{ $json.phone }}',
				parameters: ['Maria', '71936'],
			}),
			{ items: phones.map((phone) => ({ json: { phone } })) },
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		const nodeError = error as NodeOperationError;
		expect(nodeError.message).toBe('20 items have bad input, so nothing was sent');
		expect(nodeError.context.itemIndex).toBeUndefined();
		const lines = String(nodeError.description).split('\n');
		expect(lines).toHaveLength(20);
		expect(String(nodeError.context.descriptionTemplate).split('<br>')).toEqual(lines);
		expect(lines[0]).toBe(
			'Recipients: "bad-2" contains characters other than digits (item 2) → Use digits with the country code only, e.g. 593991234567.',
		);
		expect(lines[19]).toContain('"bad-25"');
		expect(posts()).toHaveLength(0);
	});

	it('lists 20 bad items and counts the rest', async () => {
		const { error } = await runJelou(
			fake,
			sendTemplateParameters({
				template: 'order_confirmation',
				recipients: '={{ $json.phone }}',
				parameters: ['Maria', '71936'],
			}),
			{
				items: Array.from({ length: 23 }, (_, index) => ({ json: { phone: `bad-${index + 1}` } })),
			},
		);
		const nodeError = error as NodeOperationError;
		expect(nodeError.message).toBe('23 items have bad input, so nothing was sent');
		const lines = String(nodeError.description).split('\n');
		expect(lines).toHaveLength(21);
		expect(lines[0]).toContain('"bad-1" contains characters other than digits (item 1)');
		expect(lines[19]).toContain('"bad-20"');
		expect(lines[20]).toBe('… and 3 more');
		expect(posts()).toHaveLength(0);
	});

	it('with Continue On Fail, turns a bad item into an error item and sends the others', async () => {
		const { items, error } = await runJelou(
			fake,
			sendTemplateParameters({
				template: 'order_confirmation',
				recipients: '={{ $json.phone }}',
				parameters: ['Maria', '71936'],
			}),
			{
				items: [{ json: { phone: '0991234567' } }, { json: { phone: '593987654321' } }],
				continueOnFail: true,
			},
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(items[0]).toEqual({
			json: {
				botId: fake.botId,
				error: 'Recipients: "0991234567" is a national number (it starts with 0) (item 1)',
				description: expect.stringContaining('Default Country Code'),
				item: 1,
			},
			pairedItem: { item: 0 },
		});
		expect(items[1]).toMatchObject({
			json: { destination: '593987654321' },
			pairedItem: { item: 1 },
		});
		expect(posts()).toHaveLength(1);
	});

	it('with Continue On Fail, turns a Jelou rejection into an error item with Jelou words', async () => {
		// The node's own checks pass; Jelou refuses all the same.
		fake.injectFault(`POST /v2/whatsapp/${fake.botId}/hsm`, {
			kind: 'status',
			status: 422,
			body: validatorErrorBody({
				parameters: [
					{
						en: 'The number of parameters is incorrect.',
						es: 'El número de parámetros es incorrecto.',
					},
				],
			}),
		});
		const { items } = await runJelou(
			fake,
			sendTemplateParameters({
				template: 'order_confirmation',
				recipients: '593991234567',
				parameters: ['Maria', '71936'],
			}),
			{
				continueOnFail: true,
			},
		);
		expect(items).toEqual([
			{
				json: {
					botId: fake.botId,
					error: 'The request values are not correct for processing. (item 1, phone 593991234567)',
					description: expect.stringContaining(
						'parameters: The number of parameters is incorrect.',
					),
					httpCode: '422',
					item: 1,
					phone: '593991234567',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('reports a wrong secret as a NodeApiError with the plain message and no secret', async () => {
		const { error } = await runJelou(
			fake,
			sendTemplateParameters({
				template: 'order_confirmation',
				recipients: '593991234567',
				parameters: ['a', 'b'],
			}),
			{
				credentials: credentialsFor(fake, { clientSecret: 'not-the-secret-123' }),
			},
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe(
			'Authentication failed: check Client ID and Client Secret (item 1, phone 593991234567)',
		);
		expect(fake.requests).toHaveLength(1);
		expect(JSON.stringify(error) + (error as NodeApiError).description).not.toContain(
			'not-the-secret-123',
		);
	});

	it('refuses a plain-http Base URL outside loopback before any request', async () => {
		const { error } = await runJelou(
			fake,
			sendTemplateParameters({
				template: 'order_confirmation',
				recipients: '593991234567',
				parameters: ['a', 'b'],
			}),
			{
				credentials: credentialsFor(fake, { baseUrl: 'http://api.jelou.ai' }),
			},
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toMatch(/must start with https:\/\//);
		expect(fake.requests).toHaveLength(0);
	});
});
