import { Problems } from './envelopes';

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as JsonObject)
		: {};
}

export function isNonEmptyString(value: unknown): value is string {
	return typeof value === 'string' && value.trim() !== '';
}

export function isStringArray(value: unknown): value is string[] {
	return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

export const PHONE_NUMBER = /^\d{8,15}$/;

/** Jelou fetches media itself, so only a public https link straight to the file can work. */
export function isHttpsUrl(value: unknown): boolean {
	if (typeof value !== 'string') return false;
	try {
		return new URL(value).protocol === 'https:';
	} catch {
		return false;
	}
}

export function isHttpUrl(value: unknown): boolean {
	if (typeof value !== 'string') return false;
	try {
		return ['http:', 'https:'].includes(new URL(value).protocol);
	} catch {
		return false;
	}
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function isIsoDateTime(value: unknown): value is string {
	return typeof value === 'string' && ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

/** Query dates are accepted as ISO strings or Unix milliseconds, the two forms Jelou's APIs use. */
export function parseQueryDate(value: string): number | undefined {
	if (/^\d+$/.test(value)) return Number(value);
	const parsed = Date.parse(value);
	return Number.isNaN(parsed) ? undefined : parsed;
}

export interface Paging {
	page: number;
	limit: number;
}

/** Reads `page` and `limit` from a query, adding a problem for each bad one. */
export function readPaging(
	query: Record<string, string>,
	problems: Problems,
	maxLimit: number,
): Paging {
	const page = readPositiveInt(query, 'page', 1, problems);
	const limit = readPositiveInt(query, 'limit', 10, problems);
	if (limit > maxLimit) {
		problems.add(
			'limit',
			`limit must not be greater than ${maxLimit}.`,
			`limit no debe ser mayor que ${maxLimit}.`,
		);
	}
	return { page, limit };
}

function readPositiveInt(
	query: Record<string, string>,
	name: string,
	fallback: number,
	problems: Problems,
): number {
	const raw = query[name];
	if (raw === undefined) return fallback;
	if (!/^\d+$/.test(raw) || Number(raw) < 1) {
		problems.add(
			name,
			`${name} must be a positive integer.`,
			`${name} debe ser un entero positivo.`,
		);
		return fallback;
	}
	return Number(raw);
}

export function paginate<T>(items: T[], { page, limit }: Paging) {
	return {
		pagination: {
			page,
			limit,
			total: items.length,
			totalPages: Math.ceil(items.length / limit),
		},
		results: items.slice((page - 1) * limit, page * limit),
	};
}

/** The distinct `{{n}}` numbers of a template text, sorted. */
export function placeholderNumbers(text: string): number[] {
	const numbers = new Set<number>();
	for (const match of text.matchAll(/\{\{(\d+)\}\}/g)) numbers.add(Number(match[1]));
	return [...numbers].sort((a, b) => a - b);
}

export function isOneToN(numbers: number[]): boolean {
	return numbers.every((number, index) => number === index + 1);
}
