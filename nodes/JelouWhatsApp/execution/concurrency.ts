import { sleep } from 'n8n-workflow';

/**
 * Runs tasks with at most `limiter.limit()` in flight and returns their results in input order. Once
 * `shouldStop()` turns true, no new task starts; tasks already running finish.
 */
export async function runOrdered<T, R>(
	inputs: readonly T[],
	task: (input: T, position: number) => Promise<R>,
	limiter: { limit(): number; noteInFlight?(count: number): void },
	shouldStop: () => boolean = () => false,
): Promise<Array<R | undefined>> {
	const results = new Array<R | undefined>(inputs.length);
	let next = 0;
	let running = 0;
	return await new Promise((resolve, reject) => {
		const launch = async (): Promise<void> => {
			while (next < inputs.length && running < limiter.limit() && !shouldStop()) {
				const position = next++;
				running++;
				limiter.noteInFlight?.(running);
				void (async () => {
					try {
						results[position] = await task(inputs[position], position);
					} catch (error) {
						reject(error);
						return;
					} finally {
						running--;
					}
					if ((next >= inputs.length || shouldStop()) && running === 0) resolve(results);
					else void launch();
				})();
			}
			if ((next >= inputs.length || shouldStop()) && running === 0) resolve(results);
		};
		void launch();
	});
}

/** What the item runner asks of a pace: how many requests may be in flight now. */
export interface RunPace {
	limit(): number;
	noteInFlight?(count: number): void;
}

/** Where Auto starts, and the most requests it ever keeps in flight. */
export const AUTO_START = 4;
export const AUTO_CEILING = 64;
/**
 * Auto doubles per round trip up to this level, then grows by a quarter per round trip (as TCP's HyStart++
 * does once near the limit): a rate limit is met with fewer requests in flight, so fewer are refused at once.
 */
export const AUTO_DOUBLING_UP_TO = 16;
const AUTO_GROWTH_ABOVE_DOUBLING = 1 / 4;
/** Answers up to this much slower than the fastest seen still count as "as fast" (loopback and CPU noise). */
const LATENCY_TOLERANCE = 2;
const LATENCY_SLACK_MS = 5;
/** After the first 429/503, requests are paced a little below the rate Jelou accepted in the last second. */
const PACING_MARGIN = 0.97;
/** Tokens the bucket holds at most: a timer that fires late is made up for, by at most one extra request. */
const PACING_BURST = 2;
/** Each later 429/503 lowers the pace; a long quiet stretch raises it again. */
const PACING_DECREASE = 0.9;
const PACING_INCREASE = 1.02;
const PACING_QUIET_MS = 10_000;
/**
 * Recovery, as TCP climbs back after a loss: every half second without a refusal the pace doubles while no
 * refused rate is known (a lone refusal early in a run says little about the limit), and climbs by half toward
 * just below the rate Jelou took when it last refused, once one is (several refusals at once tell it at once).
 */
const RECOVERY_STEP_MS = 500;
const RECOVERY_GROWTH = 2;
const RECOVERY_GROWTH_TO_CEILING = 1.5;

/** What one run of the node did to stay within what Jelou accepts; for the execution hint and the log. */
export interface LimiterSummary {
	auto: boolean;
	peak: number;
	final: number;
	throttled: number;
	/** Requests per second the node paced itself at, once Jelou had refused requests. */
	pacedAt?: number;
}

/** A rate as a person reads it: whole requests per second, with one decimal below 10 ("9.7", "4966"). */
export function roundRate(perSecond: number): number {
	return perSecond >= 10 ? Math.round(perSecond) : Math.round(perSecond * 10) / 10;
}

