/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testTimeout: 60_000,
	setupFiles: ['<rootDir>/test/helpers/jest-setup.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};
