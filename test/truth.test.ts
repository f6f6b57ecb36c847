/**
 * The node tells the truth under every fault (issue 9): no token leaves Help Scout's host, a
 * create that may have landed is settled by evidence, Stop stops, one token renewal however many
 * items are in flight, and input Help Scout would refuse is refused first. Every test counts the
 * users in the stand-in; the suite runs on n8n 2.x and on n8n 1.x's engine (jest.config.js).
 */
import { createUserParameters } from './fixtures/workflows';
import type { RunResult } from './helpers/engine';
import { nodeExecutions, runNode } from './helpers/engine';
import type { Fault } from './stand-in';
import { authorizationCode, usedClientCredentials, useFakeHelpScout } from './helpers/useStandIn';

const fake = useFakeHelpScout();

const EMAIL = 'new.hire@example.com';
const create = createUserParameters({ firstName: 'New', lastName: 'Hire', email: EMAIL });

async function createWith(faults: Fault[], options: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
	for (const fault of faults) fake.inject({ method: 'POST', path: '/v2/users', ...fault });
	return await runNode({ credentials: usedClientCredentials(fake), parameters: { ...create, ...extra, options } });
}

function expectCreatedOnce(result: RunResult) {
	expect(result.error).toBeUndefined();
	const users = fake.usersWithEmail(EMAIL);
	expect(users).toHaveLength(1);
	expect(result.items.map((item) => item.json)).toEqual([
		{ id: users[0].id, location: `https://api.helpscout.net/v2/users/${users[0].id}`, created: true },
	]);
}

describe('redirects: the token stays with Help Scout', () => {
	it.each([
		[301, 'https://collector.example.net/v2/users', 'collector.example.net'],
		[302, 'http://api.helpscout.net/v2/users', 'http://api.helpscout.net'],
		[307, 'https://api.helpscout.net.example.org/v2/users', 'api.helpscout.net.example.org'],
	])('a %i on the create to %s fails, naming the host, and sends nothing there', async (status, target, host) => {
		const result = await createWith([{ kind: 'status', status, headers: { Location: target }, body: {} }]);

		expect(result.error?.message).toBe(
			`Help Scout answered with a redirect (HTTP ${status}) to ${host}; not followed, so neither the token nor the data went there [item 0]`,
		);
		expect(fake.foreignRequests).toEqual([]);
		expect(fake.apiRequests('POST')).toHaveLength(1);
		expect(fake.readsBesideAccount()).toHaveLength(0);
		expect(fake.usersWithEmail(EMAIL)).toHaveLength(0);
	});

	it('a 307 on a read is not followed either', async () => {
		fake.inject({ kind: 'status', method: 'GET', status: 307, headers: { Location: 'https://collector.example.net/v2/users/1001' } });
		const result = await runNode({
			credentials: usedClientCredentials(fake),
			parameters: { resource: 'user', operation: 'get', userId: { __rl: true, mode: 'id', value: '1001' } },
		});
		expect(result.error?.message).toMatch(/redirect \(HTTP 307\) to collector\.example\.net; not followed/);
		expect(fake.foreignRequests).toEqual([]);
		expect(fake.readsBesideAccount()).toHaveLength(1);
	});
});

describe('a user that existed before is a duplicate, never "created"', () => {
	it.each([
		['error', (result: RunResult) => expect(result.error?.message).toBe('A Help Scout user with this email already exists [item 0]')],
		['skip', (result: RunResult) => expect(result.items).toEqual([])],
		[
			'returnExisting',
			(result: RunResult) =>
				expect(result.items.map((item) => item.json)).toEqual([
					{ id: fake.usersWithEmail(EMAIL)[0].id, location: `https://api.helpscout.net/v2/users/${fake.usersWithEmail(EMAIL)[0].id}`, created: false },
				]),
		],
	])('after a 503 before Help Scout acted, If User Exists "%s" applies', async (ifUserExists, check) => {
		fake.addUser({ firstName: 'New', lastName: 'Hire', email: EMAIL, role: 'user' });
		const result = await createWith([{ kind: 'status', status: 503 }], { ifUserExists });
		check(result);
		expect(fake.usersWithEmail(EMAIL)).toHaveLength(1);
		expect(fake.readsBesideAccount()[0].query).toEqual({ email: EMAIL });
	});

	it('a user created a moment ago under other names is not taken for this item', async () => {
		fake.addUser({ firstName: 'Someone', lastName: 'Else', email: EMAIL, role: 'user', createdAt: new Date().toISOString() });
		const result = await createWith([{ kind: 'resetBefore' }], { ifUserExists: 'returnExisting' });
		expect(result.items.map((item) => item.json.created)).toEqual([false]);
		expect(fake.usersWithEmail(EMAIL)).toHaveLength(1);
	});
});

