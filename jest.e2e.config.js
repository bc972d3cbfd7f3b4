/**
 * End-to-end tests in a real n8n (installed once by scripts/ensure-n8n.js): `npm run test:e2e` on n8n 2.x,
 * `JELOU_N8N_LINE=1 npm run test:e2e` on n8n 1.x.
 * Each n8n process takes seconds to start, so the tests share a few of them and run one file at a time.
 * @type {import('jest').Config}
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
	transform: { '^.+\\.ts$': 'ts-jest' },
	testTimeout: 120000,
	// the first run of a fresh clone installs n8n (~5 min) inside beforeAll
	slowTestThreshold: 60,
};
