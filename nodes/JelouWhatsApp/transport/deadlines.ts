import { EventEmitter } from 'node:events';

/** Our own code for the Timeout option running out, whatever undici was doing at the moment. */
export const DEADLINE_PASSED = 'DEADLINE_PASSED';

/** When requests started in the same moment reach their Timeout, and whether that has happened. */
export interface Deadline {
	/** Emits 'abort' when the deadline passes; undici takes an EventEmitter as a request's signal. */
	readonly signal: EventEmitter;
	passed: boolean;
}

/** Requests that start within this many ms of each other share one deadline timer. */
const DEADLINE_GRAIN_MS = 50;

/** More than undici's fast-timer tick (499 ms) plus the deadline's grain. */
const STALL_TIMER_MARGIN_MS = 1000;

/**
 * undici's own headers and body timeouts for a request with this Timeout: a second after its deadline, so that
 * when nothing arrives at all the deadline (the Timeout as a whole) ends the request, not a stall timer racing
 * it. undici runs timers over a second on a half-second tick that may fire up to that much early.
 */
export function stallTimeoutMs(timeoutMs: number): number {
	return timeoutMs + STALL_TIMER_MARGIN_MS;
}

/**
 * Hands out request deadlines: one AbortSignal.timeout serves every request that starts within
 * DEADLINE_GRAIN_MS, so a request is cut off no sooner than its Timeout and at most that much later. An
 * AbortSignal.timeout of its own for each request was one of the largest costs per item at high rates.
 */
export class Deadlines {
	private current: (Deadline & { startedBy: number }) | undefined;

	next(timeoutMs: number): Deadline {
		const now = performance.now();
		if (this.current && now < this.current.startedBy) return this.current;
		const signal = new EventEmitter();
		// Every request in flight of this group listens; that many is expected, not a leak.
		signal.setMaxListeners(0);
		const deadline = { signal, passed: false, startedBy: now + DEADLINE_GRAIN_MS };
		AbortSignal.timeout(timeoutMs + DEADLINE_GRAIN_MS).addEventListener(
			'abort',
			() => {
				deadline.passed = true;
				signal.emit('abort');
			},
			{ once: true },
		);
		this.current = deadline;
		return deadline;
	}
}
