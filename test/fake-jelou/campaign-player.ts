import { randomBytes } from 'node:crypto';

import { conversationsOf } from './conversations-store';
import { eventHubOf, type FakeEvent } from './handlers/events';
import type { FakeCampaign, FakeState, NotificationStatus, SentMessage } from './types';

/** How fast the fake plays a campaign out, in milliseconds. */
export interface CampaignPace {
	/** From the campaign's creation (or its Scheduled At) until its first message goes out: PENDING meanwhile. */
	startAfterMs: number;
	/** Between one recipient's message going out and the next one's. */
	betweenRecipientsMs: number;
	/** From a message going out to each of its steps. */
	deliveredChannelAfterMs: number;
	deliveredUserAfterMs: number;
	readAfterMs: number;
	repliedAfterMs: number;
	failedAfterMs: number;
}

/** Fast enough for the sandbox's examples: a campaign of a few rows completes within a second. */
export const DEFAULT_CAMPAIGN_PACE: CampaignPace = {
	startAfterMs: 300,
	betweenRecipientsMs: 20,
	deliveredChannelAfterMs: 100,
	deliveredUserAfterMs: 200,
	readAfterMs: 400,
	repliedAfterMs: 600,
	failedAfterMs: 150,
};

/** Where a recipient's message ends: the last status it reaches. */
export type RecipientOutcome = 'DELIVERED_CHANNEL' | 'DELIVERED_USER' | 'READ' | 'REPLY' | 'FAILED';

/** WhatsApp's error for a number that has no WhatsApp, as Jelou reports it in a notification's `error`. */
export const UNDELIVERABLE_ERROR = {
	code: 131026,
	message: 'Message undeliverable: the number is not on WhatsApp',
};

const STEPS_OF: Record<RecipientOutcome, NotificationStatus[]> = {
	DELIVERED_CHANNEL: ['DELIVERED_CHANNEL'],
	DELIVERED_USER: ['DELIVERED_CHANNEL', 'DELIVERED_USER'],
	READ: ['DELIVERED_CHANNEL', 'DELIVERED_USER', 'READ'],
	REPLY: ['DELIVERED_CHANNEL', 'DELIVERED_USER', 'READ', 'REPLY'],
	FAILED: ['FAILED'],
};

const EVENT_OF: Partial<Record<NotificationStatus, FakeEvent>> = {
	DELIVERED_CHANNEL: 'delivered_channel',
	DELIVERED_USER: 'delivered_user',
	READ: 'read',
	FAILED: 'failed',
};

// A status never goes back: READ stays READ however late its DELIVERED_USER step is replayed.
const RANK: Record<NotificationStatus, number> = {
	CREATED: 0,
	DELIVERED_CHANNEL: 1,
	FAILED: 2,
	DELIVERED_USER: 3,
	READ: 4,
	REPLY: 5,
};

interface Step {
	status: NotificationStatus;
	at: number;
}

interface MessagePlan {
	message: SentMessage;
	/** When the message goes out to WhatsApp. */
	goesOutAt: number;
	steps: Step[];
	/** How many steps were applied to the message (and their events delivered). */
	applied: number;
}

interface CampaignPlan {
	campaign: FakeCampaign;
	scheduledAt?: number;
	firstOutAt: number;
	completedAt: number;
	/** When the last step of any of its messages falls due. */
	lastStepAt: number;
	/** In the order they go out. */
	messages: MessagePlan[];
	/** Messages before this one have every step applied. */
	cursor: number;
	delivered: number;
	failed: number;
}

/** The times a notification shows for its message, from the steps reached so far. */
export interface StepTimes {
	sentDate: string | null;
	deliveryChannelAt: string | null;
	deliveryUserAt: string | null;
	readAt: string | null;
	/** When the message last changed: a failure's or a reply's time, as Jelou documents no field of its own for them. */
	updatedAt: string;
	error: unknown;
}

