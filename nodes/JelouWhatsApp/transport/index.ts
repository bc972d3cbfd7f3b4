import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Readable } from 'node:stream';
import { EnvHttpProxyAgent, request as undiciRequest } from 'undici';
import type { Dispatcher } from 'undici';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, IHookFunctions, ILoadOptionsFunctions, INode, JsonObject } from 'n8n-workflow';

import { normalizeBaseUrl } from './base-url';
import { summarizeJelouError } from './errors';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_CONNECTIONS = 10;
const MAX_ATTEMPTS = 3;
const MAX_RETRY_WAIT_MS = 30_000;
const CONNECT_RETRY_WAIT_MS = [250, 1_000];
/** Errors raised before a single byte reached Jelou: repeating the request cannot duplicate a message. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
// In words: n8n replaces any error message that contains a raw code such as ECONNREFUSED with generic advice.
const CONNECTION_PROBLEMS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be resolved',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
	UND_ERR_CONNECT_TIMEOUT: 'the connection could not be opened in time',
};

export interface JelouConnection {
	baseUrl: string;
	botId: string;
	clientId: string;
	clientSecret: string;
	timeoutMs: number;
	/** Most sockets open at once to Jelou: the node's Concurrency. */
	connections: number;
}

export interface MultipartFile {
	fieldName: string;
	filename: string;
	contentType: string;
	/** Opened once per attempt, so a retried upload streams the file again from the start. */
	open(): Readable | AsyncIterable<Uint8Array>;
}

export interface MultipartBody {
	fields: Array<[name: string, value: string]>;
	file: MultipartFile;
}

export interface JelouRequest {
	method: 'GET' | 'POST';
	/** Path below the base URL, starting with a slash. */
	path: string;
	query?: Record<string, string | number | boolean | undefined>;
	json?: unknown;
	multipart?: MultipartBody;
	/** The input item the request belongs to, so errors point at it. */
	itemIndex?: number;
}

/** Lets a caller slow down when Jelou asks for it (429/503) and speed up again after successes. */
export interface ThrottleListener {
	onThrottle(waitMs: number): void;
	onSuccess(): void;
}

const dispatchers = new Map<string, Dispatcher>();

/**
 * One keep-alive pool per Jelou host and connection cap, kept for the life of the n8n process so executions
 * reuse connections. The cap makes a request wait for a free socket rather than open a new one in the moment
 * between an answer being read and its socket being handed back.
 */
function dispatcherFor(baseUrl: string, connections: number): Dispatcher {
	const key = `${new URL(baseUrl).origin}#${connections}`;
	let dispatcher = dispatchers.get(key);
	if (!dispatcher) {
		// Reads HTTPS_PROXY / HTTP_PROXY / NO_PROXY the way n8n's own HTTP requests do.
		// Idle sockets live as long as the server's Keep-Alive hint allows (undici's default), never longer.
		dispatcher = new EnvHttpProxyAgent({ connections });
		dispatchers.set(key, dispatcher);
	}
	return dispatcher;
}

function errorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string') return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | string[] | undefined, now = Date.now()): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (!value) return undefined;
	if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

