import { ACTIVE_CUSTOMER, INACTIVE_CUSTOMER, MEMORY_TTL_MS } from './conversations-store';
import { startFakeJelou, type FakeJelou } from './server';

let fake: FakeJelou;

beforeAll(async () => {
	fake = await startFakeJelou();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

async function call(
	method: string,
	path: string,
	json?: unknown,
	authorization: string | null = fake.authorization,
) {
	const headers: Record<string, string> = {};
	if (authorization !== null) headers.authorization = authorization;
	if (json !== undefined) headers['content-type'] = 'application/json';
	const response = await fetch(path.startsWith('http') ? path : fake.url + path, {
		method,
		headers,
		body: json === undefined ? undefined : JSON.stringify(json),
	});
	const text = await response.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// media and XML answers stay text
	}
	return { status: response.status, headers: response.headers, body: body as any, text };
}

const BOT = 'test-bot';

describe('user state', () => {
	it('reads a known user in the shape of Jelou’s example and 404s an unknown one', async () => {
		const known = await call('GET', `/v1/users/${INACTIVE_CUSTOMER}/state`);
		expect(known.status).toBe(200);
		expect(known.body).toEqual({
			id: INACTIVE_CUSTOMER,
			names: 'John Doe',
			botId: BOT,
			groupId: 'grp-67890',
			state: 'auto',
		});
		expect((await call('GET', '/v1/users/593000000001/state')).status).toBe(404);
	});

	it('pauses with a ttl that runs out, and answers the user object with the new state', async () => {
		const paused = await call('POST', '/v1/users/state', {
			ttl: 3600,
			botId: BOT,
			userId: ACTIVE_CUSTOMER,
			state: 'manual',
		});
		expect(paused.status).toBe(200);
		expect(paused.body.state).toBe('manual');
		expect((await call('GET', `/v1/users/${ACTIVE_CUSTOMER}/state`)).body.state).toBe('manual');
		fake.conversations.advance(3601);
		expect((await call('GET', `/v1/users/${ACTIVE_CUSTOMER}/state`)).body.state).toBe('auto');
	});

	it('refuses a bad state, a bad ttl, a missing botId and answers 404 for another bot', async () => {
		const bad = await call('POST', '/v1/users/state', {
			userId: '+593 99',
			state: 'paused',
			ttl: -1,
		});
		expect(bad.status).toBe(422);
		expect(Object.keys(bad.body.validationError).sort()).toEqual([
			'botId',
			'state',
			'ttl',
			'userId',
		]);
		const otherBot = await call('POST', '/v1/users/state', {
			botId: 'other',
			userId: ACTIVE_CUSTOMER,
			state: 'auto',
		});
		expect(otherBot.status).toBe(404);
		expect(otherBot.body.error.code).toBe('E1019');
	});

	it('asks for Basic auth', async () => {
		expect((await call('GET', `/v1/users/${ACTIVE_CUSTOMER}/state`, undefined, null)).status).toBe(
			401,
		);
	});
});

describe('user memory', () => {
	it('merges what is set into what is there, and forgets it after three months', async () => {
		const set = await call('POST', `/v1/users/${INACTIVE_CUSTOMER}/cache`, {
			params: { orderNumber: 'ORD-99', vip: true },
			botId: BOT,
		});
		expect(set.body).toEqual({ message: ['User cache set successfully.'], status: 'success' });
		const read = await call('GET', `/v1/users/${INACTIVE_CUSTOMER}/cache?botId=${BOT}`);
		expect(read.body).toEqual({ groupId: 'grp-67890', orderNumber: 'ORD-99', vip: true });
		fake.conversations.advance(MEMORY_TTL_MS / 1000 + 1);
		expect((await call('GET', `/v1/users/${INACTIVE_CUSTOMER}/cache?botId=${BOT}`)).body).toEqual(
			{},
		);
	});

	it('answers 200 with status "failed" for a user it does not know, and 422 for empty params', async () => {
		const unknown = await call('POST', '/v1/users/593000000001/cache', {
			params: { a: 1 },
			botId: BOT,
		});
		expect(unknown.status).toBe(200);
		expect(unknown.body.status).toBe('failed');
		expect(
			(await call('POST', `/v1/users/${ACTIVE_CUSTOMER}/cache`, { params: {}, botId: BOT })).status,
		).toBe(422);
		expect((await call('GET', `/v1/users/${ACTIVE_CUSTOMER}/cache`)).status).toBe(422);
	});
});

describe('skills', () => {
	it('lists the skills, active or not, in Jelou’s envelope', async () => {
		const list = await call('GET', `/v1/bots/${BOT}/skills`);
		expect(list.body.message).toEqual(['Skills retrieved successfully!']);
		expect(list.body.data[0]).toEqual(
			expect.objectContaining({ id: 1, name: 'Main Skill', state: true, default: true }),
		);
		expect(list.body.data.some((skill: { state: boolean }) => !skill.state)).toBe(true);
	});

	it('moves a customer with an active session, resumes the bot and keeps memoryParams', async () => {
		await call('POST', '/v1/users/state', { botId: BOT, userId: ACTIVE_CUSTOMER, state: 'manual' });
		const moved = await call('POST', `/v1/bots/${BOT}/users/${ACTIVE_CUSTOMER}/skill/2`, {
			memoryParams: { test: 1 },
		});
		expect(moved.body).toEqual({
			message: ['Skill set correctly.'],
			statusMessage: 'success',
			status: 1,
		});
		expect((await call('GET', `/v1/users/${ACTIVE_CUSTOMER}/state`)).body.state).toBe('auto');
		expect(
			(await call('GET', `/v1/users/${ACTIVE_CUSTOMER}/cache?botId=${BOT}`)).body,
		).toMatchObject({ test: 1 });
	});

	it('refuses a customer without an active session, an inactive or unknown skill', async () => {
		const stale = await call('POST', `/v1/bots/${BOT}/users/${INACTIVE_CUSTOMER}/skill/1`, {});
		expect(stale.status).toBe(400);
		expect(stale.body.message[0]).toMatch(/active session/);
		expect(
			(await call('POST', `/v1/bots/${BOT}/users/${ACTIVE_CUSTOMER}/skill/4`, {})).status,
		).toBe(400);
		expect(
			(await call('POST', `/v1/bots/${BOT}/users/${ACTIVE_CUSTOMER}/skill/99`, {})).status,
		).toBe(404);
		expect((await call('POST', `/v1/bots/other/users/${ACTIVE_CUSTOMER}/skill/1`, {})).status).toBe(
			404,
		);
	});
});

describe('history', () => {
	it('grows with what is sent and what the customer writes, newest first, in pages of at most 50', async () => {
		const sent = await call('POST', '/v1/whatsapp/messages', {
			botId: BOT,
			userId: ACTIVE_CUSTOMER,
			type: 'text',
			text: 'A person will answer shortly',
		});
		await call('POST', `/fake/v1/bots/${BOT}/users/${ACTIVE_CUSTOMER}/write`, { text: 'ok' });
		const page = await call('GET', `/v1/external/messages/history/${BOT}?limit=2&page=1`);
		expect(page.body.results.map((message: any) => message.bubble.text)).toEqual([
			'ok',
			'A person will answer shortly',
		]);
		expect(page.body.results[1]).toEqual(
			expect.objectContaining({ by: 'bot', messageId: sent.body.messageId }),
		);
		expect(page.body.pagination).toEqual(
			expect.objectContaining({ limit: 2, page: 1, offset: 0, totalPages: expect.any(Number) }),
		);
		expect((await call('GET', `/v1/external/messages/history/${BOT}?limit=51`)).status).toBe(422);
		expect(
			(await call('GET', `/v1/external/messages/history/${BOT}?startAt=yesterday`)).status,
		).toBe(422);
	});

	it('says "operator" for a message sent while the bot is paused', async () => {
		await call('POST', '/v1/users/state', { botId: BOT, userId: ACTIVE_CUSTOMER, state: 'manual' });
		await call('POST', '/v1/whatsapp/messages', {
			botId: BOT,
			userId: ACTIVE_CUSTOMER,
			type: 'text',
			text: 'Hi, this is Ana',
		});
		const history = await call('GET', `/v1/bots/${BOT}/users/${ACTIVE_CUSTOMER}/history?limit=1`);
		expect(history.body).toEqual([
			expect.objectContaining({
				by: 'operator',
				bubble: { type: 'text', text: 'Hi, this is Ana' },
			}),
		]);
	});

	it('finds the conversation of a message ID, and pages one customer’s history around a message', async () => {
		const all = await call('GET', `/v1/bots/${BOT}/users/${ACTIVE_CUSTOMER}/history?limit=50`);
		expect(all.body.length).toBe(4);
		const [first, second] = all.body;
		const older = await call(
			'GET',
			`/v1/bots/${BOT}/users/${ACTIVE_CUSTOMER}/history?messageId=${second.messageId}&direction=older`,
		);
		expect(older.body).toEqual([first]);
		const conversation = await call(
			'GET',
			`/v1/external/messages/history/${BOT}?messageId=${first.messageId}&limit=50`,
		);
		expect(conversation.body.results).toHaveLength(4);
		expect((await call('GET', `/v1/bots/${BOT}/users/593000000001/history`)).status).toBe(404);
	});
});

describe('media', () => {
	async function seededVoiceNote(): Promise<string> {
		const history = await call('GET', `/v1/bots/${BOT}/users/${ACTIVE_CUSTOMER}/history?limit=50`);
		return history.body.find((message: any) => message.bubble.type === 'audio').bubble.mediaUrl;
	}

	it('serves a file only behind a signed URL that has not expired, never with Basic auth', async () => {
		const resourceUrl = await seededVoiceNote();
		expect((await call('GET', resourceUrl, undefined, null)).status).toBe(403);
		const refreshed = await call('POST', '/v1/external/assets/refresh', { resourceUrl, ttl: 900 });
		expect(refreshed.status).toBe(200);
		const { signedUrl } = refreshed.body;
		const file = await fetch(signedUrl);
		expect(file.status).toBe(200);
		expect(file.headers.get('content-type')).toBe('audio/ogg');
		expect(
			Buffer.from(await file.arrayBuffer())
				.subarray(0, 4)
				.toString(),
		).toBe('OggS');
		expect((await call('GET', signedUrl)).status).toBe(400);
		fake.conversations.advance(901);
		expect((await call('GET', signedUrl, undefined, null)).status).toBe(403);
	});

	it('checks the ttl range and the URL, and 404s a file it does not hold', async () => {
		const resourceUrl = await seededVoiceNote();
		for (const ttl of [899, 3601, undefined, 1000.5]) {
			const refused = await call('POST', '/v1/external/assets/refresh', { resourceUrl, ttl });
			expect(refused.status).toBe(422);
			expect(Object.keys(refused.body.validationError)).toEqual(['ttl']);
		}
		expect(
			(await call('POST', '/v1/external/assets/refresh', { resourceUrl: 'ftp://x/y', ttl: 900 }))
				.status,
		).toBe(422);
		expect(
			(
				await call('POST', '/v1/external/assets/refresh', {
					resourceUrl: 'https://cdn.example.com/media/a.pdf',
					ttl: 900,
				})
			).status,
		).toBe(404);
	});

	it('a simulated reply can carry a photo or a voice note, which joins the history', async () => {
		const sent = await call('POST', `/v2/whatsapp/${BOT}/hsm`, {
			elementName: 'order_confirmation',
			destinations: ['593987654321'],
			parameters: ['Maria', '71936'],
		});
		const reply = await call('POST', `/fake/v1/bots/${BOT}/messages/${sent.body[0].id}/reply`, {
			type: 'audio',
		});
		expect(reply.status).toBe(200);
		const history = await call('GET', `/v1/bots/${BOT}/users/593987654321/history`);
		expect(history.body.map((message: any) => [message.by, message.bubble.type])).toEqual([
			['bot', 'hsm'],
			['user', 'audio'],
		]);
		expect(history.body[1].messageId).toBe(reply.body.messageId);
		expect(history.body[1].bubble.mediaUrl).toMatch(/\.ogg$/);
		expect(
			(
				await call('POST', `/fake/v1/bots/${BOT}/messages/${sent.body[0].id}/reply`, {
					type: 'gif',
				})
			).status,
		).toBe(422);
	});
});
