import type { IDataObject } from 'n8n-workflow';

import {
	botMessageOutput,
	buildBotMessageRequest,
	checkBotMessage,
	contactCardsFromFields,
	parseFlowActionPayload,
} from '../../../../nodes/JelouWhatsApp/actions/message/send.bot-body';
import type { BotMessage } from '../../../../nodes/JelouWhatsApp/actions/message/send.bot-body';
import { normalizePhoneNumber, toE164 } from '../../../../nodes/JelouWhatsApp/shared/phone';
import { BOT_MESSAGE_DOC_EXAMPLES as DOC_EXAMPLES } from './send.bot-body.doc-examples';

const base = { botId: 'BOT_ID', userId: '593991234567' };

function expectRequest(message: BotMessage, path: string, expected: Record<string, unknown>): void {
	checkBotMessage(message);
	const request = buildBotMessageRequest(message);
	expect(request.path).toBe(path);
	expect(Object.keys(request.body).sort()).toEqual(Object.keys(expected).sort());
	expect(request.body).toEqual(expected);
}

describe('buildBotMessageRequest: the doc examples, field by field', () => {
	it('contacts: name, phones in E.164 with +, WhatsApp ID digits only, e-mails', () => {
		const contacts = contactCardsFromFields([
			{
				formattedName: 'John Smith',
				firstName: 'John',
				lastName: 'Smith',
				phones: { phone: [{ phone: '+593 99 123 4567', type: 'Mobile', waId: '593991234567' }] },
				emails: { email: [{ email: 'john@example.com', type: 'Work' }] },
			},
		]);
		expectRequest(
			{ ...base, type: 'contacts', contacts },
			'/v1/bots/BOT_ID/messages',
			DOC_EXAMPLES.contacts,
		);
	});

	it('location_request: the text above the Send Location button', () => {
		expectRequest(
			{
				...base,
				type: 'location_request',
				text: 'Please share your location to find nearby stores',
			},
			'/v1/bots/BOT_ID/messages',
			DOC_EXAMPLES.location_request,
		);
	});

	it('cta_url: header as title, body as text, footer as caption, parameters {url, display_text}', () => {
		expectRequest(
			{
				...base,
				type: 'cta_url',
				header: 'Welcome',
				text: 'Visit our website to learn more',
				footer: 'Jelou',
				buttonText: 'Visit Website',
				url: 'https://apps.jelou.ai',
			},
			'/v1/bots/BOT_ID/messages',
			DOC_EXAMPLES.cta_url,
		);
	});

	it('voice_call: header, text and parameters {display_text}', () => {
		expectRequest(
			{
				...base,
				type: 'voice_call',
				header: 'Need Help?',
				text: 'Click the button to speak with an agent',
				buttonText: 'Call Support',
			},
			'/v1/bots/BOT_ID/messages',
			DOC_EXAMPLES.voice_call,
		);
	});

	it('flow: its own endpoint with the user in the path; title, text, caption and parameters {flow_name, flow_cta, flow_action_payload}', () => {
		expectRequest(
			{
				...base,
				type: 'flow',
				header: 'Find your store',
				text: 'Tell us what you need',
				footer: 'Jelou',
				flowName: 'store_finder',
				buttonText: 'Start',
				flowActionPayload: parseFlowActionPayload('{"screen":"RECOMMEND"}'),
			},
			'/v1/bots/BOT_ID/users/593991234567/flow_message',
			DOC_EXAMPLES.flow,
		);
	});

	it('leaves out the optional header, footer and Flow payload when they are empty', () => {
		expectRequest(
			{
				...base,
				type: 'cta_url',
				text: 'Track it',
				buttonText: 'Track',
				url: 'https://t.example/1',
			},
			'/v1/bots/BOT_ID/messages',
			{
				type: 'cta_url',
				userId: '593991234567',
				text: 'Track it',
				parameters: { url: 'https://t.example/1', display_text: 'Track' },
			},
		);
		expectRequest(
			{ ...base, type: 'voice_call', text: 'Call us', buttonText: 'Call' },
			'/v1/bots/BOT_ID/messages',
			{
				type: 'voice_call',
				userId: '593991234567',
				text: 'Call us',
				parameters: { display_text: 'Call' },
			},
		);
		expectRequest(
			{
				...base,
				type: 'flow',
				text: 'Rate us',
				flowName: 'survey',
				buttonText: 'Rate',
				flowActionPayload: parseFlowActionPayload('{}'),
			},
			'/v1/bots/BOT_ID/users/593991234567/flow_message',
			{ text: 'Rate us', parameters: { flow_name: 'survey', flow_cta: 'Rate' } },
		);
	});

	it('contacts: formatted_name from first and last name when not given; addresses with country_code; only what is filled', () => {
		const contacts = contactCardsFromFields(
			[
				{
					firstName: 'Ana',
					lastName: 'Pérez',
					phones: { phone: [{ phone: '0991234567' }] },
					addresses: {
						address: [
							{
								street: 'Av. Amazonas N34-120',
								city: 'Quito',
								countryCode: 'ec',
								type: 'Work',
								zip: '',
							},
						],
					},
				},
				{ formattedName: 'Jelou Store', emails: { email: [{ email: 'store@example.com' }] } },
			],
			'593',
		);
		expectRequest({ ...base, type: 'contacts', contacts }, '/v1/bots/BOT_ID/messages', {
			type: 'contacts',
			userId: '593991234567',
			contacts: [
				{
					name: { formatted_name: 'Ana Pérez', first_name: 'Ana', last_name: 'Pérez' },
					phones: [{ phone: '+593991234567' }],
					addresses: [
						{ street: 'Av. Amazonas N34-120', city: 'Quito', country_code: 'EC', type: 'Work' },
					],
				},
				{ name: { formatted_name: 'Jelou Store' }, emails: [{ email: 'store@example.com' }] },
			],
		});
	});

	it('encodes the bot and user in the path', () => {
		const request = buildBotMessageRequest({
			botId: 'bot/1',
			userId: '593991234567',
			type: 'flow',
			text: 't',
			flowName: 'f',
			buttonText: 'b',
		});
		expect(request.path).toBe('/v1/bots/bot%2F1/users/593991234567/flow_message');
	});
});