/** A Mongo ObjectId as Jelou's `_id`s look: its first 4 bytes are its creation time in seconds. */
export function objectId(ms: number): string {
	const seconds = Math.floor(ms / 1000)
		.toString(16)
		.padStart(8, '0');
	return seconds + randomBytes(8).toString('hex');
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Plays the campaigns created through POST /v1/hsm/file out over time: SCHEDULED until Scheduled At, PENDING,
 * IN_PROGRESS while messages go out one after another, COMPLETED once every message has left Jelou (delivered to
 * WhatsApp or failed); each message then moves from CREATED through its steps to its recipient's outcome (READ by
 * default; FAILED for the event hub's unreachable numbers; any outcome set with setOutcome). Statuses are worked out
 * from the clock whenever the fake is asked, so the campaign list's counts and the notifications always agree; a
 * timer also applies steps as they fall due, delivering their events to the bot's subscriptions. The clock is real
 * time plus what `advance()` added.
 */
export class FakeCampaignPlayer {
	pace: CampaignPace = { ...DEFAULT_CAMPAIGN_PACE };
	/** Off: GET /v1/campaigns answers as Jelou's older docs show it, without the message counts and completedAt. */
	listsCounts = true;
	/** On: GET /v1/campaigns answers `{data: {pagination, results}}`, as Jelou's current API reference shows it. */
	listWrapped = false;
	private offsetMs = 0;
	private readonly outcomes = new Map<string, RecipientOutcome>();
	private readonly plans: CampaignPlan[] = [];
	private readonly byMessage = new Map<string, MessagePlan>();
	private timer: NodeJS.Timeout | undefined;

	constructor(private readonly state: FakeState) {}

	/** The fake's clock, in Unix milliseconds. */
	now(): number {
		return Date.now() + this.offsetMs;
	}

	/** Changes the pace of the campaigns created from now on. */
	setPace(pace: Partial<CampaignPace>): void {
		this.pace = { ...this.pace, ...pace };
	}

	/** Moves the clock forward: every step due by then is applied at once. */
	advance(seconds: number): void {
		this.offsetMs += seconds * 1000;
		this.refresh();
	}

	/** Where messages to this number end, for the campaigns created from now on. */
	setOutcome(phoneNumber: string, outcome: RecipientOutcome): void {
		this.outcomes.set(phoneNumber, outcome);
	}

	/** Plans a new campaign's messages; `campaign.scheduledAt`, when ahead, delays the whole play. */
	play(campaign: FakeCampaign, messages: SentMessage[]): void {
		const createdAt = Date.parse(campaign.createdAt);
		const scheduled = campaign.scheduledAt === null ? NaN : Date.parse(campaign.scheduledAt);
		const scheduledAt = scheduled > createdAt ? scheduled : undefined;
		const firstOutAt = (scheduledAt ?? createdAt) + this.pace.startAfterMs;
		const plan: CampaignPlan = {
			campaign,
			scheduledAt,
			firstOutAt,
			completedAt: firstOutAt,
			lastStepAt: firstOutAt,
			messages: [],
			cursor: 0,
			delivered: 0,
			failed: 0,
		};
		messages.forEach((message, index) => {
			const goesOutAt = firstOutAt + index * this.pace.betweenRecipientsMs;
			const steps = STEPS_OF[this.outcomeFor(message.destination)].map((status) => ({
				status,
				at: goesOutAt + this.delayOf(status),
			}));
			const planned: MessagePlan = { message, goesOutAt, steps, applied: 0 };
			plan.messages.push(planned);
			this.byMessage.set(message.id, planned);
			plan.completedAt = Math.max(plan.completedAt, steps[0].at);
			plan.lastStepAt = Math.max(plan.lastStepAt, steps[steps.length - 1].at);
		});
		this.plans.push(plan);
		this.refresh();
	}

	/** Applies every step due by now: message statuses, the campaigns' status and counts; delivers their events. */
	refresh(): void {
		const now = this.now();
		let next = Infinity;
		for (const plan of this.plans) next = Math.min(next, this.playUntil(plan, now));
		this.armTimer(next, now);
	}

	/** The step times of a played message, or undefined for a message no campaign plays (a single send). */
	timesOf(messageId: string): StepTimes | undefined {
		const plan = this.byMessage.get(messageId);
		if (!plan) return undefined;
		const reached = plan.steps.slice(0, plan.applied);
		const at = (status: NotificationStatus) => {
			const step = reached.find((candidate) => candidate.status === status);
			return step ? iso(step.at) : null;
		};
		const last = reached.at(-1);
		return {
			sentDate: reached.length > 0 ? iso(plan.goesOutAt) : null,
			deliveryChannelAt: at('DELIVERED_CHANNEL'),
			deliveryUserAt: at('DELIVERED_USER'),
			readAt: at('READ'),
			updatedAt: last ? iso(last.at) : plan.message.createdAt,
			error: at('FAILED') ? UNDELIVERABLE_ERROR : null,
		};
	}

	reset(): void {
		this.close();
		this.pace = { ...DEFAULT_CAMPAIGN_PACE };
		this.listsCounts = true;
		this.listWrapped = false;
		this.offsetMs = 0;
		this.outcomes.clear();
		this.plans.length = 0;
		this.byMessage.clear();
	}

	close(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
	}

	private outcomeFor(destination: string): RecipientOutcome {
		const set = this.outcomes.get(destination);
		if (set) return set;
		return eventHubOf(this.state).unreachableNumbers.has(destination) ? 'FAILED' : 'READ';
	}

	private delayOf(status: NotificationStatus): number {
		const { pace } = this;
		switch (status) {
			case 'DELIVERED_CHANNEL':
				return pace.deliveredChannelAfterMs;
			case 'DELIVERED_USER':
				return pace.deliveredUserAfterMs;
			case 'READ':
				return pace.readAfterMs;
			case 'REPLY':
				return pace.repliedAfterMs;
			default:
				return pace.failedAfterMs;
		}
	}

	/** Applies a campaign's due steps; returns when its next step (or status change) falls due. */
	private playUntil(plan: CampaignPlan, now: number): number {
		let next = Infinity;
		const { messages } = plan;
		// Messages go out in order, so only those between the cursor and the first not yet out can have steps due.
		for (let index = plan.cursor; index < messages.length; index++) {
			const message = messages[index];
			if (message.goesOutAt > now) {
				next = Math.min(next, message.steps[0].at);
				break;
			}
			this.applyDueSteps(plan, message, now);
			const pending = message.steps[message.applied];
			if (pending) next = Math.min(next, pending.at);
			else if (index === plan.cursor) plan.cursor++;
		}
		this.updateCampaign(plan, now);
		for (const at of [plan.scheduledAt ?? Infinity, plan.firstOutAt, plan.completedAt])
			if (at > now) next = Math.min(next, at);
		return next;
	}

	private applyDueSteps(plan: CampaignPlan, planned: MessagePlan, now: number): void {
		while (planned.applied < planned.steps.length && planned.steps[planned.applied].at <= now) {
			const { status } = planned.steps[planned.applied++];
			const { message } = planned;
			if (RANK[status] > RANK[message.status]) {
				if (RANK[status] >= RANK.DELIVERED_USER && RANK[message.status] < RANK.DELIVERED_USER)
					plan.delivered++;
				if (status === 'FAILED') plan.failed++;
				message.status = status;
			}
			this.deliverEvent(message, status);
		}
	}

	private deliverEvent(message: SentMessage, status: NotificationStatus): void {
		const hub = eventHubOf(this.state);
		if (status === 'REPLY') {
			const bubble = { type: 'text', text: 'Gracias, recibido' };
			const written = conversationsOf(this.state).customerWrites(message.destination, bubble);
			hub.reply(message, bubble, written.messageId);
			return;
		}
		const event = EVENT_OF[status];
		if (!event || !hub.subscriptions[event]) return;
		const times = this.timesOf(message.id);
		void hub.deliver(event, {
			id: message.id,
			destination: message.destination,
			sentStatus: status,
			elementName: message.elementName,
			campaignId: message.campaignId ?? null,
			createdAt: message.createdAt,
			origin: 'BULK',
			internalId: null,
			wasRead: Boolean(times?.readAt),
			...times,
		});
	}

	private updateCampaign(plan: CampaignPlan, now: number): void {
		const { campaign } = plan;
		if (plan.scheduledAt !== undefined && now < plan.scheduledAt) campaign.status = 'SCHEDULED';
		else if (now < plan.firstOutAt) campaign.status = 'PENDING';
		else if (now < plan.completedAt) campaign.status = 'IN_PROGRESS';
		else campaign.status = 'COMPLETED';
		campaign.totalMessages = plan.messages.length;
		campaign.deliveredMessages = plan.delivered;
		campaign.failedMessages = plan.failed;
		campaign.completedAt = campaign.status === 'COMPLETED' ? iso(plan.completedAt) : null;
		campaign.updatedAt =
			now < plan.firstOutAt ? campaign.createdAt : iso(Math.min(now, plan.lastStepAt));
	}

	/** One timer, set for the next step due, so events go out when their step is reached. */
	private armTimer(next: number, now: number): void {
		this.close();
		if (next === Infinity) return;
		// A step months away (a campaign scheduled far ahead) is looked at again in a day: Node's timers hold 24.8 days.
		this.timer = setTimeout(() => this.refresh(), Math.min(DAY_MS, Math.max(0, next - now)));
		// The fake's close() clears it too; unref'd, a forgotten one never holds a test run open.
		this.timer.unref();
	}
}

const DAY_MS = 24 * 60 * 60 * 1000;
const players = new WeakMap<FakeState, FakeCampaignPlayer>();

/** The campaign player of one fake server. */
export function campaignPlayerOf(state: FakeState): FakeCampaignPlayer {
	let player = players.get(state);
	if (!player) {
		player = new FakeCampaignPlayer(state);
		players.set(state, player);
	}
	return player;
}
