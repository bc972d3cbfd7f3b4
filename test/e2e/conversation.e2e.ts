// Conversation → every operation, and Message → Download Media, executed by a real n8n (2.x, or 1.x with
// JELOU_N8N_LINE=1) from its CLI on node version 2; then the two conversation examples in a served n8n in queue
// mode (webhooks and the trigger on the main process, executions on the worker, the voice note's binary data
// crossing processes: in the database on n8n 2.x, on the filesystem on 1.x).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ACTIVE_CUSTOMER, INACTIVE_CUSTOMER } from '../fake-jelou/conversations-store';
import { startFakeJelou } from '../fake-jelou/server';
import type { FakeJelou } from '../fake-jelou/server';
import { curlCommandsIn, parseCurl, runDocCommand } from '../helpers/doc-commands';
import { finishedExecutions, outputsOf, waitFor } from './executions';
import {
	chainWorkflow,
	n8nUnderTest,
	outputOf,
	pairingOf,
	request,
	requestsTo,
	runWorkflowsOnce,
	startE2eSandbox,
} from './support';
import type { Sandbox } from './support';

const JELOU = 'n8n-nodes-jelou.jelouWhatsApp';
const jelou = (name: string, parameters: object, extra: object = {}) => ({
	name,
	type: JELOU,
	typeVersion: 2,
	parameters,
	...extra,
});
const conversation = (name: string, operation: string, parameters: object = {}, extra = {}) =>
	jelou(name, { resource: 'conversation', operation, ...parameters }, extra);
const code = (name: string, jsCode: string) => ({
	name,
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	parameters: { jsCode },
});

/** A Code node that reads the file in binary field `data` of each item, as a transcription node would. */
const readFile = code(
	'Read File',
	"const out = [];\nfor (let i = 0; i < $input.all().length; i++) {\n  const file = await this.helpers.getBinaryDataBuffer(i, 'data');\n  const { mimeType, fileName } = $input.all()[i].binary.data;\n  out.push({ json: { bytes: file.length, magic: file.subarray(0, 4).toString('latin1'), mimeType, fileName } });\n}\nreturn out;",
);
const downloadMedia = jelou('Download Media', {
	resource: 'message',
	operation: 'downloadMedia',
	mediaUrl: '={{ $json.mediaUrl }}',
});

// execute-batch only runs ids with a digit in them
const WORKFLOWS = [
	chainWorkflow('ConvState1', 'conversation: pause, read, resume, read', [
		conversation('Pause Bot', 'pauseBot', {
			userId: '+593 99 123 4567',
			options: { resumeAfter: 30, resumeAfterUnit: 'minutes' },
		}),
		conversation('State While Paused', 'getState', { userId: ACTIVE_CUSTOMER }),
		conversation('Resume Bot', 'resumeBot', { userId: ACTIVE_CUSTOMER }),
		conversation('State After', 'getState', { userId: ACTIVE_CUSTOMER }),
	]),
	chainWorkflow('ConvFlow1', 'conversation: start a bot flow with values, read the memory', [
		conversation('Start Bot Flow', 'startBotFlow', {
			userId: ACTIVE_CUSTOMER,
			skill: { __rl: true, mode: 'id', value: '2' },
			values: { pairs: [{ key: 'orderNumber', value: 'ORD-1' }] },
		}),
		conversation('Memory After Flow', 'getMemory', { userId: ACTIVE_CUSTOMER }),
	]),
	chainWorkflow('ConvNoSession1', 'conversation: a bot flow for a customer without a session', [
		conversation(
			'Start Bot Flow',
			'startBotFlow',
			{ userId: INACTIVE_CUSTOMER, skill: { __rl: true, mode: 'id', value: '1' } },
			{ onError: 'continueRegularOutput' },
		),
	]),
	chainWorkflow('ConvMemory1', 'conversation: set and get memory', [
		conversation('Set Memory', 'setMemory', {
			userId: INACTIVE_CUSTOMER,
			valuesInput: 'json',
			valuesJson: '{"vip": true, "orderNumber": "ORD-9"}',
		}),
		conversation('Get Memory', 'getMemory', { userId: INACTIVE_CUSTOMER }),
	]),
	chainWorkflow('ConvHistory1', 'conversation: one customer’s history, simplified', [
		conversation('History', 'getHistory', { userId: ACTIVE_CUSTOMER, limit: 10 }),
	]),
	chainWorkflow('ConvHistory2', 'conversation: the bot’s history, every page, as Jelou lists it', [
		conversation('History', 'getHistory', { historyOf: 'bot', returnAll: true, simplify: false }),
	]),
	chainWorkflow('ConvMedia1', 'message: download the voice note a customer sent', [
		conversation('History', 'getHistory', { userId: ACTIVE_CUSTOMER }),
		code('Voice Notes', "return $input.all().filter((item) => item.json.type === 'audio');"),
		downloadMedia,
		readFile,
	]),
	chainWorkflow('ConvDryRun1', 'conversation: dry run of a pause', [
		conversation('Pause Bot', 'pauseBot', { userId: INACTIVE_CUSTOMER, dryRun: true }),
	]),
];

