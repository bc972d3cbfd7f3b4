import type { JelouClient } from '../JelouWhatsApp/transport';

/** The webhook list of `POST /v1/bots/{botId}/events/webhook`: each entry one URL and the events sent to it. */
type EventWebhooks = Array<{ url: string; events: string[] }>;

function eventsPath(client: JelouClient): string {
	return `/v1/bots/${encodeURIComponent(client.botId)}/events/webhook`;
}

/** Jelou's current subscriptions of the bot: event → URL, holding only subscribed events. */
export async function readSubscriptions(client: JelouClient): Promise<Record<string, unknown>> {
	const answer = await client.request<{ data?: unknown }>({
		method: 'GET',
		path: eventsPath(client),
	});
	const data = answer?.data;
	return typeof data === 'object' && data !== null && !Array.isArray(data)
		? (data as Record<string, unknown>)
		: {};
}

/** Points each listed event at its URL (Jelou keeps one URL per event, so this replaces the event's URL). */
export async function subscribe(client: JelouClient, webhooks: EventWebhooks): Promise<void> {
	await client.request({ method: 'POST', path: eventsPath(client), json: { webhooks } });
}
