import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	AUTHENTICATION_FAILED,
	botNotFound,
	defaultFaultBody,
	forbiddenBot,
	failedBody,
	tooManyRequestsBody,
	unknownErrorBody,
	type Reply,
} from './envelopes';
import { campaignPlayerOf, type FakeCampaignPlayer } from './campaign-player';
import { watchConnections, type ConnectionStats } from './connections';
import { createCampaign, listCampaigns } from './handlers/campaigns';
import { CONVERSATION_ROUTES } from './handlers/conversations';
import { serveMedia } from './handlers/media';
import { conversationsOf, type FakeConversations } from './conversations-store';
import { sendBotMessage, sendFlowMessage } from './handlers/bot-messages';
import {
	eventHubOf,
	getEventWebhooks,
	postEventWebhooks,
	simulateReply,
	withEventDelivery,
	type FakeEventHub,
} from './handlers/events';
import { sendHsm } from './handlers/hsm';
import { approveTemplate, lastMessageLinks } from './handlers/send-and-wait';
import { getNotification, listNotifications } from './handlers/notifications';
import { sendSessionMessage } from './handlers/session-messages';
import { createTemplate, listTemplates } from './handlers/templates';
import { cloneTemplates, SEED_TEMPLATES, seedCampaigns } from './seed';
import { isWireFault, playWireFault, type WireFault } from './wire-faults';
import type {
	FakeCampaign,
	FakeState,
	FakeTemplate,
	HandlerInput,
	SentMessage,
	TemplateListShape,
	UploadedFile,
} from './types';

export type {
	FakeCampaign,
	FakeTemplate,
	NotificationStatus,
	SentMessage,
	TemplateButton,
	TemplateListShape,
	TemplateStatus,
} from './types';
export { SEED_TEMPLATES } from './seed';
export type { ConnectionStats } from './connections';
export type { CampaignPace, RecipientOutcome } from './campaign-player';
export { UNREACHABLE_NUMBER, type EventDelivery } from './handlers/events';

export interface FakeJelouOptions {
	port?: number;
	host?: string;
	clientId?: string;
	clientSecret?: string;
	botId?: string;
	latencyMs?: number;
	rateLimitPerSecond?: number;
	/** Replaces SEED_TEMPLATES as the store's starting content (and what reset() restores). */
	templates?: FakeTemplate[];
	templateListShape?: TemplateListShape;
	/** Closes keep-alive connections idle this long, unannounced, as a proxy with a short idle timeout does. */
	idleCloseMs?: number;
	/**
	 * More bots of the same company (the credential's): each with its own templates (the seed's unless given),
	 * campaigns, flows, customers, subscriptions and rate limit. Requests name the bot in their path, body or query.
	 */
	bots?: Array<{ botId: string; templates?: FakeTemplate[]; rateLimitPerSecond?: number }>;
	/** Bots of another company: Jelou answers 403 `forbidden_bot` for them. Any other unknown bot gets 404. */
	foreignBots?: string[];
}

/** One bot of the fake's company, as a test sees it. */
export interface FakeBot {
	botId: string;
	sentMessages: SentMessage[];
	templates: FakeTemplate[];
	campaigns: FakeCampaign[];
	events: FakeEventHub;
	conversations: FakeConversations;
	campaignPlayer: FakeCampaignPlayer;
	/** The requests that named this bot. */
	readonly requests: RecordedRequest[];
	setRateLimit(perSecond: number | undefined): void;
}

export interface RecordedRequest {
	method: string;
	/** Without the query string. */
	path: string;
	query: Record<string, string>;
	/** Lower-cased header names only: values would expose the Authorization secret. */
	headerNames: string[];
	/** The Accept-Language header, when the request had one. */
	acceptLanguage?: string;
	/** Parsed JSON body when the request was JSON. */
	body?: unknown;
	/** Text fields of a multipart body. */
	form?: Record<string, string>;
	file?: UploadedFile;
	/** What the fake answered; 0 when a 'reset' or 'hang' fault left it unanswered. */
	status: number;
	/** True once the endpoint did its work (a message sent, a state changed), answered or not ('reset-after'). */
	processed?: boolean;
	/** The bot the request named (its path, body or query), or the credential's bot when it named none. */
	botId?: string;
}

