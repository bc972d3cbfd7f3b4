import type { IHttpRequestOptions } from 'n8n-workflow';

/**
 * How requests reach Jelou, chosen in the credential (HTTP Client):
 * - `pool`: Node's built-in fetch, whose pool keeps connections alive between requests and executions (closing
 *   them after 4 idle seconds, or sooner when the server's Keep-Alive header says so). It goes through a proxy only
 *   on Node 24 started with NODE_USE_ENV_PROXY=1.
 * - `n8n`: n8n's own HTTP client (`helpers.httpRequest`), which applies n8n's proxy settings and SSRF policy to
 *   every request, on every n8n line, and opens a new connection for each request.
 */
export type HttpClientChoice = 'pool' | 'n8n';

/** n8n's HTTP helper, as every context that runs the node's code has it. */
export type HttpRequestHelper = (options: IHttpRequestOptions) => Promise<unknown>;

/** One request as it goes out; a multipart body is an async iterable of its bytes, opened afresh for each attempt. */
export interface Outgoing {
	url: string;
	method: 'GET' | 'POST';
	headers: Record<string, string>;
	body?: string | AsyncIterable<Uint8Array>;
	signal: AbortSignal;
}

/** What came back: an answer read whole, or the error that ended the exchange (with the status, if one had come). */
type Exchanged =
	| { ok: true; status: number; retryAfter?: string; text: string }
	| { ok: false; error: unknown; status?: number };

export type Exchange = (outgoing: Outgoing) => Promise<Exchanged>;

/** Over Node's fetch and its pool of kept-alive connections; no redirect is followed. */
export const pooledExchange: Exchange = async ({ url, method, headers, body, signal }) => {
	let status: number | undefined;
	try {
		const streamed = body !== undefined && typeof body !== 'string';
		const response = await fetch(url, {
			method,
			headers,
			body: body as string | undefined,
			signal,
			redirect: 'manual',
			// A body read as it is sent (the campaign's CSV) needs half duplex in Node's fetch.
			...(streamed ? { duplex: 'half' } : {}),
		} as RequestInit);
		status = response.status;
		const text = await response.text();
		return { ok: true, status, retryAfter: response.headers.get('retry-after') ?? undefined, text };
	} catch (error) {
		return { ok: false, error: refusedPort(error) ?? error, status };
	}
};

/** Fetch refuses, before connecting, the ports browsers block (1, 22, 25, 6000, …): a never-sent error of its own. */
function refusedPort(error: unknown): Error | undefined {
	const cause = (error as { cause?: { message?: unknown } } | undefined)?.cause;
	if (cause?.message !== 'bad port') return undefined;
	return Object.assign(new Error('bad port'), { code: BAD_PORT });
}

export const BAD_PORT = 'BAD_PORT';

/** Over n8n's HTTP client: a streamed body is read into one buffer first, since that client takes no web stream. */
export function n8nExchange(httpRequest: HttpRequestHelper): Exchange {
	return async ({ url, method, headers, body, signal }) => {
		try {
			const response = (await httpRequest({
				url,
				method,
				headers,
				body: typeof body === 'string' || body === undefined ? body : await bytesOf(body),
				encoding: 'text',
				json: false,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				disableFollowRedirect: true,
				abortSignal: signal,
			})) as { statusCode: number; headers: Record<string, unknown>; body: unknown };
			const retryAfter = response.headers?.['retry-after'];
			return {
				ok: true,
				status: response.statusCode,
				retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
				text: typeof response.body === 'string' ? response.body : textOf(response.body),
			};
		} catch (error) {
			return { ok: false, error };
		}
	};
}

async function bytesOf(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
	const chunks: Uint8Array[] = [];
	for await (const chunk of body) chunks.push(chunk);
	return Buffer.concat(chunks);
}

function textOf(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	return typeof body === 'object' ? JSON.stringify(body) : String(body);
}
