import { runNode } from './helpers/engine';
import { authorizationCode, clientCredentials, useFakeHelpScout } from './helpers/useStandIn';

const fake = useFakeHelpScout();

/** 120 more users: three pages of 50 with the three the stand-in starts with. */
function seedUsers(count = 120) {
	for (let n = 0; n < count; n++) {
		fake.addUser({
			firstName: `Agent${n}`,
			lastName: 'Seeded',
			email: `agent${n}@example.com`,
			role: 'user',
			mailboxes: n % 2 === 0 ? [{ id: 2, emailAccess: true }] : [],
		});
	}
}

describe('Get User', () => {
	it('gets a user by ID, simplified by default to the essential fields', async () => {
		const [adam] = fake.usersWithEmail('admin@example.com');
		const result = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'user', operation: 'get', userId: { __rl: true, mode: 'id', value: String(adam.id) } },
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		// Help Scout sends 15 fields and `_links`; Simplify keeps those an ops team uses.
		expect(result.items[0].json).toEqual({
			id: adam.id,
			firstName: 'Adam',
			lastName: 'Admin',
			email: 'admin@example.com',
			role: 'admin',
			type: 'user',
			timezone: 'America/New_York',
			createdAt: adam.createdAt,
			updatedAt: adam.createdAt,
		});
		expect(fake.apiRequests('GET').map((request) => request.path)).toEqual([`/v2/users/${adam.id}`]);
	});

	it('outputs every field but the HAL links with Simplify off, and takes the ID from an expression per item', async () => {
		const ids = fake.users.slice(0, 2).map((user) => user.id);
		const result = await runNode({
			credentials: clientCredentials(),
			items: ids.map((id) => ({ id })),
			parameters: {
				resource: 'user',
				operation: 'get',
				userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
				simplify: false,
			},
		});
		expect(result.items.map((item) => item.json.id)).toEqual(ids);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(Object.keys(result.items[0].json).sort()).toEqual(
			['alternateEmails', 'companyId', 'createdAt', 'email', 'firstName', 'id', 'initials', 'lastName', 'mention', 'photoUrl', 'role', 'timezone', 'type', 'updatedAt'].sort(),
		);
	});

	it('fails the item with a message naming the ID when Help Scout has no such user', async () => {
		const result = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'user', operation: 'get', userId: { __rl: true, mode: 'id', value: '424242' } },
		});
		expect(result.error?.message).toBe('Help Scout has no user with ID 424242 [item 0]');
		expect(result.error?.httpCode).toBe('404');
	});

	it('refuses an ID that is not a number before sending anything', async () => {
		const result = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'user', operation: 'get', userId: { __rl: true, mode: 'id', value: '={{ "../mailboxes" }}' } },
		});
		expect(result.error?.message).toBe('User "../mailboxes" is not a user ID (a positive whole number) [item 0]');
		expect(fake.apiRequests()).toHaveLength(0);
	});
});

describe('Get Many Users', () => {
	it('returns every user across pages with Return All, one item per user', async () => {
		seedUsers();
		const result = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'user', operation: 'getAll', returnAll: true },
		});
		expect(result.items).toHaveLength(123);
		expect(result.items.map((item) => item.json.email)).toEqual(fake.users.map((user) => user.email));
		expect(result.items.every((item) => Object.keys(item.json).length <= 10 && item.json._links === undefined)).toBe(true);
		expect(fake.apiRequests('GET').map((request) => request.query.page ?? '1')).toEqual(['1', '2', '3']);
	});

	it('stops at a limit that cuts inside the second page, without reading the third', async () => {
		seedUsers();
		const result = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'user', operation: 'getAll', returnAll: false, limit: 73 },
		});
		expect(result.items).toHaveLength(73);
		expect(result.items[72].json.email).toBe(fake.users[72].email);
		expect(fake.apiRequests('GET')).toHaveLength(2);
	});

	it('sends the email and mailbox filters in the query string on every page', async () => {
		seedUsers();
		const result = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'user', operation: 'getAll', returnAll: true, filters: { mailbox: '2' } },
		});
		expect(result.items).toHaveLength(60);
		const queries = fake.apiRequests('GET').map((request) => request.query);
		expect(queries).toEqual([{ mailbox: '2' }, { mailbox: '2', page: '2' }]);

		fake.requests.length = 0;
		const byEmail = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'user', operation: 'getAll', returnAll: true, filters: { email: ' agent7@example.com ' } },
		});
		expect(byEmail.items.map((item) => item.json.email)).toEqual(['agent7@example.com']);
		expect(fake.apiRequests('GET')[0].query).toEqual({ email: 'agent7@example.com' });
	});

	it('does not follow a next link to another host: the token stays with Help Scout', async () => {
		seedUsers();
		fake.linkBase = 'https://collector.example.net/v2';
		const result = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'user', operation: 'getAll', returnAll: true },
		});
		expect(result.error?.message).toBe('Help Scout linked to another host (collector.example.net); not followed [item 0]');
		expect(fake.apiRequests('GET')).toHaveLength(1);
	});

	it('stops when a next link points back at a page already read, and outputs each user once', async () => {
		// Every page links back to page 1: before, Return All read it over and over (151 requests).
		fake.nextPageOf = () => 1;
		const result = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'user', operation: 'getAll', returnAll: true },
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.id)).toEqual(fake.users.map((user) => user.id));
		expect(fake.apiRequests('GET')).toHaveLength(1);

		// Three pages; page 2 links back to page 1, whose link (page 2) was followed already.
		seedUsers();
		fake.nextPageOf = (pageNumber) => (pageNumber === 2 ? 1 : pageNumber + 1);
		fake.requests.length = 0;
		const looped = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'user', operation: 'getAll', returnAll: true },
		});
		const ids = looped.items.map((item) => item.json.id);
		expect(ids).toEqual(fake.users.slice(0, 100).map((user) => user.id));
		expect(fake.apiRequests('GET').map((request) => request.query.page ?? '1')).toEqual(['1', '2', '1']);
	});

	it('stops at page.totalPages even when the last page still has a next link', async () => {
		seedUsers();
		fake.nextPageOf = (pageNumber) => pageNumber + 1;
		const result = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'user', operation: 'getAll', returnAll: true },
		});
		expect(result.items).toHaveLength(123);
		expect(fake.apiRequests('GET').map((request) => request.query.page ?? '1')).toEqual(['1', '2', '3']);
	});

	it('outputs a user once when the list moves it from page 1 to page 2 while it is read', async () => {
		seedUsers(60);
		const [moved] = fake.users;
		fake.holdResponse = async (request) => {
			if (request.query.page !== '2') return;
			// The first user now sorts after the fiftieth: page 2 starts with it.
			fake.users.splice(0, 1);
			fake.users.splice(50, 0, moved);
		};
		const result = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'user', operation: 'getAll', returnAll: true },
		});
		const ids = result.items.map((item) => item.json.id);
		expect(ids.filter((id) => id === moved.id)).toHaveLength(1);
		// 62 of 63: the fifty-first user moved up to page 1 after it was read, as in any list read
		// while it changes; none twice.
		expect(ids).toHaveLength(62);
		expect(new Set(ids).size).toBe(62);
	});

	it('outputs nothing, without failing, when no user matches', async () => {
		const result = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'user', operation: 'getAll', returnAll: true, filters: { email: 'nobody@example.com' } },
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([]);
	});
});

