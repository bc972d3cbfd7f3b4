import { DEADLINE_PASSED } from './deadlines';
import { BAD_PORT } from './exchange';

export const MAX_ATTEMPTS = 3;
/** The longest Retry-After the node waits for (or the Timeout, when longer); a longer one stops the run. */
export const MAX_RETRY_WAIT_MS = 60_000;
const CONNECT_RETRY_WAIT_MS = [250, 1_000];
const MIN_THROTTLED_WAIT_MS = 100;

/** Errors raised before a single byte reached Jelou: repeating the request cannot duplicate a message. */
export const NEVER_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'UND_ERR_CONNECT_TIMEOUT',
	BAD_PORT,
]);
export const TIMEOUT_CODES = new Set([
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
	DEADLINE_PASSED,
]);

/** Our code for a connection n8n's outbound policy refused (egress.ts): never sent, and never worth sending again. */
export const EGRESS_REFUSED = 'EGRESS_REFUSED';

/** How one attempt ended, as far as deciding whether to send it again goes. */
export type AttemptOutcome =
	| {
			kind: 'connection';
			code: string | undefined;
			answerStatus: number | undefined;
	  }
	| {
			kind: 'answer';
			status: number;
			retryAfter: string | string[] | undefined;
			/** Since this request's first attempt: a refused request is sent again until its waits reach the limit. */
			elapsedMs?: number;
	  };

/**
 * What to do after an attempt: send again (after `waitMs`; `throttled` when Jelou asked for it), stop the run
 * (Jelou asked for a longer wait than the node allows), or fail this request. A request is only sent again
 * when it surely did not reach Jelou (the connection was never opened) or Jelou said so: never after a timeout,
 * a 500, or a connection closed or reset once the request was written, which cannot tell a server that closed an
 * idle connection unread from one that did the work and then closed. A request Jelou refused (429/503) waits its
 * turn as often as it takes, and fails only at its own deadline: when the time since its first attempt and the
 * next wait together pass what the node waits (`maxWaitMs`).
 */
export type RetryDecision =
	| { action: 'retry'; waitMs: number; throttled: boolean }
	| { action: 'stop'; waitMs: number }
	| { action: 'fail' };

export function decideRetry(
	outcome: AttemptOutcome,
	attempt: number,
	maxWaitMs: number,
	now = Date.now(),
): RetryDecision {
	if (outcome.kind === 'connection') {
		const neverSent =
			outcome.answerStatus === undefined &&
			outcome.code !== undefined &&
			NEVER_SENT_CODES.has(outcome.code);
		// A port fetch refuses is refused again every time: never sent, and never worth sending again.
		return neverSent && outcome.code !== BAD_PORT && attempt < MAX_ATTEMPTS
			? { action: 'retry', waitMs: CONNECT_RETRY_WAIT_MS[attempt - 1], throttled: false }
			: { action: 'fail' };
	}
	if (outcome.status !== 429 && outcome.status !== 503) return { action: 'fail' };
	const asked = parseRetryAfter(outcome.retryAfter, now);
	if (asked !== undefined && asked > maxWaitMs) return { action: 'stop', waitMs: asked };
	// Without a Retry-After, one second more per attempt; never again at once, even when told "0".
	const waitMs = Math.max(MIN_THROTTLED_WAIT_MS, asked ?? 1_000 * Math.min(attempt, 5));
	if ((outcome.elapsedMs ?? 0) + waitMs > maxWaitMs) return { action: 'fail' };
	return { action: 'retry', waitMs, throttled: true };
}

export function errorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string') return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
export function parseRetryAfter(
	header: string | string[] | undefined,
	now = Date.now(),
): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (!value) return undefined;
	if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
