/**
 * Runs tasks with at most `limit()` in flight and returns their results in input order. Once
 * `shouldStop()` turns true, no new task starts; tasks already running finish.
 */
export async function runOrdered<T, R>(
	inputs: readonly T[],
	task: (input: T, position: number) => Promise<R>,
	limiter: { limit(): number; ready(): Promise<void> },
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
				void (async () => {
					try {
						await limiter.ready();
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

/**
 * Concurrency that backs off when Jelou says it is busy: a 429/503 halves it and holds new requests
 * for the Retry-After time; each success lets it grow back by one towards the configured maximum.
 */
export class AdaptiveLimiter {
	private current: number;
	private resumeAt = 0;

	constructor(readonly maximum: number) {
		this.current = maximum;
	}

	limit(): number {
		return this.current;
	}

	async ready(): Promise<void> {
		const waitMs = this.resumeAt - Date.now();
		if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
	}

	onThrottle(waitMs: number): void {
		this.current = Math.max(1, Math.floor(this.current / 2));
		this.resumeAt = Math.max(this.resumeAt, Date.now() + waitMs);
	}

	onSuccess(): void {
		if (this.current < this.maximum) this.current++;
	}
}

/**
 * Long loops over items let the event loop run now and then, so n8n stays responsive and the connection
 * pool's timers can retire sockets the server has closed before the next request picks one up.
 */
export async function breathe(position: number, every = 1_000): Promise<void> {
	if (position % every === every - 1) await new Promise((resolve) => setImmediate(resolve));
}
