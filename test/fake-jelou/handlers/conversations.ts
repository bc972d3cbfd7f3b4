// Users, skills and history (jelou-api.md, "Conversations"). Jelou documents 404 for an unknown user or bot and
// 400 when a state cannot be read or changed; the texts of those answers are the fake's own.
import { asObject, isIsoDateTime, isNonEmptyString, PHONE_NUMBER, readPaging } from '../checks';
import { botNotFound, Problems, type Reply } from '../envelopes';
import type { FakeState, HandlerInput } from '../types';
import {
	conversationsOf,
	INCOMING_MEDIA_TYPES,
	type FakeCustomer,
	type HistoryMessage,
} from '../conversations-store';
import { refreshAsset } from './media';

const STATES = ['auto', 'manual'] as const;
const DIRECTIONS = ['newer', 'older'] as const;
const HISTORY_MAX_LIMIT = 50;

function failed(status: number, message: string): Reply {
	return { status, body: { message: [message], statusMessage: 'failed', status: 0 } };
}

const userNotFound = () => failed(404, 'The user could not be found.');

function userObject(customer: FakeCustomer, botId: string) {
	return {
		id: customer.id,
		names: customer.names,
		botId,
		groupId: customer.groupId,
		state: customer.state,
	};
}

/** GET /v1/users/:userId/state */
export function getUserState(input: HandlerInput, state: FakeState): Reply {
	const customer = conversationsOf(state).customer(input.params.userId);
	if (!customer) return userNotFound();
	return { status: 200, body: userObject(customer, state.botId) };
}

/** POST /v1/users/state {ttl?, botId, userId, state} */
export function setUserState(input: HandlerInput, state: FakeState): Reply {
	const body = asObject(input.body);
	if (isNonEmptyString(body.botId) && body.botId !== state.botId) return botNotFound();
	const problems = new Problems();
	if (!isNonEmptyString(body.botId)) problems.required('botId');
	if (typeof body.userId !== 'string' || !PHONE_NUMBER.test(body.userId)) {
		problems.add(
			'userId',
			'userId must be the phone number: 8 to 15 digits with the country code, no + or spaces.',
			'userId debe ser el número de teléfono: 8 a 15 dígitos con el código de país, sin + ni espacios.',
		);
	}
	if (!(STATES as readonly unknown[]).includes(body.state)) problems.oneOf('state', STATES);
	if (body.ttl !== undefined && !(Number.isInteger(body.ttl) && (body.ttl as number) > 0)) {
		problems.add(
			'ttl',
			'ttl must be a whole number of seconds greater than 0.',
			'ttl debe ser un número entero de segundos mayor que 0.',
		);
	}
	if (problems.any) return problems.reply();

	const store = conversationsOf(state);
	const customer = store.customer(body.userId as string);
	if (!customer) return userNotFound();
	customer.state = body.state as FakeCustomer['state'];
	if (customer.state === 'manual' && typeof body.ttl === 'number')
		customer.manualUntil = store.now() + body.ttl * 1000;
	else delete customer.manualUntil;
	return { status: 200, body: userObject(customer, state.botId) };
}

function readBotIdQuery(input: HandlerInput, state: FakeState): Reply | undefined {
	const botId = input.query.botId;
	if (!isNonEmptyString(botId)) {
		const problems = new Problems();
		problems.required('botId');
		return problems.reply();
	}
	return botId === state.botId ? undefined : botNotFound();
}

/** GET /v1/users/:userId/cache?botId= */
export function getUserCache(input: HandlerInput, state: FakeState): Reply {
	const refused = readBotIdQuery(input, state);
	if (refused) return refused;
	const store = conversationsOf(state);
	const customer = store.customer(input.params.userId);
	if (!customer) return userNotFound();
	return { status: 200, body: store.memoryOf(customer) };
}

/**
 * POST /v1/users/:userId/cache {params, botId} — merged into what is stored. For a user Jelou does not know it
 * answers 200 with `status: "failed"` (the answer the docs warn about), not 404.
 */
