import { createHash, randomBytes } from 'node:crypto';
import { NodeApiError, sleep } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { DEADLINE_PASSED, Deadlines } from './deadlines';
import { downloadFile } from './download';
import type { Download } from './download';
import { baseUrlRefusedError, refusalIn, refusalOf } from './egress';
import type { EgressFilter } from './egress';
import { readableExcerpt, summarizeJelouError } from './errors';
import type { JelouLanguage } from './errors';
import { n8nExchange, pooledExchange } from './exchange';
import type { Exchange, HttpClientChoice, HttpRequestHelper, Outgoing } from './exchange';
import { connectionError, UnreadableAnswerError, waitTooLongError } from './failures';
import { multipartStream } from './multipart';
import type { MultipartBody } from './multipart';
import { decideRetry, EGRESS_REFUSED, errorCode, MAX_RETRY_WAIT_MS } from './retry';
import type { AttemptOutcome } from './retry';
import { redactSecrets } from './secrets';
import { effectOf } from '../shared/request-effects';
import type { RequestEffect } from '../shared/request-effects';
import { InvalidFieldError, NOT_JSON, parseJson } from '../shared/validation';

export interface JelouConnection {
	baseUrl: string;
	botId: string;
	clientId: string;
	clientSecret: string;
	timeoutMs: number;
	/** How requests reach Jelou: the credential's HTTP Client (Connection Pool when unset). */
	httpClient?: HttpClientChoice;
	/** Accept-Language of every request: the language Jelou writes its messages in. */
	language?: JelouLanguage;
}

/**
 * One key per base URL, company and bot, for what the n8n process keeps per bot (its pace, its approved templates):
 * hashed, so no credential value is kept in it.
 */
export function botKey(
	connection: Pick<JelouConnection, 'baseUrl' | 'clientId' | 'botId'>,
): string {
	return createHash('sha256')
		.update(`${connection.baseUrl}\n${connection.clientId}\n${connection.botId}`)
		.digest('hex');
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
	/**
	 * What the request makes Jelou do (shared/request-effects.ts), so an error that leaves the outcome unknown says
	 * what may have happened and where to check; without it, a GET only reads and a POST "may have been carried out".
	 */
	effect?: RequestEffect;
	/** What to do when Jelou refuses the request with one of these statuses, said after Jelou's own words. */
	fixes?: Partial<Record<number, string>>;
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
	/** The attempt that ready() let go has ended (a pace shared by executions counts the requests in flight). */
	done?(): void;
	readonly stoppedFor: number | undefined;
}

/** One attempt's answer, read whole; `status` is undefined when no answer came. */
type Attempt =
	| { ok: true; status: number; retryAfter?: string; text: string }
	| {
			ok: false;
			code: string | undefined;
			status: number | undefined;
			/** n8n's HTTP client refused the destination under n8n's outbound policy: nothing was sent. */
			refusal?: Error;
	  };

interface ClientParts {
	/** Paces the requests of the run (429/503, Concurrency Auto). */
	throttle?: ThrottleListener;
	/** n8n's outbound policy, on lines that have one (createJelouClient has checked the base URL with it). */
	egress?: EgressFilter;
	/** n8n's HTTP client: media downloads always use it, and so does every request with HTTP Client n8n. */
	httpRequest?: HttpRequestHelper;
}

export class JelouClient {
	private readonly authorization: string;
	private readonly deadlines = new Deadlines();
	private readonly exchange: Exchange;
	private readonly throttle?: ThrottleListener;
	readonly egress?: EgressFilter;
	private readonly httpRequest?: HttpRequestHelper;

	constructor(
		private readonly node: INode,
		readonly connection: JelouConnection,
		parts: ClientParts = {},
	) {
		this.authorization =
			'Basic ' +
			Buffer.from(`${connection.clientId}:${connection.clientSecret}`).toString('base64');
		({ throttle: this.throttle, egress: this.egress, httpRequest: this.httpRequest } = parts);
		this.exchange =
			connection.httpClient === 'n8n' && parts.httpRequest
				? n8nExchange(parts.httpRequest)
				: pooledExchange;
	}

	get botId(): string {
		return this.connection.botId;
	}

	/** A client of the same credential for another bot of its company, with that bot's own pace. */
	forBot(botId: string, throttle?: ThrottleListener): JelouClient {
		return new JelouClient(
			this.node,
			{ ...this.connection, botId },
			{ throttle, egress: this.egress, httpRequest: this.httpRequest },
		);
	}

