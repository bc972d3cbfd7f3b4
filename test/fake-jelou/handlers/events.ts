import { randomUUID } from 'node:crypto';

import { asObject, isHttpUrl, isNonEmptyString } from '../checks';
import { failedBody, Problems, type Reply } from '../envelopes';
import type { FakeState, HandlerInput, SentMessage } from '../types';
import { conversationsOf, INCOMING_MEDIA_TYPES, type Bubble } from '../conversations-store';

export const FAKE_EVENTS = [
	'delivered_channel',
	'delivered_user',
	'read',
	'failed',
	'reply',
] as const;
export type FakeEvent = (typeof FAKE_EVENTS)[number];

/** A destination the fake treats as unreachable: sends to it end in a `failed` event. */
export const UNREACHABLE_NUMBER = '593990000000';

/** Milliseconds after a template send at which each status event is delivered. */
export type EventDelays = Record<
	'delivered_channel' | 'delivered_user' | 'read' | 'failed',
	number
>;
export const DEFAULT_EVENT_DELAYS: EventDelays = {
	delivered_channel: 20,
	delivered_user: 40,
	read: 60,
	failed: 20,
};

export interface EventDelivery {
	event: FakeEvent;
	url: string;
	body: unknown;
	/** What the subscriber answered; 0 when it could not be reached. */
	status: number;
}

/**
 * The bot's event subscriptions (one URL per event, as Jelou keeps them) and the deliveries the fake makes to
 * them after template sends and simulated replies.
 */
export class FakeEventHub {
	/** event → URL, only subscribed events, as GET /events/webhook answers. */
	readonly subscriptions: Partial<Record<FakeEvent, string>> = {};
	readonly deliveries: EventDelivery[] = [];
	delays: EventDelays = { ...DEFAULT_EVENT_DELAYS };
	readonly unreachableNumbers = new Set([UNREACHABLE_NUMBER]);
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly inFlight = new Set<Promise<void>>();

	constructor(private readonly botId: string) {}

	/** Schedules the status events of one template message, as WhatsApp reports them one after another. */
	afterTemplateSend(message: SentMessage): void {
		const record = notificationRecord(message);
		if (this.unreachableNumbers.has(message.destination)) {
			message.status = 'FAILED';
			const error = {
				code: 131026,
				message: 'Message undeliverable: the number is not on WhatsApp',
			};
			this.later(this.delays.failed, () =>
				this.deliver('failed', { ...record, sentStatus: 'FAILED', error }),
			);
			return;
		}
		const at = (ms: number) => new Date(Date.parse(message.createdAt) + ms).toISOString();
		const channel = {
			...record,
			sentStatus: 'DELIVERED_CHANNEL',
			deliveryChannelAt: at(this.delays.delivered_channel),
		};
		const user = {
			...channel,
			sentStatus: 'DELIVERED_USER',
			deliveryUserAt: at(this.delays.delivered_user),
		};
		const read = { ...user, sentStatus: 'READ', readAt: at(this.delays.read), wasRead: true };
		this.chain([
			{ at: this.delays.delivered_channel, event: 'delivered_channel', body: channel },
			{ at: this.delays.delivered_user, event: 'delivered_user', body: user },
			{ at: this.delays.read, event: 'read', body: read },
		]);
	}

	/** Delivers one message's events one after another, each once the one before was answered, as WhatsApp orders them. */
	private chain(
		steps: Array<{ at: number; event: FakeEvent; body: unknown }>,
		startedAt = 0,
	): void {
		const [step, ...rest] = steps;
		if (!step) return;
		this.later(Math.max(0, step.at - startedAt), async () => {
			await this.deliver(step.event, step.body);
			this.chain(rest, step.at);
		});
	}

	/** The customer answers a message: Jelou's incoming-message shape, delivered to the `reply` subscription. */
	reply(
		message: SentMessage,
		bubble: Bubble,
		messageId = `msg-in-${randomUUID()}`,
	): { messageId: string } {
		message.status = 'REPLY';
		this.later(0, () =>
			this.deliver('reply', {
				messageId,
				bubble,
				names: 'Customer',
				userId: message.destination,
				botId: this.botId,
				received: Date.now(),
				status: 'created',
				owner: 'user',
			}),
		);
		return { messageId };
	}

	/** POSTs `body` to the URL subscribed for `event`, if any, and records the answer. */
	async deliver(event: FakeEvent, body: unknown): Promise<void> {
		const url = this.subscriptions[event];
		if (!url) return;
		const delivery: EventDelivery = { event, url, body, status: 0 };
		this.deliveries.push(delivery);
		try {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
			delivery.status = response.status;
			await response.arrayBuffer();
		} catch {
			delivery.status = 0;
		}
	}

	/** Resolves once every scheduled delivery has been made and answered. */
	async idle(): Promise<void> {
		while (this.timers.size > 0 || this.inFlight.size > 0) {
			await Promise.all([...this.inFlight, new Promise((resolve) => setTimeout(resolve, 5))]);
		}
	}

