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
