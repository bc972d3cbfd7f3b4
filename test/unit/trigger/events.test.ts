import {
	deliveryKey,
	eventFromBody,
	eventUrl,
	isOwnUrl,
	isSameEndpoint,
	normalizeEvent,
	planSubscriptions,
	RecentKeys,
	restoreBody,
	secretMatches,
	splitPayload,
	subscriptionsMatch,
} from '../../../nodes/JelouWhatsAppTrigger/helpers/events';

const WEBHOOK = 'https://n8n.example.com/webhook/1f0c6d2e-4b55-4b3a-9d4b-2b1d2c3e4f50/webhook';
const TEST_WEBHOOK =
	'https://n8n.example.com/webhook-test/1f0c6d2e-4b55-4b3a-9d4b-2b1d2c3e4f50/webhook';
const RECEIVED = new Date('2026-11-23T10:00:00.000Z');

describe('normalizeEvent', () => {
	it('reads the notification record of the message-status endpoint', () => {
		const body = {
			id: 'a1b2c3',
			destination: '593991234567',
			sentStatus: 'DELIVERED_USER',
			elementName: 'order_confirmation',
			campaignId: 'camp-1',
			error: null,
			createdAt: '2026-11-23T09:59:00.000Z',
			deliveryChannelAt: '2026-11-23T09:59:01.000Z',
			deliveryUserAt: '2026-11-23T09:59:02.000Z',
			readAt: null,
			wasRead: false,
			internalId: 'int-9',
			origin: 'api',
		};
		expect(normalizeEvent(body, 'delivered_user', RECEIVED)).toEqual({
			event: 'delivered_user',
			receivedAt: '2026-11-23T10:00:00.000Z',
			messageId: 'a1b2c3',
			destination: '593991234567',
			elementName: 'order_confirmation',
			campaignId: 'camp-1',
			status: 'DELIVERED_USER',
			error: null,
			text: null,
			messageType: null,
			mediaUrl: null,
			occurredAt: '2026-11-23T09:59:02.000Z',
			body,
		});
	});

	it('reads a failed record with its error and a read record with sentDate only', () => {
		const failed = {
			id: 'f1',
			destination: '593990000000',
			sentStatus: 'FAILED',
			error: { code: 131026, message: 'undeliverable' },
		};
		const item = normalizeEvent(failed, 'failed', RECEIVED);
		expect(item.error).toEqual({ code: 131026, message: 'undeliverable' });
		expect(item.status).toBe('FAILED');
		const channel = normalizeEvent(
			{ id: 'c1', sentStatus: 'DELIVERED_CHANNEL', sentDate: 1763891940000 },
			'delivered_channel',
			RECEIVED,
		);
		expect(channel.occurredAt).toBe(new Date(1763891940000).toISOString());
	});

	it.each([
		[{ type: 'text', text: 'Yes, deliver tomorrow' }, 'text', 'Yes, deliver tomorrow', null],
		[
			{
				type: 'image',
				text: 'my receipt',
				mediaUrl: 'https://cdn.example/r.jpg',
				mediaType: 'image/jpeg',
				mediaSize: 1200,
			},
			'image',
			'my receipt',
			'https://cdn.example/r.jpg',
		],
		[
			{ type: 'location', text: 'Home', coordinates: { lat: -2.19, long: -79.88 } },
			'location',
			'Home',
			null,
		],
		[
			{ type: 'file', mediaUrl: 'https://cdn.example/a.pdf', mediaType: 'application/pdf' },
			'file',
			null,
			'https://cdn.example/a.pdf',
		],
	])(
		'reads an incoming customer message with a %j bubble',
		(bubble, messageType, text, mediaUrl) => {
			const body = {
				messageId: 'in-1',
				bubble,
				names: 'Maria',
				userId: '593991234567',
				botId: 'bot-1',
				received: 1763891940000,
				status: 'created',
				owner: 'user',
			};
			const item = normalizeEvent(body, 'reply', RECEIVED);
			expect(item).toMatchObject({
				event: 'reply',
				messageId: 'in-1',
				destination: '593991234567',
				messageType,
				text,
				mediaUrl,
				status: 'created',
			});
			expect(item.occurredAt).toBe(new Date(1763891940000).toISOString());
			expect(item.body).toBe(body);
		},
	);

	it.each([[null], ['plain text'], [42], [[1, 2]], [{}], [{ unexpected: { nested: true } }]])(
		'never fails on an unknown body (%j) and keeps it raw',
		(body) => {
			const item = normalizeEvent(body, 'read', RECEIVED);
			expect(item.event).toBe('read');
			expect(item.messageId).toBeNull();
			expect(item.destination).toBeNull();
			expect(item.body).toEqual(body);
		},
	);

	it('names the event from the body when the URL did not (a URL pasted for "All")', () => {
		expect(eventFromBody({ sentStatus: 'READ' })).toBe('read');
		expect(eventFromBody({ status: 'delivered_channel' })).toBe('delivered_channel');
		expect(eventFromBody({ owner: 'user', bubble: { type: 'text', text: 'hi' } })).toBe('reply');
		expect(eventFromBody({ something: 'else' })).toBe('unknown');
		expect(normalizeEvent({ sentStatus: 'FAILED', id: 'x' }, 'unknown', RECEIVED).event).toBe(
			'failed',
		);
	});

	it('splits an array body into one event per record', () => {
		expect(splitPayload([{ id: 1 }, { id: 2 }])).toEqual([{ id: 1 }, { id: 2 }]);
		expect(splitPayload({ id: 1 })).toEqual([{ id: 1 }]);
	});
});

