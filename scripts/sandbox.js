/*
 * sandbox.js — a real n8n (2.x, or 1.x with JELOU_N8N_LINE=1) with this package loaded, pointed at the fake Jelou API.
 *
 *   const { startSandbox } = require('./scripts/sandbox');
 *   const sandbox = await startSandbox({ serve: true });
 *   … sandbox.editorUrl, sandbox.owner, sandbox.executeWorkflow(id) …
 *   await sandbox.stop();
 *
 * Builds nothing: run `npm run build` first (`npm start` does). n8n itself comes from
 * scripts/ensure-n8n.js (installed once into .cache/n8n-runtime). See scripts/N8N-RUNTIME.md for
 * the facts this relies on (package loading from .n8n/nodes, CLI import/execute, REST owner setup,
 * queue mode). Plain CommonJS, no dependencies beyond Node.
 */
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');
const { spawn } = require('child_process');

const { ensureN8n } = require('./ensure-n8n');

const REPO = path.resolve(__dirname, '..');
const PACKAGE_NAME = require(path.join(REPO, 'package.json')).name;
const NODE_TYPE = `${PACKAGE_NAME}.jelouWhatsApp`;
const CREDENTIAL_TYPE = 'jelouApi';
const CREDENTIAL = { id: 'JelouSandboxCred', name: 'Jelou Sandbox' };
const SPAWNED_FAKE = {
	clientId: 'sandbox-client-id',
	clientSecret: 'sandbox-client-secret',
	botId: 'sandbox-bot',
	otherBotId: 'sandbox-bot-co',
};
const OWNER = {
	email: 'sandbox@example.com',
	firstName: 'Sandbox',
	lastName: 'Owner',
	password: 'Sandbox-Passw0rd',
};
const LOG_TAIL_BYTES = 4 * 1024 * 1024;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** How often a step that takes a while says it is still going (the first start's install says so every 30 s). */
const PROGRESS_EVERY_MS = 15000;

/**
 * Says `what`, then "… still <what> (N s so far)" every `everyMs` until `work` settles, so that no step of the
 * start (an import, n8n starting) looks stuck; resolves or rejects as `work` does.
 */
async function withProgress(say, what, work, everyMs = PROGRESS_EVERY_MS) {
	const started = Date.now();
	say(what);
	const beat = setInterval(
		() => say(`… still ${what} (${Math.round((Date.now() - started) / 1000)} s so far)`),
		everyMs,
	);
	try {
		return await work();
	} finally {
		clearInterval(beat);
	}
}

// ---------------------------------------------------------------- child processes

/** Every process any sandbox started and has not seen exit: killed on stop() and when this process ends. */
const liveChildren = new Set();
let exitHooksInstalled = false;

function installExitHooks() {
	if (exitHooksInstalled) return;
	exitHooksInstalled = true;
	process.on('exit', () => {
		for (const child of liveChildren) killGroup(child, 'SIGKILL');
	});
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.once(signal, () => {
			// stop what we started (n8n shuts down cleanly on SIGTERM), then leave; 'exit' SIGKILLs stragglers
			const waits = [...liveChildren].map((child) => {
				killGroup(child, 'SIGTERM');
				return new Promise((resolve) => child.once('exit', resolve));
			});
			const deadline = sleep(15000);
			Promise.race([Promise.all(waits), deadline]).then(() => process.exit(130));
		});
	}
}

function killGroup(child, signal) {
	// children run in their own process group, so n8n's task runner goes with it
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* already gone */
		}
	}
}

/**
 * Spawns a long-running child in its own process group. Its output goes to `logFile` and to an
 * in-memory tail (`child.output()`), and to our stderr when `echo` is set.
 */
