import { JelouApi } from '../../../credentials/JelouApi.credentials';
import { JelouWhatsAppTrigger } from '../../../nodes/JelouWhatsAppTrigger/JelouWhatsAppTrigger.node';
import { startFakeJelou, UNREACHABLE_NUMBER, type FakeJelou } from '../../fake-jelou/server';
import { credentialsFor, runJelou, sendTemplateParameters } from '../../helpers/jelou';
import { startTriggerHarness, type TriggerHarness } from '../../helpers/trigger-harness';
import type { INodeParameters } from 'n8n-workflow';

const OTHER_URL = 'https://crm.example.org/jelou/events';

let fake: FakeJelou;
let harness: TriggerHarness | undefined;

beforeAll(async () => {
	fake = await startFakeJelou();
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());
afterEach(async () => {
	await harness?.close();
	harness = undefined;
});

async function trigger(
	parameters: INodeParameters,
	credentials = credentialsFor(fake),
): Promise<TriggerHarness> {
	harness = await startTriggerHarness({
		nodeType: new JelouWhatsAppTrigger(),
		credentialType: new JelouApi(),
		credentials,
		parameters,
	});
	return harness;
}

function subscriptionRequests() {
	return fake.requests.filter(
		(request) => request.path === `/v1/bots/${fake.botId}/events/webhook`,
	);
}

async function post(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function sendTemplate(destination: string): Promise<string> {
	const result = await runJelou(
		fake,
		sendTemplateParameters({
			template: 'order_confirmation',
			recipients: destination,
			parameters: ['Maria', 'A-1001'],
		}),
	);
	expect(result.error).toBeUndefined();
	return result.items[0].json.id as string;
}

describe('Jelou WhatsApp Trigger: Automatic registration', () => {
	it('on a fresh bot reads the subscriptions, then subscribes each event to its own URL with a secret', async () => {
		const node = await trigger({ events: ['delivered_user', 'read'] });
		await node.activate();

		const [read, subscribe] = subscriptionRequests();
		expect(read.method).toBe('GET');
		expect(subscribe.method).toBe('POST');
		const secret = node.staticData.secret as string;
		expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
		expect(subscribe.body).toEqual({
			webhooks: [
				{
					url: `${node.webhookUrl()}?event=delivered_user&token=${secret}`,
					events: ['delivered_user'],
				},
				{ url: `${node.webhookUrl()}?event=read&token=${secret}`, events: ['read'] },
			],
		});
		expect(fake.events.subscriptions).toEqual({
			delivered_user: `${node.webhookUrl()}?event=delivered_user&token=${secret}`,
			read: `${node.webhookUrl()}?event=read&token=${secret}`,
		});
		expect(node.staticData.previous).toEqual({ delivered_user: null, read: null });
	});

	it('checkExists answers true once Jelou holds its URLs, so a restart subscribes nothing again', async () => {
		const node = await trigger({ events: ['failed'] });
		expect(await node.hook('checkExists')).toBe(false);
		await node.hook('create');
		const before = subscriptionRequests().length;
		expect(await node.hook('checkExists')).toBe(true);
		expect(
			subscriptionRequests()
				.slice(before)
				.map((request) => request.method),
		).toEqual(['GET']);
	});

	it('refuses to take over an event another URL holds, naming the event and the host, and subscribes nothing', async () => {
		fake.events.subscriptions.read = OTHER_URL;
		const node = await trigger({ events: ['delivered_user', 'read'] });
		await expect(node.activate()).rejects.toThrow(
			'Bot test-bot already sends events to another URL: "read" goes to crm.example.org',
		);
		expect(subscriptionRequests().map((request) => request.method)).toEqual(['GET']);
		expect(fake.events.subscriptions).toEqual({ read: OTHER_URL });
	});

	it('with Replace Existing Subscriptions takes the event over and puts the previous URL back on deactivation', async () => {
		fake.events.subscriptions.read = OTHER_URL;
		fake.events.subscriptions.reply = 'https://bot.example.net/in';
		const node = await trigger({ events: ['delivered_user', 'read'], replaceExisting: true });
		await node.activate();
		expect(fake.events.subscriptions.read).toBe(
			`${node.webhookUrl()}?event=read&token=${node.staticData.secret}`,
		);
		expect(node.staticData.previous).toEqual({ delivered_user: null, read: OTHER_URL });

		await node.hook('delete');
		const restore = subscriptionRequests().at(-1)!;
		expect(restore.body).toEqual({ webhooks: [{ url: OTHER_URL, events: ['read'] }] });
		expect(fake.events.subscriptions.read).toBe(OTHER_URL);
		expect(fake.events.subscriptions.reply).toBe('https://bot.example.net/in');
		// Jelou documents no way to remove a subscription: an event that had none keeps the trigger's URL.
		expect(fake.events.subscriptions.delivered_user).toContain(node.webhookUrl());
		expect(node.staticData.secret).toBeUndefined();
	});

	it('on deactivation leaves alone an event that another trigger took over meanwhile', async () => {
		fake.events.subscriptions.read = OTHER_URL;
		const node = await trigger({ events: ['read'], replaceExisting: true });
		await node.activate();
		fake.events.subscriptions.read = 'https://someone.example.com/new';
		await node.hook('delete');
		expect(subscriptionRequests().at(-1)!.method).toBe('GET');
		expect(fake.events.subscriptions.read).toBe('https://someone.example.com/new');
	});

	it('listening on the test URL takes the production subscription and gives it back when the test stops', async () => {
		const node = await trigger({ events: ['read'] });
		await node.activate('production');
		const production = fake.events.subscriptions.read!;

		await node.activate('test');
		expect(fake.events.subscriptions.read).toContain(node.webhookUrl('test'));
		await node.hook('delete', 'test');
		expect(fake.events.subscriptions.read).toBe(production);
	});

	it('answers Jelou errors on activation with the node error and the bad bot named', async () => {
		const node = await trigger(
			{ events: ['read'] },
			credentialsFor(fake, { botId: 'no-such-bot' }),
		);
		await expect(node.activate()).rejects.toThrow('Bot not found: check Bot ID');
		expect(fake.events.subscriptions).toEqual({});
	});

	it('fails activation clearly when no event is chosen', async () => {
		const node = await trigger({ events: [] });
		await expect(node.hook('create')).rejects.toThrow('No event chosen');
		expect(subscriptionRequests()).toEqual([]);
	});
});

describe('Jelou WhatsApp Trigger: deliveries', () => {
	it('starts one execution per status event of a template send, each with the normalized fields', async () => {
		const node = await trigger({ events: ['delivered_channel', 'delivered_user', 'read'] });
		await node.activate();
		const messageId = await sendTemplate('593991234567');
		await fake.events.idle();

		expect(fake.events.deliveries.map((delivery) => [delivery.event, delivery.status])).toEqual([
			['delivered_channel', 200],
			['delivered_user', 200],
			['read', 200],
		]);
		expect(node.executions.map((items) => items.map((item) => item.json.event))).toEqual([
			['delivered_channel'],
			['delivered_user'],
			['read'],
		]);
		expect(node.executions[1][0].json).toMatchObject({
			event: 'delivered_user',
			messageId,
			destination: '593991234567',
			elementName: 'order_confirmation',
			status: 'DELIVERED_USER',
			campaignId: null,
			error: null,
		});
		expect(node.executions[1][0].json.body).toEqual(fake.events.deliveries[1].body);
	});

	it('delivers failed for an unreachable number, and a reply simulated on the fake', async () => {
		const node = await trigger({ events: ['failed', 'reply'] });
		await node.activate();
		const failedId = await sendTemplate(UNREACHABLE_NUMBER);
		const repliedId = await sendTemplate('593991234567');
		const reply = await fetch(
			`${fake.url}/fake/v1/bots/${fake.botId}/messages/${repliedId}/reply`,
			{
				method: 'POST',
				headers: { authorization: fake.authorization, 'content-type': 'application/json' },
				body: JSON.stringify({ text: 'Yes, tomorrow at 10' }),
			},
		);
		expect(reply.status).toBe(200);
		await fake.events.idle();

		const items = node.executions.map((run) => run[0].json);
		expect(items).toHaveLength(2);
		expect(items.find((item) => item.event === 'failed')).toMatchObject({
			messageId: failedId,
			destination: UNREACHABLE_NUMBER,
			status: 'FAILED',
			error: { code: 131026, message: 'Message undeliverable: the number is not on WhatsApp' },
		});
		expect(items.find((item) => item.event === 'reply')).toMatchObject({
			destination: '593991234567',
			text: 'Yes, tomorrow at 10',
			messageType: 'text',
		});
	});

	it('answers 401 and starts nothing without the secret, with a wrong one, or with the secret of another event URL tampered', async () => {
		const node = await trigger({ events: ['read'] });
		await node.activate();
		const body = { id: 'msg-1', sentStatus: 'READ' };
		expect((await post(`${node.webhookUrl()}?event=read`, body)).status).toBe(401);
		expect((await post(`${node.webhookUrl()}?event=read&token=wrong`, body)).status).toBe(401);
		const secret = node.staticData.secret as string;
		expect(
			(await post(`${node.webhookUrl()}?event=read&token=${secret.slice(0, -1)}`, body)).status,
		).toBe(401);
		expect(node.executions).toEqual([]);
		expect((await post(`${node.webhookUrl()}?event=read&token=${secret}`, body)).status).toBe(200);
		expect(node.executions).toHaveLength(1);
	});

	it('answers 200 and starts nothing for events not chosen, and for a redelivery of the same event and message', async () => {
		const node = await trigger({ events: ['read'] });
		await node.activate();
		const secret = node.staticData.secret as string;
		const body = { id: 'msg-2', sentStatus: 'READ' };
		expect(
			await post(`${node.webhookUrl()}?event=delivered_user&token=${secret}`, { id: 'msg-2' }),
		).toEqual({
			status: 200,
			body: { received: true, started: false },
		});
		expect((await post(`${node.webhookUrl()}?event=read&token=${secret}`, body)).status).toBe(200);
		expect(await post(`${node.webhookUrl()}?event=read&token=${secret}`, body)).toEqual({
			status: 200,
			body: { received: true, started: false },
		});
		expect(
			(await post(`${node.webhookUrl()}?event=read&token=${secret}`, { id: 'msg-3' })).status,
		).toBe(200);
		expect(node.executions.map((items) => items[0].json.messageId)).toEqual(['msg-2', 'msg-3']);
	});

	it('never puts the secret into the output', async () => {
		const node = await trigger({ events: ['read'] });
		await node.activate();
		const secret = node.staticData.secret as string;
		await post(`${node.webhookUrl()}?event=read&token=${secret}`, { id: 'msg-4' });
		expect(JSON.stringify(node.executions)).not.toContain(secret);
	});
});

describe('Jelou WhatsApp Trigger: Manual registration', () => {
	it('registers nothing, and its webhook methods answer true', async () => {
		const node = await trigger({ events: ['read'], registration: 'manual' });
		expect(await node.hook('checkExists')).toBe(true);
		expect(await node.hook('create')).toBe(true);
		expect(await node.hook('delete')).toBe(true);
		expect(fake.requests).toEqual([]);
	});

	it('checks the configured header, and reads the event from the body on an "All" URL', async () => {
		const node = await trigger({
			events: ['read', 'failed'],
			registration: 'manual',
			headerAuth: { name: 'X-Jelou-Token', value: 'h3ader-secret' },
		});
		const url = node.webhookUrl();
		const send = (headers: Record<string, string>, body: unknown) =>
			fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				body: JSON.stringify(body),
			});
		expect((await send({}, { id: 'm1', sentStatus: 'READ' })).status).toBe(401);
		expect((await send({ 'x-jelou-token': 'nope' }, { id: 'm1', sentStatus: 'READ' })).status).toBe(
			401,
		);
		expect(
			(await send({ 'x-jelou-token': 'h3ader-secret' }, { id: 'm1', sentStatus: 'READ' })).status,
		).toBe(200);
		expect(
			(await send({ 'x-jelou-token': 'h3ader-secret' }, { id: 'm1', sentStatus: 'DELIVERED_USER' }))
				.status,
		).toBe(200);
		expect(node.executions.map((items) => items[0].json.event)).toEqual(['read']);
		expect(JSON.stringify(node.executions)).not.toContain('h3ader-secret');
	});
});
