import type { IDataObject } from 'n8n-workflow';

import { InvalidFieldError, parseUrl, requireText, textOf } from '../../shared/validation';

/** How long the signed URL Jelou makes for a download stays valid: Jelou's shortest (900–3600 s). */
export const SIGNED_URL_TTL_SECONDS = 900;
/** WhatsApp's largest media file (video, audio): the default Size Limit. */
export const DEFAULT_SIZE_LIMIT_MB = 16;
/** The largest Size Limit the option takes: WhatsApp's documents reach 100 MB. */
export const MAX_SIZE_LIMIT_MB = 100;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const JELOU_DOMAIN = 'jelou.ai';
const NOT_JELOU_FIX =
	'Give the mediaUrl of a message a customer sent to the bot (a Jelou link such as https://cdn.jelou.ai/…), e.g. {{ $json.body.bubble.mediaUrl }} of a Jelou WhatsApp Trigger item. For a file stored elsewhere, use the HTTP Request node.';

/** https, or http on this machine only (tests and the sandbox): the rule the credential's Base URL follows. */
function isSecureOrLoopback(url: URL): boolean {
	return (
		url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))
	);
}

/**
 * A Jelou media URL: https, on Jelou's domain (jelou.ai or any host below it, such as cdn.jelou.ai) or on the
 * host of the credential's Base URL (a regional Jelou host, the sandbox). Anything else is refused before a
 * request is made: Jelou is asked to sign only its own files.
 */
export function checkMediaUrl(raw: unknown, baseUrl: string): string {
	const field = 'Media URL';
	const text = requireText(field, raw, NOT_JELOU_FIX);
	const url = parseUrl(text);
	if (!url) throw new InvalidFieldError(field, `"${text}" is not a URL`, NOT_JELOU_FIX);
	if (!isSecureOrLoopback(url))
		throw new InvalidFieldError(
			field,
			`"${text}" does not start with https://`,
			'Jelou media URLs are https links; give the mediaUrl exactly as Jelou sent it.',
		);
	const host = url.hostname.toLowerCase();
	const apiHost = new URL(baseUrl).hostname.toLowerCase();
	if (host !== JELOU_DOMAIN && !host.endsWith(`.${JELOU_DOMAIN}`) && host !== apiHost)
		throw new InvalidFieldError(field, `${url.host} is not a Jelou host`, NOT_JELOU_FIX);
	return text;
}

/** The body of `POST /v1/external/assets/refresh`. */
export function refreshBody(resourceUrl: string): IDataObject {
	return { resourceUrl, ttl: SIGNED_URL_TTL_SECONDS };
}

/** The signed URL of Jelou's answer, or why it cannot be downloaded from. */
export function signedUrlOf(answer: unknown): { url: string } | { problem: string } {
	const signed = (answer as IDataObject | undefined)?.signedUrl;
	if (typeof signed !== 'string' || signed === '')
		return { problem: 'Jelou answered without a signedUrl to download the file from' };
	const url = parseUrl(signed);
	if (!url || !isSecureOrLoopback(url))
		return { problem: 'Jelou answered with a signedUrl that is not an https link' };
	return { url: signed };
}

/** Size Limit (MB) in bytes; refused unless above 0 and at most MAX_SIZE_LIMIT_MB. */
export function sizeLimitBytes(raw: unknown): number {
	const megabytes = raw === undefined || raw === '' ? DEFAULT_SIZE_LIMIT_MB : Number(raw);
	if (!(megabytes > 0 && megabytes <= MAX_SIZE_LIMIT_MB))
		throw new InvalidFieldError(
			'Size Limit (MB)',
			`${String(raw)} is not a size above 0 and at most ${MAX_SIZE_LIMIT_MB} MB`,
			`Enter the largest file to accept in MB, e.g. ${DEFAULT_SIZE_LIMIT_MB} (WhatsApp's largest audio and video).`,
		);
	return Math.floor(megabytes * 1024 * 1024);
}