	reset(): void {
		this.cancelTimers();
		for (const event of FAKE_EVENTS) delete this.subscriptions[event];
		this.deliveries.length = 0;
		this.delays = { ...DEFAULT_EVENT_DELAYS };
		this.unreachableNumbers.clear();
		this.unreachableNumbers.add(UNREACHABLE_NUMBER);
	}

	close(): void {
		this.cancelTimers();
	}

	private cancelTimers(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}

	private later(ms: number, delivery: () => Promise<void>): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			const running = delivery().finally(() => this.inFlight.delete(running));
			this.inFlight.add(running);
		}, ms);
		this.timers.add(timer);
	}
}

function notificationRecord(message: SentMessage) {
	return {
		id: message.id,
		destination: message.destination,
		sentStatus: 'CREATED',
		elementName: message.elementName,
		campaignId: message.campaignId ?? null,
		error: null,
		createdAt: message.createdAt,
		wasRead: false,
		internalId: null,
		origin: message.campaignId ? 'campaign' : 'api',
	};
}

const hubs = new WeakMap<FakeState, FakeEventHub>();

/** The event hub of one fake server. */
export function eventHubOf(state: FakeState): FakeEventHub {
	let hub = hubs.get(state);
	if (!hub) {
		hub = new FakeEventHub(state.botId);
		hubs.set(state, hub);
	}
	return hub;
}

type Handler = (input: HandlerInput, state: FakeState) => Reply;

/** Wraps a send handler so every template message it records gets its status events delivered. */
export function withEventDelivery(handler: Handler): Handler {
	return (input, state) => {
		const before = state.sentMessages.length;
		const reply = handler(input, state);
		for (const message of state.sentMessages.slice(before)) {
			if (message.elementName && message.status !== 'CREATED')
				eventHubOf(state).afterTemplateSend(message);
		}
		return reply;
	};
}

/** GET /v1/bots/:botId/events/webhook */
export function getEventWebhooks(_input: HandlerInput, state: FakeState): Reply {
	return {
		status: 200,
		body: {
			message: ['Webhooks retrieved succesfully!'],
			statusMessage: 'success',
			status: 1,
			data: { ...eventHubOf(state).subscriptions },
		},
	};
}

/** POST /v1/bots/:botId/events/webhook — each listed event now goes to its URL (replacing the one before). */
export function postEventWebhooks(input: HandlerInput, state: FakeState): Reply {
	const webhooks = asObject(input.body).webhooks;
	const problems = new Problems();
	if (!Array.isArray(webhooks) || webhooks.length === 0) {
		problems.add(
			'webhooks',
			'webhooks must be a non-empty array of {url, events}.',
			'webhooks debe ser un arreglo no vacío de {url, events}.',
		);
	} else {
		webhooks.map(asObject).forEach((webhook, index) => {
			if (!isHttpUrl(webhook.url))
				problems.add(
					`webhooks[${index}].url`,
					'url must be an http(s) URL.',
					'url debe ser una URL http(s).',
				);
			const events = webhook.events;
			if (
				!Array.isArray(events) ||
				events.length === 0 ||
				!events.every((event) => (FAKE_EVENTS as readonly unknown[]).includes(event))
			) {
				problems.oneOf(`webhooks[${index}].events`, FAKE_EVENTS);
			}
		});
	}
	if (problems.any) return problems.reply();

	const hub = eventHubOf(state);
	const created = (webhooks as Array<{ url: string; events: FakeEvent[] }>).map(
		({ url, events }) => {
			for (const event of events) hub.subscriptions[event] = url;
			return { url, events };
		},
	);
	return {
		status: 200,
		body: {
			message: ['Webhooks created successfully!'],
			statusMessage: 'success',
			status: 1,
			data: created,
		},
	};
}

/**
 * POST /fake/v1/bots/:botId/messages/:messageId/reply {text?, type?} — fake only: the customer answers a message
 * with a text, or with a photo, voice note… (`type` image, audio, video, file or sticker) that the fake serves
 * behind a signed URL. The answer joins the history.
 */
export function simulateReply(input: HandlerInput, state: FakeState): Reply {
	const message = state.sentMessages.find((candidate) => candidate.id === input.params.messageId);
	if (!message) return { status: 404, body: failedBody('Message not found') };
	const { text, type = 'text' } = asObject(input.body);
	const problems = new Problems();
	if (type !== 'text' && !INCOMING_MEDIA_TYPES.includes(type as string))
		problems.oneOf('type', ['text', ...INCOMING_MEDIA_TYPES]);
	if (type === 'text' && !isNonEmptyString(text)) problems.required('text');
	if (text !== undefined && typeof text !== 'string')
		problems.add('text', 'text must be a string.', 'text debe ser un texto.');
	if (problems.any) return problems.reply();
	const conversations = conversationsOf(state);
	const bubble = conversations.incomingBubble(type as string, text as string | undefined);
	const written = conversations.customerWrites(message.destination, bubble);
	return { status: 200, body: eventHubOf(state).reply(message, bubble, written.messageId) };
}
