import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { holdsSecret, redactSecrets } from '../transport';

const usable = (secrets: string[]) => secrets.filter((secret) => secret && secret.length >= 4);

/** `value` with every string that holds a secret rewritten; objects and arrays are copied only where something changed. */
function redactValue(value: unknown, secrets: string[]): unknown {
	if (typeof value === 'string')
		return holdsSecret(value, secrets) ? redactSecrets(value, secrets) : value;
	if (Array.isArray(value)) {
		let changed = false;
		const copy = value.map((entry) => {
			const redacted = redactValue(entry, secrets);
			changed ||= redacted !== entry;
			return redacted;
		});
		return changed ? copy : value;
	}
	if (
		typeof value === 'object' &&
		value !== null &&
		Object.getPrototypeOf(value) === Object.prototype
	) {
		let copy: Record<string, unknown> | undefined;
		for (const [key, entry] of Object.entries(value)) {
			const redacted = redactValue(entry, secrets);
			if (redacted !== entry) (copy ??= { ...(value as Record<string, unknown>) })[key] = redacted;
		}
		return copy ?? value;
	}
	return value;
}

/** The items with the credential's secrets replaced by [redacted] wherever a field echoed them. */
export function redactItems(items: INodeExecutionData[], secrets: string[]): INodeExecutionData[] {
	const needles = usable(secrets);
	if (needles.length === 0) return items;
	return items.map((item) => {
		const json = redactValue(item.json, needles) as IDataObject;
		return json === item.json ? item : { ...item, json };
	});
}

/** The error with the credential's secrets removed from everything n8n shows or saves of it. */
export function redactError(error: unknown, secrets: string[]): unknown {
	const needles = usable(secrets);
	if (needles.length === 0 || typeof error !== 'object' || error === null) return error;
	const target = error as Record<string, unknown>;
	for (const key of ['message', 'description', 'stack', 'messages', 'context']) {
		if (target[key] !== undefined) target[key] = redactValue(target[key], needles);
	}
	const cause = target.cause;
	if (cause instanceof Error) {
		cause.message = redactSecrets(cause.message, needles);
		if (cause.stack) cause.stack = redactSecrets(cause.stack, needles);
	} else if (cause !== undefined) {
		target.cause = redactValue(cause, needles);
	}
	return error;
}