export function setUserCache(input: HandlerInput, state: FakeState): Reply {
	const body = asObject(input.body);
	if (isNonEmptyString(body.botId) && body.botId !== state.botId) return botNotFound();
	const problems = new Problems();
	if (!isNonEmptyString(body.botId)) problems.required('botId');
	const params = body.params;
	if (
		typeof params !== 'object' ||
		params === null ||
		Array.isArray(params) ||
		Object.keys(params).length === 0
	) {
		problems.add(
			'params',
			'params must be an object with at least one key.',
			'params debe ser un objeto con al menos una clave.',
		);
	}
	if (problems.any) return problems.reply();
	const store = conversationsOf(state);
	const customer = store.customer(input.params.userId);
	if (!customer)
		return { status: 200, body: { message: ['User cache could not be set.'], status: 'failed' } };
	store.remember(customer, params as Record<string, unknown>);
	return { status: 200, body: { message: ['User cache set successfully.'], status: 'success' } };
}

/** GET /v1/bots/:botId/skills */
export function listSkills(_input: HandlerInput, state: FakeState): Reply {
	return {
		status: 200,
		body: {
			message: ['Skills retrieved successfully!'],
			statusMessage: 'success',
			status: 1,
			data: conversationsOf(state).skills.map((skill) => ({ ...skill })),
		},
	};
}

/**
 * POST /v1/bots/:botId/users/:userId/skill/:skillId {memoryParams?} — the customer goes to the flow (the bot
 * answers again) and memoryParams join the memory. Only an active skill, only within 24 h of the customer's
 * last message.
 */
export function setSkill(input: HandlerInput, state: FakeState): Reply {
	const body = input.body === undefined ? {} : asObject(input.body);
	const memoryParams = body.memoryParams;
	if (
		memoryParams !== undefined &&
		(typeof memoryParams !== 'object' || memoryParams === null || Array.isArray(memoryParams))
	) {
		const problems = new Problems();
		problems.add(
			'memoryParams',
			'memoryParams must be an object.',
			'memoryParams debe ser un objeto.',
		);
		return problems.reply();
	}
	const store = conversationsOf(state);
	const customer = store.customer(input.params.userId);
	if (!customer) return userNotFound();
	const skill = store.skills.find((candidate) => String(candidate.id) === input.params.skillId);
	if (!skill) return failed(404, 'The skill could not be found.');
	if (!skill.state) return failed(400, 'The skill is not active.');
	if (!store.hasActiveSession(customer))
		return failed(
			400,
			'The user does not have an active session: they have not written in the last 24 hours.',
		);
	customer.state = 'auto';
	delete customer.manualUntil;
	customer.skillId = skill.id;
	if (memoryParams) store.remember(customer, memoryParams as Record<string, unknown>);
	return {
		status: 200,
		body: { message: ['Skill set correctly.'], statusMessage: 'success', status: 1 },
	};
}

const customerOf = (message: HistoryMessage) =>
	message.by === 'user' ? message.sender.id : message.recipient.id;
const newestFirst = (a: HistoryMessage, b: HistoryMessage) =>
	Date.parse(b.createdAt) - Date.parse(a.createdAt);

/** GET /v1/external/messages/history/:botId?limit&page&startAt&endAt&clientId&messageId — newest first. */
export function botHistory(input: HandlerInput, state: FakeState): Reply {
	const { query } = input;
	const problems = new Problems();
	const paging = readPaging(query, problems, HISTORY_MAX_LIMIT);
	for (const name of ['startAt', 'endAt'] as const) {
		if (query[name] !== undefined && !isIsoDateTime(query[name]))
			problems.add(
				name,
				`${name} must be an ISO 8601 date.`,
				`${name} debe ser una fecha ISO 8601.`,
			);
	}
	if (problems.any) return problems.reply();
	let messages = conversationsOf(state).history.slice();
	if (query.messageId !== undefined) {
		const found = messages.find((message) => message.messageId === query.messageId);
		messages = found ? messages.filter((message) => customerOf(message) === customerOf(found)) : [];
	}
	if (query.clientId !== undefined)
		messages = messages.filter((message) => customerOf(message) === query.clientId);
	if (query.startAt !== undefined)
		messages = messages.filter((message) => message.createdAt >= toIso(query.startAt));
	if (query.endAt !== undefined)
		messages = messages.filter((message) => message.createdAt <= toIso(query.endAt));
	// Reversed first so that messages of the same millisecond also come newest first (the sort is stable).
	messages.reverse().sort(newestFirst);
	const { page, limit } = paging;
	return {
		status: 200,
		body: {
			pagination: {
				limit,
				page,
				total: messages.length,
				offset: (page - 1) * limit,
				totalPages: Math.ceil(messages.length / limit),
			},
			_metadata: {},
			results: messages.slice((page - 1) * limit, page * limit),
		},
	};
}