/** The run's pace in one line, for the log and the output pane's hint. */
export function describePace(pace: LimiterSummary): string {
	const parts = [
		pace.auto
			? `Concurrency Auto reached ${pace.peak} requests at a time (${pace.final} at the end)`
			: `Concurrency ${pace.peak}`,
	];
	if (pace.throttled > 0) {
		parts.push(`Jelou asked to slow down ${pace.throttled} time(s) (HTTP 429/503)`);
		if (pace.pacedAt !== undefined)
			parts.push(`requests were then paced at ${roundRate(pace.pacedAt)} per second`);
	}
	return parts.join('; ');
}

/**
 * How many requests go to Jelou at once, and when the next may start.
 *
 * Auto (no fixed number) works like TCP's congestion control and Netflix's concurrency limits: it starts at
 * AUTO_START and adds one request per answer (doubling every round trip) up to AUTO_DOUBLING_UP_TO, then a
 * quarter per answer, while answers come back as fast as the fastest seen; after a back-off it grows by
 * about one per round trip. When answers slow down (Jelou or the
 * network queueing), it drops by a tenth, at most once per round trip. It never passes AUTO_CEILING.
 * A fixed number keeps that many in flight.
 *
 * On 429/503 (both modes) it halves, holds every request for the Retry-After time, and from then on paces
 * requests (a token bucket refilled at the rate Jelou accepted during the last second), so a rate limit is
 * met at its rate instead of by bursts and pauses.
 */
export class AdaptiveLimiter {
	readonly auto: boolean;
	readonly maximum: number;
	private current: number;
	private slowStart: boolean;
	private fastestMs = Infinity;
	private recentMs: number | undefined;
	private lastDecreaseAt = 0;
	private peak: number;
	/** The most requests really in flight at once: the level may grow past what a short run ever uses. */
	private mostInFlight = 0;
	private throttled = 0;
	private pausedUntil = 0;
	private lastThrottleAt = -Infinity;
	private ratePerSecond: number | undefined;
	/** What Jelou took, per second, when it last refused: recovery climbs to just below it. */
	private refusedRate: number | undefined;
	/** Requests Jelou accepted during the second before its first refusal. */
	private tookAtFirstRefusal: number | undefined;
	private lastRateChangeAt = 0;
	/** The token bucket: requests it may let go now, as of `tokensAt`. */
	private tokens = 0;
	private tokensAt = 0;
	private waiting: Array<() => void> = [];
	private releasing = false;
	/** When each accepted request was answered, oldest first; entries before `acceptedFrom` are older than a second. */
	private acceptedAt: number[] = [];
	private acceptedFrom = 0;
	private stoppedForMs: number | undefined;
	/** Aborted on stop(): cancels the pause of every waiting request, so no timer outlives the run. */
	private readonly stopping = new AbortController();

	/** `fixed`: that many requests at once; leave it out for Auto. */
	constructor(fixed?: number) {
		this.auto = fixed === undefined;
		this.maximum = fixed ?? AUTO_CEILING;
		this.current = fixed ?? AUTO_START;
		this.slowStart = this.auto;
		this.peak = this.current;
	}

	limit(): number {
		return Math.max(1, Math.floor(this.current));
	}

	/** The Retry-After wait that stopped the run, when Jelou asked for longer than the node waits. */
	get stoppedFor(): number | undefined {
		return this.stoppedForMs;
	}

	/** Called by the runner each time a request starts, with how many are in flight now. */
	noteInFlight(count: number): void {
		if (count > this.mostInFlight) this.mostInFlight = count;
	}

	summary(): LimiterSummary {
		const level = Math.floor(this.peak);
		return {
			auto: this.auto,
			// Auto reports what it really sent at once (one item never makes "5 at a time"); a fixed number is as set.
			peak: this.auto && this.mostInFlight > 0 ? Math.min(level, this.mostInFlight) : level,
			final: this.limit(),
			throttled: this.throttled,
			pacedAt:
				this.ratePerSecond === undefined ? undefined : Math.round(this.ratePerSecond * 10) / 10,
		};
	}

