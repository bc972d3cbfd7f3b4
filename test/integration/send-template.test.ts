import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { validatorErrorBody } from '../fake-jelou/envelopes';
import { startFakeJelou } from '../fake-jelou/server';
import type { FakeJelou } from '../fake-jelou/server';
import { credentialsFor, runJelou, sendTemplateParameters } from '../helpers/jelou';

let fake: FakeJelou;
beforeAll(async () => (fake = await startFakeJelou()));
afterEach(() => fake.reset());
afterAll(async () => await fake.close());

/** The sends; every execution also reads the approved template list once, to check the parameters. */
const sends = () => fake.requests.filter((request) => request.method === 'POST');

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
		expect(sends()).toHaveLength(1);
		const [request] = sends();
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
		expect((sends()[0].body as { destinations: string[] }).destinations).toEqual([
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
		const bodies = sends().map(
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
		expect(sends()).toHaveLength(0);
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
		expect(sends()).toHaveLength(0);
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
		expect(sends()).toHaveLength(0);
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
				error: 'Recipients: "0991234567" is a national number (it starts with 0) (item 1)',
				description: expect.stringContaining('Default Country Code'),
			},
			pairedItem: { item: 0 },
		});
		expect(items[1]).toMatchObject({
			json: { destination: '593987654321' },
			pairedItem: { item: 1 },
		});
		expect(sends()).toHaveLength(1);
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
					error: 'The request values are not correct for processing.',
					description: expect.stringContaining(
						'parameters: The number of parameters is incorrect.',
					),
					httpCode: '422',
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
		expect(error?.message).toBe('Authentication failed: check Client ID and Client Secret');
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
