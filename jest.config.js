/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': 'ts-jest',
		// csv-parse's record parser (vendor/csv-parse.js) ships as ES modules only; jest runs CommonJS
		'/node_modules/csv-parse/lib/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true } }],
	},
	transformIgnorePatterns: ['/node_modules/(?!csv-parse/lib/)'],
	testTimeout: 30000,
};
