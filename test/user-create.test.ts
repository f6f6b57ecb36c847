import type { IDataObject } from 'n8n-workflow';

import { ianaTimezone } from '../nodes/shared/userFields';
import { IANA_TIME_ZONE_NAMES } from '../nodes/shared/methods/timezones';
import { createUserParameters } from './fixtures/workflows';
import { ENGINE_MAJOR, runNode } from './helpers/engine';
import { authorizationCode, CLIENT_ID, CLIENT_SECRET, clientCredentials, usedClientCredentials, useFakeHelpScout } from './helpers/useStandIn';

const fake = useFakeHelpScout();

const ada = createUserParameters({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' });

describe('Create User', () => {
	it('creates the user with every field and outputs id and location from the headers', async () => {
		const result = await runNode({
			credentials: usedClientCredentials(fake),
			parameters: {
				...ada,
				role: 'admin',
				sendInvite: false,
				mailboxes: { mailbox: [{ id: 1, emailAccess: true }, { id: '3', emailAccess: false }] },
				additionalFields: { timezone: 'Europe/London', jobTitle: 'Support Agent', phone: '+1 555 0100' },
			},
		});

		expect(result.error).toBeUndefined();
		const created = fake.usersWithEmail('ada@example.com');
		expect(created).toHaveLength(1);
		expect(result.items).toEqual([
			{
				json: { id: created[0].id, location: `https://api.helpscout.net/v2/users/${created[0].id}`, created: true },
				pairedItem: { item: 0 },
			},
		]);
		const [post] = fake.apiRequests('POST');
		expect(post.path).toBe('/v2/users');
		expect(post.headers['content-type']).toContain('application/json');
		expect(post.body).toEqual({
			firstName: 'Ada',
			lastName: 'Lovelace',
			email: 'ada@example.com',
			role: 'admin',
			sendInvite: false,
			timezone: 'Europe/London',
			jobTitle: 'Support Agent',
			phone: '+1 555 0100',
			mailboxes: [
				{ id: 1, emailAccess: true },
				{ id: 3, emailAccess: false },
			],
		});
		expect(created[0]).toMatchObject({ role: 'admin', invited: false, timezone: 'Europe/London' });
	});

	it('sends only what was set: no empty strings and no empty mailbox list', async () => {
		const result = await runNode({
			credentials: usedClientCredentials(fake),
			parameters: { ...ada, mailboxes: {}, additionalFields: { jobTitle: '', phone: '   ' } },
		});
		expect(result.error).toBeUndefined();
		expect(fake.apiRequests('POST')[0].body).toEqual({
			firstName: 'Ada',
			lastName: 'Lovelace',
			email: 'ada@example.com',
			role: 'user',
			sendInvite: true,
		});
	});

	it('signs the request with the token n8n fetched through the client-credentials grant, fetched on a read first', async () => {
		const credentials = clientCredentials();
		await runNode({ credentials, parameters: ada });
		// n8n fetches a token on a credential's first request: a read goes first and takes that, so
		// that the create leaves when it is timed to.
		expect(fake.apiRequests().map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v2/users/me', 'POST /v2/users']);

		// n8n 1.x also sends an empty `scope`; Help Scout has no scopes and ignores it.
		const { scope, ...tokenRequest } = fake.tokenRequests()[0].body as Record<string, string>;
		expect(scope).toBe(ENGINE_MAJOR === 1 ? '' : undefined);
		expect(tokenRequest).toEqual({
			grant_type: 'client_credentials',
			client_id: CLIENT_ID,
			client_secret: CLIENT_SECRET,
		});
		const stored = credentials.data.oauthTokenData as { access_token: string };
		expect(fake.apiRequests('POST')[0].headers.authorization).toBe(`Bearer ${stored.access_token}`);
	});

	it('uses the stored token of an authorization-code credential without asking for a new one', async () => {
		const credentials = authorizationCode(fake);
		const token = (credentials.data.oauthTokenData as { access_token: string }).access_token;
		const result = await runNode({ credentials, parameters: ada });

		expect(result.error).toBeUndefined();
		expect(fake.tokenRequests()).toHaveLength(0);
		expect(fake.apiRequests('POST')[0].headers.authorization).toBe(`Bearer ${token}`);
	});

	it('maps expressions over several items, one request and one output per item, in order', async () => {
		const people = [
			{ first: 'Grace', last: 'Hopper', mail: 'grace@example.com', inbox: 2, role: 'admin' },
			{ first: 'Alan', last: 'Turing', mail: 'alan@example.com', inbox: 1, role: 'user' },
			{ first: 'Katherine', last: 'Johnson', mail: 'kj@example.com', inbox: 3, role: 'light user' },
		];
		const result = await runNode({
			credentials: usedClientCredentials(fake),
			items: people,
			parameters: createUserParameters({
				firstName: '={{ $json.first }}',
				lastName: '={{ $json.last }}',
				email: '={{ $json.mail }}',
				role: '={{ $json.role }}',
				mailboxes: { mailbox: [{ id: '={{ $json.inbox }}', emailAccess: true }] },
			}),
		});

		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		people.forEach((person, index) => {
			const [user] = fake.usersWithEmail(person.mail);
			expect(user).toMatchObject({ firstName: person.first, role: person.role, mailboxes: [{ id: person.inbox, emailAccess: true }] });
			expect(result.items[index].json).toEqual({
				id: user.id,
				location: `https://api.helpscout.net/v2/users/${user.id}`,
				created: true,
			});
		});
	});

	it('takes the ID from Location when Help Scout leaves Resource-ID out', async () => {
		fake.inject({ kind: 'onlyLocation', method: 'POST', path: '/v2/users' });
		const result = await runNode({ credentials: usedClientCredentials(fake), parameters: ada });
		const [user] = fake.usersWithEmail('ada@example.com');
		expect(result.items[0].json).toEqual({
			id: user.id,
			location: `https://api.helpscout.net/v2/users/${user.id}`,
			created: true,
		});
		// Only the account behind the credential is read (once per credential: claims are the account's).
		expect(fake.apiRequests('GET').map((request) => request.path)).toEqual(['/v2/users/me']);
	});

	it('outputs the full user read back from Location when asked, without HAL links', async () => {
		const result = await runNode({
			credentials: usedClientCredentials(fake),
			parameters: { ...ada, options: { returnFullUser: true } },
		});
		const [user] = fake.usersWithEmail('ada@example.com');
		expect(result.items[0].json).toMatchObject({
			id: user.id,
			location: `https://api.helpscout.net/v2/users/${user.id}`,
			created: true,
			firstName: 'Ada',
			email: 'ada@example.com',
			role: 'user',
		});
		expect(result.items[0].json._links).toBeUndefined();
		expect(fake.apiRequests('GET').map((request) => request.path)).toEqual(['/v2/users/me', `/v2/users/${user.id}`]);
	});
});

describe('Create User: validation before any request', () => {
	const cases: Array<[string, IDataObject, RegExp]> = [
		['an empty first name', { firstName: '  ' }, /First Name is required \[item 0\]/],
		['a first name over 40 characters', { firstName: 'x'.repeat(41) }, /First Name may be at most 40 characters as Help Scout counts them \(an emoji counts 2\), not 41/],
		['a last name over 40 characters', { lastName: 'y'.repeat(45) }, /Last Name may be at most 40 characters/],
		['a job title over 50 characters', { additionalFields: { jobTitle: 'z'.repeat(51) } }, /Job Title may be at most 50/],
		['a malformed email', { email: 'not-an-email' }, /Email "not-an-email" is not a valid email address/],
		['the owner role', { role: 'owner' }, /owner" cannot be given through the API/],
		['an unknown role', { role: 'superhero' }, /Role "superhero" is not one of admin, user, light user/],
		['a mailbox ID that is not a number', { mailboxes: { mailbox: [{ id: 'support', emailAccess: true }] } }, /Inbox 1: "support" is not an inbox ID/],
		['a negative mailbox ID', { mailboxes: { mailbox: [{ id: -4, emailAccess: true }] } }, /Inbox 1: "-4" is not an inbox ID/],
		['a mailbox listed twice', { mailboxes: { mailbox: [{ id: 1 }, { id: '1' }] } }, /Inbox 2: inbox 1 is listed twice/],
		['an unknown timezone', { additionalFields: { timezone: 'Mars/Olympus' } }, /Timezone "Mars\/Olympus" is not an IANA timezone/],
		['an ICU abbreviation that Node takes as a timezone', { additionalFields: { timezone: 'IST' } }, /^Timezone "IST" is not an IANA timezone name such as America\/New_York \[item 0\]$/],
		['an ICU-only zone', { additionalFields: { timezone: 'SystemV/AST4' } }, /^Timezone "SystemV\/AST4" is not an IANA timezone name/],
		['a UTC offset', { additionalFields: { timezone: '+05:30' } }, /^Timezone "\+05:30" is not an IANA timezone name/],
		['a first name that is an object', { firstName: '={{ { a: 1 } }}' }, /First Name must be text, not object/],
	];

	it.each(cases)('refuses %s, naming the field and the item, and sends nothing', async (_label, override, message) => {
		const result = await runNode({ credentials: usedClientCredentials(fake), parameters: { ...ada, ...override } });
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(message);
		expect(fake.apiRequests()).toHaveLength(0);
		expect(fake.users).toHaveLength(3);
	});

	it('names the failing item when an earlier one is valid', async () => {
		const result = await runNode({
			credentials: usedClientCredentials(fake),
			items: [{ mail: 'ok@example.com' }, { mail: 'broken' }],
			parameters: { ...ada, email: '={{ $json.mail }}', options: { concurrency: 1 } },
		});
		expect(result.error?.message).toMatch(/Email "broken" is not a valid email address: it is not of the form name@domain \[item 1\]/);
		expect(fake.usersWithEmail('ok@example.com')).toHaveLength(1);
		expect(fake.apiRequests('POST')).toHaveLength(1);
	});
});

describe('Create User: timezones', () => {
	// Node 20's Intl would have sent Asia/Kolkata as Asia/Calcutta and Europe/Kyiv as Europe/Kiev.
	it.each([
		['asia/kolkata', 'Asia/Kolkata'],
		['Europe/Kyiv', 'Europe/Kyiv'],
		['UTC', 'UTC'],
		['utc', 'UTC'],
		['Asia/Calcutta', 'Asia/Calcutta'],
		['us/eastern', 'US/Eastern'],
		['america/port-au-prince', 'America/Port-au-Prince'],
		['etc/gmt+5', 'Etc/GMT+5'],
	])('sends %s as IANA spells it: %s', async (typed, sent) => {
		const result = await runNode({
			credentials: usedClientCredentials(fake),
			parameters: { ...ada, additionalFields: { timezone: `={{ ${JSON.stringify(typed)} }}` } },
		});
		expect(result.error).toBeUndefined();
		expect(fake.apiRequests('POST').map((request) => (request.body as IDataObject).timezone)).toEqual([sent]);
		expect(fake.usersWithEmail('ada@example.com')[0].timezone).toBe(sent);
	});

	it('takes a name newer than the shipped list when the runtime knows it, in the runtime\'s spelling', () => {
		const listWithout = (name: string) =>
			new Map(IANA_TIME_ZONE_NAMES.filter((zone) => zone !== name).map((zone) => [zone.toLowerCase(), zone]));
		// America/Ciudad_Juarez came with tzdata 2022g: a list from before knows no such name, and
		// every Node the package supports (20.15 and later) does.
		const older = listWithout('America/Ciudad_Juarez');
		expect(ianaTimezone('america/ciudad_juarez', older)).toBe('America/Ciudad_Juarez');
		// The runtime is asked only about an Area/Place name: ICU's own names stay refused.
		expect(ianaTimezone('IST', older)).toBeUndefined();
		expect(ianaTimezone('SystemV/AST4', older)).toBeUndefined();
		expect(ianaTimezone('America/Atlantis', older)).toBeUndefined();
	});
});

describe('Create User: Help Scout errors', () => {
	it('lists every field error and the logRef in the description of a 400', async () => {
		fake.inject({
			kind: 'status',
			method: 'POST',
			path: '/v2/users',
			status: 400,
			body: {
				logRef: 'log-123',
				message: 'Bad request',
				_embedded: {
					errors: [
						{ path: 'phone', message: 'Invalid phone number', rejectedValue: 'abc', source: 'JSON' },
						{ path: 'mailboxes[0].id', message: 'Invalid identifier', rejectedValue: 99, source: 'JSON' },
					],
				},
			},
		});
		const result = await runNode({ credentials: usedClientCredentials(fake), parameters: ada });
		expect(result.error?.message).toBe('Help Scout rejected the request: phone: Invalid phone number [item 0]');
		expect(result.error?.description).toBe(
			'phone: Invalid phone number\nmailboxes[0].id: Invalid identifier\nHelp Scout logRef (quote it to Help Scout support): log-123',
		);
		expect(result.error?.httpCode).toBe('400');
		expect(fake.apiRequests('POST')).toHaveLength(1);
	});

	it('says only admins and owners can create users on a 403', async () => {
		const result = await runNode({ credentials: authorizationCode(fake, 'user@example.com'), parameters: ada });
		expect(result.error?.message).toBe('Only Administrators and Account Owners can create Help Scout users [item 0]');
		expect(fake.usersWithEmail('ada@example.com')).toHaveLength(0);
	});

	it('tells to reconnect the credential when Help Scout keeps refusing the token', async () => {
		fake.inject({ kind: 'status', status: 401, times: 5, body: { message: 'Unauthorized' } });
		const result = await runNode({ credentials: usedClientCredentials(fake), parameters: ada });
		expect(result.error?.message).toMatch(/did not accept the access token: open the Help Scout Users OAuth2 API credential and reconnect it \[item 0\]/);
		// The account's read (GET /users/me) goes first and meets the 401; the node renews on a read,
		// never on a create: that GET again with n8n's renewal on, for which n8n fetched a fresh token
		// and replayed it once, and Help Scout refused that one too (n8n 1.x replays once more
		// itself). The create was never sent.
		expect(fake.tokenRequests()).toHaveLength(1);
		expect(fake.apiRequests('POST')).toHaveLength(0);
		expect(fake.apiRequests('GET').map((request) => request.path)).toEqual(
			Array(ENGINE_MAJOR === 1 ? 4 : 3).fill('/v2/users/me'),
		);
		expect(fake.users).toHaveLength(3);
	});

	it.each([409, 400] as const)('says the email already exists when Help Scout answers a duplicate with %i', async (status) => {
		fake.duplicateStatus = status;
		fake.addUser({ firstName: 'Ada', lastName: 'Old', email: 'ada@example.com', role: 'user' });
		const result = await runNode({ credentials: usedClientCredentials(fake), parameters: ada });
		expect(result.error?.message).toBe('A Help Scout user with this email already exists [item 0]');
		expect(fake.usersWithEmail('ada@example.com')).toHaveLength(1);
	});

	it('turns a failed item into an error item and goes on with the others when continueOnFail is set', async () => {
		fake.addUser({ firstName: 'Taken', lastName: 'Already', email: 'taken@example.com', role: 'user' });
		const result = await runNode({
			credentials: usedClientCredentials(fake),
			continueOnFail: true,
			items: [{ mail: 'one@example.com' }, { mail: 'taken@example.com' }, { mail: 'bad' }, { mail: 'two@example.com' }],
			parameters: { ...ada, email: '={{ $json.mail }}' },
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(result.items[1].json).toEqual({ error: 'A Help Scout user with this email already exists [item 1]' });
		expect(result.items[2].json).toEqual({ error: 'Email "bad" is not a valid email address: it is not of the form name@domain [item 2]' });
		expect(result.items[0].json.created).toBe(true);
		expect(result.items[3].json.id).toBe(fake.usersWithEmail('two@example.com')[0].id);
		expect(fake.usersWithEmail('taken@example.com')).toHaveLength(1);
	});
});

describe('Create User: If User Exists', () => {
	beforeEach(() => {
		fake.addUser({ firstName: 'Ada', lastName: 'Old', email: 'ada@example.com', role: 'user' });
	});

	it.each([409, 400] as const)('returns the existing user with created false (duplicate as %i)', async (status) => {
		fake.duplicateStatus = status;
		const [existing] = fake.usersWithEmail('ada@example.com');
		const result = await runNode({
			credentials: usedClientCredentials(fake),
			parameters: { ...ada, options: { ifUserExists: 'returnExisting' } },
		});
		expect(result.items).toEqual([
			{
				json: { id: existing.id, location: `https://api.helpscout.net/v2/users/${existing.id}`, created: false },
				pairedItem: { item: 0 },
			},
		]);
		const searches = fake.apiRequests('GET').filter((request) => request.path === '/v2/users');
		expect(searches.map((request) => request.query)).toEqual([{ email: 'ada@example.com' }]);
		expect(fake.usersWithEmail('ada@example.com')).toHaveLength(1);
	});

	it('skips the item: no output, no error, no new user', async () => {
		const result = await runNode({
			credentials: usedClientCredentials(fake),
			items: [{ mail: 'ada@example.com' }, { mail: 'new@example.com' }],
			parameters: { ...ada, email: '={{ $json.mail }}', options: { ifUserExists: 'skip' } },
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].pairedItem).toEqual({ item: 1 });
		expect(fake.usersWithEmail('ada@example.com')).toHaveLength(1);
		expect(fake.usersWithEmail('new@example.com')).toHaveLength(1);
	});
});
