/**
 * The fault matrix: one test per fault, each checking what the node outputs or says AND how many
 * users the stand-in holds afterwards. Never a duplicate, never a silent loss.
 */
import type { Fault } from './stand-in';
import { createUserParameters } from './fixtures/workflows';
import { runNode } from './helpers/engine';
import { authorizationCode, clientCredentials, usedClientCredentials, useFakeHelpScout } from './helpers/useStandIn';

const fake = useFakeHelpScout();

const EMAIL = 'new.hire@example.com';
const create = createUserParameters({ firstName: 'New', lastName: 'Hire', email: EMAIL });

async function createWith(fault: Fault | undefined, options: Record<string, unknown> = {}) {
	if (fault) fake.inject({ method: 'POST', path: '/v2/users', ...fault });
	return await runNode({ credentials: usedClientCredentials(fake), parameters: { ...create, options } });
}

function expectCreatedOnce(result: Awaited<ReturnType<typeof runNode>>) {
	expect(result.error).toBeUndefined();
	const users = fake.usersWithEmail(EMAIL);
	expect(users).toHaveLength(1);
	expect(result.items).toEqual([
		{
			json: { id: users[0].id, location: `https://api.helpscout.net/v2/users/${users[0].id}`, created: true },
			pairedItem: { item: 0 },
		},
	]);
}

describe('rate limits', () => {
	it('waits X-RateLimit-Retry-After on a 429, then creates the user once', async () => {
		const result = await createWith({ kind: 'status', status: 429, headers: { 'X-RateLimit-Retry-After': '1' } });
		expectCreatedOnce(result);
		const posts = fake.apiRequests('POST');
		expect(posts).toHaveLength(2);
		expect(posts[1].at - posts[0].at).toBeGreaterThanOrEqual(950);
		// A 429 is never ambiguous: no look-up before the retry.
		expect(fake.readsBesideAccount()).toHaveLength(0);
	});

	it('falls back to Retry-After when Help Scout leaves its own header out', async () => {
		const result = await createWith({ kind: 'status', status: 429, headers: { 'Retry-After': '1' } });
		expectCreatedOnce(result);
		const posts = fake.apiRequests('POST');
		expect(posts[1].at - posts[0].at).toBeGreaterThanOrEqual(950);
	});

	it('backs off by itself on a 429 without any retry header', async () => {
		const result = await createWith({ kind: 'status', status: 429, times: 2 });
		expectCreatedOnce(result);
		expect(fake.apiRequests('POST')).toHaveLength(3);
	});

	it('gives up after Max Attempts and says it was rate limited and how long it waited', async () => {
		const result = await createWith(
			{ kind: 'status', status: 429, times: 10, headers: { 'X-RateLimit-Retry-After': '1' } },
			{ maxAttempts: 3 },
		);
		expect(result.error?.message).toBe(
			'Help Scout kept rate-limiting the request: gave up after 3 attempts and 2 s of waiting [item 0]',
		);
		expect(fake.apiRequests('POST')).toHaveLength(3);
		expect(fake.usersWithEmail(EMAIL)).toHaveLength(0);
	});

	it('gives up before waiting longer than Max Rate-Limit Wait', async () => {
		const result = await createWith(
			{ kind: 'status', status: 429, times: 10, headers: { 'X-RateLimit-Retry-After': '30' } },
			{ maxWaitSeconds: 5 },
		);
		expect(result.error?.message).toBe(
			'Help Scout kept rate-limiting the request: gave up after 1 attempts and 0 s of waiting [item 0]',
		);
		expect(fake.apiRequests('POST')).toHaveLength(1);
		expect(fake.usersWithEmail(EMAIL)).toHaveLength(0);
	});

	it("keeps a pause with the account: another credential of it waits too, and the next test's account is not held", async () => {
		const paused = await createWith(
			{ kind: 'status', status: 429, headers: { 'X-RateLimit-Retry-After': '30' } },
			{ maxWaitSeconds: 5 },
		);
		expect(paused.error?.httpCode).toBe('429');
		// Another credential (app) of the same account meets the same pause: it fails within its own
		// Max Rate-Limit Wait without sending. (Each test starts with its account's budget fresh.)
		const next = await createWith(undefined, { maxWaitSeconds: 5 });
		expect(next.error?.message).toMatch(/rate limit left no room/);
		expect(fake.apiRequests('POST')).toHaveLength(1);
		expect(fake.usersWithEmail(EMAIL)).toHaveLength(0);
	});
});

