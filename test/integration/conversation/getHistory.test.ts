// Get History in n8n-core against the fake: one customer's messages, or the bot's through its pages.
import { ACTIVE_CUSTOMER } from '../../fake-jelou/conversations-store';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';
import { runJelou } from '../../helpers/jelou';

const fake = useFakeJelou();

const getHistory = (parameters: Record<string, unknown>) => ({
	resource: 'conversation',
	operation: 'getHistory',
	...parameters,
});

/** The customer writes `count` texts, numbered, a second apart on the fake's clock. */
function customerWrites(userId: string, count: number): void {
	for (let index = 1; index <= count; index++) {
		fake.conversations.advance(1);
		fake.conversations.customerWrites(userId, { type: 'text', text: `message ${index}` });
	}
}

describe('Conversation → Get History in n8n', () => {
	it('one customer, simplified: one item per message, oldest first, who spoke in plain words', async () => {
		await fetch(`${fake.url}/v1/whatsapp/messages`, {
			method: 'POST',
			headers: { authorization: fake.authorization, 'content-type': 'application/json' },
			body: JSON.stringify({
				botId: fake.botId,
				userId: ACTIVE_CUSTOMER,
				type: 'text',
				text: 'We got your voice note',
			}),
		});
		fake.requests.length = 0;
		const { items } = await runJelou(fake, getHistory({ userId: ACTIVE_CUSTOMER, limit: 20 }));
		expect(fake.requests[0]).toEqual(
			expect.objectContaining({
				path: `/v1/bots/${fake.botId}/users/${ACTIVE_CUSTOMER}/history`,
				query: { limit: '20' },
			}),
		);
		expect(items.map((item) => [item.json.from, item.json.type, item.json.text])).toEqual([
			['customer', 'text', 'Hola, ¿dónde está mi pedido?'],
			['bot', 'text', '¡Hola María! Envíame una foto del comprobante, por favor.'],
			['customer', 'image', null],
			['customer', 'audio', null],
			['bot', 'text', 'We got your voice note'],
		]);
		expect(Object.keys(items[2].json)).toEqual([
			'userId',
			'from',
			'type',
			'text',
			'mediaUrl',
			'messageId',
			'at',
			'botId',
		]);
		expect(items[2].json.mediaUrl).toMatch(/\/media\/whatsappCloudApi\/.+\.png$/);
		// whose conversation: the customer's number on what they wrote and on what the bot sent them
		expect(new Set(items.map((item) => item.json.userId))).toEqual(new Set([ACTIVE_CUSTOMER]));
		const times = items.map((item) => Date.parse(item.json.at as string));
		expect([...times].sort((a, b) => a - b)).toEqual(times);
	});

	it('Simplify off keeps Jelou’s messages as they are', async () => {
		const { items } = await runJelou(
			fake,
			getHistory({ userId: ACTIVE_CUSTOMER, limit: 1, simplify: false }),
		);
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual(
			expect.objectContaining({
				by: 'user',
				sender: expect.objectContaining({ id: ACTIVE_CUSTOMER }),
				bubble: expect.objectContaining({ type: 'audio' }),
			}),
		);
	});

	it('pages back from a reference message', async () => {
		const all = await runJelou(fake, getHistory({ userId: ACTIVE_CUSTOMER }));
		const third = all.items[2].json.messageId as string;
		const { items } = await runJelou(
			fake,
			getHistory({
				userId: ACTIVE_CUSTOMER,
				limit: 2,
				options: { messageId: third, direction: 'older' },
			}),
		);
		expect(fake.requests.at(-1)?.query).toEqual({
			limit: '2',
			messageId: third,
			direction: 'older',
		});
		expect(items.map((item) => item.json.messageId)).toEqual(
			all.items.slice(0, 2).map((item) => item.json.messageId),
		);
	});

	it('whole bot with Return All reads every page of 50, and outputs in time order', async () => {
		customerWrites('593987000001', 70);
		const { items } = await runJelou(fake, getHistory({ historyOf: 'bot', returnAll: true }));
		expect(fake.requests.map((request) => [request.query.page, request.query.limit])).toEqual([
			['1', '50'],
			['2', '50'],
		]);
		expect(items).toHaveLength(fake.conversations.history.length);
		const texts = items
			.filter((item) => String(item.json.text).startsWith('message '))
			.map((item) => item.json.text);
		expect(texts.slice(0, 3)).toEqual(['message 1', 'message 2', 'message 3']);
		expect(texts.at(-1)).toBe('message 70');
	});

	it('whole bot, simplified: every message names its customer’s number', async () => {
		customerWrites('593987000001', 2);
		const { items } = await runJelou(fake, getHistory({ historyOf: 'bot', returnAll: true }));
		const customers = new Set(fake.conversations.customers.keys());
		expect(items.every((item) => customers.has(item.json.userId as string))).toBe(true);
		expect(
			items
				.filter((item) => String(item.json.text).startsWith('message '))
				.map((item) => item.json.userId),
		).toEqual(['593987000001', '593987000001']);
		expect(new Set(items.map((item) => item.json.userId)).size).toBeGreaterThan(1);
	});

	it('whole bot, Filters → Customer Phone Number goes to Jelou as clientId, cleaned as every number', async () => {
		customerWrites('593987000001', 2);
		const { items } = await runJelou(
			fake,
			getHistory({
				historyOf: 'bot',
				returnAll: true,
				filters: { clientId: '+593 98 700-0001' },
			}),
		);
		expect(fake.requests[0].query).toEqual(
			expect.objectContaining({ clientId: '593987000001', page: '1' }),
		);
		expect(items.map((item) => [item.json.userId, item.json.text])).toEqual([
			['593987000001', 'message 1'],
			['593987000001', 'message 2'],
		]);
	});

	it('Output → One Item With All Messages: one item, also for a customer without messages', async () => {
		fake.conversations.ensureCustomer('593987000009');
		const one = { output: 'oneItem' };
		const empty = await runJelou(fake, getHistory({ userId: '593987000009', ...one }));
		expect(empty.items.map((item) => item.json)).toEqual([
			{ userId: '593987000009', messages: [], botId: fake.botId },
		]);
		expect(empty.items[0].pairedItem).toEqual({ item: 0 });
		// the same customer with One Item per Message (the default): nothing, so the workflow would stop
		expect((await runJelou(fake, getHistory({ userId: '593987000009' }))).items).toEqual([]);

		const active = await runJelou(fake, getHistory({ userId: ACTIVE_CUSTOMER, ...one }));
		expect(active.items).toHaveLength(1);
		expect(active.items[0].json.userId).toBe(ACTIVE_CUSTOMER);
		expect((active.items[0].json.messages as Array<{ from: string }>).map((m) => m.from)).toEqual([
			'customer',
			'bot',
			'customer',
			'customer',
		]);
		const bot = await runJelou(fake, getHistory({ historyOf: 'bot', limit: 3, ...one }));
		expect(bot.items).toHaveLength(1);
		expect(Object.keys(bot.items[0].json)).toEqual(['messages', 'botId']);
		expect(bot.items[0].json.messages).toHaveLength(3);
	});

	it('whole bot with Limit takes the latest, asking for no more than needed', async () => {
		customerWrites('593987000001', 30);
		const { items } = await runJelou(fake, getHistory({ historyOf: 'bot', limit: 5 }));
		expect(fake.requests.map((request) => request.query.limit)).toEqual(['5']);
		expect(items.map((item) => item.json.text)).toEqual([
			'message 26',
			'message 27',
			'message 28',
			'message 29',
			'message 30',
		]);
	});

	it('whole bot, From, To and a message ID go to Jelou as startAt, endAt and messageId', async () => {
		const { items } = await runJelou(
			fake,
			getHistory({
				historyOf: 'bot',
				returnAll: true,
				filters: {
					startAt: '2020-01-01T00:00:00',
					endAt: '2100-01-01T00:00:00',
					messageId: fake.conversations.history[0].messageId,
				},
			}),
		);
		// Wall-clock times in the workflow's time zone (the harness's: America/New_York), sent in UTC.
		expect(fake.requests[0].query).toEqual(
			expect.objectContaining({
				startAt: '2020-01-01T05:00:00.000Z',
				endAt: '2100-01-01T05:00:00.000Z',
				messageId: fake.conversations.history[0].messageId,
			}),
		);
		expect(new Set(items.map((item) => item.json.from))).toEqual(new Set(['customer', 'bot']));
		expect(items).toHaveLength(4);
	});

	it('a Limit above 50 for one customer is refused before any request', async () => {
		const { error } = await runJelou(fake, getHistory({ userId: ACTIVE_CUSTOMER, limit: 80 }));
		expect(error?.message).toBe(
			`Limit: 80 is not a whole number from 1 to 50 (item 1, phone ${ACTIVE_CUSTOMER})`,
		);
		expect(fake.requests).toEqual([]);
	});

	it('a number Jelou does not know: Jelou’s 404 with the fix; with a Reference Message ID the fix names both causes', async () => {
		const { items } = await runJelou(
			fake,
			getHistory({ userId: '={{ $json.phone }}', options: { messageId: '={{ $json.ref }}' } }),
			{
				items: [
					{ json: { phone: '593000000001', ref: '' } },
					{ json: { phone: ACTIVE_CUSTOMER, ref: 'no-such-message' } },
				],
				continueOnFail: true,
			},
		);
		expect(items.map((item) => item.json)).toEqual([
			{
				error: 'The user could not be found. (item 1, phone 593000000001)',
				description:
					'This number has never written to this bot, so Jelou does not know it: check the country code (e.g. 593 for Ecuador, or set Default Country Code in Options) and the digits of the Phone Number.\nHTTP 404.',
				httpCode: '404',
				item: 1,
				phone: '593000000001',
				botId: fake.botId,
			},
			{
				error: `The reference message could not be found. (item 2, phone ${ACTIVE_CUSTOMER})`,
				description:
					'Either the Reference Message ID is not a message of this customer (check it, or leave it empty for the latest messages), or this number has never written to this bot, so Jelou does not know it: check the country code (e.g. 593 for Ecuador, or set Default Country Code in Options) and the digits of the Phone Number.\nHTTP 404.',
				httpCode: '404',
				item: 2,
				phone: ACTIVE_CUSTOMER,
				botId: fake.botId,
			},
		]);
	});

	it.each([
		[
			'an HTML 502 page',
			{
				kind: 'raw' as const,
				status: 502,
				contentType: 'text/html',
				body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>',
			},
		],
		['a stalled answer', { kind: 'stall' as const, status: 200, partialBody: '[{"messageId"' }],
	])(
		'met by %s it says it only reads: nothing was sent or changed, run it again',
		async (_, fault) => {
			fake.injectFault('GET /v1/bots/:botId/users/:userId/history', fault);
			const { error } = await runJelou(
				fake,
				getHistory({ userId: ACTIVE_CUSTOMER, requestOptions: { timeout: 1 } }),
			);
			expect(error?.message).toMatch(new RegExp(`\\(item 1, phone ${ACTIVE_CUSTOMER}\\)$`));
			const description = (error as { description?: string }).description;
			expect(description).toMatch(/It only reads, so nothing was sent or changed: run it again/);
			expect(description).not.toMatch(/message may|twice|Get Status/);
			expect(fake.requests).toHaveLength(1);
		},
	);
});
