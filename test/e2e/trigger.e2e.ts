// The Jelou WhatsApp Trigger in a served n8n, on one main process and in queue mode (webhooks received by the
// main process, executions run by the worker): activation over n8n's REST API subscribes the bot's events at the
// fake Jelou API, a template sent by another workflow starts the trigger's workflow with the delivered event,
// a wrong secret gets 401 and no execution, a redelivery starts nothing, and deactivation puts the previous URL back.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startFakeJelou, UNREACHABLE_NUMBER } from '../fake-jelou/server';
import type { FakeJelou } from '../fake-jelou/server';
import { freePort, n8nUnderTest, request, startE2eSandbox } from './support';
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

/** n8n's production (or test) URL of a trigger, whichever name n8n gives its own host (n8n 1.x says localhost). */
/** The workflow's name in a registered URL (so that a refusing trigger can name the workflow holding an event). */
const NAME_QUERY = '&name=[^&]+';

function webhookUrlPattern(
	editorUrl: string,
	webhookId: string,
	query = '',
	mode: 'production' | 'test' = 'production',
): RegExp {
	const port = new URL(editorUrl).port;
	const endpoint = mode === 'test' ? 'webhook-test' : 'webhook';
	return new RegExp(
		`^http://(127\\.0\\.0\\.1|localhost):${port}/${endpoint}/${webhookId}/webhook${query}$`,
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
					`\\?event=delivered_user&workflow=${TRIGGER_WORKFLOW_ID}${NAME_QUERY}&token=[A-Za-z0-9_-]{32}`,
				),
			),
			read: expect.stringMatching(
				webhookUrlPattern(
					sandbox.editorUrl,
					TRIGGER_WEBHOOK_ID,
					`\\?event=read&workflow=${TRIGGER_WORKFLOW_ID}${NAME_QUERY}&token=[A-Za-z0-9_-]{32}`,
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

	it('deactivation puts the previous URL of "read" back; delivered_user, which had none, is released', async () => {
		await setActive(false);
		await waitFor('the previous read URL', () =>
			fake.events.subscriptions.read === OTHER_READ_URL ? true : undefined,
		);
		expect(fake.events.subscriptions.delivered_user).toMatch(
			webhookUrlPattern(
				sandbox.editorUrl,
				TRIGGER_WEBHOOK_ID,
				`\\?event=delivered_user&workflow=${TRIGGER_WORKFLOW_ID}&inactive=true`,
			),
		);
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

	it('n8n serves the trigger as a trigger node on the Jelou API credential, with its codex categories, actions and webhook URL', async () => {
		const nodes = (await rest('/types/nodes.json')).json as Array<{
			name: string;
			group: string[];
			credentials: unknown;
			codex?: { categories?: string[] };
			properties: Array<{ displayName: string; options: Array<{ action?: string }> }>;
			webhooks: unknown;
		}>;
		const trigger = nodes.find((node) => node.name === 'n8n-nodes-jelou.jelouWhatsAppTrigger');
		expect(trigger).toMatchObject({
			group: ['trigger'],
			credentials: [{ name: 'jelouApi', required: true }],
		});
		expect(trigger?.codex?.categories).toEqual(['Communication', 'Marketing']);
		// What the editor's nodes panel lists as the trigger's actions, and its Webhook URLs panel shows in both modes
		const events = trigger?.properties.find((property) => property.displayName === 'Events');
		expect(events?.options.map((option) => option.action)).toEqual([
			'On Delivered to Customer',
			'On Delivered to WhatsApp',
			'On Failed',
			'On Read',
			'On Reply',
		]);
		expect(trigger?.webhooks).toEqual([
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		]);
	});

	it('both examples are active and hold the bot’s events: reply for one, the four statuses for the other', async () => {
		const urlOf = (webhookId: string) =>
			webhookUrlPattern(
				sandbox.editorUrl,
				webhookId,
				`\\?event=\\w+&workflow=\\w+${NAME_QUERY}&token=[\\w-]{32}`,
			);
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

// Every sequence the trigger must survive, in a real n8n restarted where a sequence says so: activation,
// deactivation, listening with the Test URL (refused, stopped, ended by a delivery, timed out) and restarts.
// The CRM that held "read" before is a server on this machine; after every step the bot's subscriptions are
// checked: never a lost CRM URL, never a dead URL of the trigger that is not marked released.
describe('Jelou WhatsApp Trigger: activation, test listening and restarts in n8n', () => {
	const A = { id: 'E2eJelouSeqA001', webhookId: 'c3a1e2d4-2000-4000-8000-0000000000a1' };
	const B = { id: 'E2eJelouSeqB001', webhookId: 'c3a1e2d4-2000-4000-8000-0000000000b1' };
	const C = { id: 'E2eJelouSeqC001', webhookId: 'c3a1e2d4-2000-4000-8000-0000000000c1' };
	const D = { id: 'E2eJelouSeqD001', webhookId: 'c3a1e2d4-2000-4000-8000-0000000000d1' };
	const TRIGGER_NODE = 'Jelou WhatsApp Trigger';
	const triggerWorkflow = (
		{ id, webhookId }: { id: string; webhookId: string },
		parameters: object,
	) => ({
		...TRIGGER_WORKFLOW,
		id,
		name: `e2e trigger ${id}`,
		nodes: [
			{ ...TRIGGER_WORKFLOW.nodes[0], id: `${id}-trigger`, webhookId, parameters },
			{ ...TRIGGER_WORKFLOW.nodes[1], id: `${id}-done` },
		],
	});
	/** n8n's Remove Duplicates after the trigger, as the README and the trigger's notice tell users to add it. */
	const withRemoveDuplicates = (workflow: ReturnType<typeof triggerWorkflow>) => ({
		...workflow,
		nodes: [
			workflow.nodes[0],
			{
				id: `${workflow.id}-dedupe`,
				name: 'Remove Duplicates',
				type: 'n8n-nodes-base.removeDuplicates',
				typeVersion: 2,
				position: [220, 0],
				parameters: {
					operation: 'removeItemsSeenInPreviousExecutions',
					dedupeValue: '={{ $json.event }}-{{ $json.messageId }}',
				},
			},
			{ ...workflow.nodes[1], position: [440, 0] },
		],
		connections: {
			[TRIGGER_NODE]: { main: [[{ node: 'Remove Duplicates', type: 'main', index: 0 }]] },
			'Remove Duplicates': { main: [[{ node: 'Done', type: 'main', index: 0 }]] },
		},
	});
	const WORKFLOWS = [
		CRM_EXAMPLE,
		// A: two events, "read" taken from the CRM (Replace Existing on), Remove Duplicates after the trigger
		withRemoveDuplicates(
			triggerWorkflow(A, { events: ['delivered_user', 'read'], replaceExisting: true }),
		),
		// B: an event that had no URL before
		triggerWorkflow(B, { events: ['failed'] }),
		// C: wants "read" too, while A holds it
		triggerWorkflow(C, { events: ['read'], replaceExisting: true }),
	];

	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { startSandbox } = require('../../scripts/sandbox') as {
		startSandbox(options: object): Promise<Sandbox>;
	};
	let fake: FakeJelou;
	let sandbox: Sandbox;
	let auth: { headers: Record<string, string> };
	let crm: Server;
	let crmUrl: string;
	let userFolder: string;
	let ports: { port: number; brokerPort: number };
	let messageCount = 0;

	async function startN8n(workflows: object[]): Promise<void> {
		sandbox = await startSandbox({
			userFolder,
			...ports,
			fake: {
				url: fake.url,
				clientId: fake.clientId,
				clientSecret: fake.clientSecret,
				botId: fake.botId,
			},
			serve: true,
			importExamples: false,
			workflows,
			quiet: true,
		});
		auth = await sandbox.login();
	}
	/** n8n stops (nothing of the trigger runs: n8n does not deactivate workflows when it stops) and starts again. */
	async function restart(): Promise<void> {
		await sandbox.stop();
		await startN8n([]);
	}

	const rest = async (path: string, options: { method?: string; body?: unknown } = {}) =>
		await request(`${sandbox.editorUrl}${path}`, { ...options, headers: auth.headers });
	const workflowOf = async (id: string) =>
		((await rest(`/rest/workflows/${id}`)).json as { data: Record<string, unknown> }).data;

	/**
	 * n8n 2.x: POST …/activate queues the publication, applied by a poller, whose outcome publication-status
	 * reports; n8n 1.x answers the activation itself. Resolves with the activation error, if any.
	 */
	async function setActive(id: string, active: boolean): Promise<string | undefined> {
		const { versionId } = (await workflowOf(id)) as { versionId: string };
		const answer = await rest(`/rest/workflows/${id}/${active ? 'activate' : 'deactivate'}`, {
			method: 'POST',
			body: { versionId },
		});
		if (answer.status !== 200) return messageOf(answer);
		if (n8nUnderTest.line === '1' || !active) return undefined;
		return await waitFor(`the publication of ${id}`, async () => {
			const status = (
				(await rest(`/rest/workflows/${id}/publication-status`)).json as {
					data: { status: string; triggers: Array<{ status: string; errorMessage?: string }> };
				}
			).data;
			const failed = status.triggers.find((trigger) => trigger.errorMessage);
			if (failed) return failed.errorMessage;
			return status.triggers.some((trigger) => trigger.status === 'activated') ? '' : undefined;
		}).then((error) => error || undefined);
	}

	const messageOf = (answer: { json: unknown; text: string }) =>
		(answer.json as { message?: string } | undefined)?.message ?? answer.text;

	/** The editor's "Listen for test event" on the trigger: { waiting } or n8n's error message. */
	async function listen(id: string): Promise<{ waiting: boolean; message: string }> {
		const trigger = { triggerToStartFrom: { name: TRIGGER_NODE } };
		const body =
			n8nUnderTest.line === '1' ? { workflowData: await workflowOf(id), ...trigger } : trigger;
		const answer = await rest(`/rest/workflows/${id}/run`, { method: 'POST', body });
		const waiting =
			answer.status === 200 &&
			(answer.json as { data?: { waitingForWebhook?: boolean } }).data?.waitingForWebhook === true;
		return { waiting, message: messageOf(answer) };
	}
	const stopListening = async (id: string) =>
		expect((await rest(`/rest/test-webhook/${id}`, { method: 'DELETE' })).status).toBe(200);

	const executionsOf = async (id: string) => {
		const filter = encodeURIComponent(JSON.stringify({ workflowId: id }));
		const answer = (await rest(`/rest/executions?filter=${filter}&limit=100`)).json as {
			data: { results: Array<{ id: string; mode: string; status: string }> };
		};
		return answer.data.results.filter((run) => run.status === 'success');
	};
	/** The items each node of a finished execution put out (nodes that did not run are absent). */
	const outputsOf = async (executionId: string): Promise<Record<string, unknown[]>> => {
		const answer = (await rest(`/rest/executions/${executionId}`)).json as {
			data: { data: string };
		};
		const { runData } = (
			unflatten(answer.data.data) as {
				resultData: { runData: Record<string, Array<{ data: { main: unknown[][] } }>> };
			}
		).resultData;
		return Object.fromEntries(
			Object.entries(runData).map(([node, runs]) => [node, runs[0].data.main[0] ?? []]),
		);
	};
	const urlOf = (
		{ webhookId }: { webhookId: string },
		mode: 'production' | 'test',
		query: string,
	) => webhookUrlPattern(sandbox.editorUrl, webhookId, query, mode);
	const live = (workflow: typeof A, event: string, mode: 'production' | 'test' = 'production') =>
		urlOf(
			workflow,
			mode,
			`\\?event=${event}&workflow=${workflow.id}${NAME_QUERY}&token=[\\w-]{32}`,
		);
	const released = (
		workflow: typeof A,
		event: string,
		mode: 'production' | 'test' = 'production',
	) => urlOf(workflow, mode, `\\?event=${event}&workflow=${workflow.id}&inactive=true`);
	const subscriptionsBecome = async (expected: Record<string, unknown>) =>
		await waitFor(`subscriptions ${JSON.stringify(expected)}`, () => {
			try {
				expect(fake.events.subscriptions).toEqual(expected);
				return true;
			} catch {
				return undefined;
			}
		}).catch(() => expect(fake.events.subscriptions).toEqual(expected));
	const sendTemplate = async (phone: string) => {
		const sent = await request(`${sandbox.editorUrl}/webhook/crm-order-confirmed`, {
			method: 'POST',
			body: { phone, customerName: 'Ana', orderId: `S-${++messageCount}` },
		});
		expect(sent.status).toBe(200);
		await fake.events.idle();
		return (sent.json as { id: string }).id;
	};

	beforeAll(async () => {
		process.env.N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS = '500';
		crm = createServer((req, res) => {
			req.resume();
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
		await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
		crmUrl = `http://127.0.0.1:${(crm.address() as AddressInfo).port}/jelou/read`;
		fake = await startFakeJelou({ botId: 'sequence-bot' });
		fake.events.subscriptions.read = crmUrl;
		userFolder = mkdtempSync(join(tmpdir(), 'jelou-e2e-sequences-'));
		ports = { port: await freePort(), brokerPort: await freePort() };
		await startN8n(WORKFLOWS);
	}, 600000);

	afterAll(async () => {
		await sandbox?.stop();
		await fake?.close();
		await new Promise((resolve) => crm?.close(resolve));
		if (userFolder) rmSync(userFolder, { recursive: true, force: true });
	});

	it('listening on the inactive workflow is refused while the CRM holds "read", and the CRM keeps it', async () => {
		const refused = await listen(A.id);
		expect(refused.waiting).toBe(false);
		expect(refused.message).toContain(
			`already sends events to another URL: "read" goes to ${new URL(crmUrl).host}`,
		);
		expect(fake.events.subscriptions).toEqual({ read: crmUrl });
	});

	it('activation takes "read" from the CRM; listening while active is refused, saying production keeps the events', async () => {
		expect(await setActive(A.id, true)).toBeUndefined();
		await subscriptionsBecome({
			delivered_user: expect.stringMatching(live(A, 'delivered_user')),
			read: expect.stringMatching(live(A, 'read')),
		});
		const held = { ...fake.events.subscriptions };
		const refused = await listen(A.id);
		expect(refused.waiting).toBe(false);
		expect(refused.message).toContain(
			'This workflow is active: Jelou sends "delivered_user", "read" of bot sequence-bot to its production URL',
		);
		expect(fake.events.subscriptions).toEqual(held);
		await sendTemplate('+593 99 555 0301');
		expect(fake.events.deliveries.map((delivery) => [delivery.event, delivery.status])).toEqual([
			['delivered_user', 200],
			['read', 200],
		]);
		await waitFor('two runs of A', async () =>
			(await executionsOf(A.id)).length === 2 ? true : undefined,
		);
	});

	it('another workflow of this n8n is refused "read", with A named, even with Replace Existing on', async () => {
		const error = await setActive(C.id, true);
		// Left inactive, so that no later start of n8n activates it.
		await setActive(C.id, false);
		expect(error).toContain(
			`"read" goes to another workflow on this n8n ("e2e trigger ${A.id}", workflow ${A.id}, the production URL of its Jelou WhatsApp Trigger, webhook /webhook/${A.webhookId}/webhook)`,
		);
		expect(fake.events.subscriptions.read).toMatch(live(A, 'read'));
	});

	it('an address Jelou cannot reach: activation is refused, and the message n8n shows says what to do', async () => {
		// A credential naming a Jelou on the internet (a documentation address, never contacted: the trigger
		// refuses before any request), so n8n's loopback webhook URL is out of its reach.
		const credential = await rest('/rest/credentials', {
			method: 'POST',
			body: {
				name: 'Jelou on the internet',
				type: 'jelouApi',
				data: {
					clientId: 'e2e',
					clientSecret: 'e2e',
					botId: 'public-bot',
					baseUrl: 'https://203.0.113.10',
				},
			},
		});
		expect(credential.status).toBe(200);
		const { id: credentialId } = (credential.json as { data: { id: string } }).data;
		const workflow = triggerWorkflow(D, { events: ['failed'] });
		const created = await rest('/rest/workflows', {
			method: 'POST',
			body: {
				name: workflow.name,
				nodes: workflow.nodes.map((node, index) =>
					index === 0
						? {
								...node,
								credentials: { jelouApi: { id: credentialId, name: 'Jelou on the internet' } },
							}
						: node,
				),
				connections: workflow.connections,
				settings: workflow.settings,
				// n8n 1.x stores no workflow without it
				active: false,
			},
		});
		expect(created.status).toBe(200);
		const { id } = (created.json as { data: { id: string } }).data;
		const held = { ...fake.events.subscriptions };
		const error = await setActive(id, true);
		// Left inactive, so that no later start of n8n activates it.
		await setActive(id, false);
		expect(error).toMatch(
			/Jelou cannot reach this trigger: n8n's webhook address http:\/\/(127\.0\.0\.1|localhost):\d+ is known only on this machine or network\. Set n8n's WEBHOOK_URL to its public https address \(for example https:\/\/n8n\.example\.com\/\) and restart n8n, or set Registration to Manual/,
		);
		expect(fake.events.subscriptions).toEqual(held);
	});

	// Measured on both lines: N deliveries, a restart, the same N again: N answers "started" and N runs. Remove
	// Duplicates keeps its history in n8n's database, but each run saves the whole history it read, so runs that
	// overlap can erase each other's keys (n8n 2.41.1: 8 and 9 of 20 back-to-back deliveries passed it again
	// after a restart; 0 when each run ended before the next delivery). Here each run ends before the next.
	it('a restart keeps A receiving; the memory of deliveries is per process, so redeliveries after it start runs, which Remove Duplicates stops', async () => {
		const readUrl = fake.events.subscriptions.read!;
		const distinct = Array.from({ length: 10 }, (_, i) => ({
			id: `restart-${i}`,
			sentStatus: 'READ',
		}));
		const runsBefore = (await executionsOf(A.id)).length;
		for (const [index, body] of distinct.entries()) {
			expect((await request(readUrl, { method: 'POST', body })).json).toEqual({
				received: true,
				started: true,
			});
			await waitFor(`run ${index + 1} of the ten`, async () =>
				(await executionsOf(A.id)).length === runsBefore + index + 1 ? true : undefined,
			);
		}
		// Within the process, each repeat starts nothing.
		for (const body of distinct)
			expect((await request(readUrl, { method: 'POST', body })).json).toEqual({
				received: true,
				started: false,
			});
		const lastBefore = Math.max(...(await executionsOf(A.id)).map((run) => Number(run.id)));

		await restart();
		for (const body of distinct)
			expect((await request(readUrl, { method: 'POST', body })).json).toEqual({
				received: true,
				started: true,
			});
		const afterRestart = await waitFor('ten runs after the restart', async () => {
			const runs = (await executionsOf(A.id)).filter((run) => Number(run.id) > lastBefore);
			return runs.length === distinct.length ? runs : undefined;
		});
		for (const run of afterRestart)
			expect(await outputsOf(run.id)).toEqual({
				[TRIGGER_NODE]: [
					expect.objectContaining({ json: expect.objectContaining({ event: 'read' }) }),
				],
				'Remove Duplicates': [],
			});

		await sendTemplate('+593 99 555 0302');
		const fresh = await waitFor('two runs of a new message', async () => {
			const runs = (await executionsOf(A.id)).filter((run) => Number(run.id) > lastBefore);
			return runs.length === distinct.length + 2 ? runs : undefined;
		});
		const newest = fresh.filter((run) => !afterRestart.some((other) => other.id === run.id));
		for (const run of newest) expect(Object.keys(await outputsOf(run.id))).toContain('Done');
	});

	it('deactivation gives "read" back to the CRM and releases delivered_user', async () => {
		expect(await setActive(A.id, false)).toBeUndefined();
		await subscriptionsBecome({
			read: crmUrl,
			delivered_user: expect.stringMatching(released(A, 'delivered_user')),
		});
	});

	it('listening on the inactive workflow B takes "failed"; a delivery runs the test and releases it', async () => {
		expect((await listen(B.id)).waiting).toBe(true);
		await subscriptionsBecome({
			read: crmUrl,
			delivered_user: expect.stringMatching(released(A, 'delivered_user')),
			failed: expect.stringMatching(live(B, 'failed', 'test')),
		});
		await sendTemplate(UNREACHABLE_NUMBER);
		expect(fake.events.deliveries.at(-1)).toMatchObject({ event: 'failed', status: 200 });
		await waitFor('a test run of B', async () =>
			(await executionsOf(B.id)).some((run) => run.mode === 'manual') ? true : undefined,
		);
		await subscriptionsBecome({
			read: crmUrl,
			delivered_user: expect.stringMatching(released(A, 'delivered_user')),
			failed: expect.stringMatching(released(B, 'failed', 'test')),
		});
	});

	it('stopping the listening releases "failed" again', async () => {
		expect((await listen(B.id)).waiting).toBe(true);
		await waitFor('B listening', () =>
			live(B, 'failed', 'test').test(fake.events.subscriptions.failed ?? '') ? true : undefined,
		);
		await stopListening(B.id);
		await waitFor('failed released', () =>
			released(B, 'failed', 'test').test(fake.events.subscriptions.failed ?? '') ? true : undefined,
		);
	});

	it('a restart while B listens leaves its test URL (no URL was there before); the next listening takes it back and the timeout releases it', async () => {
		expect((await listen(B.id)).waiting).toBe(true);
		await waitFor('B listening', () =>
			live(B, 'failed', 'test').test(fake.events.subscriptions.failed ?? '') ? true : undefined,
		);
		const listening = fake.events.subscriptions.failed!;
		await restart();
		expect(fake.events.subscriptions.failed).toBe(listening);
		expect((await request(listening, { method: 'POST', body: { id: 'late' } })).status).toBe(404);
		expect((await listen(B.id)).waiting).toBe(true);
		await waitFor('B listening again', () =>
			fake.events.subscriptions.failed !== listening &&
			live(B, 'failed', 'test').test(fake.events.subscriptions.failed ?? '')
				? true
				: undefined,
		);
		// n8n ends a listening after two minutes
		await waitFor(
			'the timeout',
			() =>
				released(B, 'failed', 'test').test(fake.events.subscriptions.failed ?? '')
					? true
					: undefined,
			180_000,
		);
	}, 300_000);

	it('activating B while it listens gives "failed" to production, which keeps it when the listening stops; deactivation releases it', async () => {
		expect((await listen(B.id)).waiting).toBe(true);
		await waitFor('B listening', () =>
			live(B, 'failed', 'test').test(fake.events.subscriptions.failed ?? '') ? true : undefined,
		);
		expect(await setActive(B.id, true)).toBeUndefined();
		await waitFor('B active', () =>
			live(B, 'failed').test(fake.events.subscriptions.failed ?? '') ? true : undefined,
		);
		await stopListening(B.id);
		expect(fake.events.subscriptions.failed).toMatch(live(B, 'failed'));
		const runs = (await executionsOf(B.id)).length;
		await sendTemplate(UNREACHABLE_NUMBER);
		expect(fake.events.deliveries.at(-1)).toMatchObject({ event: 'failed', status: 200 });
		await waitFor('a production run of B', async () =>
			(await executionsOf(B.id)).length === runs + 1 ? true : undefined,
		);
		expect(await setActive(B.id, false)).toBeUndefined();
		await subscriptionsBecome({
			read: crmUrl,
			delivered_user: expect.stringMatching(released(A, 'delivered_user')),
			failed: expect.stringMatching(released(B, 'failed')),
		});
	});
});
