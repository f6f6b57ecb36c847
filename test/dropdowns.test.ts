import { ianaTimezone } from '../nodes/shared/userFields';
import { CURRENT_TIME_ZONES } from '../nodes/shared/methods/timezones';
import { loadOptions } from './helpers/engine';
import { clientCredentials, useFakeHelpScout } from './helpers/useStandIn';

const fake = useFakeHelpScout();

describe('Mailbox Name or ID dropdown', () => {
	it('lists the inboxes of every page, sorted by name, with numeric IDs', async () => {
		for (let n = 4; n <= 130; n++) {
			fake.mailboxes.push({ id: n, name: `Inbox ${String(n).padStart(3, '0')}`, email: `inbox${n}@example.com` });
		}
		const options = (await loadOptions('getMailboxes', clientCredentials())) as Array<{ name: string; value: number }>;

		expect(options).toHaveLength(130);
		expect(options.slice(0, 2)).toEqual([
			{ name: 'Billing', value: 2, description: 'billing@example.com' },
			{ name: 'Inbox 004', value: 4, description: 'inbox4@example.com' },
		]);
		expect(options.map((option) => option.value).sort((a, b) => a - b)).toEqual(
			Array.from({ length: 130 }, (_, index) => index + 1),
		);
		const pages = fake.apiRequests('GET').map((request) => [request.path, request.query.page ?? '1']);
		expect(pages).toEqual([
			['/v2/mailboxes', '1'],
			['/v2/mailboxes', '2'],
			['/v2/mailboxes', '3'],
		]);
		expect(fake.apiRequests('GET')[0].headers.authorization).toMatch(/^Bearer at-/);
	});

	it('fails with a message the editor can show when Help Scout refuses the token', async () => {
		fake.inject({ kind: 'status', status: 401, times: 5, body: { message: 'Unauthorized' } });
		await expect(loadOptions('getMailboxes', clientCredentials())).rejects.toThrow(
			/did not accept the access token: open the Help Scout Users OAuth2 API credential and reconnect it$/,
		);
	});
});

describe('Timezone dropdown', () => {
	const timezones = async () =>
		(await loadOptions('getTimezones', clientCredentials())) as Array<{ name: string; value: string }>;

	it('offers the current IANA names, sorted by name, each once, that Create User sends as they are', async () => {
		const options = await timezones();
		const values = options.map((option) => option.value);
		expect(values).toEqual(expect.arrayContaining(['Asia/Kolkata', 'Europe/Kyiv', 'UTC', 'America/New_York', 'Europe/Oslo']));
		// Node 20's Intl lists these old names instead of the current ones.
		expect(values).not.toContain('Asia/Calcutta');
		expect(values).not.toContain('Europe/Kiev');
		expect(options).toContainEqual({ name: 'America/New York', value: 'America/New_York' });
		const names = options.map((option) => option.name);
		expect(names).toEqual([...names].sort());
		expect(new Set(values).size).toBe(values.length);
		expect(values.filter((zone) => ianaTimezone(zone) !== zone)).toEqual([]);
		expect(fake.requests).toHaveLength(0);
	});

	it('is the shipped list, the same whatever the runtime lists (Node 20, Node 24, or none)', async () => {
		const fromList = await timezones();
		const runtimeList = Intl.supportedValuesOf;
		try {
			Intl.supportedValuesOf = () => ['Asia/Calcutta', 'Europe/Kiev'];
			expect(await timezones()).toEqual(fromList);
			Intl.supportedValuesOf = () => {
				throw new RangeError('no time zone list in this runtime');
			};
			expect(await timezones()).toEqual(fromList);
		} finally {
			Intl.supportedValuesOf = runtimeList;
		}
		expect(fromList).toHaveLength(CURRENT_TIME_ZONES.length);
	});
});

describe('User picker (From List)', () => {
	it('lists users from every page and narrows them by the typed filter', async () => {
		for (let n = 0; n < 60; n++) {
			fake.addUser({ firstName: 'Pat', lastName: `Number${n}`, email: `pat${n}@example.com`, role: 'user' });
		}
		const all = (await loadOptions('searchUsers', clientCredentials())) as { results: Array<{ name: string; value: string }> };
		expect(all.results).toHaveLength(63);

		const narrowed = (await loadOptions('searchUsers', clientCredentials(), 'number5')) as typeof all;
		expect(narrowed.results.map((user) => user.name)).toEqual([
			'Pat Number5 (pat5@example.com)',
			...Array.from({ length: 10 }, (_, n) => `Pat Number5${n} (pat5${n}@example.com)`),
		]);
		expect(narrowed.results[0].value).toBe(String(fake.usersWithEmail('pat5@example.com')[0].id));
	});
});