describe('toE164: the phone cleaner, keeping the +', () => {
	it.each([
		['+593 99 123 4567', '', '+593991234567'],
		['593991234567', '', '+593991234567'],
		['(099) 123-4567', '593', '+593991234567'],
		['0014155550123', '', '+14155550123'],
	])('%s → %s', (raw, countryCode, expected) => {
		expect(toE164(raw, 'Phone', countryCode)).toBe(expected);
	});

	it('refuses what the cleaner refuses', () => {
		expect(() => toE164('0991234567', 'Phone')).toThrow('national number');
		expect(() => toE164('call me', 'Phone')).toThrow('contains characters other than digits');
	});

	it('its fixes show the number as a contact card sends it, with +', () => {
		const fixOf = (raw: string) => {
			try {
				toE164(raw, 'Phone');
			} catch (error) {
				return (error as { fix: string }).fix;
			}
			throw new Error(`${raw} was accepted`);
		};
		expect(fixOf('call me')).toBe(
			'Use the country code and digits; the number is sent with + in front, e.g. +593991234567.',
		);
		expect(fixOf('0991234567')).toContain('(Ecuador: 0991234567 → +593991234567)');
		expect(fixOf('12345')).toBe(
			'Check the number and include the country code, e.g. +593991234567.',
		);
		// a recipient's number keeps Jelou's digits-only form
		expect(() => normalizePhoneNumber('call me', 'Recipients')).toThrow(
			expect.objectContaining({ fix: 'Use digits with the country code only, e.g. 593991234567.' }),
		);
	});
});

