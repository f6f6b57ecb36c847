/**
 * Help Scout Users Trigger, event User Removed, through n8n-core's PollContext against the
 * stand-in: a user in the last complete list who is gone now, confirmed by `GET /v2/users/{id}`
 * answering 404; what each poll emits, asks and remembers.
 */
import type { IDataObject } from 'n8n-workflow';

import type { FakeUser } from './stand-in';
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

const removedTrigger = (parameters: IDataObject = {}) =>
	activatedTrigger(clientCredentials(), { event: 'userRemoved', ...parameters });

const idsOf = (items: IDataObject[] | null) => (items ?? []).map((user) => user.id);
const inbox = (id: number) => [{ id, emailAccess: true }];
/** The confirming reads, `GET /v2/users/{id}`, by user ID. */
const confirmations = () =>
	fake
		.apiRequests('GET')
		.filter((request) => /^\/v2\/users\/\d+$/.test(request.path))
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

/** Waits, briefly, for something the stand-in will see. */
async function until(condition: () => boolean) {
	for (let waited = 0; !condition(); waited += 10) {
		if (waited > 5_000) throw new Error('waited 5 s in vain');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

describe('Help Scout Users Trigger, User Removed', () => {
	it('remembers who is listed, with their essential fields, on its first poll and emits nothing', async () => {
		const trigger = removedTrigger();
		expect(await trigger.poll()).toBeNull();
		expect(trigger.staticData().listed).toEqual({ inbox: null, users: fake.users.map(lastKnown), removedIds: [] });
		expect(fake.apiRequests('GET').map((request) => request.path)).toEqual(['/v2/users']);
	});

	it('emits a user removed by hand once, with their last known fields and removedAt; Simplify off changes nothing', async () => {
		const leaver = hire(1, { jobTitle: 'Support Agent' });
		const trigger = removedTrigger({ simplify: false });
		await trigger.poll();
		// Promoted, then removed: the output holds what the last complete list said.
		leaver.jobTitle = 'Support Lead';
		expect(await trigger.poll()).toBeNull();
		fake.removeUser(leaver.id);
		const before = Date.now();
		const emitted = await trigger.poll();
		expect(emitted).toEqual([{ ...lastKnown(leaver), jobTitle: 'Support Lead', removedAt: expect.any(String) }]);
		const removedAt = Date.parse(String(emitted?.[0].removedAt));
		expect(removedAt).toBeGreaterThanOrEqual(before);
		expect(removedAt).toBeLessThanOrEqual(Date.now());
		expect(confirmations()).toEqual([leaver.id]);
		expect(await trigger.poll()).toBeNull();
		expect(confirmations()).toEqual([leaver.id]);
		expect(fake.users).toHaveLength(3);
	});

	it('does not take a user one read missed (the list shifted, the user answers 200) for a removed one', async () => {
		for (let n = 0; n < 60; n++) hire(100 + n);
		const trigger = removedTrigger();
		await trigger.poll();
		const [removed] = fake.users;
		// The 51st user moves up to page 1 when the first is removed, after page 1 was read.
		const missed = fake.users[50];
		fake.holdResponse = async (request) => {
			if (request.query.page !== '2') return;
			fake.holdResponse = undefined;
			fake.removeUser(removed.id);
		};
		expect(await trigger.poll()).toBeNull();
		expect(confirmations()).toEqual([missed.id]);
		// The next poll's list shows the missed user again, and misses the removed one for good.
		expect(idsOf(await trigger.poll())).toEqual([removed.id]);
		expect(confirmations()).toEqual([missed.id, removed.id]);
		expect(await trigger.poll()).toBeNull();
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
	] as const)('emits nothing while the confirming read fails (%s), and the user once it answers 404', async (_name, fault) => {
		const [first, second] = [hire(1), hire(2)];
		const trigger = removedTrigger();
		await trigger.poll();
		fake.removeUser(first.id);
		fake.removeUser(second.id);
		// The first read and its one retry fail; the second user is not asked about in that poll.
		fake.inject({ ...fault, method: 'GET', path: `/v2/users/${first.id}`, times: 2 });
		expect(await trigger.poll()).toBeNull();
		expect(confirmations()).toEqual([first.id, first.id]);
		expect(idsOf(await trigger.poll())).toEqual([second.id, first.id]);
		expect(confirmations()).toEqual([first.id, first.id, second.id, first.id]);
		expect(await trigger.poll()).toBeNull();
		expect(confirmations()).toHaveLength(4);
	});

	it('applies the Role filter to the last known role, and asks about no one it would not emit', async () => {
		const trigger = removedTrigger({ filters: { role: ['admin'] } });
		const [admin, user] = [hire(1, { role: 'admin' }), hire(2, { role: 'user' })];
		await trigger.poll();
		fake.removeUser(admin.id);
		fake.removeUser(user.id);
		expect(idsOf(await trigger.poll())).toEqual([admin.id]);
		expect(confirmations()).toEqual([admin.id]);
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
		expect(idsOf(await trigger.poll())).toEqual([leaver.id]);
		// Removed after losing access: not a removal from this inbox's users.
		fake.removeUser(moved.id);
		expect(await trigger.poll()).toBeNull();
		expect(confirmations()).toEqual([leaver.id]);
		// The first poll reads the inbox's list only; later polls the account's too.
		expect(fake.apiRequests('GET', '/v2/users').filter((request) => request.path === '/v2/users').map((request) => request.query)).toEqual([
			{ mailbox: '2' },
			{ mailbox: '2' },
			{},
			{ mailbox: '2' },
			{},
		]);
	});

	it('asks about at most 10 users a poll; the rest next poll, so a short list costs 10 requests, not one per user', async () => {
		const leavers = Array.from({ length: 15 }, (_, n) => hire(n + 1));
		const trigger = removedTrigger();
		await trigger.poll();
		for (const leaver of leavers) fake.removeUser(leaver.id);
		expect(idsOf(await trigger.poll())).toEqual(leavers.slice(0, 10).map((user) => user.id));
		expect(idsOf(await trigger.poll())).toEqual(leavers.slice(10).map((user) => user.id));
		expect(await trigger.poll()).toBeNull();
		expect(confirmations()).toEqual(leavers.map((user) => user.id));
	});

	it('a list Help Scout cuts short (no next link after page 1): 10 reads answering 200, nobody emitted', async () => {
		for (let n = 0; n < 120; n++) hire(100 + n);
		const trigger = removedTrigger();
		await trigger.poll();
		fake.nextPageOf = () => undefined;
		expect(await trigger.poll()).toBeNull();
		expect(confirmations()).toHaveLength(10);
		fake.nextPageOf = undefined;
		expect(await trigger.poll()).toBeNull();
		expect(confirmations()).toHaveLength(10);
		expect((trigger.staticData().listed as { users: unknown[] }).users).toHaveLength(fake.users.length);
	});

	it('keeps at most 10,000 users, those waiting for a confirmation first', async () => {
		const waiting = Array.from({ length: 10_008 }, (_, n) => ({ id: 1_000_000 + n, firstName: 'Gone', role: 'user' }));
		const trigger = removedTrigger();
		trigger.staticData().listed = { inbox: null, users: waiting, removedIds: [] };
		// None of the waiting users exists: the first 10 are confirmed removed, 9,998 wait their turn.
		expect(idsOf(await trigger.poll())).toEqual(waiting.slice(0, 10).map((user) => user.id));
		const { users } = trigger.staticData().listed as { users: IDataObject[] };
		expect(users).toHaveLength(10_000);
		expect(users[0].id).toBe(1_000_010);
		expect(users.slice(-2)).toEqual([lastKnown(fake.users[0]), lastKnown(fake.users[1])]);
	});

	it('does not keep a text field longer than 256 characters, rather than keep it cut', async () => {
		const long = hire(1, { jobTitle: 'x'.repeat(257) });
		const trigger = removedTrigger();
		await trigger.poll();
		fake.removeUser(long.id);
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
		expect(idsOf(await trigger.poll())).toEqual([leaver.id]);
		parameters.event = 'newUser';
		hire(2);
		expect(await trigger.poll()).toBeNull();
		expect(trigger.staticData().listed).toBeUndefined();
	});
});