describe('RecentKeys (de-duplication)', () => {
	it('recognises the same event for the same message, not another event of it', () => {
		const memory = new RecentKeys();
		const now = RECEIVED.getTime();
		expect(memory.checkAndRemember(deliveryKey({ event: 'read', messageId: 'm1' })!, now)).toBe(
			false,
		);
		expect(
			memory.checkAndRemember(deliveryKey({ event: 'read', messageId: 'm1' })!, now + 1000),
		).toBe(true);
		expect(
			memory.checkAndRemember(
				deliveryKey({ event: 'delivered_user', messageId: 'm1' })!,
				now + 1000,
			),
		).toBe(false);
		expect(deliveryKey({ event: 'read', messageId: null })).toBeUndefined();
	});

	it('forgets a key after 24 hours', () => {
		const memory = new RecentKeys();
		const now = RECEIVED.getTime();
		memory.checkAndRemember('read:m1', now);
		expect(memory.checkAndRemember('read:m1', now + 24 * 3600 * 1000 - 1)).toBe(true);
		expect(memory.checkAndRemember('read:m1', now + 24 * 3600 * 1000)).toBe(false);
	});

	it('holds at most 1,000 keys, forgetting the oldest first', () => {
		const memory = new RecentKeys();
		const now = RECEIVED.getTime();
		for (let i = 0; i < 1_001; i++) memory.checkAndRemember(`read:m${i}`, now);
		expect(memory.size).toBe(1_000);
		expect(memory.checkAndRemember('read:m1000', now)).toBe(true);
		expect(memory.checkAndRemember('read:m0', now)).toBe(false);
	});
});

describe('secretMatches', () => {
	it('accepts only the exact secret', () => {
		expect(secretMatches('s3cret-value', 's3cret-value')).toBe(true);
		expect(secretMatches('s3cret-valuE', 's3cret-value')).toBe(false);
		expect(secretMatches('s3cret', 's3cret-value')).toBe(false);
		expect(secretMatches('', 's3cret-value')).toBe(false);
		expect(secretMatches(undefined, 's3cret-value')).toBe(false);
		expect(secretMatches(['s3cret-value'], 's3cret-value')).toBe(false);
		expect(secretMatches('anything', undefined)).toBe(false);
		expect(secretMatches('', '')).toBe(false);
	});
});

