// The fake's conversations: who answers each customer (bot or person), their memory, the bot's flows (skills),
// the message history and the media files customers sent. Jelou documents the endpoints, not the rules behind
// them; where it is silent the fake picks one plain rule and says so.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';

import type { FakeState, SentMessage } from './types';

export type ConversationState = 'auto' | 'manual';

/** Jelou keeps memory params three months (Send Template's `actions.setMemoryParams`); the fake does the same for the cache. */
export const MEMORY_TTL_MS = 90 * 24 * 60 * 60 * 1000;
/** A customer has an active session for 24 hours after writing: a skill redirect needs one. */
export const SESSION_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface FakeCustomer {
	id: string;
	names: string;
	groupId: string;
	state: ConversationState;
	/** Conversation clock (ms) at which a manual state with a ttl goes back to auto. */
	manualUntil?: number;
	/** Values stored by Set Memory or a skill's memoryParams, each with its expiry (conversation clock, ms). */
	cache: Map<string, { value: unknown; expiresAt: number }>;
	/** Conversation clock (ms) of the customer's last message; undefined: never wrote. */
	lastWroteAt?: number;
	skillId?: number;
}

export interface FakeSkill {
	id: number;
	name: string;
	description: string;
	type: string;
	createdAt: string;
	updatedAt: string;
	/** Only active skills can take a customer. */
	state: boolean;
	default: boolean;
}

export interface Bubble {
	type: string;
	text?: string;
	mediaUrl?: string;
	mediaType?: string;
	mediaSize?: number;
}

/** A message as Jelou's history endpoints list it. */
export interface HistoryMessage {
	recipient: { id: string; names: string };
	sender: { id: string; name: string; type: string };
	/** `user` (the customer), `bot`, or `operator` (a message sent while the conversation was manual). */
	by: 'user' | 'bot' | 'operator';
	messageId: string;
	status: string;
	bubble: Bubble;
	createdAt: string;
}

export interface FakeMedia {
	mimeType: string;
	content: Buffer;
	/** False: the file is sent chunked, without Content-Length, so only counting the bytes finds its size. */
	announceLength: boolean;
}

export interface MediaDownload {
	path: string;
	status: number;
	bytesSent: number;
	/** False when the client closed the connection before the whole file was sent. */
	complete: boolean;
}

export const SKILLS: readonly FakeSkill[] = [
	skill(1, 'Main Skill', 'Welcome skill', true, true),
	skill(2, 'Order Status', 'Tells the customer where their order is', true),
	skill(3, 'Human Handoff', 'Collects the question before a person takes over', true),
	skill(4, 'Old Promotion', 'The 2023 campaign flow, switched off', false),
];

function skill(
	id: number,
	name: string,
	description: string,
	state: boolean,
	isDefault = false,
): FakeSkill {
	const at = '2024-03-01T12:00:00.000Z';
	return {
		id,
		name,
		description,
		type: 'BRAIN',
		createdAt: at,
		updatedAt: at,
		state,
		default: isDefault,
	};
}

/** A customer who wrote a few minutes before the fake started (active session) and one who wrote 30 hours before. */
export const ACTIVE_CUSTOMER = '593991234567';
export const INACTIVE_CUSTOMER = '573001234567';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(buffer: Buffer): number {
	let crc = 0xffffffff;
	for (const byte of buffer) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(typed));
	return Buffer.concat([length, typed, crc]);
}

