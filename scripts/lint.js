#!/usr/bin/env node
/*
 * lint.js — n8n's own lint for community packages, with n8n's own configuration.
 *
 *   node scripts/lint.js           `npm run lint`: ESLint with eslint.config.mjs, every rule on; must be clean
 *   node scripts/lint.js --fix     the same, fixing what can be fixed
 *   node scripts/lint.js --stock   `n8n-node lint`, exactly what `npx @n8n/node-cli lint` runs; must be clean
 *
 * eslint.config.mjs takes n8n's configuration with n8n Cloud support from @n8n/node-cli. That package is not a
 * devDependency: the lockfile npm writes for it misses platform packages of one of its dependencies (unrs-resolver),
 * and `npm ci` then refuses the lockfile. It is installed once into .cache/ and linked as node_modules/@n8n/node-cli.
 *
 * Plain CommonJS, no dependencies.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const { ensureNpmPackage } = require('./ensure-n8n');

const NODE_CLI = '@n8n/node-cli';
const NODE_CLI_VERSION = '0.48.3';
const REPO = path.resolve(__dirname, '..');

/** Links the cached @n8n/node-cli where eslint.config.mjs (and `npx @n8n/node-cli`) look for it. */
async function linkNodeCli() {
	const installed = await ensureNpmPackage(NODE_CLI, NODE_CLI_VERSION, {
		log: (line) => process.stderr.write(`${line}\n`),
	});
	const link = path.join(REPO, 'node_modules', ...NODE_CLI.split('/'));
	let current;
	try {
		current = fs.readlinkSync(link);
	} catch {
		current = undefined;
	}
	if (current !== installed) {
		fs.mkdirSync(path.dirname(link), { recursive: true });
		fs.rmSync(link, { recursive: true, force: true });
		fs.symlinkSync(installed, link, 'dir');
	}
	return installed;
}

function run(command, args) {
	return spawnSync(command, args, { cwd: REPO, encoding: 'utf8' });
}

/** `n8n-node lint`: clean, or its exit status. */
function stockLint(nodeCliDir) {
	const bin = path.join(nodeCliDir, 'bin', 'n8n-node.mjs');
	const result = run(process.execPath, [bin, 'lint']);
	process.stdout.write(`${result.stdout}${result.stderr}`);
	return result.status === null ? 1 : result.status;
}

async function main() {
	const args = process.argv.slice(2);
	const nodeCliDir = await linkNodeCli();
	if (args.includes('--stock')) return stockLint(nodeCliDir);
	const eslint = path.join(REPO, 'node_modules', 'eslint', 'bin', 'eslint.js');
	const eslintArgs = ['.', ...(args.includes('--fix') ? ['--fix'] : [])];
	const result = spawnSync(process.execPath, [eslint, ...eslintArgs], {
		cwd: REPO,
		stdio: 'inherit',
	});
	return result.status === null ? 1 : result.status;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		process.stderr.write(`lint: ${error && error.stack ? error.stack : error}\n`);
		process.exit(1);
	},
);