/** The longest File Name taken: what most file systems allow for one name. */
const MAX_FILE_NAME_LENGTH = 255;
const FILE_NAME_FIX =
	'Enter a name only, such as voice-note.ogg: no folders, no line breaks or other invisible characters.';
const CONTROL_NAMES: Record<string, string> = {
	'\0': 'NUL',
	'\x07': 'BEL',
	'\b': 'backspace',
	'\t': 'tab',
	'\n': 'line feed',
	'\r': 'carriage return',
	'\x1b': 'escape',
	'\x7f': 'DEL',
};

/**
 * The typed File Name, trimmed (undefined when empty): a name, never a path. Refused with a path separator (`/`, `\`),
 * a control character (NUL, line breaks, BEL…), as `.` or `..`, or longer than MAX_FILE_NAME_LENGTH; names the node
 * makes from the Media URL are cleaned instead (mediaFileName).
 */
export function checkFileName(raw: unknown): string | undefined {
	const field = 'File Name';
	const name = textOf(field, raw).trim();
	if (name === '') return undefined;
	const separator = [...name].find((character) => character === '/' || character === '\\');
	if (separator)
		throw new InvalidFieldError(
			field,
			`"${name}" contains a path separator (${separator})`,
			FILE_NAME_FIX,
		);
	const control = [...name].find((character) => {
		const code = character.charCodeAt(0);
		return code < 0x20 || (code >= 0x7f && code <= 0x9f);
	});
	if (control) {
		const code = `U+${control.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
		throw new InvalidFieldError(
			field,
			`contains a control character (${CONTROL_NAMES[control] ?? code})`,
			FILE_NAME_FIX,
		);
	}
	if (/^\.+$/.test(name))
		throw new InvalidFieldError(field, `"${name}" is not a file name`, FILE_NAME_FIX);
	if (name.length > MAX_FILE_NAME_LENGTH)
		throw new InvalidFieldError(
			field,
			`has ${name.length} characters, more than ${MAX_FILE_NAME_LENGTH}`,
			`Enter a shorter name, at most ${MAX_FILE_NAME_LENGTH} characters.`,
		);
	return name;
}

/** The MIME types WhatsApp media come in, and the extension a file of each gets. */
const EXTENSIONS: Record<string, string> = {
	'application/pdf': 'pdf',
	'audio/aac': 'aac',
	'audio/amr': 'amr',
	'audio/mp4': 'm4a',
	'audio/mpeg': 'mp3',
	'audio/ogg': 'ogg',
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/webp': 'webp',
	'video/3gpp': '3gp',
	'video/mp4': 'mp4',
};

/** The MIME type without parameters (`audio/ogg; codecs=opus` → `audio/ogg`), lower case; undefined when absent. */
export function bareMimeType(contentType: unknown): string | undefined {
	if (typeof contentType !== 'string') return undefined;
	const bare = contentType.split(';')[0].trim().toLowerCase();
	return /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(bare) ? bare : undefined;
}

/**
 * The file's name: the one given, else the last part of the URL's path (Jelou writes `whatsappCloudApi%2F<id>.jpeg`,
 * an escaped slash), with an extension from the MIME type when it has none; `media` when the URL names nothing.
 */
export function mediaFileName(resourceUrl: string, mimeType?: string, given?: string): string {
	const chosen = (given ?? '').trim();
	if (chosen !== '') return chosen;
	let name = '';
	try {
		name = decodeURIComponent(new URL(resourceUrl).pathname).split('/').pop() ?? '';
	} catch {
		name = '';
	}
	name =
		[...name]
			.map((character) => (character < ' ' || '\\:*?"<>|'.includes(character) ? '_' : character))
			.join('')
			.trim() || 'media';
	const extension = mimeType ? EXTENSIONS[mimeType] : undefined;
	return extension && !/\.[a-z0-9]{2,5}$/i.test(name) ? `${name}.${extension}` : name;
}
