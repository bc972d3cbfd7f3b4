import { NodeApiError } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import { credentialsFor, runJelou, sendTemplateParameters } from '../../helpers/jelou';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';

const fake = useFakeJelou({ clientSecret: 'sec-Zp4Kq8Wn3HtYb6' });

const hsmRoute = () => `POST /v2/whatsapp/${fake.botId}/hsm`;
const template = (fields: INodeParameters = {}): INodeParameters => ({
	...sendTemplateParameters({
		template: 'order_confirmation',
		recipients: '593991234567, 593987654321',
		parameters: ['Maria', '71936'],
	}),
	...fields,
});
const session = (fields: INodeParameters = {}): INodeParameters => ({
	resource: 'message',
	operation: 'send',
	userId: '593991234567',
	messageType: 'text',
	text: 'Hi',
	...fields,
});
const CHECK =
	'Check the message status with Message → Get Status (By Filters: template and time) before resending.';

describe('a send whose success answer does not confirm the message', () => {
	it('text/plain "OK": one item per recipient says probably sent, id unknown, with the raw text', async () => {
		fake.injectFault(hsmRoute(), {
			kind: 'raw',
			status: 200,
			contentType: 'text/plain',
			body: 'OK',
		});
		const { items, error } = await runJelou(fake, template());
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual(
			['593991234567', '593987654321'].map((destination) => ({
				destination,
				elementName: 'order_confirmation',
				preview: 'Thank you for your order, Maria! Your confirmation number is 71936.',
				id: null,
				sent: 'probably',
				warning: `Jelou answered HTTP 200 but its answer could not be read, so the message was probably sent, but its id is unknown. ${CHECK}`,
				jelouAnswer: 'OK',
				botId: fake.botId,
			})),
		);
		expect(items.every((item) => !('0' in item.json))).toBe(true);
	});

	it('truncated JSON is shown as it came, shortened', async () => {
		const truncated = '[{"id":"3f1c","destination":"593991234567"},{"id":"9a' + ' '.repeat(300);
		fake.injectFault(hsmRoute(), {
			kind: 'raw',
			status: 200,
			contentType: 'application/json',
			body: truncated,
		});
		const { items } = await runJelou(fake, template());
		expect(items[0].json.jelouAnswer).toBe('[{"id":"3f1c","destination":"593991234567"},{"id":"9a');
		expect(items[0].json.sent).toBe('probably');
	});

	it('a 2xx without a message id is not reported as fine', async () => {
		fake.injectFault(hsmRoute(), { kind: 'status', status: 200, body: { status: 'queued' } });
		const { items } = await runJelou(fake, template({ recipients: '593991234567' }));
		expect(items.map((item) => item.json)).toEqual([
			{
				destination: '593991234567',
				elementName: 'order_confirmation',
				preview: 'Thank you for your order, Maria! Your confirmation number is 71936.',
				id: null,
				sent: 'probably',
				warning: `Jelou answered with success but without a message id, so the message was probably sent, but its id is unknown. ${CHECK}`,
				jelouAnswer: '{"status":"queued"}',
				botId: fake.botId,
			},
		]);
	});

	it('a session message answered with a bare JSON string is not spread into characters', async () => {
		fake.injectFault('POST /v1/whatsapp/messages', {
			kind: 'raw',
			status: 201,
			contentType: 'application/json',
			body: '"accepted"',
		});
		const { items } = await runJelou(fake, session());
		expect(items[0].json).toEqual({
			botId: fake.botId,
			messageId: null,
			sent: 'probably',
			warning: `Jelou answered with success but without a message id, so the message was probably sent, but its id is unknown. ${CHECK}`,
			jelouAnswer: 'accepted',
		});
	});

	it('a session message with an unreadable answer says so', async () => {
		fake.injectFault('POST /v1/whatsapp/messages', {
			kind: 'raw',
			status: 200,
			contentType: 'text/plain',
			body: 'OK',
		});
		const { items } = await runJelou(fake, session());
		expect(items[0].json).toMatchObject({ messageId: null, sent: 'probably', jelouAnswer: 'OK' });
	});

	it('a campaign with an unreadable answer says it was probably created', async () => {
		fake.injectFault('POST /v1/hsm/file', {
			kind: 'raw',
			status: 200,
			contentType: 'text/html',
			body: '<p>Created</p>',
		});
		const { items, error } = await runJelou(fake, {
			resource: 'campaign',
			operation: 'send',
			recipientsSource: 'url',
			campaignName: 'December orders',
			template: { __rl: true, mode: 'name', value: 'order_confirmation' },
			fileUrl: 'https://cdn.example.com/campana.csv',
			params: { columns: [{ column: 'name' }, { column: 'order' }] },
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			campaignName: 'December orders',
			sent: 'probably',
			warning:
				'Jelou answered HTTP 200 but its answer could not be read, so the campaign was probably created. Check Campaign → Get Many before sending it again.',
			jelouAnswer: 'Created',
		});
	});
});

