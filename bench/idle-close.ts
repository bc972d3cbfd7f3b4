/**
 * Section 9, idle close: the fake closes keep-alive connections idle for 1 s, unannounced, as a proxy with a
 * short idle timeout does. One execution sends 60 items, waits 2 s (n8n's Wait node) and sends 60 more,
 * so the second batch meets connections the server has closed. The same again with the race made sure: once
 * the first 60 are in, 15 requests arriving on a reused connection find it closed before they are read
 * (nothing processed), as when a request reaches a connection the server has just chosen to close.
 * Goal: 0 messages accepted twice. Without the races, 0 failed and each of the 120 accepted once; with them, each
 * request met by a close on arrival (up to 15: only requests on reused connections meet one) was written, so it
 * fails as "may have been sent" and is never sent again (the fake took none of them).
 */
import { seconds, type BenchContext, type RunData } from './context';

const BATCH = 60;
const IDLE_CLOSE_MS = 1000;
const PAUSE_SECONDS = 2;
const LATENCY_MS = 50;
const RACES = 15;
const FIRST = 'Jelou WhatsApp (first 60)';
const SECOND = 'Jelou WhatsApp (after the pause)';

const makeItems = (offset: number) => `return Array.from({ length: ${BATCH} }, (_, i) => ({
	json: { phone: '5939' + String(10000000 + ${offset} + i).slice(-8), name: 'Customer ' + i, order: String(70000 + i) },
}));`;

function idleWorkflow(context: BenchContext): object {
	const sender = (name: string, position: number) => ({
		...context.jelouNode({ onError: 'continueRegularOutput' }),
		id: name,
		name,
		position: [position, 0],
	});
	const code = (name: string, offset: number, position: number) => ({
		id: name,
		name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [position, 0],
		parameters: { jsCode: makeItems(offset) },
	});
	const to = (node: string) => ({ main: [[{ node, type: 'main', index: 0 }]] });
	return {
		name: 'Bench: Jelou node, idle close',
		nodes: [
			{
				id: 'start',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			code('First Items', 0, 220),
			sender(FIRST, 440),
			{
				id: 'pause',
				name: 'Pause',
				type: 'n8n-nodes-base.wait',
				typeVersion: 1.1,
				position: [660, 0],
				parameters: { resume: 'timeInterval', amount: PAUSE_SECONDS, unit: 'seconds' },
			},
			code('Later Items', BATCH, 880),
			sender(SECOND, 1100),
		],
		connections: {
			Start: to('First Items'),
			'First Items': to(FIRST),
			[FIRST]: to('Pause'),
			Pause: to('Later Items'),
			'Later Items': to(SECOND),
		},
		settings: { executionOrder: 'v1' },
	};
}

interface Batch {
	items: number;
	failed: number;
	maySent: number;
	ms: number;
	firstError?: string;
}

function batchOf(run: RunData | undefined): Batch {
	const output = run?.data?.main?.[0] ?? [];
	const errors = output
		.map((item) => item.json)
		.filter((json) => json.error !== undefined)
		.map((json) => `${String(json.error)} ${String(json.description ?? '')}`);
	return {
		items: output.length,
		failed: errors.length,
		maySent: errors.filter((text) => /may have|not repeated/i.test(text)).length,
		ms: run?.executionTime ?? NaN,
		firstError: errors[0] ?? run?.error?.message,
	};
}

export async function idleClose(context: BenchContext): Promise<void> {
	const { sandbox, fake, goal } = context;
	console.log(
		`\n9. Idle close: the fake closes connections idle for ${seconds(IDLE_CLOSE_MS)} (no Keep-Alive hint); ${BATCH} items, a ${PAUSE_SECONDS} s pause, ${BATCH} more, latency ${LATENCY_MS} ms, Continue On Fail`,
	);
	const workflowId = await sandbox.importWorkflow(idleWorkflow(context));
	const scenarios = [
		{ label: 'idle close', races: 0 },
		{ label: `idle close + ${RACES} closes on arrival after the pause`, races: RACES },
	];
	for (const scenario of scenarios) {
		fake.reset();
		fake.setLatency(LATENCY_MS);
		fake.setIdleClose(IDLE_CLOSE_MS);
		// The fault is armed during the pause, once the first batch is recorded.
		const armFault = setInterval(() => {
			if (scenario.races === 0 || fake.sentMessages.length < BATCH) return;
			fake.injectFault(
				'POST /v2/whatsapp/:botId/hsm',
				{ kind: 'close-on-arrival' },
				scenario.races,
			);
			clearInterval(armFault);
		}, 5);
		const { result, stdout, stderr } = await sandbox
			.executeWorkflow(workflowId)
			.finally(() => clearInterval(armFault));
		const runData = result?.data?.resultData?.runData ?? {};
		if (!runData[FIRST] || !runData[SECOND]) {
			console.log(
				`  ${scenario.label}: the execution did not reach both nodes:\n${(stdout + stderr).split('\n').slice(-20).join('\n')}`,
			);
			continue;
		}
		const [first, second] = [batchOf(runData[FIRST][0]), batchOf(runData[SECOND][0])];
		const perPhone = new Map<string, number>();
		for (const message of fake.sentMessages)
			perPhone.set(message.destination, (perPhone.get(message.destination) ?? 0) + 1);
		const duplicates = [...perPhone.values()].filter((count) => count > 1).length;
		const acceptedOnce = [...perPhone.values()].filter((count) => count === 1).length;
		const stats = fake.connectionStats;
		console.log(`  ${scenario.label}:`);
		for (const [name, batch] of [
			['first 60', first],
			['after the pause', second],
		] as const) {
			console.log(
				`    ${name.padEnd(16)} ${seconds(batch.ms).padStart(8)}   ${batch.items} output items, ${batch.failed} failed (${batch.maySent} say the message may have gone out)${batch.firstError ? `; first error: "${batch.firstError.slice(0, 160)}"` : ''}`,
			);
		}
		console.log(
			`    fake: ${stats.opened} connections opened, ${stats.processed} requests processed, ${stats.closedWhileIdle} connections closed while idle, ${stats.closedOnArrival} closed on a request's arrival; ${fake.sentMessages.length} messages recorded, ${acceptedOnce} accepted once, ${duplicates} more than once`,
		);
		// A close on arrival meets only a request on a reused connection: as many failures as closes, no more.
		const closes = stats.closedOnArrival;
		const failed = first.failed + second.failed;
		const maySent = first.maySent + second.maySent;
		goal(
			`${scenario.label}: failed, duplicates`,
			`${failed} failed (${maySent} "may have been sent"), ${duplicates} duplicates, ${acceptedOnce} of ${2 * BATCH} accepted once, ${closes} closes on arrival`,
			`${closes}, 0, ${2 * BATCH - closes} (one failure per close, never resent)`,
			failed === closes &&
				maySent === closes &&
				duplicates === 0 &&
				acceptedOnce === 2 * BATCH - closes,
		);
	}
	fake.reset();
}
