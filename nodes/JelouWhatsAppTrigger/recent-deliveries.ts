/**
 * The memory of recent deliveries that lets a redelivery start nothing, kept per workflow and trigger node in
 * this n8n process and in a small file under n8n's user folder, so that it outlives a restart and is shared by
 * the n8n processes of one machine. n8n does not reliably keep static data written while a webhook call is
 * handled, so the memory cannot live there.
 */
import {
	appendFile,
	appendFileSync,
	closeSync,
	mkdirSync,
	openSync,
	readSync,
	renameSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

const RECENT_KEYS_MAX = 1_000;
const RECENT_KEYS_TTL_MS = 24 * 60 * 60 * 1000;
/** More than this in the file is never read: the newest part holds every key still remembered. */
const FILE_READ_MAX_BYTES = 512 * 1024;
/** Keys written by other processes are read at most this often: a delivery costs no file access of its own. */
const CATCH_UP_EVERY_MS = 1_000;
/** Keys are appended in batches, this long after the first of a batch. */
const WRITE_DELAY_MS = 100;
/** The folder under n8n's user folder (`~/.n8n`) that holds one file per workflow and trigger node. */
export const MEMORY_FOLDER_NAME = 'jelou-whatsapp-trigger';

/**
 * The keys (event + message ID) of the last deliveries: a redelivery within the TTL is recognised, and the
 * memory never holds more than `max` keys (oldest forgotten first).
 */
export class RecentKeys {
	private readonly seenAt = new Map<string, number>();

	constructor(
		readonly max = RECENT_KEYS_MAX,
		private readonly ttlMs = RECENT_KEYS_TTL_MS,
	) {}

	get size(): number {
		return this.seenAt.size;
	}

	/** True when `key` was seen within the TTL; otherwise remembers it and returns false. */
	checkAndRemember(key: string, now: number): boolean {
		this.forgetExpired(now);
		if (this.seenAt.has(key)) return true;
		this.remember(key, now);
		return false;
	}

	/** Adds a key seen at `at` (read back from the file), keeping the memory in time order and bounded. */
	remember(key: string, at: number): void {
		if (this.seenAt.has(key)) return;
		this.seenAt.set(key, at);
		while (this.seenAt.size > this.max)
			this.seenAt.delete(this.seenAt.keys().next().value as string);
	}

	entries(): IterableIterator<[string, number]> {
		return this.seenAt.entries();
	}

	private forgetExpired(now: number): void {
		// Insertion order is time order, so the expired keys are at the front.
		for (const [key, at] of this.seenAt) {
			if (now - at < this.ttlMs) break;
			this.seenAt.delete(key);
		}
	}
}

/** n8n's user folder, found as n8n finds it: `N8N_USER_FOLDER`, else the home folder (else the working folder), then `.n8n`. */
export function n8nFolder(): string {
	const home =
		process.env.N8N_USER_FOLDER ??
		process.env[process.platform === 'win32' ? 'USERPROFILE' : 'HOME'] ??
		process.cwd();
	return join(home, '.n8n');
}

const line = (key: string, at: number) => `${at} ${JSON.stringify(key)}\n`;

function parseLines(text: string, into: RecentKeys): void {
	for (const entry of text.split('\n')) {
		const space = entry.indexOf(' ');
		if (space <= 0) continue;
		const at = Number(entry.slice(0, space));
		try {
			const key: unknown = JSON.parse(entry.slice(space + 1));
			if (Number.isFinite(at) && typeof key === 'string') into.remember(key, at);
		} catch {
			// a line cut short by a crash: skipped
		}
	}
}

/**
 * Recent deliveries of one workflow and trigger node: in memory, and appended to a file (one line per key)
 * that is read when the memory is first used in a process and followed as it grows, so a key written by
 * another process of this machine is known from then on. Writes are batched and never delay an answer; the
 * file is rewritten with the remembered keys only when it has grown to twice what memory holds.
 */
export class DeliveryMemory {
	private readonly keys = new RecentKeys();
	/** The file as last read: its inode (a rewrite makes a new one) and how much of it was read. */
	private readFile = { ino: -1, offset: 0 };
	/** When the file was last read (the clock of the deliveries); never, until the first delivery. */
	private caughtUpAt = Number.NEGATIVE_INFINITY;
	private linesInFile = 0;
	private pending = '';
	private writing = false;
	private warned = false;

	constructor(
		readonly file: string,
		private readonly warn: (message: string) => void,
	) {}

	/** True when this event of this message was delivered before; otherwise remembers it. */
	seen(key: string, now: number): boolean {
		if (now - this.caughtUpAt >= CATCH_UP_EVERY_MS) this.catchUp(now);
		if (this.keys.checkAndRemember(key, now)) return true;
		this.pending += line(key, now);
		if (!this.writing) {
			this.writing = true;
			setTimeout(() => this.write(), WRITE_DELAY_MS);
		}
		return false;
	}

	/** Resolves once every remembered key is in the file. */
	async written(): Promise<void> {
		while (this.writing) await new Promise((resolve) => setTimeout(resolve, 5));
	}

	/** Reads what was appended to the file since the last read (by this process or another one). */
	private catchUp(now: number): void {
		this.caughtUpAt = now;
		let fd: number | undefined;
		try {
			const { ino, size } = statSync(this.file);
			if (ino !== this.readFile.ino) this.readFile = { ino, offset: 0 };
			if (size <= this.readFile.offset) return;
			fd = openSync(this.file, 'r');
			const from = Math.max(this.readFile.offset, size - FILE_READ_MAX_BYTES);
			const buffer = Buffer.alloc(size - from);
			const read = readSync(fd, buffer, 0, buffer.length, from);
			const text = buffer.toString('utf8', 0, read);
			// Only whole lines: the rest is being written right now.
			const complete = text.slice(0, text.lastIndexOf('\n') + 1);
			parseLines(complete, this.keys);
			this.linesInFile += complete.split('\n').length - 1;
			this.readFile.offset = from + Buffer.byteLength(complete);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.warnOnce(error);
		} finally {
			if (fd !== undefined) closeSync(fd);
		}
	}

	private write(): void {
		const text = this.pending;
		this.pending = '';
		appendFile(this.file, text, { mode: 0o600 }, (error) => {
			if (error?.code === 'ENOENT') {
				// The first key of this machine: the folder is made once, then the same lines appended.
				try {
					mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
					appendFileSync(this.file, text, { mode: 0o600 });
				} catch (retryError) {
					this.warnOnce(retryError);
				}
			} else if (error) this.warnOnce(error);
			this.catchUp(this.caughtUpAt);
			if (this.linesInFile > 2 * this.keys.max) this.compact();
			if (this.pending) setTimeout(() => this.write(), WRITE_DELAY_MS);
			else this.writing = false;
		});
	}

	/** Rewrites the file with the remembered keys only (a new file moved over the old one). */
	private compact(): void {
		let text = '';
		for (const [key, at] of this.keys.entries()) text += line(key, at);
		const temporary = `${this.file}.${process.pid}.tmp`;
		try {
			writeFileSync(temporary, text, { mode: 0o600 });
			renameSync(temporary, this.file);
			this.readFile = { ino: statSync(this.file).ino, offset: Buffer.byteLength(text) };
			this.linesInFile = this.keys.size;
		} catch (error) {
			this.warnOnce(error);
		}
	}

	private warnOnce(error: unknown): void {
		if (this.warned) return;
		this.warned = true;
		this.warn(
			`Jelou WhatsApp Trigger: could not use ${this.file} to remember deliveries (${(error as Error).message}); repeats are recognised only until n8n restarts`,
		);
	}
}

/** Per workflow and trigger node (and user folder, which tests change): the memory opened in this process. */
const memories = new Map<string, DeliveryMemory>();

/** The memory of one workflow and trigger node, opened once per process. */
export function deliveryMemoryOf(
	workflowId: string | undefined,
	nodeId: string,
	warn: (message: string) => void,
): DeliveryMemory {
	const folder = n8nFolder();
	const id = `${folder}\n${workflowId}\n${nodeId}`;
	let memory = memories.get(id);
	if (!memory) {
		const safe = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '_');
		const name = `${safe(workflowId ?? 'unsaved')}-${safe(nodeId)}.log`;
		memory = new DeliveryMemory(join(folder, MEMORY_FOLDER_NAME, name), warn);
		memories.set(id, memory);
	}
	return memory;
}
