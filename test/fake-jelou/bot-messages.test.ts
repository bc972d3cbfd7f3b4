import { BOT_MESSAGE_DOC_EXAMPLES } from '../unit/actions/message/send.bot-body.doc-examples';
import { startFakeJelou, type FakeJelou } from './server';

let fake: FakeJelou;
beforeAll(async () => (fake = await startFakeJelou()));
afterAll(() => fake.close());
beforeEach(() => fake.reset());

async function post(path: string, json: unknown, authorization: string = fake.authorization) {
	const response = await fetch(fake.url + path, {
		method: 'POST',
		headers: { authorization, 'content-type': 'application/json' },
		body: JSON.stringify(json),
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const MESSAGES = '/v1/bots/test-bot/messages';
const FLOW = '/v1/bots/test-bot/users/593991234567/flow_message';

describe('POST /v1/bots/{botId}/messages', () => {
	it.each(['contacts', 'location_request', 'cta_url', 'voice_call'] as const)(
		'takes the doc example of %s and answers {success, messageId}',
		async (type) => {
			const response = await post(MESSAGES, BOT_MESSAGE_DOC_EXAMPLES[type]);
			expect(response).toEqual({
				status: 200,
				body: { success: true, messageId: expect.stringMatching(/^msg_/) },
			});
			expect(fake.sentMessages).toEqual([
				expect.objectContaining({
					id: response.body.messageId,
					destination: '593991234567',
					body: BOT_MESSAGE_DOC_EXAMPLES[type],
				}),
			]);
		},
	);

	it('also takes the seed types, with their checks', async () => {
		expect(
			(await post(MESSAGES, { type: 'text', userId: '593991234567', text: 'Hi' })).status,
		).toBe(200);
		const noMedia = await post(MESSAGES, { type: 'image', userId: '593991234567' });
		expect(noMedia.status).toBe(422);
		expect(Object.keys(noMedia.body.validationError)).toEqual(['mediaUrl']);
	});

	it.each<[string, Record<string, unknown>, string[]]>([
		['an unknown type', { type: 'poll', userId: '593991234567' }, ['type']],
		[
			'a userId with +',
			{ ...BOT_MESSAGE_DOC_EXAMPLES.location_request, userId: '+593991234567' },
			['userId'],
		],
		[
			'a location request without text',
			{ type: 'location_request', userId: '593991234567' },
			['text'],
		],
		[
			'an http URL button without label',
			{
				type: 'cta_url',
				userId: '593991234567',
				text: 't',
				parameters: { url: 'http://a.example' },
			},
			['parameters.url', 'parameters.display_text'],
		],
		[
			'a call button without label',
			{ type: 'voice_call', userId: '593991234567', text: 't', parameters: {} },
			['parameters.display_text'],
		],
		['no contacts', { type: 'contacts', userId: '593991234567', contacts: [] }, ['contacts']],
		[
			'a contact phone without + and a wa_id with +',
			{
				type: 'contacts',
				userId: '593991234567',
				contacts: [
					{
						name: { formatted_name: 'A' },
						phones: [{ phone: '593991234567', wa_id: '+593991234567' }],
					},
				],
			},
			['contacts[0].phones[0].phone', 'contacts[0].phones[0].wa_id'],
		],
		[
			'a contact name without formatted_name',
			{ type: 'contacts', userId: '593991234567', contacts: [{ name: { first_name: 'A' } }] },
			['contacts[0].name.formatted_name'],
		],
	])('answers 422 VALIDATOR_ERROR for %s, naming the fields', async (_name, body, fields) => {
		const response = await post(MESSAGES, body);
		expect(response.status).toBe(422);
		expect(response.body).toMatchObject({
			statusMessage: 'failed',
			error: { code: 'E0422', key: 'VALIDATOR_ERROR' },
		});
		expect(Object.keys(response.body.validationError).sort()).toEqual([...fields].sort());
		expect(fake.sentMessages).toHaveLength(0);
	});

	it('answers 404 BOT_NOT_FOUND for another bot, in the path or the body', async () => {
		expect(
			(await post('/v1/bots/other-bot/messages', BOT_MESSAGE_DOC_EXAMPLES.location_request)).body
				.error.code,
		).toBe('E1019');
		expect(
			(await post(MESSAGES, { ...BOT_MESSAGE_DOC_EXAMPLES.location_request, botId: 'other-bot' }))
				.body.error.code,
		).toBe('E1019');
	});

	it('answers 401 without the right credentials', async () => {
		const response = await post(
			MESSAGES,
			BOT_MESSAGE_DOC_EXAMPLES.location_request,
			'Basic d3Jvbmc6d3Jvbmc=',
		);
		expect(response).toEqual({ status: 401, body: { message: 'Authentication failed' } });
	});
});

describe('POST /v1/bots/{botId}/users/{userId}/flow_message', () => {
	it('takes the doc example and answers {} as Jelou does', async () => {
		const response = await post(FLOW, BOT_MESSAGE_DOC_EXAMPLES.flow);
		expect(response).toEqual({ status: 200, body: {} });
		expect(fake.sentMessages).toEqual([
			expect.objectContaining({ destination: '593991234567', body: BOT_MESSAGE_DOC_EXAMPLES.flow }),
		]);
	});

	it('checks the user in the path, the text and the Flow parameters', async () => {
		const response = await post('/v1/bots/test-bot/users/+593991234567/flow_message', {
			parameters: { flow_action_payload: ['RECOMMEND'] },
		});
		expect(response.status).toBe(422);
		expect(Object.keys(response.body.validationError).sort()).toEqual(
			[
				'parameters.flow_action_payload',
				'parameters.flow_cta',
				'parameters.flow_name',
				'text',
				'userId',
			].sort(),
		);
	});

	it('answers 404 BOT_NOT_FOUND for another bot', async () => {
		expect(
			(
				await post(
					'/v1/bots/other-bot/users/593991234567/flow_message',
					BOT_MESSAGE_DOC_EXAMPLES.flow,
				)
			).status,
		).toBe(404);
	});
});
