import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

import { CREATE_TEMPLATE_DOC_EXAMPLES } from '../unit/actions/template/create.body.doc-examples';
import { startFakeJelou, type FakeJelou } from './server';

let fake: FakeJelou;
let closeScriptRun: Promise<{ exitCode: number | null; output: string }>;

beforeAll(async () => {
	// Started first so the child's TypeScript start-up overlaps the other tests.
	closeScriptRun = runCloseScript();
	fake = await startFakeJelou();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

interface CallOptions {
	json?: unknown;
	form?: FormData;
	authorization?: string | null;
	signal?: AbortSignal;
}

async function call(method: string, path: string, options: CallOptions = {}) {
	const headers: Record<string, string> = {};
	const authorization =
		options.authorization === undefined ? fake.authorization : options.authorization;
	if (authorization !== null) headers.authorization = authorization;
	if (options.json !== undefined) headers['content-type'] = 'application/json';
	const response = await fetch(fake.url + path, {
		method,
		headers,
		body: options.form ?? (options.json === undefined ? undefined : JSON.stringify(options.json)),
		signal: options.signal,
	});
	const text = await response.text();
	return {
		status: response.status,
		headers: response.headers,
		body: text ? JSON.parse(text) : undefined,
	};
}

const HSM_PATH = '/v2/whatsapp/test-bot/hsm';
const orderConfirmation = {
	elementName: 'order_confirmation',
	destinations: ['593987654321'],
	parameters: ['Maria', '71936'],
};

const BOT_NOT_FOUND = {
	message: ['The Bot could not be found at the moment.'],
	statusMessage: 'failed',
	status: 0,
	error: {
		code: 'E1019',
		key: 'BOT_NOT_FOUND',
		description: 'Error to be thrown when trying to get a Bot.',
		developerMessages: {
			es: 'El botId no se encuentra en la base de datos o ha sido eliminado.',
			en: 'The botId is not found in the database or has been deleted.',
		},
		clientMessages: {
			es: 'El Bot no se pudo encontrar por el momento.',
			en: 'The Bot could not be found at the moment.',
		},
	},
};

function campaignForm(
	csv: string,
	fields: Record<string, string> = {},
	filename = 'campaign.csv',
): FormData {
	const form = new FormData();
	const all = {
		campaignName: 'spring',
		botId: 'test-bot',
		elementName: 'order_confirmation',
		params: JSON.stringify([
			{ param: 1, column: 'name' },
			{ param: 2, column: 'order' },
		]),
		...fields,
	};
	for (const [name, value] of Object.entries(all)) form.append(name, value);
	form.append('file', new Blob([csv], { type: 'text/csv' }), filename);
	return form;
}

describe('authentication and routing', () => {
	it('answers 401 with Jelou’s body without or with wrong credentials, and records both', async () => {
		const missing = await call('GET', '/v1/bots/test-bot/templates', { authorization: null });
		const wrong = await call('GET', '/v1/bots/test-bot/templates', {
			authorization: `Basic ${Buffer.from('test-client-id:nope').toString('base64')}`,
		});
		expect(missing).toMatchObject({ status: 401, body: { message: 'Authentication failed' } });
		expect(wrong).toMatchObject({ status: 401, body: { message: 'Authentication failed' } });
		expect(fake.requests.map((request) => request.status)).toEqual([401, 401]);
		expect(fake.requests[1].headerNames).toContain('authorization');
		expect(JSON.stringify(fake.requests)).not.toContain(
			Buffer.from('test-client-id:nope').toString('base64'),
		);
	});

	it('answers the full E1019 envelope for another bot in the path, query or body', async () => {
		const inPath = await call('GET', '/v1/bots/other-bot/templates');
		const inQuery = await call(
			'GET',
			'/v1/campaigns?botId=other-bot&startAt=2024-01-01&endAt=2024-12-31',
		);
		const inBody = await call('POST', '/v1/whatsapp/messages', {
			json: { botId: 'other-bot', userId: '593987654321', type: 'text', text: 'hi' },
		});
		for (const response of [inPath, inQuery, inBody])
			expect(response).toEqual(expect.objectContaining({ status: 404, body: BOT_NOT_FOUND }));
	});

	it('answers 404 plain JSON for an unknown route', async () => {
		const response = await call('GET', '/v1/nothing-here');
		expect(response.status).toBe(404);
		expect(response.body).toEqual({
			statusCode: 404,
			message: 'Cannot GET /v1/nothing-here',
			error: 'Not Found',
		});
	});
});

describe('POST /v2/whatsapp/:botId/hsm', () => {
	it('sends to every destination with unique ids and records the messages', async () => {
		const response = await call('POST', HSM_PATH, {
			json: {
				...orderConfirmation,
				destinations: ['593987654321', '14155550100'],
				buttonOptions: {},
			},
		});
		expect(response.status).toBe(200);
		expect(response.body).toEqual([
			{ id: expect.stringMatching(/^msg-/), destination: '593987654321' },
			{ id: expect.stringMatching(/^msg-/), destination: '14155550100' },
		]);
		expect(response.body[0].id).not.toBe(response.body[1].id);
		expect(fake.sentMessages.map(({ id, elementName }) => ({ id, elementName }))).toEqual(
			response.body.map(({ id }: { id: string }) => ({ id, elementName: 'order_confirmation' })),
		);
		expect(fake.requests[0]).toMatchObject({
			method: 'POST',
			path: HSM_PATH,
			status: 200,
			body: expect.any(Object),
		});
	});

	it('answers the doc’s E0422 body when the parameter count is wrong', async () => {
		const response = await call('POST', HSM_PATH, {
			json: { ...orderConfirmation, parameters: ['Maria'] },
		});
		expect(response.status).toBe(422);
		expect(response.body).toEqual({
			message: ['The values entered are not correct.'],
			statusMessage: 'failed',
			status: 0,
			error: {
				code: 'E0422',
				key: 'VALIDATOR_ERROR',
				description: 'Error to be thrown when cannot process request because of incoming values',
				developerMessages: {
					es: 'Los valores del request no son correctos para ser procesados.',
					en: 'The request values are not correct for processing.',
				},
				clientMessages: {
					es: 'Los valores ingresados no son correctos.',
					en: 'The values entered are not correct.',
				},
			},
			validationError: {
				parameters: [
					{
						en: 'The number of parameters is incorrect.',
						es: 'El número de parámetros es incorrecto.',
					},
				],
			},
		});
		expect(fake.sentMessages).toHaveLength(0);
	});

	it('names every bad field at once', async () => {
		const response = await call('POST', HSM_PATH, {
			json: {
				destinations: ['+593 98 765 4321'],
				parameters: [],
				type: 'sticker',
				headerParameters: ['a', 'b'],
			},
		});
		expect(response.status).toBe(422);
		expect(Object.keys(response.body.validationError).sort()).toEqual(
			['destinations', 'elementName', 'headerParameters', 'type'].sort(),
		);
	});

	it('answers 400 Template does not exist for unknown and unapproved templates', async () => {
		for (const elementName of ['no_such_template', 'spring_sale_pending']) {
			const response = await call('POST', HSM_PATH, {
				json: { ...orderConfirmation, elementName, parameters: ['x'] },
			});
			expect(response.status).toBe(400);
			expect(response.body).toMatchObject({
				message: ['Template does not exist'],
				status: 'failed',
				error: {},
			});
			expect(response.body._metadata.body).toMatchObject({ elementName, botId: 'test-bot' });
		}
	});

	it("requires type and mediaUrl for a document template, and takes it without a filename as Jelou's example does", async () => {
		const base = {
			elementName: 'invoice_document',
			destinations: ['593987654321'],
			parameters: ['Maria'],
		};
		const bare = await call('POST', HSM_PATH, { json: base });
		expect(Object.keys(bare.body.validationError).sort()).toEqual(['mediaUrl', 'type']);
		const complete = await call('POST', HSM_PATH, {
			json: {
				...base,
				type: 'document',
				mediaUrl: 'https://cdn.example.com/invoice.pdf',
			},
		});
		expect(complete.status).toBe(200);
		const named = await call('POST', HSM_PATH, {
			json: {
				...base,
				type: 'document',
				mediaUrl: 'https://cdn.example.com/invoice.pdf',
				filename: 'invoice.pdf',
			},
		});
		expect(named.status).toBe(200);
	});
});

describe('templates', () => {
	it('lists as {data} by default and filters by query, status and category', async () => {
		const all = await call('GET', '/v1/bots/test-bot/templates');
		expect(all.body.data).toHaveLength(12);
		const filtered = await call(
			'GET',
			'/v1/bots/test-bot/templates?query=ORDER&status=APPROVED&category=UTILITY',
		);
		expect(filtered.body).toEqual({
			data: [
				expect.objectContaining({ elementName: 'order_confirmation', paramsNumber: 2 }),
				expect.objectContaining({ elementName: 'order_shipped', paramsNumber: 1 }),
			],
		});
		const pending = await call('GET', '/v1/bots/test-bot/templates?status=PENDING');
		expect(
			pending.body.data.map((template: { elementName: string }) => template.elementName),
		).toEqual(['spring_sale_pending']);
	});

	it('pages as {pagination, results, links} when asked, or always once switched', async () => {
		const paged = await call('GET', '/v1/bots/test-bot/templates?page=2&limit=3');
		expect(paged.body.pagination).toEqual({ page: 2, limit: 3, total: 12, totalPages: 4 });
		expect(paged.body.results).toHaveLength(3);
		expect(paged.body.links).toEqual({});
		fake.setTemplateListShape('paginated');
		expect((await call('GET', '/v1/bots/test-bot/templates')).body.pagination.total).toBe(12);
	});

	it('rejects an unknown status filter', async () => {
		const response = await call('GET', '/v1/bots/test-bot/templates?status=approved');
		expect(response.status).toBe(422);
		expect(response.body.validationError.status).toBeDefined();
	});

	it('creates a template, PENDING when sent to approval, and refuses the same name twice', async () => {
		const template = CREATE_TEMPLATE_DOC_EXAMPLES.textUtility;
		const created = await call('POST', '/v1/bots/test-bot/templates?sendToAprove=true', {
			json: template,
		});
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({
			message: ['Template has been created.'],
			status: 'success',
			data: {
				elementName: 'text_template_utility',
				status: 'PENDING',
				botId: 'test-bot',
				paramsNumber: 2,
			},
		});
		expect(
			fake.templates.find((stored) => stored.elementName === 'text_template_utility')?.status,
		).toBe('PENDING');

		const again = await call('POST', '/v1/bots/test-bot/templates', { json: template });
		expect(again).toMatchObject({
			status: 400,
			body: { message: ['Template name already exists'], status: 'failed' },
		});

		const draft = await call('POST', '/v1/bots/test-bot/templates?sendToAprove=false', {
			json: { ...template, elementName: 'draft_one' },
		});
		expect(draft.body.data.status).toBe('DRAFT');
	});

	it('rejects a template that breaks the documented rules', async () => {
		const response = await call('POST', '/v1/bots/test-bot/templates', {
			json: {
				elementName: 'Bad-Name',
				language: 'en',
				template: 'Hi {{2}}',
				header: 'x'.repeat(61),
				interactiveAction: 'MAYBE',
			},
		});
		expect(response.status).toBe(422);
		expect(Object.keys(response.body.validationError)).toEqual(
			expect.arrayContaining([
				'category',
				'elementName',
				'template',
				'header',
				'interactiveAction',
				'example',
			]),
		);
	});
});

describe('POST /v1/hsm/file', () => {
	const csv =
		'\uFEFFphone,name,order\r\n593987654321,"Doe, Maria",71936\r\n14155550100,"Bob ""B""",1\r\n';

	it('creates a campaign from a multipart CSV and records the form and the file', async () => {
		const response = await call('POST', '/v1/hsm/file', { form: campaignForm(csv) });
		expect(response).toMatchObject({
			status: 200,
			body: { message: ['Campaign has been created.'], status: 'success' },
		});
		const record = fake.requests[0];
		expect(record.form).toMatchObject({
			campaignName: 'spring',
			botId: 'test-bot',
			elementName: 'order_confirmation',
		});
		expect(record.file).toMatchObject({
			fieldName: 'file',
			filename: 'campaign.csv',
			contentType: 'text/csv',
		});
		expect(record.file?.content.toString('utf8')).toBe(csv);
		expect(fake.campaigns.at(-1)).toMatchObject({
			name: 'spring',
			fileName: 'campaign.csv',
			rowCount: 2,
			status: 'PENDING',
		});
		expect(fake.sentMessages.map(({ destination, body }) => ({ destination, body }))).toEqual([
			{
				destination: '593987654321',
				body: expect.objectContaining({ parameters: ['Doe, Maria', '71936'] }),
			},
			{
				destination: '14155550100',
				body: expect.objectContaining({ parameters: ['Bob "B"', '1'] }),
			},
		]);
	});

	it('accepts a JSON body with fileUrl and a future scheduledAt', async () => {
		const response = await call('POST', '/v1/hsm/file', {
			json: {
				campaignName: 'later',
				botId: 'test-bot',
				elementName: 'appointment_reminder',
				params: [],
				fileUrl: 'https://cdn.example.com/campaign.csv',
				scheduledAt: '2999-01-01T10:00:00Z',
			},
		});
		expect(response.status).toBe(200);
		expect(fake.campaigns.at(-1)).toMatchObject({
			name: 'later',
			status: 'SCHEDULED',
			fileName: null,
		});
	});

	it('answers Invalid CSV format for a broken CSV and E0422 for a column not in the header', async () => {
		const broken = await call('POST', '/v1/hsm/file', {
			form: campaignForm('phone,name,order\n593987654321,"Maria,1\n'),
		});
		expect(broken).toEqual(
			expect.objectContaining({
				status: 400,
				body: { message: ['Invalid CSV format'], status: 'failed' },
			}),
		);
		const missingColumn = await call('POST', '/v1/hsm/file', {
			form: campaignForm('phone,name\n593987654321,Maria\n'),
		});
		expect(missingColumn.status).toBe(422);
		expect(missingColumn.body.validationError.params[0].en).toContain('order');
	});

	it('requires campaignName and a param for every template parameter', async () => {
		const response = await call('POST', '/v1/hsm/file', {
			form: campaignForm(csv, { campaignName: '', params: '[]' }),
		});
		expect(response.status).toBe(422);
		expect(response.body.validationError.campaignName).toBeDefined();
	});

	it('handles a 10 MB upload', async () => {
		const row = '593987654321,Maria Fernanda Gonzalez Rodriguez,ORDER-0000001\n';
		const rowCount = Math.ceil((10 * 1024 * 1024) / row.length);
		const big = 'phone,name,order\n' + row.repeat(rowCount);
		const response = await call('POST', '/v1/hsm/file', { form: campaignForm(big) });
		expect(response.status).toBe(200);
		expect(fake.requests[0].file?.content.length).toBe(Buffer.byteLength(big));
		expect(fake.campaigns.at(-1)?.rowCount).toBe(rowCount);
	}, 120_000);
});

describe('POST /v1/whatsapp/messages', () => {
	it('sends a text message with a list and answers Jelou’s shape', async () => {
		const response = await call('POST', '/v1/whatsapp/messages', {
			json: {
				botId: 'test-bot',
				userId: '593987654321',
				type: 'text',
				text: 'Pick one',
				buttons: { options: [{ title: 'Sales', description: 'Talk to sales' }] },
			},
		});
		expect(response.status).toBe(200);
		expect(response.body).toMatchObject({
			messageId: expect.any(String),
			bubble: {
				type: 'text',
				text: 'Pick one',
				buttons: { buttonText: { type: 'text', text: 'Opciones' } },
			},
			botId: 'test-bot',
			userId: '593987654321',
			received: expect.any(Number),
			status: 'DELIVERED_CHANNEL',
		});
		expect(fake.sentMessages[0]).toMatchObject({
			id: response.body.messageId,
			destination: '593987654321',
		});
	});

	it('enforces quick reply and location limits', async () => {
		const quickReplies = await call('POST', '/v1/whatsapp/messages', {
			json: {
				botId: 'test-bot',
				userId: '593987654321',
				type: 'quick_reply',
				text: 'Choose',
				quick_replies: [{ title: 'a' }, { title: 'b' }, { title: 'c' }, { title: 'd' }],
			},
		});
		expect(quickReplies.status).toBe(422);
		expect(quickReplies.body.validationError.quick_replies).toBeDefined();
		const location = await call('POST', '/v1/whatsapp/messages', {
			json: {
				botId: 'test-bot',
				userId: '593987654321',
				type: 'location',
				coordinates: { lat: 91, long: 0 },
			},
		});
		expect(location.body.validationError.coordinates).toBeDefined();
	});
});

describe('GET /v1/campaigns and notifications', () => {
	it('requires botId, startAt and endAt and caps limit at 50', async () => {
		const missing = await call('GET', '/v1/campaigns?limit=51');
		expect(missing.status).toBe(422);
		expect(Object.keys(missing.body.validationError).sort()).toEqual([
			'botId',
			'endAt',
			'limit',
			'startAt',
		]);
	});

	it('lists seeded campaigns in the date range, filtered and paged', async () => {
		const response = await call(
			'GET',
			'/v1/campaigns?botId=test-bot&startAt=2024-01-01&endAt=2024-12-31&status=COMPLETED',
		);
		expect(response.body).toEqual({
			pagination: { page: 1, limit: 10, total: 1, totalPages: 1 },
			results: [expect.objectContaining({ _id: 'cmp-seed-completed', rowCount: 120 })],
		});
	});

	it('reports sent messages as notifications, by filter and by id', async () => {
		const sent = await call('POST', HSM_PATH, { json: orderConfirmation });
		const id = sent.body[0].id as string;
		const list = await call('GET', `/v1/external/bots/test-bot/notifications?messageId=${id}`);
		expect(list.body.pagination.total).toBe(1);
		expect(list.body.results[0]).toMatchObject({
			messageId: id,
			status: 'DELIVERED_USER',
			elementName: 'order_confirmation',
		});
		const one = await call('GET', `/v1/external/bots/test-bot/notifications/${id}`);
		expect(one.body).toMatchObject({ messageId: id, destination: '593987654321' });
		expect((await call('GET', '/v1/external/bots/test-bot/notifications/unknown')).status).toBe(
			404,
		);
		expect(
			(await call('GET', '/v1/external/bots/test-bot/notifications?from=yesterday')).status,
		).toBe(422);
	});
});

describe('faults, latency and rate limit', () => {
	it('answers a status fault before auth, with Retry-After and Jelou’s 500 body, for the given times', async () => {
		fake.injectFault(
			'POST /v2/whatsapp/:botId/hsm',
			{ kind: 'status', status: 503, retryAfterSeconds: 2 },
			2,
		);
		const first = await call('POST', HSM_PATH, { json: orderConfirmation, authorization: null });
		expect(first.status).toBe(503);
		expect(first.headers.get('retry-after')).toBe('2');
		expect(first.body.error.code).toBe('E0000');
		expect((await call('POST', HSM_PATH, { json: orderConfirmation })).status).toBe(503);
		expect((await call('POST', HSM_PATH, { json: orderConfirmation })).status).toBe(200);
		expect(fake.sentMessages).toHaveLength(1);
	});

	it('answers a status fault with a given body on any route', async () => {
		fake.injectFault('*', { kind: 'status', status: 429, body: { message: ['slow down'] } });
		const response = await call('GET', '/v1/bots/test-bot/templates');
		expect(response).toMatchObject({ status: 429, body: { message: ['slow down'] } });
	});

	it('resets the connection after reading the request and records it with status 0', async () => {
		fake.injectFault('POST /v2/whatsapp/test-bot/hsm', { kind: 'reset' });
		await expect(call('POST', HSM_PATH, { json: orderConfirmation })).rejects.toThrow();
		expect(fake.requests[0]).toMatchObject({ status: 0, body: orderConfirmation });
		expect(fake.sentMessages).toHaveLength(0);
	});

	it('hangs without answering and records the request with status 0', async () => {
		fake.injectFault('GET /v1/bots/:botId/templates', { kind: 'hang' });
		await expect(
			call('GET', '/v1/bots/test-bot/templates', { signal: AbortSignal.timeout(100) }),
		).rejects.toThrow();
		expect(fake.requests[0].status).toBe(0);
	});

	it('delays by a latency fault and by setLatency', async () => {
		fake.injectFault('*', { kind: 'latency', ms: 120 });
		let started = Date.now();
		expect((await call('GET', '/v1/bots/test-bot/templates')).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(110);
		fake.setLatency(80);
		started = Date.now();
		await call('GET', '/v1/bots/test-bot/templates');
		expect(Date.now() - started).toBeGreaterThanOrEqual(70);
	});

	it('answers 429 with Retry-After: 1 beyond the rate limit without doing the work', async () => {
		fake.setRateLimit(2);
		const statuses = [];
		for (let i = 0; i < 3; i++)
			statuses.push(await call('POST', HSM_PATH, { json: orderConfirmation }));
		expect(statuses.map((response) => response.status)).toEqual([200, 200, 429]);
		expect(statuses[2].headers.get('retry-after')).toBe('1');
		expect(statuses[2].body).toMatchObject({
			statusMessage: 'failed',
			error: { key: 'TOO_MANY_REQUESTS' },
		});
		expect(fake.sentMessages).toHaveLength(2);
	});

	it('reset() clears records, faults and created state', async () => {
		fake.injectFault('*', { kind: 'status', status: 500 }, Infinity);
		fake.templates.push({ ...fake.templates[0], elementName: 'extra' });
		await call('GET', '/v1/bots/test-bot/templates');
		fake.reset();
		expect(fake.requests).toHaveLength(0);
		expect(fake.templates.map((template) => template.elementName)).not.toContain('extra');
		expect((await call('GET', '/v1/bots/test-bot/templates')).status).toBe(200);
	});
});

it('close() releases keep-alive, hung and delayed connections so the process exits', async () => {
	const { exitCode, output } = await closeScriptRun;
	expect(exitCode).toBe(0);
	// Exit code 0 means the process ended by itself, long before the 60 s latency timer and the 15 s kill.
	const [hung, delayed, msFromCloseToExit] = output.trim().split(' ');
	expect([hung, delayed]).toEqual(['closed', 'closed']);
	expect(msFromCloseToExit).toMatch(/^\d+$/);
});

/**
 * Runs a fake in its own process with a keep-alive, a hung and a delayed connection open, then closes it.
 * A separate process shows what jest would hide: any handle left open keeps node running.
 * Prints both pending fetches' outcome and the milliseconds from close() to exit.
 */
function runCloseScript(): Promise<{ exitCode: number | null; output: string }> {
	const script = `
		const { startFakeJelou } = require('./test/fake-jelou/server');
		(async () => {
			const fake = await startFakeJelou();
			const headers = { authorization: fake.authorization };
			await fetch(fake.url + '/v1/bots/test-bot/templates', { headers });
			fake.injectFault('*', { kind: 'hang' });
			const hung = fetch(fake.url + '/v1/bots/test-bot/templates', { headers }).catch(() => 'closed');
			fake.setLatency(60000);
			const delayed = fetch(fake.url + '/v1/bots/test-bot/templates', { headers }).catch(() => 'closed');
			await new Promise((resolve) => setTimeout(resolve, 100));
			await fake.close();
			const closedAt = Date.now();
			process.on('exit', () => process.stdout.write(' ' + (Date.now() - closedAt)));
			process.stdout.write((await hung) + ' ' + (await delayed));
		})();
	`;
	const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
		cwd: resolve(__dirname, '../..'),
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	return new Promise((done) => {
		const killer = setTimeout(() => child.kill(), 15000);
		child.on('exit', (exitCode) => {
			clearTimeout(killer);
			done({ exitCode, output });
		});
	});
}
