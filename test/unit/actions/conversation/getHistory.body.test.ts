import {
	botHistoryQuery,
	customerHistoryQuery,
	inTimeOrder,
	messagesOf,
	simplifyMessage,
} from '../../../../nodes/JelouWhatsApp/actions/conversation/getHistory.body';
import { HISTORY_MESSAGE } from './conversation.doc-examples';

describe('history queries', () => {
	it('one customer: limit, and direction only with a reference message', () => {
		expect(customerHistoryQuery({ limit: 20 })).toEqual({ limit: 20 });
		expect(customerHistoryQuery({ limit: 5, messageId: 'm1', direction: 'newer' })).toEqual({
			limit: 5,
			messageId: 'm1',
			direction: 'newer',
		});
		expect(customerHistoryQuery({ limit: 5, messageId: 'm1' }).direction).toBe('older');
	});

	it('one customer: a limit above Jelou’s 50 or below 1 is refused', () => {
		expect(() => customerHistoryQuery({ limit: 51 })).toThrow(
			'Limit: 51 is not a whole number from 1 to 50',
		);
		expect(() => customerHistoryQuery({ limit: 0 })).toThrow('Limit');
	});

	it('whole bot: startAt and endAt as ISO 8601, messageId, clientId (Jelou’s documented query); From after To refused', () => {
		expect(
			botHistoryQuery({
				startAt: Date.UTC(2024, 4, 1),
				endAt: Date.UTC(2024, 4, 2),
				messageId: 'm1',
				clientId: '593991234567',
			}),
		).toEqual({
			startAt: '2024-05-01T00:00:00.000Z',
			endAt: '2024-05-02T00:00:00.000Z',
			messageId: 'm1',
			clientId: '593991234567',
		});
		expect(botHistoryQuery({})).toEqual({});
		expect(() => botHistoryQuery({ startAt: 2, endAt: 1 })).toThrow('From: is after To');
	});
});

describe('history answers', () => {
	it('messagesOf reads a list, {results} and {data}', () => {
		expect(messagesOf([HISTORY_MESSAGE])).toEqual([HISTORY_MESSAGE]);
		expect(messagesOf({ pagination: {}, results: [HISTORY_MESSAGE] })).toEqual([HISTORY_MESSAGE]);
		expect(messagesOf({ data: [HISTORY_MESSAGE, 'x'] })).toEqual([HISTORY_MESSAGE]);
		expect(messagesOf('nothing')).toEqual([]);
	});

	it('inTimeOrder puts the oldest first and keeps undated messages in place', () => {
		const at = (createdAt: string, messageId: string) => ({ createdAt, messageId });
		expect(
			inTimeOrder([
				at('2024-05-01T10:02:00Z', 'c'),
				at('2024-05-01T10:00:00Z', 'a'),
				at('2024-05-01T10:01:00Z', 'b'),
			]).map((message) => message.messageId),
		).toEqual(['a', 'b', 'c']);
		expect(inTimeOrder([{ messageId: 'x' }, { messageId: 'y' }]).map((m) => m.messageId)).toEqual([
			'x',
			'y',
		]);
	});

	it('simplifyMessage gives {userId, from, type, text, mediaUrl, messageId, at}', () => {
		expect(simplifyMessage(HISTORY_MESSAGE)).toEqual({
			userId: '593991234567',
			from: 'bot',
			type: 'text',
			text: 'Hola',
			mediaUrl: null,
			messageId: 'msg-1',
			at: '2024-05-01T10:00:00.000Z',
		});
	});

	it('names the customer and the operator whatever Jelou calls them', () => {
		const voice = {
			...HISTORY_MESSAGE,
			by: 'user',
			bubble: { type: 'audio', mediaUrl: 'https://cdn.jelou.ai/a.ogg' },
		};
		expect(simplifyMessage(voice)).toEqual(
			expect.objectContaining({
				from: 'customer',
				type: 'audio',
				text: null,
				mediaUrl: 'https://cdn.jelou.ai/a.ogg',
			}),
		);
		expect(simplifyMessage({ ...HISTORY_MESSAGE, by: 'operator' }).from).toBe('operator');
		expect(simplifyMessage({ sender: { type: 'agent' } }).from).toBe('operator');
		expect(simplifyMessage({}).from).toBeNull();
	});

	it('names whose conversation a message is: the sender of what the customer wrote, else the recipient', () => {
		const customer = { id: '593991234567', names: 'María Pérez' };
		const bot = { id: 'bot-12345', name: 'Bot', type: 'bot' };
		expect(simplifyMessage({ recipient: bot, sender: customer, by: 'user' }).userId).toBe(
			'593991234567',
		);
		expect(simplifyMessage({ recipient: customer, sender: bot, by: 'bot' }).userId).toBe(
			'593991234567',
		);
		expect(
			simplifyMessage({ recipient: customer, sender: { type: 'operator' }, by: 'operator' }).userId,
		).toBe('593991234567');
		expect(simplifyMessage({}).userId).toBeNull();
	});
});
