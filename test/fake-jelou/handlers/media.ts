// Media behind signed URLs (jelou-api.md, "download a media file"): POST /v1/external/assets/refresh signs a
// stored file's URL for `ttl` seconds; the file itself is served like a CDN serves it, without Basic auth.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { asObject, isHttpsUrl } from '../checks';
import { Problems, type Reply } from '../envelopes';
import type { FakeState, HandlerInput } from '../types';
import { conversationsOf, MEDIA_PREFIX } from '../conversations-store';

const TTL_MIN = 900;
const TTL_MAX = 3600;
const CHUNK_BYTES = 64 * 1024;

/** POST /v1/external/assets/refresh {resourceUrl, ttl} — `{signedUrl}`. */
export function refreshAsset(input: HandlerInput, state: FakeState): Reply {
	const body = asObject(input.body);
	const store = conversationsOf(state);
	const problems = new Problems();
	const resourceUrl = body.resourceUrl;
	let path: string | undefined;
	if (typeof resourceUrl !== 'string' || resourceUrl.trim() === '') {
		problems.required('resourceUrl');
	} else if (!isHttpsUrl(resourceUrl) && !resourceUrl.startsWith(`${store.origin}/`)) {
		problems.add(
			'resourceUrl',
			'resourceUrl must be a valid HTTPS URL.',
			'resourceUrl debe ser una URL HTTPS válida.',
		);
	} else {
		path = new URL(resourceUrl).pathname;
	}
	const ttl = body.ttl;
	if (ttl === undefined) problems.required('ttl');
	else if (!Number.isInteger(ttl) || (ttl as number) < TTL_MIN || (ttl as number) > TTL_MAX)
		problems.add(
			'ttl',
			`ttl must be a whole number between ${TTL_MIN} and ${TTL_MAX}.`,
			`ttl debe ser un número entero entre ${TTL_MIN} y ${TTL_MAX}.`,
		);
	if (problems.any) return problems.reply();
	// An https URL of another host is valid but names no file of this bot.
	if (!path || !String(resourceUrl).startsWith(`${store.origin}/`) || !store.media.has(path))
		return {
			status: 404,
			body: { message: ['The resource could not be found.'], statusMessage: 'failed', status: 0 },
		};
	return { status: 200, body: { signedUrl: store.signedUrl(path, ttl as number) } };
}

function accessDenied(res: ServerResponse, status: number, code: string, message: string): number {
	res.writeHead(status, { 'content-type': 'text/xml' });
	res.end(
		`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
	);
	return status;
}

const sameText = (a: string, b: string) =>
	a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * GET /media/… — answers like a CDN in front of private storage: 403 without a valid, unexpired signature, 400
 * when the request carries an Authorization header (a signed URL is the only credential it takes), else the
 * file in 64 KiB chunks. Returns false for any other path, which the API routes then answer.
 */
export async function serveMedia(
	state: FakeState,
	req: IncomingMessage,
	res: ServerResponse,
): Promise<number | false> {
	const url = new URL(req.url ?? '/', 'http://fake-jelou.local');
	if (!url.pathname.startsWith(MEDIA_PREFIX)) return false;
	const store = conversationsOf(state);
	const download = { path: url.pathname, status: 0, bytesSent: 0, complete: false };
	store.mediaDownloads.push(download);
	const file = store.media.get(url.pathname);
	const expires = Number(url.searchParams.get('Expires'));
	const signature = url.searchParams.get('Signature') ?? '';
	if (req.method !== 'GET')
		return (download.status = accessDenied(res, 405, 'MethodNotAllowed', 'Only GET'));
	if (req.headers.authorization !== undefined)
		return (download.status = accessDenied(
			res,
			400,
			'InvalidArgument',
			'Only one auth mechanism allowed; a signed URL must not carry an Authorization header',
		));
	if (!url.searchParams.has('Signature') || !Number.isInteger(expires))
		return (download.status = accessDenied(
			res,
			403,
			'MissingKey',
			'Missing Key-Pair-Id query parameter or cookie value',
		));
	if (!sameText(signature, store.signature(url.pathname, expires)))
		return (download.status = accessDenied(res, 403, 'AccessDenied', 'Access denied'));
	if (expires * 1000 <= store.now())
		return (download.status = accessDenied(res, 403, 'AccessDenied', 'Request has expired'));
	if (!file) return (download.status = accessDenied(res, 404, 'NoSuchKey', 'Not found'));

	download.status = 200;
	res.writeHead(200, {
		'content-type': file.mimeType,
		...(file.announceLength ? { 'content-length': String(file.content.length) } : {}),
	});
	for (let offset = 0; offset < file.content.length; offset += CHUNK_BYTES) {
		if (res.destroyed) return 200;
		const chunk = file.content.subarray(offset, offset + CHUNK_BYTES);
		const flushed = res.write(chunk);
		download.bytesSent += chunk.length;
		if (!flushed)
			await new Promise<void>((resolve) => {
				const done = () => {
					res.off('drain', done);
					res.off('close', done);
					resolve();
				};
				res.on('drain', done);
				res.on('close', done);
			});
	}
	if (res.destroyed) return 200;
	res.end();
	download.complete = true;
	return 200;
}