describe('server errors and broken connections', () => {
	it.each([500, 502, 503, 504])(
		'after a %i it looks the email up, finds nothing, and creates the user once',
		async (status) => {
			const result = await createWith({ kind: 'status', status });
			expectCreatedOnce(result);
			expect(fake.readsBesideAccount().map((request) => request.query)).toEqual([{ email: EMAIL }]);
			expect(fake.apiRequests('POST')).toHaveLength(2);
		},
	);

	it('after a reset before Help Scout acted, it looks up, then creates the user once', async () => {
		const result = await createWith({ kind: 'resetBefore' });
		expectCreatedOnce(result);
		expect(fake.readsBesideAccount().map((request) => request.query)).toEqual([{ email: EMAIL }]);
		expect(fake.apiRequests('POST')).toHaveLength(2);
	});

	it('after a reset once the user was created, it finds the user and does not post again', async () => {
		const result = await createWith({ kind: 'resetAfter' });
		expectCreatedOnce(result);
		expect(fake.apiRequests('POST')).toHaveLength(1);
		expect(fake.readsBesideAccount()[0].query).toEqual({ email: EMAIL });
	});

	it('after an answer slower than the timeout, it finds the created user and does not post again', async () => {
		const result = await createWith({ kind: 'slowAfter', delayMs: 3_000 }, { timeoutSeconds: 1 });
		expectCreatedOnce(result);
		expect(fake.apiRequests('POST')).toHaveLength(1);
	});

	it('fails with what happened, and creates no one, when Help Scout stays down', async () => {
		const result = await createWith({ kind: 'status', status: 503, times: 10 }, { maxAttempts: 2 });
		expect(result.error?.message).toBe(
			"Help Scout failed to process the request (HTTP 503), and no user with this email had appeared 10.5 s later, but Help Scout's search can lag further behind a create: cannot tell whether it was created. Look the email up in Help Scout before running this item again [item 0]",
		);
		expect(fake.apiRequests('POST')).toHaveLength(2);
		expect(fake.usersWithEmail(EMAIL)).toHaveLength(0);
	});

	it('finds the user by email when a 201 comes without Resource-ID or Location', async () => {
		const result = await createWith({ kind: 'noResourceId' });
		expectCreatedOnce(result);
		expect(fake.apiRequests('POST')).toHaveLength(1);
	});

	it('retries a read whose body is not JSON', async () => {
		fake.inject({ kind: 'malformed', method: 'GET', path: '/v2/users/me' });
		const result = await runNode({ credentials: usedClientCredentials(fake), parameters: { resource: 'user', operation: 'getMe' } });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.email).toBe('admin@example.com');
		expect(fake.apiRequests('GET')).toHaveLength(2);
	});

	it('says the body was not JSON when a read keeps answering garbage', async () => {
		fake.inject({ kind: 'malformed', method: 'GET', path: '/v2/users/me', times: 10 });
		const result = await runNode({
			credentials: usedClientCredentials(fake),
			parameters: { resource: 'user', operation: 'getMe', options: { maxAttempts: 2 } },
		});
		expect(result.error?.message).toBe('Help Scout answered with a body that is not JSON [item 0]');
		expect(fake.apiRequests('GET')).toHaveLength(2);
	});
});

describe('answers that are never retried', () => {
	it.each([
		['a 400 validation error', { status: 400, body: { message: 'Bad request', _embedded: { errors: [{ path: 'phone', message: 'Invalid' }] } } }],
		['a 403 for a non-admin', { status: 403, body: { message: 'Forbidden' } }],
		['a 404', { status: 404, body: { message: 'Not found' } }],
	])('sends %s once and fails the item', async (_label, fault) => {
		const result = await createWith({ kind: 'status', ...fault });
		expect(result.error?.httpCode).toBe(String(fault.status));
		expect(fake.apiRequests('POST')).toHaveLength(1);
		expect(fake.readsBesideAccount()).toHaveLength(0);
		expect(fake.usersWithEmail(EMAIL)).toHaveLength(0);
	});

	it.each([409, 400] as const)('a duplicate answered with %i is sent once, and the one user stays one', async (status) => {
		fake.duplicateStatus = status;
		fake.addUser({ firstName: 'New', lastName: 'Hire', email: EMAIL, role: 'user' });
		const result = await createWith(undefined);
		expect(result.error?.message).toBe('A Help Scout user with this email already exists [item 0]');
		expect(fake.apiRequests('POST')).toHaveLength(1);
		expect(fake.usersWithEmail(EMAIL)).toHaveLength(1);
	});
});