export type Fault =
	| { kind: 'latency'; ms: number }
	| { kind: 'status'; status: number; retryAfterSeconds?: number; body?: unknown }
	/** Read, not processed, connection dropped with no answer ('reset-before' says the same). */
	| { kind: 'reset' }
	| { kind: 'reset-before' }
	/** Read and processed (a message is sent), then the connection dropped with no answer: a server or proxy that fails after the work. */
	| { kind: 'reset-after' }
	| { kind: 'hang' }
	/** Met by a request arriving on a reused connection: closed unread, as if the server had just chosen to close it. */
	| { kind: 'close-on-arrival' }
	| WireFault;

export interface FakeJelou {
	url: string;
	port: number;
	clientId: string;
	clientSecret: string;
	botId: string;
	/** `Basic base64(clientId:clientSecret)`, ready for an Authorization header. */
	authorization: string;
	requests: RecordedRequest[];
	sentMessages: SentMessage[];
	templates: FakeTemplate[];
	/** Seeded campaigns plus those created through POST /v1/hsm/file. */
	campaigns: FakeCampaign[];
	/** Plays created campaigns out over time: pace, clock (advance), each number's outcome, the list's counts. */
	campaignPlayer: FakeCampaignPlayer;
	/** Event subscriptions, deliveries made to them, delays and unreachable numbers. */
	events: FakeEventHub;
	/** Customers (state, memory), skills, history and media files. */
	conversations: FakeConversations;
	/** Clears requests, sentMessages, faults and connection stats; restores templates, campaigns, the campaign player, latency, rate limit, list shape and idle close. */
	reset(): void;
	/**
	 * `route` is '*' or 'METHOD /path' where the path may use the route's `:name` segments or literal values.
	 * The fault meets `times` requests (default 1) after letting `after` matching requests through (default 0).
	 */
	injectFault(route: string, fault: Fault, times?: number, after?: number): void;
	setLatency(ms: number): void;
	setRateLimit(perSecond: number | undefined): void;
	setTemplateListShape(shape: TemplateListShape): void;
	close(): Promise<void>;
	/** TCP connections opened since the start or the last reset(): shows whether clients keep connections alive. */
	readonly connectionCount: number;
	/** Connections opened, requests processed, connections closed while idle or on a request's arrival. */
	readonly connectionStats: ConnectionStats;
	/** Closes connections idle for `ms` (undefined: Node's own keep-alive timeout again); reset() restores the option. */
	setIdleClose(ms: number | undefined): void;
	/** One of the company's bots (the credential's, or one of `options.bots`). */
	bot(botId: string): FakeBot;
}

type Handler = (input: HandlerInput, state: FakeState) => Reply;

const ROUTES: { method: string; pattern: string; handler: Handler }[] = [
	{ method: 'POST', pattern: '/v2/whatsapp/:botId/hsm', handler: withEventDelivery(sendHsm) },
	{ method: 'GET', pattern: '/v1/bots/:botId/templates', handler: listTemplates },
	{ method: 'POST', pattern: '/v1/bots/:botId/templates', handler: createTemplate },
	{ method: 'POST', pattern: '/v1/hsm/file', handler: withEventDelivery(createCampaign) },
	{ method: 'POST', pattern: '/v1/whatsapp/messages', handler: sendSessionMessage },
	{ method: 'POST', pattern: '/v1/bots/:botId/messages', handler: sendBotMessage },
	{
		method: 'POST',
		pattern: '/v1/bots/:botId/users/:userId/flow_message',
		handler: sendFlowMessage,
	},
	{ method: 'GET', pattern: '/v1/campaigns', handler: listCampaigns },
	{ method: 'GET', pattern: '/v1/external/bots/:botId/notifications', handler: listNotifications },
	{
		method: 'GET',
		pattern: '/v1/external/bots/:botId/notifications/:id',
		handler: getNotification,
	},
	{ method: 'GET', pattern: '/v1/bots/:botId/events/webhook', handler: getEventWebhooks },
	{ method: 'POST', pattern: '/v1/bots/:botId/events/webhook', handler: postEventWebhooks },
	{
		method: 'POST',
		pattern: '/fake/v1/bots/:botId/messages/:messageId/reply',
		handler: simulateReply,
	},
	...CONVERSATION_ROUTES,
	{
		method: 'GET',
		pattern: '/fake/v1/bots/:botId/users/:userId/last-message/links',
		handler: lastMessageLinks,
	},
	{
		method: 'POST',
		pattern: '/fake/v1/bots/:botId/templates/:elementName/approve',
		handler: approveTemplate,
	},
];

