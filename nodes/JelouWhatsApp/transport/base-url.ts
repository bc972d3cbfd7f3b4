import { parseUrl } from '../shared/validation';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The credential's Base URL without trailing slashes. Only https is accepted, except on loopback hosts,
 * so a Basic-auth header never crosses a network in clear text.
 */
export function normalizeBaseUrl(raw: string): string {
	const trimmed = (raw ?? '').trim().replace(/\/+$/, '');
	const url = parseUrl(trimmed);
	if (!url)
		throw new Error(
			`Base URL "${trimmed}" is not a URL. Use https://api.jelou.ai unless Jelou gave you another host.`,
		);
	if (url.protocol === 'https:') return trimmed;
	if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return trimmed;
	throw new Error(
		`Base URL "${trimmed}" must start with https://. Only localhost, 127.0.0.1 and [::1] may use http:// (for local testing).`,
	);
}
