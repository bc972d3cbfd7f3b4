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

/** The URL the trigger registers for an event, as Jelou then holds it. */
function liveUrl(node: TriggerHarness, event: string, mode: 'production' | 'test' = 'production') {
	const secret = (mode === 'production' ? node.staticData : node.testStaticData).secret as string;
	return `${node.webhookUrl(mode)}?event=${event}&workflow=${node.workflowId}&token=${secret}`;
}
function releasedUrl(
	node: TriggerHarness,
	event: string,
	mode: 'production' | 'test' = 'production',
) {
	return `${node.webhookUrl(mode)}?event=${event}&workflow=${node.workflowId}&inactive=true`;
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
				{ url: liveUrl(node, 'delivered_user'), events: ['delivered_user'] },
				{ url: liveUrl(node, 'read'), events: ['read'] },
			],
		});
		expect(fake.events.subscriptions).toEqual({
			delivered_user: `${node.webhookUrl()}?event=delivered_user&workflow=${node.workflowId}&token=${secret}`,
			read: liveUrl(node, 'read'),
		});
		expect(node.staticData).toEqual({
			secret,
			botId: fake.botId,
			previous: { delivered_user: null, read: null },
			url: node.webhookUrl(),
			mode: 'production',
		});
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
		expect(fake.events.subscriptions.read).toBe(liveUrl(node, 'read'));
		expect(node.staticData.previous).toEqual({ delivered_user: null, read: OTHER_URL });

		await node.deactivate();
		const restore = subscriptionRequests().at(-1)!;
		expect(restore.body).toEqual({
			webhooks: [
				{ url: releasedUrl(node, 'delivered_user'), events: ['delivered_user'] },
				{ url: OTHER_URL, events: ['read'] },
			],
		});
		// Jelou documents no way to remove a subscription: an event that had none gets a URL marked as released.
		expect(fake.events.subscriptions).toEqual({
			read: OTHER_URL,
			reply: 'https://bot.example.net/in',
			delivered_user: releasedUrl(node, 'delivered_user'),
		});
		expect(node.staticData).toEqual({});
	});

	it('on deactivation leaves alone an event that another trigger took over meanwhile', async () => {
		fake.events.subscriptions.read = OTHER_URL;
		const node = await trigger({ events: ['read'], replaceExisting: true });
		await node.activate();
		fake.events.subscriptions.read = 'https://someone.example.com/new';
		await node.deactivate();
		expect(subscriptionRequests().at(-1)!.method).toBe('GET');
		expect(fake.events.subscriptions.read).toBe('https://someone.example.com/new');
	});

	it('when Jelou fails during deactivation, keeps what it has to put back, and puts it back at the next deactivation', async () => {
		fake.events.subscriptions.read = OTHER_URL;
		const node = await trigger({ events: ['read'], replaceExisting: true });
		await node.activate();
		fake.injectFault(`POST /v1/bots/${fake.botId}/events/webhook`, { kind: 'status', status: 500 });
		await expect(node.deactivate()).rejects.toThrow();
		expect(node.staticData.previous).toEqual({ read: OTHER_URL });
		expect(fake.events.subscriptions.read).toBe(liveUrl(node, 'read'));
		await node.activate();
		await node.deactivate();
		expect(fake.events.subscriptions.read).toBe(OTHER_URL);
	});

	it('activation takes back a URL it released, without asking for Replace Existing', async () => {
		const node = await trigger({ events: ['read'] });
		await node.activate();
		await node.deactivate();
		expect(fake.events.subscriptions.read).toBe(releasedUrl(node, 'read'));
		await node.activate();
		expect(fake.events.subscriptions.read).toBe(liveUrl(node, 'read'));
		expect(node.staticData.previous).toEqual({ read: null });
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

describe('Jelou WhatsApp Trigger: an event another workflow of this n8n receives', () => {
	const OTHER_WEBHOOK_ID = '0a0b0c0d-1111-4222-8333-444455556666';

	it('is refused with the workflow and its webhook named, even with Replace Existing, and nothing changes', async () => {
		const first = await trigger({ events: ['read'] });
		await first.activate();
		const held = fake.events.subscriptions.read;
		const second = await startTriggerHarness({
			nodeType: new JelouWhatsAppTrigger(),
			credentialType: new JelouApi(),
			credentials: credentialsFor(fake),
			parameters: { events: ['read'], replaceExisting: true },
			sameN8nAs: first,
			webhookId: OTHER_WEBHOOK_ID,
		});
		try {
			await expect(second.activate()).rejects.toThrow(
				`Bot test-bot already sends events to another URL: "read" goes to another workflow on this n8n (workflow ${first.workflowId}, the production URL of its Jelou WhatsApp Trigger, webhook /webhook/${first.webhookUrl().split('/webhook/')[1]})`,
			);
			await expect(second.activate()).rejects.toMatchObject({
				description: expect.stringContaining('deactivate the other workflow first'),
			});
			expect(fake.events.subscriptions.read).toBe(held);
			// Once the first workflow gives the event back, the second takes it.
			await first.deactivate();
			await second.activate();
			expect(fake.events.subscriptions.read).toBe(liveUrl(second, 'read'));
		} finally {
			await second.close();
		}
	});

	it('names another webhook of this n8n (a Webhook node) by its path, and takes it with Replace Existing', async () => {
		const node = await trigger({ events: ['failed'] });
		const webhookNode = `${new URL(node.webhookUrl()).origin}/webhook/crm-events`;
		fake.events.subscriptions.failed = webhookNode;
		await expect(node.activate()).rejects.toThrow(
			'"failed" goes to another workflow on this n8n (webhook /webhook/crm-events)',
		);
	});
});

describe('Jelou WhatsApp Trigger: a webhook address Jelou cannot reach', () => {
	it('is refused before anything is sent, for activation and test listening, with the fix', async () => {
		// The credential names Jelou's real host: n8n's loopback webhook URL is then out of Jelou's reach.
		const node = await trigger(
			{ events: ['read'] },
			credentialsFor(fake, { baseUrl: 'https://api.jelou.ai' }),
		);
		// The fix is in the message itself: n8n shows no description where an activation fails.
		await expect(node.activate()).rejects.toThrow(
			`Jelou cannot reach this trigger: n8n's webhook address ${new URL(node.webhookUrl()).origin} is known only on this machine or network. Set n8n's WEBHOOK_URL to its public https address (for example https://n8n.example.com/) and restart n8n, or set Registration to Manual`,
		);
		await expect(node.listen()).rejects.toThrow('Jelou cannot reach this trigger');
		expect(fake.requests).toEqual([]);
	});

	it('is accepted when the credential points at a Jelou API on this machine (the sandbox)', async () => {
		const node = await trigger({ events: ['read'] });
		expect(new URL(fake.url).hostname).toBe('127.0.0.1');
		await node.activate();
		expect(fake.events.subscriptions.read).toBe(liveUrl(node, 'read'));
	});
});

describe('Jelou WhatsApp Trigger: version 1', () => {
	it('workflows saved with version 1 register and receive as version 1.1 does (the same fields)', async () => {
		const node = await startTriggerHarness({
			nodeType: new JelouWhatsAppTrigger(),
			credentialType: new JelouApi(),
			credentials: credentialsFor(fake),
			parameters: { events: ['read'] },
			typeVersion: 1,
		});
		harness = node;
		await node.activate();
		expect(fake.events.subscriptions.read).toBe(liveUrl(node, 'read'));
		expect(await post(fake.events.subscriptions.read!, { id: 'v1-1', sentStatus: 'READ' })).toEqual(
			{
				status: 200,
				body: { received: true, started: true },
			},
		);
		expect(node.executions.map((items) => items[0].json.messageId)).toEqual(['v1-1']);
		expect(new JelouWhatsAppTrigger().description).toMatchObject({
			version: [1, 1.1],
			defaultVersion: 1.1,
		});
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
		await node.activate();
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
