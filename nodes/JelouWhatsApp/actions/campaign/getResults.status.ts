import type { IDataObject } from 'n8n-workflow';

import type { CampaignCounts } from './campaign.record';

/**
 * A message's statuses from least to furthest (https://docs.jelou.ai/en/api/campanas/notificaciones): CREATED
 * (Jelou has it), DELIVERED_CHANNEL (WhatsApp has it), FAILED (it could not be delivered), DELIVERED_USER (it
 * reached the phone), READ, REPLY (the customer answered). FAILED is beyond CREATED and DELIVERED_CHANNEL only:
 * a message that reached the phone did not fail.
 */
export const MESSAGE_STATUSES = [
	'CREATED',
	'DELIVERED_CHANNEL',
	'FAILED',
	'DELIVERED_USER',
	'READ',
	'REPLY',
] as const;

/** The status of an input row that no message of the campaign went to. */
export const NO_MESSAGE = 'NO_MESSAGE';

/** A status's place in the order; -1 for one Jelou has not documented, which every documented one is beyond. */
export function statusRank(status: string): number {
	return (MESSAGE_STATUSES as readonly string[]).indexOf(status);
}

/** The furthest of two statuses; the first when neither is beyond the other. */
export function furthestStatus(a: string, b: string): string {
	return statusRank(b) > statusRank(a) ? b : a;
}

/** How one message of a campaign went. */
export interface RecipientResult {
	messageId: string | null;
	/** The number Jelou sent to. */
	destination: string;
	/** The furthest status the message reached. */
	status: string;
	/** Jelou's error, for a FAILED message. */
	error: unknown;
	createdAt: string | null;
	deliveredChannelAt: string | null;
	deliveredUserAt: string | null;
	readAt: string | null;
	failedAt: string | null;
	repliedAt: string | null;
}

const text = (value: unknown): string | null =>
	typeof value === 'string' && value !== ''
		? value
		: typeof value === 'number'
			? String(value)
			: null;

/** The earlier of two times (ISO text), keeping the one that is there. */
function earlier(a: string | null, b: string | null): string | null {
	if (a === null) return b;
	if (b === null) return a;
	return Date.parse(b) < Date.parse(a) ? b : a;
}

/** The status a notification record shows: its `sentStatus` (or `status`), or more when its times say so. */
function recordStatus(record: IDataObject): string {
	let status = (text(record.sentStatus) ?? text(record.status) ?? 'CREATED').toUpperCase();
	if (text(record.deliveryChannelAt)) status = furthestStatus(status, 'DELIVERED_CHANNEL');
	if (text(record.deliveryUserAt)) status = furthestStatus(status, 'DELIVERED_USER');
	if (text(record.readAt) || record.wasRead === true) status = furthestStatus(status, 'READ');
	return status;
}

function fromRecord(record: IDataObject): RecipientResult {
	const status = recordStatus(record);
	// Jelou documents no time field for a failure or a reply: the record's last change is when it happened.
	const changedAt = text(record.updatedAt);
	return {
		messageId: text(record.id) ?? text(record._id) ?? text(record.messageId),
		destination: text(record.destination) ?? '',
		status,
		error: status === 'FAILED' ? (record.error ?? null) : null,
		createdAt: text(record.createdAt),
		deliveredChannelAt: text(record.deliveryChannelAt),
		deliveredUserAt: text(record.deliveryUserAt),
		readAt: text(record.readAt),
		failedAt: text(record.failedAt) ?? (status === 'FAILED' ? changedAt : null),
		repliedAt: text(record.repliedAt) ?? (status === 'REPLY' ? changedAt : null),
	};
}

/** Two records of the same message: its furthest status, each step's earliest time, the error of its failure. */
function merge(a: RecipientResult, b: RecipientResult): RecipientResult {
	const status = furthestStatus(a.status, b.status);
	return {
		messageId: a.messageId,
		destination: a.destination || b.destination,
		status,
		error: status === 'FAILED' ? (a.error ?? b.error) : null,
		createdAt: earlier(a.createdAt, b.createdAt),
		deliveredChannelAt: earlier(a.deliveredChannelAt, b.deliveredChannelAt),
		deliveredUserAt: earlier(a.deliveredUserAt, b.deliveredUserAt),
		readAt: earlier(a.readAt, b.readAt),
		failedAt: status === 'FAILED' ? earlier(a.failedAt, b.failedAt) : null,
		repliedAt: earlier(a.repliedAt, b.repliedAt),
	};
}

/**
 * One result per message from a campaign's notification records, whether Jelou lists one record per message or
 * one per status change: records of the same message ID are merged. Ordered as the messages were created (the
 * order Jelou sent them in), records without a time keeping their place.
 */
export function recipientResults(notifications: IDataObject[]): RecipientResult[] {
	const positionOf = new Map<string, number>();
	const results: RecipientResult[] = [];
	for (const record of notifications) {
		const result = fromRecord(record);
		const known = result.messageId === null ? undefined : positionOf.get(result.messageId);
		if (known !== undefined) results[known] = merge(results[known], result);
		else {
			if (result.messageId !== null) positionOf.set(result.messageId, results.length);
			results.push(result);
		}
	}
	return results
		.map((result, position) => ({ result, position, at: Date.parse(result.createdAt ?? '') }))
		.sort((a, b) =>
			!Number.isNaN(a.at) && !Number.isNaN(b.at) && a.at !== b.at
				? a.at - b.at
				: a.position - b.position,
		)
		.map(({ result }) => result);
}

/** Whether the message reached the customer's phone (delivered, read or answered). */
export function reachedPhone(status: string): boolean {
	return statusRank(status) >= statusRank('DELIVERED_USER');
}

/** A campaign's counts from its messages' results. */
export function countResults(results: RecipientResult[]): CampaignCounts {
	const count = (test: (status: string) => boolean) =>
		results.filter(({ status }) => test(status)).length;
	return {
		totalMessages: results.length,
		deliveredMessages: count(reachedPhone),
		failedMessages: count((status) => status === 'FAILED'),
		readMessages: count((status) => statusRank(status) >= statusRank('READ')),
		repliedMessages: count((status) => status === 'REPLY'),
		pendingMessages: count((status) => statusRank(status) < statusRank('FAILED')),
	};
}