describe("Help Scout's search lags behind a create", () => {
	it('reset after acting, search 1.5 s behind: the retry meets a duplicate and the item still says created', async () => {
		fake.searchLagMs = 1_500;
		const result = await createWith([{ kind: 'resetAfter' }], { ifUserExists: 'skip' });
		expectCreatedOnce(result);
		// The look-up found nothing yet, the second POST was refused as a duplicate, and looking
		// again found the user this item had made.
		expect(fake.apiRequests('POST')).toHaveLength(2);
		expect(fake.readsBesideAccount().length).toBeGreaterThanOrEqual(3);
	});

	it('a 201 without Resource-ID or Location while the search lags: found once it shows', async () => {
		fake.searchLagMs = 1_500;
		const result = await createWith([{ kind: 'noResourceId' }]);
		expectCreatedOnce(result);
		expect(fake.apiRequests('POST')).toHaveLength(1);
	});
});

describe('the last allowed attempt settles too', () => {
	it('Max Attempts 1, reset after acting: created', async () => {
		fake.searchLagMs = 1_500;
		expectCreatedOnce(await createWith([{ kind: 'resetAfter' }], { maxAttempts: 1 }));
		expect(fake.apiRequests('POST')).toHaveLength(1);
	});

	it('Max Attempts 1, slower than the timeout: created', async () => {
		fake.searchLagMs = 1_500;
		expectCreatedOnce(await createWith([{ kind: 'slowAfter', delayMs: 3_000 }], { maxAttempts: 1, timeoutSeconds: 1 }));
		expect(fake.apiRequests('POST')).toHaveLength(1);
	});

	it('Max Rate-Limit Wait 0, reset after acting: created', async () => {
		expectCreatedOnce(await createWith([{ kind: 'resetAfter' }], { maxWaitSeconds: 0 }));
	});

	it('Max Rate-Limit Wait 0, a 503 before acting: says it looked, found nobody, and cannot tell', async () => {
		const result = await createWith([{ kind: 'status', status: 503 }], { maxWaitSeconds: 0 });
		expect(result.error?.message).toBe(
			"Help Scout failed to process the request (HTTP 503), and no user with this email had appeared 10.5 s later, but Help Scout's search can lag further behind a create: cannot tell whether it was created. Look the email up in Help Scout before running this item again [item 0]",
		);
		expect(fake.apiRequests('POST')).toHaveLength(1);
		expect(fake.readsBesideAccount()).toHaveLength(6);
		expect(fake.usersWithEmail(EMAIL)).toHaveLength(0);
	});
});

describe('two items of one batch with one email', () => {
	it('never both say created, even when both meet a fault', async () => {
		fake.inject({ method: 'POST', path: '/v2/users', kind: 'resetAfter' });
		fake.inject({ method: 'POST', path: '/v2/users', kind: 'status', status: 503 });
		const result = await runNode({
			credentials: usedClientCredentials(fake),
			items: [{}, {}],
			parameters: { ...create, options: { ifUserExists: 'returnExisting' } },
		});
		expect(result.error).toBeUndefined();
		const [user] = fake.usersWithEmail(EMAIL);
		expect(fake.usersWithEmail(EMAIL)).toHaveLength(1);
		expect(result.items.map((item) => [item.json.id, item.json.created])).toEqual([
			[user.id, true],
			[user.id, false],
		]);
	});
});

describe('Stop stops', () => {
	it('no new request, retry or wait after the execution is cancelled; the node returns within 1 s', async () => {
		fake.inject({ method: 'POST', path: '/v2/users', kind: 'status', status: 503, times: 100 });
		let running: Parameters<NonNullable<Parameters<typeof runNode>[0]['onStart']>>[0] | undefined;
		const run = runNode({
			credentials: usedClientCredentials(fake),
			parameters: { ...create, options: { maxAttempts: 50 } },
			onStart: (started) => (running = started),
		});
		// Let it meet a few 503s and get into its backoff.
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		expect(fake.apiRequests('POST').length).toBeGreaterThanOrEqual(2);
		const execution = nodeExecutions[nodeExecutions.length - 1];
		const cancelledAt = Date.now();
		running!.cancel();
		await execution;
		const returnedAfterMs = Date.now() - cancelledAt;
		await run;

		expect(returnedAfterMs).toBeLessThan(1_000);
		// Nothing was sent once the cancel had landed, and nothing later either.
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		expect(fake.apiRequests().filter((request) => request.at > cancelledAt + 50)).toEqual([]);
		expect(fake.usersWithEmail(EMAIL)).toHaveLength(0);
	});
});

