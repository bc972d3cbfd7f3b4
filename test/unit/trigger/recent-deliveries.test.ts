import {
	appendFileSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	DeliveryMemory,
	deliveryMemoryOf,
	MEMORY_FOLDER_NAME,
	n8nFolder,
	RecentKeys,
} from '../../../nodes/JelouWhatsAppTrigger/recent-deliveries';

const NOW = Date.parse('2026-11-23T10:00:00.000Z');
const DAY = 24 * 3600 * 1000;

describe('RecentKeys', () => {
	it('recognises a key seen before, not another one', () => {
		const memory = new RecentKeys();
		expect(memory.checkAndRemember('read:m1', NOW)).toBe(false);
		expect(memory.checkAndRemember('read:m1', NOW + 1000)).toBe(true);
		expect(memory.checkAndRemember('delivered_user:m1', NOW + 1000)).toBe(false);
	});

	it('forgets a key after 24 hours', () => {
		const memory = new RecentKeys();
		memory.checkAndRemember('read:m1', NOW);
		expect(memory.checkAndRemember('read:m1', NOW + DAY - 1)).toBe(true);
		expect(memory.checkAndRemember('read:m1', NOW + DAY)).toBe(false);
	});

	it('holds at most 1,000 keys, forgetting the oldest first', () => {
		const memory = new RecentKeys();
		for (let i = 0; i < 1_001; i++) memory.checkAndRemember(`read:m${i}`, NOW);
		expect(memory.size).toBe(1_000);
		expect(memory.checkAndRemember('read:m1000', NOW)).toBe(true);
		expect(memory.checkAndRemember('read:m0', NOW)).toBe(false);
	});
});

describe('DeliveryMemory: the file beside the memory', () => {
	let folder: string;
	let file: string;
	const warnings: string[] = [];
	const open = () => new DeliveryMemory(file, (message) => warnings.push(message));

	beforeEach(() => {
		folder = mkdtempSync(join(tmpdir(), 'jelou-memory-'));
		file = join(folder, MEMORY_FOLDER_NAME, 'Wf1-node1.log');
		warnings.length = 0;
	});
	afterEach(() => rmSync(folder, { recursive: true, force: true }));

	it('makes its folder and writes one line per new key, never for a repeat', async () => {
		const memory = open();
		expect(memory.seen('read:m1', NOW)).toBe(false);
		expect(memory.seen('read:m1', NOW + 5)).toBe(true);
		expect(memory.seen('failed:m2', NOW + 6)).toBe(false);
		await memory.written();
		expect(readFileSync(file, 'utf8')).toBe(`${NOW} "read:m1"\n${NOW + 6} "failed:m2"\n`);
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(warnings).toEqual([]);
	});

	it('is read by the memory of the next process: a redelivery after a restart is recognised', async () => {
		const before = open();
		before.seen('read:m1', NOW);
		await before.written();
		const afterRestart = open();
		expect(afterRestart.seen('read:m1', NOW + 60_000)).toBe(true);
		expect(afterRestart.seen('read:m2', NOW + 60_000)).toBe(false);
	});

	it('follows, within a second, what another process of the machine appends after it opened the file', async () => {
		const one = open();
		const two = open();
		expect(two.seen('read:m1', NOW)).toBe(false);
		expect(one.seen('reply:m9', NOW)).toBe(false);
		await one.written();
		// Read again at most once a second, so a delivery costs no file access of its own.
		expect(two.seen('reply:m9', NOW + 1_000)).toBe(true);
	});

	it('skips a line a crash cut short, and one still being written', () => {
		file = join(folder, 'plain.log');
		appendFileSync(file, `${NOW} "read:m1"\n${NOW} "read:m2\n${NOW} "read:m3"\n${NOW} "read:m4"`);
		const memory = open();
		expect(memory.seen('read:m1', NOW)).toBe(true);
		expect(memory.seen('read:m3', NOW)).toBe(true);
		// The last line has no end yet: it is read once it is complete.
		appendFileSync(file, '\n');
		expect(memory.seen('read:m4', NOW + 1_000)).toBe(true);
		expect(memory.seen('read:m2', NOW + 1_000)).toBe(false);
	});

	it('rewrites the file with the remembered keys once it holds twice as many lines', async () => {
		const memory = open();
		for (let i = 0; i < 2_001; i++) {
			memory.seen(`read:m${i}`, NOW + i);
			if (i % 500 === 0) await memory.written();
		}
		await memory.written();
		const lines = readFileSync(file, 'utf8').trim().split('\n');
		expect(lines.length).toBeLessThanOrEqual(1_000 + 500);
		expect(lines.at(-1)).toBe(`${NOW + 2000} "read:m2000"`);
		const next = open();
		expect(next.seen('read:m2000', NOW + 3000)).toBe(true);
		expect(next.seen('read:m1500', NOW + 3000)).toBe(true);
	});

	it('warns once and keeps working in memory when the file cannot be written', async () => {
		writeFileSync(join(folder, 'not-a-folder'), '');
		file = join(folder, 'not-a-folder', 'Wf1-node1.log');
		const memory = open();
		expect(memory.seen('read:m1', NOW)).toBe(false);
		expect(memory.seen('read:m2', NOW)).toBe(false);
		await memory.written();
		expect(memory.seen('read:m1', NOW)).toBe(true);
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toContain('repeats are recognised only until n8n restarts');
	});
});

describe('deliveryMemoryOf', () => {
	const saved = process.env.N8N_USER_FOLDER;
	afterEach(() => {
		if (saved === undefined) delete process.env.N8N_USER_FOLDER;
		else process.env.N8N_USER_FOLDER = saved;
	});

	it("keeps one file per workflow and node under n8n's user folder, as n8n finds that folder", () => {
		process.env.N8N_USER_FOLDER = '/srv/n8n-data';
		expect(n8nFolder()).toBe('/srv/n8n-data/.n8n');
		const memory = deliveryMemoryOf('Wf/1', 'node 1', () => undefined);
		expect(memory.file).toBe(`/srv/n8n-data/.n8n/${MEMORY_FOLDER_NAME}/Wf_1-node_1.log`);
		expect(deliveryMemoryOf('Wf/1', 'node 1', () => undefined)).toBe(memory);
	});
});
