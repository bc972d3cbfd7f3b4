import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { AdaptiveLimiter } from '../../../nodes/JelouWhatsApp/execution/concurrency';
import { JelouClient } from '../../../nodes/JelouWhatsApp/transport';
import type { JelouConnection, ThrottleListener } from '../../../nodes/JelouWhatsApp/transport';
import { startFakeJelou } from '../../fake-jelou/server';
import type { FakeJelou } from '../../fake-jelou/server';

// Distinctive credentials, so a leak into any error text would be found by a plain substring search.
const CLIENT_ID = 'cid-7Q2xLm9VvR';
const CLIENT_SECRET = 'sec-Zp4Kq8Wn3HtYb6';
const BOT_ID = 'bot-transport';
const node: INode = {
	id: 'n1',
	name: 'Jelou WhatsApp',
	type: 'n8n-nodes-jelou.jelouWhatsApp',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const HSM_PATH = `/v2/whatsapp/${BOT_ID}/hsm`;
const HSM_BODY = {
	elementName: 'order_confirmation',
	destinations: ['593991234567'],
	parameters: ['Maria', '71936'],
};

let fake: FakeJelou;

function client(
	overrides: Partial<JelouConnection> = {},
	throttle?: ThrottleListener,
): JelouClient {
	return new JelouClient(
		node,
		{
			baseUrl: fake.url,
			botId: BOT_ID,
			clientId: CLIENT_ID,
			clientSecret: CLIENT_SECRET,
			timeoutMs: 5_000,
			...overrides,
		},
		{ throttle },
	);
}

async function failure(promise: Promise<unknown>): Promise<NodeApiError> {
	try {
		await promise;
	} catch (error) {
		return error as NodeApiError;
	}
	throw new Error('expected the request to fail');
}

/** Everything a user or a log could see of an error. */
function everythingVisible(error: NodeApiError): string {
	return [
		error.message,
		error.description,
		error.stack,
		JSON.stringify(error),
		JSON.stringify(error.context),
		JSON.stringify(error.cause),
	].join('\n');
}

function expectNoSecrets(error: NodeApiError): void {
	const visible = everythingVisible(error);
	const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');
	expect(visible).not.toContain(CLIENT_SECRET);
	expect(visible).not.toContain(CLIENT_ID);
	expect(visible).not.toContain(basic);
	expect(visible.toLowerCase()).not.toContain('authorization');
}

beforeAll(async () => {
	fake = await startFakeJelou({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, botId: BOT_ID });
});
afterEach(() => fake.reset());
afterAll(async () => await fake.close());

describe('JelouClient over HTTP', () => {
	it('sends Basic auth from Client ID and Client Secret and returns the parsed answer', async () => {
		const answer = await client().request<Array<{ id: string; destination: string }>>({
			method: 'POST',
			path: HSM_PATH,
			json: HSM_BODY,
		});
		expect(answer).toEqual([{ id: expect.any(String), destination: '593991234567' }]);
		expect(fake.requests).toHaveLength(1);
		expect(fake.requests[0].body).toEqual(HSM_BODY);
		expect(fake.requests[0].headerNames).toEqual(
			expect.arrayContaining(['authorization', 'content-type']),
		);
	});

	it('drops empty query values and encodes the rest', async () => {
		await client().request({
			method: 'GET',
			path: `/v1/bots/${BOT_ID}/templates`,
			query: { status: 'APPROVED', query: '', category: undefined },
		});
		expect(fake.requests[0].query).toEqual({ status: 'APPROVED' });
	});

	describe('errors', () => {
		it('gives the plain credentials message for a wrong secret, without secrets', async () => {
			const error = await failure(
				client({ clientSecret: 'wrong-secret-value' }).request({
					method: 'POST',
					path: HSM_PATH,
					json: HSM_BODY,
				}),
			);
			expect(error).toBeInstanceOf(NodeApiError);
			expect(error.message).toBe('Authentication failed: check Client ID and Client Secret');
			expect(error.httpCode).toBe('401');
			expectNoSecrets(error);
			expect(everythingVisible(error)).not.toContain('wrong-secret-value');
		});

		it('gives the plain bot message for a wrong bot', async () => {
			const error = await failure(
				client({ botId: 'nope' }).request({
					method: 'POST',
					path: '/v2/whatsapp/nope/hsm',
					json: HSM_BODY,
				}),
			);
			expect(error.message).toBe('Bot not found: check Bot ID (nope)');
			expect(error.description).toContain('E1019 (BOT_NOT_FOUND)');
			expect(error.description).toContain(
				'One Jelou API credential can use every bot of its company',
			);
			expectNoSecrets(error);
		});

		it('shows a validation error with every rejected field', async () => {
			const error = await failure(
				client().request({
					method: 'POST',
					path: HSM_PATH,
					json: { ...HSM_BODY, parameters: ['only one'] },
				}),
			);
			expect(error.message).toBe('The request values are not correct for processing.');
			expect(error.description).toContain('parameters: The number of parameters is incorrect.');
			expect(error.description).toContain('Jelou code E0422 (VALIDATOR_ERROR), HTTP 422.');
			expectNoSecrets(error);
		});

		it('shows the short "Template does not exist" answer verbatim', async () => {
			const error = await failure(
				client().request({
					method: 'POST',
					path: HSM_PATH,
					json: { ...HSM_BODY, elementName: 'missing_template' },
				}),
			);
			expect(error.message).toBe('Template does not exist');
			expectNoSecrets(error);
		});
	});

	describe('retries', () => {
		it('retries a 429 after its Retry-After and records exactly one message', async () => {
			fake.injectFault(`POST ${HSM_PATH}`, {
				kind: 'status',
				status: 429,
				retryAfterSeconds: 0.05,
			});
			const limiter = new AdaptiveLimiter();
			const started = Date.now();
			await client({}, limiter).request({ method: 'POST', path: HSM_PATH, json: HSM_BODY });
			expect(fake.requests.map((request) => request.status)).toEqual([429, 200]);
			expect(fake.sentMessages).toHaveLength(1);
			expect(limiter.summary().throttled).toBe(1);
			expect(Date.now() - started).toBeGreaterThanOrEqual(50);
		});

		it('fails at once when Retry-After is longer than the node waits, saying how long Jelou asked for', async () => {
			fake.injectFault(`POST ${HSM_PATH}`, {
				kind: 'status',
				status: 429,
				retryAfterSeconds: 3600,
			});
			const limiter = new AdaptiveLimiter();
			const error = await failure(
				client({}, limiter).request({
					method: 'POST',
					path: HSM_PATH,
					json: HSM_BODY,
					itemIndex: 3,
				}),
			);
			expect(error.message).toBe(
				'Jelou asked to wait 1 h before the next request, longer than the node waits (60 s)',
			);
			expect(error.httpCode).toBe('429');
			expect(error.context.itemIndex).toBe(3);
			expect(error.description).toMatch(/no further request of this run was sent/);
			expect(limiter.stoppedFor).toBe(3_600_000);

			// Every later request of the run fails without going out.
			const next = await failure(
				client({}, limiter).request({
					method: 'POST',
					path: HSM_PATH,
					json: HSM_BODY,
					itemIndex: 4,
				}),
			);
			expect(next.message).toBe(
				'Not sent: Jelou asked to wait 1 h before the next request, longer than the node waits (60 s)',
			);
			expect(next.context.itemIndex).toBe(4);
			expect(fake.requests).toHaveLength(1);
			expect(fake.sentMessages).toHaveLength(0);
		});

		it('a Timeout longer than 60 s raises the longest wait to the Timeout; beyond it the request fails at once, also without a pacer', async () => {
			fake.injectFault(`POST ${HSM_PATH}`, { kind: 'status', status: 503, retryAfterSeconds: 121 });
			const error = await failure(
				client({ timeoutMs: 120_000 }).request({ method: 'POST', path: HSM_PATH, json: HSM_BODY }),
			);
			expect(error.message).toBe(
				'Jelou asked to wait 2 min 1 s before the next request, longer than the node waits (2 min)',
			);
			expect(error.httpCode).toBe('503');
			expect(fake.requests).toHaveLength(1);
		});

		it('retries a 503 the same way', async () => {
			fake.injectFault(`POST ${HSM_PATH}`, { kind: 'status', status: 503, retryAfterSeconds: 0 });
			await client().request({ method: 'POST', path: HSM_PATH, json: HSM_BODY });
			expect(fake.requests.map((request) => request.status)).toEqual([503, 200]);
			expect(fake.sentMessages).toHaveLength(1);
		});

		it('waits its turn through five refusals in a row and is then accepted once', async () => {
			fake.injectFault(
				`POST ${HSM_PATH}`,
				{ kind: 'status', status: 429, retryAfterSeconds: 0 },
				5,
			);
			await client().request({ method: 'POST', path: HSM_PATH, json: HSM_BODY });
			expect(fake.requests.map((request) => request.status)).toEqual([
				429, 429, 429, 429, 429, 200,
			]);
			expect(fake.sentMessages).toHaveLength(1);
		});

		it('never repeats a request that got a 500', async () => {
			fake.injectFault(`POST ${HSM_PATH}`, { kind: 'status', status: 500 });
			const error = await failure(
				client().request({ method: 'POST', path: HSM_PATH, json: HSM_BODY }),
			);
			expect(fake.requests).toHaveLength(1);
			expect(error.httpCode).toBe('500');
			expectNoSecrets(error);
		});

		it('never repeats a request whose connection was reset after it was sent', async () => {
			fake.injectFault(`POST ${HSM_PATH}`, { kind: 'reset' });
			const error = await failure(
				client().request({ method: 'POST', path: HSM_PATH, json: HSM_BODY }),
			);
			expect(fake.requests).toHaveLength(1);
			expect(error.message).toBe(
				'The connection to Jelou broke before it answered: the request may have been sent, and was not repeated',
			);
			expect(error.description).toMatch(/may have received it/);
			expectNoSecrets(error);
		});

		for (const kind of ['reset-before', 'reset-after'] as const) {
			it(`never repeats a request on a kept-alive connection dropped unanswered (${kind})`, async () => {
				const pooled = client();
				await pooled.request({ method: 'POST', path: HSM_PATH, json: HSM_BODY });
				fake.injectFault(`POST ${HSM_PATH}`, { kind });
				const error = await failure(
					pooled.request({ method: 'POST', path: HSM_PATH, json: HSM_BODY }),
				);
				expect(fake.requests.map((request) => request.status)).toEqual([200, 0]);
				// reset-after: Jelou sent it, and it stays sent once; reset-before: it was not sent, nor sent again
				expect(fake.sentMessages).toHaveLength(kind === 'reset-after' ? 2 : 1);
				expect(error.message).toMatch(/may have been sent, and was not repeated/);
			});
		}

		it('never repeats a request on a kept-alive connection once Jelou began to answer', async () => {
			await client().request({ method: 'POST', path: HSM_PATH, json: HSM_BODY });
			fake.injectFault(`POST ${HSM_PATH}`, { kind: 'stall', status: 200, partialBody: '[{"id"' });
			const error = await failure(
				client({ timeoutMs: 300 }).request({
					method: 'POST',
					path: HSM_PATH,
					json: HSM_BODY,
				}),
			);
			expect(fake.requests).toHaveLength(2);
			expect(error.description).toMatch(/not repeated/);
		});

		it('never repeats a request that timed out', async () => {
			fake.injectFault(`POST ${HSM_PATH}`, { kind: 'hang' });
			const error = await failure(
				client({ timeoutMs: 300 }).request({ method: 'POST', path: HSM_PATH, json: HSM_BODY }),
			);
			expect(fake.requests).toHaveLength(1);
			expect(error.message).toBe('Jelou did not answer within 300 ms');
			expect(error.description).toMatch(/may have reached Jelou/);
			expectNoSecrets(error);
		});

		it('retries when the connection is refused, because the request never left', async () => {
			// Take a free port, leave it closed, and open the API there after the first refusal.
			const probe = createServer();
			await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
			const port = (probe.address() as AddressInfo).port;
			await new Promise((resolve) => probe.close(resolve));
			const late = client({ baseUrl: `http://127.0.0.1:${port}` }).request({
				method: 'POST',
				path: HSM_PATH,
				json: HSM_BODY,
			});
			const lateFake = await new Promise<FakeJelou>((resolve) =>
				setTimeout(
					() =>
						resolve(
							startFakeJelou({
								port,
								clientId: CLIENT_ID,
								clientSecret: CLIENT_SECRET,
								botId: BOT_ID,
							}),
						),
					100,
				),
			);
			try {
				await expect(late).resolves.toEqual([
					{ id: expect.any(String), destination: '593991234567' },
				]);
				expect(lateFake.sentMessages).toHaveLength(1);
			} finally {
				await lateFake.close();
			}
		});

		it('fails clearly when nothing listens at all, without secrets', async () => {
			const error = await failure(
				client({ baseUrl: 'http://127.0.0.1:2' }).request({ method: 'GET', path: '/v1/campaigns' }),
			);
			expect(error.message).toBe(
				'Could not reach Jelou at http://127.0.0.1:2: the connection was refused',
			);
			expect(error.description).toMatch(/tried 3 times/);
			expectNoSecrets(error);
		});

		it('a port Node’s fetch refuses (as browsers do) is named as such; nothing was sent', async () => {
			const error = await failure(
				client({ baseUrl: 'http://127.0.0.1:6000' }).request({
					method: 'GET',
					path: '/v1/campaigns',
				}),
			);
			expect(error.message).toBe(
				'Could not reach Jelou at http://127.0.0.1:6000: Node.js does not connect to that port (one web browsers block too); use the port Jelou gave you',
			);
			expect(error.description).toMatch(/never left n8n/);
			expect(error.description).not.toMatch(/tried/);
		});
	});

	describe('multipart', () => {
		const csv = 'phone_number,customer_name\n593991234567,Maria\n593987654321,José\n';
		const upload = () => ({
			method: 'POST' as const,
			path: '/v1/hsm/file',
			multipart: {
				fields: [
					['campaignName', 'spring'],
					['botId', BOT_ID],
					['elementName', 'order_confirmation'],
					[
						'params',
						JSON.stringify([
							{ param: 1, column: 'customer_name' },
							{ param: 2, column: 'customer_name' },
						]),
					],
				] as Array<[string, string]>,
				file: {
					fieldName: 'file',
					filename: 'campaign.csv',
					contentType: 'text/csv',
					open: () => Readable.from([Buffer.from(csv)]),
				},
			},
		});

		it('streams fields and the file as multipart/form-data', async () => {
			await client().request(upload());
			const [request] = fake.requests;
			expect(request.form).toEqual({
				campaignName: 'spring',
				botId: BOT_ID,
				elementName: 'order_confirmation',
				params: '[{"param":1,"column":"customer_name"},{"param":2,"column":"customer_name"}]',
			});
			expect(request.file?.filename).toBe('campaign.csv');
			expect(request.file?.content.toString('utf8')).toBe(csv);
		});

		it('streams the file again from the start when a 429 asks for a retry', async () => {
			fake.injectFault('POST /v1/hsm/file', { kind: 'status', status: 429, retryAfterSeconds: 0 });
			await client().request(upload());
			expect(fake.requests.map((request) => request.status)).toEqual([429, 200]);
			expect(fake.requests[1].file?.content.toString('utf8')).toBe(csv);
			expect(fake.campaigns.filter((campaign) => campaign.name === 'spring')).toHaveLength(1);
		});
	});
});