function spawnLogged(name, command, args, { env, cwd, logFile, echo }) {
	installExitHooks();
	const child = spawn(command, args, {
		env,
		cwd: cwd || REPO,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	liveChildren.add(child);
	child.name = name;
	const file = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : null;
	let tail = '';
	const listeners = new Set();
	const onData = (chunk) => {
		const text = chunk.toString();
		tail += text;
		if (tail.length > LOG_TAIL_BYTES) tail = tail.slice(-LOG_TAIL_BYTES);
		if (file) file.write(chunk);
		if (echo) process.stderr.write(text.replace(/^(?=.)/gm, `[${name}] `));
		for (const listener of listeners) listener();
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	child.exited = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			liveChildren.delete(child);
			child.exitCode_ = code;
			child.exitSignal_ = signal;
			if (file) file.end();
			for (const listener of listeners) listener();
			resolve({ code, signal });
		});
		child.on('error', (error) => {
			liveChildren.delete(child);
			child.spawnError = error;
			for (const listener of listeners) listener();
			resolve({ code: null, signal: null, error });
		});
	});
	child.output = () => tail;
	child.isRunning = () => liveChildren.has(child);
	/** Resolves with the first match of `pattern` in the output; rejects if the child ends first. */
	child.waitFor = (pattern, timeoutMs, what) =>
		new Promise((resolve, reject) => {
			const check = () => {
				const match = tail.match(pattern);
				if (match) return done(null, match);
				if (!child.isRunning())
					return done(
						new Error(`${name} stopped before ${what}${exitText(child)}\n${lastLines(tail)}`),
					);
			};
			const timer = setTimeout(
				() => done(new Error(`${name}: no ${what} after ${timeoutMs / 1000}s\n${lastLines(tail)}`)),
				timeoutMs,
			);
			function done(error, value) {
				clearTimeout(timer);
				listeners.delete(check);
				if (error) reject(error);
				else resolve(value);
			}
			listeners.add(check);
			check();
		});
	child.stop = async (graceMs = 10000) => {
		if (!child.isRunning()) return;
		killGroup(child, 'SIGTERM');
		const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
		await child.exited;
		clearTimeout(timer);
		// the task runner of n8n lives in the same group; make sure nothing of it is left
		killGroup(child, 'SIGKILL');
	};
	return child;
}

function exitText(child) {
	if (child.spawnError) return ` (${child.spawnError.message})`;
	return child.exitSignal_ ? ` (signal ${child.exitSignal_})` : ` (exit ${child.exitCode_})`;
}

function lastLines(text, n = 30) {
	return text.trimEnd().split('\n').slice(-n).join('\n');
}

/** Runs a command to its end; output collected. Killed with the sandbox's other children if we exit. */
function runToEnd(command, args, { env, input, timeoutMs = 300000 }) {
	installExitHooks();
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			env,
			cwd: REPO,
			stdio: ['pipe', 'pipe', 'pipe'],
			detached: true,
		});
		liveChildren.add(child);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c) => (stdout += c));
		child.stderr.on('data', (c) => (stderr += c));
		const timer = setTimeout(() => killGroup(child, 'SIGKILL'), timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			liveChildren.delete(child);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			liveChildren.delete(child);
			resolve({ code: code === null ? 128 : code, signal, stdout, stderr });
		});
		child.stdin.on('error', () => {});
		child.stdin.end(input === undefined ? '' : input);
	});
}

// ---------------------------------------------------------------- ports and HTTP

function portIsFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

async function requirePort(port, what, option) {
	if (!(await portIsFree(port))) {
		throw new Error(
			`Port ${port} (${what}) is already in use on 127.0.0.1. Stop what uses it, or pick another: npm start -- ${option} <port>.`,
		);
	}
}

/** Small JSON-over-HTTP helper that keeps n8n's auth cookie. */
function request(url, { method = 'GET', body, headers = {}, cookie } = {}) {
	return new Promise((resolve, reject) => {
		const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
		const req = http.request(
			url,
			{
				method,
				headers: {
					accept: 'application/json',
					...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}),
					...(cookie ? { cookie } : {}),
					...headers,
				},
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (c) => (text += c));
				res.on('end', () => {
					let json;
					try {
						json = JSON.parse(text);
					} catch {
						json = undefined;
					}
					const setCookie = (res.headers['set-cookie'] || [])
						.map((c) => c.split(';')[0])
						.join('; ');
					resolve({ status: res.statusCode, json, text, setCookie });
				});
			},
		);
		req.setTimeout(30000, () => req.destroy(new Error(`timeout: ${method} ${url}`)));
		req.on('error', reject);
		req.end(data);
	});
}

