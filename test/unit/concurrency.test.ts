import { AdaptiveLimiter, runOrdered } from '../../nodes/JelouWhatsApp/helpers/concurrency';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runOrdered', () => {
	it('keeps input order whatever order tasks finish in, and never runs more than the limit', async () => {
		let running = 0;
		let peak = 0;
		const inputs = Array.from({ length: 40 }, (_, i) => i);
		const results = await runOrdered(
			inputs,
			async (input) => {
				running++;
				peak = Math.max(peak, running);
				await tick((input * 7) % 5);
				running--;
				return input * 2;
			},
			new AdaptiveLimiter(4),
		);
		expect(results).toEqual(inputs.map((i) => i * 2));
		expect(peak).toBe(4);
	});

	it('starts nothing new once asked to stop, and lets running tasks finish', async () => {
		const started: number[] = [];
		let stop = false;
		const results = await runOrdered(
			Array.from({ length: 20 }, (_, i) => i),
			async (input) => {
				started.push(input);
				if (input === 2) stop = true;
				await tick(5);
				return input;
			},
			new AdaptiveLimiter(3),
			() => stop,
		);
		expect(started).toEqual([0, 1, 2]);
		expect(results.slice(0, 3)).toEqual([0, 1, 2]);
		expect(results.slice(3).every((result) => result === undefined)).toBe(true);
	});

	it('finishes at once with no inputs', async () => {
		await expect(runOrdered([], async () => 1, new AdaptiveLimiter(2))).resolves.toEqual([]);
	});
});

describe('AdaptiveLimiter', () => {
	it('halves on a throttle, never below one, and grows back one step per success up to the maximum', () => {
		const limiter = new AdaptiveLimiter(10);
		limiter.onThrottle(0);
		expect(limiter.limit()).toBe(5);
		limiter.onThrottle(0);
		limiter.onThrottle(0);
		limiter.onThrottle(0);
		expect(limiter.limit()).toBe(1);
		for (let i = 0; i < 20; i++) limiter.onSuccess();
		expect(limiter.limit()).toBe(10);
	});

	it('holds new work until the Retry-After time has passed', async () => {
		const limiter = new AdaptiveLimiter(2);
		limiter.onThrottle(60);
		let ready = false;
		const waiting = limiter.ready().then(() => (ready = true));
		await tick(10);
		expect(ready).toBe(false);
		await waiting;
		expect(ready).toBe(true);
	});
});
