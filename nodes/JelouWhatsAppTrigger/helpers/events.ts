import { createHash, timingSafeEqual } from 'node:crypto';

/** The events Jelou can deliver, one subscription URL each per bot. */
const JELOU_EVENTS = ['delivered_channel', 'delivered_user', 'read', 'failed', 'reply'] as const;
export type JelouEvent = (typeof JELOU_EVENTS)[number];

/** Query parameters the trigger adds to the URLs it registers. */
export const EVENT_QUERY = 'event';
export const SECRET_QUERY = 'token';

export function isJelouEvent(value: unknown): value is JelouEvent {
	return typeof value === 'string' && (JELOU_EVENTS as readonly string[]).includes(value);
}

/** The URL registered for one event: n8n's webhook URL plus the event and, in Automatic mode, the secret. */
export function eventUrl(webhookUrl: string, event: JelouEvent, secret?: string): string {
	const url = new URL(webhookUrl);
	url.searchParams.set(EVENT_QUERY, event);
	if (secret !== undefined) url.searchParams.set(SECRET_QUERY, secret);
	return url.toString();
}

/**
 * Whether a registered URL points at this trigger (same host and webhook path, whatever the query or whether
 * it is n8n's test or production URL), so re-activating, or listening on the test URL, is not a conflict.
 */
export function isOwnUrl(registeredUrl: string, webhookUrl: string): boolean {
	let registered: URL;
	let own: URL;
	try {
		registered = new URL(registeredUrl);
		own = new URL(webhookUrl);
	} catch {
		return false;
	}
	// n8n's webhook URLs end in <webhook ID>/<path>; the part before differs between test and production.
	const idAndPath = (url: URL) => url.pathname.replace(/\/+$/, '').split('/').slice(-2).join('/');
	return registered.host === own.host && idAndPath(registered) === idAndPath(own);
}

function pathOf(url: string): string {
	return new URL(url).pathname.replace(/\/+$/, '');
}

/** Whether a registered URL is this very webhook URL (same mode: test or production), whatever its query. */
export function isSameEndpoint(registeredUrl: string, webhookUrl: string): boolean {
	return isOwnUrl(registeredUrl, webhookUrl) && pathOf(registeredUrl) === pathOf(webhookUrl);
}

/** The host of a URL for an error message, or the text itself when it is no URL. */
export function hostOf(url: string): string {
	try {
		return new URL(url).host || url;
	} catch {
		return url;
	}
}

/** Constant-time comparison (of digests, so the lengths match) of what a request carried with the expected secret. */
export function secretMatches(received: unknown, expected: string | undefined): boolean {
	if (typeof received !== 'string' || !expected) return false;
	const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
	return timingSafeEqual(digest(received), digest(expected));
}

interface SubscriptionPlan {
	/** The body of `POST /v1/bots/{botId}/events/webhook`. */
	webhooks: Array<{ url: string; events: JelouEvent[] }>;
	/** What each chosen event pointed at before (null: nothing), to restore on deactivation. */
	previous: Partial<Record<JelouEvent, string | null>>;
	/** Chosen events already subscribed to a URL of someone else. */
	conflicts: Array<{ event: JelouEvent; url: string }>;
}

/**
 * Decides what to subscribe, from Jelou's current map (event → URL) and the chosen events.
 * `earlierPrevious` is what an earlier activation of this trigger recorded: when Jelou still points at this
 * trigger (a URL left behind, or the production URL while the test URL is registered), that record, not
 * our own URL, is what must come back on deactivation.
 */
export function planSubscriptions(options: {
	current: Record<string, unknown>;
	events: JelouEvent[];
	webhookUrl: string;
	secret?: string;
	earlierPrevious?: Partial<Record<JelouEvent, string | null>>;
}): SubscriptionPlan {
	const { current, events, webhookUrl, secret, earlierPrevious = {} } = options;
	const plan: SubscriptionPlan = { webhooks: [], previous: {}, conflicts: [] };
	for (const event of events) {
		const registered =
			typeof current[event] === 'string' && current[event] !== ''
				? (current[event] as string)
				: null;
		if (registered === null || !isOwnUrl(registered, webhookUrl)) {
			plan.previous[event] = registered;
			if (registered !== null) plan.conflicts.push({ event, url: registered });
		} else if (pathOf(registered) !== pathOf(webhookUrl)) {
			// This trigger's other URL (production while the test URL listens): what deactivation must hand back.
			plan.previous[event] = registered;
		} else {
			const earlier = earlierPrevious[event];
			plan.previous[event] = earlier && !isSameEndpoint(earlier, webhookUrl) ? earlier : null;
		}
		plan.webhooks.push({ url: eventUrl(webhookUrl, event, secret), events: [event] });
	}
	return plan;
}

/** The POST that puts back what was there before; events that had no URL before are left as they are. */
export function restoreBody(
	previous: Partial<Record<string, string | null>>,
): Array<{ url: string; events: string[] }> {
	const byUrl = new Map<string, string[]>();
	for (const [event, url] of Object.entries(previous)) {
		if (!url) continue;
		byUrl.set(url, [...(byUrl.get(url) ?? []), event]);
	}
	return [...byUrl].map(([url, events]) => ({ url, events }));
}

/** Whether Jelou's map already sends every chosen event to this trigger's URLs with this secret. */
export function subscriptionsMatch(
	current: Record<string, unknown>,
	events: JelouEvent[],
	webhookUrl: string,
	secret?: string,
): boolean {
	return (
		events.length > 0 &&
		events.every((event) => current[event] === eventUrl(webhookUrl, event, secret))
	);
}

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

const RECENT_KEYS_MAX = 1_000;
const RECENT_KEYS_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * The keys (event + message ID) of the last deliveries: a redelivery within the TTL is recognised, and the
 * memory never holds more than `max` keys (oldest forgotten first).
 */
export class RecentKeys {
	private readonly seenAt = new Map<string, number>();

	constructor(
		private readonly max = RECENT_KEYS_MAX,
		private readonly ttlMs = RECENT_KEYS_TTL_MS,
	) {}

	get size(): number {
		return this.seenAt.size;
	}

	/** True when `key` was seen within the TTL; otherwise remembers it and returns false. */
	checkAndRemember(key: string, now: number): boolean {
		this.forgetExpired(now);
		const seen = this.seenAt.get(key);
		if (seen !== undefined) return true;
		this.seenAt.set(key, now);
		while (this.seenAt.size > this.max)
			this.seenAt.delete(this.seenAt.keys().next().value as string);
		return false;
	}

	private forgetExpired(now: number): void {
		// Insertion order is time order, so the expired keys are at the front.
		for (const [key, at] of this.seenAt) {
			if (now - at < this.ttlMs) break;
			this.seenAt.delete(key);
		}
	}
}

/** The de-duplication key of an event, or undefined when the payload names no message. */
export function deliveryKey(item: Pick<JelouEventItem, 'event' | 'messageId'>): string | undefined {
	return item.messageId === null ? undefined : `${item.event}:${item.messageId}`;
}
