import {
	buildSessionMessageBody,
	checkSessionMessage,
} from '../../../../nodes/JelouWhatsApp/actions/message/send.session-body';
import type { SessionMessage } from '../../../../nodes/JelouWhatsApp/actions/message/send.session-body';

const base = { botId: 'BOT_ID', userId: '593991234567' };

function expectBody(message: SessionMessage, expected: Record<string, unknown>): void {
	checkSessionMessage(message);
	const body = buildSessionMessageBody(message);
	expect(Object.keys(body).sort()).toEqual(Object.keys(expected).sort());
	expect(body).toEqual(expected);
}

describe('buildSessionMessageBody: every type of jelou-api.md "Session message types"', () => {
	it('text: {botId, userId, type, text}', () => {
		expectBody({ ...base, type: 'text', text: 'Hello' }, { ...base, type: 'text', text: 'Hello' });
	});

	it('text with options: type text with buttons {title, buttonText: {type: "text", text}, options}', () => {
		expectBody(
			{
				...base,
				type: 'list',
				text: 'Pick a branch',
				listTitle: 'Branches',
				listButtonText: 'See branches',
				listOptions: [
					{ title: 'Quito', description: 'Av. Amazonas', payload: 'UIO' },
					{ title: 'Guayaquil' },
				],
			},
			{
				...base,
				type: 'text',
				text: 'Pick a branch',
				buttons: {
					title: 'Branches',
					buttonText: { type: 'text', text: 'See branches' },
					options: [
						{ title: 'Quito', description: 'Av. Amazonas', payload: 'UIO' },
						{ title: 'Guayaquil' },
					],
				},
			},
		);
	});

	it('text with options leaves buttonText to Jelou\'s default "Opciones" when not given', () => {
		expectBody(
			{ ...base, type: 'list', text: 'Pick', listOptions: [{ title: 'A' }] },
			{ ...base, type: 'text', text: 'Pick', buttons: { options: [{ title: 'A' }] } },
		);
	});

	it('quick_reply: text, title and quick_replies [{title}]', () => {
		expectBody(
			{
				...base,
				type: 'quick_reply',
				text: 'Confirm?',
				title: 'Your order',
				quickReplies: ['Yes', 'No'],
			},
			{
				...base,
				type: 'quick_reply',
				text: 'Confirm?',
				title: 'Your order',
				quick_replies: [{ title: 'Yes' }, { title: 'No' }],
			},
		);
	});

	it.each(['image', 'video'] as const)('%s: mediaUrl and an optional caption as text', (type) => {
		expectBody(
			{ ...base, type, mediaUrl: 'https://cdn.example.com/m', text: 'Look' },
			{ ...base, type, mediaUrl: 'https://cdn.example.com/m', text: 'Look' },
		);
		expectBody(
			{ ...base, type, mediaUrl: 'https://cdn.example.com/m' },
			{ ...base, type, mediaUrl: 'https://cdn.example.com/m' },
		);
	});

	it.each(['audio', 'sticker'] as const)('%s: mediaUrl only', (type) => {
		expectBody(
			{ ...base, type, mediaUrl: 'https://cdn.example.com/m', text: 'ignored' },
			{ ...base, type, mediaUrl: 'https://cdn.example.com/m' },
		);
	});

	it('file: mediaUrl, text and filename', () => {
		expectBody(
			{
				...base,
				type: 'file',
				mediaUrl: 'https://cdn.example.com/invoice.pdf',
				text: 'Your invoice',
				filename: 'invoice.pdf',
			},
			{
				...base,
				type: 'file',
				mediaUrl: 'https://cdn.example.com/invoice.pdf',
				text: 'Your invoice',
				filename: 'invoice.pdf',
			},
		);
	});

	it('location: coordinates {lat, long}', () => {
		expectBody(
			{ ...base, type: 'location', latitude: -0.180653, longitude: -78.467834 },
			{ ...base, type: 'location', coordinates: { lat: -0.180653, long: -78.467834 } },
		);
	});
});

