import {
	AdaptiveLimiter,
	AUTO_CEILING,
	AUTO_DOUBLING_UP_TO,
	AUTO_START,
	describePace,
	roundRate,
	runOrdered,
} from '../../../nodes/JelouWhatsApp/execution/concurrency';

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

describe('the level Auto reports', () => {
	it('is the most requests really in flight, not the level it grew to while a short run used fewer', async () => {
		const limiter = new AdaptiveLimiter();
		await runOrdered(
			[1],
			async () => {
				for (let answer = 0; answer < 20; answer++) limiter.onSuccess(1);
			},
			limiter,
		);
		expect(limiter.limit()).toBeGreaterThan(AUTO_START);
		expect(limiter.summary().peak).toBe(1);
	});

	it('is the level reached when the run kept that many in flight', async () => {
		const limiter = new AdaptiveLimiter();
		const inputs = Array.from({ length: 200 }, (_, i) => i);
		await runOrdered(
			inputs,
			async () => {
				await tick(1);
				limiter.onSuccess(1);
			},
			limiter,
		);
		expect(limiter.summary().peak).toBeGreaterThan(AUTO_START);
		expect(limiter.summary().peak).toBeLessThanOrEqual(AUTO_CEILING);
	});

	it('stays the number set for a fixed Concurrency', async () => {
		const limiter = new AdaptiveLimiter(10);
		await runOrdered([1, 2], async () => undefined, limiter);
		expect(limiter.summary().peak).toBe(10);
	});
});

