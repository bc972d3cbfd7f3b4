import type { LookupFunction } from 'node:net';
import { PassThrough } from 'node:stream';
import type { Readable } from 'node:stream';
import { request as undiciRequest } from 'undici';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { DEADLINE_PASSED, stallTimeoutMs } from './deadlines';
import type { Deadline } from './deadlines';
import { refusalIn, refusalOf, refusedDestinationError } from './egress';
import type { EgressFilter } from './egress';
import { readableExcerpt } from './errors';
import { dispatcherFor } from './pool';
import { decideRetry, errorCode, MAX_RETRY_WAIT_MS, TIMEOUT_CODES } from './retry';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A file coming in: its bytes as a stream that fails once more than the limit arrives, and what its headers said. */
export interface Download {
	stream: Readable;
	/** The Content-Type header, when there was one. */
	contentType?: string;
	/** The Content-Length header, when there was one (a chunked answer has none). */
	contentLength?: number;
}

export interface DownloadOptions {
	maxBytes: number;
	timeoutMs: number;
	connections: number;
	deadline: Deadline;
	itemIndex?: number;
	/** n8n's outbound policy and its secure lookup, on lines that have one. */
	egress?: EgressFilter;
	secureLookup?: LookupFunction;
}

/** "16 MB", "1.5 MB", "512 KB": a size as the Size Limit option speaks of it. */
export function describeSize(bytes: number): string {
	if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
	return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

function tooLarge(node: INode, maxBytes: number, itemIndex?: number, announced?: number) {
	const size = announced === undefined ? 'more than that' : describeSize(announced);
	return new NodeOperationError(
		node,
		`The media file is larger than the Size Limit of ${describeSize(maxBytes)} (${size})`,
		{
			itemIndex,
			description:
				'Nothing was kept of it: the download stopped as soon as the limit was passed. Raise Size Limit (MB) in the options if the file is expected (WhatsApp audio and video reach 16 MB, documents 100 MB).',
		},
	);
}

/**
 * Why a download broke off, in words: the Timeout ran out (the deadline, or undici's stall timers that back it
 * up a second later), or the connection broke.
 */
function brokenOff(
	node: INode,
	error: unknown,
	deadline: Deadline,
	timeoutMs: number,
	itemIndex?: number,
) {
	const code = errorCode(error);
	const timedOut = deadline.passed || (code !== undefined && TIMEOUT_CODES.has(code));
	const message = timedOut
		? `The media file did not arrive within the Timeout (${Math.round(timeoutMs / 1000)} s)`
		: 'The connection to the media host broke during the download';
	return new NodeOperationError(node, message, {
		itemIndex,
		description:
			'Nothing was kept of the file. Run the item again; for a large file on a slow network, raise the Timeout option.',
	});
}

/**
 * `body` passed on chunk by chunk, counted as it goes: the first chunk past `maxBytes` stops the download (the
 * connection is closed) and fails the stream, so no more than the limit is ever held.
 */
function capped(
	body: Readable,
	maxBytes: number,
	fail: (error: unknown) => Error,
	overLimit: () => Error,
): Readable {
	const output = new PassThrough();
	let received = 0;
	body.on('data', (chunk: Buffer) => {
		received += chunk.length;
		if (received > maxBytes) {
			body.destroy();
			output.destroy(overLimit());
			return;
		}
		if (!output.write(chunk)) body.pause();
	});
	output.on('drain', () => body.resume());
	body.on('end', () => output.end());
	body.on('error', (error) => {
		if (!output.destroyed) output.destroy(fail(error));
	});
	// Whoever reads the file gave up: the rest of it is not fetched.
	output.on('close', () => {
		if (!body.destroyed) body.destroy();
	});
	return output;
}

/**
 * A plain GET of a file outside Jelou's API (the signed URL of a media file): over the same proxy settings, with
 * the node's connection cap and Timeout, and never with the credential's Authorization header. Only https, or
 * http on this machine; no redirect is followed. A connection refused is tried again, as every Jelou request is.
 */
export async function downloadFile(
	node: INode,
	url: string,
	options: DownloadOptions,
): Promise<Download> {
	const { maxBytes, timeoutMs, deadline, itemIndex } = options;
	const target = new URL(url);
	if (!(
		target.protocol === 'https:' ||
		(target.protocol === 'http:' && LOOPBACK_HOSTS.has(target.hostname))
	))
		throw new NodeOperationError(node, 'The media file’s download link is not an https link', {
			itemIndex,
			description: 'Nothing was downloaded. Jelou signed a link the node does not follow.',
		});
	const refused = (refusal: Error) =>
		refusedDestinationError(
			node,
			refusal,
			`the media file’s download link (${target.origin})`,
			itemIndex,
		);
	const refusal = await refusalOf(options.egress, url);
	if (refusal) throw refused(refusal);
	const dispatcher = dispatcherFor(target.origin, options.connections, options.secureLookup);
	for (let attempt = 1; ; attempt++) {
		let response: Awaited<ReturnType<typeof undiciRequest>>;
		try {
			response = await undiciRequest(url, {
				method: 'GET',
				headers: { accept: '*/*' },
				dispatcher,
				signal: deadline.signal,
				headersTimeout: stallTimeoutMs(timeoutMs),
				bodyTimeout: stallTimeoutMs(timeoutMs),
			});
		} catch (error) {
			const refusedOnConnect = refusalIn(error);
			if (refusedOnConnect) throw refused(refusedOnConnect);
			const code = deadline.passed ? DEADLINE_PASSED : errorCode(error);
			const decision = decideRetry(
				{ kind: 'connection', code, answerStatus: undefined },
				attempt,
				MAX_RETRY_WAIT_MS,
			);
			if (decision.action === 'retry') {
				await sleep(decision.waitMs);
				continue;
			}
			throw brokenOff(node, error, deadline, timeoutMs, itemIndex);
		}
		const { statusCode, headers, body } = response;
		if (statusCode < 200 || statusCode >= 300) {
			const text = await body.text().catch(() => '');
			throw mediaHostRefused(node, statusCode, text, target.host, itemIndex);
		}
		const contentType =
			typeof headers['content-type'] === 'string' ? headers['content-type'] : undefined;
		const length = Number(headers['content-length']);
		const contentLength = Number.isFinite(length) && length >= 0 ? length : undefined;
		if (contentLength !== undefined && contentLength > maxBytes) {
			body.destroy();
			throw tooLarge(node, maxBytes, itemIndex, contentLength);
		}
		return {
			stream: capped(
				body,
				maxBytes,
				(error) => brokenOff(node, error, deadline, timeoutMs, itemIndex),
				() => tooLarge(node, maxBytes, itemIndex),
			),
			contentType,
			contentLength,
		};
	}
}

function mediaHostRefused(
	node: INode,
	status: number,
	text: string,
	host: string,
	itemIndex?: number,
): NodeApiError {
	const said = readableExcerpt(text, 200);
	const expired = /expired/i.test(text);
	const fix =
		status >= 300 && status < 400
			? 'The media host sent the download elsewhere; the node follows no redirect. Run the item again.'
			: expired
				? 'The signed link ran out before the download began. Run the item again: the node asks Jelou for a fresh link each time.'
				: status >= 500
					? 'The media host failed; run the item again later.'
					: 'The file may have been removed, or the Media URL is not a file Jelou stores. Check the Media URL.';
	return new NodeApiError(node, { body: said } as JsonObject, {
		message: `The media host ${host} answered HTTP ${status}${said ? ` (${said})` : ''}`,
		description: `Nothing was downloaded. ${fix}`,
		httpCode: String(status),
		itemIndex,
	});
}
