/**
 * What to subscribe at Jelou when a trigger URL starts listening, and what to put back when it stops: pure
 * decisions from Jelou's current map (event → URL), so every sequence of activations, test listenings and
 * restarts can be reasoned about and tested without n8n.
 */
import {
	eventUrl,
	holderOf,
	releasedUrl,
	type Holder,
	type JelouEvent,
	type OwnUrl,
} from './event-urls';

/** Per event, the URL to put back when this registration ends (null: none, the event is released). */
export type PreviousUrls = Partial<Record<JelouEvent, string | null>>;

type EventWebhooks = Array<{ url: string; events: JelouEvent[] }>;

/** An event this registration may not take, and who receives it. */
export interface Refusal {
	event: JelouEvent;
	holder: Exclude<Holder, { kind: 'nobody' }>;
}

interface RegistrationPlan {
	/** The body of `POST /v1/bots/{botId}/events/webhook`. */
	webhooks: EventWebhooks;
	previous: PreviousUrls;
	/** Non-empty: nothing may be subscribed. */
	refusals: Refusal[];
}

/** Whether a URL recorded earlier is one to give back (a receiver of someone else), not this trigger's own. */
function receiverOrNull(url: string | null | undefined, own: OwnUrl): string | null {
	if (!url) return null;
	const kind = holderOf(url, own).kind;
	return kind === 'this-n8n' || kind === 'elsewhere' ? url : null;
}

/**
 * What an activation (production URL) or a test listening (test URL) does with one event, from who receives it:
 * take it, with the URL to put back later, or refuse it (undefined).
 * An activation takes events nobody receives, its own, and those of a test listening; one another URL receives
 * only with Replace Existing on; never one another Jelou trigger of this n8n receives in production (that
 * trigger would lose what it has to put back). A listening takes only events nobody receives or that a
 * listening holds, since a restart of n8n ends it without giving anything back.
 */
function decide(
	holder: Holder,
	own: OwnUrl,
	replaceExisting: boolean,
	earlier: string | null | undefined,
): { previous: string | null } | undefined {
	switch (holder.kind) {
		case 'nobody':
			// A listening puts back exactly the released URL it found; an activation releases its own.
			return { previous: own.mode === 'test' ? holder.url : null };
		case 'self':
			if (own.mode === 'production') return { previous: receiverOrNull(earlier, own) };
			// A listening takes back one a restart left, never the production URL of the active workflow.
			return holder.mode === 'test' ? { previous: null } : undefined;
		case 'other-trigger':
			return holder.mode === 'test' ? { previous: null } : undefined;
		case 'this-n8n':
		case 'elsewhere':
			return own.mode === 'production' && replaceExisting ? { previous: holder.url } : undefined;
	}
}

/** What to subscribe for the chosen events, what to put back when the registration ends, and what it may not take. */
export function planRegistration(options: {
	current: Record<string, unknown>;
	events: JelouEvent[];
	own: OwnUrl;
	secret: string;
	replaceExisting: boolean;
	/** What an earlier activation of this trigger recorded, still to be given back. */
	earlierPrevious?: PreviousUrls;
}): RegistrationPlan {
	const { current, events, own, secret, replaceExisting, earlierPrevious = {} } = options;
	const plan: RegistrationPlan = { webhooks: [], previous: {}, refusals: [] };
	for (const event of events) {
		const holder = holderOf(current[event], own);
		const taken = decide(holder, own, replaceExisting, earlierPrevious[event]);
		if (!taken) {
			plan.refusals.push({ event, holder: holder as Refusal['holder'] });
			continue;
		}
		plan.previous[event] = taken.previous;
		plan.webhooks.push({ url: eventUrl(own, event, secret), events: [event] });
	}
	return plan;
}

/**
 * What to put back when a registration ends: for each event it took that Jelou still sends to this very URL,
 * the URL that was there before, or a released URL when there was none (Jelou cannot remove a subscription).
 * Events someone took over since are left alone.
 */
export function planRelease(options: {
	current: Record<string, unknown>;
	taken: PreviousUrls;
	own: OwnUrl;
}): EventWebhooks {
	const { current, taken, own } = options;
	const byUrl = new Map<string, JelouEvent[]>();
	for (const [event, previous] of Object.entries(taken) as Array<[JelouEvent, string | null]>) {
		const holder = holderOf(current[event], own);
		if (holder.kind !== 'self' || holder.mode !== own.mode) continue;
		const url = previous ?? releasedUrl(own, event);
		byUrl.set(url, [...(byUrl.get(url) ?? []), event]);
	}
	return [...byUrl].map(([url, events]) => ({ url, events }));
}

