/**
 * Trigger flood, in a real served n8n (one process, SQLite, as `npm start` runs it): 200 deliveries at once to the
 * Jelou WhatsApp Trigger (Automatic registration, the URL it subscribed at the fake Jelou API) and 200 at once to
 * n8n's own Webhook node (POST, Respond Immediately), both workflows active in the same n8n, each followed by a
 * No Operation node. Rounds alternate (turn about), each after n8n finished the runs of the one before,
 * and each figure is the median over the rounds. Prints deliveries answered 2xx, median and 95th-percentile
 * answer time of each, and the ratio of the medians. On n8n 2.x it runs twice: with n8n's defaults, and with
 * N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true, which spares every webhook call the expression isolate that n8n 2.x
 * makes for each call of a node other than its own Webhook node.
 * Section 10 of `npm run bench`; alone: BENCH_SECTIONS=10 npm run bench   (JELOU_N8N_LINE=1 for n8n 1.x)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { FakeJelou } from '../test/fake-jelou/server';

interface ServedSandbox {
	editorUrl: string;
	login(): Promise<{ headers: Record<string, string> }>;
	stop(): Promise<void>;
}

// scripts/*.js are plain CommonJS without type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox, freePort, request } = require('../scripts/sandbox') as {
	startSandbox(options: object): Promise<ServedSandbox>;
	freePort(): Promise<number>;
	request(url: string, options: { headers: Record<string, string> }): Promise<{ json: unknown }>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { selectLine } = require('../scripts/ensure-n8n') as {
	selectLine(): { line: string; n8n: string };
};

const DELIVERIES = 200;
const ROUNDS = 3;
const WEBHOOK_PATH = 'bench-flood';
const TRIGGER_WEBHOOK_ID = 'b3c4d5e6-2000-4000-8000-00000000f100';

function floodWorkflow(id: string, name: string, start: object): object {
	return {
		id,
		name,
		active: true,
		nodes: [
			{ id: `${id}-start`, name: 'Start', position: [0, 0], ...start },
			{
				id: `${id}-done`,
				name: 'Done',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [220, 0],
				parameters: {},
			},
		],
		connections: { Start: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

const WORKFLOWS = [
	floodWorkflow('BenchFloodWebhook1', 'Bench: Webhook node flood', {
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: 'b3c4d5e6-2000-4000-8000-00000000f200',
		parameters: { httpMethod: 'POST', path: WEBHOOK_PATH, options: {} },
	}),
	floodWorkflow('BenchFloodTrigger1', 'Bench: Jelou trigger flood', {
		type: 'n8n-nodes-jelou.jelouWhatsAppTrigger',
		typeVersion: 1.1,
		webhookId: TRIGGER_WEBHOOK_ID,
		parameters: { events: ['delivered_user'] },
	}),
];

interface Flood {
	answered2xx: number;
	statuses: string;
	medianMs: number;
	p95Ms: number;
	/** What the first answer said, to show what Jelou reads. */
	sample: string;
}

function percentile(sorted: number[], share: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
}

/** Sends `DELIVERIES` POSTs at once (one connection each, as separate Jelou deliveries arrive) and times each answer. */
async function flood(url: string, body: (index: number) => object): Promise<Flood> {
	const started = performance.now();
	const answers = await Promise.all(
		Array.from({ length: DELIVERIES }, async (_, index) => {
			try {
				const response = await fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json', connection: 'close' },
					body: JSON.stringify(body(index)),
					signal: AbortSignal.timeout(120_000),
				});
				const text = await response.text();
				return { status: response.status, ms: performance.now() - started, text };
			} catch (error) {
				return { status: 0, ms: performance.now() - started, text: (error as Error).message };
			}
		}),
	);
	const times = answers.map((answer) => answer.ms).sort((a, b) => a - b);
	const counts = new Map<number, number>();
	for (const { status } of answers) counts.set(status, (counts.get(status) ?? 0) + 1);
	return {
		answered2xx: answers.filter((answer) => answer.status >= 200 && answer.status < 300).length,
		statuses: [...counts].map(([status, count]) => `${count}× ${status || 'no answer'}`).join(', '),
		medianMs: percentile(times, 0.5),
		p95Ms: percentile(times, 0.95),
		sample: answers[0].text.slice(0, 80),
	};
}

