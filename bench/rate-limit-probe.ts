/**
 * Goal 4 in n8n-core alone (no CLI): 1,000 items through Send Template on Auto against the fake limited
 * to 100 requests/s at 50 ms latency. Prints time, 429 answers and the hint; never asserts.
 * Run: npx ts-node --transpile-only bench/rate-limit-probe.ts [runs]
 */
import './ts-first';

import { startFakeJelou } from '../test/fake-jelou/server';
import { runJelou, sendTemplateParameters } from '../test/helpers/jelou';
import { NODE_UNDER_TEST } from '../test/helpers/n8n-harness';

const ITEMS = 1000;
const items = Array.from({ length: ITEMS }, (_, i) => ({
	json: { phone: `5939${String(10_000_000 + i).slice(-8)}`, name: `Customer ${i}` },
}));

async function main() {
	const runs = Number(process.argv[2] ?? 3);
	const mode = process.argv[3] ?? 'limit';
	const fake = await startFakeJelou();
	try {
		const parameters = sendTemplateParameters({
			template: 'order_confirmation',
			recipients: '={{ $json.phone }}',
			parameters: ['={{ $json.name }}', '71936'],
		});
		await runJelou(fake, parameters, { items: items.slice(0, 20) });
		for (let run = 0; run < runs; run++) {
			fake.reset();
			fake.setLatency(mode === 'zero' ? 0 : 50);
			if (mode === 'limit') fake.setRateLimit(100);
			const cpu = process.cpuUsage();
			const started = performance.now();
			const moments: string[] = [];
			let seen = 0;
			let refusedSeen = 0;
			let lastAt = 0;
			const timer = setInterval(() => {
				const now = performance.now() - started;
				const count = fake.requests.length;
				const refusedNow = fake.requests.filter((request) => request.status === 429).length;
				if (seen === 0 && count > 0) moments.push(`first request ${now.toFixed(0)}`);
				if (refusedSeen === 0 && refusedNow > 0)
					moments.push(`first 429 ${now.toFixed(0)} (${count} requests)`);
				if (count > seen && now - lastAt > 300 && lastAt > 0)
					moments.push(
						`resumed ${now.toFixed(0)} after a gap from ${lastAt.toFixed(0)} (${count})`,
					);
				if (count > seen) lastAt = now;
				seen = count;
				refusedSeen = refusedNow;
			}, 5);
			const { items: output, error, runData } = await runJelou(fake, parameters, { items });
			clearInterval(timer);
			moments.push(
				`last request ${lastAt.toFixed(0)}, end ${(performance.now() - started).toFixed(0)}`,
			);
			console.log('  ' + moments.join('; '));
			const ms = performance.now() - started;
			const cpuUsed = process.cpuUsage(cpu);
			const cpuMs = (cpuUsed.user + cpuUsed.system) / 1000;
			const refused = fake.requests.filter((request) => request.status === 429).length;
			const recorded = fake.sentMessages.length;
			const distinct = new Set(fake.sentMessages.map((message) => message.destination)).size;
			console.log(
				`${(ms / 1000).toFixed(2)} s (CPU ${cpuMs.toFixed(0)} ms, ${(cpuMs / ITEMS).toFixed(3)} ms/item incl. the fake), ${refused} answers 429 (${((refused / (refused + recorded)) * 100).toFixed(1)} %), recorded ${recorded} (${distinct} distinct), output ${output.length}${error ? `, error ${error.message}` : ''}`,
			);
			console.log(
				`  ${runData[NODE_UNDER_TEST]?.[0]?.hints?.map((hint) => hint.message).join(' / ')}`,
			);
		}
	} finally {
		await fake.close();
	}
}

void main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