async function waitForHttp(url, child, timeoutMs, what) {
	const started = Date.now();
	for (;;) {
		try {
			const res = await request(url);
			if (res.status === 200) return;
		} catch {
			/* not listening yet */
		}
		if (child && !child.isRunning())
			throw new Error(
				`${what} stopped before it was ready${exitText(child)}\n${lastLines(child.output())}`,
			);
		if (Date.now() - started > timeoutMs) {
			throw new Error(
				`${what} was not ready after ${timeoutMs / 1000}s${child ? `\n${lastLines(child.output())}` : ''}`,
			);
		}
		await sleep(250);
	}
}

// ---------------------------------------------------------------- workflows

/** Puts the sandbox credential on every Jelou node that has none (or another one), and fills defaults n8n's import wants. */
function prepareWorkflow(workflow, credential) {
	if (!workflow || typeof workflow !== 'object' || !Array.isArray(workflow.nodes)) {
		throw new Error('importWorkflow: expected a workflow object with a "nodes" array');
	}
	const copy = JSON.parse(JSON.stringify(workflow));
	copy.id = copy.id || randomId();
	copy.name = copy.name || `Workflow ${copy.id}`;
	copy.connections = copy.connections || {};
	copy.settings = copy.settings || { executionOrder: 'v1' };
	delete copy.active; // workflows are published by the CLI before n8n starts (publish:workflow, on 1.x update:workflow), not by this flag
	for (const node of copy.nodes) {
		if (
			node.type === NODE_TYPE ||
			node.type === `${NODE_TYPE}Tool` ||
			node.type === `${NODE_TYPE}HitlTool` ||
			node.type === `${NODE_TYPE}Trigger`
		) {
			node.credentials = {
				...(node.credentials || {}),
				[CREDENTIAL_TYPE]: { id: credential.id, name: credential.name },
			};
		}
	}
	return copy;
}

function randomId() {
	// n8n's ids are 16 alphanumeric characters
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	return Array.from(crypto.randomBytes(16), (b) => alphabet[b % alphabet.length]).join('');
}

/** `n8n execute --rawOutput` prints log lines first, then the run as pretty JSON starting on a line that is `{`. */
function parseRawOutput(stdout) {
	const lines = stdout.split('\n');
	const start = lines.findIndex((line) => line === '{');
	if (start === -1) return undefined;
	const text = lines.slice(start).join('\n');
	try {
		return JSON.parse(text);
	} catch {
		// trailing log lines after the JSON: cut at the last closing brace on its own line
		const end = lines.lastIndexOf('}');
		if (end <= start) return undefined;
		try {
			return JSON.parse(lines.slice(start, end + 1).join('\n'));
		} catch {
			return undefined;
		}
	}
}

function readExamples() {
	const dir = path.join(REPO, 'examples');
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => {
			const text = fs.readFileSync(path.join(dir, f), 'utf8');
			return {
				file: f,
				workflow: JSON.parse(text),
				hash: crypto.createHash('sha256').update(text).digest('hex'),
			};
		});
}

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

/**
 * The checkout whose package the sandbox loads: this repository, or JELOU_PACKAGE_ROOT (a built checkout of another
 * commit, for benchmarks that run two versions of the package side by side).
 */
function packageRoot() {
	return process.env.JELOU_PACKAGE_ROOT ? path.resolve(process.env.JELOU_PACKAGE_ROOT) : REPO;
}

/**
 * Puts the package into n8n's nodes folder as npm would: package.json and dist/ copied, the runtime dependencies
 * (if the checkout has any) beside them, and no n8n-workflow, so the package uses the running n8n's own (n8n puts it
 * on NODE_PATH), on 1.x as on 2.x. A copy, not a link: a link would resolve n8n-workflow from the repo's node_modules.
 */
function stagePackage(target, root = packageRoot()) {
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(path.join(target, 'node_modules'), { recursive: true });
	fs.copyFileSync(path.join(root, 'package.json'), path.join(target, 'package.json'));
	fs.cpSync(path.join(root, 'dist'), path.join(target, 'dist'), { recursive: true });
	for (const dependency of Object.keys(
		JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).dependencies || {},
	)) {
		fs.symlinkSync(
			path.join(root, 'node_modules', dependency),
			path.join(target, 'node_modules', dependency),
			'dir',
		);
	}
}

