import {
	deliveryMemoryOf,
	RecentKeys,
} from '../../../nodes/JelouWhatsAppTrigger/recent-deliveries';

const NOW = Date.parse('2026-11-23T10:00:00.000Z');
const DAY = 24 * 3600 * 1000;

describe('RecentKeys', () => {
	it('recognises a key seen before, not another one', () => {
		const memory = new RecentKeys();
		expect(memory.seenBefore('read:m1', NOW)).toBe(false);
		expect(memory.seenBefore('read:m1', NOW + 1000)).toBe(true);
		expect(memory.seenBefore('delivered_user:m1', NOW + 1000)).toBe(false);
	});

	it('forgets a key after 24 hours, compared when the next delivery comes', () => {
		const memory = new RecentKeys();
		memory.seenBefore('read:m1', NOW);
		memory.seenBefore('read:m2', NOW + 1000);
		expect(memory.seenBefore('read:m1', NOW + DAY - 1)).toBe(true);
		expect(memory.seenBefore('read:m1', NOW + DAY)).toBe(false);
		// m2 expired a second later than m1, so the delivery at NOW + DAY left it in place
		expect(memory.seenBefore('read:m2', NOW + DAY)).toBe(true);
		expect(memory.size).toBe(2);
	});

	it('after the 1,001st delivery holds 1,000 keys and has forgotten the first', () => {
		const memory = new RecentKeys();
		for (let i = 0; i < 1_001; i++) expect(memory.seenBefore(`read:m${i}`, NOW + i)).toBe(false);
		expect(memory.size).toBe(1_000);
		// m1 … m1000 are still recognised; checking them remembers nothing new
		for (let i = 1; i <= 1_000; i++)
			expect(memory.seenBefore(`read:m${i}`, NOW + 2_000)).toBe(true);
		expect(memory.size).toBe(1_000);
		expect(memory.seenBefore('read:m0', NOW + 2_000)).toBe(false);
	});

	it('a redelivery does not make a key younger: the first delivered is still forgotten first', () => {
		const memory = new RecentKeys(3);
		memory.seenBefore('read:a', NOW);
		memory.seenBefore('read:b', NOW + 1);
		memory.seenBefore('read:c', NOW + 2);
		expect(memory.seenBefore('read:a', NOW + 3)).toBe(true);
		memory.seenBefore('read:d', NOW + 4);
		expect(memory.size).toBe(3);
		expect(memory.seenBefore('read:b', NOW + 5)).toBe(true);
		expect(memory.seenBefore('read:a', NOW + 6)).toBe(false);
	});

	it('stays at its bound through many times its size', () => {
		const memory = new RecentKeys();
		for (let i = 0; i < 10_000; i++) memory.seenBefore(`reply:m${i}`, NOW + i);
		expect(memory.size).toBe(1_000);
		expect(memory.seenBefore('reply:m8999', NOW + 10_000)).toBe(false);
		expect(memory.seenBefore('reply:m9999', NOW + 10_000)).toBe(true);
	});

	it('is stale once its newest key is 24 hours old', () => {
		const memory = new RecentKeys();
		expect(memory.isStale(NOW)).toBe(true);
		memory.seenBefore('read:m1', NOW);
		expect(memory.isStale(NOW + DAY - 1)).toBe(false);
		expect(memory.isStale(NOW + DAY)).toBe(true);
	});
});

describe('deliveryMemoryOf', () => {
	it('keeps one memory per workflow and trigger node', () => {
		const memory = deliveryMemoryOf('WfPer1', 'node-1', NOW);
		expect(deliveryMemoryOf('WfPer1', 'node-1', NOW)).toBe(memory);
		memory.seenBefore('read:m1', NOW);
		expect(deliveryMemoryOf('WfPer1', 'node-2', NOW).seenBefore('read:m1', NOW)).toBe(false);
		expect(deliveryMemoryOf('WfPer2', 'node-1', NOW).seenBefore('read:m1', NOW)).toBe(false);
		expect(deliveryMemoryOf('WfPer1', 'node-1', NOW).seenBefore('read:m1', NOW)).toBe(true);
	});

	it('lets go of the memories that have nothing left to recognise when another one is opened', () => {
		const old = deliveryMemoryOf('WfGone', 'node-1', NOW);
		old.seenBefore('read:m1', NOW);
		const recent = deliveryMemoryOf('WfKept', 'node-1', NOW + DAY - 1);
		recent.seenBefore('read:m2', NOW + DAY - 1);
		deliveryMemoryOf('WfNew', 'node-1', NOW + DAY);
		expect(deliveryMemoryOf('WfKept', 'node-1', NOW + DAY)).toBe(recent);
		expect(deliveryMemoryOf('WfGone', 'node-1', NOW + DAY)).not.toBe(old);
	});
});
