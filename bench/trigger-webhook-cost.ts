/**
 * The trigger's own cost per delivery: webhook() timed alone (from n8n-core's WebhookContext to the answer written)
 * for 3,000 deliveries one after another over loopback HTTP, in n8n-core in this process (the trigger harness),
 * the first 500 left out as warm-up. Prints the median and 95th percentile, never asserts.
 * Run: npx ts-node --transpile-only bench/trigger-webhook-cost.ts
 * Profile: node --cpu-prof --cpu-prof-dir=/tmp/prof -r ts-node/register/transpile-only bench/trigger-webhook-cost.ts
 */
import './ts-first';

import type { IWebhookFunctions } from 'n8n-workflow';

import { JelouApi } from '../credentials/JelouApi.credentials';
import { JelouWhatsAppTrigger } from '../nodes/JelouWhatsAppTrigger/JelouWhatsAppTrigger.node';
import { startFakeJelou } from '../test/fake-jelou/server';
import { credentialsFor } from '../test/helpers/jelou';
import { startTriggerHarness } from '../test/helpers/trigger-harness';

const DELIVERIES = 3000;
const WARM_UP = 500;

async function main(): Promise<void> {
	const fake = await startFakeJelou();
	const trigger = new JelouWhatsAppTrigger();
	const webhook = trigger.webhook;
	const times: number[] = [];
	trigger.webhook = async function (this: IWebhookFunctions) {
		const startedAt = performance.now();
		const result = await webhook.call(this);
		times.push(performance.now() - startedAt);
		return result;
	};
	const node = await startTriggerHarness({
		nodeType: trigger,
		credentialType: new JelouApi(),
		credentials: credentialsFor(fake),
		parameters: { events: ['read', 'delivered_user'] },
	});
	await node.activate();
	const url = fake.events.subscriptions.read!;
	for (let index = 0; index < DELIVERIES; index++) {
		const body = { id: `m${index}`, destination: '593991234567', sentStatus: 'READ' };
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		await response.text();
	}
	const warm = times.slice(WARM_UP).sort((a, b) => a - b);
	const micros = (share: number) => (warm[Math.floor(share * (warm.length - 1))] * 1000).toFixed(0);
	console.log(
		`webhook() of the Jelou WhatsApp Trigger, ${warm.length} deliveries after ${WARM_UP} to warm up: median ${micros(0.5)} µs, p95 ${micros(0.95)} µs`,
	);
	await node.close();
	await fake.close();
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