// ---------------------------------------------------------------- the sandbox

/** The options of startSandbox with their defaults filled in, and how to report progress. */
function sandboxSettings(options) {
	const quiet = !!options.quiet;
	const port = options.port ?? 5678;
	const say = quiet ? () => {} : (line) => process.stderr.write(`sandbox: ${line}\n`);
	return {
		quiet,
		say,
		/** A step with progress lines while it runs (`withProgress`). */
		during: (what, work) => withProgress(say, what, work, options.progressEveryMs),
		verbose: !!options.verbose,
		userFolder: path.resolve(options.userFolder || path.join(REPO, '.n8n-sandbox')),
		port,
		brokerPort: options.brokerPort ?? port + 1000,
		fakePort: options.fakePort ?? 5680,
		serve: options.serve !== false,
		importExamples: options.importExamples !== false,
		queueMode: !!options.queueMode,
		binaryDataMode: options.binaryDataMode,
		fakeOption: options.fake === undefined ? 'spawn' : options.fake,
		fakeOptions: options.fakeOptions || {},
		workflows: options.workflows || [],
		env: options.env || {},
	};
}

/** Refuses to start without a build, or when a port the sandbox needs is taken. */
async function checkPrerequisites(settings) {
	for (const file of [
		'dist/nodes/JelouWhatsApp/JelouWhatsApp.node.js',
		'dist/credentials/JelouApi.credentials.js',
	]) {
		if (!fs.existsSync(path.join(packageRoot(), file)))
			throw new Error(`${file} is missing: run \`npm run build\` first.`);
	}
	await checkPorts(settings);
}

/** Refuses a port the sandbox needs that is taken, naming the `npm start` option that picks another. */
async function checkPorts(settings) {
	if (settings.serve) {
		await requirePort(settings.port, 'n8n editor', '--port');
		await requirePort(settings.brokerPort, "n8n's task broker", '--broker-port');
	}
	if (settings.fakeOption === 'spawn')
		await requirePort(settings.fakePort, 'fake Jelou API', '--fake-port');
}

/** The user folder with the package staged where n8n loads community packages, and its folders for logs and files. */
function prepareUserFolder(userFolder) {
	// The package, loaded by n8n's community-packages module from <user>/.n8n/nodes/node_modules/n8n-nodes-*
	const n8nDir = path.join(userFolder, '.n8n');
	stagePackage(path.join(n8nDir, 'nodes', 'node_modules', PACKAGE_NAME));
	const logDir = path.join(userFolder, 'logs');
	fs.mkdirSync(logDir, { recursive: true });
	const workDir = path.join(userFolder, 'tmp');
	fs.mkdirSync(workDir, { recursive: true });
	return { n8nDir, logDir, workDir };
}

