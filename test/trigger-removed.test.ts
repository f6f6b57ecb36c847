/**
 * Help Scout Users Trigger, event User Removed, through n8n-core's PollContext against the
 * stand-in: a user in an earlier sane list who is gone now, confirmed by Help Scout's own JSON 404
 * for `GET /v2/users/{id}` on two polls; what each poll emits, asks, remembers and logs, also when
 * Help Scout's answers (or what stands before it) disagree.
 */
import { Logger } from '@n8n/backend-common';
import type { IDataObject } from 'n8n-workflow';

import type { FakeUser } from './stand-in';
import { halUser } from './stand-in/users';
import { activatedTrigger } from './helpers/engine';
import { clientCredentials, useFakeHelpScout } from './helpers/useStandIn';

const fake = useFakeHelpScout();

const hire = (n: number, fields: Record<string, unknown> = {}) =>
	fake.addUser({
		firstName: `Leaver${n}`,
		lastName: 'Agent',
		email: `leaver${n}@example.com`,
		role: 'user',
		createdAt: new Date(Date.UTC(2026, 10, 29, 9, 0, n)).toISOString(),
		...fields,
	});

const removedTrigger = (parameters: IDataObject = {}, credentials = clientCredentials()) =>
	activatedTrigger(credentials, { event: 'userRemoved', ...parameters });

const idsOf = (items: IDataObject[] | null) => (items ?? []).map((user) => user.id);
const inbox = (id: number) => [{ id, emailAccess: true }];
/** A user by ID, `GET /v2/users/{id}`, and not `/v2/users/me`. */
const USER_BY_ID = /^\/v2\/users\/\d+$/;
/** The user list itself, not a user under it. */
const USER_LIST = /^\/v2\/users$/;
/** The confirming reads, `GET /v2/users/{id}`, by user ID. */
const confirmations = () =>
	fake
		.apiRequests('GET')
		.filter((request) => USER_BY_ID.test(request.path))
		.map((request) => Number(request.path.split('/').pop()));
/** What Help Scout lists of a user, as Simplify keeps it. */
const lastKnown = (user: FakeUser) => ({
	id: user.id,
	firstName: user.firstName,
	lastName: user.lastName,
	email: user.email,
	role: user.role,
	type: 'user',
	...(user.jobTitle === undefined ? {} : { jobTitle: user.jobTitle }),
	timezone: user.timezone,
	createdAt: user.createdAt,
	updatedAt: user.createdAt,
});
/** A user list that holds together (its figures match what it carries) and lacks `left`: a lagging list. */
const listWithout = (...left: number[]) => {
	const users = fake.users.filter((user) => user.companyId === 77 && !left.includes(user.id)).map(halUser);
	return { _embedded: { users }, page: { size: 50, totalElements: users.length, totalPages: 1, number: 1 }, _links: {} };
};
const missingOf = (trigger: ReturnType<typeof removedTrigger>) =>
	(trigger.staticData().listed as { missing: Array<{ user: IDataObject; goneOnceAt?: string }> }).missing;

/** What the trigger told n8n's log (n8n's Logger, as `this.logger` hands it to the node). */
let warnings: string[] = [];
beforeEach(() => {
	warnings = [];
	jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: string) => {
		if (message.startsWith('Help Scout Users Trigger')) warnings.push(message);
	});
});
afterEach(() => jest.restoreAllMocks());