	async request<T = unknown>(request: JelouRequest): Promise<T> {
		const url = this.url(request);
		const maxWaitMs = Math.max(MAX_RETRY_WAIT_MS, this.connection.timeoutMs);
		const firstAttemptAt = performance.now();
		for (let attempt = 1; ; attempt++) {
			if (this.throttle) {
				await this.throttle.ready();
				if (this.throttle.stoppedFor !== undefined) {
					this.throttle.done?.();
					throw waitTooLongError(this.node, this.throttle.stoppedFor, maxWaitMs, request.itemIndex);
				}
			}
			const sentAt = performance.now();
			const answer = await this.attempt(url, request).finally(() => this.throttle?.done?.());
			if (answer.ok && answer.status >= 200 && answer.status < 300) {
				this.throttle?.onSuccess(performance.now() - sentAt);
				return this.readSuccess<T>(answer.status, answer.text, request);
			}
			const outcome: AttemptOutcome = answer.ok
				? {
						kind: 'answer',
						status: answer.status,
						retryAfter: answer.retryAfter,
						elapsedMs: performance.now() - firstAttemptAt,
					}
				: { kind: 'connection', code: answer.code, answerStatus: answer.status };
			const decision = decideRetry(outcome, attempt, maxWaitMs);
			if (decision.action === 'retry') {
				if (decision.throttled && this.throttle)
					this.throttle.onThrottle(decision.waitMs, performance.now() - sentAt);
				else await sleep(decision.waitMs);
				continue;
			}
			if (!answer.ok) {
				const { baseUrl, timeoutMs } = this.connection;
				if (answer.refusal)
					throw baseUrlRefusedError(this.node, answer.refusal, baseUrl, request.itemIndex);
				throw connectionError(
					this.node,
					baseUrl,
					timeoutMs,
					answer.code,
					request.itemIndex,
					answer.status,
					effectOf(request.method, request.effect),
				);
			}
			if (decision.action === 'stop') {
				this.throttle?.stop(decision.waitMs);
				throw waitTooLongError(
					this.node,
					decision.waitMs,
					maxWaitMs,
					request.itemIndex,
					answer.status,
				);
			}
			const body = parseJson(answer.text);
			throw this.apiError(answer.status, body === NOT_JSON ? answer.text : body, request);
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

	/** A plain GET of a file outside Jelou's API, such as a signed media URL, through n8n's HTTP client (see downloadFile). */
	async download(
		url: string,
		options: { maxBytes: number; itemIndex?: number },
	): Promise<Download> {
		if (!this.httpRequest)
			throw new Error('A download needs n8n’s HTTP client, from the node’s context');
		const { timeoutMs } = this.connection;
		return await downloadFile(this.node, this.httpRequest, url, {
			...options,
			timeoutMs,
			deadline: this.deadlines.next(timeoutMs),
		});
	}

	/**
	 * A link Jelou is asked to fetch (a CSV URL, a media URL), held against n8n's outbound policy like every address
	 * the node connects to: one this n8n may not reach is refused with n8n's reason, before the item is sent.
	 */
	async checkLink(field: string, url: string): Promise<void> {
		const refusal = await refusalOf(this.egress, url);
		if (refusal)
			throw new InvalidFieldError(
				field,
				`this n8n's outbound policy refuses ${new URL(url).host}: ${refusal.message}`,
				`${refusal.description ?? 'Use a public link.'} Nothing was sent.`,
			);
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

	/** One exchange, its answer read whole; Timeout is a deadline for all of it, so a dripping answer cannot hold it. */
	private async attempt(url: string, request: JelouRequest): Promise<Attempt> {
		const deadline = this.deadlines.next(this.connection.timeoutMs);
		const signal = deadline.signal();
		try {
			const answer = await this.exchange({
				url,
				method: request.method,
				signal,
				...this.encode(request),
			});
			if (answer.ok) return answer;
			const { error, status } = answer;
			if (deadline.passed) return { ok: false, code: DEADLINE_PASSED, status };
			const refusal = refusalIn(error);
			if (refusal) return { ok: false, code: EGRESS_REFUSED, status, refusal };
			return { ok: false, code: errorCode(error), status };
		} finally {
			deadline.release(signal);
		}
	}

	private readSuccess<T>(status: number, text: string, request: JelouRequest): T {
		if (text.trim() === '') return undefined as T;
		const answer = parseJson(text);
		if (answer === NOT_JSON)
			throw new UnreadableAnswerError(
				this.node,
				status,
				this.redact(text),
				request.itemIndex,
				effectOf(request.method, request.effect),
			);
		return answer as T;
	}

	private url(request: JelouRequest): string {
		const query = new URLSearchParams();
		for (const [key, value] of Object.entries(request.query ?? {})) {
			if (value !== undefined && value !== '') query.set(key, String(value));
		}
		const search = query.size > 0 ? `?${query.toString()}` : '';
		return `${this.connection.baseUrl}${request.path}${search}`;
	}

	/** Headers and body of one attempt; a multipart body is a fresh stream each time. */
	private encode(request: JelouRequest): Pick<Outgoing, 'headers' | 'body'> {
		const headers: Record<string, string> = {
			authorization: this.authorization,
			accept: 'application/json',
			'accept-language': this.connection.language ?? 'en',
		};
		if (request.multipart) {
			const boundary = `----n8n-nodes-jelou-${randomBytes(12).toString('hex')}`;
			headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
			return { headers, body: multipartStream(request.multipart, boundary) };
		}
		if (request.json === undefined) return { headers };
		headers['content-type'] = 'application/json';
		return { headers, body: JSON.stringify(request.json) };
	}

	private apiError(status: number, body: unknown, request: JelouRequest): NodeApiError {
		const summary = summarizeJelouError(status, body, {
			language: this.connection.language,
			effect: effectOf(request.method, request.effect),
			fix: request.fixes?.[status],
			botId: this.connection.botId,
		});
		const response = JSON.parse(
			this.redact(
				JSON.stringify(
					typeof body === 'object' && body !== null
						? body
						: { body: readableExcerpt(String(body ?? ''), 2_000) },
				),
			),
		) as JsonObject;
		const error = new NodeApiError(this.node, response, {
			message: this.redact(summary.message),
			description: this.redact(summary.description),
			httpCode: summary.httpCode,
			itemIndex: request.itemIndex,
		});
		// A bot refused is no refused credential: the company's other bots still answer (item-errors.ts).
		if (summary.refusedBot !== undefined) error.context.refusedBot = summary.refusedBot;
		return error;
	}
}
