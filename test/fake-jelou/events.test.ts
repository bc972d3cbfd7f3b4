import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { startFakeJelou, UNREACHABLE_NUMBER, type FakeJelou } from './server';

let fake: FakeJelou;
let receiver: Server;
let receiverUrl: string;
const received: Array<{ url: string; body: unknown }> = [];

beforeAll(async () => {
	fake = await startFakeJelou();
	receiver = createServer(async (req, res) => {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		received.push({ url: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
		res.writeHead(req.url?.includes('refuse') ? 401 : 200).end();
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
	await fake.close();
	await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => {
	fake.reset();
	received.length = 0;
});

async function call(
	method: string,
	path: string,
	json?: unknown,
	authorization: string | null = fake.authorization,
) {
	const headers: Record<string, string> = {};
	if (authorization !== null) headers.authorization = authorization;
	if (json !== undefined) headers['content-type'] = 'application/json';
	const response = await fetch(fake.url + path, {
		method,
		headers,
		body: json === undefined ? undefined : JSON.stringify(json),
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const EVENTS_PATH = '/v1/bots/test-bot/events/webhook';

describe('fake Jelou: event subscriptions', () => {
	it('answers the subscriptions map in Jelou envelopes, empty on a fresh bot', async () => {
		expect(await call('GET', EVENTS_PATH)).toEqual({
			status: 200,
			body: {
				message: ['Webhooks retrieved succesfully!'],
				statusMessage: 'success',
				status: 1,
				data: {},
			},
		});
		const webhooks = [
			{ url: 'https://a.example/hook', events: ['delivered_user', 'delivered_channel'] },
			{ url: 'https://b.example/hook', events: ['failed', 'reply'] },
		];
		expect(await call('POST', EVENTS_PATH, { webhooks })).toEqual({
			status: 200,
			body: {
				message: ['Webhooks created successfully!'],
				statusMessage: 'success',
				status: 1,
				data: webhooks,
			},
		});
		expect((await call('GET', EVENTS_PATH)).body.data).toEqual({
			delivered_user: 'https://a.example/hook',
			delivered_channel: 'https://a.example/hook',
			failed: 'https://b.example/hook',
			reply: 'https://b.example/hook',
		});
		await call('POST', EVENTS_PATH, {
			webhooks: [{ url: 'https://c.example/hook', events: ['reply'] }],
		});
		expect((await call('GET', EVENTS_PATH)).body.data.reply).toBe('https://c.example/hook');
	});

	it('answers 401, 404 and 422 like the other endpoints', async () => {
		expect(await call('GET', EVENTS_PATH, undefined, null)).toEqual({
			status: 401,
			body: { message: 'Authentication failed' },
		});
		const missingBot = await call('GET', '/v1/bots/other-bot/events/webhook');
		expect(missingBot.status).toBe(404);
		expect(missingBot.body.error.code).toBe('E1019');
		const invalid = await call('POST', EVENTS_PATH, {
			webhooks: [{ url: 'ftp://x', events: ['opened'] }],
		});
		expect(invalid.status).toBe(422);
		expect(Object.keys(invalid.body.validationError)).toEqual([
			'webhooks[0].url',
			'webhooks[0].events',
		]);
		expect((await call('POST', EVENTS_PATH, {})).status).toBe(422);
	});
});

describe('fake Jelou: event delivery', () => {
	beforeEach(() => {
		fake.events.subscriptions.delivered_channel = `${receiverUrl}/hook?event=delivered_channel`;
		fake.events.subscriptions.delivered_user = `${receiverUrl}/hook?event=delivered_user`;
		fake.events.subscriptions.read = `${receiverUrl}/hook?event=read`;
		fake.events.subscriptions.failed = `${receiverUrl}/refuse?event=failed`;
		fake.events.subscriptions.reply = `${receiverUrl}/hook?event=reply`;
	});

	it('after a template send delivers delivered_channel, delivered_user and read, in that order, as notification records', async () => {
		const sent = await call('POST', '/v2/whatsapp/test-bot/hsm', {
			elementName: 'order_confirmation',
			destinations: ['593987654321'],
			parameters: ['Maria', '71936'],
		});
		const id = sent.body[0].id;
		await fake.events.idle();
		expect(received.map((delivery) => delivery.url)).toEqual([
			'/hook?event=delivered_channel',
			'/hook?event=delivered_user',
			'/hook?event=read',
		]);
		expect(received[1].body).toMatchObject({
			id,
			destination: '593987654321',
			sentStatus: 'DELIVERED_USER',
			elementName: 'order_confirmation',
			error: null,
		});
		expect(received[2].body).toMatchObject({ sentStatus: 'READ', wasRead: true });
	});

	it('delivers only failed for the unreachable number, and records what the subscriber answered', async () => {
		await call('POST', '/v2/whatsapp/test-bot/hsm', {
			elementName: 'order_confirmation',
			destinations: [UNREACHABLE_NUMBER],
			parameters: ['Maria', '71936'],
		});
		await fake.events.idle();
		expect(fake.events.deliveries.map((delivery) => [delivery.event, delivery.status])).toEqual([
			['failed', 401],
		]);
		expect(fake.sentMessages[0].status).toBe('FAILED');
	});

	it('honours configured delays and sends nothing to unsubscribed events', async () => {
		delete fake.events.subscriptions.delivered_channel;
		delete fake.events.subscriptions.read;
		fake.events.delays = { delivered_channel: 0, delivered_user: 5, read: 10, failed: 0 };
		await call('POST', '/v2/whatsapp/test-bot/hsm', {
			elementName: 'order_confirmation',
			destinations: ['593987654321'],
			parameters: ['Maria', '71936'],
		});
		await fake.events.idle();
		expect(received.map((delivery) => delivery.url)).toEqual(['/hook?event=delivered_user']);
	});

	it('simulates a customer reply as an incoming message, on a fake-only endpoint', async () => {
		const sent = await call('POST', '/v2/whatsapp/test-bot/hsm', {
			elementName: 'order_confirmation',
			destinations: ['593987654321'],
			parameters: ['Maria', '71936'],
		});
		await fake.events.idle();
		received.length = 0;
		const reply = await call('POST', `/fake/v1/bots/test-bot/messages/${sent.body[0].id}/reply`, {
			text: 'Thanks!',
		});
		expect(reply.status).toBe(200);
		await fake.events.idle();
		expect(received).toEqual([
			{
				url: '/hook?event=reply',
				body: {
					messageId: reply.body.messageId,
					bubble: { type: 'text', text: 'Thanks!' },
					names: 'Customer',
					userId: '593987654321',
					botId: 'test-bot',
					received: expect.any(Number),
					status: 'created',
					owner: 'user',
				},
			},
		]);
		expect(
			(await call('POST', '/fake/v1/bots/test-bot/messages/nope/reply', { text: 'x' })).status,
		).toBe(404);
		expect(
			(await call('POST', `/fake/v1/bots/test-bot/messages/${sent.body[0].id}/reply`, {})).status,
		).toBe(422);
	});
});
