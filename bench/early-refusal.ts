/**
 * Section 8, one early refusal: 1,000 items through the Jelou node (Concurrency Auto) at 50 ms latency, once
 * with the 5th send answered 503 + Retry-After: 1 and once without. One refusal among a thousand sends must
 * not cost minutes: the goal is at most 3× the clean time, plus 2 s, with every message accepted once.
 */
import { seconds, type BenchContext } from './context';

const ITEMS = 1000;
const LATENCY_MS = 50;
const NODE = 'Jelou WhatsApp';
const HSM_ROUTE = 'POST /v2/whatsapp/:botId/hsm';

export async function earlyRefusal(context: BenchContext): Promise<void> {
	const { sandbox, fake, goal } = context;
	console.log(
		`\n8. One early refusal: ${ITEMS} items, latency ${LATENCY_MS} ms, the 5th send answered 503 with Retry-After: 1, against the same run without it`,
	);
	const workflowId = await sandbox.importWorkflow(
		context.manualWorkflow('Bench: Jelou node, one early refusal', context.jelouNode(), ITEMS),
	);
	const clean = await context.runNode(workflowId, NODE, { latencyMs: LATENCY_MS });
	const refused = await context.runNode(workflowId, NODE, {
		latencyMs: LATENCY_MS,
		faults: [
			{
				route: HSM_ROUTE,
				fault: { kind: 'status', status: 503, retryAfterSeconds: 1 },
				times: 1,
				after: 4,
			},
		],
	});
	const answered503 = fake.requests.filter((request) => request.status === 503).length;
	console.log(context.describe('clean', clean));
	console.log(context.describe('one 503 (5th send)', refused) + `, ${answered503} answers 503`);
	console.log(`  ${refused.hint ?? '(no hint)'}`);
	console.log(`  seen by the fake (with the 503): ${refused.timeline}`);
	const limit = 3 * clean.ms + 2000;
	goal(
		'time with the refusal',
		`${seconds(refused.ms)} (${(refused.ms / clean.ms).toFixed(1)}× the clean ${seconds(clean.ms)})`,
		`≤ 3× clean + 2 s = ${seconds(limit)}`,
		refused.ms <= limit,
	);
	goal(
		'each accepted once',
		`${refused.recorded} recorded, ${refused.distinct} distinct, ${refused.failedItems} failed`,
		`${ITEMS}, ${ITEMS}, 0`,
		refused.recorded === ITEMS && refused.distinct === ITEMS && refused.failedItems === 0,
	);
}
