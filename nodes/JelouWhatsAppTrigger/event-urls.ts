/**
 * The URLs the trigger registers at Jelou, and what a URL found in the bot's subscriptions says about who
 * receives that event. Jelou keeps one URL per event and bot and offers no way to remove one, so its map is
 * also where a trigger that let an event go leaves a mark (a released URL) for the next one to read.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** The events Jelou can deliver, one subscription URL each per bot. */
export const JELOU_EVENTS = [
	'delivered_channel',
	'delivered_user',
	'read',
	'failed',
	'reply',
] as const;
export type JelouEvent = (typeof JELOU_EVENTS)[number];

/** Query parameters of the URLs the trigger registers. */
export const EVENT_QUERY = 'event';
export const SECRET_QUERY = 'token';
const WORKFLOW_QUERY = 'workflow';
/** The workflow's name, so that a trigger that must refuse the event can say which workflow holds it. */
const WORKFLOW_NAME_QUERY = 'name';
/** Enough of a name to recognise it in a message; the URL stays short. */
const WORKFLOW_NAME_MAX = 80;
/** Marks a URL the trigger gave up (deactivated, or test listening stopped): nobody receives that event. */
const RELEASED_QUERY = 'inactive';

export function isJelouEvent(value: unknown): value is JelouEvent {
	return typeof value === 'string' && (JELOU_EVENTS as readonly string[]).includes(value);
}

/** Which of n8n's two URLs of a trigger: the active workflow's, or the editor's "listen for test event" one. */
export type UrlMode = 'production' | 'test';

/** The trigger URL a registration is made for. */
export interface OwnUrl {
	/** n8n's webhook URL of this trigger in this mode. */
	url: string;
	mode: UrlMode;
	workflowId: string;
	/** The workflow's name, when n8n gives one: put in the registered URL. */
	workflowName?: string;
}

/** The URL registered for one event: n8n's webhook URL plus the event, the workflow and the secret. */
export function eventUrl(own: OwnUrl, event: JelouEvent, secret: string): string {
	const url = new URL(own.url);
	url.searchParams.set(EVENT_QUERY, event);
	url.searchParams.set(WORKFLOW_QUERY, own.workflowId);
	const name = own.workflowName?.trim();
	if (name) url.searchParams.set(WORKFLOW_NAME_QUERY, name.slice(0, WORKFLOW_NAME_MAX));
	url.searchParams.set(SECRET_QUERY, secret);
	return url.toString();
}

/** The URL left at Jelou for an event the trigger lets go and that had no URL before: it holds no secret. */
export function releasedUrl(own: OwnUrl, event: JelouEvent): string {
	const url = new URL(own.url);
	url.searchParams.set(EVENT_QUERY, event);
	url.searchParams.set(WORKFLOW_QUERY, own.workflowId);
	url.searchParams.set(RELEASED_QUERY, 'true');
	return url.toString();
}

/** Who receives an event, read from the URL Jelou sends it to, as seen by one trigger URL. */
export type Holder =
	/** No URL, or one a trigger released: nobody receives it. */
	| { kind: 'nobody'; url: string | null }
	/** This trigger, at its URL of `mode` (the one registering, or its other one). */
	| { kind: 'self'; mode: UrlMode; url: string }
	/** Another Jelou WhatsApp Trigger of this n8n. */
	| {
			kind: 'other-trigger';
			mode: UrlMode;
			url: string;
			webhook: string;
			workflowId?: string;
			workflowName?: string;
	  }
	/** Another webhook of this n8n (for example a Webhook node). */
	| { kind: 'this-n8n'; url: string; webhook: string }
	| { kind: 'elsewhere'; url: string; host: string };

function parse(url: string): URL | undefined {
	try {
		return new URL(url);
	} catch {
		return undefined;
	}
}

/** A trigger's webhook path is `<prefix>/<webhook ID>/webhook`; the prefix tells n8n's test and production URLs apart. */
function triggerPath(url: URL): { prefix: string; idAndPath: string } | undefined {
	const match = /^(.*)\/([^/]+\/webhook)\/?$/.exec(url.pathname);
	return match ? { prefix: match[1], idAndPath: match[2] } : undefined;
}

/** What the URL registered for an event says about who receives it. */
export function holderOf(registered: unknown, own: OwnUrl): Holder {
	if (typeof registered !== 'string' || registered.trim() === '')
		return { kind: 'nobody', url: null };
	const url = parse(registered);
	if (!url) return { kind: 'elsewhere', url: registered, host: registered };
	const ownUrl = new URL(own.url);
	const ownPath = triggerPath(ownUrl)!;
	const path = triggerPath(url);
	const isTriggerUrl =
		path !== undefined &&
		isJelouEvent(url.searchParams.get(EVENT_QUERY)) &&
		(url.searchParams.has(SECRET_QUERY) || url.searchParams.has(RELEASED_QUERY));
	if (isTriggerUrl && url.searchParams.get(RELEASED_QUERY) === 'true')
		return { kind: 'nobody', url: registered };
	if (url.origin !== ownUrl.origin)
		return { kind: 'elsewhere', url: registered, host: url.host || registered };
	const otherMode: UrlMode = own.mode === 'production' ? 'test' : 'production';
	const mode = path?.prefix === ownPath.prefix ? own.mode : otherMode;
	if (path?.idAndPath === ownPath.idAndPath) return { kind: 'self', mode, url: registered };
	const webhook = url.pathname;
	if (isTriggerUrl) {
		const workflowId = url.searchParams.get(WORKFLOW_QUERY) ?? undefined;
		const workflowName = url.searchParams.get(WORKFLOW_NAME_QUERY) ?? undefined;
		return { kind: 'other-trigger', mode, url: registered, webhook, workflowId, workflowName };
	}
	return { kind: 'this-n8n', url: registered, webhook };
}

/** Whether Jelou's map already sends every chosen event to this trigger's URLs with this secret. */
export function subscriptionsMatch(
	current: Record<string, unknown>,
	events: JelouEvent[],
	own: OwnUrl,
	secret: string,
): boolean {
	return (
		events.length > 0 && events.every((event) => current[event] === eventUrl(own, event, secret))
	);
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
/** The digest of the last secret checked: the same one for every delivery of an activation. */
let expectedDigest = { secret: '', digest: digest('') };

/** Constant-time comparison (of digests, so the lengths match) of what a request carried with the expected secret. */
export function secretMatches(received: unknown, expected: string | undefined): boolean {
	if (typeof received !== 'string' || !expected) return false;
	if (expectedDigest.secret !== expected)
		expectedDigest = { secret: expected, digest: digest(expected) };
	return timingSafeEqual(digest(received), expectedDigest.digest);
}
