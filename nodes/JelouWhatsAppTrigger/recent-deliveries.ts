/**
 * The memory of recent deliveries that lets a redelivery start nothing, kept per workflow and trigger node in
 * this n8n process: it ends when n8n restarts. Static data cannot hold it: measured in n8n 2.41.1 and 1.123.81,
 * every webhook call saves the whole static data it loaded, so deliveries that overlap erase each other's keys
 * (of 20 sent at once, 2.41.1 kept 3 to 13 and 1.123.81 kept 9; of 20 sent one after the other, 2.41.1 kept 8).
 * Users who need repeats caught across restarts follow the trigger with n8n's Remove Duplicates node (see the
 * node's notice and the README).
 */

const RECENT_KEYS_MAX = 1_000;
const RECENT_KEYS_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * The keys (event + message ID) of the last deliveries: a redelivery within the TTL is recognised, and the
 * memory never holds more than `max` keys (the oldest forgotten first). Time is the delivery's own timestamp,
 * compared when a delivery comes: no timer runs.
 */
export class RecentKeys {
	/** Key → when it was first delivered, in delivery order. */
	private readonly seenAt = new Map<string, number>();
	private newestAt = Number.NEGATIVE_INFINITY;

	constructor(
		readonly max = RECENT_KEYS_MAX,
		private readonly ttlMs = RECENT_KEYS_TTL_MS,
	) {}

	get size(): number {
		return this.seenAt.size;
	}

	/** Whether every remembered key is older than the TTL at `now` (nothing left to recognise). */
	isStale(now: number): boolean {
		return now - this.newestAt >= this.ttlMs;
	}

	/** True when `key` was delivered within the TTL; otherwise remembers it as the newest and returns false. */
	seenBefore(key: string, now: number): boolean {
		this.forgetExpired(now);
		if (this.seenAt.has(key)) return true;
		this.seenAt.set(key, now);
		this.newestAt = now;
		if (this.seenAt.size > this.max) this.seenAt.delete(this.seenAt.keys().next().value as string);
		return false;
	}

	private forgetExpired(now: number): void {
		// Insertion order is delivery order, so the expired keys are at the front.
		for (const [key, at] of this.seenAt) {
			if (now - at < this.ttlMs) break;
			this.seenAt.delete(key);
		}
	}
}

/** Per workflow, trigger node and bot: the memory of this process. */
const memories = new Map<string, RecentKeys>();

/**
 * The memory of one workflow, trigger node and bot. When one is opened, those with nothing left to recognise are let
 * go, so a deleted workflow or node keeps nothing for longer than the TTL.
 */
export function deliveryMemoryOf(
	workflowId: string | undefined,
	nodeId: string,
	now: number,
	botId = '',
): RecentKeys {
	const id = `${workflowId ?? ''}\n${nodeId}\n${botId}`;
	let memory = memories.get(id);
	if (!memory) {
		for (const [other, keys] of memories) if (keys.isStale(now)) memories.delete(other);
		memory = new RecentKeys();
		memories.set(id, memory);
	}
	return memory;
}
