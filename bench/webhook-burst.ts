/**
 * Section 7, webhook burst: a served n8n (`n8n start`) with two published workflows, Webhook → Jelou WhatsApp
 * Send Template and Webhook → HTTP Request (the same POST), each answering with its last node's output.
 * 200 webhook calls at once, each carrying one customer, against the fake at 50 ms latency limited to 10 and
 * then 100 requests/s. Each rate gets a fresh n8n, so nothing learned or cached carries over from the other;
 * the Jelou workflow runs first in it, the HTTP Request one after.
 * Goals (Jelou node): every message accepted once and no webhook failed; ≤ 1.05 requests per message apart
 * from refusals; ≤ 5 % of requests refused (429/503).
 */
import { request, Agent } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { percentile, seconds, type BenchContext, type BenchSandbox } from './context';

const CALLS = 200;
const LATENCY_MS = 50;
const RATES = [10, 100];
/** A webhook still unanswered after this long counts as failed. */
const ANSWER_TIMEOUT_MS = 300_000;
const JELOU_PATH = 'bench-burst-jelou';
const HTTP_PATH = 'bench-burst-http';

// scripts/sandbox.js is plain CommonJS without type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox, freePort } = require('../scripts/sandbox') as {
	startSandbox(options: object): Promise<BenchSandbox>;
	freePort(): Promise<number>;
};

const phoneOf = (call: number) => '5938' + String(10000000 + call).slice(-8);

