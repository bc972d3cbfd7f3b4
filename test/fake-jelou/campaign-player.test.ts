import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { objectId } from './campaign-player';
import { startFakeJelou, type FakeJelou } from './server';

let fake: FakeJelou;
let receiver: Server;
let receiverUrl: string;
const received: Array<{ url: string; body: Record<string, unknown> }> = [];

beforeAll(async () => {
	fake = await startFakeJelou();
	receiver = createServer(async (req, res) => {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		received.push({ url: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
		res.writeHead(200).end();
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
	await fake.close();
	await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => {
	fake.reset();
	received.length = 0;
	// Minutes apart: only advance() moves a campaign on, however long a test takes.
	fake.campaignPlayer.setPace({
		startAfterMs: 60_000,
		betweenRecipientsMs: 1_000,
		deliveredChannelAfterMs: 10_000,
		deliveredUserAfterMs: 20_000,
		readAfterMs: 30_000,
		repliedAfterMs: 40_000,
		failedAfterMs: 15_000,
	});
});

async function call(method: string, path: string, body?: FormData | unknown) {
	const headers: Record<string, string> = { authorization: fake.authorization };
	if (body !== undefined && !(body instanceof FormData))
		headers['content-type'] = 'application/json';
	const response = await fetch(fake.url + path, {
		method,
		headers,
		body: body instanceof FormData ? body : body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Creates a campaign of order_confirmation for these numbers; returns the fake's record of it. */
async function createCampaign(phones: string[], scheduledAt?: string) {
	const form = new FormData();
	form.append('campaignName', 'spring');
	form.append('botId', 'test-bot');
	form.append('elementName', 'order_confirmation');
	form.append(
		'params',
		JSON.stringify([
			{ param: 1, column: 'name' },
			{ param: 2, column: 'order' },
		]),
	);
	if (scheduledAt) form.append('scheduledAt', scheduledAt);
	const csv = ['phone,name,order', ...phones.map((phone, index) => `${phone},N${index},${index}`)];
	form.append('file', new Blob([csv.join('\n')], { type: 'text/csv' }), 'spring.csv');
	expect((await call('POST', '/v1/hsm/file', form)).status).toBe(200);
	return fake.campaigns.at(-1)!;
}

const listed = async (id: string) =>
	(
		await call('GET', `/v1/campaigns?botId=test-bot&startAt=2024-01-01&endAt=2999-01-01&limit=50`)
	).body.results.find((campaign: { _id: string }) => campaign._id === id);
const notifications = async (campaignId: string, page = 1) =>
	(
		await call(
			'GET',
			`/v1/external/bots/test-bot/notifications?campaignId=${campaignId}&limit=50&page=${page}`,
		)
	).body;

describe('fake Jelou plays a campaign out over time', () => {
	it('gives a campaign an ObjectId that holds its creation time', async () => {
		const campaign = await createCampaign(['593991234567']);
		expect(campaign._id).toMatch(/^[0-9a-f]{24}$/);
		expect(parseInt(campaign._id.slice(0, 8), 16)).toBe(
			Math.floor(Date.parse(campaign.createdAt) / 1000),
		);
		expect(objectId(Date.parse('2024-03-05T09:00:00Z')).slice(0, 8)).toBe('65e6df10');
	});

	it('moves the campaign from PENDING through IN_PROGRESS to COMPLETED, counts agreeing with the notifications', async () => {
		const campaign = await createCampaign(['593991234567', '593990000000', '593991234569']);
		const state = async () => {
			const record = await listed(campaign._id);
			const statuses = (await notifications(campaign._id)).results.map(
				(notification: { sentStatus: string }) => notification.sentStatus,
			);
			return [record.status, record.deliveredMessages, record.failedMessages, statuses];
		};
		expect(await state()).toEqual(['PENDING', 0, 0, ['CREATED', 'CREATED', 'CREATED']]);
		fake.campaignPlayer.advance(70);
		expect(await state()).toEqual([
			'IN_PROGRESS',
			0,
			0,
			['DELIVERED_CHANNEL', 'CREATED', 'CREATED'],
		]);
		fake.campaignPlayer.advance(6);
		expect(await state()).toEqual([
			'COMPLETED',
			0,
			1,
			['DELIVERED_CHANNEL', 'FAILED', 'DELIVERED_CHANNEL'],
		]);
		fake.campaignPlayer.advance(60);
		expect(await state()).toEqual(['COMPLETED', 2, 1, ['READ', 'FAILED', 'READ']]);
		const record = await listed(campaign._id);
		expect(record).toMatchObject({ totalMessages: 3, rowCount: 3 });
		expect(Date.parse(record.completedAt) - Date.parse(campaign.createdAt)).toBe(76_000);
	});

	it('reports each step’s time and a failure with Jelou’s error in the documented notification fields', async () => {
		const campaign = await createCampaign(['593991234567', '593990000000']);
		fake.campaignPlayer.advance(3600);
		const [read, failed] = (await notifications(campaign._id)).results;
		const created = Date.parse(campaign.createdAt);
		expect(read).toMatchObject({
			id: expect.any(String),
			destination: '593991234567',
			sentStatus: 'READ',
			campaignId: campaign._id,
			origin: 'BULK',
			wasRead: true,
			error: null,
			sentDate: new Date(created + 60_000).toISOString(),
			deliveryChannelAt: new Date(created + 70_000).toISOString(),
			deliveryUserAt: new Date(created + 80_000).toISOString(),
			readAt: new Date(created + 90_000).toISOString(),
		});
		expect(failed).toMatchObject({
			sentStatus: 'FAILED',
			wasRead: false,
			error: { code: 131026, message: 'Message undeliverable: the number is not on WhatsApp' },
			deliveryChannelAt: null,
			updatedAt: new Date(created + 61_000 + 15_000).toISOString(),
		});
	});

	it('plays each number’s outcome set with setOutcome, a reply included', async () => {
		fake.campaignPlayer.setOutcome('593991234567', 'REPLY');
		fake.campaignPlayer.setOutcome('593991234568', 'DELIVERED_USER');
		fake.campaignPlayer.setOutcome('593991234569', 'DELIVERED_CHANNEL');
		const campaign = await createCampaign(['593991234567', '593991234568', '593991234569']);
		fake.campaignPlayer.advance(3600);
		expect(
			(await notifications(campaign._id)).results.map((n: { sentStatus: string }) => n.sentStatus),
		).toEqual(['REPLY', 'DELIVERED_USER', 'DELIVERED_CHANNEL']);
		expect(fake.conversations.history.at(-1)).toMatchObject({
			sender: { id: '593991234567', type: 'user' },
			bubble: { type: 'text', text: 'Gracias, recibido' },
		});
	});

	it('keeps a scheduled campaign SCHEDULED until its time, then plays it', async () => {
		const scheduledAt = new Date(Date.now() + 3_600_000).toISOString();
		const campaign = await createCampaign(['593991234567'], scheduledAt);
		expect((await listed(campaign._id)).status).toBe('SCHEDULED');
		fake.campaignPlayer.advance(3600 + 30);
		expect((await listed(campaign._id)).status).toBe('PENDING');
		fake.campaignPlayer.advance(31);
		expect((await listed(campaign._id)).status).toBe('IN_PROGRESS');
		fake.campaignPlayer.advance(10);
		expect(await listed(campaign._id)).toMatchObject({
			status: 'COMPLETED',
			completedAt: expect.any(String),
		});
	});

	it('answers the notifications of a large campaign in real pages of 50', async () => {
		const phones = Array.from({ length: 120 }, (_, i) => `5939912${String(i).padStart(5, '0')}`);
		const campaign = await createCampaign(phones);
		const pages = await Promise.all([1, 2, 3].map((page) => notifications(campaign._id, page)));
		expect(pages.map((page) => page.results.length)).toEqual([50, 50, 20]);
		expect(pages[0].pagination).toEqual({ page: 1, limit: 50, total: 120, totalPages: 3 });
		expect(
			pages.flatMap((page) => page.results.map((n: { destination: string }) => n.destination)),
		).toEqual(phones);
	});

	it('lists campaigns without counts as Jelou’s older docs show them, when told to', async () => {
		const campaign = await createCampaign(['593991234567']);
		fake.campaignPlayer.listsCounts = false;
		const record = await listed(campaign._id);
		expect(record).not.toHaveProperty('totalMessages');
		expect(record).not.toHaveProperty('completedAt');
		expect(record).toMatchObject({ _id: campaign._id, status: 'PENDING', rowCount: 1 });
	});

	it('delivers the events of a campaign’s messages as their steps are reached', async () => {
		await call('POST', '/v1/bots/test-bot/events/webhook', {
			webhooks: [{ url: `${receiverUrl}/hook`, events: ['delivered_channel', 'read', 'failed'] }],
		});
		await createCampaign(['593991234567', '593990000000']);
		expect(received).toEqual([]);
		fake.campaignPlayer.advance(3600);
		await fake.events.idle();
		const deadline = Date.now() + 5000;
		while (received.length < 3 && Date.now() < deadline)
			await new Promise((r) => setTimeout(r, 10));
		expect(received.map(({ body }) => [body.destination, body.sentStatus]).sort()).toEqual([
			['593990000000', 'FAILED'],
			['593991234567', 'DELIVERED_CHANNEL'],
			['593991234567', 'READ'],
		]);
	});

	it('plays out in real time at the default pace, for the sandbox', async () => {
		fake.reset();
		const campaign = await createCampaign(['593991234567', '593991234568']);
		const deadline = Date.now() + 10_000;
		while ((await listed(campaign._id)).status !== 'COMPLETED' && Date.now() < deadline)
			await new Promise((r) => setTimeout(r, 50));
		expect((await listed(campaign._id)).status).toBe('COMPLETED');
	});
});
