import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	ONLY_READS,
	SENDS_MESSAGE,
	WRITES_MEMORY,
} from '../../../nodes/JelouWhatsApp/shared/request-effects';
import type { RequestEffect } from '../../../nodes/JelouWhatsApp/shared/request-effects';
import { JelouClient, UnreadableAnswerError } from '../../../nodes/JelouWhatsApp/transport';
import type { JelouConnection } from '../../../nodes/JelouWhatsApp/transport';
import { startFakeJelou } from '../../fake-jelou/server';
import type { FakeJelou } from '../../fake-jelou/server';

const BOT_ID = 'bot-faults';
const node: INode = {
	id: 'n1',
	name: 'Jelou WhatsApp',
	type: 'n8n-nodes-jelou.jelouWhatsApp',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const HSM_PATH = `/v2/whatsapp/${BOT_ID}/hsm`;
const HSM_ROUTE = `POST ${HSM_PATH}`;
const HSM_BODY = {
	elementName: 'order_confirmation',
	destinations: ['593991234567'],
	parameters: ['Maria', '71936'],
};
const BAD_GATEWAY_PAGE = `<html>
<head><title>502 Bad Gateway</title><style>body { color: red }</style></head>
<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.25.3</center></body>
</html>`;

let fake: FakeJelou;

function client(overrides: Partial<JelouConnection> = {}): JelouClient {
	return new JelouClient(node, {
		baseUrl: fake.url,
		botId: BOT_ID,
		clientId: fake.clientId,
		clientSecret: fake.clientSecret,
		timeoutMs: 5_000,
		...overrides,
	});
}

async function failure(promise: Promise<unknown>): Promise<NodeApiError> {
	try {
		await promise;
	} catch (error) {
		return error as NodeApiError;
	}
	throw new Error('expected the request to fail');
}

const send = (overrides: Partial<JelouConnection> = {}) =>
	client(overrides).request({
		method: 'POST',
		path: HSM_PATH,
		json: HSM_BODY,
		effect: SENDS_MESSAGE,
	});

beforeAll(async () => (fake = await startFakeJelou({ botId: BOT_ID })));
afterEach(() => fake.reset());
afterAll(async () => await fake.close());

describe('answers that stop or crawl', () => {
	it('a body that stalls after the headers says the message may have gone out, was not repeated, and how to check', async () => {
		fake.injectFault(HSM_ROUTE, { kind: 'stall', partialBody: '[{"id":' });
		const error = await failure(send({ timeoutMs: 400 }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			'Jelou started answering (HTTP 200) but did not finish within 400 ms',
		);
		expect(error.description).toContain(
			'The request may have reached Jelou (Jelou had answered with success, so the message was probably sent)',
		);
		expect(error.description).toContain('not repeated');
		expect(error.description).toContain('Message → Get Status');
		expect(fake.requests).toHaveLength(1);
	});

	it('Timeout is a deadline for the whole exchange: an answer dripped a byte at a time is cut off', async () => {
		// 40 bytes, one every 50 ms: each arrives far within the Timeout, the whole takes 2 s, four times the Timeout.
		fake.injectFault(HSM_ROUTE, {
			kind: 'drip',
			body: JSON.stringify([{ id: 'm-1', destination: '593991234567' }]).padEnd(40, ' '),
			intervalMs: 50,
		});
		const error = await failure(send({ timeoutMs: 500 }));
		expect(error.message).toBe(
			'Jelou started answering (HTTP 200) but did not finish within 500 ms',
		);
		expect(error.description).toContain('not repeated');
		expect(fake.requests).toHaveLength(1);
	});

	it('an answer dripped within the Timeout is read whole', async () => {
		fake.injectFault(HSM_ROUTE, { kind: 'drip', body: '[{"id":"m-1"}]', intervalMs: 5 });
		await expect(send({ timeoutMs: 5_000 })).resolves.toEqual([{ id: 'm-1' }]);
	});
});

describe('success answers that cannot be read', () => {
	it.each([
		['truncated JSON', 'application/json', '[{"id":"3f1c","destination":"5939912'],
		['text/plain "OK"', 'text/plain', 'OK'],
	])(
		'%s is an UnreadableAnswerError with the raw text, never a string spread into characters',
		async (_name, contentType, body) => {
			fake.injectFault(HSM_ROUTE, { kind: 'raw', status: 200, contentType, body });
			const error = await failure(send());
			expect(error).toBeInstanceOf(UnreadableAnswerError);
			expect((error as UnreadableAnswerError).excerpt).toBe(body);
			expect(error.message).toBe('Jelou answered HTTP 200 but its answer could not be read');
			expect(error.description).toContain(`the answer is not JSON: "${body}"`);
			expect(error.description).toContain('so the message was probably sent');
			expect(fake.requests).toHaveLength(1);
		},
	);

	it('shortens a long unreadable answer', async () => {
		fake.injectFault(HSM_ROUTE, {
			kind: 'raw',
			status: 200,
			contentType: 'text/plain',
			body: 'x'.repeat(5_000),
		});
		const error = (await failure(send())) as UnreadableAnswerError;
		expect(error.excerpt).toBe(`${'x'.repeat(200)}…`);
	});

	it('a binary 2xx answer is unreadable too', async () => {
		fake.injectFault(HSM_ROUTE, {
			kind: 'raw',
			status: 200,
			contentType: 'application/octet-stream',
			body: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00]),
		});
		expect(await failure(send())).toBeInstanceOf(UnreadableAnswerError);
	});
});

