import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import { EnvHttpProxyAgent, request as undiciRequest } from 'undici';
import type { Dispatcher } from 'undici';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	INode,
	JsonObject,
} from 'n8n-workflow';

import { CHECK_STATUS_HINT } from '../shared/send-answers';
import { normalizeBaseUrl } from './base-url';
import { readableExcerpt, summarizeJelouError } from './errors';
import type { JelouLanguage } from './errors';

export type { JelouLanguage } from './errors';

export const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_CONNECTIONS = 10;
const MAX_ATTEMPTS = 3;
/** The longest Retry-After the node waits for (or the Timeout, when longer); a longer one stops the run. */
const MAX_RETRY_WAIT_MS = 60_000;
const CONNECT_RETRY_WAIT_MS = [250, 1_000];
/** Our own code for the Timeout option running out, whatever undici was doing at the moment. */
const DEADLINE_PASSED = 'DEADLINE_PASSED';

/** Errors raised before a single byte reached Jelou: repeating the request cannot duplicate a message. */
const NEVER_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'UND_ERR_CONNECT_TIMEOUT',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', DEADLINE_PASSED]);
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
	/** Accept-Language of every request: the language Jelou writes its messages in. */
	language?: JelouLanguage;
}

interface MultipartFile {
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

/**
 * Paces the requests of one run: waits before each attempt, slows down when Jelou asks for it (429/503),
 * speeds up again after answers, and stops the run when Jelou asks for a longer wait than the node allows.
 */
export interface ThrottleListener {
	/** Resolves when the next attempt may go out (after a Retry-After pause, at its pacing slot). */
	ready(): Promise<void>;
	/** Jelou refused an attempt sent `latencyMs` ago and asked to wait `waitMs`; the caller's ready() waits it out. */
	onThrottle(waitMs: number, latencyMs: number): void;
	onSuccess(latencyMs: number): void;
	/** Jelou asked to wait `waitMs`, longer than the node waits: no further request of this run goes out. */
	stop(waitMs: number): void;
	readonly stoppedFor: number | undefined;
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
function parseRetryAfter(
	header: string | string[] | undefined,
	now = Date.now(),
): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (!value) return undefined;
	if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

async function* multipartStream(body: MultipartBody, boundary: string): AsyncGenerator<Buffer> {
	const escape = (text: string) => text.replace(/"/g, '%22').replace(/\r|\n/g, ' ');
	for (const [name, value] of body.fields) {
		yield Buffer.from(
			`--${boundary}\r\nContent-Disposition: form-data; name="${escape(name)}"\r\n\r\n${value}\r\n`,
		);
	}
	const { file } = body;
	yield Buffer.from(
		`--${boundary}\r\nContent-Disposition: form-data; name="${escape(file.fieldName)}"; filename="${escape(file.filename)}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
	);
	for await (const chunk of file.open()) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
	yield Buffer.from(`\r\n--${boundary}--\r\n`);
}

/** When requests started in the same moment reach their Timeout, and whether that has happened. */
interface Deadline {
	/** Emits 'abort' when the deadline passes; undici takes an EventEmitter as a request's signal. */
	readonly signal: EventEmitter;
	passed: boolean;
}

/** Requests that start within this many ms of each other share one deadline timer. */
const DEADLINE_GRAIN_MS = 50;

/**
 * Hands out request deadlines: one AbortSignal.timeout serves every request that starts within
 * DEADLINE_GRAIN_MS, so a request is cut off no sooner than its Timeout and at most that much later. An
 * AbortSignal.timeout of its own for each request was one of the largest costs per item at high rates.
 */
class Deadlines {
	private current: (Deadline & { startedBy: number }) | undefined;

	next(timeoutMs: number): Deadline {
		const now = performance.now();
		if (this.current && now < this.current.startedBy) return this.current;
		const signal = new EventEmitter();
		// Every request in flight of this group listens; that many is expected, not a leak.
		signal.setMaxListeners(0);
		const deadline = { signal, passed: false, startedBy: now + DEADLINE_GRAIN_MS };
		AbortSignal.timeout(timeoutMs + DEADLINE_GRAIN_MS).addEventListener(
			'abort',
			() => {
				deadline.passed = true;
				signal.emit('abort');
			},
			{ once: true },
		);
		this.current = deadline;
		return deadline;
	}
}

export class JelouClient {
	private readonly authorization: string;
	private readonly dispatcher: Dispatcher;
	private readonly deadlines = new Deadlines();

	constructor(
		private readonly node: INode,
		readonly connection: JelouConnection,
		private readonly throttle?: ThrottleListener,
	) {
		this.authorization =
			'Basic ' +
			Buffer.from(`${connection.clientId}:${connection.clientSecret}`).toString('base64');
		this.dispatcher = dispatcherFor(connection.baseUrl, connection.connections);
	}

	get botId(): string {
		return this.connection.botId;
	}

	async request<T = unknown>(request: JelouRequest): Promise<T> {
		const url = this.url(request);
		const maxWaitMs = Math.max(MAX_RETRY_WAIT_MS, this.connection.timeoutMs);
		for (let attempt = 1; ; attempt++) {
			if (this.throttle) {
				await this.throttle.ready();
				if (this.throttle.stoppedFor !== undefined)
					throw this.waitTooLongError(this.throttle.stoppedFor, maxWaitMs, request, false);
			}
			const sentAt = performance.now();
			// Timeout is a deadline for the whole exchange: a server that drips its answer cannot hold a request longer.
			const deadline = this.deadlines.next(this.connection.timeoutMs);
			let status: number | undefined;
			let headers: Dispatcher.ResponseData['headers'] = {};
			let text: string;
			try {
				const response = await undiciRequest(url, {
					method: request.method,
					...this.encode(request),
					dispatcher: this.dispatcher,
					signal: deadline.signal,
					headersTimeout: this.connection.timeoutMs,
					bodyTimeout: this.connection.timeoutMs,
				});
				status = response.statusCode;
				headers = response.headers;
				text = await response.body.text();
			} catch (error) {
				const code = deadline.passed ? DEADLINE_PASSED : errorCode(error);
				if (status === undefined && code && NEVER_SENT_CODES.has(code) && attempt < MAX_ATTEMPTS) {
					await sleep(CONNECT_RETRY_WAIT_MS[attempt - 1]);
					continue;
				}
				throw this.connectionError(code, request, status);
			}

			if (status >= 200 && status < 300) {
				this.throttle?.onSuccess(performance.now() - sentAt);
				if (text.trim() === '') return undefined as T;
				const answer = parseJson(text);
				if (answer === UNREADABLE)
					throw new UnreadableAnswerError(this.node, status, this.redact(text), request.itemIndex);
				return answer as T;
			}
			if (status === 429 || status === 503) {
				const waitMs = parseRetryAfter(headers['retry-after']) ?? 1_000 * attempt;
				if (waitMs > maxWaitMs) {
					this.throttle?.stop(waitMs);
					throw this.waitTooLongError(waitMs, maxWaitMs, request, true, status);
				}
				if (attempt < MAX_ATTEMPTS) {
					if (this.throttle) this.throttle.onThrottle(waitMs, performance.now() - sentAt);
					else await sleep(waitMs);
					continue;
				}
			}
			const body = parseJson(text);
			throw this.apiError(status, body === UNREADABLE ? text : body, request.itemIndex);
		}
	}

	/**
	 * A request that sends something: a success answer that cannot be read comes back as the
	 * UnreadableAnswerError instead of failing, so the item can say the message probably went out.
	 */
	async requestSend(request: JelouRequest): Promise<unknown> {
		return await this.request(request).catch((error: unknown) => {
			if (error instanceof UnreadableAnswerError) return error;
			throw error;
		});
	}

	/** `text` without the credential's secret, its Basic header value or its Client ID. */
	redact(text: string): string {
		return redactSecrets(text, [
			this.authorization.slice('Basic '.length),
			this.connection.clientSecret,
			this.connection.clientId,
		]);
	}

	/** The secrets no output or error of the node may show: the Client Secret and the Basic header value. */
	get secrets(): string[] {
		return [this.authorization.slice('Basic '.length), this.connection.clientSecret];
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
		const headers: Record<string, string> = {
			authorization: this.authorization,
			accept: 'application/json',
			'accept-language': this.connection.language ?? 'en',
		};
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
		const summary = summarizeJelouError(status, body, this.connection.language);
		const response = JSON.parse(
			this.redact(
				JSON.stringify(
					typeof body === 'object' && body !== null
						? body
						: { body: readableExcerpt(String(body ?? ''), 2_000) },
				),
			),
		) as JsonObject;
		return new NodeApiError(this.node, response, {
			message: this.redact(summary.message),
			description: this.redact(summary.description),
			httpCode: summary.httpCode,
			itemIndex,
		});
	}

	/** Jelou asked for a wait longer than the node waits: this request (refused, or never sent) fails now. */
	private waitTooLongError(
		waitMs: number,
		maxWaitMs: number,
		request: JelouRequest,
		refused: boolean,
		status?: number,
	): NodeApiError {
		const asked = `Jelou asked to wait ${describeDuration(waitMs)} before the next request, longer than the node waits (${describeDuration(maxWaitMs)})`;
		const description = refused
			? `Jelou answered HTTP ${status} with Retry-After, so this request was not accepted, and no further request of this run was sent. Run the items that were not sent again after the wait.`
			: 'This request was not sent. Run it again after the wait.';
		return new NodeApiError(
			this.node,
			{ retryAfterSeconds: Math.round(waitMs / 1000) } as JsonObject,
			{
				message: refused ? asked : `Not sent: ${asked}`,
				description,
				httpCode: refused ? String(status) : undefined,
				itemIndex: request.itemIndex,
			},
		);
	}

	/** `answerStatus` is set when Jelou had started answering: the request surely reached it then. */
	private connectionError(
		code: string | undefined,
		request: JelouRequest,
		answerStatus?: number,
	): NodeApiError {
		const origin = new URL(this.connection.baseUrl).origin;
		const { timeoutMs } = this.connection;
		const waited = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
		const timedOut = code !== undefined && TIMEOUT_CODES.has(code);
		let message: string;
		if (answerStatus !== undefined) {
			message = timedOut
				? `Jelou started answering (HTTP ${answerStatus}) but did not finish within ${waited}`
				: `The connection to Jelou broke while it was answering (HTTP ${answerStatus})`;
		} else {
			message = timedOut
				? `Jelou did not answer within ${waited}`
				: `Could not reach Jelou at ${origin}: ${(code && CONNECTION_PROBLEMS[code]) ?? 'the connection broke'}`;
		}
		let description: string;
		if (answerStatus === undefined && code !== undefined && NEVER_SENT_CODES.has(code)) {
			description = `The request never left n8n; it was tried ${MAX_ATTEMPTS} times. Check the Base URL of the Jelou credential and the network.`;
		} else {
			const why = timedOut
				? 'The request may have reached Jelou'
				: 'The connection broke after the request was sent';
			const sent =
				answerStatus !== undefined && answerStatus >= 200 && answerStatus < 300
					? ' (Jelou had answered with success, so the message was probably sent)'
					: '';
			description = `${why}${sent}, so it was not repeated (a repeat could send the message twice). ${CHECK_STATUS_HINT}${timedOut ? ' Or raise the Timeout option.' : ''}`;
		}
		return new NodeApiError(this.node, { connectionError: code ?? 'unknown' } as JsonObject, {
			message,
			description,
			itemIndex: request.itemIndex,
		});
	}
}

/**
 * Jelou answered with success but its answer is not JSON (a truncated body, a proxy's "OK"): the request
 * probably did what it asked, but nothing in the answer can be read. Sends turn it into an item that says so.
 */
export class UnreadableAnswerError extends NodeApiError {
	/** The raw answer, without secrets, shortened. */
	readonly excerpt: string;

	constructor(
		node: INode,
		readonly status: number,
		rawText: string,
		itemIndex?: number,
	) {
		const shortened = readableExcerpt(rawText, 200);
		super(node, { body: shortened } as JsonObject, {
			message: `Jelou answered HTTP ${status} but its answer could not be read`,
			description: `Jelou answered with success, so the request probably went through, but the answer is not JSON: "${shortened}". ${CHECK_STATUS_HINT}`,
			httpCode: String(status),
			itemIndex,
		});
		this.excerpt = shortened;
	}
}

/** "45 s", "2 min 30 s", "1 h": how long Jelou asked to wait, in words a user reads at a glance. */
function describeDuration(ms: number): string {
	const seconds = Math.round(ms / 1000);
	if (seconds < 120) return `${seconds} s`;
	const parts = [
		[Math.floor(seconds / 3600), 'h'],
		[Math.floor((seconds % 3600) / 60), 'min'],
		[seconds % 60, 's'],
	] as const;
	return parts
		.filter(([count]) => count > 0)
		.map(([count, unit]) => `${count} ${unit}`)
		.join(' ');
}

/** `text` with every secret at least 4 characters long replaced by [redacted]. */
export function redactSecrets(text: string, secrets: string[]): string {
	let redacted = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) redacted = redacted.split(secret).join('[redacted]');
	}
	return redacted;
}

const UNREADABLE = Symbol('unreadable');

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return UNREADABLE;
	}
}

interface ClientOptions {
	timeoutMs?: number;
	connections?: number;
	language?: JelouLanguage;
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
		language: options.language,
	};
	return new JelouClient(context.getNode(), connection, options.throttle);
}
