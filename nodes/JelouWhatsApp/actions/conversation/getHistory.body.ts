import type { IDataObject } from 'n8n-workflow';

import { InvalidFieldError } from '../../shared/validation';

/** Jelou lists at most 50 messages per request. */
export const HISTORY_PAGE_MAX = 50;

/** Query of one customer's history, `GET /v1/bots/{botId}/users/{userId}/history`. */
export function customerHistoryQuery(options: {
	limit: number;
	direction?: string;
	messageId?: string;
}): Record<string, string | number> {
	const { limit, direction, messageId } = options;
	if (!Number.isInteger(limit) || limit < 1 || limit > HISTORY_PAGE_MAX)
		throw new InvalidFieldError(
			'Limit',
			`${String(limit)} is not a whole number from 1 to ${HISTORY_PAGE_MAX}`,
			`Enter how many messages to read, at most ${HISTORY_PAGE_MAX} (Jelou's largest page).`,
		);
	const query: Record<string, string | number> = { limit };
	if (messageId) {
		query.messageId = messageId;
		query.direction = direction === 'newer' ? 'newer' : 'older';
	}
	return query;
}

/** Query of the bot's history, `GET /v1/external/messages/history/{botId}`, without its page and limit. */
export function botHistoryQuery(filters: {
	startAt?: number;
	endAt?: number;
	messageId?: string;
	/** The customer's phone number, Jelou's `clientId`. */
	clientId?: string;
}): Record<string, string> {
	const { startAt, endAt, messageId, clientId } = filters;
	if (startAt !== undefined && endAt !== undefined && startAt > endAt)
		throw new InvalidFieldError('From', 'is after To', 'Pick a From time before the To time.');
	const query: Record<string, string> = {};
	if (startAt !== undefined) query.startAt = new Date(startAt).toISOString();
	if (endAt !== undefined) query.endAt = new Date(endAt).toISOString();
	if (messageId) query.messageId = messageId;
	if (clientId) query.clientId = clientId;
	return query;
}

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** The messages of a history answer: a list, or `{results}` / `{data}` holding one. */
export function messagesOf(answer: unknown): IDataObject[] {
	const list = Array.isArray(answer)
		? answer
		: isObject(answer) && Array.isArray(answer.results)
			? answer.results
			: isObject(answer) && Array.isArray(answer.data)
				? answer.data
				: [];
	return list.filter(isObject);
}

function timeOf(message: IDataObject): number | undefined {
	const value = message.createdAt ?? message.received ?? message.date;
	const ms =
		typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
	return Number.isNaN(ms) ? undefined : ms;
}

/** Oldest first, whatever order Jelou listed them in; messages without a readable time keep their place relative to each other. */
export function inTimeOrder(messages: IDataObject[]): IDataObject[] {
	return messages
		.map((message, position) => ({ message, position, at: timeOf(message) }))
		.sort((a, b) =>
			a.at !== undefined && b.at !== undefined && a.at !== b.at
				? a.at - b.at
				: a.position - b.position,
		)
		.map(({ message }) => message);
}

export type Speaker = 'customer' | 'bot' | 'operator';

const SPEAKERS: Record<string, Speaker> = {
	user: 'customer',
	client: 'customer',
	customer: 'customer',
	bot: 'bot',
	operator: 'operator',
	agent: 'operator',
	human: 'operator',
};

const text = (value: unknown): string | null =>
	typeof value === 'string' && value !== '' ? value : null;

/**
 * One message as an AI agent's memory or a summary wants it: whose conversation it is (`userId`, the customer's
 * number: the sender of what the customer wrote, else the recipient), who spoke (`customer`, `bot` or `operator`,
 * from Jelou's `by`, else the sender's type), the bubble's type, text and media URL, the message ID and when.
 */
export function simplifyMessage(message: IDataObject): IDataObject {
	const bubble = isObject(message.bubble) ? message.bubble : {};
	const sender = isObject(message.sender) ? message.sender : {};
	const recipient = isObject(message.recipient) ? message.recipient : {};
	const by = String(message.by ?? sender.type ?? '').toLowerCase();
	const from = SPEAKERS[by] ?? (by || null);
	const customer = from === 'customer' ? sender : recipient;
	const at = timeOf(message);
	return {
		userId: customer.id === undefined || customer.id === null ? null : String(customer.id),
		from,
		type: text(bubble.type) ?? text(message.type),
		text: text(bubble.text) ?? text(message.text),
		mediaUrl: text(bubble.mediaUrl) ?? text(message.mediaUrl),
		messageId: text(message.messageId) ?? text(message.id) ?? text(message._id),
		at: at === undefined ? null : new Date(at).toISOString(),
	};
}
