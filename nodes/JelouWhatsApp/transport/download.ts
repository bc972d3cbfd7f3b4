import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import type { BinaryHelperFunctions, INode, JsonObject } from 'n8n-workflow';

import { DEADLINE_PASSED } from './deadlines';
import type { Deadline } from './deadlines';
import { refusalIn, refusedDestinationError } from './egress';
import { readableExcerpt } from './errors';
import type { HttpRequestHelper } from './exchange';
import { decideRetry, errorCode, MAX_RETRY_WAIT_MS } from './retry';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** What n8n's binary helpers take: the file's bytes as the stream n8n's HTTP client gave. */
type BinaryStream = Parameters<BinaryHelperFunctions['prepareBinaryData']>[0];

/** The parts of a Node stream the download uses (n8n's HTTP client answers with one). */
interface ResponseStream {
	on(event: 'data', listener: (chunk: Buffer) => void): unknown;
	on(event: 'newListener', listener: (event: string | symbol) => void): unknown;
	once(event: 'close', listener: () => void): unknown;
	off(event: 'newListener', listener: (event: string | symbol) => void): unknown;
	destroy(error?: Error): unknown;
	readonly destroyed: boolean;
	[Symbol.asyncIterator](): AsyncIterator<Buffer | string>;
}

/** A file coming in: its bytes as a stream that fails once more than the limit arrives, and what its headers said. */
export interface Download {
	stream: BinaryStream;
	/** The Content-Type header, when there was one. */
	contentType?: string;
	/** The Content-Length header, when there was one (a chunked answer has none). */
	contentLength?: number;
}

export interface DownloadOptions {
	maxBytes: number;
	timeoutMs: number;
	deadline: Deadline;
	itemIndex?: number;
}

/** "16 MB", "1.5 MB", "512 KB": a size as the Size Limit option speaks of it. */
export function describeSize(bytes: number): string {
	if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
	return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

function tooLarge(node: INode, maxBytes: number, itemIndex?: number, announced?: number) {
	return new NodeOperationError(
		node,
		announced === undefined
			? `The media file passed the Size Limit of ${describeSize(maxBytes)} while it arrived`
			: `The media file (${describeSize(announced)}) is larger than the Size Limit of ${describeSize(maxBytes)}`,
		{
			itemIndex,
			description:
				'Nothing was kept of it: the download stopped as soon as the limit was passed. Raise Size Limit (MB) in the options if the file is expected (WhatsApp audio and video reach 16 MB, documents 100 MB).',
		},
	);
}

/** Why a download broke off, in words: the Timeout ran out, or the connection broke. */
function brokenOff(node: INode, deadline: Deadline, timeoutMs: number, itemIndex?: number) {
	// n8n's HTTP client has no timeout of its own here: the deadline is the only one.
	const message = deadline.passed
		? `The media file did not arrive within the Timeout (${Math.round(timeoutMs / 1000)} s)`
		: 'The connection to the media host broke during the download';
	return new NodeOperationError(node, message, {
		itemIndex,
		description:
			'Nothing was kept of the file. Run the item again; for a large file on a slow network, raise the Timeout option.',
	});
}

/**
 * Counts the file's bytes as whoever reads it takes them: the first chunk past `maxBytes` fails the stream (the
 * connection is closed), so no more than the limit is ever held. The count starts when n8n's binary helper starts
 * reading, not before: a `data` listener added earlier would set the stream flowing and lose what arrived before the
 * reader came.
 */
function capped(stream: ResponseStream, maxBytes: number, overLimit: () => Error): void {
	let received = 0;
	const count = (chunk: Buffer) => {
		received += chunk.length;
		if (received > maxBytes && !stream.destroyed) stream.destroy(overLimit());
	};
	const startCounting = (event: string | symbol) => {
		if (event !== 'data' && event !== 'readable') return;
		stream.off('newListener', startCounting);
		stream.on('data', count);
	};
	stream.on('newListener', startCounting);
}

/**
 * A plain GET of a file outside Jelou's API (the signed URL of a media file), through n8n's own HTTP client, so n8n's
 * proxy settings and SSRF policy apply to it; never with the credential's Authorization header. Only https, or http on
 * this machine; no redirect is followed. A connection refused is tried again, as every Jelou request is.
 */
export async function downloadFile(
	node: INode,
	httpRequest: HttpRequestHelper,
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
	const failed = () => brokenOff(node, deadline, timeoutMs, itemIndex);
	// The deadline cuts the request off until the answer comes, then the file's stream, with the Timeout's words.
	const deadlineSignal = deadline.signal();
	const request = new AbortController();
	let arriving: ResponseStream | undefined;
	deadlineSignal.addEventListener(
		'abort',
		() => {
			if (!arriving) request.abort();
			else if (!arriving.destroyed) arriving.destroy(failed());
		},
		{ once: true },
	);
	const done = () => deadline.release(deadlineSignal);
	for (let attempt = 1; ; attempt++) {
		let response: { statusCode: number; headers: Record<string, unknown>; body: ResponseStream };
		try {
			response = (await httpRequest({
				url,
				method: 'GET',
				headers: { accept: '*/*' },
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				disableFollowRedirect: true,
				abortSignal: request.signal,
			})) as typeof response;
		} catch (error) {
			const refusal = refusalIn(error);
			if (refusal) {
				done();
				throw refusedDestinationError(
					node,
					refusal,
					`the media file’s download link (${target.origin})`,
					itemIndex,
				);
			}
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
			done();
			throw failed();
		}
		const { statusCode, headers, body } = response;
		arriving = body;
		body.once('close', done);
		const contentType =
			typeof headers['content-type'] === 'string' ? headers['content-type'] : undefined;
		const length = Number(headers['content-length']);
		const contentLength = Number.isFinite(length) && length >= 0 ? length : undefined;
		if (statusCode < 200 || statusCode >= 300) {
			const text = await textOf(body).catch(() => '');
			throw mediaHostRefused(node, statusCode, text, target.host, itemIndex);
		}
		if (contentLength !== undefined && contentLength > maxBytes) {
			body.destroy();
			throw tooLarge(node, maxBytes, itemIndex, contentLength);
		}
		capped(body, maxBytes, () => tooLarge(node, maxBytes, itemIndex));
		return { stream: body as unknown as BinaryStream, contentType, contentLength };
	}
}

/** The start of an error page, for the message (at most 64 KB of it is read). */
async function textOf(body: ResponseStream): Promise<string> {
	let text = '';
	for await (const chunk of body) {
		text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
		if (text.length > 65_536) break;
	}
	body.destroy();
	return text;
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