describe('AdaptiveLimiter with a fixed Concurrency', () => {
	it('starts at the number, halves on a throttle, never below one, and grows back one step per success up to it', () => {
		const limiter = new AdaptiveLimiter(10);
		expect(limiter.limit()).toBe(10);
		limiter.onThrottle(0);
		expect(limiter.limit()).toBe(5);
		limiter.onThrottle(0);
		limiter.onThrottle(0);
		limiter.onThrottle(0);
		expect(limiter.limit()).toBe(1);
		for (let i = 0; i < 20; i++) limiter.onSuccess(50);
		expect(limiter.limit()).toBe(10);
		expect(limiter.summary()).toMatchObject({ auto: false, peak: 10, final: 10, throttled: 4 });
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

describe('AdaptiveLimiter on Auto', () => {
	it('starts modestly, doubles per round trip up to 16 and then grows by a quarter while answers stay as fast as the fastest, and stops at the ceiling', () => {
		const limiter = new AdaptiveLimiter();
		expect(limiter.limit()).toBe(AUTO_START);
		// One round trip: every request in flight answers, each adds one.
		const roundTrip = () => {
			const inFlight = limiter.limit();
			for (let i = 0; i < inFlight; i++) limiter.onSuccess(50);
		};
		roundTrip();
		roundTrip();
		expect(limiter.limit()).toBe(AUTO_DOUBLING_UP_TO);
		roundTrip();
		expect(limiter.limit()).toBe(AUTO_DOUBLING_UP_TO * 1.25);
		roundTrip();
		expect(limiter.limit()).toBe(25);
		for (let i = 0; i < 500; i++) limiter.onSuccess(50);
		expect(limiter.limit()).toBe(AUTO_CEILING);
		expect(limiter.summary()).toMatchObject({
			auto: true,
			peak: AUTO_CEILING,
			final: AUTO_CEILING,
			throttled: 0,
		});
	});

	it('backs off when answers get slower than twice the fastest, and grows again, one per round trip, once they are fast', () => {
		const limiter = new AdaptiveLimiter();
		// Doubling from 4 to 16 takes 12 answers; 16 more add a quarter each.
		for (let i = 0; i < 28; i++) limiter.onSuccess(50);
		expect(limiter.limit()).toBe(20);
		for (let i = 0; i < 40; i++) limiter.onSuccess(400);
		const backedOff = limiter.limit();
		expect(backedOff).toBeLessThan(20);
		for (let i = 0; i < 200; i++) limiter.onSuccess(50);
		const grown = limiter.limit();
		expect(grown).toBeGreaterThan(backedOff);
		// After a back-off it grows by about one per round trip, no longer doubling.
		expect(grown).toBeLessThan(backedOff + 200 / backedOff + 2);
	});

	it('on a 429 halves, and paces at the rate Jelou accepted during the last second, a little below it', () => {
		const limiter = new AdaptiveLimiter();
		for (let i = 0; i < 100; i++) limiter.onSuccess(20);
		const before = limiter.limit();
		limiter.onThrottle(0, 20);
		expect(limiter.limit()).toBe(Math.floor(before / 2));
		expect(limiter.summary()).toMatchObject({ throttled: 1, pacedAt: 97 });
	});

	it('counts refusals of requests sent before the first refusal as the same episode; a later one lowers the pace', async () => {
		const limiter = new AdaptiveLimiter();
		for (let i = 0; i < 100; i++) limiter.onSuccess(20);
		limiter.onThrottle(0, 20);
		const level = limiter.limit();
		// Sent 1 s ago, so before the first refusal arrived: same episode.
		limiter.onThrottle(0, 1_000);
		expect(limiter.limit()).toBe(level);
		expect(limiter.summary()).toMatchObject({ throttled: 2, pacedAt: 97 });
		await tick(5);
		// Sent after the first refusal: the pace drops by a tenth.
		limiter.onThrottle(0, 1);
		expect(limiter.summary()).toMatchObject({ throttled: 3, pacedAt: 87.3 });
	});

	it('climbs back after a lone refusal: the pace doubles every quiet half second', async () => {
		const limiter = new AdaptiveLimiter();
		for (let i = 0; i < 10; i++) limiter.onSuccess(20);
		limiter.onThrottle(0, 20);
		expect(limiter.summary().pacedAt).toBe(9.7);
		await tick(600);
		limiter.onSuccess(20);
		expect(limiter.summary().pacedAt).toBe(19.4);
		await tick(600);
		limiter.onSuccess(20);
		expect(limiter.summary().pacedAt).toBe(38.8);
	});

	it('several requests refused at once are a rate limit: the pace stays at 97 % of what Jelou took, no doubling', async () => {
		const limiter = new AdaptiveLimiter();
		for (let i = 0; i < 10; i++) limiter.onSuccess(20);
		limiter.onThrottle(0, 20);
		// Sent before the first refusal arrived: refused in the same breath.
		limiter.onThrottle(0, 1_000);
		for (let step = 0; step < 3; step++) {
			await tick(600);
			limiter.onSuccess(20);
		}
		expect(limiter.summary().pacedAt).toBe(9.7);
	});

	it('climbs back toward just below the pace Jelou refused, not past it', async () => {
		const limiter = new AdaptiveLimiter();
		for (let i = 0; i < 100; i++) limiter.onSuccess(20);
		limiter.onThrottle(0, 20);
		await tick(5);
		// refused again while pacing at 97: recovery now aims at 97 % of that
		limiter.onThrottle(0, 1);
		expect(limiter.summary().pacedAt).toBe(87.3);
		for (let step = 0; step < 3; step++) {
			await tick(600);
			limiter.onSuccess(20);
		}
		expect(limiter.summary().pacedAt).toBe(94.1);
	});

	it('refused again after climbing past a real limit: paces just below what Jelou took, and climbs no higher', async () => {
		const limiter = new AdaptiveLimiter();
		for (let i = 0; i < 10; i++) limiter.onSuccess(20);
		limiter.onThrottle(0, 20);
		// Jelou takes 10 a second while the pace doubles every quiet half second (9.7, 19.4, 38.8).
		for (let step = 0; step < 12; step++) {
			await tick(100);
			limiter.onSuccess(20);
		}
		expect(limiter.summary().pacedAt).toBeGreaterThan(19);
		limiter.onThrottle(0, 1);
		const paced = limiter.summary().pacedAt!;
		expect(paced).toBeGreaterThanOrEqual(9);
		expect(paced).toBeLessThanOrEqual(10.7);
		for (let step = 0; step < 12; step++) {
			await tick(100);
			limiter.onSuccess(20);
		}
		expect(limiter.summary().pacedAt).toBe(paced);
	});

	it('once pacing, lets waiting requests go one by one in the order they asked, none left behind', async () => {
		const limiter = new AdaptiveLimiter();
		for (let i = 0; i < 100; i++) limiter.onSuccess(20);
		limiter.onThrottle(10, 20);
		const released: number[] = [];
		await Promise.all(
			Array.from({ length: 8 }, (_, index) => limiter.ready().then(() => released.push(index))),
		);
		expect(released).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
	});

	it('once stopped for a too long Retry-After, lets every waiting request go at once so it can fail', async () => {
		const limiter = new AdaptiveLimiter();
		limiter.onThrottle(60_000, 10);
		const waiting = Promise.all([limiter.ready(), limiter.ready(), limiter.ready()]);
		limiter.stop(3_600_000);
		await waiting;
		expect(limiter.stoppedFor).toBe(3_600_000);
		await limiter.ready();
	});

	it('a pause never holds the process open, and a stop ends it at once', async () => {
		const timers = () =>
			process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
		const before = timers();
		const limiter = new AdaptiveLimiter();
		limiter.onThrottle(60_000, 10);
		const waiting = Promise.all([limiter.ready(), limiter.ready()]);
		await new Promise((resolve) => setImmediate(resolve));
		// AbortSignal.timeout's timer is not one that keeps Node running
		expect(timers()).toBe(before);
		// the pause was a minute long: the test's own 30 s limit would end it first if the stop did not
		limiter.stop(3_600_000);
		await waiting;
		expect(timers()).toBe(before);
	});
});

describe('the pace as the hint says it', () => {
	it('rounds the rate: whole requests per second, one decimal below 10', () => {
		expect(roundRate(4966.4)).toBe(4966);
		expect(roundRate(87.3)).toBe(87);
		expect(roundRate(9.74)).toBe(9.7);
		expect(roundRate(0.25)).toBe(0.3);
	});

	it('reads "paced at 4966 per second", never "4966.4"', () => {
		expect(describePace({ auto: true, peak: 40, final: 20, throttled: 3, pacedAt: 4966.4 })).toBe(
			'Concurrency Auto reached 40 requests at a time (20 at the end); Jelou asked to slow down 3 time(s) (HTTP 429/503); requests were then paced at 4966 per second',
		);
		expect(describePace({ auto: false, peak: 8, final: 8, throttled: 0 })).toBe('Concurrency 8');
	});
});
