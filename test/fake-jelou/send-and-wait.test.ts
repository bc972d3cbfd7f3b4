import { startFakeJelou } from './server';
import type { FakeJelou } from './server';

let fake: FakeJelou;
beforeAll(async () => (fake = await startFakeJelou()));
afterEach(() => fake.reset());
afterAll(async () => await fake.close());

async function call(method: string, path: string, body?: unknown, authorized = true) {
	const response = await fetch(`${fake.url}${path}`, {
		method,
		headers: {
			'content-type': 'application/json',
			...(authorized ? { authorization: fake.authorization } : {}),
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const linksOf = (phone: string, authorized = true) =>
	call(
		'GET',
		`/fake/v1/bots/${fake.botId}/users/${phone}/last-message/links`,
		undefined,
		authorized,
	);

describe('fake only: the links of the last message to a number', () => {
	it('a text message: each link with the line above it, WhatsApp’s bold stars removed', async () => {
		await call('POST', '/v1/whatsapp/messages', {
			botId: fake.botId,
			userId: '593991234567',
			type: 'text',
			text: 'Approve?\n\n*✓ Approve:*\nhttps://n8n.example.com/a?x=1\n\n*✗ Decline:*\nhttps://n8n.example.com/b',
		});
		const answer = await linksOf('593991234567');
		expect(answer.status).toBe(200);
		expect(answer.json.links).toEqual([
			{ text: '✓ Approve', url: 'https://n8n.example.com/a?x=1' },
			{ text: '✗ Decline', url: 'https://n8n.example.com/b' },
		]);
	});

	it('a URL button: its text and link; the last message to the number counts', async () => {
		await call('POST', '/v1/whatsapp/messages', {
			botId: fake.botId,
			userId: '593991234567',
			type: 'text',
			text: 'First https://old.example.com',
		});
		await call('POST', `/v1/bots/${fake.botId}/messages`, {
			type: 'cta_url',
			userId: '593991234567',
			text: 'Approve?',
			parameters: { url: 'https://n8n.example.com/w/1', display_text: 'Approve' },
		});
		expect((await linksOf('593991234567')).json.links).toEqual([
			{ text: 'Approve', url: 'https://n8n.example.com/w/1' },
		]);
	});

	it('a template: its URL buttons with {{1}} replaced verbatim by the send’s button parameters, in order', async () => {
		await call('POST', `/v2/whatsapp/${fake.botId}/hsm`, {
			elementName: 'order_shipped',
			destinations: ['593991234567'],
			parameters: ['Maria'],
			buttonParameters: [{ type: 'URL', payload: { param: '71936?a=1&b=2' } }],
		});
		const answer = await linksOf('593991234567');
		expect(answer.json).toMatchObject({
			elementName: 'order_shipped',
			links: [{ text: 'Track order', url: 'https://shop.example.com/track/71936?a=1&b=2' }],
		});
	});

	it('answers 404 for a number no message went to, and 401 without credentials', async () => {
		expect((await linksOf('593999999999')).status).toBe(404);
		expect((await linksOf('593991234567', false)).status).toBe(401);
	});
});

describe('fake only: approving a created template', () => {
	it('makes a pending template APPROVED, so it can be sent', async () => {
		await call('POST', `/v1/bots/${fake.botId}/templates?sendToAprove=true`, {
			category: 'UTILITY',
			language: 'en',
			elementName: 'refund_decision',
			template: 'Refund?',
			type: 'HSM',
			interactiveAction: 'NONE',
		});
		expect(fake.templates.find((t) => t.elementName === 'refund_decision')?.status).toBe('PENDING');
		const approved = await call(
			'POST',
			`/fake/v1/bots/${fake.botId}/templates/refund_decision/approve`,
		);
		expect(approved.status).toBe(200);
		expect(fake.templates.find((t) => t.elementName === 'refund_decision')?.status).toBe(
			'APPROVED',
		);
		expect((await call('POST', `/fake/v1/bots/${fake.botId}/templates/nope/approve`)).status).toBe(
			404,
		);
	});
});
