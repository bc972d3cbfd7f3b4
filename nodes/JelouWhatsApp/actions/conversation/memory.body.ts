import type { IDataObject } from 'n8n-workflow';

import { InvalidFieldError, parseJsonText } from '../../shared/validation';

/** How the values to store are given: key/value pairs typed in the node, or one JSON object. */
export type ValuesInput = 'keyValue' | 'json';

export interface MemoryValuesInput {
	input: ValuesInput;
	pairs?: Array<{ key?: unknown; value?: unknown }>;
	json?: unknown;
}

const JSON_FIX = 'Enter a JSON object such as {"orderNumber": "ORD-12345"}.';

/**
 * Bounds of the values one item stores (or hands a bot flow). Jelou documents none; a customer's memory holds what
 * flows read, such as an order number or a short summary, far below these, and a larger or deeper value is a whole
 * node output mapped by mistake.
 */
export const MAX_VALUES_KB = 64;
export const MAX_VALUES_DEPTH = 10;
const MAX_VALUES_BYTES = MAX_VALUES_KB * 1024;

/** How deep `value` nests (a plain value is 0, `{"a": 1}` is 1), counted no further than `stopAt` + 1. */
export function nestingDepth(value: unknown, stopAt: number): number {
	const isNested = (entry: unknown): entry is object => typeof entry === 'object' && entry !== null;
	let depth = 0;
	for (let level = [value]; level.some(isNested) && depth <= stopAt; depth++)
		level = level.filter(isNested).flatMap((entry) => Object.values(entry));
	return depth;
}

/** Refuses values larger than MAX_VALUES_KB as JSON, or nested deeper than MAX_VALUES_DEPTH. */
function checkBounds(field: string, values: IDataObject): IDataObject {
	const depth = nestingDepth(values, MAX_VALUES_DEPTH);
	if (depth > MAX_VALUES_DEPTH)
		throw new InvalidFieldError(
			field,
			`the values are nested more than ${MAX_VALUES_DEPTH} levels deep`,
			`Store values at most ${MAX_VALUES_DEPTH} levels deep, e.g. {"order": {"number": "ORD-12345", "city": "Quito"}}: pick the fields the bot's flows read instead of a whole object.`,
		);
	const bytes = Buffer.byteLength(JSON.stringify(values), 'utf8');
	if (bytes > MAX_VALUES_BYTES)
		throw new InvalidFieldError(
			field,
			`the values take ${describeBytes(bytes)} as JSON, more than ${MAX_VALUES_KB} KB`,
			`Store at most ${MAX_VALUES_KB} KB per item: what the bot's flows read, such as an order number or a short summary. Keep files and long texts elsewhere and store a link or an ID.`,
		);
	return values;
}

function describeBytes(bytes: number): string {
	return bytes < 1024 * 1024
		? `${Math.ceil(bytes / 1024)} KB`
		: `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

function parseJsonObject(field: string, raw: unknown): IDataObject {
	if (typeof raw === 'string' && raw.trim() === '') return {};
	const value = parseJsonText(field, raw, JSON_FIX);
	if (value === undefined || value === null) return {};
	if (typeof value !== 'object' || Array.isArray(value))
		throw new InvalidFieldError(
			field,
			`is ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}, not an object`,
			JSON_FIX,
		);
	return value as IDataObject;
}

/**
 * The values a customer's memory (or a bot flow) gets, as one object: from key/value pairs (text values, keys
 * trimmed, none empty or given twice) or from a JSON object (values keep their types), at most MAX_VALUES_KB as JSON
 * and MAX_VALUES_DEPTH deep. Empty is allowed here; Set Memory refuses it itself.
 */
export function readMemoryValues(field: string, given: MemoryValuesInput): IDataObject {
	if (given.input === 'json') return checkBounds(field, parseJsonObject(field, given.json));
	const values: IDataObject = {};
	(given.pairs ?? []).forEach((pair, position) => {
		const key = String(pair.key ?? '').trim();
		if (key === '')
			throw new InvalidFieldError(
				field,
				`value ${position + 1} has no key`,
				'Give every value a key, e.g. orderNumber, or remove it.',
			);
		if (Object.hasOwn(values, key))
			throw new InvalidFieldError(
				field,
				`the key "${key}" is given twice`,
				'Give each key once: the second would silently replace the first.',
			);
		values[key] = (pair.value ?? '') as IDataObject[string];
	});
	return checkBounds(field, values);
}

/** The body of `POST /v1/users/{userId}/cache`, as in Jelou's example. */
export function setMemoryBody(botId: string, params: IDataObject): IDataObject {
	return { params, botId };
}

/**
 * What is wrong with a Set Memory answer: Jelou can answer HTTP 200 with `"status": "failed"`, which is a
 * failure. Undefined when the answer says success (or says nothing to the contrary).
 */
export function failedAnswerMessage(answer: unknown): string | undefined {
	if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return undefined;
	const { status, message } = answer as IDataObject;
	if (status !== 'failed' && status !== 0) return undefined;
	const text = Array.isArray(message)
		? message.filter((part) => typeof part === 'string').join('; ')
		: typeof message === 'string'
			? message
			: '';
	return text || 'Jelou answered "status": "failed" without a message';
}