describe('a token that expires with 20 items in flight', () => {
	it('is renewed once; every item is created once', async () => {
		const credentials = authorizationCode(fake);
		const before = credentials.data.oauthTokenData as { refresh_token: string };
		fake.latencyMs = 50;
		// Item 0 goes alone; the token expires right after it, with the other 20 about to go out.
		fake.onCreated = () => {
			fake.onCreated = undefined;
			fake.expireAllTokens();
		};
		const items = Array.from({ length: 21 }, (_, index) => ({ email: `hire${index}@example.com` }));

		// The burst limit is lifted so that all 20 are in flight when the token expires.
		const parameters = { ...create, email: '={{ $json.email }}', options: { burstWrites: 1000 } };
		const result = await runNode({ credentials, items, parameters });

		expect(result.error).toBeUndefined();
		expect(fake.tokenRequests().map((request) => request.body)).toEqual([
			expect.objectContaining({ grant_type: 'refresh_token', refresh_token: before.refresh_token }),
		]);
		expect(
			fake.apiRequests('POST').filter((request) => request.headers.authorization !== `Bearer ${(credentials.data.oauthTokenData as { access_token: string }).access_token}`).length,
		).toBeGreaterThanOrEqual(20);
		expect(result.items).toHaveLength(21);
		for (const [index, item] of result.items.entries()) {
			const users = fake.usersWithEmail(`hire${index}@example.com`);
			expect(users).toHaveLength(1);
			expect(item.json).toEqual({ id: users[0].id, location: `https://api.helpscout.net/v2/users/${users[0].id}`, created: true });
		}
	});
});

describe('input Help Scout would refuse is refused first, as Help Scout counts it', () => {
	it('counts UTF-16 code units, as Java does: 40 emoji are 80', async () => {
		const result = await createWith([], {}, { firstName: '😀'.repeat(40) });
		expect(result.error?.message).toBe(
			'First Name may be at most 40 characters as Help Scout counts them (an emoji counts 2), not 80 [item 0]',
		);
		expect(fake.apiRequests()).toHaveLength(0);
	});

	it('sends 20 emoji, which Help Scout takes', async () => {
		const result = await createWith([], {}, { firstName: '😀'.repeat(20) });
		expect(result.error).toBeUndefined();
		expect(fake.usersWithEmail(EMAIL)[0].firstName).toBe('😀'.repeat(20));
	});

	it.each([
		['x\u200b@example.com', 'holds an invisible, control or space character'],
		['mailto:ada@example.com', 'starts with a scheme such as mailto:; give the bare address'],
		['<ada@example.com>', 'holds angle brackets: give the bare address'],
		['a..b@example.com', 'holds two dots in a row'],
		['ada@example.com.', 'starts or ends a part with a dot'],
		['ada@example', 'does not end in a domain such as example.com'],
	])('refuses %j: it %s', async (email, problem) => {
		const result = await createWith([], {}, { email });
		expect(result.error?.message).toBe(`Email ${JSON.stringify(email)} is not a valid email address: it ${problem} [item 0]`);
		expect(fake.apiRequests()).toHaveLength(0);
	});

	it.each(['a+b@sub.example.co', 'jürgen@bücher.de', '用户@例子.广告', "o'neil@example.ie"])(
		'sends the unusual but valid %s, and Help Scout takes it',
		async (email) => {
			const result = await createWith([], {}, { email });
			expect(result.error).toBeUndefined();
			expect(fake.usersWithEmail(email)).toHaveLength(1);
		},
	);

	it('sends a timezone in its canonical case', async () => {
		const result = await createWith([], {}, { additionalFields: { timezone: 'america/new_york' } });
		expect(result.error).toBeUndefined();
		expect((fake.apiRequests('POST')[0].body as { timezone: string }).timezone).toBe('America/New_York');
	});

	it('refuses a phone number of absurd length', async () => {
		const result = await createWith([], {}, { additionalFields: { phone: '1'.repeat(41) } });
		expect(result.error?.message).toMatch(/^Phone may be at most 40 characters/);
		expect(fake.apiRequests()).toHaveLength(0);
	});
});

describe('messages keep their words', () => {
	it('a reset on a read says Could not reach Help Scout, with the code and the item', async () => {
		fake.inject({ method: 'GET', kind: 'resetBefore' });
		const result = await runNode({
			credentials: usedClientCredentials(fake),
			parameters: { resource: 'user', operation: 'get', userId: { __rl: true, mode: 'id', value: '1001' }, options: { maxAttempts: 1 } },
		});
		expect(result.error?.message).toBe('Could not reach Help Scout (ECONNRESET) [item 0]');
	});

	it.each(['/v2/users/{id}', 'https://API.HelpScout.net/v2/users/{id}'])(
		'resolves a Location of %s on Help Scout\'s host instead of refusing it',
		async (location) => {
			expectCreatedOnce(await createWith([{ kind: 'onlyLocation', headers: { Location: location } }]));
		},
	);
});
