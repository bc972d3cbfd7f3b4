// The fake's connection faults: idle keep-alive connections closed unannounced (as by a proxy with a short idle
// timeout), a request met on a reused connection by a close before it is read, and the counts that tell
// connections opened from requests processed. Plain node:http clients, one socket each, so every step is visible.
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';

import { startFakeJelou, type FakeJelou } from './server';

const HSM_ROUTE = 'POST /v2/whatsapp/:botId/hsm';

let fake: FakeJelou;
let agent: Agent;

beforeAll(async () => {
	fake = await startFakeJelou();
});
afterAll(() => fake.close());
beforeEach(() => {
	fake.reset();
	agent = new Agent({ keepAlive: true, maxSockets: 1 });
});
afterEach(() => agent.destroy());

interface Answer {
	status: number;
	headers: IncomingHttpHeaders;
	body: unknown;
	socket: Socket;
}

/** One template send over `agent`; rejects with the socket error when the connection closes unanswered. */
function send(destination: string): Promise<Answer> {
	const body = JSON.stringify({
		elementName: 'order_confirmation',
		destinations: [destination],
		parameters: ['Maria', '71936'],
	});
	return new Promise((resolve, reject) => {
		const req = request(
			`${fake.url}/v2/whatsapp/${fake.botId}/hsm`,
			{
				method: 'POST',
				agent,
				headers: { authorization: fake.authorization, 'content-type': 'application/json' },
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => (text += chunk));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body: JSON.parse(text),
						socket: req.socket as Socket,
					}),
				);
			},
		);
		req.on('error', reject);
		req.end(body);
	});
}

const closed = (socket: Socket) =>
	new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', resolve)));

describe('idle close', () => {
	it('closes a keep-alive connection that stays idle, and sends no Keep-Alive hint beforehand', async () => {
		fake.setIdleClose(50);
		const first = await send('593987654321');
		expect(first.status).toBe(200);
		expect(first.headers.connection).toBe('keep-alive');
		expect(first.headers['keep-alive']).toBeUndefined();
		await closed(first.socket);
		expect(fake.connectionStats).toEqual({
			opened: 1,
			processed: 1,
			closedWhileIdle: 1,
			closedOnArrival: 0,
		});

		const second = await send('593987654322');
		expect(second.status).toBe(200);
		expect(second.socket).not.toBe(first.socket);
		expect(fake.sentMessages.map((message) => message.destination)).toEqual([
			'593987654321',
			'593987654322',
		]);
		expect(fake.connectionStats.opened).toBe(2);
	});

	it('keeps Node’s own keep-alive timeout and its hint when idle close is off, and reset() turns it off', async () => {
		fake.setIdleClose(50);
		fake.reset();
		const answer = await send('593987654321');
		expect(answer.headers['keep-alive']).toBe('timeout=5');
		expect(fake.connectionStats.closedWhileIdle).toBe(0);
	});

	it('never closes a connection while its request is being answered', async () => {
		fake.setIdleClose(30);
		fake.setLatency(120);
		const answer = await send('593987654321');
		expect(answer.status).toBe(200);
		expect(fake.sentMessages).toHaveLength(1);
		await closed(answer.socket);
		expect(fake.connectionStats.closedWhileIdle).toBe(1);
	});

	it('can be set when the fake starts', async () => {
		const own = await startFakeJelou({ idleCloseMs: 40 });
		try {
			const response = await fetch(`${own.url}/v1/bots/${own.botId}/templates`, {
				headers: { authorization: own.authorization },
			});
			expect(response.status).toBe(200);
			expect(response.headers.get('keep-alive')).toBeNull();
			await response.text();
		} finally {
			await own.close();
		}
	});
});

describe("the 'close-on-arrival' fault", () => {
	it('closes a reused connection when the next request arrives, before reading it: nothing processed', async () => {
		fake.injectFault(HSM_ROUTE, { kind: 'close-on-arrival' });
		const first = await send('593987654321');
		expect(first.status).toBe(200);

		await expect(send('593987654322')).rejects.toThrow(/socket hang up|ECONNRESET/);
		expect(fake.requests).toHaveLength(1);
		expect(fake.sentMessages.map((message) => message.destination)).toEqual(['593987654321']);
		expect(fake.connectionStats).toEqual({
			opened: 1,
			processed: 1,
			closedWhileIdle: 0,
			closedOnArrival: 1,
		});

		// Used up: the same request on a fresh connection goes through.
		const again = await send('593987654322');
		expect(again.status).toBe(200);
		expect(fake.sentMessages).toHaveLength(2);
		expect(fake.connectionStats.opened).toBe(2);
	});

	it('spares a request on a fresh connection and waits, armed, for one on a reused connection', async () => {
		fake.injectFault(HSM_ROUTE, { kind: 'close-on-arrival' });
		const first = await send('593987654321');
		expect(first.status).toBe(200);
		expect(fake.connectionStats.closedOnArrival).toBe(0);
		await expect(send('593987654322')).rejects.toThrow(/socket hang up|ECONNRESET/);
		expect(fake.connectionStats.closedOnArrival).toBe(1);
	});

	it('lets `after` requests on reused connections through first, and meets `times` of them', async () => {
		fake.injectFault(HSM_ROUTE, { kind: 'close-on-arrival' }, 2, 1);
		expect((await send('593987654321')).status).toBe(200); // fresh connection
		expect((await send('593987654322')).status).toBe(200); // reused, let through
		await expect(send('593987654323')).rejects.toThrow(/socket hang up|ECONNRESET/);
		expect((await send('593987654323')).status).toBe(200); // fresh connection again
		await expect(send('593987654324')).rejects.toThrow(/socket hang up|ECONNRESET/);
		expect((await send('593987654324')).status).toBe(200);
		expect((await send('593987654325')).status).toBe(200); // used up
		expect(fake.sentMessages).toHaveLength(5);
		expect(fake.connectionStats).toEqual({
			opened: 3,
			processed: 5,
			closedWhileIdle: 0,
			closedOnArrival: 2,
		});
	});

	it('only meets requests of its route, and other faults never take its place', async () => {
		fake.injectFault(HSM_ROUTE, { kind: 'close-on-arrival' });
		fake.injectFault(HSM_ROUTE, { kind: 'status', status: 503, retryAfterSeconds: 1 });
		const templates = () =>
			new Promise<number>((resolve, reject) => {
				const req = request(
					`${fake.url}/v1/bots/${fake.botId}/templates`,
					{ agent, headers: { authorization: fake.authorization } },
					(res) => {
						res.resume();
						res.on('end', () => resolve(res.statusCode ?? 0));
					},
				);
				req.on('error', reject);
				req.end();
			});
		expect(await templates()).toBe(200);
		expect(await templates()).toBe(200); // reused, but not the fault's route
		await expect(send('593987654321')).rejects.toThrow(/socket hang up|ECONNRESET/);
		const refused = await send('593987654321');
		expect(refused.status).toBe(503);
		expect(refused.headers['retry-after']).toBe('1');
		expect(fake.sentMessages).toHaveLength(0);
	});
});

describe('injectFault after', () => {
	it('answers the 5th send 503 with Retry-After after letting 4 through', async () => {
		fake.injectFault(HSM_ROUTE, { kind: 'status', status: 503, retryAfterSeconds: 1 }, 1, 4);
		const statuses: number[] = [];
		for (let i = 0; i < 6; i++) statuses.push((await send(`59398765432${i}`)).status);
		expect(statuses).toEqual([200, 200, 200, 200, 503, 200]);
		expect(fake.sentMessages).toHaveLength(5);
	});
});
