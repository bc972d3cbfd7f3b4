/**
 * Benchmarks in a real n8n 2.41 (the sandbox of scripts/sandbox.js, n8n's own CLI): prints, never asserts.
 * Run: npm run bench   (builds first; n8n is installed into .cache/n8n-<version> on the first run)
 *
 * 1. 1,000 items sent to the fake Jelou API at 50 ms latency by the Jelou WhatsApp node (Send Template,
 *    default settings) and by n8n's HTTP Request node (Basic Auth credential, same JSON body, default settings).
 * 2. The same against the fake limited to 100 requests/s (429 with Retry-After: 1 beyond), with default
 *    settings and with Settings → On Error → Continue, so failed items can be counted.
 * 3. The Jelou node at 0 ms latency against a plain undici loop doing the same requests at the same concurrency
 *    (and the HTTP Request node, for what n8n itself costs per item).
 * Node times are the `executionTime` n8n records in the execution's run data.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Agent, request } from 'undici';

import { startFakeJelou } from '../test/fake-jelou/server';
import type { FakeJelou } from '../test/fake-jelou/server';

interface RunData {
	executionTime?: number;
	error?: { message?: string };
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
}

interface ExecutionResult {
	data?: { resultData?: { runData?: Record<string, RunData[]>; error?: { message?: string } } };
}

interface Sandbox {
	credential: { id: string; name: string };
	nodeType: string;
	n8n(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
	importWorkflow(workflow: object): Promise<string>;
	executeWorkflow(id: string): Promise<{ code: number; result?: ExecutionResult; stdout: string; stderr: string }>;
	stop(): Promise<void>;
}

interface SandboxOptions {
	userFolder: string;
	fake: { url: string; clientId: string; clientSecret: string; botId: string };
	serve: false;
	importExamples: false;
	quiet: boolean;
}

// scripts/sandbox.js is plain CommonJS without type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox, freePort } = require('../scripts/sandbox') as {
	startSandbox(options: SandboxOptions): Promise<Sandbox>;
	freePort(): Promise<number>;
};

const ITEMS = 1000;
const LATENCY_MS = 50;
const RATE_LIMIT = 100;
/** The Jelou node's default Request Options → Concurrency. */
const CONCURRENCY = 10;
/** Sections 1 and 3 run this many times, alternating, and print the median. */
const RUNS = 3;
const BASIC_AUTH_CREDENTIAL = { id: 'BenchBasicAuth01', name: 'Jelou Basic Auth (bench)' };
const JELOU_NODE = 'Jelou WhatsApp';
const HTTP_NODE = 'HTTP Request';

/** The same 1,000 items for both nodes, made inside the workflow. */
const MAKE_ITEMS = `return Array.from({ length: ${ITEMS} }, (_, i) => ({
	json: { phone: '5939' + String(10000000 + i).slice(-8), name: 'Customer ' + i, order: String(70000 + i) },
}));`;