/** A real 2×2 PNG, so an image node downstream can open the "photo" a customer sent. */
export function tinyPng(): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(2, 0);
	header.writeUInt32BE(2, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // RGB
	const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', header),
		pngChunk('IDAT', deflateSync(rows)),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

/** A voice note's bytes: an Ogg page header followed by filler; enough for a MIME check, not for playing. */
export function tinyVoiceNote(): Buffer {
	return Buffer.concat([Buffer.from('OggS\u0000\u0002', 'latin1'), randomBytes(2042)]);
}

const MEDIA_OF_TYPE: Record<
	string,
	{ mimeType: string; extension: string; content: () => Buffer }
> = {
	image: { mimeType: 'image/png', extension: 'png', content: tinyPng },
	sticker: { mimeType: 'image/webp', extension: 'webp', content: () => randomBytes(512) },
	audio: { mimeType: 'audio/ogg', extension: 'ogg', content: tinyVoiceNote },
	video: { mimeType: 'video/mp4', extension: 'mp4', content: () => randomBytes(4096) },
	file: { mimeType: 'application/pdf', extension: 'pdf', content: () => randomBytes(1024) },
};
export const INCOMING_MEDIA_TYPES = Object.keys(MEDIA_OF_TYPE);

/** Where the fake serves media, as Jelou's CDN serves what WhatsApp delivered (`cdn…/whatsappCloudApi/…`). */
export const MEDIA_PREFIX = '/media/whatsappCloudApi/';

export class FakeConversations {
	/** The fake's own origin (http://127.0.0.1:port), set once it listens: media URLs point there. */
	origin = '';
	readonly customers = new Map<string, FakeCustomer>();
	readonly skills: FakeSkill[] = SKILLS.map((entry) => ({ ...entry }));
	readonly history: HistoryMessage[] = [];
	/** Media files by path below the origin. */
	readonly media = new Map<string, FakeMedia>();
	readonly mediaDownloads: MediaDownload[] = [];
	readonly signingKey = randomBytes(32);
	private offsetMs = 0;
	private syncedMessages = 0;
	/** Seeded messages with media, added once the origin is known. */
	private readonly pendingMedia: Array<() => void> = [];

	constructor(private readonly state: FakeState) {
		this.seed();
	}

	/** The conversation clock: real time plus what advance() added, so a test can let a ttl run out. */
	now(): number {
		return Date.now() + this.offsetMs;
	}

	advance(seconds: number): void {
		this.offsetMs += seconds * 1000;
	}

	customer(id: string): FakeCustomer | undefined {
		const customer = this.customers.get(id);
		if (customer?.manualUntil !== undefined && customer.manualUntil <= this.now()) {
			customer.state = 'auto';
			delete customer.manualUntil;
		}
		return customer;
	}

	ensureCustomer(id: string, names = 'Customer'): FakeCustomer {
		let customer = this.customer(id);
		if (!customer) {
			customer = {
				id,
				names,
				groupId: `grp-${id.slice(-5)}`,
				state: 'auto',
				cache: new Map(),
			};
			this.customers.set(id, customer);
		}
		return customer;
	}

	hasActiveSession(customer: FakeCustomer): boolean {
		return (
			customer.lastWroteAt !== undefined && this.now() - customer.lastWroteAt < SESSION_WINDOW_MS
		);
	}

	/** The customer's unexpired memory. */
	memoryOf(customer: FakeCustomer): Record<string, unknown> {
		const now = this.now();
		const memory: Record<string, unknown> = {};
		for (const [key, entry] of customer.cache) {
			if (entry.expiresAt > now) memory[key] = entry.value;
			else customer.cache.delete(key);
		}
		return memory;
	}

	remember(customer: FakeCustomer, values: Record<string, unknown>): void {
		const expiresAt = this.now() + MEMORY_TTL_MS;
		for (const [key, value] of Object.entries(values))
			customer.cache.set(key, { value, expiresAt });
	}

	/** Stores a media file and returns its (unsigned) resource URL. */
	addMedia(file: {
		fileName: string;
		mimeType: string;
		content: Buffer;
		announceLength?: boolean;
	}): string {
		const path = `${MEDIA_PREFIX}${randomUUID()}-${encodeURIComponent(file.fileName)}`;
		this.media.set(path, {
			mimeType: file.mimeType,
			content: file.content,
			announceLength: file.announceLength ?? true,
		});
		return `${this.origin}${path}`;
	}

	/** A bubble of the given type as a customer sends it: media types get a file of the fake's. */
	incomingBubble(type: string, text?: string): Bubble {
		const media = MEDIA_OF_TYPE[type];
		if (!media) return { type: 'text', text: text ?? '' };
		const content = media.content();
		const bubble: Bubble = {
			type,
			mediaUrl: this.addMedia({
				fileName: `${randomUUID().slice(0, 8)}.${media.extension}`,
				mimeType: media.mimeType,
				content,
			}),
			mediaType: media.mimeType,
			mediaSize: content.length,
		};
		if (text) bubble.text = text;
		return bubble;
	}

	/** The customer writes to the bot: the message joins the history and opens (or renews) the session. */
	customerWrites(userId: string, bubble: Bubble, at = this.now()): HistoryMessage {
		// What was sent before joins the history first, so the history keeps the order things happened in.
		this.syncSentMessages();
		const customer = this.ensureCustomer(userId);
		customer.lastWroteAt = Math.max(customer.lastWroteAt ?? 0, at);
		const message: HistoryMessage = {
			recipient: { id: this.state.botId, names: 'Sandbox Bot' },
			sender: { id: userId, name: customer.names, type: 'user' },
			by: 'user',
			messageId: `msg-in-${randomUUID()}`,
			status: 'RECEIVED',
			bubble,
			createdAt: new Date(at).toISOString(),
		};
		this.history.push(message);
		return message;
	}

	/** Adds to the history every message sent through the fake since the last call, sent by the bot or, in manual state, a person. */
	syncSentMessages(): void {
		const sent = this.state.sentMessages;
		if (sent.length < this.syncedMessages) this.syncedMessages = 0;
		for (const message of sent.slice(this.syncedMessages)) {
			const customer = this.ensureCustomer(message.destination);
			const by = customer.state === 'manual' ? 'operator' : 'bot';
			this.history.push({
				recipient: { id: customer.id, names: customer.names },
				sender: {
					id: this.state.botId,
					name: by === 'bot' ? 'Sandbox Bot' : 'Operator',
					type: by,
				},
				by,
				messageId: message.id,
				status: message.status,
				bubble: bubbleOfSent(message),
				createdAt: message.createdAt,
			});
		}
		this.syncedMessages = sent.length;
	}

	/** Where signed links point: the fake's own origin, unless a test puts the CDN elsewhere (Jelou's is another host). */
	signedOrigin: string | undefined;

	/** The signed, expiring URL of a stored media path (CloudFront style: Expires, Signature, Key-Pair-Id). */
	signedUrl(path: string, ttlSeconds: number): string {
		const expires = Math.floor(this.now() / 1000) + ttlSeconds;
		const url = new URL(path, this.signedOrigin ?? this.origin);
		url.searchParams.set('Expires', String(expires));
		url.searchParams.set('Signature', this.signature(path, expires));
		url.searchParams.set('Key-Pair-Id', 'FAKEKEYPAIRID');
		return url.toString();
	}

	signature(path: string, expires: number): string {
		return createHmac('sha256', this.signingKey).update(`${path}\n${expires}`).digest('hex');
	}

	reset(): void {
		this.customers.clear();
		this.skills.splice(0, this.skills.length, ...SKILLS.map((entry) => ({ ...entry })));
		this.history.length = 0;
		this.media.clear();
		this.mediaDownloads.length = 0;
		this.offsetMs = 0;
		this.syncedMessages = 0;
		this.signedOrigin = undefined;
		this.seed();
	}

	private seed(): void {
		const now = Date.now();
		const maria = this.ensureCustomer(ACTIVE_CUSTOMER, 'María Pérez');
		this.remember(maria, { groupId: maria.groupId });
		this.customerWrites(
			ACTIVE_CUSTOMER,
			{ type: 'text', text: 'Hola, ¿dónde está mi pedido?' },
			now - 15 * 60_000,
		);
		this.history.push({
			recipient: { id: ACTIVE_CUSTOMER, names: maria.names },
			sender: { id: this.state.botId, name: 'Sandbox Bot', type: 'bot' },
			by: 'bot',
			messageId: `msg-${randomUUID()}`,
			status: 'DELIVERED_USER',
			bubble: { type: 'text', text: '¡Hola María! Envíame una foto del comprobante, por favor.' },
			createdAt: new Date(now - 14 * 60_000).toISOString(),
		});
		// The origin is known only once the server listens; the seed's media URLs are filled in then.
		this.pendingMedia.push(
			() => this.customerWrites(ACTIVE_CUSTOMER, this.incomingBubble('image'), now - 12 * 60_000),
			() => this.customerWrites(ACTIVE_CUSTOMER, this.incomingBubble('audio'), now - 10 * 60_000),
		);
		if (this.origin) this.flushPendingMedia();
		const john = this.ensureCustomer(INACTIVE_CUSTOMER, 'John Doe');
		john.groupId = 'grp-67890';
		this.remember(john, { groupId: 'grp-67890', orderNumber: 'ORD-12345' });
		this.customerWrites(
			INACTIVE_CUSTOMER,
			{ type: 'text', text: 'Thanks, bye!' },
			now - 30 * 60 * 60_000,
		);
	}

	/** Called once the origin is set: adds the seeded messages that carry media. */
	flushPendingMedia(): void {
		for (const add of this.pendingMedia.splice(0)) add();
		this.history.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
	}
}

function bubbleOfSent(message: SentMessage): Bubble {
	const body = (message.body ?? {}) as Record<string, unknown>;
	if (message.elementName) return { type: 'hsm', text: message.elementName };
	const bubble: Bubble = { type: typeof body.type === 'string' ? body.type : 'text' };
	if (typeof body.text === 'string') bubble.text = body.text;
	if (typeof body.mediaUrl === 'string') bubble.mediaUrl = body.mediaUrl;
	return bubble;
}

const stores = new WeakMap<FakeState, FakeConversations>();

/** The conversations of one fake server. */
export function conversationsOf(state: FakeState): FakeConversations {
	let store = stores.get(state);
	if (!store) {
		store = new FakeConversations(state);
		stores.set(state, store);
	}
	return store;
}
