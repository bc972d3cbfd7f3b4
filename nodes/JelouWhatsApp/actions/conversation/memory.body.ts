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
 * trimmed, none empty or given twice) or from a JSON object (values keep their types). Empty is allowed here;
 * Set Memory refuses it itself.
 */
export function readMemoryValues(field: string, given: MemoryValuesInput): IDataObject {
	if (given.input === 'json') return parseJsonObject(field, given.json);
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
	return values;
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
