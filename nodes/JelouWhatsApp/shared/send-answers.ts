import type { IDataObject } from 'n8n-workflow';

/** Where a message that may have gone out can be looked up before anyone sends it again. */
export const CHECK_STATUS_HINT =
	'Check the message status with Message → Get Status (By Filters: template and time) before resending.';

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);
const hasId = (value: unknown, key: string): boolean =>
	isObject(value) &&
	((typeof value[key] === 'string' && value[key] !== '') || typeof value[key] === 'number');

/** Jelou's answer as short text for an item, whatever it was: JSON, a bare string, nothing. */
export function answerExcerpt(answer: unknown, limit = 200): string {
	const text =
		typeof answer === 'string' ? answer : answer === undefined ? '' : JSON.stringify(answer);
	return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/**
 * What a send's item says when Jelou answered with success but the answer does not confirm the message:
 * it was probably sent (so it must not simply be sent again), its id is unknown, and here is what Jelou said.
 */
export function unconfirmedSend(
	reason: string,
	jelouAnswer: string,
	fields: IDataObject,
	idKey = 'id',
): IDataObject {
	return {
		...fields,
		[idKey]: null,
		sent: 'probably',
		warning: `${reason}, so the message was probably sent, but its id is unknown. ${CHECK_STATUS_HINT}`,
		jelouAnswer,
	};
}

export const unreadableReason = (status: number) =>
	`Jelou answered HTTP ${status} but its answer could not be read`;
const NO_ID_REASON = 'Jelou answered with success but without a message id';

/**
 * The items of a template send: Jelou answers `[{id, destination}]`, one per destination. Any other answer,
 * or an entry without an id, becomes an item per destination that says the message id is unknown.
 */
export function hsmSendOutputs(
	answer: unknown,
	destinations: string[],
	elementName: string,
): IDataObject[] {
	const entries = Array.isArray(answer) ? answer : [];
	if (!entries.some((entry) => hasId(entry, 'id'))) {
		return destinations.map((destination) =>
			unconfirmedSend(NO_ID_REASON, answerExcerpt(answer), { destination, elementName }),
		);
	}
	return entries.map((entry: unknown) =>
		hasId(entry, 'id')
			? { ...(entry as IDataObject), elementName }
			: unconfirmedSend(NO_ID_REASON, answerExcerpt(entry), {
					destination: isObject(entry) ? (entry.destination ?? null) : null,
					elementName,
				}),
	);
}

/** The item of a session message: Jelou answers `{messageId, …}`; without the id the item says it is unknown. */
export function sessionSendOutput(answer: unknown): IDataObject {
	if (hasId(answer, 'messageId')) return answer as IDataObject;
	return unconfirmedSend(
		NO_ID_REASON,
		answerExcerpt(answer),
		isObject(answer) ? answer : {},
		'messageId',
	);
}
