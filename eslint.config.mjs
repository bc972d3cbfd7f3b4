import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

// n8n's own lint rules for community nodes (the @n8n/node-cli config), in its variant for packages
// that run on self-hosted n8n.
export default [
	{ ignores: ['.cache/**', 'test/**', 'bench/**', 'scripts/**', '*.js', '*.mjs'] },
	...configWithoutCloudSupport,
	{
		files: ['package.json'],
		rules: {
			// The package ships undici and csv-parse at run time, so it is for self-hosted n8n (see README).
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
];
