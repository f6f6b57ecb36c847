/**
 * Every engine test runs twice: on n8n 2.x (n8n-core 2.41) and on n8n 1.x's engine (n8n-core
 * 1.122, installed under the alias n8n-core-v1), where the node also gets n8n-workflow 1.x, as a
 * self-hosted n8n 1.x would give it.
 */
const base = {
	preset: 'ts-jest',
	testEnvironment: '<rootDir>/test/helpers/environment.ts',
	// Tests of the scripts' own logic sit beside them in scripts/.
	roots: ['<rootDir>/test', '<rootDir>/scripts'],
	testMatch: ['**/*.test.ts'],
	setupFiles: ['<rootDir>/test/helpers/jest-setup.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};

/** @type {import('jest').Config} */
module.exports = {
	testTimeout: 60_000,
	// Jest's default on 2 cores is one worker. The suites spend most of their time waiting on
	// Help Scout's pauses, search lag and rate windows as the stand-in plays them, not on the CPU, so
	// two run side by side in about half the time. Each suite has its own stand-in and credentials.
	maxWorkers: 2,
	projects: [
		{ ...base, displayName: 'n8n 2.x' },
		{
			...base,
			displayName: 'n8n 1.x',
			globals: { N8N_ENGINE_MAJOR: 1 },
			// Only the engine suites: the package and description checks and the stand-in's own check do
			// not depend on n8n's version.
			testPathIgnorePatterns: ['/test/package\\.test\\.ts$', '/test/stand-in-limits\\.test\\.ts$', '/test/installation\\.test\\.ts$', '/scripts/'],
			moduleNameMapper: {
				'^n8n-core$': '<rootDir>/node_modules/n8n-core-v1',
				'^n8n-core/(.*)$': '<rootDir>/node_modules/n8n-core-v1/$1',
				// n8n-core 1.x's own copy of n8n's service container: its services are registered there.
				'^@n8n/di$': '<rootDir>/node_modules/n8n-core-v1/node_modules/@n8n/di',
				'^n8n-workflow$': '<rootDir>/node_modules/n8n-workflow-v1',
				// The logger n8n-core 1.x logs through, for the test that searches the logs.
				'^@n8n/backend-common$': '<rootDir>/node_modules/n8n-core-v1/node_modules/@n8n/backend-common',
			},
		},
	],
};
