/**
 * The node's own CPU cost per item (goal 2), steadier than wall-clock time on a busy machine: Send Template
 * with 1,000 items at 0 ms latency runs in n8n-core (this process) against the fake Jelou API in a child
 * process, so the fake's work is not counted; a plain undici loop sends the same requests. Both at
 * concurrency 10; CPU time of this process (user + system) per item, median of several alternating runs.
 * Prints, never asserts.
 * Run: npx ts-node --transpile-only bench/node-cost.ts [runs]
 * Profile: node --cpu-prof --cpu-prof-dir=/tmp/prof -r ts-node/register/transpile-only bench/node-cost.ts
 */
import './ts-first';

import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { Agent, request } from 'undici';

import { runJelou } from '../test/helpers/jelou';
import type { FakeJelou } from '../test/fake-jelou/server';

const ITEMS = 1000;
const CONCURRENCY = 10;
const CREDENTIALS = {
	clientId: 'bench-client',
	clientSecret: 'bench-secret-value',
	botId: 'bench-bot',
};

const items = Array.from({ length: ITEMS }, (_, i) => ({
	json: {
		phone: '5939' + String(10000000 + i).slice(-8),
		name: 'Customer ' + i,
		order: String(70000 + i),
	},
}));

/** The parameters the n8n bench's workflow has: template picked from the list, three `$json` look-ups. */
const parameters = {
	resource: 'message',
	operation: 'sendTemplate',
	template: {
		__rl: true,
		mode: 'list',
		value: 'order_confirmation',
		cachedResultName: 'Order confirmation',
	},
	recipients: '={{ $json.phone }}',
	parameters: { values: [{ value: '={{ $json.name }}' }, { value: '={{ $json.order }}' }] },
	requestOptions: { concurrency: CONCURRENCY },
};

interface Measure {
	wallMs: number;
	cpuMs: number;
}

async function measure(run: () => Promise<void>): Promise<Measure> {
	const cpu = process.cpuUsage();
	const started = performance.now();
	if (process.env.BENCH_MARK) console.error(`mark start ${process.hrtime.bigint() / 1000n}`);
	await run();
	if (process.env.BENCH_MARK) console.error(`mark end ${process.hrtime.bigint() / 1000n}`);
	const wallMs = performance.now() - started;
	const used = process.cpuUsage(cpu);
	return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/** Starts the fake Jelou API in a child process (its CPU is its own) and returns its URL. */
async function startFakeProcess(): Promise<{ url: string; stop: () => void }> {
	const child = spawn(
		process.execPath,
		[
			'-r',
			'ts-node/register/transpile-only',
			join(__dirname, '../test/fake-jelou/cli.ts'),
			'--port',
			'0',
			'--host',
			'127.0.0.1',
			'--client-id',
			CREDENTIALS.clientId,
			'--client-secret',
			CREDENTIALS.clientSecret,
			'--bot-id',
			CREDENTIALS.botId,
		],
		{ stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } },
	);
	const url = await new Promise<string>((resolve, reject) => {
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			const match = /listening on (\S+)/.exec(output);
			if (match) resolve(match[1]);
		});
		child.once('exit', (code) => reject(new Error(`the fake exited with ${code}: ${output}`)));
	});
	child.stdout.resume();
	return { url, stop: () => child.kill('SIGTERM') };
}

async function undiciLoop(url: string, dispatcher: Agent): Promise<void> {
	const target = `${url}/v2/whatsapp/${CREDENTIALS.botId}/hsm`;
	const authorization =
		'Basic ' +
		Buffer.from(`${CREDENTIALS.clientId}:${CREDENTIALS.clientSecret}`).toString('base64');
	let next = 0;
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next < ITEMS) {
				const { json } = items[next++];
				const response = await request(target, {
					method: 'POST',
					dispatcher,
					headers: {
						authorization,
						'content-type': 'application/json',
						accept: 'application/json',
					},
					body: JSON.stringify({
						elementName: 'order_confirmation',
						destinations: [json.phone],
						parameters: [json.name, json.order],
					}),
				});
				if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`);
				await response.body.text();
			}
		}),
	);
}

const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
	const runs = Number(process.argv[2] ?? 5);
	const fake = await startFakeProcess();
	const dispatcher = new Agent({ connections: CONCURRENCY });
	// runJelou only reads the URL and the credentials of the fake.
	const target = { url: fake.url, ...CREDENTIALS } as unknown as FakeJelou;
	const runNode = async () => {
		const { items: output, error } = await runJelou(target, parameters, {
			items,
			nodeTypeVersion: 1,
		});
		if (error || output.length !== ITEMS) throw error ?? new Error(`${output.length} items out`);
	};
	try {
		// Warm-up: module loading, JIT and the first connections are not part of the figures, unless asked
		// for (BENCH_COLD=1: the first run of each, as in a fresh `n8n execute`).
		if (!process.env.BENCH_COLD) {
			await runNode();
			await undiciLoop(fake.url, dispatcher);
		}
		const node: Measure[] = [];
		const loop: Measure[] = [];
		for (let run = 0; run < runs; run++) {
			node.push(await measure(runNode));
			loop.push(await measure(() => undiciLoop(fake.url, dispatcher)));
		}
		const perItem = (values: number[]) => (median(values) / ITEMS).toFixed(3);
		console.log(
			`${ITEMS} items, latency 0 ms, concurrency ${CONCURRENCY}, median of ${runs} (CPU = user + system of this process; the fake runs in its own)`,
		);
		console.log(
			`  node        CPU ${perItem(node.map((m) => m.cpuMs))} ms/item   wall ${perItem(node.map((m) => m.wallMs))} ms/item`,
		);
		console.log(
			`  undici loop CPU ${perItem(loop.map((m) => m.cpuMs))} ms/item   wall ${perItem(loop.map((m) => m.wallMs))} ms/item`,
		);
		const extra = node.map((m, i) => (m.cpuMs - loop[i].cpuMs) / ITEMS).sort((a, b) => a - b);
		console.log(
			`  → node's own CPU per item: ${median(extra).toFixed(3)} ms (per pair ${extra.map((x) => x.toFixed(3)).join(', ')})   target ≤ 0.40 ms`,
		);
	} finally {
		await dispatcher.close();
		fake.stop();
	}
}

void main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