/** Waits, briefly, for something the stand-in will see. */
async function until(condition: () => boolean) {
	for (let waited = 0; !condition(); waited += 10) {
		if (waited > 5_000) throw new Error('waited 5 s in vain');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

describe('Help Scout Users Trigger, User Removed', () => {
	it('remembers who is listed and in which account, with their essential fields, on its first poll and emits nothing', async () => {
		const trigger = removedTrigger();
		expect(await trigger.poll()).toBeNull();
		expect(trigger.staticData().listed).toEqual({ inbox: null, companyId: 77, users: fake.users.map(lastKnown), missing: [], removedIds: [] });
		expect(fake.apiRequests('GET').map((request) => request.path)).toEqual(['/v2/users/me', '/v2/users']);
		// Nothing changed: the next poll leaves the memory as it is (n8n writes nothing).
		const listed = trigger.staticData().listed;
		expect(await trigger.poll()).toBeNull();
		expect(trigger.staticData().listed).toBe(listed);
		expect(warnings).toEqual([]);
	});

	it("emits a user removed by hand once, after Help Scout's JSON 404 on two polls, with their last known fields; Simplify off changes nothing", async () => {
		const leaver = hire(1, { jobTitle: 'Support Agent' });
		const trigger = removedTrigger({ simplify: false });
		await trigger.poll();
		// Promoted, then removed: the output holds what the last sane list said.
		leaver.jobTitle = 'Support Lead';
		expect(await trigger.poll()).toBeNull();
		fake.removeUser(leaver.id);
		const before = Date.now();
		expect(await trigger.poll()).toBeNull();
		expect(missingOf(trigger)).toEqual([{ user: { ...lastKnown(leaver), jobTitle: 'Support Lead' }, goneOnceAt: expect.any(String) }]);
		expect(Date.parse(missingOf(trigger)[0].goneOnceAt!)).toBeGreaterThanOrEqual(before);
		const emitted = await trigger.poll();
		expect(emitted).toEqual([{ ...lastKnown(leaver), jobTitle: 'Support Lead', removedAt: expect.any(String) }]);
		const removedAt = Date.parse(String(emitted?.[0].removedAt));
		expect(removedAt).toBeGreaterThanOrEqual(before);
		expect(removedAt).toBeLessThanOrEqual(Date.now());
		expect(confirmations()).toEqual([leaver.id, leaver.id]);
		expect(await trigger.poll()).toBeNull();
		expect(confirmations()).toEqual([leaver.id, leaver.id]);
		expect(trigger.staticData().listed).toMatchObject({ missing: [], removedIds: [leaver.id] });
		expect(fake.users).toHaveLength(3);
		expect(warnings).toEqual([]);
	});

	it('changes nothing when a list read fails halfway: nobody is asked about or emitted', async () => {
		for (let n = 0; n < 60; n++) hire(100 + n);
		const trigger = removedTrigger();
		await trigger.poll();
		const before = trigger.staticData().listed;
		fake.inject({ kind: 'status', status: 403, method: 'GET', path: '/v2/users', query: { page: '2' } });
		await expect(trigger.poll()).rejects.toThrow(/refused/);
		expect(trigger.staticData().listed).toEqual(before);
		expect(await trigger.poll()).toBeNull();
		expect(confirmations()).toEqual([]);
	});

	it.each([
		['a 503', { kind: 'status', status: 503 }],
		['a reset', { kind: 'resetBefore' }],
	] as const)('settles nothing while the confirming read fails (%s), and the user after two JSON 404s', async (_name, fault) => {
		const [first, second] = [hire(1), hire(2)];
		const trigger = removedTrigger();
		await trigger.poll();
		fake.removeUser(first.id);
		fake.removeUser(second.id);
		// The first read and its one retry fail; the second user is not asked about in that poll.
		fake.inject({ ...fault, method: 'GET', path: `/v2/users/${first.id}`, times: 2 });
		expect(await trigger.poll()).toBeNull();
		expect(confirmations()).toEqual([first.id, first.id]);
		expect(missingOf(trigger).map((entry) => [entry.user.id, entry.goneOnceAt])).toEqual([
			[second.id, undefined],
			[first.id, undefined],
		]);
		expect(await trigger.poll()).toBeNull();
		expect(idsOf(await trigger.poll())).toEqual([second.id, first.id]);
		expect(confirmations()).toEqual([first.id, first.id, second.id, first.id, second.id, first.id]);
		expect(await trigger.poll()).toBeNull();
		expect(confirmations()).toHaveLength(6);
	});

	it('applies the Role filter to the last known role, and asks about no one it would not emit', async () => {
		const trigger = removedTrigger({ filters: { role: ['admin'] } });
		const [admin, user] = [hire(1, { role: 'admin' }), hire(2, { role: 'user' })];
		await trigger.poll();
		fake.removeUser(admin.id);
		fake.removeUser(user.id);
		expect(await trigger.poll()).toBeNull();
		expect(idsOf(await trigger.poll())).toEqual([admin.id]);
		expect(confirmations()).toEqual([admin.id, admin.id]);
		expect(await trigger.poll()).toBeNull();
	});

	it('with an Inbox filter emits users who had access and are removed from Help Scout, not those who lost access', async () => {
		const trigger = removedTrigger({ filters: { mailbox: 2 } });
		const [leaver, moved] = [hire(1, { mailboxes: inbox(2) }), hire(2, { mailboxes: inbox(2) })];
		const elsewhere = hire(3, { mailboxes: inbox(1) });
		await trigger.poll();
		fake.removeUser(leaver.id);
		fake.removeUser(elsewhere.id);
		moved.mailboxes = inbox(1);
		expect(await trigger.poll()).toBeNull();
		expect(idsOf(await trigger.poll())).toEqual([leaver.id]);
		// Removed after losing access: not a removal from this inbox's users.
		fake.removeUser(moved.id);
		expect(await trigger.poll()).toBeNull();
		expect(await trigger.poll()).toBeNull();
		expect(confirmations()).toEqual([leaver.id, leaver.id]);
		// The first poll reads the inbox's list only; later polls the account's too.
		const listQueries = fake.apiRequests('GET').filter((request) => request.path === '/v2/users').map((request) => request.query);
		expect(listQueries).toEqual([{ mailbox: '2' }, ...Array.from({ length: 4 }, () => [{ mailbox: '2' }, {}]).flat()]);
	});

	it('asks about at most 10 users a poll, each user twice in all; those gone once are asked first', async () => {
		for (let n = 0; n < 60; n++) hire(100 + n);
		const leavers = Array.from({ length: 15 }, (_, n) => hire(n + 1));
		const ids = leavers.map((user) => user.id);
		const trigger = removedTrigger();
		await trigger.poll();
		for (const leaver of leavers) fake.removeUser(leaver.id);
		expect(await trigger.poll()).toBeNull();
		expect(idsOf(await trigger.poll())).toEqual(ids.slice(0, 10));
		expect(await trigger.poll()).toBeNull();
		expect(idsOf(await trigger.poll())).toEqual(ids.slice(10));
		expect(await trigger.poll()).toBeNull();
		expect(confirmations()).toEqual([...ids.slice(0, 10), ...ids.slice(0, 10), ...ids.slice(10), ...ids.slice(10)]);
		expect(warnings).toEqual([]);
	});

	it('keeps at most 10,000 users, those gone once first, then those waiting to be asked', async () => {
		const waiting = Array.from({ length: 10_008 }, (_, n) => ({ user: { id: 1_000_000 + n, firstName: 'Gone', role: 'user' } }));
		const trigger = removedTrigger();
		trigger.staticData().listed = { inbox: null, companyId: 77, users: [], missing: waiting, removedIds: [] };
		// None of the waiting users exists: the first 10 are gone once, 9,990 more are kept in turn.
		expect(await trigger.poll()).toBeNull();
		const { users, missing } = trigger.staticData().listed as { users: IDataObject[]; missing: Array<{ user: IDataObject; goneOnceAt?: string }> };
		expect(missing).toHaveLength(10_000);
		expect(users).toEqual([]);
		expect(missing.slice(0, 11).map((entry) => [entry.user.id, entry.goneOnceAt !== undefined])).toEqual([
			...waiting.slice(0, 10).map((entry) => [entry.user.id, true]),
			[1_000_010, false],
		]);
		expect(idsOf(await trigger.poll())).toEqual(waiting.slice(0, 10).map((entry) => entry.user.id));
	});

	it('does not keep a text field longer than 256 characters, rather than keep it cut', async () => {
		const long = hire(1, { jobTitle: 'x'.repeat(257) });
		const trigger = removedTrigger();
		await trigger.poll();
		fake.removeUser(long.id);
		await trigger.poll();
		const { jobTitle: _dropped, ...rest } = lastKnown(long);
		expect(await trigger.poll()).toEqual([{ ...rest, removedAt: expect.any(String) }]);
	});

	it('shows the last confirmed removal in manual mode (Fetch Test Event), or nothing, and asks Help Scout nothing', async () => {
		const trigger = removedTrigger();
		expect(await trigger.poll('manual')).toBeNull();
		expect(fake.apiRequests()).toEqual([]);
		const leaver = hire(1);
		await trigger.poll();
		fake.removeUser(leaver.id);
		await trigger.poll();
		expect(await trigger.poll('manual')).toBeNull();
		const [emitted] = (await trigger.poll()) ?? [];
		const remembered = JSON.parse(JSON.stringify(trigger.staticData()));
		const requests = fake.apiRequests().length;
		expect(await trigger.poll('manual')).toEqual([emitted]);
		expect(fake.apiRequests()).toHaveLength(requests);
		expect(trigger.staticData()).toEqual(remembered);
	});

	it('drops a poll that starts while the last one still asks Help Scout: a removal comes out once', async () => {
		const leaver = hire(1);
		const trigger = removedTrigger();
		await trigger.poll();
		fake.removeUser(leaver.id);
		await trigger.poll();
		let release = () => {};
		const released = new Promise<void>((resolve) => (release = resolve));
		let held = 0;
		fake.holdResponse = async (request) => {
			if (request.path === `/v2/users/${leaver.id}` && held++ === 0) await released;
		};
		const slow = trigger.poll();
		await until(() => held === 1);
		const requests = fake.apiRequests().length;
		const overlapping = await trigger.poll();
		expect(fake.apiRequests()).toHaveLength(requests);
		release();
		expect([...idsOf(await slow), ...idsOf(overlapping)]).toEqual([leaver.id]);
		expect(await trigger.poll()).toBeNull();
	});

	it('keeps its memory apart from New User: switching the event starts afresh, first poll silent', async () => {
		const trigger = removedTrigger();
		const parameters = trigger.workflow.getNode('Help Scout Users Trigger')!.parameters;
		parameters.event = 'newUser';
		await trigger.poll();
		expect(trigger.staticData().seen).toBeDefined();
		parameters.event = 'userRemoved';
		const leaver = hire(1);
		expect(await trigger.poll()).toBeNull();
		expect(trigger.staticData().seen).toBeUndefined();
		fake.removeUser(leaver.id);
		expect(await trigger.poll()).toBeNull();
		expect(idsOf(await trigger.poll())).toEqual([leaver.id]);
		parameters.event = 'newUser';
		hire(2);
		expect(await trigger.poll()).toBeNull();
		expect(trigger.staticData().listed).toBeUndefined();
	});
});

describe("User Removed believes only Help Scout's own answer, on two polls", () => {
	it('an HTML 404 (a gateway before Help Scout) confirms nothing, however often; JSON 404s on two polls then do', async () => {
		const leaver = hire(1);
		const trigger = removedTrigger();
		await trigger.poll();
		fake.removeUser(leaver.id);
		fake.inject({ kind: 'html', status: 404, method: 'GET', pathPattern: USER_BY_ID, times: 3 });
		for (let poll = 0; poll < 3; poll++) expect(await trigger.poll()).toBeNull();
		expect(confirmations()).toEqual([leaver.id, leaver.id, leaver.id]);
		expect(missingOf(trigger)).toEqual([{ user: lastKnown(leaver) }]);
		expect(await trigger.poll()).toBeNull();
		expect(missingOf(trigger)).toEqual([{ user: lastKnown(leaver), goneOnceAt: expect.any(String) }]);
		expect(idsOf(await trigger.poll())).toEqual([leaver.id]);
		expect(confirmations()).toHaveLength(5);
	});

	it('a 200 between two JSON 404s (a lagging list, a user who is there) clears the first: two in a row are needed', async () => {
		const uma = fake.usersWithEmail('user@example.com')[0];
		const trigger = removedTrigger();
		await trigger.poll();
		// A list that holds together and lacks Uma, three polls running; Help Scout answers 404, 200, 404.
		fake.inject({ kind: 'status', status: 200, method: 'GET', pathPattern: USER_LIST, body: listWithout(uma.id), times: 3 });
		fake.inject({ kind: 'status', status: 404, method: 'GET', path: `/v2/users/${uma.id}` });
		expect(await trigger.poll()).toBeNull();
		expect(missingOf(trigger)).toEqual([{ user: lastKnown(uma), goneOnceAt: expect.any(String) }]);
		expect(await trigger.poll()).toBeNull();
		expect(missingOf(trigger)).toEqual([{ user: lastKnown(uma) }]);
		fake.inject({ kind: 'status', status: 404, method: 'GET', path: `/v2/users/${uma.id}` });
		expect(await trigger.poll()).toBeNull();
		expect(missingOf(trigger)).toEqual([{ user: lastKnown(uma), goneOnceAt: expect.any(String) }]);
		// The list shows her again: she is not missing any more, and nothing was emitted.
		expect(await trigger.poll()).toBeNull();
		expect(missingOf(trigger)).toEqual([]);
		expect(confirmations()).toEqual([uma.id, uma.id, uma.id]);
		expect(fake.users).toHaveLength(3);
	});

	it('never asks about or emits the user the credential acts as, whatever the list and Help Scout answer', async () => {
		const adam = fake.usersWithEmail('admin@example.com')[0];
		const trigger = removedTrigger();
		await trigger.poll();
		fake.inject({ kind: 'status', status: 200, method: 'GET', pathPattern: USER_LIST, body: listWithout(adam.id), times: 3 });
		fake.inject({ kind: 'status', status: 404, method: 'GET', path: `/v2/users/${adam.id}`, times: 3 });
		for (let poll = 0; poll < 3; poll++) expect(await trigger.poll()).toBeNull();
		expect(confirmations()).toEqual([]);
		expect(missingOf(trigger)).toEqual([]);
		expect(fake.apiRequests('GET', '/v2/users/me')).toHaveLength(4);
	});

	it('forgets an emitted user whom a list shows again, so that their real removal later comes out', async () => {
		const leaver = hire(1);
		const trigger = removedTrigger();
		await trigger.poll();
		fake.removeUser(leaver.id);
		await trigger.poll();
		expect(idsOf(await trigger.poll())).toEqual([leaver.id]);
		expect(trigger.staticData().listed).toMatchObject({ removedIds: [leaver.id] });
		// Back in the list (restored, or never gone): forgotten from what was emitted.
		const back = fake.addUser({ ...leaver });
		expect(await trigger.poll()).toBeNull();
		expect(trigger.staticData().listed).toMatchObject({ removedIds: [] });
		fake.removeUser(back.id);
		expect(await trigger.poll()).toBeNull();
		expect(idsOf(await trigger.poll())).toEqual([leaver.id]);
		expect(confirmations()).toEqual([leaver.id, leaver.id, leaver.id, leaver.id]);
	});
});

describe('User Removed skips a poll whose list is implausible, says why in the log, and carries on', () => {
	it("the issue's hostile poll: an empty user list, then HTML 404s for every user: nobody; the real removal later comes out; another account emits nobody", async () => {
		const hires = [hire(1), hire(2), hire(3), hire(4)];
		const credentials = clientCredentials();
		const trigger = removedTrigger({}, credentials);
		expect(fake.users.map((user) => user.id)).toEqual([1000, 1001, 1002, 1003, 1004, 1005, 1006]);
		await trigger.poll();
		fake.inject({ kind: 'emptyPage', method: 'GET', pathPattern: USER_LIST });
		fake.inject({ kind: 'html', status: 404, method: 'GET', pathPattern: USER_BY_ID, times: 100 });
		expect(await trigger.poll()).toBeNull();
		expect(confirmations()).toEqual([]);
		expect(warnings).toEqual([
			expect.stringContaining('the list lacks 6 of the 7 users the last poll listed; if the next poll lists the same users, they are believed. Nobody was emitted or confirmed this poll'),
		]);
		// The same empty list on two polls in a row is believed; the HTML 404s still confirm nobody.
		fake.inject({ kind: 'emptyPage', method: 'GET', pathPattern: USER_LIST, times: 4 });
		for (let poll = 0; poll < 4; poll++) expect(await trigger.poll()).toBeNull();
		expect(warnings).toHaveLength(1);
		// One user asked a poll: after a failed answer the rest wait for the next poll.
		expect(confirmations()).toHaveLength(4);
		expect(confirmations().every((id) => id !== 1001)).toBe(true);
		expect(missingOf(trigger).every((entry) => entry.goneOnceAt === undefined)).toBe(true);
		// Help Scout answers again: everyone is listed, nobody is missing.
		fake.clearFaults();
		expect(await trigger.poll()).toBeNull();
		expect(missingOf(trigger)).toEqual([]);

		// The real removal of user 1003: Help Scout's JSON 404 on two polls.
		fake.removeUser(1003);
		expect(await trigger.poll()).toBeNull();
		expect(await trigger.poll()).toEqual([{ ...lastKnown(hires[0]), removedAt: expect.any(String) }]);

		// The credential reconnected to another Help Scout account with 15 users: nobody emitted.
		const others = Array.from({ length: 15 }, (_, n) =>
			fake.addUser({ firstName: `Other${n}`, lastName: 'Agent', email: `agent${n}@other.example`, role: n === 0 ? 'owner' : 'user', companyId: 88 }),
		);
		fake.addClient('other-app', 'other-secret', others[0].email);
		credentials.data = { grantType: 'clientCredentials', clientId: 'other-app', clientSecret: 'other-secret' };
		const asked = confirmations().length;
		expect(await trigger.poll()).toBeNull();
		expect(warnings.at(-1)).toContain('the credential now acts in another Help Scout account (companyId 88, was 77): starting afresh, as at activation');
		expect(await trigger.poll()).toBeNull();
		expect(confirmations()).toHaveLength(asked);
		expect(trigger.staticData().listed).toMatchObject({ companyId: 88, users: others.map(lastKnown), missing: [], removedIds: [] });
		// A removal in that account is the next to come out.
		fake.removeUser(others[3].id);
		expect(await trigger.poll()).toBeNull();
		expect(idsOf(await trigger.poll())).toEqual([others[3].id]);
		expect(warnings).toHaveLength(2);
	});

	it('an empty page whose figures promise users emits nobody and asks nobody', async () => {
		const trigger = removedTrigger();
		await trigger.poll();
		const before = trigger.staticData().listed;
		fake.inject({ kind: 'emptyPage', promised: 3, method: 'GET', pathPattern: USER_LIST, times: 2 });
		expect(await trigger.poll()).toBeNull();
		expect(await trigger.poll()).toBeNull();
		expect(confirmations()).toEqual([]);
		expect(trigger.staticData().listed).toEqual(before);
		expect(warnings).toEqual(
			Array.from({ length: 2 }, () => expect.stringContaining("Help Scout's user list did not hold together (a page short of what its page figures promised")),
		);
	});

	it('a list cut short (no next link after page 1) or read while it changed asks nobody; the next sane poll carries on', async () => {
		for (let n = 0; n < 120; n++) hire(100 + n);
		const trigger = removedTrigger();
		await trigger.poll();
		const before = trigger.staticData().listed;
		fake.nextPageOf = () => undefined;
		expect(await trigger.poll()).toBeNull();
		fake.nextPageOf = undefined;
		// A user removed between page 1 and page 2: page 2's figures differ from page 1's.
		const removed = fake.users[0];
		fake.holdResponse = async (request) => {
			if (request.query.page !== '2') return;
			fake.holdResponse = undefined;
			fake.removeUser(removed.id);
		};
		expect(await trigger.poll()).toBeNull();
		expect(confirmations()).toEqual([]);
		expect(trigger.staticData().listed).toEqual(before);
		expect(warnings).toHaveLength(2);
		expect(await trigger.poll()).toBeNull();
		expect(idsOf(await trigger.poll())).toEqual([removed.id]);
		expect(confirmations()).toEqual([removed.id, removed.id]);
		expect(warnings).toHaveLength(2);
	});

	it('doubts a list that lacks more than a quarter of the users at once for one poll, and believes it on the next', async () => {
		const leavers = Array.from({ length: 17 }, (_, n) => hire(n + 1)).slice(0, 6);
		const trigger = removedTrigger();
		await trigger.poll();
		for (const leaver of leavers) fake.removeUser(leaver.id);
		expect(await trigger.poll()).toBeNull();
		expect(confirmations()).toEqual([]);
		expect(warnings).toEqual([expect.stringContaining('the list lacks 6 of the 20 users the last poll listed')]);
		expect(await trigger.poll()).toBeNull();
		expect(idsOf(await trigger.poll())).toEqual(leavers.map((user) => user.id));
		expect(confirmations()).toHaveLength(12);
		expect(warnings).toHaveLength(1);
	});

	it('asks nothing when /users/me names no account (companyId)', async () => {
		const leaver = hire(1);
		const trigger = removedTrigger();
		await trigger.poll();
		fake.removeUser(leaver.id);
		fake.inject({ kind: 'status', status: 200, method: 'GET', path: '/v2/users/me', body: { id: 1001, email: 'admin@example.com' } });
		expect(await trigger.poll()).toBeNull();
		expect(fake.apiRequests('GET').filter((request) => request.path === '/v2/users')).toHaveLength(1);
		expect(warnings).toEqual([expect.stringContaining("Help Scout's answer to GET /v2/users/me named no account (companyId)")]);
		expect(await trigger.poll()).toBeNull();
		expect(idsOf(await trigger.poll())).toEqual([leaver.id]);
	});
});

describe('User Removed carries over what an earlier version remembered', () => {
	it('takes the users as listed and the account as the current one; a user it had emitted but listed is forgotten', async () => {
		const [stays, leaver] = [hire(1), hire(2)];
		const trigger = removedTrigger();
		// The earlier shape: the missing first in `users`, no `missing`, no `companyId`; 1002 emitted by mistake.
		trigger.staticData().listed = { inbox: null, users: [lastKnown(leaver), ...fake.users.filter((user) => user !== leaver).map(lastKnown)], removedIds: [1002] };
		fake.removeUser(leaver.id);
		expect(await trigger.poll()).toBeNull();
		expect(trigger.staticData().listed).toMatchObject({ companyId: 77, removedIds: [], missing: [{ user: lastKnown(leaver), goneOnceAt: expect.any(String) }] });
		expect(idsOf(await trigger.poll())).toEqual([leaver.id]);
		expect((trigger.staticData().listed as { users: IDataObject[] }).users.map((user) => user.id)).toContain(stays.id);
		expect(warnings).toEqual([]);
	});

	it('starts afresh, asking nobody, when that memory mostly lacks from the list (another account, most likely)', async () => {
		const trigger = removedTrigger();
		const strangers = Array.from({ length: 15 }, (_, n) => ({ id: 5000 + n, firstName: 'Stranger', role: 'user' }));
		trigger.staticData().listed = { inbox: null, users: strangers, removedIds: [] };
		expect(await trigger.poll()).toBeNull();
		expect(confirmations()).toEqual([]);
		expect(trigger.staticData().listed).toEqual({ inbox: null, companyId: 77, users: fake.users.map(lastKnown), missing: [], removedIds: [] });
		expect(warnings).toEqual([expect.stringContaining('the list lacks 15 of the 15 users the last poll listed, remembered by an earlier version of the node: starting afresh')]);
		expect(await trigger.poll()).toBeNull();
		expect(confirmations()).toEqual([]);
	});
});