const RATE_LIMIT_WINDOW_MS = 1000;

/** Path parameters when `path` fits `pattern` (segments starting with ':' match anything), else undefined. */
function matchPath(pattern: string, path: string): Record<string, string> | undefined {
	const expected = pattern.split('/');
	const actual = path.split('/');
	if (expected.length !== actual.length) return undefined;
	const params: Record<string, string> = {};
	for (let i = 0; i < expected.length; i++) {
		if (expected[i].startsWith(':')) {
			if (actual[i] === '') return undefined;
			params[expected[i].slice(1)] = decodeURIComponent(actual[i]);
		} else if (expected[i] !== actual[i]) {
			return undefined;
		}
	}
	return params;
}

function routeMatches(route: string, method: string, path: string): boolean {
	if (route === '*') return true;
	const [routeMethod, pattern] = route.split(' ');
	return routeMethod === method && matchPath(pattern, path) !== undefined;
}

interface ParsedBody {
	body?: unknown;
	form?: Record<string, string>;
	file?: UploadedFile;
	/** Why the body could not be read, answered as a 400 once the request is authenticated. */
	malformed?: string;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

async function parseBody(contentType: string | undefined, raw: Buffer): Promise<ParsedBody> {
	const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
	if (mediaType === 'application/json') {
		if (raw.length === 0) return {};
		try {
			return { body: JSON.parse(raw.toString('utf8')) };
		} catch {
			return { malformed: 'Invalid JSON body' };
		}
	}
	if (mediaType !== 'multipart/form-data') return {};
	// Node's WHATWG Request parses multipart, so the fake needs no multipart dependency.
	let formData: FormData;
	try {
		formData = await new Request('http://fake-jelou.local/', {
			method: 'POST',
			headers: { 'content-type': contentType as string },
			body: raw,
		}).formData();
	} catch {
		return { malformed: 'Invalid multipart body' };
	}
	const parsed: ParsedBody = { form: {} };
	for (const [fieldName, value] of formData.entries()) {
		if (typeof value === 'string') {
			(parsed.form as Record<string, string>)[fieldName] = value;
		} else if (!parsed.file) {
			parsed.file = {
				fieldName,
				filename: value.name,
				contentType: value.type,
				content: Buffer.from(await value.arrayBuffer()),
			};
		}
	}
	return parsed;
}

function isAuthorized(header: string | undefined, clientId: string, clientSecret: string): boolean {
	const [scheme, encoded] = (header ?? '').split(' ');
	if (scheme?.toLowerCase() !== 'basic' || !encoded) return false;
	return Buffer.from(encoded, 'base64').toString('utf8') === `${clientId}:${clientSecret}`;
}

export async function startFakeJelou(options: FakeJelouOptions = {}): Promise<FakeJelou> {
	const clientId = options.clientId ?? 'test-client-id';
	const clientSecret = options.clientSecret ?? 'test-client-secret';
	const botId = options.botId ?? 'test-bot';
	const seedTemplates = options.templates ?? SEED_TEMPLATES;
	const initialShape = options.templateListShape ?? 'auto';

	/** Each bot of the company: its state, and its own rate limit and window. */
	interface BotEntry {
		state: FakeState;
		seed: readonly FakeTemplate[];
		initialRateLimit?: number;
		rateLimit?: number;
		windowStartedAt: number;
		requestsInWindow: number;
	}
	const newBot = (
		id: string,
		seed: readonly FakeTemplate[],
		rateLimitPerSecond?: number,
	): BotEntry => ({
		state: {
			botId: id,
			templates: cloneTemplates(seed),
			campaigns: seedCampaigns(id),
			sentMessages: [],
			templateListShape: initialShape,
		},
		seed,
		initialRateLimit: rateLimitPerSecond,
		rateLimit: rateLimitPerSecond,
		windowStartedAt: 0,
		requestsInWindow: 0,
	});
	const bots = new Map<string, BotEntry>([
		[botId, newBot(botId, seedTemplates, options.rateLimitPerSecond)],
	]);
	for (const extra of options.bots ?? [])
		bots.set(
			extra.botId,
			newBot(extra.botId, extra.templates ?? SEED_TEMPLATES, extra.rateLimitPerSecond),
		);
	const foreignBots = new Set(options.foreignBots ?? []);
	const primary = bots.get(botId) as BotEntry;
	const state = primary.state;
	const requests: RecordedRequest[] = [];
	let faults: { route: string; fault: Fault; remaining: number; letThrough: number }[] = [];
	let latencyMs = options.latencyMs ?? 0;
	// Pending waits are cancelled on close(), so a test's latency never keeps jest alive.
	const timers = new Set<NodeJS.Timeout>();

	function wait(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				timers.delete(timer);
				resolve();
			}, ms);
			timers.add(timer);
		});
	}

	function takeFault(method: string, path: string, onArrival = false): Fault | undefined {
		const entry = faults.find((candidate) => {
			if ((candidate.fault.kind === 'close-on-arrival') !== onArrival) return false;
			if (!routeMatches(candidate.route, method, path)) return false;
			if (candidate.letThrough === 0) return true;
			candidate.letThrough--;
			return false;
		});
		if (!entry) return undefined;
		entry.remaining--;
		if (entry.remaining <= 0) faults = faults.filter((candidate) => candidate !== entry);
		return entry.fault;
	}

	/** Each bot has its limit: a bot over it answers 429, the others go on. */
	function overRateLimit(bot: BotEntry): boolean {
		if (bot.rateLimit === undefined) return false;
		const now = Date.now();
		if (now - bot.windowStartedAt >= RATE_LIMIT_WINDOW_MS) {
			bot.windowStartedAt = now;
			bot.requestsInWindow = 0;
		}
		bot.requestsInWindow++;
		return bot.requestsInWindow > bot.rateLimit;
	}

	/**
	 * The bot a request names: in its path (`:botId`), else in its body, form or query (`botId`); the credential's
	 * bot when it names none.
	 */
	function botNamedBy(method: string, path: string, input: Omit<HandlerInput, 'params'>): string {
		for (const candidate of ROUTES) {
			if (candidate.method !== method) continue;
			const params = matchPath(candidate.pattern, path);
			if (params?.botId !== undefined) return params.botId;
			if (params) break;
		}
		const named = [
			(input.body as { botId?: unknown } | undefined)?.botId,
			input.form?.botId,
			input.query.botId,
		].find((value) => typeof value === 'string' && value !== '');
		return (named as string | undefined) ?? botId;
	}

	async function answer(res: ServerResponse, record: RecordedRequest, reply: Reply): Promise<void> {
		if (latencyMs > 0) await wait(latencyMs);
		record.status = reply.status;
		res.writeHead(reply.status, {
			'content-type': 'application/json; charset=utf-8',
			...reply.headers,
		});
		res.end(JSON.stringify(reply.body));
	}

	function route(
		method: string,
		path: string,
		input: Omit<HandlerInput, 'params'>,
		bot: BotEntry,
	): Reply {
		for (const candidate of ROUTES) {
			if (candidate.method !== method) continue;
			const params = matchPath(candidate.pattern, path);
			if (!params) continue;
			const reply = candidate.handler({ ...input, params }, bot.state);
			conversationsOf(bot.state).syncSentMessages();
			return reply;
		}
		return {
			status: 404,
			body: { statusCode: 404, message: `Cannot ${method} ${path}`, error: 'Not Found' },
		};
	}

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://fake-jelou.local');
		const method = req.method ?? 'GET';
		const record: RecordedRequest = {
			method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headerNames: Object.keys(req.headers),
			status: 0,
		};
		if (req.headers['accept-language']) record.acceptLanguage = req.headers['accept-language'];
		requests.push(record);
		const parsed = await parseBody(req.headers['content-type'], await readBody(req));
		if (parsed.body !== undefined) record.body = parsed.body;
		if (parsed.form) record.form = parsed.form;
		if (parsed.file) record.file = parsed.file;

		const fault = takeFault(method, url.pathname);
		if (fault?.kind === 'reset' || fault?.kind === 'reset-before') {
			req.socket.destroy();
			return;
		}
		if (fault?.kind === 'hang') return;
		if (fault && isWireFault(fault)) {
			record.status = await playWireFault(res, fault, wait);
			return;
		}
		if (fault?.kind === 'latency') await wait(fault.ms);
		if (fault?.kind === 'status') {
			const headers: Record<string, string> =
				fault.retryAfterSeconds === undefined
					? {}
					: { 'retry-after': String(fault.retryAfterSeconds) };
			return answer(res, record, {
				status: fault.status,
				body: fault.body ?? defaultFaultBody(fault.status),
				headers,
			});
		}
		const holder = [...bots.values()].find(({ state: candidate }) =>
			conversationsOf(candidate).media.has(url.pathname),
		);
		const mediaStatus = await serveMedia((holder ?? primary).state, req, res);
		if (mediaStatus !== false) {
			record.status = mediaStatus;
			return;
		}
		const input = {
			query: record.query,
			body: parsed.body,
			form: parsed.form,
			file: parsed.file,
		};
		const namedBot = botNamedBy(method, url.pathname, input);
		record.botId = namedBot;
		const bot = bots.get(namedBot);
		if (bot && overRateLimit(bot)) {
			return answer(res, record, {
				status: 429,
				body: tooManyRequestsBody(),
				headers: { 'retry-after': '1' },
			});
		}
		if (!isAuthorized(req.headers.authorization, clientId, clientSecret)) {
			return answer(res, record, { status: 401, body: AUTHENTICATION_FAILED });
		}
		if (parsed.malformed)
			return answer(res, record, { status: 400, body: failedBody(parsed.malformed) });
		if (!bot)
			return answer(res, record, foreignBots.has(namedBot) ? forbiddenBot() : botNotFound());
		record.processed = true;
		const reply = route(method, url.pathname, input, bot);
		if (fault?.kind === 'reset-after') {
			// Jelou did the work (the reply's effects are kept); the answer never leaves.
			if (latencyMs > 0) await wait(latencyMs);
			req.socket.destroy();
			return;
		}
		return answer(res, record, reply);
	}

	const server = createServer((req, res) => {
		const reused = connections.requestArrived(req, res);
		const path = new URL(req.url ?? '/', 'http://fake-jelou.local').pathname;
		if (reused && takeFault(req.method ?? 'GET', path, true)) return connections.closeUnread(req);
		handle(req, res).catch((error: unknown) => {
			// A bug in the fake must show as Jelou's generic 500, not a hung test.
			console.error('fake-jelou:', error);
			if (!res.headersSent && !res.destroyed) {
				res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
				res.end(JSON.stringify(unknownErrorBody()));
			}
		});
	});

	const connections = watchConnections(server, options.idleCloseMs);

	const host = options.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port } = server.address() as AddressInfo;
	const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
	for (const { state: botState } of bots.values()) {
		conversationsOf(botState).origin = url;
		conversationsOf(botState).flushPendingMedia();
	}
	const botView = (entry: BotEntry): FakeBot => ({
		botId: entry.state.botId,
		sentMessages: entry.state.sentMessages,
		templates: entry.state.templates,
		campaigns: entry.state.campaigns,
		events: eventHubOf(entry.state),
		conversations: conversationsOf(entry.state),
		campaignPlayer: campaignPlayerOf(entry.state),
		get requests() {
			return requests.filter((request) => request.botId === entry.state.botId);
		},
		setRateLimit(perSecond) {
			entry.rateLimit = perSecond;
			entry.windowStartedAt = 0;
			entry.requestsInWindow = 0;
		},
	});

	return {
		url,
		port,
		clientId,
		clientSecret,
		botId,
		authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
		requests,
		sentMessages: state.sentMessages,
		templates: state.templates,
		campaigns: state.campaigns,
		campaignPlayer: campaignPlayerOf(state),
		events: eventHubOf(state),
		conversations: conversationsOf(state),
		get connectionCount() {
			return connections.stats(requests.length).opened;
		},
		get connectionStats() {
			return connections.stats(requests.length);
		},
		setIdleClose: connections.setIdleClose,
		reset() {
			connections.reset();
			// Arrays are refilled in place so references a test holds stay live.
			requests.length = 0;
			for (const entry of bots.values()) {
				const { state: botState } = entry;
				botState.sentMessages.length = 0;
				botState.templates.splice(0, botState.templates.length, ...cloneTemplates(entry.seed));
				botState.campaigns.splice(0, botState.campaigns.length, ...seedCampaigns(botState.botId));
				botState.templateListShape = initialShape;
				entry.rateLimit = entry.initialRateLimit;
				entry.windowStartedAt = 0;
				entry.requestsInWindow = 0;
				eventHubOf(botState).reset();
				conversationsOf(botState).reset();
				campaignPlayerOf(botState).reset();
			}
			faults = [];
			latencyMs = options.latencyMs ?? 0;
		},
		injectFault(routeKey, fault, times = 1, after = 0) {
			if (routeKey !== '*' && !/^[A-Z]+ \/\S*$/.test(routeKey)) {
				throw new Error(
					`fake-jelou: fault route must be '*' or 'METHOD /path', got ${JSON.stringify(routeKey)}`,
				);
			}
			faults.push({ route: routeKey, fault, remaining: times, letThrough: after });
		},
		setLatency(ms) {
			latencyMs = ms;
		},
		setRateLimit(perSecond) {
			// A new limit starts a new window with the next request, so runs after one another count alike.
			botView(primary).setRateLimit(perSecond);
		},
		bot(id) {
			const entry = bots.get(id);
			if (!entry) throw new Error(`fake-jelou: ${id} is not one of the company's bots`);
			return botView(entry);
		},
		setTemplateListShape(shape) {
			state.templateListShape = shape;
		},
		close() {
			for (const timer of timers) clearTimeout(timer);
			timers.clear();
			connections.close();
			for (const { state: botState } of bots.values()) {
				eventHubOf(botState).close();
				campaignPlayerOf(botState).close();
			}
			return new Promise<void>((resolve, reject) => {
				server.close((error) => (error ? reject(error) : resolve()));
				// Keep-alive and hung connections would otherwise hold the server (and jest) open.
				server.closeAllConnections();
			});
		},
	};
}

/**
 * Sends `order_confirmation` to `destination` from `botId` straight to the fake, as another client of the company
 * would (so a trigger gets that bot's events): the fake's answer.
 */
export async function sendOrderConfirmation(
	fake: Pick<FakeJelou, 'url' | 'authorization'>,
	botId: string,
	destination: string,
): Promise<Response> {
	return await fetch(`${fake.url}/v2/whatsapp/${botId}/hsm`, {
		method: 'POST',
		headers: { authorization: fake.authorization, 'content-type': 'application/json' },
		body: JSON.stringify({
			elementName: 'order_confirmation',
			destinations: [destination],
			parameters: ['Maria', '71936'],
		}),
	});
}
