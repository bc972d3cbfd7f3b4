/**
 * Bad input found before anything is sent. `field` is the name the user sees in the node,
 * `fix` tells them what to do; the router turns it into a NodeOperationError for the item.
 */
export class InvalidFieldError extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
		readonly fix: string,
	) {
		super(`${field}: ${problem}`);
		this.name = 'InvalidFieldError';
	}
}

export function parseUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}

export function requireText(field: string, value: unknown, fix: string): string {
	const text = typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value).trim();
	if (text === '') throw new InvalidFieldError(field, 'is empty', fix);
	return text;
}

/** Media must be a public https link straight to the file: WhatsApp fetches it from Jelou's side. */
export function requireHttpsUrl(field: string, value: unknown): string {
	const text = requireText(field, value, 'Enter a public https:// link straight to the file.');
	const url = parseUrl(text);
	if (!url) throw new InvalidFieldError(field, `"${text}" is not a URL`, 'Enter a public https:// link straight to the file.');
	if (url.protocol !== 'https:') {
		throw new InvalidFieldError(field, `"${text}" does not start with https://`, 'WhatsApp only fetches media over https; use an https:// link.');
	}
	return text;
}

export function maxLength(field: string, value: string, limit: number): string {
	const length = [...value].length;
	if (length > limit) {
		throw new InvalidFieldError(field, `"${value}" has ${length} characters, more than ${limit}`, `Shorten it to at most ${limit} characters.`);
	}
	return value;
}