/** The environment of every n8n process of the folder (main, worker, CLI). */
function n8nEnvironment(runtime, settings, folder) {
	// One encryption key for every process of this folder: the one n8n saved, or a new one.
	const savedConfig = readJson(path.join(folder.n8nDir, 'config'));
	const encryptionKey =
		(savedConfig && savedConfig.encryptionKey) || crypto.randomBytes(24).toString('base64url');
	const env = { ...process.env };
	// jest sets these; n8n must not believe it runs inside a test
	for (const name of ['NODE_ENV', 'JEST_WORKER_ID', 'NODE_OPTIONS', 'npm_config_nodedir'])
		delete env[name];
	const { port } = settings;
	return Object.assign(env, runtime.env, runtime.quietEnv, {
		N8N_USER_FOLDER: settings.userFolder,
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(settings.brokerPort),
		N8N_SECURE_COOKIE: 'false',
		DB_TYPE: 'sqlite',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		// n8n 1.x reads only this name
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}`,
		...settings.env,
	});
}

/** The fake Jelou API: spawned on `fakePort`, or one the caller runs (`options.fake`). */
function startFakeApi(settings, folder, started) {
	const { fakeOption } = settings;
	if (fakeOption !== 'spawn') {
		for (const key of ['url', 'clientId', 'clientSecret', 'botId']) {
			if (!fakeOption[key]) throw new Error(`startSandbox: fake.${key} is missing`);
		}
		const { url, clientId, clientSecret, botId, httpClient } = fakeOption;
		return { fake: { url, clientId, clientSecret, botId, httpClient }, fakeChild: undefined };
	}
	const args = [
		require.resolve('ts-node/dist/bin.js', { paths: [REPO] }),
		'--transpile-only',
		path.join(REPO, 'test', 'fake-jelou', 'cli.ts'),
		'--port',
		String(settings.fakePort),
		'--host',
		'127.0.0.1',
		'--client-id',
		SPAWNED_FAKE.clientId,
		'--client-secret',
		SPAWNED_FAKE.clientSecret,
		'--bot-id',
		SPAWNED_FAKE.botId,
		// a second bot of the same company (Colombia's), for the examples that send from two bots
		'--bots',
		SPAWNED_FAKE.otherBotId,
	];
	const { latencyMs, rateLimitPerSecond } = settings.fakeOptions;
	if (latencyMs !== undefined) args.push('--latency', String(latencyMs));
	if (rateLimitPerSecond !== undefined) args.push('--rate-limit', String(rateLimitPerSecond));
	// the fake runs on the Node running this script (it is part of the repo's dev tooling)
	const fakeEnv = { ...process.env };
	delete fakeEnv.NODE_OPTIONS;
	const fakeChild = spawnLogged('fake-jelou', process.execPath, args, {
		env: fakeEnv,
		logFile: path.join(folder.logDir, 'fake-jelou.log'),
		echo: settings.verbose,
	});
	started.push(fakeChild);
	return { fake: { url: `http://127.0.0.1:${settings.fakePort}`, ...SPAWNED_FAKE }, fakeChild };
}

/**
 * n8n's CLI for the folder: import, publish and execute workflows. Each run gets its own task broker
 * port (the served n8n holds brokerPort) and reads `env` when it starts, so queue mode applies to it.
 */
function n8nCli(runtime, env, workDir, credential) {
	const n8n = async (args, { input, timeoutMs } = {}) => {
		const cliEnv = { ...env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		return await runToEnd(runtime.nodeBin, [runtime.n8nBin, ...args], {
			env: cliEnv,
			input,
			timeoutMs,
		});
	};
	const n8nOrThrow = async (args, what) => {
		const res = await n8n(args);
		if (res.code !== 0) {
			throw new Error(
				`n8n ${args[0]} failed (${what}), exit ${res.code}:\n${lastLines(res.stdout + res.stderr, 40)}`,
			);
		}
		return res;
	};
	let importCount = 0;
	const importPrepared = async (workflows) => {
		const dir = path.join(workDir, `import-${process.pid}-${Date.now()}-${importCount++}`);
		fs.mkdirSync(dir, { recursive: true });
		try {
			workflows.forEach((wf, i) =>
				fs.writeFileSync(
					path.join(dir, `${String(i).padStart(3, '0')}.json`),
					JSON.stringify(wf, null, 2),
				),
			);
			await n8nOrThrow(
				['import:workflow', '--separate', `--input=${dir}`],
				`importing ${workflows.length} workflow(s)`,
			);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
	/** Several workflows in one CLI run (saves ~2 s each); returns their ids in order. */
	const importMany = async (workflows) => {
		const prepared = workflows.map((wf) => prepareWorkflow(wf, credential));
		await importPrepared(prepared);
		return prepared.map((wf) => wf.id);
	};
	const importWorkflow = async (workflow) => (await importMany([workflow]))[0];
	const executeWorkflow = async (id) => {
		const res = await n8n(['execute', `--id=${id}`, '--rawOutput']);
		return {
			code: res.code,
			result: parseRawOutput(res.stdout),
			stdout: res.stdout,
			stderr: res.stderr,
		};
	};
	/** Several workflows in one n8n process (saves the ~3 s start of each): id → full run data. */
	const executeBatch = async (ids, { concurrency = 1 } = {}) => {
		// execute-batch silently drops ids without a digit (it filters them with /\d+/)
		const unusable = ids.filter((id) => !/\d/.test(id));
		if (unusable.length)
			throw new Error(
				`executeBatch: n8n execute-batch ignores workflow ids without a digit: ${unusable.join(', ')}`,
			);
		const dir = path.join(workDir, `batch-${process.pid}-${Date.now()}-${importCount++}`);
		fs.mkdirSync(dir, { recursive: true });
		try {
			const res = await n8n([
				'execute-batch',
				`--ids=${ids.join(',')}`,
				`--output=${path.join(dir, 'summary.json')}`,
				`--snapshot=${dir}`,
				`--concurrency=${concurrency}`,
			]);
			const results = {};
			for (const id of ids) results[id] = readJson(path.join(dir, `${id}-snapshot.json`));
			return {
				code: res.code,
				results,
				summary: readJson(path.join(dir, 'summary.json')),
				stdout: res.stdout,
				stderr: res.stderr,
			};
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
	return {
		n8n,
		n8nOrThrow,
		importPrepared,
		importWorkflow,
		importMany,
		executeWorkflow,
		executeBatch,
	};
}

/** Identifies the folder's database, so a state file left from a deleted database is not trusted. */
function databaseId(dbFile) {
	return fs.existsSync(dbFile)
		? String(fs.statSync(dbFile).birthtimeMs || fs.statSync(dbFile).ino)
		: null;
}

/** The credential and the workflows, imported only when they changed since the last run on this folder. */
async function importCredentialAndWorkflows({ cli, runtime, settings, folder, fake, credential }) {
	const { during } = settings;
	const stateFile = path.join(folder.n8nDir, 'jelou-sandbox-state.json');
	const dbFile = path.join(folder.n8nDir, 'database.sqlite');
	const dbId = databaseId(dbFile);
	const previous = readJson(stateFile);
	const state = previous && dbId && previous.dbId === dbId ? previous : { examples: {} };
	const credentialData = {
		clientId: fake.clientId,
		clientSecret: fake.clientSecret,
		botId: fake.botId,
		baseUrl: fake.url,
		// the credential's HTTP Client: Connection Pool unless the caller asks for n8n's (tests behind a proxy)
		...(fake.httpClient ? { httpClient: fake.httpClient } : {}),
	};
	const credentialHash = crypto
		.createHash('sha256')
		.update(JSON.stringify(credentialData))
		.digest('hex');
	if (state.credentialHash !== credentialHash) {
		const file = path.join(folder.workDir, `credential-${process.pid}.json`);
		fs.writeFileSync(
			file,
			JSON.stringify([{ ...credential, type: CREDENTIAL_TYPE, data: credentialData }]),
			{ mode: 0o600 },
		);
		try {
			await during(
				`importing the credential "${credential.name}" (fake Jelou API at ${fake.url})`,
				() =>
					cli.n8nOrThrow(
						['import:credentials', `--input=${file}`],
						'importing the Jelou Sandbox credential',
					),
			);
		} finally {
			fs.rmSync(file, { force: true });
		}
		state.credentialHash = credentialHash;
	}
	// examples once per change of their file (so edits made in the editor survive a restart), extra workflows always
	const toImport = [];
	if (settings.importExamples) {
		for (const example of readExamples()) {
			if (state.examples[example.file] === example.hash) continue;
			toImport.push(example.workflow);
			state.examples[example.file] = example.hash;
		}
	}
	toImport.push(...settings.workflows);
	if (toImport.length) {
		const prepared = toImport.map((wf) => prepareWorkflow(wf, credential));
		await during(`importing ${toImport.length} workflow(s)`, () => cli.importPrepared(prepared));
		// published (live webhooks) when the JSON says "active": true; must happen before `n8n start`
		const published = toImport.filter((wf) => wf.active).length;
		if (published)
			await during(`publishing ${published} of them`, async () => {
				for (const [i, wf] of toImport.entries()) {
					if (wf.active)
						await cli.n8nOrThrow(
							runtime.publishWorkflowArgs(prepared[i].id),
							`publishing workflow ${prepared[i].id}`,
						);
				}
			});
	}
	fs.writeFileSync(stateFile, JSON.stringify({ ...state, dbId: databaseId(dbFile) }, null, 2));
}

/** Queue mode: redis and `n8n worker`; `env` is switched to queue mode for every n8n process started after. */
async function startQueueMode(runtime, env, settings, folder, started) {
	const redisPort = await freePort();
	const redisChild = spawnLogged(
		'redis',
		'redis-server',
		['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
		{ env: process.env, logFile: path.join(folder.logDir, 'redis.log'), echo: settings.verbose },
	);
	started.push(redisChild);
	await redisChild.waitFor(
		/Ready to accept connections/,
		30000,
		'ready (is redis-server installed? apt-get install -y redis-server)',
	);
	Object.assign(env, {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		N8N_DEFAULT_BINARY_DATA_MODE: settings.binaryDataMode || 'filesystem',
	});
	const healthPort = await freePort();
	const workerHealthUrl = `http://127.0.0.1:${healthPort}/healthz/readiness`;
	const workerEnv = {
		...env,
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(healthPort),
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
	};
	settings.say(`queue mode: redis on 127.0.0.1:${redisPort}, starting \`n8n worker\``);
	const workerChild = spawnLogged(
		'n8n-worker',
		runtime.nodeBin,
		[runtime.n8nBin, 'worker', '--concurrency=2'],
		{
			env: workerEnv,
			logFile: path.join(folder.logDir, 'n8n-worker.log'),
			echo: settings.verbose,
		},
	);
	started.push(workerChild);
	return { redisChild, workerChild, workerHealthUrl };
}

/** `n8n start`, ready once the editor (and the published workflows' webhooks) answer, with its owner set up. */
async function startEditor(runtime, env, settings, folder, started, editorUrl) {
	const mainChild = spawnLogged('n8n', runtime.nodeBin, [runtime.n8nBin, 'start'], {
		env,
		logFile: path.join(folder.logDir, 'n8n.log'),
		echo: settings.verbose,
	});
	started.push(mainChild);
	return await settings.during(`starting n8n on ${editorUrl}`, async () => {
		await waitForHttp(`${editorUrl}/healthz/readiness`, mainChild, 180000, 'n8n');
		// readiness comes before the published workflows' webhooks are registered; this line comes after
		await mainChild.waitFor(/Editor is now accessible via/, 180000, 'the editor');
		return { mainChild, owner: await setUpOwner(editorUrl) };
	});
}

/**
 * @param {object} [options]
 * @param {string} [options.userFolder] n8n user folder (n8n uses <userFolder>/.n8n); default <repo>/.n8n-sandbox
 * @param {number} [options.port] editor/REST port, default 5678
 * @param {number} [options.brokerPort] task broker port of the main n8n, default port + 1000
 * @param {'spawn'|{url:string,clientId:string,clientSecret:string,botId:string,httpClient?:'pool'|'n8n'}} [options.fake]
 * @param {number} [options.fakePort] port of a spawned fake, default 5680
 * @param {{latencyMs?:number, rateLimitPerSecond?:number}} [options.fakeOptions]
 * @param {boolean} [options.queueMode] redis + `n8n worker`, filesystem binary data
 * @param {string} [options.binaryDataMode] binary data mode in queue mode instead of filesystem (e.g. database)
 * @param {boolean} [options.importExamples] import examples/*.json, default true
 * @param {object[]} [options.workflows] more workflows to import before n8n starts; those with `active: true` are published
 *   (examples/*.json with `active: true` are published too)
 * @param {boolean} [options.serve] run `n8n start`, default true
 * @param {Record<string,string>} [options.env] more environment for every n8n process, e.g. WEBHOOK_URL behind a proxy
 * @param {boolean} [options.quiet] no progress lines
 * @param {number} [options.progressEveryMs] how often a long step says it is still going, default 15 s
 * @param {boolean} [options.verbose] echo n8n's own log lines to stderr (they always go to <userFolder>/logs/)
 */
async function startSandbox(options = {}) {
	const t0 = Date.now();
	const settings = sandboxSettings(options);
	const { say } = settings;
	await checkPrerequisites(settings);

	const runtime = await ensureN8n({ quiet: settings.quiet, log: (line) => say(line.trim()) });
	say(
		`n8n ${runtime.n8nVersion} on Node ${runtime.nodeVersion}, user folder ${path.relative(process.cwd(), settings.userFolder) || '.'}`,
	);
	const folder = prepareUserFolder(settings.userFolder);
	const env = n8nEnvironment(runtime, settings, folder);

	const started = []; // long-running children, stopped in reverse order
	let stopped = false;
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		for (const child of started.slice().reverse()) await child.stop();
	};

	try {
		const { fake, fakeChild } = startFakeApi(settings, folder, started);
		const credential = { ...CREDENTIAL };
		const cli = n8nCli(runtime, env, folder.workDir, credential);
		await importCredentialAndWorkflows({ cli, runtime, settings, folder, fake, credential });
		if (fakeChild) await fakeChild.waitFor(/Fake Jelou API listening on (\S+)/, 60000, 'listening');

		const queue = settings.queueMode
			? await startQueueMode(runtime, env, settings, folder, started)
			: {};
		const editorUrl = `http://127.0.0.1:${settings.port}`;
		const { mainChild, owner } = settings.serve
			? await startEditor(runtime, env, settings, folder, started, editorUrl)
			: {};
		const { redisChild, workerChild, workerHealthUrl } = queue;
		if (workerChild)
			await settings.during('waiting for the n8n worker', () =>
				waitForHttp(workerHealthUrl, workerChild, 180000, 'n8n worker'),
			);
		say(`ready after ${((Date.now() - t0) / 1000).toFixed(1)}s`);

		return {
			editorUrl,
			fakeUrl: fake.url,
			fake,
			userFolder: settings.userFolder,
			credential,
			nodeType: NODE_TYPE,
			env: { ...env },
			owner,
			logs: {
				n8n: () => (mainChild ? mainChild.output() : ''),
				worker: () => (workerChild ? workerChild.output() : ''),
				fake: () => (fakeChild ? fakeChild.output() : ''),
			},
			pids: {
				n8n: mainChild && mainChild.pid,
				worker: workerChild && workerChild.pid,
				redis: redisChild && redisChild.pid,
			},
			n8n: cli.n8n,
			importWorkflow: cli.importWorkflow,
			importWorkflows: cli.importMany,
			executeWorkflow: cli.executeWorkflow,
			executeBatch: cli.executeBatch,
			login: () => login(editorUrl, owner),
			/** Resolves with the name of the first process of the sandbox that ends (on stop() or a crash). */
			ended: Promise.race(started.map((child) => child.exited.then(() => child.name))),
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

const BROWSER_ID = 'jelou-sandbox';

/** Makes the sandbox owner (first start) or checks its password (later starts). */
async function setUpOwner(editorUrl) {
	const owner = { email: OWNER.email, password: OWNER.password };
	const setup = await request(`${editorUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'browser-id': BROWSER_ID },
		body: OWNER,
	});
	if (setup.status === 200) return owner;
	// already set up by an earlier run: the same login must still work
	await login(editorUrl, owner);
	return owner;
}

/** Logs in over REST: { cookie, headers } for later calls (n8n wants the same browser-id header each time). */
async function login(editorUrl, owner) {
	const res = await request(`${editorUrl}/rest/login`, {
		method: 'POST',
		headers: { 'browser-id': BROWSER_ID },
		body: { emailOrLdapLoginId: owner.email, password: owner.password },
	});
	if (res.status !== 200) {
		throw new Error(
			`Could not log in to the sandbox n8n as ${owner.email} (HTTP ${res.status}: ${res.text.slice(0, 200)}). ` +
				'If you changed the owner, delete the sandbox folder (.n8n-sandbox) to start fresh.',
		);
	}
	return { cookie: res.setCookie, headers: { 'browser-id': BROWSER_ID, cookie: res.setCookie } };
}

module.exports = {
	startSandbox,
	sandboxSettings,
	checkPorts,
	freePort,
	parseRawOutput,
	request,
	NODE_TYPE,
	CREDENTIAL_TYPE,
	SANDBOX_CREDENTIAL: CREDENTIAL,
	SANDBOX_FAKE: SPAWNED_FAKE,
	withProgress,
};