describe('checkBotMessage', () => {
	const card = (fields: IDataObject) => contactCardsFromFields([fields]);
	it.each<[string, BotMessage, string]>([
		[
			'unknown type',
			{ ...base, type: 'poll' as never },
			'Message Type: "poll" is not a message type',
		],
		[
			'contacts without a contact',
			{ ...base, type: 'contacts', contacts: [] },
			'Contacts: no contact given',
		],
		[
			'a contact without a name',
			{
				...base,
				type: 'contacts',
				contacts: card({ phones: { phone: [{ phone: '+593991234567' }] } }),
			},
			'Contacts: contact 1: has no name',
		],
		[
			'a contact without phone or e-mail',
			{ ...base, type: 'contacts', contacts: card({ formattedName: 'Ana' }) },
			'Contacts: contact 1: has neither a phone number nor an e-mail',
		],
		[
			'a bad e-mail',
			{
				...base,
				type: 'contacts',
				contacts: card({ formattedName: 'Ana', emails: { email: [{ email: 'ana-at-example' }] } }),
			},
			'Contacts: contact 1 E-mail 1: "ana-at-example" is not an e-mail address',
		],
		[
			'an empty e-mail',
			{
				...base,
				type: 'contacts',
				contacts: card({ formattedName: 'Ana', emails: { email: [{ email: ' ' }] } }),
			},
			'Contacts: contact 1 E-mail 1: is empty',
		],
		[
			'an empty address',
			{
				...base,
				type: 'contacts',
				contacts: card({
					formattedName: 'Ana',
					emails: { email: [{ email: 'a@b.co' }] },
					addresses: { address: [{ type: 'Home' }] },
				}),
			},
			'Address 1: is empty',
		],
		[
			'a three-letter country code',
			{
				...base,
				type: 'contacts',
				contacts: card({
					formattedName: 'Ana',
					emails: { email: [{ email: 'a@b.co' }] },
					addresses: { address: [{ city: 'Quito', countryCode: 'ECU' }] },
				}),
			},
			'Country Code: "ECU" is not a two-letter country code',
		],
		[
			'a phone not in E.164',
			{
				...base,
				type: 'contacts',
				contacts: [
					{ formattedName: 'Ana', phones: [{ phone: '0991234567' }], emails: [], addresses: [] },
				],
			},
			'Phone 1: "0991234567" is not in E.164 form',
		],
		[
			'a location request without text',
			{ ...base, type: 'location_request', text: ' ' },
			'Text: is empty',
		],
		[
			'a text over 1024 characters',
			{ ...base, type: 'location_request', text: 'x'.repeat(1025) },
			`Text: "${'x'.repeat(30)}…" has 1025 characters, more than 1024`,
		],
		[
			'a URL button without URL',
			{ ...base, type: 'cta_url', text: 't', buttonText: 'Go' },
			'URL: is empty',
		],
		[
			'a URL button over http',
			{ ...base, type: 'cta_url', text: 't', buttonText: 'Go', url: 'http://shop.example' },
			'URL: "http://shop.example" does not start with https://',
		],
		[
			'a URL button with a bare word',
			{ ...base, type: 'cta_url', text: 't', buttonText: 'Go', url: 'shop' },
			'URL: "shop" is not a URL',
		],
		[
			'a URL button without a label',
			{ ...base, type: 'cta_url', text: 't', url: 'https://shop.example' },
			'Button Text: is empty',
		],
		[
			'a button label of 21 characters',
			{ ...base, type: 'voice_call', text: 't', buttonText: 'b'.repeat(21) },
			'Button Text: "bbbbbbbbbbbbbbbbbbbbb" has 21 characters, more than 20',
		],
		[
			'a header of 61 characters',
			{ ...base, type: 'voice_call', text: 't', buttonText: 'Call', header: 'h'.repeat(61) },
			`Header: "${'h'.repeat(30)}…" has 61 characters`,
		],
		[
			'a footer of 61 characters',
			{
				...base,
				type: 'cta_url',
				text: 't',
				buttonText: 'Go',
				url: 'https://s.example',
				footer: 'f'.repeat(61),
			},
			'more than 60',
		],
		[
			'a Flow without its name',
			{ ...base, type: 'flow', text: 't', buttonText: 'Start' },
			'Flow Name: is empty',
		],
		[
			'a Flow label of 31 characters',
			{ ...base, type: 'flow', text: 't', buttonText: 'b'.repeat(31), flowName: 'f' },
			'more than 30',
		],
	])('refuses %s', (_name, message, error) => {
		expect(() => checkBotMessage(message)).toThrow(error);
	});

	it('refuses contact phones the phone cleaner refuses, while reading them', () => {
		expect(() =>
			contactCardsFromFields([
				{ formattedName: 'Ana', phones: { phone: [{ phone: 'ask at the desk' }] } },
			]),
		).toThrow(
			'Contacts: contact 1 Phone 1: "ask at the desk" contains characters other than digits',
		);
		expect(() =>
			contactCardsFromFields([{ formattedName: 'Ana', phones: { phone: [{ phone: '' }] } }]),
		).toThrow('Contacts: contact 1 Phone 1: a phone number is empty');
		expect(() =>
			contactCardsFromFields([
				{ formattedName: 'Ana', phones: { phone: [{ phone: '+593991234567', waId: '+593 99' }] } },
			]),
		).toThrow('Contacts: contact 1 Phone 1 WhatsApp ID');
	});

	it('refuses a list or an object where a contact field wants one text', () => {
		expect(() =>
			contactCardsFromFields([
				{ formattedName: { name: 'Ana' }, emails: { email: [{ email: 'a@b.co' }] } },
			]),
		).toThrow('Contacts: contact 1 Formatted Name: is an object ({"name":"Ana"})');
		expect(() =>
			contactCardsFromFields([
				{ formattedName: 'Ana', emails: { email: [{ email: ['a@b.co', 'c@d.co'] }] } },
			]),
		).toThrow('Contacts: contact 1 E-mail 1: is a list of 2 values');
	});

	it('accepts the limits themselves', () => {
		expect(() =>
			checkBotMessage({
				...base,
				type: 'cta_url',
				text: 'x'.repeat(1024),
				header: 'h'.repeat(60),
				footer: 'f'.repeat(60),
				buttonText: 'b'.repeat(20),
				url: 'https://s.example',
			}),
		).not.toThrow();
		expect(() =>
			checkBotMessage({
				...base,
				type: 'flow',
				text: 't',
				buttonText: 'b'.repeat(30),
				flowName: 'f',
			}),
		).not.toThrow();
		expect(() =>
			checkBotMessage({
				...base,
				type: 'contacts',
				contacts: card({ lastName: 'Only', emails: { email: [{ email: 'a@b.co' }] } }),
			}),
		).not.toThrow();
	});
});

