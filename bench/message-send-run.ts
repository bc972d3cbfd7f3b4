/**
 * Message → Send Template: 1,000 items through n8n-core's real execution against the fake Jelou API,
 * compared with a plain undici loop doing the same requests; then the same batch against a rate limit.
 * Prints, never asserts. Started by bench/message-send.ts.
 */
import { request } from 'undici';

import { startFakeJelou } from '../test/fake-jelou/server';
import type { FakeJelou } from '../test/fake-jelou/server';
import { runJelou, sendTemplateParameters } from '../test/helpers/jelou';

const ITEMS = 1000;
const LATENCY_MS = 50;
const RATE_LIMIT = 100;

const phones = Array.from({ length: ITEMS }, (_, i) => `5939${String(10_000_000 + i).slice(-8)}`);
const items = phones.map((phone) => ({ json: { phone } }));

function parameters(concurrency: number) {
	return {
		...sendTemplateParameters({
			template: 'order_confirmation',
			recipients: '={{ $json.phone }}',
			parameters: ['Maria', '71936'],
		}),
		requestOptions: { concurrency },
	};
}

async function timeNode(fake: FakeJelou, concurrency: number) {
	fake.reset();
	fake.setLatency(LATENCY_MS);
	const started = performance.now();
	const { items: output, error } = await runJelou(fake, parameters(concurrency), { items });
	const ms = performance.now() - started;
	const failed =
		output.filter((item) => item.json.error !== undefined).length +
		(error ? ITEMS - output.length : 0);
	return { ms, failed, recorded: fake.sentMessages.length, error: error?.message };
}

async function timeRaw(fake: FakeJelou, concurrency: number) {
	fake.reset();
	fake.setLatency(LATENCY_MS);
	const url = `${fake.url}/v2/whatsapp/${fake.botId}/hsm`;
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < ITEMS) {
				const phone = phones[next++];
				const response = await request(url, {
					method: 'POST',
					headers: {
						authorization: fake.authorization,
						'content-type': 'application/json',
						accept: 'application/json',
					},
					body: JSON.stringify({
						elementName: 'order_confirmation',
						destinations: [phone],
						parameters: ['Maria', '71936'],
					}),
				});
				await response.body.text();
			}
		}),
	);
	return { ms: performance.now() - started, recorded: fake.sentMessages.length };
}

async function main() {
	const fake = await startFakeJelou();
	try {
		// Warm-up: module loading and the first connections are not part of the numbers.
		await runJelou(fake, parameters(10), { items: items.slice(0, 20) });
		console.log(`${ITEMS} items, fake latency ${LATENCY_MS} ms`);
		console.log('concurrency | node (ms) | raw undici (ms) | node / raw | recorded');
		for (const concurrency of [1, 10, 50]) {
			const node = await timeNode(fake, concurrency);
			const raw = await timeRaw(fake, concurrency);
			console.log(
				`${String(concurrency).padStart(11)} | ${node.ms.toFixed(0).padStart(9)} | ${raw.ms.toFixed(0).padStart(15)} | ${(node.ms / raw.ms).toFixed(2).padStart(10)} | ${node.recorded}${node.error ? ` error: ${node.error}` : ''}`,
			);
		}

		console.log(
			`\nRate limit ${RATE_LIMIT} requests/s (429 with Retry-After: 1 beyond), latency ${LATENCY_MS} ms`,
		);
		for (const concurrency of [10, 50]) {
			fake.reset();
			fake.setLatency(LATENCY_MS);
			fake.setRateLimit(RATE_LIMIT);
			const started = performance.now();
			const { items: output, error } = await runJelou(fake, parameters(concurrency), {
				items,
				continueOnFail: true,
			});
			const ms = performance.now() - started;
			const failed = output.filter((item) => item.json.error !== undefined).length;
			const throttled = fake.requests.filter((entry) => entry.status === 429).length;
			console.log(
				`concurrency ${concurrency}: ${ms.toFixed(0)} ms (floor ${((ITEMS / RATE_LIMIT) * 1000).toFixed(0)} ms), recorded ${fake.sentMessages.length} messages, ${new Set(fake.sentMessages.map((m) => m.destination)).size} distinct, failed items ${failed}, 429 answers ${throttled}${error ? `, error: ${error.message}` : ''}`,
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
