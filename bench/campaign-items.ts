/**
 * 100,000 input items → one campaign (Recipients Source: Incoming Items) through the node in n8n-core,
 * against the fake Jelou API. Prints the time and this process's peak RSS; never asserts.
 *
 *   npx ts-node --transpile-only bench/campaign-items.ts [items]
 */
import './ts-first';

import { startFakeJelou } from '../test/fake-jelou/server';
import { runJelou } from '../test/helpers/jelou';

async function main(): Promise<void> {
	const count = Number(process.argv[2] ?? 100_000);
	const fake = await startFakeJelou();
	const items = Array.from({ length: count }, (_, index) => ({
		json: { phone: String(593990000000 + index), name: `Customer ${index}`, order: `A${index}` },
	}));
	const rssBefore = process.resourceUsage().maxRSS / 1024;
	try {
		const parameters = {
			resource: 'campaign',
			operation: 'send',
			recipientsSource: 'items',
			campaignName: 'Bench',
			// a template named by an expression: version 2 then takes the ordered Parameter Values
			template: { __rl: true, mode: 'name', value: '=order_confirmation' },
			phoneNumber: '={{ $json.phone }}',
			parameterValues: {
				values: [{ value: '={{ $json.name }}' }, { value: '={{ $json.order }}' }],
			},
		};
		for (const label of ['warm-up', 'measured']) {
			fake.reset();
			const started = process.hrtime.bigint();
			const { items: output, error } = await runJelou(fake, parameters, { items });
			const ms = Number(process.hrtime.bigint() - started) / 1e6;
			if (error) throw error;
			const uploads = fake.requests.filter((request) => request.path === '/v1/hsm/file');
			console.log(
				`${label}: ${count.toLocaleString('en')} items → ${uploads.length} request, ${String(output[0].json.rowsSent)} rows, ${(ms / 1000).toFixed(2)} s (${Math.round(count / (ms / 1000)).toLocaleString('en')} items/s), including the fake parsing the upload`,
			);
		}
		const sameRowsWithExpressions = {
			...parameters,
			parameterValues: {
				values: [{ value: '={{ $json.name.trim() }}' }, { value: '={{ $json.order }}' }],
			},
		};
		fake.reset();
		const started = process.hrtime.bigint();
		await runJelou(fake, sameRowsWithExpressions, { items: items.slice(0, 10_000) });
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		console.log(
			`for comparison: 10,000 items with a computed expression ({{ $json.name.trim() }}) evaluated by n8n: ${(ms / 1000).toFixed(2)} s`,
		);
		console.log(
			`peak RSS of the process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (${rssBefore.toFixed(0)} MB before the runs, with the input items built)`,
		);
	} finally {
		await fake.close();
	}
}

void main();