function medianOf(floods: Flood[]): Flood {
	const sorted = [...floods].sort((a, b) => a.medianMs - b.medianMs);
	return sorted[Math.floor(sorted.length / 2)];
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function waitForSubscription(fake: FakeJelou): Promise<string> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const url = fake.events.subscriptions.delivered_user;
		if (url?.includes(TRIGGER_WEBHOOK_ID)) return url;
		if (Date.now() > deadline) throw new Error('the trigger never subscribed delivered_user');
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * Waits until n8n has finished the runs the floods started, so a round never competes with the one before
 * (n8n answers 503 while a flood keeps its database too busy to answer its own health ping).
 */
async function runsSettled(
	sandbox: ServedSandbox,
	headers: Record<string, string>,
	expected: number,
): Promise<void> {
	const deadline = Date.now() + 300_000;
	while (Date.now() < deadline) {
		const filter = encodeURIComponent(JSON.stringify({ status: ['success'] }));
		const answer = await request(`${sandbox.editorUrl}/rest/executions?filter=${filter}&limit=1`, {
			headers,
		});
		if (((answer.json as { data?: { count?: number } }).data?.count ?? 0) >= expected) return;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

interface Variant {
	label: string;
	env: Record<string, string>;
}

/**
 * n8n 2.x (expression engine "vm") takes an isolate for every webhook call of every node but its own Webhook
 * node, and makes a new one each time; with lazy acquisition none is made unless an expression runs.
 */
const VARIANTS: Record<string, Variant[]> = {
	'1': [{ label: "n8n's defaults", env: {} }],
	'2': [
		{ label: "n8n's defaults", env: {} },
		{
			label: 'N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true',
			env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
		},
	],
};

async function floodOneN8n(fake: FakeJelou, variant: Variant): Promise<void> {
	fake.reset();
	const userFolder = mkdtempSync(join(tmpdir(), 'jelou-bench-flood-'));
	const saved = Object.keys(variant.env).map((name) => [name, process.env[name]] as const);
	Object.assign(process.env, variant.env);
	let sandbox: ServedSandbox | undefined;
	try {
		sandbox = await startSandbox({
			userFolder,
			port: await freePort(),
			brokerPort: await freePort(),
			fake: {
				url: fake.url,
				clientId: fake.clientId,
				clientSecret: fake.clientSecret,
				botId: fake.botId,
			},
			serve: true,
			importExamples: false,
			workflows: WORKFLOWS,
			quiet: true,
		});
		const triggerUrl = await waitForSubscription(fake);
		const { headers } = await sandbox.login();
		const webhookUrl = `${sandbox.editorUrl}/webhook/${WEBHOOK_PATH}`;
		const delivery = (round: number) => (index: number) => ({
			id: `flood-${round}-${index}`,
			destination: '593991234567',
			sentStatus: 'DELIVERED_USER',
			elementName: 'order_confirmation',
			deliveryUserAt: new Date().toISOString(),
		});
		let started = 0;
		const floodSettled = async (url: string, round: number) => {
			const result = await flood(url, delivery(round));
			started += result.answered2xx;
			await runsSettled(sandbox!, headers, started);
			return result;
		};
		// One round each first, so neither side pays n8n's first-request costs in the figures.
		await floodSettled(webhookUrl, -1);
		await floodSettled(triggerUrl, -2);
		const webhookRuns: Flood[] = [];
		const triggerRuns: Flood[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			// Turn about, so neither side always follows the other.
			if (round % 2 === 0) {
				webhookRuns.push(await floodSettled(webhookUrl, round * 2));
				triggerRuns.push(await floodSettled(triggerUrl, round * 2 + 1));
			} else {
				triggerRuns.push(await floodSettled(triggerUrl, round * 2 + 1));
				webhookRuns.push(await floodSettled(webhookUrl, round * 2));
			}
		}
		const [webhook, trigger] = [medianOf(webhookRuns), medianOf(triggerRuns)];
		console.log(`  ${variant.label}:`);
		const line = (name: string, result: Flood, runs: Flood[]) =>
			console.log(
				`    ${name.padEnd(22)} answered 2xx ${String(result.answered2xx).padStart(3)} of ${DELIVERIES} (${result.statuses}), median ${seconds(result.medianMs)}, p95 ${seconds(result.p95Ms)} (medians per round ${runs.map((run) => seconds(run.medianMs)).join(', ')}); answer ${result.sample}`,
			);
		line("n8n's Webhook node", webhook, webhookRuns);
		line('Jelou WhatsApp Trigger', trigger, triggerRuns);
		const ratio = trigger.medianMs / webhook.medianMs;
		const every2xx = [...webhookRuns, ...triggerRuns].every(
			(run) => run.answered2xx === DELIVERIES,
		);
		const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
		console.log(
			`    → every delivery answered 2xx: ${every2xx ? 'yes' : 'no'}   target yes   ${met(every2xx)}`,
		);
		console.log(
			`    → trigger median / Webhook node median: ${ratio.toFixed(2)}×   target ≤ 1.10×   ${met(ratio <= 1.1)}`,
		);
	} finally {
		await sandbox?.stop();
		for (const [name, value] of saved) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
		rmSync(userFolder, { recursive: true, force: true });
	}
}

/** The "Trigger flood" section of `npm run bench`, against the bench's fake Jelou API. */
export async function triggerFlood(fake: FakeJelou): Promise<void> {
	const { line, n8n } = selectLine();
	console.log(
		`\n10. Trigger flood: ${DELIVERIES} deliveries at once to the Jelou trigger and to n8n's Webhook node, in one served n8n ${n8n} (median of ${ROUNDS} rounds, each after n8n finished the runs of the one before)`,
	);
	for (const variant of VARIANTS[line]) await floodOneN8n(fake, variant);
}