function workflow(name: string, sender: object): object {
	return {
		name,
		nodes: [
			{ id: 'trigger', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'items', name: 'Make Items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0], parameters: { jsCode: MAKE_ITEMS } },
			{ id: 'sender', position: [440, 0], ...sender },
		],
		connections: {
			Start: { main: [[{ node: 'Make Items', type: 'main', index: 0 }]] },
			'Make Items': { main: [[{ node: (sender as { name: string }).name, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

function jelouNode(sandbox: Sandbox, onError?: string): object {
	return {
		name: JELOU_NODE,
		type: sandbox.nodeType,
		typeVersion: 1,
		...(onError ? { onError } : {}),
		parameters: {
			resource: 'message',
			operation: 'sendTemplate',
			template: { __rl: true, mode: 'list', value: 'order_confirmation', cachedResultName: 'Order confirmation' },
			recipients: '={{ $json.phone }}',
			parameters: { values: [{ value: '={{ $json.name }}' }, { value: '={{ $json.order }}' }] },
		},
	};
}

/** What a user would build by hand: HTTP Request, Basic Auth, the body Jelou's docs show for a text template. */
function httpNode(fake: FakeJelou, onError?: string): object {
	return {
		name: HTTP_NODE,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		...(onError ? { onError } : {}),
		parameters: {
			method: 'POST',
			url: `${fake.url}/v2/whatsapp/${fake.botId}/hsm`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpBasicAuth',
			sendBody: true,
			specifyBody: 'json',
			jsonBody:
				'={{ JSON.stringify({ elementName: "order_confirmation", destinations: [$json.phone], parameters: [$json.name, $json.order] }) }}',
			options: {},
		},
		credentials: { httpBasicAuth: BASIC_AUTH_CREDENTIAL },
	};
}

interface NodeRun {
	ms: number;
	outputItems: number;
	failedItems: number;
	recorded: number;
	throttled: number;
	error?: string;
}

interface FakeSettings {
	latencyMs: number;
	rateLimitPerSecond?: number;
}

/** Runs one workflow with `n8n execute` against a freshly reset fake (reset also clears latency and rate limit). */
async function runNode(sandbox: Sandbox, fake: FakeJelou, workflowId: string, nodeName: string, settings: FakeSettings): Promise<NodeRun> {
	fake.reset();
	fake.setLatency(settings.latencyMs);
	fake.setRateLimit(settings.rateLimitPerSecond);
	const { result, stdout, stderr } = await sandbox.executeWorkflow(workflowId);
	const run = result?.data?.resultData?.runData?.[nodeName]?.[0];
	if (!run || run.executionTime === undefined) {
		throw new Error(`no run data for "${nodeName}" in workflow ${workflowId}:\n${(stdout + stderr).split('\n').slice(-30).join('\n')}`);
	}
	const output = run.data?.main?.[0] ?? [];
	return {
		ms: run.executionTime,
		outputItems: output.length,
		failedItems: output.filter((item) => item.json.error !== undefined).length,
		recorded: fake.sentMessages.length,
		throttled: fake.requests.filter((entry) => entry.status === 429).length,
		error: run.error?.message,
	};
}

async function rawUndiciLoop(fake: FakeJelou): Promise<{ ms: number; recorded: number }> {
	fake.reset(); // latency 0, no rate limit
	const url = `${fake.url}/v2/whatsapp/${fake.botId}/hsm`;
	const dispatcher = new Agent({ connections: CONCURRENCY });
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next < ITEMS) {
				const i = next++;
				const response = await request(url, {
					method: 'POST',
					dispatcher,
					headers: { authorization: fake.authorization, 'content-type': 'application/json', accept: 'application/json' },
					body: JSON.stringify({
						elementName: 'order_confirmation',
						destinations: [`5939${String(10000000 + i).slice(-8)}`],
						parameters: [`Customer ${i}`, String(70000 + i)],
					}),
				});
				await response.body.text();
			}
		}),
	);
	const ms = performance.now() - started;
	await dispatcher.close();
	return { ms, recorded: fake.sentMessages.length };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function median<T extends { ms: number }>(runs: T[]): T & { spread: string } {
	const sorted = [...runs].sort((a, b) => a.ms - b.ms);
	const middle = sorted[Math.floor(sorted.length / 2)];
	return { ...middle, spread: `${seconds(sorted[0].ms)}–${seconds(sorted[sorted.length - 1].ms)}` };
}

function describe(name: string, run: NodeRun & { spread?: string }): string {
	const outcome = run.error
		? `node stopped: "${run.error}"`
		: `${run.outputItems} output items, ${run.failedItems} failed`;
	const spread = run.spread ? ` (median of ${RUNS}: ${run.spread})` : '';
	return `  ${name.padEnd(15)} ${seconds(run.ms).padStart(9)}${spread}   recorded ${String(run.recorded).padStart(4)} messages, ${String(run.throttled).padStart(4)} answers 429, ${outcome}`;
}

async function main(): Promise<void> {
	const fake = await startFakeJelou({ port: await freePort(), host: '127.0.0.1' });
	const userFolder = mkdtempSync(join(tmpdir(), 'jelou-bench-n8n-'));
	let sandbox: Sandbox | undefined;
	try {
		console.log('Preparing n8n (import of the credentials and workflows)…');
		sandbox = await startSandbox({
			userFolder,
			fake: { url: fake.url, clientId: fake.clientId, clientSecret: fake.clientSecret, botId: fake.botId },
			serve: false,
			importExamples: false,
			quiet: true,
		});
		const credentialFile = join(userFolder, 'basic-auth.json');
		writeFileSync(
			credentialFile,
			JSON.stringify([{ ...BASIC_AUTH_CREDENTIAL, type: 'httpBasicAuth', data: { user: fake.clientId, password: fake.clientSecret } }]),
			{ mode: 0o600 },
		);
		const imported = await sandbox.n8n(['import:credentials', `--input=${credentialFile}`]);
		rmSync(credentialFile, { force: true });
		if (imported.code !== 0) throw new Error(`importing the Basic Auth credential failed:\n${imported.stdout}${imported.stderr}`);

		const ids = {
			jelou: await sandbox.importWorkflow(workflow('Bench: Jelou node', jelouNode(sandbox))),
			http: await sandbox.importWorkflow(workflow('Bench: HTTP Request node', httpNode(fake))),
			jelouContinue: await sandbox.importWorkflow(workflow('Bench: Jelou node, continue on error', jelouNode(sandbox, 'continueRegularOutput'))),
			httpContinue: await sandbox.importWorkflow(workflow('Bench: HTTP Request node, continue on error', httpNode(fake, 'continueRegularOutput'))),
		};

		console.log(`\nn8n 2.41.1, ${ITEMS} items from a Code node, fake Jelou API in this process; node times from the run data`);
		console.log(`\n1. Latency ${LATENCY_MS} ms, default settings`);
		const jelouRuns: NodeRun[] = [];
		const httpRuns: NodeRun[] = [];
		for (let run = 0; run < RUNS; run++) {
			jelouRuns.push(await runNode(sandbox, fake, ids.jelou, JELOU_NODE, { latencyMs: LATENCY_MS }));
			httpRuns.push(await runNode(sandbox, fake, ids.http, HTTP_NODE, { latencyMs: LATENCY_MS }));
		}
		const [jelou, http] = [median(jelouRuns), median(httpRuns)];
		console.log(describe(JELOU_NODE, jelou));
		console.log(describe(HTTP_NODE, http));
		console.log(`  HTTP Request / Jelou WhatsApp: ${(http.ms / jelou.ms).toFixed(2)}×   (floor for ${ITEMS} requests at concurrency ${CONCURRENCY}: ${seconds((ITEMS / CONCURRENCY) * LATENCY_MS)})`);

		console.log(`\n2. Rate limit ${RATE_LIMIT} requests/s (429 with Retry-After: 1 beyond), latency ${LATENCY_MS} ms; floor ${seconds((ITEMS / RATE_LIMIT) * 1000)}`);
		for (const [label, jelouId, httpId] of [
			['default settings', ids.jelou, ids.http],
			['Settings → On Error: Continue', ids.jelouContinue, ids.httpContinue],
		] as const) {
			console.log(` ${label}`);
			const limited = { latencyMs: LATENCY_MS, rateLimitPerSecond: RATE_LIMIT };
			const limitedJelou = await runNode(sandbox, fake, jelouId, JELOU_NODE, limited);
			const limitedHttp = await runNode(sandbox, fake, httpId, HTTP_NODE, limited);
			console.log(describe(JELOU_NODE, limitedJelou));
			console.log(describe(HTTP_NODE, limitedHttp));
		}

		console.log(`\n3. Latency 0 ms, concurrency ${CONCURRENCY}: the node in n8n against a plain undici loop in this process`);
		const fastRuns: NodeRun[] = [];
		const fastHttpRuns: NodeRun[] = [];
		const rawRuns: Array<{ ms: number; recorded: number }> = [];
		for (let run = 0; run < RUNS; run++) {
			fastRuns.push(await runNode(sandbox, fake, ids.jelou, JELOU_NODE, { latencyMs: 0 }));
			fastHttpRuns.push(await runNode(sandbox, fake, ids.http, HTTP_NODE, { latencyMs: 0 }));
			rawRuns.push(await rawUndiciLoop(fake));
		}
		const [fast, raw] = [median(fastRuns), median(rawRuns)];
		console.log(describe(JELOU_NODE, fast));
		console.log(describe(`${HTTP_NODE}*`, median(fastHttpRuns)));
		console.log(`  ${'undici loop'.padEnd(15)} ${seconds(raw.ms).padStart(9)} (median of ${RUNS}: ${raw.spread})   recorded ${String(raw.recorded).padStart(4)} messages`);
		console.log(`  Jelou WhatsApp / undici loop: ${(fast.ms / raw.ms).toFixed(2)}×   (*HTTP Request: all items at once, for n8n's own cost per item)`);
	} finally {
		await sandbox?.stop();
		await fake.close();
		rmSync(userFolder, { recursive: true, force: true });
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