	/**
	 * Waits until the next request may go out: after any Retry-After pause and, once pacing, when the token
	 * bucket holds a token. Returns at once after a stop, so the request can fail without being sent.
	 */
	async ready(): Promise<void> {
		if (this.stoppedForMs !== undefined) return;
		const now = performance.now();
		if (this.waiting.length === 0 && now >= this.nextAllowedAt(now)) {
			this.takeToken();
			return;
		}
		await new Promise<void>((release) => {
			this.waiting.push(release);
			void this.releaseInTurn();
		});
	}

	onSuccess(latencyMs: number): void {
		const now = performance.now();
		this.acceptedAt.push(now);
		this.acceptedInLastSecond(now);
		if (this.ratePerSecond !== undefined) this.recoverPace(now);
		if (!this.auto) {
			if (this.current < this.maximum) this.current++;
			return;
		}
		this.fastestMs = Math.min(this.fastestMs, latencyMs);
		this.recentMs =
			this.recentMs === undefined ? latencyMs : this.recentMs + (latencyMs - this.recentMs) * 0.1;
		if (this.recentMs <= this.fastestMs * LATENCY_TOLERANCE + LATENCY_SLACK_MS) {
			const step = !this.slowStart
				? 1 / this.current
				: this.current < AUTO_DOUBLING_UP_TO
					? 1
					: AUTO_GROWTH_ABOVE_DOUBLING;
			this.current = Math.min(this.maximum, this.current + step);
			this.peak = Math.max(this.peak, this.current);
		} else if (now - this.lastDecreaseAt > this.recentMs) {
			this.slowStart = false;
			this.current = Math.max(1, this.current * 0.9);
			this.lastDecreaseAt = now;
		}
	}

	/**
	 * Jelou refused a request (429/503) sent `latencyMs` ago and asked to wait `waitMs`. Refusals of requests
	 * sent before the last one arrived belong to the same episode and change nothing more than the pause.
	 */
	onThrottle(waitMs: number, latencyMs = 0): void {
		const now = performance.now();
		this.throttled++;
		this.pausedUntil = Math.max(this.pausedUntil, now + waitMs);
		// The bucket meets the pause's end with one token: tokens saved up during a pause would send a burst just
		// as Jelou's window opens, and the last of it would be refused again.
		this.tokens = 1;
		this.tokensAt = Math.max(now, this.pausedUntil);
		if (now - latencyMs < this.lastThrottleAt) {
			// Several requests refused at once: a rate limit, not a lone refusal, and the first refusal measured it.
			this.refusedRate ??= this.tookAtFirstRefusal;
			return;
		}
		this.lastThrottleAt = now;
		this.slowStart = false;
		this.current = Math.max(1, Math.floor(this.current / 2));
		if (this.ratePerSecond === undefined) {
			this.tookAtFirstRefusal = Math.max(1, this.acceptedInLastSecond(now));
			this.ratePerSecond = this.tookAtFirstRefusal * PACING_MARGIN;
		} else {
			// Refused while pacing: the limit is what Jelou really took during the last second, not the (higher) pace
			// it refused, so recovery aims below it instead of probing up to the refused pace again and again. A
			// quarter of the pace at least: a second in which little was answered says more about latency.
			const taken = this.acceptedInLastSecond(now);
			this.refusedRate = Math.min(this.ratePerSecond, Math.max(taken, this.ratePerSecond / 4));
			this.ratePerSecond = Math.max(
				0.1,
				Math.min(this.ratePerSecond * PACING_DECREASE, this.refusedRate * PACING_MARGIN),
			);
		}
		this.lastRateChangeAt = now;
	}

