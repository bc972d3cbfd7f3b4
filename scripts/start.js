#!/usr/bin/env node
/*
 * `npm start` (after `npm run build`): a real n8n with this package, a local fake Jelou API, the
 * "Jelou Sandbox" credential and the example workflows. Ctrl-C stops everything it started.
 *
 *   node scripts/start.js [--port 5678] [--broker-port 6678] [--fake-port 5680] [--queue] [--verbose] [--fresh]
 */
'use strict';

const fs = require('fs');
const path = require('path');

const { startSandbox } = require('./sandbox');

const USAGE = `usage: npm start -- [--port N] [--broker-port N] [--fake-port N] [--queue] [--verbose] [--fresh]
  --port N          n8n editor port (default 5678)
  --broker-port N   port of n8n's task broker (default: the editor port + 1000)
  --fake-port N     fake Jelou API port (default 5680)
  --queue           queue mode: redis-server + one n8n worker
  --verbose         print n8n's own log lines (always kept in .n8n-sandbox/logs/)
  --fresh           delete .n8n-sandbox first (workflows, executions and the owner are lost)`;

function parseArgs(argv) {
	const options = {};
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const number = () => {
			const value = Number(argv[++i]);
			if (!Number.isInteger(value) || value <= 0 || value > 65535)
				throw new Error(`${flag} needs a port number`);
			return value;
		};
		switch (flag) {
			case '--port':
				options.port = number();
				break;
			case '--broker-port':
				options.brokerPort = number();
				break;
			case '--fake-port':
				options.fakePort = number();
				break;
			case '--queue':
				options.queueMode = true;
				break;
			case '--verbose':
				options.verbose = true;
				break;
			case '--fresh':
				options.fresh = true;
				break;
			case '--help':
			case '-h':
				console.log(USAGE);
				process.exit(0);
				break;
			default:
				throw new Error(`unknown option ${flag}`);
		}
	}
	return options;
}

async function main() {
	const t0 = Date.now();
	let options;
	try {
		options = parseArgs(process.argv.slice(2));
	} catch (error) {
		console.error(`${error.message}\n${USAGE}`);
		process.exit(2);
	}
	const userFolder = path.resolve(__dirname, '..', '.n8n-sandbox');
	if (options.fresh) fs.rmSync(userFolder, { recursive: true, force: true });

	const sandbox = await startSandbox({
		userFolder,
		port: options.port,
		brokerPort: options.brokerPort,
		fakePort: options.fakePort,
		queueMode: options.queueMode,
		verbose: options.verbose,
		importExamples: true,
		serve: true,
	});
	const seconds = ((Date.now() - t0) / 1000).toFixed(1);
	console.log(`
n8n is ready (${seconds}s): ${sandbox.editorUrl}

  Log in with          ${sandbox.owner.email}
                       ${sandbox.owner.password}     (sandbox only)
  Credential           "${sandbox.credential.name}" → fake Jelou API at ${sandbox.fakeUrl}
  Example workflows    Overview → Workflows (from examples/)${options.queueMode ? '\n  Queue mode           executions of published workflows run on the worker' : ''}
  Logs                 ${path.relative(process.cwd(), path.join(sandbox.userFolder, 'logs'))}/

Nothing leaves this machine: the credential points at the local fake, which answers like Jelou.
Press Ctrl-C to stop n8n and the fake.
`);

	let stopping = false;
	const shutdown = async (why) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${why}; stopping n8n and the fake Jelou API…`);
		await sandbox.stop();
		process.exit(0);
	};
	process.once('SIGINT', () => shutdown('Ctrl-C'));
	process.once('SIGTERM', () => shutdown('SIGTERM'));
	const ended = await sandbox.ended;
	if (!stopping) {
		console.error(`\n${ended} stopped unexpectedly; see ${path.join(sandbox.userFolder, 'logs')}/`);
		await sandbox.stop();
		process.exit(1);
	}
}

if (require.main === module) {
	main().catch((error) => {
		console.error(`npm start: ${error && error.message ? error.message : error}`);
		process.exit(1);
	});
}

module.exports = { parseArgs };
