// Reading executions of a served n8n over its REST API, for end-to-end tests of triggered workflows.

/** n8n stores execution data with `flatted`: every string in an object is the index of its value. */
export function unflatten(text: string): unknown {
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

/** Polls `probe` every 250 ms until it returns something other than undefined. */
export async function waitFor<T>(
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

export type RunData = Record<
	string,
	Array<{
		data?: {
			main: Array<Array<{
				json: Record<string, unknown>;
				binary?: Record<string, unknown>;
			}> | null>;
		};
		error?: { message: string };
	}>
>;

export interface FinishedExecution {
	id: string;
	status: string;
	runData: RunData;
}

/** The first `count` finished executions of a workflow, oldest first, with their run data. */
export async function finishedExecutions(
	rest: (path: string) => Promise<{ json: unknown }>,
	workflowId: string,
	count: number,
): Promise<FinishedExecution[]> {
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
	const runs = await Promise.all(
		executions.map(async (execution) => {
			const answer = (await rest(`/rest/executions/${execution.id}`)).json as {
				data: { data: string };
			};
			const data = unflatten(answer.data.data) as { resultData: { runData: RunData } };
			return { id: execution.id, status: execution.status, runData: data.resultData.runData };
		}),
	);
	return runs.reverse();
}

/** The JSON of the items a node put out in a run, over all its outputs. */
export function outputsOf(runData: RunData, node: string): Array<Record<string, unknown>> {
	const run = runData[node]?.[0];
	if (!run)
		throw new Error(
			`node "${node}" did not run; nodes that ran: ${Object.keys(runData).join(', ')}`,
		);
	return (run.data?.main ?? []).flatMap((items) => items ?? []).map((item) => item.json);
}
