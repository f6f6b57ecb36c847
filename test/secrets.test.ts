/**
 * Runs the node through success and every kind of failure with known secrets, captures all it
 * outputs, every error n8n records and every line written to the console or the log, and looks
 * for the secrets in them.
 */
import { Logger } from '@n8n/backend-common';
import { LoggerProxy } from 'n8n-workflow';

import { createUserParameters } from './fixtures/workflows';
import type { RunResult } from './helpers/engine';
import type * as StandIn from './helpers/useStandIn';

// Capture before n8n is loaded, at debug level, so nothing it logs or prints is missed.
process.env.N8N_LOG_LEVEL = 'debug';
const capture = captureOutput();
afterAll(() => capture.restore());
/* eslint-disable @typescript-eslint/no-require-imports */
const { ENGINE_MAJOR, runNode } = require('./helpers/engine') as typeof import('./helpers/engine');
const { authorizationCode, CLIENT_SECRET, clientCredentials, useFakeHelpScout } =
	require('./helpers/useStandIn') as typeof StandIn;
/* eslint-enable @typescript-eslint/no-require-imports */

const fake = useFakeHelpScout();

const create = createUserParameters({ firstName: 'Sam', lastName: 'Secret', email: 'sam@example.com' });

function captureOutput() {
	const lines: string[] = [];
	let paused = false;
	const record = (line: string) => {
		if (!paused) lines.push(line);
	};
	const toStream = (chunk: string | Uint8Array) => {
		record(String(chunk));
		return true;
	};
	const toLog = (message: unknown, metadata?: unknown) => {
		record(`${String(message)} ${JSON.stringify(metadata ?? {}, errorFields)}`);
	};
	const levels = ['error', 'warn', 'info', 'debug'] as const;
	const spies = [
		// What n8n logs, caught where it is logged, metadata included.
		...levels.map((level) => jest.spyOn(Logger.prototype, level).mockImplementation(toLog)),
		...levels.map((level) => jest.spyOn(LoggerProxy, level).mockImplementation(toLog)),
		jest.spyOn(process.stdout, 'write').mockImplementation(toStream),
		jest.spyOn(process.stderr, 'write').mockImplementation(toStream),
		...(['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
			jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
				record(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg, errorFields))).join(' '));
			}),
		),
	];
	return {
		lines,
		pause: () => {
			paused = true;
		},
		restore: () => spies.forEach((spy) => spy.mockRestore()),
	};
}

/** JSON.stringify drops an Error's own non-enumerable fields; keep every one of them. */
function errorFields(_key: string, value: unknown) {
	if (value instanceof Error) {
		const all: Record<string, unknown> = {};
		for (const name of Object.getOwnPropertyNames(value)) all[name] = (value as unknown as Record<string, unknown>)[name];
		if (value.cause) all.cause = value.cause;
		return all;
	}
	return value;
}

test('no token or client secret appears in output, errors, descriptions or logs', async () => {
	const results: RunResult[] = [];
	try {
		// Success, then the failures that carry the most context: a 400 with field errors, a
		// refused token after a refresh, a refresh that fails, a wrong client secret, a 5xx storm,
		// and continueOnFail turning errors into output items.
		results.push(await runNode({ credentials: clientCredentials(), parameters: create }));
		fake.inject({
			kind: 'status',
			method: 'POST',
			status: 400,
			body: { logRef: 'x', message: 'Bad request', _embedded: { errors: [{ path: 'email', message: 'bad' }] } },
		});
		results.push(await runNode({ credentials: clientCredentials(), parameters: { ...create, email: 'a@example.com' } }));
		// n8n 1.x sends a refused replay once more itself.
		fake.inject({ kind: 'status', status: 401, times: ENGINE_MAJOR === 1 ? 4 : 3 });
		results.push(await runNode({ credentials: authorizationCode(fake), parameters: { ...create, email: 'b@example.com' } }));
		const expired = authorizationCode(fake);
		fake.expireAllTokens();
		fake.revokeRefreshTokens();
		results.push(await runNode({ credentials: expired, parameters: { ...create, email: 'c@example.com' } }));
		results.push(await runNode({ credentials: clientCredentials({ clientSecret: `${CLIENT_SECRET}-wrong` }), parameters: create }));
		// The creates and their look-ups fail; the account's read (GET /users/me) goes through.
		fake.inject({ method: 'POST', kind: 'status', status: 503, times: 10 });
		fake.inject({ method: 'GET', path: '/v2/users', query: { email: 'd@example.com' }, kind: 'status', status: 503, times: 10 });
		results.push(
			await runNode({
				credentials: clientCredentials(),
				continueOnFail: true,
				items: [{}, {}],
				parameters: { ...create, email: 'd@example.com', options: { maxAttempts: 2 } },
			}),
		);
	} finally {
		capture.pause();
	}

	const secrets = [CLIENT_SECRET, `${CLIENT_SECRET}-wrong`, ...fake.issuedSecrets()];
	expect(secrets.length).toBeGreaterThan(6);
	// The scenarios really failed in the ways described, so the search below covers their errors.
	expect(results.map((result) => (result.error ? result.error.message : 'ok'))).toEqual([
		'ok',
		'Help Scout rejected the request: email: bad [item 0]',
		expect.stringContaining('did not accept the access token'),
		expect.stringContaining('Could not get a Help Scout access token'),
		expect.stringContaining('Could not get a Help Scout access token'),
		'ok',
	]);
	expect(results[5].items.map((item) => item.json.error)).toEqual([
		'Help Scout failed to process the request (HTTP 503), and looking the email up to see whether it was created failed too (Help Scout failed to process the request (HTTP 503)): cannot tell whether it was created. Look the email up in Help Scout before running this item again [item 0]',
		'Help Scout failed to process the request (HTTP 503), and looking the email up to see whether it was created failed too (Help Scout failed to process the request (HTTP 503)): cannot tell whether it was created. Look the email up in Help Scout before running this item again [item 1]',
	]);

	// n8n logged the failures, so the captured lines are worth searching.
	expect(capture.lines.join('')).toContain('Help Scout rejected the request');
	expect(capture.lines.join('')).toContain('Running node "Help Scout Users"');

	const seen = [
		...results.map((result) => JSON.stringify(result.run, errorFields)),
		...results.map((result) => JSON.stringify(result.error, errorFields)),
		...capture.lines,
	].join('\n');
	for (const secret of secrets) expect(seen).not.toContain(secret);
});