const toIso = (value: string) => new Date(Date.parse(value)).toISOString();

/**
 * GET /v1/bots/:botId/users/:userId/history?limit&direction&messageId — oldest first. Without messageId the
 * latest `limit` messages; with it, those just before (`older`, the default) or just after (`newer`) it.
 */
export function userHistory(input: HandlerInput, state: FakeState): Reply {
	const { query } = input;
	const problems = new Problems();
	const { limit } = readPaging({ limit: query.limit ?? '10' }, problems, HISTORY_MAX_LIMIT);
	if (query.direction !== undefined && !(DIRECTIONS as readonly string[]).includes(query.direction))
		problems.oneOf('direction', DIRECTIONS);
	if (problems.any) return problems.reply();
	const store = conversationsOf(state);
	const customer = store.customer(input.params.userId);
	if (!customer) return userNotFound();
	const messages = store.history
		.filter((message) => customerOf(message) === customer.id)
		.sort((a, b) => -newestFirst(a, b));
	if (query.messageId === undefined) return { status: 200, body: messages.slice(-limit) };
	const at = messages.findIndex((message) => message.messageId === query.messageId);
	if (at === -1) return failed(404, 'The reference message could not be found.');
	const page =
		query.direction === 'newer'
			? messages.slice(at + 1, at + 1 + limit)
			: messages.slice(Math.max(0, at - limit), at);
	return { status: 200, body: page };
}

/**
 * POST /fake/v1/bots/:botId/users/:userId/write {text?, type?} — fake only: the customer writes to the bot (a text,
 * or a photo, voice note… of the fake's), which opens the 24-hour session. Answers the message as the history lists it.
 */
export function customerWrites(input: HandlerInput, state: FakeState): Reply {
	const body = asObject(input.body);
	const type = body.type ?? 'text';
	const problems = new Problems();
	if (!PHONE_NUMBER.test(input.params.userId))
		problems.add('userId', 'userId must be 8 to 15 digits.', 'userId debe tener 8 a 15 dígitos.');
	if (type !== 'text' && !INCOMING_MEDIA_TYPES.includes(type as string))
		problems.oneOf('type', ['text', ...INCOMING_MEDIA_TYPES]);
	if (type === 'text' && !isNonEmptyString(body.text)) problems.required('text');
	if (body.text !== undefined && typeof body.text !== 'string')
		problems.add('text', 'text must be a string.', 'text debe ser un texto.');
	if (problems.any) return problems.reply();
	const store = conversationsOf(state);
	const message = store.customerWrites(
		input.params.userId,
		store.incomingBubble(type as string, body.text as string | undefined),
	);
	return { status: 200, body: message };
}

/** The routes of this file and of media.ts, spread into the server's route table. */
export const CONVERSATION_ROUTES: Array<{
	method: string;
	pattern: string;
	handler: (input: HandlerInput, state: FakeState) => Reply;
}> = [
	{ method: 'GET', pattern: '/v1/users/:userId/state', handler: getUserState },
	{ method: 'POST', pattern: '/v1/users/state', handler: setUserState },
	{ method: 'GET', pattern: '/v1/users/:userId/cache', handler: getUserCache },
	{ method: 'POST', pattern: '/v1/users/:userId/cache', handler: setUserCache },
	{ method: 'GET', pattern: '/v1/bots/:botId/skills', handler: listSkills },
	{ method: 'POST', pattern: '/v1/bots/:botId/users/:userId/skill/:skillId', handler: setSkill },
	{ method: 'GET', pattern: '/v1/external/messages/history/:botId', handler: botHistory },
	{ method: 'GET', pattern: '/v1/bots/:botId/users/:userId/history', handler: userHistory },
	{ method: 'POST', pattern: '/v1/external/assets/refresh', handler: refreshAsset },
	{ method: 'POST', pattern: '/fake/v1/bots/:botId/users/:userId/write', handler: customerWrites },
];
