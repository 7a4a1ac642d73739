/*
 * The suite runs twice: against the n8n 2.x libraries (the dev dependencies n8n-workflow and n8n-core) and
 * against the 1.x line (n8n-core-v1 = n8n-core 1.122, with the n8n-workflow 1.120 it ships, as in n8n 1.123).
 * In the 1.x project every `n8n-workflow` is the copy n8n-core-v1 loads, so that instanceof checks hold.
 */
const base = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.tools.json' }],
	},
};

/**
 * 2.x only: the harness's credential "Test" button reproduces n8n 2.40's CLI CredentialsTester (which reads the
 * status and message from a NodeApiError's cause, kept only by n8n-workflow 2.x); n8n 1.123's tester is not
 * reproduced. The Personr credential's own test runs on both lines (test/credential).
 */
const V2_ONLY = ['<rootDir>/test/harness-selftest/credential-test.test.ts'];

/** @type {import('jest').Config} */
module.exports = {
	// After the last test the process stays alive although process._getActiveHandles() lists nothing and
	// --detectOpenHandles reports nothing (seen with both projects, in workers and in band): exit when the run is done.
	forceExit: true,
	projects: [
		{ ...base, displayName: 'n8n 2.x' },
		{
			...base,
			displayName: 'n8n 1.x',
			moduleNameMapper: {
				'^n8n-workflow$':
					'<rootDir>/node_modules/n8n-core-v1/node_modules/n8n-workflow/dist/cjs/index.js',
				'^n8n-core$': '<rootDir>/node_modules/n8n-core-v1/dist/index.js',
			},
			testPathIgnorePatterns: ['/node_modules/', ...V2_ONLY],
		},
	],
};