describe('the words fit what the request does', () => {
	const stalled = async (method: 'GET' | 'POST', effect?: RequestEffect) => {
		fake.injectFault(`${method} ${HSM_PATH}`, { kind: 'hang' });
		return await failure(
			client({ timeoutMs: 300 }).request({
				method,
				path: HSM_PATH,
				...(method === 'POST' ? { json: HSM_BODY } : {}),
				effect,
			}),
		);
	};

	it.each([
		[
			'a send',
			'POST' as const,
			SENDS_MESSAGE,
			'The request may have reached Jelou, so the message may have gone out; it was not repeated, since a repeat could send the message twice. Check the message status with Message → Get Status (By Filters: template and time) before resending. Or raise the Timeout option.',
		],
		[
			'a memory write',
			'POST' as const,
			WRITES_MEMORY,
			'The request may have reached Jelou, so the values may have been stored; it was not repeated, since a repeat could store them a second time. Check the customer’s memory with Conversation → Get Memory before running it again. Or raise the Timeout option.',
		],
		[
			'a POST that says nothing of itself',
			'POST' as const,
			undefined,
			'The request may have reached Jelou, so the request may have been carried out; it was not repeated, since a repeat could carry it out twice. Check in Jelou before running it again. Or raise the Timeout option.',
		],
		[
			'a read',
			'GET' as const,
			ONLY_READS,
			'It only reads, so nothing was sent or changed: run it again. Or raise the Timeout option.',
		],
		[
			'a GET that says nothing of itself',
			'GET' as const,
			undefined,
			'It only reads, so nothing was sent or changed: run it again. Or raise the Timeout option.',
		],
	])(
		'no answer to %s: what may have happened and where to check',
		async (_, method, effect, words) => {
			const error = await stalled(method, effect);
			expect(error.message).toBe('Jelou did not answer within 300 ms');
			expect(error.description).toBe(words);
			expect(fake.requests).toHaveLength(1);
		},
	);

	it('a fix the request carries for a status follows Jelou’s words, and only for that status', async () => {
		fake.injectFault(`GET ${HSM_PATH}`, {
			kind: 'status',
			status: 404,
			body: { message: ['Not here.'] },
		});
		fake.injectFault(`GET ${HSM_PATH}`, {
			kind: 'status',
			status: 400,
			body: { message: ['Bad.'] },
		});
		const read = () =>
			client().request({ method: 'GET', path: HSM_PATH, fixes: { 404: 'Check the number.' } });
		expect((await failure(read())).description).toBe('Check the number.\nHTTP 404.');
		expect((await failure(read())).description).toBe('HTTP 400.');
	});
});

describe('gateway pages', () => {
	it('a 502 HTML page gives a one-line headline and the page as text in the description', async () => {
		fake.injectFault(HSM_ROUTE, {
			kind: 'raw',
			status: 502,
			contentType: 'text/html',
			body: BAD_GATEWAY_PAGE,
		});
		const error = await failure(send());
		expect(error.message).toBe("Jelou's gateway answered 502 Bad Gateway");
		expect(error.httpCode).toBe('502');
		expect(error.description).toContain(
			'The gateway\'s page says: "502 Bad Gateway 502 Bad Gateway nginx/1.25.3"',
		);
		expect(error.description).not.toContain('<');
		expect(error.description).not.toContain('color: red');
		expect(error.description).toContain('may have reached Jelou');
		expect(fake.requests).toHaveLength(1);
	});
});

describe('Accept-Language', () => {
	const spanishValidationError = {
		message: ['Los valores de la solicitud no son correctos para procesar.'],
		statusMessage: 'failed',
		status: 0,
		error: {
			code: 'E0422',
			key: 'VALIDATOR_ERROR',
			developerMessages: {
				en: 'The request values are not correct for processing.',
				es: 'Los valores de la solicitud no son correctos para procesar.',
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
	};

	it('is en unless chosen otherwise', async () => {
		await send();
		expect(fake.requests[0].acceptLanguage).toBe('en');
	});

	it("sends es and shows Jelou's Spanish messages", async () => {
		fake.injectFault(HSM_ROUTE, { kind: 'status', status: 422, body: spanishValidationError });
		const error = await failure(send({ language: 'es' }));
		expect(fake.requests[0].acceptLanguage).toBe('es');
		expect(error.message).toBe('Los valores de la solicitud no son correctos para procesar.');
		expect(error.description).toContain('parameters: El número de parámetros es incorrecto.');
	});

	it('sends pt and falls back to English where Jelou has no Portuguese text', async () => {
		fake.injectFault(HSM_ROUTE, { kind: 'status', status: 422, body: spanishValidationError });
		const error = await failure(send({ language: 'pt' }));
		expect(fake.requests[0].acceptLanguage).toBe('pt');
		expect(error.message).toBe('The request values are not correct for processing.');
	});
});