const batch = runWorkflowsOnce(WORKFLOWS);

describe('Conversation and Download Media in a real n8n (node version 2)', () => {
	it('ran every workflow without an error', () => {
		for (const workflow of WORKFLOWS) {
			const { id } = workflow as { id: string };
			expect([id, batch.runs[id]?.data.resultData.error?.message]).toEqual([id, undefined]);
		}
	});

	it('Pause Bot → Get State → Resume Bot → Get State: manual with a 30-minute ttl, then auto', () => {
		const run = batch.runs.ConvState1;
		expect(outputOf(run, 'Pause Bot')).toEqual([
			expect.objectContaining({ id: ACTIVE_CUSTOMER, state: 'manual', botAnswers: false }),
		]);
		expect(outputOf(run, 'State While Paused')[0]).toMatchObject({ state: 'manual' });
		expect(outputOf(run, 'Resume Bot')[0]).toMatchObject({ state: 'auto', botAnswers: true });
		expect(outputOf(run, 'State After')[0]).toMatchObject({ state: 'auto', botAnswers: true });
		expect(requestsTo(batch.fake, 'POST', '/v1/users/state').map((r) => r.body)).toEqual([
			{ ttl: 1800, botId: batch.fake.botId, userId: ACTIVE_CUSTOMER, state: 'manual' },
			{ botId: batch.fake.botId, userId: ACTIVE_CUSTOMER, state: 'auto' },
		]);
		expect(pairingOf(run, 'State After')).toEqual([{ item: 0 }]);
	});

	it('Start Bot Flow sends the values as memoryParams, and the flow’s memory holds them', () => {
		const run = batch.runs.ConvFlow1;
		expect(outputOf(run, 'Start Bot Flow')).toEqual([
			expect.objectContaining({ message: ['Skill set correctly.'], skillId: '2' }),
		]);
		expect(
			requestsTo(
				batch.fake,
				'POST',
				`/v1/bots/${batch.fake.botId}/users/${ACTIVE_CUSTOMER}/skill/2`,
			)[0].body,
		).toEqual({ memoryParams: { orderNumber: 'ORD-1' } });
		expect(outputOf(run, 'Memory After Flow')[0]).toMatchObject({ orderNumber: 'ORD-1' });
	});

	it('Start Bot Flow for a customer who has not written in 24 hours fails with the rule', () => {
		const [item] = outputOf(batch.runs.ConvNoSession1, 'Start Bot Flow');
		expect(item.error).toMatch(/active session/);
		expect(item.description).toMatch(/wrote to the bot in the last 24 hours/);
	});

	it('Set Memory merges JSON values into the memory; Get Memory reads them back', () => {
		const run = batch.runs.ConvMemory1;
		expect(outputOf(run, 'Set Memory')[0]).toMatchObject({
			status: 'success',
			values: { vip: true, orderNumber: 'ORD-9' },
		});
		expect(outputOf(run, 'Get Memory')).toEqual([
			{
				groupId: 'grp-67890',
				orderNumber: 'ORD-9',
				vip: true,
				userId: INACTIVE_CUSTOMER,
				botId: batch.fake.botId,
			},
		]);
	});

	it('Get History of one customer: one simplified item per message, oldest first', () => {
		const items = outputOf(batch.runs.ConvHistory1, 'History');
		expect(items.map((item) => [item.from, item.type])).toEqual([
			['customer', 'text'],
			['bot', 'text'],
			['customer', 'image'],
			['customer', 'audio'],
		]);
		expect(Object.keys(items[0])).toEqual([
			'userId',
			'from',
			'type',
			'text',
			'mediaUrl',
			'messageId',
			'at',
			'botId',
		]);
		expect(new Set(items.map((item) => item.userId))).toEqual(new Set([ACTIVE_CUSTOMER]));
	});

	it('Get History of the whole bot with Return All: Jelou’s messages as they are, in time order', () => {
		const items = outputOf(batch.runs.ConvHistory2, 'History');
		// The seed: four messages of one customer, one of another; nothing in this batch sends any.
		expect(items).toHaveLength(5);
		expect(items[0]).toEqual(expect.objectContaining({ by: 'user', bubble: expect.any(Object) }));
		const times = items.map((item) => Date.parse(item.createdAt as string));
		expect([...times].sort((a, b) => a - b)).toEqual(times);
		expect(
			requestsTo(batch.fake, 'GET', `/v1/external/messages/history/${batch.fake.botId}`).map(
				(r) => r.query.limit,
			),
		).toEqual(['50']);
	});

	it('Download Media brings the voice note into binary data that the next node reads', () => {
		const [file] = outputOf(batch.runs.ConvMedia1, 'Read File');
		expect(file).toEqual({
			bytes: 2048,
			magic: 'OggS',
			mimeType: 'audio/ogg',
			fileName: expect.stringMatching(/\.ogg$/),
		});
		const mediaGets = batch.fake.requests.filter((r) => r.path.startsWith('/media/'));
		expect(mediaGets).toHaveLength(1);
		expect(mediaGets[0].headerNames).not.toContain('authorization');
	});

	it('Dry Run of Pause Bot outputs the request and pauses nobody', () => {
		expect(outputOf(batch.runs.ConvDryRun1, 'Pause Bot')).toEqual([
			{
				dryRun: true,
				method: 'POST',
				path: '/v1/users/state',
				body: { botId: batch.fake.botId, userId: INACTIVE_CUSTOMER, state: 'manual' },
				botId: batch.fake.botId,
			},
		]);
	});
});

