/** Our own code for the Timeout option running out, whatever the connection was doing at the moment. */
export const DEADLINE_PASSED = 'DEADLINE_PASSED';

/** When requests started in the same moment reach their Timeout, and whether that has happened. */
export interface Deadline {
	readonly passed: boolean;
	/** A signal of this request's own that aborts when the deadline passes; `release` it when the request ends. */
	signal(): AbortSignal;
	release(signal: AbortSignal): void;
}

/** Requests that start within this many ms of each other share one deadline timer. */
const DEADLINE_GRAIN_MS = 50;

class SharedDeadline implements Deadline {
	passed = false;
	private readonly waiting = new Map<AbortSignal, AbortController>();

	constructor(
		timeoutMs: number,
		readonly startedBy: number,
	) {
		AbortSignal.timeout(timeoutMs + DEADLINE_GRAIN_MS).addEventListener(
			'abort',
			() => {
				this.passed = true;
				for (const controller of this.waiting.values()) controller.abort();
				this.waiting.clear();
			},
			{ once: true },
		);
	}

	signal(): AbortSignal {
		const controller = new AbortController();
		if (this.passed) controller.abort();
		else this.waiting.set(controller.signal, controller);
		return controller.signal;
	}

	release(signal: AbortSignal): void {
		this.waiting.delete(signal);
	}
}

/**
 * Hands out request deadlines: one AbortSignal.timeout serves every request that starts within
 * DEADLINE_GRAIN_MS, so a request is cut off no sooner than its Timeout and at most that much later. A timer of its
 * own for each request was one of the largest costs per item at high rates; an AbortController is not.
 */
export class Deadlines {
	private current: SharedDeadline | undefined;

	next(timeoutMs: number): Deadline {
		const now = performance.now();
		if (this.current && now < this.current.startedBy) return this.current;
		this.current = new SharedDeadline(timeoutMs, now + DEADLINE_GRAIN_MS);
		return this.current;
	}
}
