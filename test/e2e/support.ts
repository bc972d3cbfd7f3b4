// Shared by the end-to-end tests: a sandbox n8n (scripts/sandbox.js) on a throwaway user folder,
// pointed at a fake Jelou API that runs in the jest process so tests can read what it received.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startFakeJelou } from '../fake-jelou/server';
import type { FakeJelou, RecordedRequest } from '../fake-jelou/server';

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

export interface RunResult {
	data: { resultData: { runData: Record<string, NodeRun[]>; error?: { message: string } } };
	status?: string;
}

interface NodeRun {
	data?: {
		main: Array<Array<{
			json: Record<string, unknown>;
			binary?: Record<string, unknown>;
			pairedItem?: unknown;
		}> | null>;
	};
	error?: { message: string };
}

export interface Sandbox {
	editorUrl: string;
	fakeUrl: string;
	userFolder: string;
	credential: { id: string; name: string };
	nodeType: string;
	env: Record<string, string>;
	owner?: { email: string; password: string };
	logs: { n8n(): string; worker(): string; fake(): string };
	pids: { n8n?: number; worker?: number; redis?: number };
	n8n(args: string[], options?: { input?: string }): Promise<CliResult>;
	importWorkflow(workflow: object): Promise<string>;
	importWorkflows(workflows: object[]): Promise<string[]>;
	executeWorkflow(id: string): Promise<CliResult & { result?: RunResult }>;
	executeBatch(
		ids: string[],
	): Promise<CliResult & { results: Record<string, RunResult | undefined>; summary: unknown }>;
	login(): Promise<{ cookie: string; headers: Record<string, string> }>;
	stop(): Promise<void>;
}

interface SandboxOptions {
	userFolder?: string;
	port?: number;
	brokerPort?: number;
	fake?: {
		url: string;
		clientId: string;
		clientSecret: string;
		botId: string;
		httpClient?: 'pool' | 'n8n';
	};
	queueMode?: boolean;
	binaryDataMode?: string;
	importExamples?: boolean;
	workflows?: object[];
	serve?: boolean;
	quiet?: boolean;
	env?: Record<string, string>;
}

interface HttpAnswer {
	status: number;
	json: unknown;
	text: string;
}

// scripts/sandbox.js is plain CommonJS (it also runs `npm start` without a build of the tests)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sandboxModule = require('../../scripts/sandbox') as {
	startSandbox(options: SandboxOptions): Promise<Sandbox>;
	request(
		url: string,
		options?: { method?: string; body?: unknown; headers?: Record<string, string> },
	): Promise<HttpAnswer>;
};

export const request = sandboxModule.request;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { selectLine } = require('../../scripts/ensure-n8n') as {
	selectLine(): { line: string; n8n: string };
};

/** The n8n the end-to-end tests run against: the 2.x line, or the 1.x line with JELOU_N8N_LINE=1. */
export const n8nUnderTest = selectLine();

/**
 * `it` for a test that cannot run on every n8n line for a real reason (a feature the older n8n lacks): on the
 * other lines it is skipped by version, and the skipped test's name says why.
 */
