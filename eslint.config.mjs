import { globalIgnores } from 'eslint/config';
import { config } from '@n8n/node-cli/eslint';

// n8n's own lint configuration for community packages, with n8n Cloud support (what n8n's verification scan holds a
// package to), as `n8n-node lint` uses it, applied to what the package ships: credentials/, nodes/ and package.json.
// Tests, benchmarks and scripts are development tools that run outside n8n (they print, spawn processes and hold
// fixture secrets). @n8n/node-cli comes from .cache/ (scripts/lint.js links it). No rule is turned off.
export default [
	globalIgnores([
		'dist/**',
		'.cache/**',
		'.n8n-sandbox/**',
		'test/**',
		'bench/**',
		'scripts/**',
		'examples/**',
		'docs/**',
		'*.js',
		'*.mjs',
	]),
	...config,
];