const readExample = (file: string) =>
	JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', file), 'utf8')) as {
		id: string;
		name: string;
		active?: boolean;
	};

/** The commands docs/examples.md gives for one example, in the order a person runs them. */
function stepsOf(heading: string) {
	const page = readFileSync(join(__dirname, '..', '..', 'docs', 'examples.md'), 'utf8');
	const section = page.split('\n## ').find((part) => part.startsWith(heading));
	if (!section) throw new Error(`docs/examples.md has no section "${heading}"`);
	return curlCommandsIn(section).map(parseCurl);
}

describe('the conversation examples in a served n8n in queue mode', () => {
	const HANDOFF = readExample('person-takes-over-then-bot-resumes.json');
	const [askForPerson, ticketClosed] = stepsOf('A customer asks for a person');
	// Imported as the sandbox has them: the customer reply example published, holding Reply; the voice note not.
	const VOICE = readExample('voice-note-transcribe-answer.json');
	const REPLY = readExample('reply-to-ai-agent-crm.json');
	const binaryDataMode = n8nUnderTest.line === '2' ? 'database' : 'filesystem';
	// Message → Download Media on the worker: the file it stores is read by the next node there.
	const MEDIA_ON_WORKER = {
		id: 'ConvQueueMedia01',
		name: 'e2e queue: download media',
		active: true,
		nodes: [
			{
				name: 'Media URL',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				webhookId: 'conv-queue-media-hook',
				parameters: {
					httpMethod: 'POST',
					path: 'e2e-queue-media',
					responseMode: 'lastNode',
					options: {},
				},
			},
			{
				...downloadMedia,
				parameters: { ...downloadMedia.parameters, mediaUrl: '={{ $json.body.mediaUrl }}' },
			},
			readFile,
		].map((node, index) => ({
			id: `conv-queue-media-${index}`,
			position: [index * 220, 0],
			...node,
		})),
		connections: {
			'Media URL': { main: [[{ node: 'Download Media', type: 'main', index: 0 }]] },
			'Download Media': { main: [[{ node: 'Read File', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
	let fake: FakeJelou;
	let sandbox: Sandbox;
	let auth: { headers: Record<string, string> };
	const rest = async (path: string, options: { method?: string; body?: unknown } = {}) =>
		await request(`${sandbox.editorUrl}${path}`, { ...options, headers: auth.headers });

	/**
	 * Publishes or unpublishes a workflow as the editor does and resolves with the activation's error, if any:
	 * n8n 2.x queues the publication and reports it in publication-status; n8n 1.x answers the activation itself.
	 */
	async function setPublished(workflowId: string, active: boolean): Promise<string | undefined> {
		const { versionId } = (
			(await rest(`/rest/workflows/${workflowId}`)).json as { data: { versionId: string } }
		).data;
		const answer = await rest(
			`/rest/workflows/${workflowId}/${active ? 'activate' : 'deactivate'}`,
			{ method: 'POST', body: { versionId } },
		);
		if (answer.status === 404) {
			const patched = await rest(`/rest/workflows/${workflowId}`, {
				method: 'PATCH',
				body: { active, versionId },
			});
			return patched.status === 200
				? undefined
				: ((patched.json as { message?: string })?.message ?? patched.text);
		}
		// n8n 1.x answers the activation itself: a refusal is its 400's message
		if (answer.status !== 200)
			return (answer.json as { message?: string } | undefined)?.message ?? answer.text;
		if (!active || n8nUnderTest.line === '1') return undefined;
		return await waitFor(`the publication of ${workflowId}`, async () => {
			const status = (
				(await rest(`/rest/workflows/${workflowId}/publication-status`)).json as {
					data: { triggers: Array<{ status: string; errorMessage?: string }> };
				}
			).data;
			const failed = status.triggers.find((trigger) => trigger.errorMessage);
			if (failed) return failed.errorMessage;
			return status.triggers.some((trigger) => trigger.status === 'activated') ? '' : undefined;
		}).then((error) => error || undefined);
	}
	/** POSTs to a production webhook, again while n8n answers 404 (the workflow's webhooks not live yet). */
	const callWebhook = async (path: string, body: object) =>
		await waitFor(`the webhook ${path}`, async () => {
			const answer = await request(`${sandbox.editorUrl}/webhook/${path}`, {
				method: 'POST',
				body,
			});
			return answer.status === 404 ? undefined : answer;
		});
	const sessionTexts = () =>
		requestsTo(fake, 'POST', '/v1/whatsapp/messages').map((r) => (r.body as { text: string }).text);

	beforeAll(async () => {
		process.env.N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS = '500';
		fake = await startFakeJelou({ botId: 'conversation-bot' });
		sandbox = await startE2eSandbox(fake, {
			serve: true,
			queueMode: true,
			binaryDataMode,
			importExamples: false,
			workflows: [HANDOFF, VOICE, REPLY, MEDIA_ON_WORKER],
		});
		auth = await sandbox.login();
	}, 600000);

	afterAll(async () => {
		await sandbox?.stop();
		await fake?.close();
	});

	/** Runs a command of docs/examples.md against this n8n, again while it answers 404 (webhooks not live yet). */
	const runStep = async (step: ReturnType<typeof parseCurl>) =>
		await waitFor(step.text, async () => {
			const answer = await runDocCommand(step, { 'http://127.0.0.1:5678': sandbox.editorUrl });
			return answer.status === 404 ? undefined : answer;
		});

	it('a customer asking for a person (the docs’ first command): the bot pauses (8 hours), ticket T-1 opens, the customer is told', async () => {
		const answer = await runStep(askForPerson);
		expect(answer.status).toBe(200);
		expect(requestsTo(fake, 'POST', '/v1/users/state').map((r) => r.body)).toEqual([
			{ ttl: 28800, botId: 'conversation-bot', userId: ACTIVE_CUSTOMER, state: 'manual' },
		]);
		expect(fake.conversations.customer(ACTIVE_CUSTOMER)?.state).toBe('manual');
		expect(sessionTexts()).toEqual([
			'Thank you! A person from our team will answer you here shortly (ticket T-1).',
		]);
	});

	it('the ticket closed (the docs’ second command, closing the ticket the customer was told): the bot answers again', async () => {
		expect(JSON.parse(ticketClosed.body!)).toEqual({ phone: ACTIVE_CUSTOMER, ticketId: 'T-1' });
		const answer = await runStep(ticketClosed);
		expect(answer.status).toBe(200);
		expect(fake.conversations.customer(ACTIVE_CUSTOMER)?.state).toBe('auto');
		expect(sessionTexts()[1]).toBe(
			'Your ticket T-1 is closed. Our assistant is back: write any time.',
		);
	});

	it(`Message → Download Media runs on the worker, its file kept in ${binaryDataMode} binary data`, async () => {
		const voiceNote = fake.conversations.history.find((message) => message.bubble.type === 'audio');
		const answer = await callWebhook('e2e-queue-media', { mediaUrl: voiceNote!.bubble.mediaUrl });
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual(
			expect.objectContaining({ bytes: 2048, magic: 'OggS', mimeType: 'audio/ogg' }),
		);
		const [execution] = await finishedExecutions(rest, MEDIA_ON_WORKER.id, 1);
		expect(execution.status).toBe('success');
		const stored = execution.runData['Download Media'][0].data?.main[0]?.[0].binary?.data as {
			id?: string;
		};
		expect(stored.id).toMatch(new RegExp(`^${binaryDataMode}`));
		const onWorker = [...sandbox.logs.worker().matchAll(/Worker finished execution (\d+)/g)].map(
			(match) => match[1],
		);
		expect(onWorker).toContain(execution.id);
	});

	it('the voice note example as its steps say: refused while the customer reply example holds Reply, published once that one is not', async () => {
		expect([VOICE.active, REPLY.active]).toEqual([false, true]);
		await waitFor('the customer reply example’s Reply subscription', () =>
			fake.events.subscriptions.reply?.includes(`workflow=${REPLY.id}`) ? true : undefined,
		);
		const refused = await setPublished(VOICE.id, true);
		// named by its name, as in the steps, and by its ID
		expect(refused).toContain(
			`"reply" goes to another workflow on this n8n ("${REPLY.name}", workflow ${REPLY.id},`,
		);
		expect(await setPublished(REPLY.id, false)).toBeUndefined();
		// n8n 2.x unpublishes on its next round; the customer reply example then gives Reply back
		await waitFor('the customer reply example to give Reply back', () => {
			const url = fake.events.subscriptions.reply;
			return !url?.includes(`workflow=${REPLY.id}`) || url.includes('inactive=true')
				? true
				: undefined;
		});
		// Published again as a person would after the refusal (n8n 2.x keeps a refused workflow published, with the
		// error): unpublished first, then published.
		await setPublished(VOICE.id, false);
		await setPublished(VOICE.id, true);
		await waitFor('the voice note example’s Reply subscription', () =>
			fake.events.subscriptions.reply?.includes(`workflow=${VOICE.id}`) ? true : undefined,
		);
	});

	it('a voice note reply is downloaded by the trigger, read on the worker and answered', async () => {
		await waitFor('the voice note example’s Reply subscription', () =>
			fake.events.subscriptions.reply?.includes(`workflow=${VOICE.id}`) ? true : undefined,
		);
		const sent = await fetch(`${fake.url}/v2/whatsapp/conversation-bot/hsm`, {
			method: 'POST',
			headers: { authorization: fake.authorization, 'content-type': 'application/json' },
			body: JSON.stringify({
				elementName: 'order_confirmation',
				destinations: ['593987650001'],
				parameters: ['Ana', 'V-1'],
			}),
		});
		const [{ id }] = (await sent.json()) as Array<{ id: string }>;
		const reply = await fetch(`${fake.url}/fake/v1/bots/conversation-bot/messages/${id}/reply`, {
			method: 'POST',
			headers: { authorization: fake.authorization, 'content-type': 'application/json' },
			body: JSON.stringify({ type: 'audio' }),
		});
		expect(reply.status).toBe(200);
		await fake.events.idle();
		const [execution] = await finishedExecutions(rest, VOICE.id, 1);
		expect(execution.status).toBe('success');
		expect(outputsOf(execution.runData, 'Transcribe (Stand-in)')).toEqual([
			{
				phone: '593987650001',
				bytes: 2048,
				mimeType: 'audio/ogg',
				transcription: '(a voice note of 2048 bytes)',
			},
		]);
		expect(sessionTexts().at(-1)).toBe(
			'We listened to your voice note (a voice note of 2048 bytes). An agent will follow up shortly.',
		);
		const onWorker = [...sandbox.logs.worker().matchAll(/Worker finished execution (\d+)/g)].map(
			(match) => match[1],
		);
		expect(onWorker).toContain(execution.id);
	});
});
