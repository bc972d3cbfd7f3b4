// Several bots of one company behind one credential: each keeps its own templates, messages and limit; a bot of
// another company is refused with Jelou's forbidden_bot, an unknown one with BOT_NOT_FOUND.
import { sendOrderConfirmation, startFakeJelou, SEED_TEMPLATES } from './server';
import type { FakeJelou } from './server';

let fake: FakeJelou;
beforeAll(async () => {
	fake = await startFakeJelou({
		botId: 'bot-ec',
		bots: [{ botId: 'bot-co', templates: SEED_TEMPLATES.slice(0, 2) }],
		foreignBots: ['bot-other-company'],
	});
});
afterEach(() => fake.reset());
afterAll(async () => await fake.close());

const send = (botId: string, phone: string) => sendOrderConfirmation(fake, botId, phone);
const templatesOf = async (botId: string) =>
	(await (
		await fetch(`${fake.url}/v1/bots/${botId}/templates`, {
			headers: { authorization: fake.authorization },
		})
	).json()) as { data: unknown[] };

describe('a company with several bots', () => {
	it('keeps each bot’s messages and templates apart, and records which bot a request named', async () => {
		expect((await send('bot-ec', '593991234567')).status).toBe(200);
		expect((await send('bot-co', '573001234567')).status).toBe(200);
		expect(fake.bot('bot-ec').sentMessages.map((message) => message.destination)).toEqual([
			'593991234567',
		]);
		expect(fake.bot('bot-co').sentMessages.map((message) => message.destination)).toEqual([
			'573001234567',
		]);
		expect(fake.sentMessages).toBe(fake.bot('bot-ec').sentMessages);
		expect((await templatesOf('bot-ec')).data).toHaveLength(SEED_TEMPLATES.length);
		expect((await templatesOf('bot-co')).data).toHaveLength(2);
		expect(fake.requests.map((request) => request.botId)).toEqual([
			'bot-ec',
			'bot-co',
			'bot-ec',
			'bot-co',
		]);
	});

	it('finds the bot in the body or the query when the path has none', async () => {
		const answer = await fetch(`${fake.url}/v1/whatsapp/messages`, {
			method: 'POST',
			headers: { authorization: fake.authorization, 'content-type': 'application/json' },
			body: JSON.stringify({ botId: 'bot-co', userId: '573001234567', type: 'text', text: 'Hola' }),
		});
		expect(answer.status).toBe(200);
		expect(fake.bot('bot-co').sentMessages).toHaveLength(1);
		expect(fake.bot('bot-ec').sentMessages).toHaveLength(0);
	});

	it('refuses a bot of another company with forbidden_bot (403) and an unknown bot with BOT_NOT_FOUND (404)', async () => {
		const forbidden = await send('bot-other-company', '593991234567');
		expect(forbidden.status).toBe(403);
		expect(await forbidden.json()).toEqual(
			expect.objectContaining({ error: expect.objectContaining({ code: 'forbidden_bot' }) }),
		);
		const unknown = await send('bot-nobody', '593991234567');
		expect(unknown.status).toBe(404);
		expect(await unknown.json()).toEqual(
			expect.objectContaining({ error: expect.objectContaining({ code: 'E1019' }) }),
		);
		expect(fake.requests.every((request) => request.processed !== true)).toBe(true);
	});

	it('limits each bot on its own: one over its limit does not slow the other', async () => {
		fake.bot('bot-co').setRateLimit(1);
		expect((await send('bot-co', '573001234567')).status).toBe(200);
		expect((await send('bot-co', '573001234568')).status).toBe(429);
		expect((await send('bot-ec', '593991234567')).status).toBe(200);
		expect((await send('bot-ec', '593991234568')).status).toBe(200);
	});
});
