/**
 * Help Scout Users Trigger through n8n-core's PollContext against the stand-in: what each poll
 * emits, what it remembers, and what it costs.
 */
import { activatedTrigger } from './helpers/engine';
import { clientCredentials, useFakeHelpScout } from './helpers/useStandIn';

const fake = useFakeHelpScout();

const hire = (n: number, fields: Record<string, unknown> = {}) =>
	fake.addUser({
		firstName: `New${n}`,
		lastName: 'Agent',
		email: `new${n}@example.com`,
		role: 'user',
		createdAt: new Date(Date.UTC(2026, 10, 29, 9, 0, n)).toISOString(),
		...fields,
	});

describe('Help Scout Users Trigger, New User', () => {
	it('remembers where Help Scout stands on its first poll and emits nothing', async () => {
		const trigger = activatedTrigger(clientCredentials(), {});
		expect(await trigger.poll()).toBeNull();
		expect(trigger.staticData().seen).toEqual({ filterKey: '{}', ids: fake.users.map((user) => user.id) });
		expect(fake.apiRequests('GET').map((request) => request.path)).toEqual(['/v2/users']);
	});

	it('emits each user that appeared since, once, oldest first, simplified; then nothing', async () => {
		const trigger = activatedTrigger(clientCredentials(), {});
		await trigger.poll();
		const [second, first] = [hire(2), hire(1)];
		const emitted = await trigger.poll();
		expect(emitted).toEqual([
			{ id: first.id, firstName: 'New1', lastName: 'Agent', email: 'new1@example.com', role: 'user', type: 'user', timezone: 'America/New_York', createdAt: first.createdAt },
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

	it('filters by inbox at Help Scout and by role here; a changed inbox filter starts afresh', async () => {
		const trigger = activatedTrigger(clientCredentials(), { filters: { mailbox: 2, role: ['admin'] } });
		await trigger.poll();
		const admin = hire(1, { role: 'admin', mailboxes: [{ id: 2, emailAccess: true }] });
		hire(2, { role: 'user', mailboxes: [{ id: 2, emailAccess: true }] });
		hire(3, { role: 'admin', mailboxes: [{ id: 1, emailAccess: true }] });
		expect((await trigger.poll())?.map((user) => user.id)).toEqual([admin.id]);
		expect(fake.apiRequests('GET').every((request) => request.query.mailbox === '2')).toBe(true);
	});

	it('shows the newest user in manual mode (Fetch Test Event) and remembers nothing', async () => {
		hire(1);
		const newest = hire(2);
		const trigger = activatedTrigger(clientCredentials(), {});
		expect((await trigger.poll('manual'))?.map((user) => user.id)).toEqual([newest.id]);
		expect(trigger.staticData().seen).toBeUndefined();
	});
});
