/** What bench/n8n-bench.ts hands the sections kept in modules of their own. */
import type { Fault, FakeJelou } from '../test/fake-jelou/server';

export interface RunData {
	startTime: number;
	executionTime?: number;
	hints?: Array<{ message: string }>;
	error?: { message?: string; description?: string };
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
}

export interface ExecutionResult {
	data?: { resultData?: { runData?: Record<string, RunData[]>; error?: { message?: string } } };
}

/** The parts of scripts/sandbox.js the sections use. */
export interface BenchSandbox {
	nodeType: string;
	editorUrl: string;
	n8n(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
	importWorkflow(workflow: object): Promise<string>;
	executeWorkflow(
		id: string,
	): Promise<{ code: number; result?: ExecutionResult; stdout: string; stderr: string }>;
	stop(): Promise<void>;
}

export interface FakeSettings {
	latencyMs: number;
	rateLimitPerSecond?: number;
	faults?: Array<{ route: string; fault: Fault; times?: number; after?: number }>;
}

export interface NodeRun {
	ms: number;
	outputItems: number;
	failedItems: number;
	recorded: number;
	distinct: number;
	throttled: number;
	hint?: string;
	error?: string;
	timeline: string;
}

export interface BenchContext {
	/** The n8n of sections 1–6 (`n8n execute`, not served), its fake Jelou API in this process. */
	sandbox: BenchSandbox;
	fake: FakeJelou;
	basicAuthCredential: { id: string; name: string };
	/** Imports the HTTP Request node's Basic Auth credential into another sandbox (its user folder given). */
	importBasicAuth(sandbox: BenchSandbox, userFolder: string): Promise<void>;
	/** `n8n execute` of one workflow against a freshly reset fake; the named node's figures. */
	runNode(workflowId: string, nodeName: string, settings: FakeSettings): Promise<NodeRun>;
	/** Manual trigger → a Code node making `items` items (phone, name, order) → `sender`. */
	manualWorkflow(name: string, sender: object, items?: number): object;
	/** Send Template of `order_confirmation` to `$json.phone` with `$json.name` and `$json.order`. */
	jelouNode(options?: { onError?: string; concurrency?: number }): object;
	describe(name: string, run: NodeRun): string;
	goal(label: string, figure: string, target: string, met: boolean): void;
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The value below which `share` of the sorted values lie (0.5: the median). */
export function percentile(values: number[], share: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
}