describe('Get Current User', () => {
	it('returns the user the credential acts as, with its companyId when Simplify is off', async () => {
		const result = await runNode({
			credentials: authorizationCode(fake, 'owner@example.com'),
			parameters: { resource: 'user', operation: 'getMe', simplify: false },
		});
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ email: 'owner@example.com', role: 'owner', companyId: 77 });
		expect(fake.apiRequests('GET')[0].path).toBe('/v2/users/me');
	});

	it('continues on fail with an error item when the credential is refused', async () => {
		fake.inject({ kind: 'status', status: 403, path: '/v2/users/me', body: { message: 'Access denied' } });
		const result = await runNode({
			credentials: clientCredentials(),
			continueOnFail: true,
			parameters: { resource: 'user', operation: 'getMe' },
		});
		expect(result.items).toEqual([
			{
				json: { error: 'Help Scout refused the request: the connected user is not allowed to do this [item 0]' },
				pairedItem: { item: 0 },
			},
		]);
	});
});

describe('Get User Status', () => {
	it("outputs the user's email and chat status, simplified to one level by default", async () => {
		const [adam] = fake.usersWithEmail('admin@example.com');
		adam.status = {
			email: {
				status: 'away',
				updatedAt: '2026-11-20T09:00:00Z',
				performedBy: 1000,
				source: 'api',
				// Help Scout's docs' example of a custom status.
				customStatus: { text: 'On vacation', emoji: '🌴', emojiName: ':palm_tree:' },
			},
			chat: { status: 'custom', mailboxStatuses: { '1': 'assign', '2': 'unavailable' } },
		};
		const result = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'user', operation: 'getStatus', userId: { __rl: true, mode: 'id', value: String(adam.id) } },
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([
			{
				userId: adam.id,
				emailStatus: 'away',
				emailStatusUpdatedAt: '2026-11-20T09:00:00Z',
				emailStatusChangedBy: 1000,
				emailStatusSource: 'api',
				customStatus: { text: 'On vacation', emoji: '🌴', emojiName: ':palm_tree:' },
				chatStatus: 'custom',
				chatInboxStatuses: { '1': 'assign', '2': 'unavailable' },
			},
		]);
		expect(fake.apiRequests('GET').map((request) => request.path)).toEqual([`/v2/users/${adam.id}/status`]);
	});

	it("outputs Help Scout's answer without the HAL links with Simplify off, for each item's user", async () => {
		const ids = fake.users.slice(1, 3).map((user) => user.id);
		const result = await runNode({
			credentials: authorizationCode(fake),
			items: ids.map((id) => ({ id })),
			parameters: {
				resource: 'user',
				operation: 'getStatus',
				userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
				simplify: false,
			},
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual(
			ids.map((id) => ({
				userId: id,
				email: { status: 'active', updatedAt: new Date(0).toISOString(), performedBy: id, source: 'ui' },
				chat: { status: 'unavailable', mailboxStatuses: {} },
			})),
		);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('fails the item naming the ID when Help Scout has no such user, and refuses a non-ID before sending', async () => {
		const missing = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'user', operation: 'getStatus', userId: { __rl: true, mode: 'id', value: '424242' } },
		});
		expect(missing.error?.message).toBe('Help Scout has no user with ID 424242 [item 0]');
		fake.requests.length = 0;
		const notAnId = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'user', operation: 'getStatus', userId: { __rl: true, mode: 'id', value: '={{ "abc" }}' } },
		});
		expect(notAnId.error?.message).toBe('User "abc" is not a user ID (a positive whole number) [item 0]');
		expect(fake.apiRequests()).toHaveLength(0);
	});
});
