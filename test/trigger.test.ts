/**
 * Help Scout Users Trigger through n8n-core's PollContext against the stand-in: what each poll
 * emits, what it remembers, and what it costs.
 */
import type { IDataObject } from 'n8n-workflow';

import { activatedTrigger } from './helpers/engine';
import { clientCredentials, useFakeHelpScout } from './helpers/useStandIn';

const fake = useFakeHelpScout();

const hire = (n: number, fields: Record<string, unknown> = {}) =>
	fake.addUser({
		firstName: `New${n}`,
		lastName: 'Agent',
		email: `new${n}@example.com`,
		role: 'user',
		// Added now, as a real hire is: after the trigger's activation. n orders them.
		createdAt: new Date(Math.floor(Date.now() / 1000) * 1000 + n * 1000).toISOString(),
		...fields,
	});

const idsOf = (items: IDataObject[] | null) => (items ?? []).map((user) => user.id);
const inbox = (id: number) => [{ id, emailAccess: true }];

/** Waits, briefly, for something the stand-in will see. */
async function until(condition: () => boolean) {
	for (let waited = 0; !condition(); waited += 10) {
		if (waited > 5_000) throw new Error('waited 5 s in vain');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

describe('Help Scout Users Trigger, New User', () => {
	it('remembers where Help Scout stands on its first poll and emits nothing', async () => {
		const trigger = activatedTrigger(clientCredentials(), {});
		expect(await trigger.poll()).toBeNull();
		expect(trigger.staticData().seen).toEqual({ ids: fake.users.map((user) => user.id), pending: [], since: expect.any(String) });
		// Activation, less 5 minutes for clocks and for users made while the first poll read.
		const since = Date.parse((trigger.staticData().seen as { since: string }).since);
		expect(Date.now() - since).toBeGreaterThanOrEqual(300_000);
		expect(Date.now() - since).toBeLessThan(310_000);
		expect(fake.apiRequests('GET').map((request) => request.path)).toEqual(['/v2/users']);
	});

	it('emits each user that appeared since, once, oldest first, simplified; then nothing', async () => {
		const trigger = activatedTrigger(clientCredentials(), {});
		await trigger.poll();
		const [second, first] = [hire(2), hire(1)];
		const emitted = await trigger.poll();
		expect(emitted).toEqual([
			{ id: first.id, firstName: 'New1', lastName: 'Agent', email: 'new1@example.com', role: 'user', type: 'user', timezone: 'America/New_York', createdAt: first.createdAt, updatedAt: first.createdAt },
			expect.objectContaining({ id: second.id, email: 'new2@example.com' }),
		]);
		expect(await trigger.poll()).toBeNull();
		expect(fake.users).toHaveLength(5);
	});

	it('loses nothing and repeats nothing when a poll fails halfway through the pages', async () => {
		for (let n = 0; n < 60; n++) hire(100 + n);
		const trigger = activatedTrigger(clientCredentials(), { simplify: false });
		await trigger.poll();
		const before = trigger.staticData().seen;
		const late = [hire(1), hire(2), hire(3)];
		// Page 1 answers; page 2 is refused (a final answer, not retried).
		fake.inject({ kind: 'status', status: 403, method: 'GET', path: '/v2/users', query: { page: '2' } });
		await expect(trigger.poll()).rejects.toThrow(/refused/);
		expect(trigger.staticData().seen).toEqual(before);
		const emitted = await trigger.poll();
		expect(emitted?.map((user) => user.id)).toEqual(late.map((user) => user.id));
		expect(emitted?.[0]._links).toBeUndefined();
		expect(emitted?.[0].companyId).toBe(77);
		expect(await trigger.poll()).toBeNull();
	});

	it('reads every page and finds new users on any of them', async () => {
		for (let n = 0; n < 120; n++) hire(100 + n);
		const trigger = activatedTrigger(clientCredentials(), {});
		await trigger.poll();
		expect(fake.apiRequests('GET')).toHaveLength(3);
		const late = hire(1);
		expect((await trigger.poll())?.map((user) => user.id)).toEqual([late.id]);
	});

	it('filters by inbox at Help Scout and by role here, over the whole list read to know who is new', async () => {
		const trigger = activatedTrigger(clientCredentials(), { filters: { mailbox: 2, role: ['admin'] } });
		await trigger.poll();
		const admin = hire(1, { role: 'admin', mailboxes: inbox(2) });
		const user = hire(2, { role: 'user', mailboxes: inbox(2) });
		hire(3, { role: 'admin', mailboxes: inbox(1) });
		expect(idsOf(await trigger.poll())).toEqual([admin.id]);
		expect(fake.apiRequests('GET').map((request) => request.query)).toEqual([{}, {}, { mailbox: '2' }]);
		// A new user waits until they match: promoted to Administrator, they come out then, once.
		user.role = 'admin';
		expect(idsOf(await trigger.poll())).toEqual([user.id]);
		expect(await trigger.poll()).toBeNull();
	});

	it('shows the newest user in manual mode (Fetch Test Event) and remembers nothing', async () => {
		hire(1);
		const newest = hire(2);
		const trigger = activatedTrigger(clientCredentials(), {});
		expect((await trigger.poll('manual'))?.map((user) => user.id)).toEqual([newest.id]);
		expect(trigger.staticData().seen).toBeUndefined();
	});
});

describe('Help Scout Users Trigger, each user once, ever', () => {
	it('drops a poll that starts while the last one still runs: a new user comes out once', async () => {
		const trigger = activatedTrigger(clientCredentials(), {});
		await trigger.poll();
		const late = hire(1);
		let release = () => {};
		const released = new Promise<void>((resolve) => (release = resolve));
		let answers = 0;
		fake.holdResponse = async () => {
			if (answers++ === 0) await released;
		};
		const slow = trigger.poll();
		await until(() => answers === 1);
		// The next tick, while the slow poll waits for Help Scout: it reads and remembers nothing.
		const overlapping = await trigger.poll();
		release();
		expect([...idsOf(await slow), ...idsOf(overlapping)]).toEqual([late.id]);
		expect(answers).toBe(1);
		// Once the slow poll ended, the next one reads again.
		expect(await trigger.poll()).toBeNull();
		expect(answers).toBe(2);
	});

	it('does not take a user that one poll missed for a new one: a removal between page 1 and page 2', async () => {
		for (let n = 0; n < 60; n++) hire(100 + n);
		const trigger = activatedTrigger(clientCredentials(), {});
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
		expect(fake.users.indexOf(missed)).toBe(49);
		expect(await trigger.poll()).toBeNull();
		const late = hire(1);
		expect(idsOf(await trigger.poll())).toEqual([late.id]);
	});

	it('does not take a long-existing user that the first poll missed for a new one', async () => {
		for (let n = 0; n < 60; n++) fake.addUser({ firstName: `Old${n}`, lastName: 'Agent', email: `old${n}@example.com`, role: 'user' });
		const trigger = activatedTrigger(clientCredentials(), {});
		const [removed] = fake.users;
		// The first poll's page 2 is read after the first user was removed: the 51st user, who moved
		// up to page 1, is in neither page that poll read.
		const missed = fake.users[50];
		fake.holdResponse = async (request) => {
			if (request.query.page !== '2') return;
			fake.holdResponse = undefined;
			fake.removeUser(removed.id);
		};
		expect(await trigger.poll()).toBeNull();
		expect(trigger.staticData().seen).toEqual(expect.objectContaining({ since: expect.any(String) }));
		expect((trigger.staticData().seen as { ids: number[] }).ids).not.toContain(missed.id);
		// Created long before activation (1970 in the stand-in): existed then, so never new.
		expect(await trigger.poll()).toBeNull();
		const late = hire(1);
		expect(idsOf(await trigger.poll())).toEqual([late.id]);
	});

	it('emits a user once when the list moves them from page 1 to page 2 while it is read', async () => {
		for (let n = 0; n < 60; n++) hire(100 + n);
		const trigger = activatedTrigger(clientCredentials(), {});
		await trigger.poll();
		const late = hire(1);
		fake.users.unshift(fake.users.pop()!);
		fake.holdResponse = async (request) => {
			if (request.query.page !== '2') return;
			fake.holdResponse = undefined;
			fake.users.splice(50, 0, fake.users.shift()!);
		};
		expect(idsOf(await trigger.poll())).toEqual([late.id]);
		expect(fake.apiRequests('GET')).toHaveLength(4);
	});

	it('emits a user once when Help Scout links the last page back to the first', async () => {
		for (let n = 0; n < 120; n++) hire(100 + n);
		fake.nextPageOf = (pageNumber) => (pageNumber === 3 ? 1 : pageNumber + 1);
		const trigger = activatedTrigger(clientCredentials(), {});
		await trigger.poll();
		const late = hire(1);
		expect(idsOf(await trigger.poll())).toEqual([late.id]);
		expect(fake.apiRequests('GET').map((request) => request.query.page ?? '1')).toEqual(['1', '2', '3', '1', '2', '3']);
	});

	it('carries over what an earlier version remembered ({ filterKey, ids }) without emitting anyone again', async () => {
		const existing = fake.users.map((user) => user.id);
		const trigger = activatedTrigger(clientCredentials(), {});
		trigger.staticData().seen = { filterKey: '{}', ids: existing };
		const late = hire(1);
		expect(idsOf(await trigger.poll())).toEqual([late.id]);
		expect(trigger.staticData().seen).toEqual({ ids: [...existing, late.id], pending: [] });

		// An inbox's last list says nothing of the rest of the account: taken afresh, as at activation.
		const filtered = activatedTrigger(clientCredentials(), { filters: { mailbox: 2 } });
		filtered.staticData().seen = { filterKey: '{"mailbox":2}', ids: [] };
		fake.users[0].mailboxes.push(...inbox(2));
		expect(await filtered.poll()).toBeNull();
		expect(filtered.staticData().seen).toEqual({ ids: fake.users.map((user) => user.id), pending: [], since: expect.any(String) });
	});

	it('keeps at most 100,000 IDs, dropping the oldest of users no longer listed first', async () => {
		const current = fake.users.map((user) => user.id);
		const gone = Array.from({ length: 100_000 }, (_, n) => 1_000_000 + n);
		const trigger = activatedTrigger(clientCredentials(), {});
		trigger.staticData().seen = { ids: [...current, ...gone], pending: [] };
		const late = hire(1);
		expect(idsOf(await trigger.poll())).toEqual([late.id]);
		const { ids } = trigger.staticData().seen as { ids: number[] };
		expect(ids).toHaveLength(100_000);
		expect(ids.slice(0, 3)).toEqual(current);
		expect(ids.slice(3, 5)).toEqual([1_000_004, 1_000_005]);
		expect(ids.at(-1)).toBe(late.id);
	});
});

describe('Help Scout Users Trigger with an inbox filter: users new to Help Scout who have access', () => {
	it('does not emit a user who was in Help Scout at activation and is given access', async () => {
		const trigger = activatedTrigger(clientCredentials(), { filters: { mailbox: 2 } });
		await trigger.poll();
		fake.usersWithEmail('user@example.com')[0].mailboxes.push(...inbox(2));
		expect(await trigger.poll()).toBeNull();
	});

	it('emits a new user with access once; losing and regaining access does not emit them again', async () => {
		const trigger = activatedTrigger(clientCredentials(), { filters: { mailbox: 2 } });
		await trigger.poll();
		const late = hire(1, { mailboxes: inbox(2) });
		expect(idsOf(await trigger.poll())).toEqual([late.id]);
		late.mailboxes = [];
		expect(await trigger.poll()).toBeNull();
		late.mailboxes = inbox(2);
		expect(await trigger.poll()).toBeNull();
	});

	it('emits a new user when they are given access, a poll after they appeared', async () => {
		const trigger = activatedTrigger(clientCredentials(), { filters: { mailbox: 2 } });
		await trigger.poll();
		const late = hire(1);
		expect(await trigger.poll()).toBeNull();
		expect(trigger.staticData().seen).toEqual({ ids: fake.users.map((user) => user.id), pending: [late.id], since: expect.any(String) });
		late.mailboxes = inbox(2);
		expect(idsOf(await trigger.poll())).toEqual([late.id]);
		expect(trigger.staticData().seen).toMatchObject({ pending: [] });
		expect(await trigger.poll()).toBeNull();
	});

	it('does not emit everybody again when the inbox filter changes', async () => {
		const trigger = activatedTrigger(clientCredentials(), { filters: { mailbox: 2 } });
		await trigger.poll();
		const first = hire(1, { mailboxes: [...inbox(2), ...inbox(3)] });
		const waiting = hire(2, { mailboxes: inbox(3) });
		expect(idsOf(await trigger.poll())).toEqual([first.id]);
		fake.users[0].mailboxes.push(...inbox(3));
		trigger.workflow.getNode('Help Scout Users Trigger')!.parameters.filters = { mailbox: 3 };
		// Of the users with access to inbox 3, only the one new since activation and not yet emitted.
		expect(idsOf(await trigger.poll())).toEqual([waiting.id]);
		expect(fake.apiRequests('GET').at(-1)?.query).toEqual({ mailbox: '3' });
	});
});
