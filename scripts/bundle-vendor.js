#!/usr/bin/env node
/*
 * bundle-vendor.js — `npm run build`, after tsc: each vendor/*.js (csv-parse.js, csv-stringify.js: one require of
 * a library) becomes dist/vendor/<same name>.js, the library bundled in by esbuild with its MIT notice. The package
 * then has no runtime dependency, and dist/vendor/csv.js (tsc's output of vendor/csv.ts) requires the bundles by the
 * same relative paths as the sources require the libraries.
 *
 * n8n's checks for verified packages read every .js of the tarball: a bundle must require nothing (`Buffer` is a
 * global) and touch no `process`, `global`, timers, …; this script fails when a bundle requires anything.
 *
 * Plain CommonJS; esbuild is a devDependency.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const REPO = path.resolve(__dirname, '..');
const VENDOR = path.join(REPO, 'vendor');
const OUT = path.join(REPO, 'dist', 'vendor');

/** The library a shim requires, for its license: `require('csv-stringify/sync')` → csv-stringify. */
function libraryOf(shim) {
	const source = fs.readFileSync(shim, 'utf8');
	const [, specifier] = source.match(/require\('(?:\.\.\/node_modules\/)?([^']+)'\)/) ?? [];
	if (!specifier) throw new Error(`${shim} requires no library`);
	return specifier.startsWith('@')
		? specifier.split('/').slice(0, 2).join('/')
		: specifier.split('/')[0];
}

function licenseBanner(library) {
	const dir = path.join(REPO, 'node_modules', library);
	const { version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
	const license = fs.readFileSync(path.join(dir, 'LICENSE'), 'utf8').trim();
	return `/*\n * ${library} ${version}, bundled by scripts/bundle-vendor.js.\n *\n${license
		.split('\n')
		.map((line) => ` * ${line}`.trimEnd())
		.join('\n')}\n */`;
}

function bundle(shim) {
	const outfile = path.join(OUT, path.basename(shim));
	const result = esbuild.buildSync({
		entryPoints: [shim],
		outfile,
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		banner: { js: licenseBanner(libraryOf(shim)) },
		metafile: true,
		logLevel: 'warning',
	});
	const code = fs.readFileSync(outfile, 'utf8');
	const required = code.match(/\brequire\(\s*['"`][^'"`]+['"`]\s*\)/g);
	if (required)
		throw new Error(
			`${path.relative(REPO, outfile)} still requires ${[...new Set(required)].join(', ')}`,
		);
	const inputs = Object.keys(result.metafile.inputs).length;
	process.stdout.write(
		`${path.relative(REPO, outfile)}: ${inputs} files, ${(code.length / 1024).toFixed(0)} kB\n`,
	);
}

fs.mkdirSync(OUT, { recursive: true });
for (const name of fs
	.readdirSync(VENDOR)
	.filter((file) => file.endsWith('.js'))
	.sort())
	bundle(path.join(VENDOR, name));
