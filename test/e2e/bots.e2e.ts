// Many bots, one credential, in a real n8n: the example that sends each row of one sheet from its country's bot,
// a bot Jelou refuses, and the example with a trigger per bot (each bot's subscriptions and deliveries apart).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { sendOrderConfirmation, startFakeJelou } from '../fake-jelou/server';
import type { FakeJelou } from '../fake-jelou/server';
import { finishedExecutions, outputsOf, waitFor } from './executions';
import { chainWorkflow, n8nUnderTest, outputOf, request, startE2eSandbox } from './support';
import type { RunResult, Sandbox } from './support';

const example = (file: string) =>
	JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', file), 'utf8')) as {
		id: string;
		active?: boolean;
	};
const SEND_EXAMPLE = example('one-sheet-two-countries.json');
const TRIGGER_EXAMPLE = example('delivery-statuses-two-bots.json');

/** The sandbox's two bots: the credential's (Ecuador's) and Colombia's, of one company; and another company's. */
const startBots = () =>
	startFakeJelou({
		clientId: 'e2e-client-id',
		clientSecret: 'e2e-client-secret',
		botId: 'sandbox-bot',
		bots: [{ botId: 'sandbox-bot-co' }],
		foreignBots: ['bot-other-company'],
	});

const FOREIGN = chainWorkflow('E2eForeignBot01', 'e2e a bot of another company', [
	{
		name: 'Send Template',
		type: 'n8n-nodes-jelou.jelouWhatsApp',
		typeVersion: 2,
		onError: 'continueRegularOutput',
		parameters: {
			resource: 'message',
			operation: 'sendTemplate',
			bot: 'id',
			botId: 'bot-other-company',
			template: { __rl: true, mode: 'name', value: '=order_confirmation' },
			recipients: '593990000901',
			parameters: { values: [{ value: 'Maria' }, { value: 'E2E-BOT' }] },
		},
	},
]);

describe(`one credential, several bots, in n8n ${n8nUnderTest.n8n}`, () => {
	let fake: FakeJelou;
	let runs: Record<string, RunResult | undefined>;
	beforeAll(async () => {
		fake = await startBots();
		const sandbox = await startE2eSandbox(fake, {
			serve: false,
			importExamples: false,
			workflows: [SEND_EXAMPLE, FOREIGN],
		});
		try {
			runs = (await sandbox.executeBatch([SEND_EXAMPLE.id, 'E2eForeignBot01'])).results;
		} finally {
			await sandbox.stop();
		}
	}, 600000);
	afterAll(async () => await fake?.close());

	it('the one-sheet example sends each row from its country’s bot, and each item says its bot', () => {
		expect(runs[SEND_EXAMPLE.id]?.data.resultData.error).toBeUndefined();
		expect(fake.bot('sandbox-bot').sentMessages.map((message) => message.destination)).toEqual([
			'593991230001',
			'593991230003',
		]);
		expect(fake.bot('sandbox-bot-co').sentMessages.map((message) => message.destination)).toEqual([
			'573001230002',
			'573001230004',
		]);
		expect(
			outputOf(runs[SEND_EXAMPLE.id], 'Send From the Row’s Bot').map((json) => [
				json.destination,
				json.botId,
			]),
		).toEqual([
			['593991230001', 'sandbox-bot'],
			['573001230002', 'sandbox-bot-co'],
			['593991230003', 'sandbox-bot'],
			['573001230004', 'sandbox-bot-co'],
		]);
	});

	it('a bot of another company: Jelou’s 403 on the item, naming the bot and the fix', () => {
		const [item] = outputOf(runs.E2eForeignBot01, 'Send Template');
		expect(item).toEqual(
			expect.objectContaining({
				botId: 'bot-other-company',
				error: expect.stringContaining(
					'Bot not allowed for this company: check Bot ID (bot-other-company)',
				),
				httpCode: '403',
			}),
		);
		expect(String(item.description)).toContain('A bot of another company needs that company');
	});
});

describe(`a trigger per bot, in n8n ${n8nUnderTest.n8n}`, () => {
	let fake: FakeJelou;
	let sandbox: Sandbox;
	let auth: { headers: Record<string, string> };
	const rest = async (path: string) =>
		await request(`${sandbox.editorUrl}${path}`, { headers: auth.headers });

	beforeAll(async () => {
		process.env.N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS = '500';
		fake = await startBots();
		sandbox = await startE2eSandbox(fake, {
			serve: true,
			importExamples: false,
			workflows: [{ ...TRIGGER_EXAMPLE, active: true }],
		});
		auth = await sandbox.login();
	}, 600000);
	afterAll(async () => {
		await sandbox?.stop();
		await fake?.close();
	});

	it('publishing subscribes each trigger on its own bot', async () => {
		for (const botId of ['sandbox-bot', 'sandbox-bot-co'])
			await waitFor(`${botId}'s subscriptions`, () =>
				fake.bot(botId).events.subscriptions.delivered_user ? true : undefined,
			);
		const ec = fake.bot('sandbox-bot').events.subscriptions;
		const co = fake.bot('sandbox-bot-co').events.subscriptions;
		expect(Object.keys(ec).sort()).toEqual(['delivered_user', 'failed']);
		expect(Object.keys(co).sort()).toEqual(['delivered_user', 'failed']);
		// one webhook per trigger node: the two bots' events go to two different trigger URLs
		expect(new URL(String(ec.delivered_user)).pathname).not.toBe(
			new URL(String(co.delivered_user)).pathname,
		);
	});

	it('each bot’s delivery starts the workflow from its own trigger, and the item says its bot', async () => {
		for (const [botId, phone] of [
			['sandbox-bot-co', '573001230099'],
			['sandbox-bot', '593991230099'],
		]) {
			const answer = await sendOrderConfirmation(fake, botId, phone);
			expect(answer.status).toBe(200);
		}
		const executions = await finishedExecutions(rest, TRIGGER_EXAMPLE.id, 2);
		const rows = executions
			.flatMap((execution) => outputsOf(execution.runData, 'Update Row'))
			.map((row) => [row.phone, row.botId, row.status])
			.sort();
		expect(rows).toEqual([
			['573001230099', 'sandbox-bot-co', 'delivered'],
			['593991230099', 'sandbox-bot', 'delivered'],
		]);
	});
});
