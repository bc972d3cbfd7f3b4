import type { INodeParameters } from 'n8n-workflow';

import { runJelou } from '../../helpers/jelou';
import {
	BOT_MESSAGE_DOC_EXAMPLES,
	BOT_MESSAGE_DOC_FIELDS as DOC_FIELDS,
} from '../../unit/actions/message/send.bot-body.doc-examples';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';

const fake = useFakeJelou();

const session = (fields: INodeParameters): INodeParameters => ({
	resource: 'message',
	operation: 'send',
	userId: '593991234567',
	...fields,
});

describe('Message → Send (session message) in n8n', () => {
	it.each<[string, INodeParameters, Record<string, unknown>]>([
		[
			'text',
			{ messageType: 'text', text: 'Your order shipped' },
			{ type: 'text', text: 'Your order shipped' },
		],
		[
			'list',
			{
				messageType: 'list',
				text: 'Pick a branch',
				listTitle: 'Branches',
				listButtonText: 'See branches',
				listOptions: {
					option: [
						{ title: 'Quito', description: 'Av. Amazonas', payload: 'UIO' },
						{ title: 'Guayaquil' },
					],
				},
			},
			{
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
		],
		[
			'quick replies',
			{
				messageType: 'quick_reply',
				text: 'Confirm?',
				title: 'Your order',
				quickReplies: { reply: [{ title: 'Yes' }, { title: 'No' }] },
			},
			{
				type: 'quick_reply',
				text: 'Confirm?',
				title: 'Your order',
				quick_replies: [{ title: 'Yes' }, { title: 'No' }],
			},
		],
		[
			'image',
			{ messageType: 'image', mediaUrl: 'https://cdn.example.com/a.jpeg', caption: 'Look' },
			{ type: 'image', mediaUrl: 'https://cdn.example.com/a.jpeg', text: 'Look' },
		],
		[
			'video',
			{ messageType: 'video', mediaUrl: 'https://cdn.example.com/a.mp4' },
			{ type: 'video', mediaUrl: 'https://cdn.example.com/a.mp4' },
		],
		[
			'audio',
			{ messageType: 'audio', mediaUrl: 'https://cdn.example.com/a.ogg' },
			{ type: 'audio', mediaUrl: 'https://cdn.example.com/a.ogg' },
		],
		[
			'file',
			{
				messageType: 'file',
				mediaUrl: 'https://cdn.example.com/i.pdf',
				caption: 'Invoice',
				filename: 'invoice.pdf',
			},
			{
				type: 'file',
				mediaUrl: 'https://cdn.example.com/i.pdf',
				text: 'Invoice',
				filename: 'invoice.pdf',
			},
		],
		[
			'sticker',
			{ messageType: 'sticker', mediaUrl: 'https://cdn.example.com/s.webp' },
			{ type: 'sticker', mediaUrl: 'https://cdn.example.com/s.webp' },
		],
		[
			'location',
			{ messageType: 'location', latitude: -0.180653, longitude: -78.467834 },
			{ type: 'location', coordinates: { lat: -0.180653, long: -78.467834 } },
		],
	])(
		"sends a %s message with botId from the credential and outputs Jelou's answer",
		async (_name, fields, expected) => {
			const { items, error } = await runJelou(fake, session(fields));
			expect(error).toBeUndefined();
			expect(fake.requests).toHaveLength(1);
			expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/v1/whatsapp/messages' });
			expect(fake.requests[0].body).toEqual({
				botId: fake.botId,
				userId: '593991234567',
				...expected,
			});
			expect(items).toHaveLength(1);
			expect(items[0].pairedItem).toEqual({ item: 0 });
			expect(items[0].json).toMatchObject({
				messageId: fake.sentMessages[0].id,
				status: 'DELIVERED_CHANNEL',
				botId: fake.botId,
				userId: '593991234567',
			});
			expect(items[0].json.bubble).toMatchObject({ type: expected.type });
		},
	);

	it('normalizes the phone number like Send Template, Default Country Code included', async () => {
		await runJelou(
			fake,
			session({
				userId: '099 123 4567',
				messageType: 'text',
				text: 'Hi',
				sendOptions: { defaultCountryCode: '593' },
			}),
		);
		expect((fake.requests[0].body as { userId: string }).userId).toBe('593991234567');
	});

	it('passes Additional Body Fields (JSON) along', async () => {
		await runJelou(
			fake,
			session({
				messageType: 'text',
				text: 'Hi',
				sendOptions: { additionalBodyFields: '{"metadata": {"source": "crm"}}' },
			}),
		);
		expect(fake.requests[0].body).toEqual({
			botId: fake.botId,
			userId: '593991234567',
			type: 'text',
			text: 'Hi',
			metadata: { source: 'crm' },
		});
	});
});

describe('Message → Send, types of Jelou’s current message API, in n8n', () => {
	it.each(['contacts', 'location_request', 'cta_url', 'voice_call'] as const)(
		'sends %s to /v1/bots/{botId}/messages with the doc example’s body and outputs {messageId, type, userId}',
		async (type) => {
			const { items, error } = await runJelou(fake, session(DOC_FIELDS[type]));
			expect(error).toBeUndefined();
			expect(fake.requests).toHaveLength(1);
			expect(fake.requests[0]).toMatchObject({
				method: 'POST',
				path: `/v1/bots/${fake.botId}/messages`,
				status: 200,
			});
			expect(fake.requests[0].body).toEqual(BOT_MESSAGE_DOC_EXAMPLES[type]);
			expect(items).toEqual([
				{
					json: {
						messageId: fake.sentMessages[0].id,
						type,
						userId: '593991234567',
						botId: fake.botId,
					},
					pairedItem: { item: 0 },
				},
			]);
		},
	);

	it('sends a WhatsApp Flow to its own endpoint and says there is no message ID', async () => {
		const { items, error } = await runJelou(fake, session(DOC_FIELDS.flow));
		expect(error).toBeUndefined();
		expect(fake.requests).toHaveLength(1);
		expect(fake.requests[0]).toMatchObject({
			method: 'POST',
			path: `/v1/bots/${fake.botId}/users/593991234567/flow_message`,
			status: 200,
		});
		expect(fake.requests[0].body).toEqual(BOT_MESSAGE_DOC_EXAMPLES.flow);
		expect(items).toEqual([
			{
				json: {
					botId: fake.botId,
					messageId: null,
					type: 'flow',
					userId: '593991234567',
					note: 'Jelou accepted the Flow message and returns no message ID for Flows, so Get Status cannot look it up.',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('fills fields from expressions per item and keeps the output in input order', async () => {
		const { items } = await runJelou(
			fake,
			session({
				userId: '={{ $json.phone }}',
				messageType: 'cta_url',
				text: '={{ "Order " + $json.order }}',
				buttonText: 'Track',
				url: '={{ "https://t.example/" + $json.order }}',
			}),
			{
				items: [
					{ json: { phone: '593990000001', order: 'A-1' } },
					{ json: { phone: '593990000002', order: 'A-2' } },
				],
			},
		);
		expect(
			fake.requests
				.map((request) => request.body)
				.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
		).toEqual([
			{
				type: 'cta_url',
				userId: '593990000001',
				text: 'Order A-1',
				parameters: { url: 'https://t.example/A-1', display_text: 'Track' },
			},
			{
				type: 'cta_url',
				userId: '593990000002',
				text: 'Order A-2',
				parameters: { url: 'https://t.example/A-2', display_text: 'Track' },
			},
		]);
		expect(items.map((item) => [item.json.userId, item.pairedItem])).toEqual([
			['593990000001', { item: 0 }],
			['593990000002', { item: 1 }],
		]);
	});

	it('completes national contact phones with Default Country Code and passes Additional Body Fields along', async () => {
		await runJelou(
			fake,
			session({
				messageType: 'contacts',
				contacts: {
					contact: [
						{ formattedName: 'Store Quito', phones: { phone: [{ phone: '02 245 6789' }] } },
					],
				},
				sendOptions: {
					defaultCountryCode: '593',
					additionalBodyFields: '{"metadata": {"source": "crm"}}',
				},
			}),
		);
		expect(fake.requests[0].body).toEqual({
			type: 'contacts',
			userId: '593991234567',
			contacts: [{ name: { formatted_name: 'Store Quito' }, phones: [{ phone: '+59322456789' }] }],
			metadata: { source: 'crm' },
		});
	});

	it.each<[string, INodeParameters, RegExp]>([
		[
			'a URL button over http',
			{ messageType: 'cta_url', text: 't', buttonText: 'Go', url: 'http://shop.example' },
			/URL: "http:\/\/shop.example" does not start with https:\/\/ \(item 1, phone 593991234567\)/,
		],
		[
			'a contact without a phone or e-mail',
			{ messageType: 'contacts', contacts: { contact: [{ formattedName: 'Ana' }] } },
			/Contacts: contact 1: has neither a phone number nor an e-mail/,
		],
		['no contact at all', { messageType: 'contacts' }, /Contacts: no contact given/],
		[
			'a Flow payload that is an array',
			{
				messageType: 'flow',
				text: 't',
				buttonText: 'Go',
				flowName: 'f',
				flowActionPayload: '["RECOMMEND"]',
			},
			/Flow Action Payload \(JSON\): is not a JSON object/,
		],
		[
			'a location request whose text is blank',
			{ messageType: 'location_request', text: '={{ " " }}' },
			/Text: is empty/,
		],
	])('stops %s before sending anything', async (_name, fields, message) => {
		const { error } = await runJelou(fake, session(fields));
		expect(error?.message).toMatch(message);
		expect(fake.requests).toHaveLength(0);
	});

	it('shows Jelou’s words when it rejects the message', async () => {
		fake.injectFault(`POST /v1/bots/${fake.botId}/messages`, {
			kind: 'status',
			status: 422,
			body: {
				message: ['The values entered are not correct.'],
				statusMessage: 'failed',
				status: 0,
				error: {
					code: 'INVALID_MEDIA_URL',
					key: 'INVALID_MEDIA_URL',
					developerMessages: { en: 'The media URL is not valid.' },
				},
			},
		});
		const { error } = await runJelou(fake, session(DOC_FIELDS.voice_call));
		expect(error?.message).toBe('The media URL is not valid. (item 1, phone 593991234567)');
		expect((error as { description?: string } | undefined)?.description).toContain(
			'Jelou code INVALID_MEDIA_URL (INVALID_MEDIA_URL), HTTP 422.',
		);
	});

	it('with Continue On Fail, an answer of success: false becomes the item’s error', async () => {
		fake.injectFault(`POST /v1/bots/${fake.botId}/messages`, {
			kind: 'status',
			status: 200,
			body: { success: false },
		});
		const { items } = await runJelou(fake, session(DOC_FIELDS.location_request), {
			continueOnFail: true,
		});
		expect(items).toEqual([
			{
				json: expect.objectContaining({
					error: expect.stringContaining('was not sent (success: false)'),
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	it('with Dry Run, outputs the Flow request instead of sending it', async () => {
		const { items, error } = await runJelou(fake, session({ ...DOC_FIELDS.flow, dryRun: true }));
		expect(error).toBeUndefined();
		expect(fake.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
		expect(items.map((item) => item.json)).toEqual([
			expect.objectContaining({
				dryRun: true,
				method: 'POST',
				path: `/v1/bots/${fake.botId}/users/593991234567/flow_message`,
				body: BOT_MESSAGE_DOC_EXAMPLES.flow,
			}),
		]);
	});

	it('keeps the seed types on /v1/whatsapp/messages', async () => {
		await runJelou(fake, session({ messageType: 'text', text: 'Hi' }));
		expect(fake.requests.map((request) => request.path)).toEqual(['/v1/whatsapp/messages']);
	});
});