describe('subscription planning', () => {
	it('gives each event its own URL with the event and the secret', () => {
		expect(eventUrl(WEBHOOK, 'read', 'abc')).toBe(`${WEBHOOK}?event=read&token=abc`);
		expect(eventUrl(WEBHOOK, 'reply')).toBe(`${WEBHOOK}?event=reply`);
	});

	it('on a fresh bot subscribes every chosen event and records that nothing was there', () => {
		const plan = planSubscriptions({
			current: {},
			events: ['delivered_user', 'read'],
			webhookUrl: WEBHOOK,
			secret: 'abc',
		});
		expect(plan).toEqual({
			webhooks: [
				{ url: `${WEBHOOK}?event=delivered_user&token=abc`, events: ['delivered_user'] },
				{ url: `${WEBHOOK}?event=read&token=abc`, events: ['read'] },
			],
			previous: { delivered_user: null, read: null },
			conflicts: [],
		});
	});

	it('reports events already sent to someone else, and keeps their URLs to restore', () => {
		const plan = planSubscriptions({
			current: { read: 'https://crm.example.org/jelou', reply: 'https://bot.example.net/in' },
			events: ['read', 'failed'],
			webhookUrl: WEBHOOK,
			secret: 'abc',
		});
		expect(plan.conflicts).toEqual([{ event: 'read', url: 'https://crm.example.org/jelou' }]);
		expect(plan.previous).toEqual({ read: 'https://crm.example.org/jelou', failed: null });
	});

	it('treats its own URL as no conflict, and keeps what an earlier activation recorded', () => {
		const plan = planSubscriptions({
			current: { read: `${WEBHOOK}?event=read&token=old` },
			events: ['read'],
			webhookUrl: WEBHOOK,
			secret: 'new',
			earlierPrevious: { read: 'https://crm.example.org/jelou' },
		});
		expect(plan.conflicts).toEqual([]);
		expect(plan.previous).toEqual({ read: 'https://crm.example.org/jelou' });
	});

	it('on the test URL takes the production URL of the same trigger without conflict and hands it back', () => {
		const production = `${WEBHOOK}?event=read&token=prod`;
		const plan = planSubscriptions({
			current: { read: production },
			events: ['read'],
			webhookUrl: TEST_WEBHOOK,
			secret: 'test',
		});
		expect(plan.conflicts).toEqual([]);
		expect(plan.previous).toEqual({ read: production });
		expect(plan.webhooks).toEqual([
			{ url: `${TEST_WEBHOOK}?event=read&token=test`, events: ['read'] },
		]);
	});

	it('tells its own URLs from another workflow on the same n8n', () => {
		expect(isOwnUrl(`${WEBHOOK}?event=read&token=x`, WEBHOOK)).toBe(true);
		expect(isOwnUrl(`${TEST_WEBHOOK}?event=read`, WEBHOOK)).toBe(true);
		expect(isOwnUrl('https://n8n.example.com/webhook/another-id/webhook?event=read', WEBHOOK)).toBe(
			false,
		);
		expect(
			isOwnUrl(
				'https://other.example.com/webhook/1f0c6d2e-4b55-4b3a-9d4b-2b1d2c3e4f50/webhook',
				WEBHOOK,
			),
		).toBe(false);
		expect(isOwnUrl('not a url', WEBHOOK)).toBe(false);
		expect(isSameEndpoint(`${WEBHOOK}?event=read&token=x`, WEBHOOK)).toBe(true);
		expect(isSameEndpoint(`${TEST_WEBHOOK}?event=read&token=x`, WEBHOOK)).toBe(false);
	});

	it('restores previous URLs grouped by URL, leaving events that had none', () => {
		expect(
			restoreBody({
				read: 'https://crm.example.org/jelou',
				failed: 'https://crm.example.org/jelou',
				reply: 'https://bot.example.net/in',
				delivered_user: null,
			}),
		).toEqual([
			{ url: 'https://crm.example.org/jelou', events: ['read', 'failed'] },
			{ url: 'https://bot.example.net/in', events: ['reply'] },
		]);
		expect(restoreBody({ read: null })).toEqual([]);
	});

	it('knows when Jelou already sends every chosen event to this trigger', () => {
		const current = {
			read: eventUrl(WEBHOOK, 'read', 'abc'),
			failed: eventUrl(WEBHOOK, 'failed', 'abc'),
		};
		expect(subscriptionsMatch(current, ['read', 'failed'], WEBHOOK, 'abc')).toBe(true);
		expect(subscriptionsMatch(current, ['read', 'reply'], WEBHOOK, 'abc')).toBe(false);
		expect(subscriptionsMatch(current, ['read'], WEBHOOK, 'other')).toBe(false);
	});
});