function webhookWorkflow(id: string, path: string, sender: { name: string }): object {
	return {
		id,
		name: `Bench: webhook burst, ${sender.name}`,
		active: true,
		nodes: [
			{
				id: `${id}-hook`,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `b3c4d5e6-7000-4000-8000-${id.slice(-12).toLowerCase().padStart(12, '0')}`,
				parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
			},
			{ id: `${id}-send`, position: [220, 0], ...sender },
		],
		connections: { Webhook: { main: [[{ node: sender.name, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

function jelouSender(context: BenchContext): { name: string } {
	const node = context.jelouNode() as { name: string; parameters: Record<string, unknown> };
	const sender: typeof node = {
		...node,
		parameters: {
			...node.parameters,
			recipients: '={{ $json.body.phone }}',
			parameters: {
				values: [
					{ value: '={{ $json.body.customerName }}' },
					{ value: '={{ $json.body.orderId }}' },
				],
			},
		},
	};
	return sender;
}

/** The same POST built by hand with n8n's HTTP Request node (Basic Auth credential, default settings). */
function httpSender(context: BenchContext): { name: string } {
	const { fake } = context;
	return {
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url: `${fake.url}/v2/whatsapp/${fake.botId}/hsm`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpBasicAuth',
			sendBody: true,
			specifyBody: 'json',
			jsonBody:
				'={{ JSON.stringify({ elementName: "order_confirmation", destinations: [$json.body.phone], parameters: [$json.body.customerName, $json.body.orderId] }) }}',
			options: {},
		},
		credentials: { httpBasicAuth: context.basicAuthCredential },
	} as { name: string };
}

interface Answer {
	status: number;
	ms: number;
	error?: string;
}

/** All calls at once, each on its own connection; answer times counted from the moment they were sent. */
function burst(url: string): Promise<Answer[]> {
	const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
	const started = performance.now();
	return Promise.all(
		Array.from(
			{ length: CALLS },
			(_, call) =>
				new Promise<Answer>((resolve) => {
					const body = JSON.stringify({
						phone: phoneOf(call),
						customerName: `Customer ${call}`,
						orderId: String(80000 + call),
					});
					const req = request(
						url,
						{
							method: 'POST',
							agent,
							headers: {
								'content-type': 'application/json',
								'content-length': Buffer.byteLength(body),
							},
						},
						(res) => {
							res.resume();
							res.on('end', () =>
								resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }),
							);
						},
					);
					req.setTimeout(ANSWER_TIMEOUT_MS, () => req.destroy(new Error('no answer')));
					req.on('error', (error) =>
						resolve({ status: 0, ms: performance.now() - started, error: error.message }),
					);
					req.end(body);
				}),
		),
	).finally(() => agent.destroy());
}

interface BurstFigures {
	acceptedOnce: number;
	duplicates: number;
	webhooksFailed: number;
	statuses: string;
	requests: number;
	refusals: number;
	throttled: number;
	perMessage: number;
	perMessageWithRefusals: number;
	medianMs: number;
	p95Ms: number;
	lastMs: number;
}

function figuresOf(context: BenchContext, answers: Answer[]): BurstFigures {
	const { fake } = context;
	const perPhone = new Map<string, number>();
	for (const message of fake.sentMessages)
		perPhone.set(message.destination, (perPhone.get(message.destination) ?? 0) + 1);
	const expected = Array.from({ length: CALLS }, (_, call) => phoneOf(call));
	const acceptedOnce = expected.filter((phone) => perPhone.get(phone) === 1).length;
	const duplicates = expected.filter((phone) => (perPhone.get(phone) ?? 0) > 1).length;
	const refusals = fake.requests.filter((r) => r.status === 429 || r.status === 503).length;
	const accepted = expected.filter((phone) => (perPhone.get(phone) ?? 0) > 0).length;
	const byStatus = new Map<string, number>();
	for (const answer of answers) {
		const key = answer.error ? `error (${answer.error})` : String(answer.status);
		byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
	}
	const times = answers.map((answer) => answer.ms);
	return {
		acceptedOnce,
		duplicates,
		webhooksFailed: answers.filter((answer) => answer.status !== 200).length,
		statuses: [...byStatus].map(([status, count]) => `${count}× ${status}`).join(', '),
		requests: fake.requests.length,
		refusals,
		throttled: fake.requests.filter((r) => r.status === 429).length,
		perMessage: (fake.requests.length - refusals) / accepted,
		perMessageWithRefusals: fake.requests.length / accepted,
		medianMs: percentile(times, 0.5),
		p95Ms: percentile(times, 0.95),
		lastMs: Math.max(...times),
	};
}

function print(name: string, figures: BurstFigures): void {
	console.log(
		`  ${name.padEnd(22)} accepted once ${String(figures.acceptedOnce).padStart(3)}/${CALLS} (${figures.duplicates} twice or more), webhooks failed ${String(figures.webhooksFailed).padStart(3)} (${figures.statuses}), ${figures.requests} requests: ${figures.perMessage.toFixed(2)} per message apart from refusals, ${figures.perMessageWithRefusals.toFixed(2)} with them, ${figures.throttled} answered 429; answer time median ${seconds(figures.medianMs)}, p95 ${seconds(figures.p95Ms)}, last ${seconds(figures.lastMs)}`,
	);
}

async function burstAt(context: BenchContext, rate: number): Promise<void> {
	const { fake, goal } = context;
	const userFolder = mkdtempSync(join(tmpdir(), 'jelou-bench-burst-'));
	let sandbox: BenchSandbox | undefined;
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
			quiet: true,
			workflows: [
				webhookWorkflow('BenchBurstJelou1', JELOU_PATH, jelouSender(context)),
				webhookWorkflow('BenchBurstHttp01', HTTP_PATH, httpSender(context)),
			],
		});
		await context.importBasicAuth(sandbox, userFolder);
		console.log(`  ${rate} requests/s:`);
		for (const [name, path] of [
			['Jelou WhatsApp', JELOU_PATH],
			['HTTP Request', HTTP_PATH],
		] as const) {
			fake.reset();
			fake.setLatency(LATENCY_MS);
			fake.setRateLimit(rate);
			const answers = await burst(`${sandbox.editorUrl}/webhook/${path}`);
			const figures = figuresOf(context, answers);
			print(name, figures);
			if (name !== 'Jelou WhatsApp') continue;
			const refusedShare = figures.refusals / figures.requests;
			goal(
				`${rate}/s: each accepted once, no webhook failed`,
				`${figures.acceptedOnce} accepted once, ${figures.webhooksFailed} failed`,
				`${CALLS}, 0`,
				figures.acceptedOnce === CALLS && figures.webhooksFailed === 0,
			);
			goal(
				`${rate}/s: requests per message apart from refusals`,
				figures.perMessage.toFixed(2),
				'≤ 1.05',
				figures.perMessage <= 1.05,
			);
			goal(
				`${rate}/s: requests refused`,
				`${(refusedShare * 100).toFixed(1)} % (${figures.refusals} of ${figures.requests})`,
				'≤ 5 %',
				refusedShare <= 0.05,
			);
		}
	} finally {
		await sandbox?.stop();
		rmSync(userFolder, { recursive: true, force: true });
		fake.reset();
	}
}

export async function webhookBurst(context: BenchContext): Promise<void> {
	console.log(
		`\n7. Webhook burst: ${CALLS} webhook calls at once, each execution sending one template (Webhook → node → answer), latency ${LATENCY_MS} ms; a fresh served n8n per rate`,
	);
	for (const rate of RATES) await burstAt(context, rate);
}
