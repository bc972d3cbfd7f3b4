import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { effectOf } from '../shared/request-effects';
import type { RequestEffect } from '../shared/request-effects';
import { readableExcerpt } from './errors';
import { BAD_PORT } from './exchange';
import { MAX_ATTEMPTS, NEVER_SENT_CODES, TIMEOUT_CODES } from './retry';

// In words: n8n replaces any error message that contains a raw code such as ECONNREFUSED with generic advice.
const CONNECTION_PROBLEMS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be resolved',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
	UND_ERR_CONNECT_TIMEOUT: 'the connection could not be opened in time',
	[BAD_PORT]:
		'Node.js does not connect to that port (one web browsers block too); use the port Jelou gave you',
};

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
		effect: RequestEffect = effectOf('POST'),
	) {
		const shortened = readableExcerpt(rawText, 200);
		super(node, { body: shortened } as JsonObject, {
			message: `Jelou answered HTTP ${status} but its answer could not be read`,
			description:
				'changesNothing' in effect
					? `Jelou answered with success, but the answer is not JSON: "${shortened}". ${effect.changesNothing}.`
					: `Jelou answered with success, so ${effect.probably}, but the answer is not JSON: "${shortened}". ${effect.check}`,
			httpCode: String(status),
			itemIndex,
		});
		this.excerpt = shortened;
	}
}

/** Jelou asked for a wait longer than the node waits: this request (refused, or never sent) fails now. */
export function waitTooLongError(
	node: INode,
	waitMs: number,
	maxWaitMs: number,
	itemIndex: number | undefined,
	refusedWith?: number,
): NodeApiError {
	const asked = `Jelou asked to wait ${describeDuration(waitMs)} before the next request, longer than the node waits (${describeDuration(maxWaitMs)})`;
	const description =
		refusedWith !== undefined
			? `Jelou answered HTTP ${refusedWith} with Retry-After, so this request was not accepted, and no further request of this run was sent. Run the items that were not sent again after the wait.`
			: 'This request was not sent. Run it again after the wait.';
	return new NodeApiError(node, { retryAfterSeconds: Math.round(waitMs / 1000) } as JsonObject, {
		message: refusedWith !== undefined ? asked : `Not sent: ${asked}`,
		description,
		httpCode: refusedWith !== undefined ? String(refusedWith) : undefined,
		itemIndex,
	});
}

/**
 * A request that got no full answer. `answerStatus` is set when Jelou had started answering: the request surely
 * reached it then. `effect` says what the request does, so the words fit it: a message that may have gone out, a
 * change that may have been made, or a read that can simply run again.
 */
export function connectionError(
	node: INode,
	baseUrl: string,
	timeoutMs: number,
	code: string | undefined,
	itemIndex: number | undefined,
	answerStatus?: number,
	effect: RequestEffect = effectOf('POST'),
): NodeApiError {
	const origin = new URL(baseUrl).origin;
	const waited = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
	const timedOut = code !== undefined && TIMEOUT_CODES.has(code);
	const neverSent = answerStatus === undefined && code !== undefined && NEVER_SENT_CODES.has(code);
	let message: string;
	if (answerStatus !== undefined) {
		message = timedOut
			? `Jelou started answering (HTTP ${answerStatus}) but did not finish within ${waited}`
			: `The connection to Jelou broke while it was answering (HTTP ${answerStatus})`;
	} else if (timedOut) {
		message = `Jelou did not answer within ${waited}`;
	} else if (neverSent) {
		message = `Could not reach Jelou at ${origin}: ${CONNECTION_PROBLEMS[code ?? '']}`;
	} else {
		message =
			'The connection to Jelou broke before it answered: the request may have been sent, and was not repeated';
	}
	const raiseTimeout = timedOut ? ' Or raise the Timeout option.' : '';
	let description: string;
	if (neverSent) {
		const tried = code === BAD_PORT ? '' : `; it was tried ${MAX_ATTEMPTS} times`;
		description = `The request never left n8n${tried}. Check the Base URL of the Jelou credential and the network.`;
	} else if ('changesNothing' in effect) {
		description = `${effect.changesNothing}.${raiseTimeout}`;
	} else {
		const why = timedOut
			? 'The request may have reached Jelou'
			: 'The request was written before the connection broke, so Jelou may have received it';
		const sent =
			answerStatus !== undefined && answerStatus >= 200 && answerStatus < 300
				? ` (Jelou had answered with success, so ${effect.probably})`
				: `, so ${effect.mayHave}`;
		description = `${why}${sent}; it was not repeated, since a repeat could ${effect.twice}. ${effect.check}${raiseTimeout}`;
	}
	return new NodeApiError(node, { connectionError: code ?? 'unknown' } as JsonObject, {
		message,
		description,
		itemIndex,
	});
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
