import { campaignPlayerOf } from '../campaign-player';
import { paginate, parseQueryDate, readPaging } from '../checks';
import { failedBody, Problems, type Reply } from '../envelopes';
import type { FakeState, HandlerInput, SentMessage } from '../types';

const NOTIFICATION_LIST_MAX_LIMIT = 50;

/**
 * A message's notification with the fields Jelou documents (`id`, `sentStatus`, the step times, `wasRead`,
 * `error`, `origin`), plus `_id`, `messageId` and `status`, which the fake has always answered too. The step times
 * are those of the campaign player for a campaign's message; a single send has only its status.
 */
function toNotification(message: SentMessage, state: FakeState) {
	const times = campaignPlayerOf(state).timesOf(message.id);
	return {
		id: message.id,
		_id: message.id,
		messageId: message.id,
		botId: state.botId,
		destination: message.destination,
		elementName: message.elementName,
		campaignId: message.campaignId ?? null,
		sentStatus: message.status,
		status: message.status,
		origin: message.campaignId ? 'BULK' : 'API',
		internalId: null,
		wasRead: ['READ', 'REPLY'].includes(message.status),
		createdAt: message.createdAt,
		sentDate: times?.sentDate ?? null,
		deliveryChannelAt: times?.deliveryChannelAt ?? null,
		deliveryUserAt: times?.deliveryUserAt ?? null,
		readAt: times?.readAt ?? null,
		error: times?.error ?? null,
		updatedAt: times?.updatedAt ?? message.createdAt,
	};
}

/** GET /v1/external/bots/:botId/notifications — the delivery status of what the fake has "sent". */
export function listNotifications(input: HandlerInput, state: FakeState): Reply {
	const { query } = input;
	const problems = new Problems();
	const range: Record<'from' | 'to', number | undefined> = { from: undefined, to: undefined };
	for (const name of ['from', 'to'] as const) {
		if (query[name] === undefined) continue;
		range[name] = parseQueryDate(query[name]);
		if (range[name] === undefined)
			problems.add(name, `${name} must be a date.`, `${name} debe ser una fecha.`);
	}
	const paging = readPaging(query, problems, NOTIFICATION_LIST_MAX_LIMIT);
	if (problems.any) return problems.reply();
	campaignPlayerOf(state).refresh();

	const matching = state.sentMessages
		.filter((message) => query.messageId === undefined || message.id === query.messageId)
		.filter((message) => query.campaignId === undefined || message.campaignId === query.campaignId)
		.filter(
			(message) => query.elementName === undefined || message.elementName === query.elementName,
		)
		.filter((message) => range.from === undefined || Date.parse(message.createdAt) >= range.from)
		.filter((message) => range.to === undefined || Date.parse(message.createdAt) <= range.to)
		.map((message) => toNotification(message, state));
	return { status: 200, body: paginate(matching, paging) };
}

/** GET /v1/external/bots/:botId/notifications/:id */
export function getNotification(input: HandlerInput, state: FakeState): Reply {
	campaignPlayerOf(state).refresh();
	const message = state.sentMessages.find((candidate) => candidate.id === input.params.id);
	if (!message) return { status: 404, body: failedBody('Notification not found') };
	return { status: 200, body: toNotification(message, state) };
}
