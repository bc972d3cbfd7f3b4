// The Jelou WhatsApp Trigger in a served n8n, on one main process and in queue mode (webhooks received by the
// main process, executions run by the worker): activation over n8n's REST API subscribes the bot's events at the
// fake Jelou API, a template sent by another workflow starts the trigger's workflow with the delivered event,
// a wrong secret gets 401 and no execution, a redelivery starts nothing, and deactivation puts the previous URL back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startFakeJelou } from '../fake-jelou/server';
import type { FakeJelou } from '../fake-jelou/server';
import { request, startE2eSandbox } from './support';
import type { Sandbox } from './support';

const TRIGGER_WORKFLOW_ID = 'E2eJelouTrigger1';
const TRIGGER_WEBHOOK_ID = 'c3a1e2d4-1000-4000-8000-0000000000e2';
const OTHER_READ_URL = 'https://crm.example.org/jelou/read';
const CRM_EXAMPLE = JSON.parse(
	readFileSync(join(__dirname, '..', '..', 'examples', 'crm-webhook-send-template.json'), 'utf8'),
) as object;

const TRIGGER_WORKFLOW = {
	id: TRIGGER_WORKFLOW_ID,
	name: 'e2e Jelou trigger',
	nodes: [
		{
			id: 'e2e-trigger-node-0',
			name: 'Jelou WhatsApp Trigger',
			type: 'n8n-nodes-jelou.jelouWhatsAppTrigger',
			typeVersion: 1,
			position: [0, 0],
			webhookId: TRIGGER_WEBHOOK_ID,
			parameters: { events: ['delivered_user', 'read'], replaceExisting: true },
		},
		{
			id: 'e2e-trigger-node-1',
			name: 'Done',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [220, 0],
			parameters: {},
		},
	],
	connections: { 'Jelou WhatsApp Trigger': { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

/** n8n stores execution data with `flatted`: every string in an object is the index of its value. */
function unflatten(text: string): unknown {
	const input = JSON.parse(text) as unknown[];
	const revived = new Map<number, unknown>();
	const at = (index: number): unknown => {
		if (revived.has(index)) return revived.get(index);
		const value = input[index];
		if (typeof value !== 'object' || value === null) return value;
		const out: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
		revived.set(index, out);
		for (const [key, entry] of Object.entries(value))
			(out as Record<string, unknown>)[key] = typeof entry === 'string' ? at(Number(entry)) : entry;
		return out;
	};
	return at(0);
}

/** n8n's production URL of a trigger, whichever name n8n gives its own host (n8n 1.x says localhost). */
function webhookUrlPattern(editorUrl: string, webhookId: string, query = ''): RegExp {
	const port = new URL(editorUrl).port;
	return new RegExp(
		`^http://(127\\.0\\.0\\.1|localhost):${port}/webhook/${webhookId}/webhook${query}$`,
	);
}

async function waitFor<T>(
	what: string,
	probe: () => Promise<T | undefined> | T | undefined,
	timeoutMs = 60000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

describe.each([
	['one main process', false],
	['queue mode', true],
])('Jelou WhatsApp Trigger in n8n (%s)', (_mode, queueMode) => {
	let fake: FakeJelou;
	let sandbox: Sandbox;
	let auth: { headers: Record<string, string> };
	const rest = async (path: string, options: { method?: string; body?: unknown } = {}) =>
		await request(`${sandbox.editorUrl}${path}`, { ...options, headers: auth.headers });

	interface ExecutionSummary {
		id: string;
		mode: string;
		status: string;
	}
	const triggerExecutions = async (): Promise<ExecutionSummary[]> => {
		const filter = encodeURIComponent(JSON.stringify({ workflowId: TRIGGER_WORKFLOW_ID }));
		const answer = (await rest(`/rest/executions?filter=${filter}&limit=50`)).json as {
			data: { results: ExecutionSummary[] };
		};
		return answer.data.results.filter(
			(execution) => execution.status !== 'running' && execution.status !== 'new',
		);
	};
	const triggerItemOf = async (executionId: string): Promise<Record<string, unknown>> => {
		const answer = (await rest(`/rest/executions/${executionId}`)).json as {
			data: { data: string };
		};
		const data = unflatten(answer.data.data) as {
			resultData: {
				runData: Record<
					string,
					Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>
				>;
			};
		};
		return data.resultData.runData['Jelou WhatsApp Trigger'][0].data.main[0][0].json;
	};

	/** n8n 2.x publishes over POST …/activate (applied by a poller); n8n 1.x activates with PATCH {active}. */
	async function setActive(active: boolean): Promise<void> {
		const { versionId } = (
			(await rest(`/rest/workflows/${TRIGGER_WORKFLOW_ID}`)).json as { data: { versionId: string } }
		).data;
		const answer = await rest(
			`/rest/workflows/${TRIGGER_WORKFLOW_ID}/${active ? 'activate' : 'deactivate'}`,
			{ method: 'POST', body: { versionId } },
		);
		if (answer.status === 404) {
			const patched = await rest(`/rest/workflows/${TRIGGER_WORKFLOW_ID}`, {
				method: 'PATCH',
				body: { active, versionId },
			});
			expect(patched.status).toBe(200);
			return;
		}
		expect(answer.status).toBe(200);
	}

	const triggerUrl = () => `${sandbox.editorUrl}/webhook/${TRIGGER_WEBHOOK_ID}/webhook`;
	const isTriggerUrl = (url: string | undefined) =>
		url !== undefined &&
		webhookUrlPattern(sandbox.editorUrl, TRIGGER_WEBHOOK_ID).test(url.split('?')[0]);

	beforeAll(async () => {
		// n8n 2.x applies publications on a poll (15 s by default); a short poll keeps the test quick.
		process.env.N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS = '500';
		fake = await startFakeJelou({ botId: 'trigger-bot' });
		fake.events.subscriptions.read = OTHER_READ_URL;
		sandbox = await startE2eSandbox(fake, {
			serve: true,
			queueMode,
			importExamples: false,
			workflows: [CRM_EXAMPLE, TRIGGER_WORKFLOW],
		});
		auth = await sandbox.login();
	}, 600000);

	afterAll(async () => {
		await sandbox?.stop();
		await fake?.close();
	});

	it('activation over the REST API subscribes each event to its own URL with a secret, taking "read" over', async () => {
		await setActive(true);
		const subscriptions = await waitFor('the subscriptions', () =>
			isTriggerUrl(fake.events.subscriptions.read) ? fake.events.subscriptions : undefined,
		);
		expect(subscriptions).toEqual({
			delivered_user: expect.stringMatching(
				webhookUrlPattern(
					sandbox.editorUrl,
					TRIGGER_WEBHOOK_ID,
					'\\?event=delivered_user&token=[A-Za-z0-9_-]{32}',
				),
			),
			read: expect.stringMatching(
				webhookUrlPattern(
					sandbox.editorUrl,
					TRIGGER_WEBHOOK_ID,
					'\\?event=read&token=[A-Za-z0-9_-]{32}',
				),
			),
		});
	});

	it('a template sent by another workflow starts the trigger with the delivered_user event', async () => {
		const sent = await request(`${sandbox.editorUrl}/webhook/crm-order-confirmed`, {
			method: 'POST',
			body: { phone: '+593 99 555 0101', customerName: 'Maria', orderId: 'T-1' },
		});
		expect(sent.status).toBe(200);
		const messageId = (sent.json as { id: string }).id;
		await fake.events.idle();
		expect(fake.events.deliveries.map((delivery) => [delivery.event, delivery.status])).toEqual([
			['delivered_user', 200],
			['read', 200],
		]);
		const executions = await waitFor('two trigger executions', async () => {
			const found = await triggerExecutions();
			return found.length >= 2 ? found : undefined;
		});
		expect(executions.map((execution) => [execution.mode, execution.status])).toEqual([
			['webhook', 'success'],
			['webhook', 'success'],
		]);
		const items = await Promise.all(executions.map((execution) => triggerItemOf(execution.id)));
		const delivered = items.find((item) => item.event === 'delivered_user');
		expect(delivered).toMatchObject({
			event: 'delivered_user',
			messageId,
			destination: '593995550101',
			elementName: 'order_confirmation',
			status: 'DELIVERED_USER',
			body: fake.events.deliveries[0].body,
		});
		expect(JSON.stringify(items)).not.toContain('token=');
		if (queueMode) {
			const onWorker = [...sandbox.logs.worker().matchAll(/Worker finished execution (\d+)/g)].map(
				(match) => match[1],
			);
			expect(onWorker).toEqual(expect.arrayContaining(executions.map((execution) => execution.id)));
		}
	});

	it('a wrong secret gets 401 and starts nothing; a redelivery of the same event is answered 200 and starts nothing', async () => {
		const before = (await triggerExecutions()).length;
		const [delivery] = fake.events.deliveries;
		const wrong = await request(`${triggerUrl()}?event=delivered_user&token=not-the-secret`, {
			method: 'POST',
			body: delivery.body,
		});
		expect(wrong.status).toBe(401);
		const missing = await request(`${triggerUrl()}?event=delivered_user`, {
			method: 'POST',
			body: delivery.body,
		});
		expect(missing.status).toBe(401);
		const again = await request(delivery.url, { method: 'POST', body: delivery.body });
		expect(again.status).toBe(200);
		expect(again.json).toEqual({ received: true, started: false });
		// A different message on the same URL does start one: the count below is not blind.
		const other = await request(delivery.url, {
			method: 'POST',
			body: { ...(delivery.body as object), id: 'msg-other' },
		});
		expect(other.status).toBe(200);
		const after = await waitFor('one more execution', async () => {
			const found = await triggerExecutions();
			return found.length > before ? found : undefined;
		});
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect((await triggerExecutions()).length).toBe(before + 1);
		expect((await triggerItemOf(after[0].id)).messageId).toBe('msg-other');
	});

	it('deactivation puts the previous URL of "read" back; delivered_user, which had none, keeps the trigger URL', async () => {
		await setActive(false);
		await waitFor('the previous read URL', () =>
			fake.events.subscriptions.read === OTHER_READ_URL ? true : undefined,
		);
		expect(isTriggerUrl(fake.events.subscriptions.delivered_user)).toBe(true);
		const inactive = await request(fake.events.subscriptions.delivered_user as string, {
			method: 'POST',
			body: { id: 'late' },
		});
		expect(inactive.status).toBe(404);
	});
});

describe('the trigger examples, published as `npm start` does', () => {
	const REPLY_EXAMPLE = 'JelouExReplyAi01';
	const STATUSES_EXAMPLE = 'JelouExStatuses1';
	let fake: FakeJelou;
	let sandbox: Sandbox;
	let auth: { headers: Record<string, string> };
	const rest = async (path: string) =>
		await request(`${sandbox.editorUrl}${path}`, { headers: auth.headers });

	type RunData = Record<
		string,
		Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }> | null> } }>
	>;
	/** The run data of every finished execution of a workflow, oldest first. */
	async function runsOf(workflowId: string, count: number): Promise<RunData[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const executions = await waitFor(`${count} executions of ${workflowId}`, async () => {
			const answer = (await rest(`/rest/executions?filter=${filter}&limit=50`)).json as {
				data: { results: Array<{ id: string; status: string }> };
			};
			const done = answer.data.results.filter(
				(execution) => execution.status === 'success' || execution.status === 'error',
			);
			return done.length >= count ? done : undefined;
		});
		expect(executions.map((execution) => execution.status)).toEqual(
			executions.map(() => 'success'),
		);
		const runs = await Promise.all(
			executions.map(async (execution) => {
				const answer = (await rest(`/rest/executions/${execution.id}`)).json as {
					data: { data: string };
				};
				return (unflatten(answer.data.data) as { resultData: { runData: RunData } }).resultData
					.runData;
			}),
		);
		return runs.reverse();
	}
	const out = (run: RunData, node: string) =>
		run[node][0].data.main.flatMap((items) => items ?? []).map((item) => item.json);

	beforeAll(async () => {
		process.env.N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS = '500';
		fake = await startFakeJelou({ botId: 'examples-bot' });
		sandbox = await startE2eSandbox(fake, { serve: true, importExamples: true });
		auth = await sandbox.login();
	}, 600000);

	afterAll(async () => {
		await sandbox?.stop();
		await fake?.close();
	});

	it('n8n serves the trigger as a trigger node on the Jelou API credential, with its codex categories', async () => {
		const nodes = (await rest('/types/nodes.json')).json as Array<{
			name: string;
			group: string[];
			credentials: unknown;
			codex?: { categories?: string[] };
		}>;
		const trigger = nodes.find((node) => node.name === 'n8n-nodes-jelou.jelouWhatsAppTrigger');
		expect(trigger).toMatchObject({
			group: ['trigger'],
			credentials: [{ name: 'jelouApi', required: true }],
		});
		expect(trigger?.codex?.categories).toEqual(['Communication', 'Marketing']);
	});

	it('both examples are active and hold the bot’s events: reply for one, the four statuses for the other', async () => {
		const urlOf = (webhookId: string) =>
			webhookUrlPattern(sandbox.editorUrl, webhookId, '\\?event=\\w+&token=[\\w-]{32}');
		// n8n activates published workflows in the background once it serves
		await waitFor('five subscriptions', () =>
			Object.keys(fake.events.subscriptions).length === 5 ? true : undefined,
		);
		expect(fake.events.subscriptions).toEqual({
			reply: expect.stringMatching(urlOf('b0d7a0b4-0601-4000-8000-0000000000aa')),
			delivered_channel: expect.stringMatching(urlOf('b0d7a0b4-0701-4000-8000-0000000000aa')),
			delivered_user: expect.stringMatching(urlOf('b0d7a0b4-0701-4000-8000-0000000000aa')),
			read: expect.stringMatching(urlOf('b0d7a0b4-0701-4000-8000-0000000000aa')),
			failed: expect.stringMatching(urlOf('b0d7a0b4-0701-4000-8000-0000000000aa')),
		});
	});

	it('a template sent from the CRM example is recorded once per status; one to an unreachable number opens a ticket', async () => {
		const delivered = await request(`${sandbox.editorUrl}/webhook/crm-order-confirmed`, {
			method: 'POST',
			body: { phone: '+593 99 555 0202', customerName: 'Ana', orderId: 'X-1' },
		});
		expect(delivered.status).toBe(200);
		await fake.events.idle();
		const failed = await request(`${sandbox.editorUrl}/webhook/crm-order-confirmed`, {
			method: 'POST',
			body: { phone: '593990000000', customerName: 'Nobody', orderId: 'X-2' },
		});
		expect(failed.status).toBe(200);
		await fake.events.idle();

		const runs = await runsOf(STATUSES_EXAMPLE, 4);
		const recorded = runs
			.filter((run) => run['Record Status'])
			.map((run) => out(run, 'Record Status')[0]);
		const messageId = (delivered.json as { id: string }).id;
		expect(recorded).toEqual(
			['delivered_channel', 'delivered_user', 'read'].map((status) => ({
				messageId,
				phone: '593995550202',
				template: 'order_confirmation',
				status,
				at: expect.any(String),
			})),
		);
		const tickets = runs
			.filter((run) => run['Open Ticket'])
			.map((run) => out(run, 'Open Ticket')[0]);
		expect(tickets).toEqual([
			{
				subject: 'WhatsApp template order_confirmation not delivered to 593990000000',
				messageId: (failed.json as { id: string }).id,
				reason: { code: 131026, message: 'Message undeliverable: the number is not on WhatsApp' },
			},
		]);
	});

	it('a customer reply updates the CRM step and is answered with a session message to the customer', async () => {
		const messageId = fake.sentMessages.find(
			(message) => message.destination === '593995550202',
		)!.id;
		const reply = await fetch(
			`${fake.url}/fake/v1/bots/${fake.botId}/messages/${messageId}/reply`,
			{
				method: 'POST',
				headers: { authorization: fake.authorization, 'content-type': 'application/json' },
				body: JSON.stringify({ text: 'Can you deliver it on Friday?' }),
			},
		);
		expect(reply.status).toBe(200);
		await fake.events.idle();
		const [run] = await runsOf(REPLY_EXAMPLE, 1);
		expect(out(run, 'Update CRM and Write Answer')[0]).toMatchObject({
			phone: '593995550202',
			customerSaid: 'Can you deliver it on Friday?',
			crmStatus: 'replied',
		});
		const sessionMessages = fake.requests.filter(
			(recorded) => recorded.method === 'POST' && recorded.path === '/v1/whatsapp/messages',
		);
		expect(sessionMessages.map((recorded) => recorded.body)).toEqual([
			{
				botId: 'examples-bot',
				userId: '593995550202',
				type: 'text',
				text: 'Thank you! We received your message ("Can you deliver it on Friday?"). An agent will follow up shortly.',
			},
		]);
	});
});
