/**
 * A 1,000,000-row campaign CSV checked by the node's validator vs a bare csv-parse pass over the same
 * file, and the cleaned copy the node uploads when it rewrites a file (every row written again). Each runs
 * in its own child process, so its peak RSS is its own. Prints, never asserts.
 *
 *   npx ts-node --transpile-only bench/campaign-csv.ts [rows]
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';

import {
	checkCampaignCsv,
	cleanedCampaignCsv,
} from '../nodes/JelouWhatsApp/actions/campaign/send.csv';
import type { CsvRules } from '../nodes/JelouWhatsApp/actions/campaign/send.csv';

interface Measure {
	ms: number;
	maxRssMb: number;
	rows: number;
}

const rules: CsvRules = {
	field: 'CSV File',
	mappedColumns: ['customer_name', 'order_amount', 'delivery'],
};

async function child(mode: string, file: string): Promise<void> {
	const started = process.hrtime.bigint();
	let rows = 0;
	if (mode === 'validator') {
		const check = await checkCampaignCsv(() => createReadStream(file), rules);
		rows = check.validRows + check.badLines.length;
	} else if (mode === 'cleaned') {
		for await (const chunk of cleanedCampaignCsv(() => createReadStream(file), rules))
			for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) rows++;
		rows--; // the header
	} else {
		await pipeline(
			createReadStream(file),
			parse({ relax_column_count: true }),
			new Writable({
				objectMode: true,
				write(_record, _encoding, callback) {
					rows++;
					callback();
				},
			}),
		);
		rows--; // the header
	}
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	const result: Measure = { ms, maxRssMb: process.resourceUsage().maxRSS / 1024, rows };
	process.stdout.write(JSON.stringify(result));
}

async function writeCsv(file: string, rows: number): Promise<void> {
	const out = createWriteStream(file);
	out.write('phone_number,customer_name,order_amount,delivery\n');
	for (let index = 0; index < rows; index++) {
		const line = `${593990000000 + index},"Customer ${index}, Quito",$${(index % 997) + 0.5},December ${(index % 28) + 1}\n`;
		if (!out.write(line)) await once(out, 'drain');
	}
	out.end();
	await once(out, 'finish');
}

function measure(mode: string, file: string): Measure {
	const output = execFileSync(
		process.execPath,
		['-r', 'ts-node/register/transpile-only', __filename, 'child', mode, file],
		{ encoding: 'utf8' },
	);
	return JSON.parse(output) as Measure;
}

async function main(): Promise<void> {
	if (process.argv[2] === 'child') return await child(process.argv[3], process.argv[4]);
	const rows = Number(process.argv[2] ?? 1_000_000);
	const dir = mkdtempSync(join(tmpdir(), 'campaign-bench-'));
	const file = join(dir, 'campaign.csv');
	try {
		await writeCsv(file, rows);
		console.log(
			`CSV: ${rows.toLocaleString('en')} rows, ${(statSync(file).size / 1e6).toFixed(1)} MB`,
		);
		const bare = measure('bare', file);
		const validator = measure('validator', file);
		const cleaned = measure('cleaned', file);
		for (const [name, result] of [
			['bare csv-parse', bare],
			['node validator', validator],
			['cleaned copy', cleaned],
		] as const) {
			console.log(
				`${name.padEnd(15)} ${result.rows.toLocaleString('en')} rows in ${(result.ms / 1000).toFixed(2)} s = ${Math.round(result.rows / (result.ms / 1000)).toLocaleString('en')} rows/s, peak RSS ${result.maxRssMb.toFixed(0)} MB`,
			);
		}
		console.log(
			`validator throughput / bare csv-parse throughput = ${(bare.ms / validator.ms).toFixed(2)}`,
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

void main();
