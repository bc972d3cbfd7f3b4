import { botKey } from '../transport';
import type { JelouConnection, ThrottleListener } from '../transport';
import { AdaptiveLimiter } from './concurrency';
import type { LimiterSummary } from './concurrency';

/**
 * One pace per bot for all executions of this n8n process that send with Concurrency Auto through the same
 * base URL, client and bot: the level Auto found and what 429/503 taught are shared, and the bot's requests in
 * flight are counted together, so a burst of executions (200 CRM webhooks at once) meets Jelou's limit as one
 * sender. An execution waits its turn instead of failing; it fails only at its own deadline.
 */
interface Bot {
	limiter: AdaptiveLimiter;
	inFlight: number;
	waiting: Array<() => void>;
	lastUsedAt: number;
}

/** A bot nothing was sent to for this long is forgotten: its next execution starts afresh. */
const FORGET_AFTER_MS = 10 * 60_000;
const MAX_BOTS = 500;
const bots = new Map<string, Bot>();

function botFor(key: string): Bot {
	const now = performance.now();
	for (const [other, bot] of bots)
		if (bot.inFlight === 0 && bot.waiting.length === 0 && now - bot.lastUsedAt > FORGET_AFTER_MS)
			bots.delete(other);
	let bot = bots.get(key);
	if (!bot) {
		bot = { limiter: new AdaptiveLimiter(), inFlight: 0, waiting: [], lastUsedAt: now };
		bots.set(key, bot);
		if (bots.size > MAX_BOTS) bots.delete(bots.keys().next().value as string);
	}
	return bot;
}

/** Forgets every bot's pace (a test's fresh start). */
export function forgetAllBotPaces(): void {
	bots.clear();
}

/**
 * One execution's view of its bot's shared pace: what the item runner and the client ask of a limiter. A
 * Retry-After longer than the node waits stops this execution only; its own hint counts its own refusals.
 */
export class SharedBotPace implements ThrottleListener {
	private readonly bot: Bot;
	private throttled = 0;
	private stoppedForMs: number | undefined;

	constructor(connection: Pick<JelouConnection, 'baseUrl' | 'clientId' | 'botId'>) {
		this.bot = botFor(botKey(connection));
	}

	limit(): number {
		return this.bot.limiter.limit();
	}

	noteInFlight(): void {
		this.bot.limiter.noteInFlight(this.bot.inFlight + 1);
	}

	get stoppedFor(): number | undefined {
		return this.stoppedForMs;
	}

	/** Waits for the bot's pacing turn, then for a place among the bot's requests in flight. */
	async ready(): Promise<void> {
		if (this.stoppedForMs !== undefined) return;
		await this.bot.limiter.ready();
		while (this.bot.inFlight >= this.bot.limiter.limit())
			await new Promise<void>((resolve) => this.bot.waiting.push(resolve));
		this.bot.inFlight++;
		this.bot.lastUsedAt = performance.now();
	}

	/** The attempt that ready() let go has ended: its place goes to the next request waiting. */
	done(): void {
		this.bot.inFlight = Math.max(0, this.bot.inFlight - 1);
		this.bot.lastUsedAt = performance.now();
		this.bot.waiting.shift()?.();
	}

	onSuccess(latencyMs: number): void {
		this.bot.limiter.onSuccess(latencyMs);
		// A level that grew lets more of the waiting requests go at once.
		while (this.bot.waiting.length > 0 && this.bot.inFlight < this.bot.limiter.limit())
			this.bot.waiting.shift()!();
	}

	onThrottle(waitMs: number, latencyMs = 0): void {
		this.throttled++;
		this.bot.limiter.onThrottle(waitMs, latencyMs);
	}

	stop(waitMs: number): void {
		this.stoppedForMs ??= waitMs;
	}

	summary(): LimiterSummary {
		return { ...this.bot.limiter.summary(), throttled: this.throttled };
	}
}