/** Who receives an event, in the words of an error message (never the URL itself: it may hold a secret). */
function describeHolder(holder: Refusal['holder']): string {
	switch (holder.kind) {
		case 'self':
			return 'goes to the production URL of this workflow';
		case 'other-trigger':
			return `goes to another workflow on this n8n (${holder.workflowName ? `"${holder.workflowName}", ` : ''}${holder.workflowId ? `workflow ${holder.workflowId}, ` : ''}the ${holder.mode === 'test' ? 'Test' : 'production'} URL of its Jelou WhatsApp Trigger, webhook ${holder.webhook})`;
		case 'this-n8n':
			return `goes to another workflow on this n8n (webhook ${holder.webhook})`;
		case 'elsewhere':
			return `goes to ${holder.host}`;
	}
}

/** The error a refused registration throws: what holds which event, and what to do. */
export function refusalMessage(
	botId: string,
	refusals: Refusal[],
	mode: OwnUrl['mode'],
): { message: string; description: string } {
	const list = refusals
		.map(({ event, holder }) => `"${event}" ${describeHolder(holder)}`)
		.join(', ');
	const held = (kind: Holder['kind']) => refusals.some(({ holder }) => holder.kind === kind);
	if (mode === 'test' && held('self')) {
		const events = refusals.filter(({ holder }) => holder.kind === 'self').map((r) => r.event);
		return {
			message: `This workflow is active: Jelou sends ${events.map((event) => `"${event}"`).join(', ')} of bot ${botId} to its production URL`,
			description:
				"Listening with the Test URL does not take the bot's events from the production URL of an active workflow, so production never misses one. See the events in the workflow's executions, or deactivate the workflow to listen with the Test URL. If it is not active, Jelou could not be reached when it was deactivated: activate and deactivate it once.",
		};
	}
	const advice: string[] = [];
	if (held('other-trigger')) {
		const names = [
			...new Set(
				refusals.flatMap(({ holder }) =>
					holder.kind === 'other-trigger' && holder.workflowName ? [holder.workflowName] : [],
				),
			),
		];
		const other = names.length
			? names.map((name) => `"${name}"`).join(' and ')
			: 'the other workflow';
		advice.push(
			`Jelou sends each event to one workflow only: deactivate ${other} first (Unpublish in n8n 2.x; it puts back what it took), then try again here. If it is not active, activate and deactivate it once.`,
		);
	}
	if (mode === 'test')
		advice.push(
			'Listening with the Test URL takes only events that no other URL receives, since n8n could not give them back if it restarted while listening. Activate the workflow to take them over (with Replace Existing Subscriptions on, the URLs are put back on deactivation).',
		);
	else if (held('this-n8n') || held('elsewhere'))
		advice.push(
			'Jelou keeps one URL per event and bot. Turn on Replace Existing Subscriptions to take these events over (the URLs are put back when this workflow is deactivated), or remove them in Jelou Connect → Settings → Notification URLs.',
		);
	return {
		message: `Bot ${botId} already sends events to another URL: ${list}`,
		description: advice.join(' '),
	};
}

function isLoopbackHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return (
		host === 'localhost' ||
		host.endsWith('.localhost') ||
		host === '::1' ||
		/^127\.\d+\.\d+\.\d+$/.test(host)
	);
}

/** Hosts Jelou's servers on the internet cannot reach: this machine, private networks, names without a domain. */
function isPrivateHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (isLoopbackHost(host) || host === '0.0.0.0' || host === '::') return true;
	const ipv4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(host);
	if (ipv4) {
		const [a, b] = [Number(ipv4[1]), Number(ipv4[2])];
		return (
			a === 10 ||
			(a === 172 && b >= 16 && b <= 31) ||
			(a === 192 && b === 168) ||
			(a === 169 && b === 254)
		);
	}
	if (host.includes(':')) return /^f[cd]/.test(host) || /^fe[89ab]/.test(host);
	return !host.includes('.') || host.endsWith('.local') || host.endsWith('.internal');
}

/**
 * Why Jelou could not reach n8n's webhook URL (plain http, or a host only this machine or network knows), or
 * undefined when it can. A credential whose Base URL is on this machine (the sandbox, a fake) is exempt: that
 * "Jelou" delivers from here.
 */
export function unreachableReason(webhookUrl: string, baseUrl: string): string | undefined {
	let base: URL;
	let url: URL;
	try {
		base = new URL(baseUrl);
		url = new URL(webhookUrl);
	} catch {
		return undefined;
	}
	if (isLoopbackHost(base.hostname)) return undefined;
	if (isPrivateHost(url.hostname))
		return `n8n's webhook address ${url.origin} is known only on this machine or network`;
	if (url.protocol !== 'https:') return `n8n's webhook address ${url.origin} is plain http`;
	return undefined;
}