describe('parseFlowActionPayload', () => {
	it('takes a JSON object as text or as an object; {} and empty mean none', () => {
		expect(parseFlowActionPayload('{"screen":"RECOMMEND","data":{"zip":"170135"}}')).toEqual({
			screen: 'RECOMMEND',
			data: { zip: '170135' },
		});
		expect(parseFlowActionPayload({ screen: 'WELCOME' })).toEqual({ screen: 'WELCOME' });
		expect(parseFlowActionPayload('{}')).toBeUndefined();
		expect(parseFlowActionPayload('  ')).toBeUndefined();
		expect(parseFlowActionPayload(undefined)).toBeUndefined();
	});

	it.each([
		['{screen: RECOMMEND}', 'Flow Action Payload (JSON): is not valid JSON'],
		['["RECOMMEND"]', 'Flow Action Payload (JSON): is not a JSON object'],
		['"RECOMMEND"', 'Flow Action Payload (JSON): is not a JSON object'],
		[42, 'Flow Action Payload (JSON): is not a JSON object'],
	])('refuses %p', (raw, error) => {
		expect(() => parseFlowActionPayload(raw)).toThrow(error);
	});
});

describe('botMessageOutput', () => {
	it('normalizes {success, messageId} to {messageId, type, userId}', () => {
		expect(
			botMessageOutput('cta_url', '593991234567', { success: true, messageId: 'msg_123' }),
		).toEqual({ messageId: 'msg_123', type: 'cta_url', userId: '593991234567' });
	});

	it('says so when a Flow is answered with {} and there is no message ID', () => {
		expect(botMessageOutput('flow', '593991234567', {})).toEqual({
			messageId: null,
			type: 'flow',
			userId: '593991234567',
			note: 'Jelou accepted the Flow message and returns no message ID for Flows, so Get Status cannot look it up.',
		});
		expect(botMessageOutput('flow', '593991234567', undefined)).toMatchObject({
			messageId: null,
			type: 'flow',
		});
	});

	it('marks another type answered without an ID as probably sent', () => {
		expect(botMessageOutput('contacts', '593991234567', { success: true })).toEqual({
			messageId: null,
			type: 'contacts',
			userId: '593991234567',
			sent: 'probably',
			warning: expect.stringContaining(
				'Jelou answered with success but without a message id, so the message was probably sent',
			),
			jelouAnswer: '{"success":true}',
		});
	});

	it('fails when Jelou answers success: false', () => {
		expect(() =>
			botMessageOutput('voice_call', '593991234567', {
				success: false,
				reason: 'calling disabled',
			}),
		).toThrow(
			'Jelou answered that the voice_call message was not sent (success: false): {"success":false,"reason":"calling disabled"}',
		);
	});
});