describe('checkSessionMessage', () => {
	const option = (title: string) => ({ title });
	it.each<[string, SessionMessage, string]>([
		[
			'unknown type',
			{ ...base, type: 'poll' as never },
			'Message Type: "poll" is not a message type',
		],
		['text without text', { ...base, type: 'text', text: ' ' }, 'Text: is empty'],
		[
			'list without options',
			{ ...base, type: 'list', text: 'x', listOptions: [] },
			'List Options: 0 options given',
		],
		[
			'list of 11 options',
			{
				...base,
				type: 'list',
				text: 'x',
				listOptions: Array.from({ length: 11 }, (_, i) => option(`o${i}`)),
			},
			'List Options: 11 options given',
		],
		[
			'option title of 25 characters',
			{ ...base, type: 'list', text: 'x', listOptions: [option('A'.repeat(25))] },
			'List Options: option 1 Title: "AAAAAAAAAAAAAAAAAAAAAAAAA" has 25 characters, more than 24',
		],
		[
			'option description of 73 characters',
			{
				...base,
				type: 'list',
				text: 'x',
				listOptions: [{ title: 'a', description: 'd'.repeat(73) }],
			},
			'more than 72',
		],
		[
			'no quick replies',
			{ ...base, type: 'quick_reply', text: 'x', quickReplies: [] },
			'Quick Replies: 0 replies given',
		],
		[
			'four quick replies',
			{ ...base, type: 'quick_reply', text: 'x', quickReplies: ['a', 'b', 'c', 'd'] },
			'Quick Replies: 4 replies given',
		],
		[
			'quick reply of 21 characters',
			{ ...base, type: 'quick_reply', text: 'x', quickReplies: ['r'.repeat(21)] },
			'more than 20',
		],
		[
			'duplicate quick replies',
			{ ...base, type: 'quick_reply', text: 'x', quickReplies: ['Yes', 'Yes'] },
			'Quick Replies: "Yes" appears twice',
		],
		[
			'quick reply title of 21 characters',
			{ ...base, type: 'quick_reply', text: 'x', title: 't'.repeat(21), quickReplies: ['a'] },
			'Title: "ttttttttttttttttttttt" has 21 characters',
		],
		[
			'image over http',
			{ ...base, type: 'image', mediaUrl: 'http://x.example/a.png' },
			'does not start with https://',
		],
		['sticker without media', { ...base, type: 'sticker', mediaUrl: '' }, 'Media URL: is empty'],
		[
			'latitude 91',
			{ ...base, type: 'location', latitude: 91, longitude: 0 },
			'Latitude: 91 is not between -90 and 90',
		],
		[
			'longitude -181',
			{ ...base, type: 'location', latitude: 0, longitude: -181 },
			'Longitude: -181 is not between -180 and 180',
		],
		[
			'latitude not a number',
			{ ...base, type: 'location', latitude: NaN, longitude: 0 },
			'Latitude: NaN',
		],
	])('refuses %s', (_name, message, error) => {
		expect(() => checkSessionMessage(message)).toThrow(error);
	});

	it('accepts the limits themselves', () => {
		expect(() =>
			checkSessionMessage({
				...base,
				type: 'list',
				text: 'x',
				listOptions: Array.from({ length: 10 }, (_, i) => ({
					title: `${i}`.padEnd(24, 'x'),
					description: 'd'.repeat(72),
				})),
			}),
		).not.toThrow();
		expect(() =>
			checkSessionMessage({
				...base,
				type: 'quick_reply',
				text: 'x',
				title: 't'.repeat(20),
				quickReplies: ['a'.repeat(20), 'b', 'c'],
			}),
		).not.toThrow();
		expect(() =>
			checkSessionMessage({ ...base, type: 'location', latitude: -90, longitude: 180 }),
		).not.toThrow();
	});
});
