import { globalIgnores } from 'eslint/config';
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

// n8n's own lint configuration for community packages that run on self-hosted n8n, as `n8n-node lint` uses it,
// applied to what the package ships: credentials/, nodes/ and package.json. Tests, benchmarks and scripts are
// development tools that run outside n8n (they print, spawn processes and hold fixture secrets).
// @n8n/node-cli comes from .cache/ (scripts/lint.js links it); `npm run lint` turns off the one rule the package
// knowingly does not follow, no-runtime-dependencies (see README).
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
	...configWithoutCloudSupport,
];