export function itOnN8nLines(
	lines: Array<'1' | '2'>,
	reason: string,
): (name: string, fn: jest.ProvidesCallback, timeout?: number) => void {
	if ((lines as string[]).includes(n8nUnderTest.line)) return it;
	return (name, fn, timeout) =>
		it.skip(`${name} [not run on n8n ${n8nUnderTest.n8n}: ${reason}]`, fn, timeout);
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** A sandbox on a fresh user folder and free ports, using the in-process fake; `stop()` also removes the folder. */
export async function startE2eSandbox(
	fake: FakeJelou,
	options: Omit<SandboxOptions, 'fake' | 'userFolder' | 'port' | 'brokerPort'>,
	credential: { url?: string; httpClient?: 'pool' | 'n8n' } = {},
): Promise<Sandbox> {
	const userFolder = mkdtempSync(join(tmpdir(), 'jelou-e2e-'));
	const sandbox = await sandboxModule.startSandbox({
		...options,
		userFolder,
		port: await freePort(),
		brokerPort: await freePort(),
		fake: {
			url: credential.url ?? fake.url,
			clientId: fake.clientId,
			clientSecret: fake.clientSecret,
			botId: fake.botId,
			httpClient: credential.httpClient,
		},
		quiet: true,
	});
	const stop = sandbox.stop;
	sandbox.stop = async () => {
		await stop();
		rmSync(userFolder, { recursive: true, force: true });
	};
	return sandbox;
}

/** A fake Jelou API and each workflow's run, filled in by `runWorkflowsOnce` before the file's first test. */
export interface WorkflowsRun {
	fake: FakeJelou;
	runs: Record<string, RunResult | undefined>;
}

/**
 * For a test file that checks a batch of workflows: a fake Jelou API of its own and an n8n holding
 * `workflows`, each executed once (`n8n execute-batch`) before the tests; both stopped after them.
 * `prepare` sets the fake up before the workflows run (e.g. the campaign player's pace).
 */
export function runWorkflowsOnce(
	workflows: object[],
	prepare: (fake: FakeJelou) => void = () => {},
): WorkflowsRun {
	const batch = {} as WorkflowsRun;
	let sandbox: Sandbox | undefined;
	beforeAll(async () => {
		batch.fake = await startFakeJelou({
			clientId: 'e2e-client-id',
			clientSecret: 'e2e-client-secret',
			botId: 'e2e-bot',
		});
		prepare(batch.fake);
		sandbox = await startE2eSandbox(batch.fake, {
			serve: false,
			importExamples: false,
			workflows,
		});
		const ids = workflows.map((workflow) => (workflow as { id: string }).id);
		batch.runs = (await sandbox.executeBatch(ids)).results;
	}, 600000);
	afterAll(async () => {
		await sandbox?.stop();
		await batch.fake?.close();
	});
	return batch;
}

/** The items a node put on its first output in a run. */
export function outputOf(
	run: RunResult | undefined,
	nodeName: string,
): Array<Record<string, unknown>> {
	const nodeRuns = run?.data.resultData.runData[nodeName];
	if (!nodeRuns)
		throw new Error(
			`node "${nodeName}" did not run; nodes that ran: ${Object.keys(run?.data.resultData.runData ?? {}).join(', ')}`,
		);
	return (nodeRuns[0].data?.main[0] ?? []).map((item) => item.json);
}

export function pairingOf(run: RunResult | undefined, nodeName: string): unknown[] {
	return (run?.data.resultData.runData[nodeName]?.[0].data?.main[0] ?? []).map(
		(item) => item.pairedItem,
	);
}

export function requestsTo(
	fake: FakeJelou,
	method: string,
	path: string | RegExp,
): RecordedRequest[] {
	return fake.requests.filter(
		(r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
	);
}

const MANUAL_TRIGGER = 'Start';

/** Manual trigger → nodes in a chain. Jelou nodes get the sandbox credential on import. */
export function chainWorkflow(
	id: string,
	name: string,
	nodes: Array<{ name: string; type: string; parameters: object; [key: string]: unknown }>,
): object {
	const all = [
		{ name: MANUAL_TRIGGER, type: 'n8n-nodes-base.manualTrigger', parameters: {} },
		...nodes,
	].map((node, index) => ({
		id: `${id}-node-${index}`,
		typeVersion: 1,
		position: [index * 220, 0],
		...node,
	}));
	const connections: Record<string, object> = {};
	for (let index = 0; index < all.length - 1; index++) {
		connections[all[index].name] = {
			main: [[{ node: all[index + 1].name, type: 'main', index: 0 }]],
		};
	}
	return { id, name, nodes: all, connections, settings: { executionOrder: 'v1' } };
}

/** A Code node that outputs the given objects as items. */
export function itemsNode(
	name: string,
	rows: object[],
): { name: string; type: string; typeVersion: number; parameters: object } {
	return {
		name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		parameters: { jsCode: `return ${JSON.stringify(rows.map((json) => ({ json })))};` },
	};
}
