#!/usr/bin/env node
/*
 * scan.js — n8n's verification scan, as n8n runs it before it lists a community package as verified.
 *
 *   node scripts/scan.js     `npm run scan`: builds and packs the package, then runs @n8n/scan-community-package's
 *                            analyzePackage on the packed tarball (every .js and package.json, as n8n scans the
 *                            published package) and on the source (SOURCE_FILE_PATTERNS: package.json, nodes/ and
 *                            credentials/, as n8n scans the commit the npm provenance attests). Fails on any finding.
 *
 * The scanner is installed once into .cache/ with --ignore-scripts (one of its dependencies runs `only-allow pnpm` on
 * install), so nothing of it enters the repo's package-lock.json. The provenance check n8n also makes needs a published
 * release; see docs/verification.md.
 *
 * Plain CommonJS, no dependencies.
 */
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { pathToFileURL } = require('url');

const { ensureNpmPackage } = require('./ensure-n8n');

const SCANNER = '@n8n/scan-community-package';
const SCANNER_VERSION = '0.32.0';
const REPO = path.resolve(__dirname, '..');

function run(command, args, cwd) {
	const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
	if (result.status !== 0)
		throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
	return result.stdout;
}

/** The package as npm publishes it, unpacked into a temporary folder. */
function packedPackage() {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'jelou-scan-'));
	const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', folder], REPO));
	run('tar', ['-xzf', path.join(folder, packed[0].filename), '-C', folder], REPO);
	return { folder, packageDir: path.join(folder, 'package') };
}

async function main() {
	const scannerDir = await ensureNpmPackage(SCANNER, SCANNER_VERSION, {
		log: (line) => process.stderr.write(`${line}\n`),
	});
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(
		pathToFileURL(path.join(scannerDir, 'scanner', 'scanner.mjs')).href
	);
	run('npm', ['run', 'build', '--silent'], REPO);
	const { folder, packageDir } = packedPackage();
	let failed = false;
	try {
		for (const [what, dir, patterns] of [
			['the packed tarball', packageDir, ['**/*.js', 'package.json']],
			['the source', REPO, SOURCE_FILE_PATTERNS],
		]) {
			const result = await analyzePackage(dir, patterns);
			if (result.passed) {
				process.stdout.write(`n8n's scan of ${what}: 0 findings\n`);
			} else {
				failed = true;
				process.stdout.write(`n8n's scan of ${what}: ${result.message}\n${result.details ?? ''}\n`);
			}
		}
	} finally {
		fs.rmSync(folder, { recursive: true, force: true });
	}
	return failed ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		process.stderr.write(`scan: ${error && error.stack ? error.stack : error}\n`);
		process.exit(1);
	},
);