describe('a body that stalls after the headers, in the node', () => {
	it('fails the item with the may-have-been-sent advice, not "Body Timeout Error"', async () => {
		fake.injectFault(hsmRoute(), { kind: 'stall' });
		const { error } = await runJelou(fake, template({ requestOptions: { timeout: 1 } }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe(
			'Jelou started answering (HTTP 200) but did not finish within 1 s (item 1, phone 593991234567, 593987654321)',
		);
		expect((error as NodeApiError).description).toContain(CHECK);
		expect(fake.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
	});
});

describe('after Jelou refuses the credential', () => {
	const items = Array.from({ length: 5 }, (_, i) => ({ json: { phone: `59399123456${i}` } }));

	it.each([401, 403])(
		'HTTP %s with Continue On Fail: nothing more is sent, the other items say why',
		async (status) => {
			fake.injectFault(hsmRoute(), { kind: 'status', status }, 10);
			const { items: output, error } = await runJelou(
				fake,
				template({ recipients: '={{ $json.phone }}', requestOptions: { concurrency: 1 } }),
				{
					items,
					continueOnFail: true,
				},
			);
			expect(error).toBeUndefined();
			expect(fake.requests.filter((request) => request.path.endsWith('/hsm'))).toHaveLength(1);
			expect(output).toHaveLength(5);
			expect(output[0].json.httpCode).toBe(String(status));
			output.slice(1).forEach((item, index) => {
				expect(item.json).toEqual({
					botId: fake.botId,
					error: `Not sent: Jelou refused the credential on item 1 (item ${index + 2}, phone ${items[index + 1].json.phone})`,
					description: expect.stringContaining(
						`Jelou answered HTTP ${status} on item 1 (${String(output[0].json.error).replace(/ \(item 1, .*$/, '')}), so no further request was made`,
					),
					item: index + 2,
					phone: items[index + 1].json.phone,
				});
				expect(item.json.description).toContain('Fix the Jelou API credential');
			});
			expect(output.map((item) => item.pairedItem)).toEqual(
				[0, 1, 2, 3, 4].map((item) => ({ item })),
			);
		},
	);
});

describe('a wrong credential: the first 401 ends the run for every item, with one request', () => {
	const items = Array.from({ length: 10 }, (_, i) => ({ json: { phone: `59399123456${i}` } }));
	const wrong = () => credentialsFor(fake, { clientSecret: 'not-the-secret' });

	it.each([1, 2])(
		'Send Template version %s, 10 items: one template-list request; without Continue On Fail the error names item 1',
		async (nodeTypeVersion) => {
			const { error } = await runJelou(fake, template({ recipients: '={{ $json.phone }}' }), {
				items,
				nodeTypeVersion,
				credentials: wrong(),
			});
			expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
				`GET /v1/bots/${fake.botId}/templates`,
			]);
			expect(error?.message).toBe(
				'Authentication failed: check Client ID and Client Secret (item 1, phone 593991234560)',
			);
		},
	);

	it('with Continue On Fail every item gets the error, item 1 Jelou’s and the others “not sent”, after one request', async () => {
		const { items: output, error } = await runJelou(
			fake,
			template({ recipients: '={{ $json.phone }}' }),
			{ items, continueOnFail: true, credentials: wrong() },
		);
		expect(error).toBeUndefined();
		expect(fake.requests).toHaveLength(1);
		expect(output.map((item) => [item.json.error, item.json.httpCode, item.pairedItem])).toEqual(
			items.map((item, index) => [
				index === 0
					? 'Authentication failed: check Client ID and Client Secret (item 1, phone 593991234560)'
					: `Not sent: Jelou refused the credential on item 1 (item ${index + 1}, phone ${item.json.phone})`,
				index === 0 ? '401' : undefined,
				{ item: index },
			]),
		);
	});
});

describe('the Client Secret typed into a field never comes back', () => {
	const secret = 'sec-Zp4Kq8Wn3HtYb6';
	const basic = () => Buffer.from(`${fake.clientId}:${secret}`).toString('base64');
	const visible = (value: unknown) =>
		JSON.stringify(value, Object.getOwnPropertyNames(value ?? {})) +
		String((value as Error)?.stack ?? '');

	it('in a validation error', async () => {
		const { error } = await runJelou(fake, template({ type: 'image', mediaUrl: secret }));
		expect(error?.message).toBe(
			'Media URL: "[redacted]" is not a URL (item 1, phone 593991234567, 593987654321)',
		);
		expect(visible(error)).not.toContain(secret);
	});

	it('in an error item with Continue On Fail, also as the Basic header value', async () => {
		const { items } = await runJelou(fake, template({ recipients: `${secret} ${basic()}` }), {
			continueOnFail: true,
		});
		expect(JSON.stringify(items)).not.toContain(secret);
		expect(JSON.stringify(items)).not.toContain(basic());
		expect(items[0].json.error).toContain('[redacted]');
	});

	it('in the output of a successful send', async () => {
		const { items } = await runJelou(fake, session({ text: `my password is ${secret}` }));
		expect(items).toHaveLength(1);
		expect(JSON.stringify(items)).not.toContain(secret);
	});

	it('in a fix that suggests a lower-cased, slugged copy of it (Template → Create’s Element Name)', async () => {
		// Without separators or case, so that no derived form can hide: "sec_zp4kq8wn3htyb6", "SECZP4…"
		const flattened = (value: unknown) =>
			visible(value)
				.toLowerCase()
				.replace(/[^a-z0-9]/g, '');
		const createWith = (elementName: string): INodeParameters => ({
			resource: 'template',
			operation: 'create',
			category: 'UTILITY',
			templateLanguage: 'en',
			elementName,
			displayName: 'Order update',
			templateBody: 'Your order is on its way.',
		});
		for (const typed of [secret, secret.toUpperCase(), 'Sec Zp4Kq8Wn3HtYb6']) {
			const { error } = await runJelou(fake, createWith(typed));
			expect(error?.message).toMatch(/^Element Name: /);
			expect(String((error as { description?: string }).description)).toContain('[redacted]');
			expect(flattened(error)).not.toContain('seczp4kq8wn3htyb6');
			const { items } = await runJelou(fake, createWith(typed), { continueOnFail: true });
			expect(flattened(items)).not.toContain('seczp4kq8wn3htyb6');
		}
		expect(fake.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
	});

	it('in an error Jelou answers that echoes the field', async () => {
		fake.injectFault(hsmRoute(), {
			kind: 'status',
			status: 400,
			body: { message: [`Template ${secret} does not exist`], status: 'failed' },
		});
		const { error } = await runJelou(fake, template());
		expect(visible(error)).not.toContain(secret);
	});
});