async function* multipartStream(body: MultipartBody, boundary: string): AsyncGenerator<Buffer> {
	const escape = (text: string) => text.replace(/"/g, '%22').replace(/\r|\n/g, ' ');
	for (const [name, value] of body.fields) {
		yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${escape(name)}"\r\n\r\n${value}\r\n`);
	}
	const { file } = body;
	yield Buffer.from(
		`--${boundary}\r\nContent-Disposition: form-data; name="${escape(file.fieldName)}"; filename="${escape(file.filename)}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
	);
	for await (const chunk of file.open()) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
	yield Buffer.from(`\r\n--${boundary}--\r\n`);
}

export class JelouClient {
	private readonly authorization: string;
	private readonly dispatcher: Dispatcher;

	constructor(
		private readonly node: INode,
		readonly connection: JelouConnection,
		private readonly throttle?: ThrottleListener,
	) {
		this.authorization = 'Basic ' + Buffer.from(`${connection.clientId}:${connection.clientSecret}`).toString('base64');
		this.dispatcher = dispatcherFor(connection.baseUrl, connection.connections);
	}

	get botId(): string {
		return this.connection.botId;
	}

	/** A client for the same connection whose 429/503 waits are reported to `throttle`. */
	withThrottle(throttle: ThrottleListener): JelouClient {
		return new JelouClient(this.node, this.connection, throttle);
	}

	async request<T = unknown>(request: JelouRequest): Promise<T> {
		const url = this.url(request);
		for (let attempt = 1; ; attempt++) {
			let response: Dispatcher.ResponseData;
			try {
				response = await undiciRequest(url, {
					method: request.method,
					...this.encode(request),
					dispatcher: this.dispatcher,
					headersTimeout: this.connection.timeoutMs,
					bodyTimeout: this.connection.timeoutMs,
				});
			} catch (error) {
				const code = errorCode(error);
				if (code && NEVER_SENT_CODES.has(code) && attempt < MAX_ATTEMPTS) {
					await sleep(CONNECT_RETRY_WAIT_MS[attempt - 1]);
					continue;
				}
				throw this.connectionError(code, request);
			}

			const text = await response.body.text();
			const status = response.statusCode;
			if (status >= 200 && status < 300) {
				this.throttle?.onSuccess();
				return (text === '' ? undefined : parseJson(text)) as T;
			}
			if ((status === 429 || status === 503) && attempt < MAX_ATTEMPTS) {
				const waitMs = Math.min(parseRetryAfter(response.headers['retry-after']) ?? 1_000 * attempt, MAX_RETRY_WAIT_MS);
				this.throttle?.onThrottle(waitMs);
				await sleep(waitMs);
				continue;
			}
			throw this.apiError(status, parseJson(text), request.itemIndex);
		}
	}

	private url(request: JelouRequest): string {
		const url = new URL(this.connection.baseUrl + request.path);
		for (const [key, value] of Object.entries(request.query ?? {})) {
			if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
		}
		return url.toString();
	}

	/** Headers and body of one attempt; a multipart body is a fresh stream each time. */
	private encode(request: JelouRequest): Pick<Dispatcher.RequestOptions, 'headers' | 'body'> {
		const headers: Record<string, string> = { authorization: this.authorization, accept: 'application/json' };
		if (request.multipart) {
			const boundary = `----n8n-nodes-jelou-${randomBytes(12).toString('hex')}`;
			headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
			return { headers, body: Readable.from(multipartStream(request.multipart, boundary)) };
		}
		if (request.json === undefined) return { headers };
		headers['content-type'] = 'application/json';
		return { headers, body: JSON.stringify(request.json) };
	}

	private apiError(status: number, body: unknown, itemIndex?: number): NodeApiError {
		const summary = summarizeJelouError(status, body);
		const response = (typeof body === 'object' && body !== null ? body : { body: String(body ?? '') }) as JsonObject;
		return new NodeApiError(this.node, response, {
			message: this.redact(summary.message),
			description: this.redact(summary.description),
			httpCode: summary.httpCode,
			itemIndex,
		});
	}

	private connectionError(code: string | undefined, request: JelouRequest): NodeApiError {
		const origin = new URL(this.connection.baseUrl).origin;
		const { timeoutMs } = this.connection;
		const waited = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
		const timedOut = code !== undefined && TIMEOUT_CODES.has(code);
		const message = timedOut
			? `Jelou did not answer within ${waited}`
			: `Could not reach Jelou at ${origin}: ${(code && CONNECTION_PROBLEMS[code]) ?? 'the connection broke'}`;
		const description = timedOut
			? 'The request may have reached Jelou, so it was not sent again (a repeat could send the message twice). Check the message status before resending, or raise the Timeout option.'
			: code !== undefined && NEVER_SENT_CODES.has(code)
				? `The request never left n8n; it was tried ${MAX_ATTEMPTS} times. Check the Base URL of the Jelou credential and the network.`
				: 'The connection broke after the request was sent, so it was not repeated (a repeat could send the message twice). Check the message status before resending.';
		return new NodeApiError(this.node, { connectionError: code ?? 'unknown' } as JsonObject, {
			message,
			description,
			itemIndex: request.itemIndex,
		});
	}

	private redact(text: string): string {
		let redacted = text;
		for (const secret of [this.authorization.slice('Basic '.length), this.connection.clientSecret, this.connection.clientId]) {
			if (secret && secret.length >= 4) redacted = redacted.split(secret).join('[redacted]');
		}
		return redacted;
	}
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

export interface ClientOptions {
	timeoutMs?: number;
	connections?: number;
	throttle?: ThrottleListener;
}

/** Reads the Jelou API credential of the node and returns a client bound to it. */
export async function createJelouClient(
	context: IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions,
	options: ClientOptions = {},
): Promise<JelouClient> {
	const credentials = await context.getCredentials('jelouApi');
	let baseUrl: string;
	try {
		baseUrl = normalizeBaseUrl(String(credentials.baseUrl ?? 'https://api.jelou.ai'));
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message, {
			description: 'Fix the Base URL in the Jelou API credential.',
		});
	}
	const connection: JelouConnection = {
		baseUrl,
		botId: String(credentials.botId ?? '').trim(),
		clientId: String(credentials.clientId ?? '').trim(),
		clientSecret: String(credentials.clientSecret ?? ''),
		timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		connections: options.connections ?? DEFAULT_CONNECTIONS,
	};
	return new JelouClient(context.getNode(), connection, options.throttle);
}
