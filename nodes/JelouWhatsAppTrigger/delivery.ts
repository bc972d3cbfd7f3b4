/**
 * One delivery Jelou made to the trigger, turned into output items: the one place that reads Jelou's payloads.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import type { JelouEvent } from './event-urls';

/** The normalized fields of one delivered event; `body` is always the raw payload. */
interface JelouEventItem {
	event: JelouEvent | 'unknown';
	receivedAt: string;
	messageId: string | null;
	destination: string | null;
	elementName: string | null;
	campaignId: string | null;
	status: string | null;
	error: unknown;
	text: string | null;
	messageType: string | null;
	mediaUrl: string | null;
	occurredAt: string | null;
	body: unknown;
}

const STATUS_EVENTS: Record<string, JelouEvent> = {
	DELIVERED_CHANNEL: 'delivered_channel',
	DELIVERED_USER: 'delivered_user',
	READ: 'read',
	FAILED: 'failed',
	REPLY: 'reply',
};

/** When the event happened, read from the notification record's field for that event. */
const EVENT_TIMES: Record<JelouEvent, string[]> = {
	delivered_channel: ['deliveryChannelAt', 'sentDate'],
	delivered_user: ['deliveryUserAt'],
	read: ['readAt'],
	failed: ['failedAt', 'updatedAt'],
	reply: ['received', 'repliedAt', 'createdAt'],
};

function record(value: unknown): Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: {};
}

function firstText(...values: unknown[]): string | null {
	for (const value of values) {
		if (typeof value === 'string' && value !== '') return value;
		if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	}
	return null;
}

function toIsoDate(value: unknown): string | null {
	if (typeof value === 'number' && Number.isFinite(value)) return new Date(value).toISOString();
	if (typeof value === 'string' && value !== '') {
		const parsed = Date.parse(value);
		return Number.isNaN(parsed) ? value : new Date(parsed).toISOString();
	}
	return null;
}

/** The event a body speaks of when its URL did not say (a URL pasted by hand for "All" events). */
export function eventFromBody(body: unknown): JelouEvent | 'unknown' {
	const data = record(body);
	const status = firstText(data.sentStatus, data.status, data.event, data.type);
	if (status && STATUS_EVENTS[status.toUpperCase()]) return STATUS_EVENTS[status.toUpperCase()];
	if (data.owner === 'user' || data.bubble !== undefined) return 'reply';
	return 'unknown';
}

/**
 * One payload Jelou delivered, as one output item. Jelou does not publish these payloads, so every field is read
 * from the documented notification records and incoming-message shapes where present, and null otherwise.
 */
export function normalizeEvent(
	body: unknown,
	event: JelouEvent | 'unknown',
	receivedAt: Date,
): JelouEventItem {
	const data = record(body);
	const bubble = record(data.bubble);
	const resolved = event === 'unknown' ? eventFromBody(body) : event;
	const times = resolved === 'unknown' ? [] : EVENT_TIMES[resolved];
	return {
		event: resolved,
		receivedAt: receivedAt.toISOString(),
		messageId: firstText(data.id, data.messageId, data._id),
		destination: firstText(data.destination, data.userId, data.from, data.phone),
		elementName: firstText(data.elementName),
		campaignId: firstText(data.campaignId),
		status: firstText(data.sentStatus, data.status),
		error: data.error ?? null,
		text: firstText(bubble.text, data.text),
		messageType: firstText(bubble.type, data.type),
		mediaUrl: firstText(bubble.mediaUrl, data.mediaUrl),
		occurredAt: toIsoDate(
			times.map((name) => data[name]).find((value) => value !== undefined && value !== null),
		),
		body: body ?? null,
	};
}

/** A body holding several records (an array) is several events. */
export function splitPayload(body: unknown): unknown[] {
	return Array.isArray(body) ? body : [body];
}

/** The de-duplication key of an event, or undefined when the payload names no message. */
export function deliveryKey(item: Pick<JelouEventItem, 'event' | 'messageId'>): string | undefined {
	return item.messageId === null ? undefined : `${item.event}:${item.messageId}`;
}

/** One record of a delivery as an output item of the trigger, with its de-duplication key beside it. */
export function itemOfDelivery(
	body: unknown,
	urlEvent: JelouEvent | 'unknown',
	receivedAt: Date,
): { item: INodeExecutionData; event: JelouEvent | 'unknown'; key: string | undefined } {
	const json = normalizeEvent(body, urlEvent, receivedAt);
	return {
		item: { json: json as unknown as INodeExecutionData['json'] },
		event: json.event,
		key: deliveryKey(json),
	};
}
