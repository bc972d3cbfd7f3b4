import {
	deliveryKey,
	eventFromBody,
	itemOfDelivery,
	normalizeEvent,
	splitPayload,
} from '../../../nodes/JelouWhatsAppTrigger/delivery';

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

describe('itemOfDelivery', () => {
	it('turns one record into one output item, with the event it names and its de-duplication key', () => {
		const body = { id: 'a1', sentStatus: 'READ', readAt: '2026-11-23T09:59:30.000Z' };
		const { item, event, key } = itemOfDelivery(body, 'read', RECEIVED);
		expect(item).toEqual({ json: normalizeEvent(body, 'read', RECEIVED) });
		expect(event).toBe('read');
		expect(key).toBe('read:a1');
	});

	it('gives no key to a record that names no message, so it is never taken for a repeat', () => {
		expect(itemOfDelivery({ text: 'hello' }, 'reply', RECEIVED).key).toBeUndefined();
		expect(deliveryKey({ event: 'read', messageId: null })).toBeUndefined();
		expect(deliveryKey({ event: 'delivered_user', messageId: 'm1' })).toBe('delivered_user:m1');
	});
});
