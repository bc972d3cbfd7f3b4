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

const SINGLE_VALUE_FIX =
	'Give a single text value: check the expression, e.g. pick one element with [0] or one field with .name.';

function preview(value: unknown): string {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/**
 * A field's value as text. Numbers and booleans read as typed, dates by their own text; a list or an object is
 * refused as what it is, so nothing goes out as "a,b" or "[object Object]". `subject` names the entry within the field.
 */
export function textOf(
	field: string,
	value: unknown,
	fix = SINGLE_VALUE_FIX,
	subject?: string,
): string {
	const what = subject ? `${subject} is` : 'is';
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
		return String(value);
	if (Array.isArray(value)) {
		throw new InvalidFieldError(
			field,
			`${what} a list of ${value.length} value${value.length === 1 ? '' : 's'} (${preview(value)})`,
			fix,
		);
	}
	// Dates and Luxon DateTimes print themselves as ISO text.
	if (
		typeof value === 'object' &&
		(value as { toString?: unknown }).toString !== Object.prototype.toString
	)
		return String(value);
	throw new InvalidFieldError(field, `${what} an object (${preview(value)})`, fix);
}

/** A number field's value; what was typed is shown when it is not a number, never NaN. */
export function numberOf(field: string, value: unknown, fix: string): number {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	const text = textOf(field, value, fix).trim();
	const number = text === '' ? NaN : Number(text);
	if (!Number.isFinite(number))
		throw new InvalidFieldError(field, text === '' ? 'is empty' : `"${text}" is not a number`, fix);
	return number;
}

export function requireText(field: string, value: unknown, fix: string): string {
	const text = textOf(field, value).trim();
	if (text === '') throw new InvalidFieldError(field, 'is empty', fix);
	return text;
}

/** Media must be a public https link straight to the file: WhatsApp fetches it from Jelou's side. */
export function requireHttpsUrl(field: string, value: unknown): string {
	const text = requireText(field, value, 'Enter a public https:// link straight to the file.');
	const url = parseUrl(text);
	if (!url)
		throw new InvalidFieldError(
			field,
			`"${text}" is not a URL`,
			'Enter a public https:// link straight to the file.',
		);
	if (url.protocol !== 'https:') {
		throw new InvalidFieldError(
			field,
			`"${text}" does not start with https://`,
			'WhatsApp only fetches media over https; use an https:// link.',
		);
	}
	return text;
}

/** What parseJson returns for text that is not JSON. */
export const NOT_JSON = Symbol('not JSON');

export function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return NOT_JSON;
	}
}

/**
 * A JSON field: text is parsed, anything else (an object or a list from an expression) is taken as it is.
 * Text that is not JSON is refused, with `fix` saying what to enter.
 */
export function parseJsonText(field: string, raw: unknown, fix: string): unknown {
	const value = typeof raw === 'string' ? parseJson(raw) : raw;
	if (value === NOT_JSON) throw new InvalidFieldError(field, 'is not valid JSON', fix);
	return value;
}

/** A long text is quoted by its start only, so that an error does not repeat a thousand characters back. */
const QUOTED_WHOLE_UP_TO = 40;
const QUOTED_START = 30;

export function maxLength(field: string, value: string, limit: number): string {
	const characters = [...value];
	const length = characters.length;
	if (length > limit) {
		const quoted =
			length > QUOTED_WHOLE_UP_TO ? `${characters.slice(0, QUOTED_START).join('')}…` : value;
		throw new InvalidFieldError(
			field,
			`"${quoted}" has ${length} characters, more than ${limit}`,
			`Shorten it to at most ${limit} characters.`,
		);
	}
	return value;
}