	/** A quiet stretch raises the pace: quickly back toward what Jelou took, slowly past it (see RECOVERY_STEP_MS). */
	private recoverPace(now: number): void {
		const quietMs = now - Math.max(this.lastThrottleAt, this.lastRateChangeAt);
		const rate = this.ratePerSecond!;
		const target = this.refusedRate === undefined ? Infinity : this.refusedRate * PACING_MARGIN;
		if (quietMs > RECOVERY_STEP_MS && rate < target) {
			this.ratePerSecond = Math.min(
				target,
				rate * (this.refusedRate === undefined ? RECOVERY_GROWTH : RECOVERY_GROWTH_TO_CEILING),
			);
			this.lastRateChangeAt = now;
		} else if (quietMs > PACING_QUIET_MS) {
			this.ratePerSecond = rate * PACING_INCREASE;
			this.lastRateChangeAt = now;
		}
	}

	/** Jelou asked to wait `waitMs`, longer than the node waits: nothing more is sent in this run. */
	stop(waitMs: number): void {
		this.stoppedForMs ??= waitMs;
		this.stopping.abort();
	}

	/** When the next request may go: after the pause, and once pacing, when the bucket holds a whole token. */
	private nextAllowedAt(now: number): number {
		if (this.ratePerSecond === undefined) return this.pausedUntil;
		if (now > this.tokensAt) {
			this.tokens = Math.min(
				PACING_BURST,
				this.tokens + ((now - this.tokensAt) * this.ratePerSecond) / 1000,
			);
			this.tokensAt = now;
		}
		const tokenAt = this.tokens >= 1 ? now : now + ((1 - this.tokens) * 1000) / this.ratePerSecond;
		return Math.max(this.pausedUntil, tokenAt);
	}

	private takeToken(): void {
		if (this.ratePerSecond !== undefined) this.tokens -= 1;
	}

	/** Lets waiting requests go one at a time, first come first served, each when its turn has come. */
	private async releaseInTurn(): Promise<void> {
		if (this.releasing) return;
		this.releasing = true;
		try {
			while (this.waiting.length > 0 && this.stoppedForMs === undefined) {
				const now = performance.now();
				const turnAt = this.nextAllowedAt(now);
				// After the wait, look again: a pause may have begun or the pace changed meanwhile.
				if (turnAt > now) await this.wait(turnAt - now);
				else {
					this.takeToken();
					this.waiting.shift()!();
				}
			}
		} finally {
			this.releasing = false;
			if (this.stoppedForMs !== undefined) for (const release of this.waiting.splice(0)) release();
		}
	}

	private acceptedInLastSecond(now: number): number {
		while (
			this.acceptedFrom < this.acceptedAt.length &&
			this.acceptedAt[this.acceptedFrom] < now - 1000
		)
			this.acceptedFrom++;
		if (this.acceptedFrom > 1024) {
			this.acceptedAt = this.acceptedAt.slice(this.acceptedFrom);
			this.acceptedFrom = 0;
		}
		return this.acceptedAt.length - this.acceptedFrom;
	}

	/** Sleeps, but wakes at once when the run is stopped. */
	private async wait(ms: number): Promise<void> {
		await pause(ms, this.stopping.signal);
	}
}

/**
 * Long loops over items let the event loop run now and then, so n8n stays responsive and the connection
 * pool's timers can retire sockets the server has closed before the next request picks one up.
 */
export async function breathe(position: number, every = 1_000): Promise<void> {
	if (position % every === every - 1) await sleep(0);
}

/**
 * Waits `ms`, or less when `stop` aborts first. AbortSignal.timeout's timer does not hold the process open, so a
 * stopped run leaves nothing waiting behind it.
 */
export async function pause(ms: number, stop: AbortSignal): Promise<void> {
	if (stop.aborted) return;
	const elapsed = AbortSignal.timeout(Math.max(0, Math.ceil(ms)));
	await new Promise<void>((resolve) => {
		const done = () => {
			elapsed.removeEventListener('abort', done);
			stop.removeEventListener('abort', done);
			resolve();
		};
		elapsed.addEventListener('abort', done, { once: true });
		stop.addEventListener('abort', done, { once: true });
	});
}