describe('tokens', () => {
	it('refreshes an expired authorization-code token, keeps the rotated one and replays once', async () => {
		const credentials = authorizationCode(fake);
		// A first create reads the account behind the credential (once per credential), so that the
		// create below is the request that meets the expired token.
		await runNode({ credentials, parameters: { ...create, email: 'first.hire@example.com' } });
		const before = credentials.data.oauthTokenData as { access_token: string; refresh_token: string };
		fake.expireAllTokens();
		fake.requests.length = 0;

		const result = await runNode({ credentials, parameters: create });

		expectCreatedOnce(result);
		const [refresh] = fake.tokenRequests();
		expect((refresh.body as Record<string, string>).grant_type).toBe('refresh_token');
		expect((refresh.body as Record<string, string>).refresh_token).toBe(before.refresh_token);
		const after = credentials.data.oauthTokenData as { access_token: string; refresh_token: string };
		expect(after.access_token).not.toBe(before.access_token);
		expect(after.refresh_token).not.toBe(before.refresh_token);
		// The first 401 comes back to the node (n8n's renewal off); the node renews on a read (a GET
		// with renewal on: n8n refreshes once and replays it) and sends the create once more with the
		// new token. A write is never what n8n replays.
		const posts = fake.apiRequests('POST');
		expect(posts.map((post) => post.headers.authorization)).toEqual([`Bearer ${before.access_token}`, `Bearer ${after.access_token}`]);
		expect(fake.apiRequests('GET').map((request) => [request.path, request.headers.authorization])).toEqual([
			['/v2/users/me', `Bearer ${before.access_token}`],
			['/v2/users/me', `Bearer ${after.access_token}`],
		]);
		expect(fake.tokenRequests()).toHaveLength(1);
	});

	it('fetches a new client-credentials token when the stored one has expired', async () => {
		const credentials = usedClientCredentials(fake);
		await runNode({ credentials, parameters: { resource: 'user', operation: 'getMe' } });
		fake.expireAllTokens();
		fake.requests.length = 0;

		const result = await runNode({ credentials, parameters: create });

		expectCreatedOnce(result);
		expect(fake.tokenRequests().map((request) => (request.body as Record<string, string>).grant_type)).toEqual([
			'client_credentials',
		]);
	});

	it('tells the user to reconnect when the refresh token no longer works', async () => {
		const credentials = authorizationCode(fake);
		fake.expireAllTokens();
		fake.revokeRefreshTokens();

		const result = await runNode({ credentials, parameters: create });

		expect(result.error?.message).toBe(
			'Could not get a Help Scout access token: open the Help Scout Users OAuth2 API credential and reconnect it [item 0]',
		);
		// The account's read (GET /users/me) went first and met the expired token; the renewal was
		// refused: the create was never sent.
		expect(fake.apiRequests('POST')).toHaveLength(0);
		expect(fake.tokenRequests()).toHaveLength(1);
		expect(fake.usersWithEmail(EMAIL)).toHaveLength(0);
	});

	it('tells the user to reconnect when Help Scout refuses the client secret', async () => {
		const result = await runNode({
			credentials: clientCredentials({ clientSecret: 'wrong-secret' }),
			parameters: create,
		});
		expect(result.error?.message).toBe(
			'Could not get a Help Scout access token: open the Help Scout Users OAuth2 API credential and reconnect it [item 0]',
		);
		expect(fake.apiRequests()).toHaveLength(0);
	});
});

describe('a batch under a small rate limit', () => {
	it('creates 300 users, each once, with no failed item', async () => {
		fake.rateLimit = { units: 40, windowMs: 1_000 };
		const items = Array.from({ length: 300 }, (_, n) => ({ email: `batch${n}@example.com` }));

		const result = await runNode({
			credentials: usedClientCredentials(fake),
			items,
			// The burst limit is lifted: this is the per-minute budget's test.
			parameters: { ...create, email: '={{ $json.email }}', options: { burstWrites: 1000 } },
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(300);
		expect(result.items.filter((item) => item.json.error !== undefined)).toHaveLength(0);
		expect(result.items.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		const created = fake.users.filter((user) => user.email.startsWith('batch'));
		expect(created).toHaveLength(300);
		expect(new Set(created.map((user) => user.email)).size).toBe(300);
		result.items.forEach((item, n) => {
			expect(item.json.id).toBe(fake.usersWithEmail(`batch${n}@example.com`)[0].id);
		});
	});
});
