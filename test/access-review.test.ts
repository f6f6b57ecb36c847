/**
 * Include Inboxes and Include Teams on Get, Get Many, Get Current User and the trigger: each user's
 * inboxes and teams, read once per execution from every inbox's users and every team's members,
 * checked against the stand-in's own records, with what it cost.
 */
import type { IDataObject } from 'n8n-workflow';

import { ACCESS_REVIEW_SHAPE, accessReviewParameters, accessReviewRequests, seedAccessReview } from './fixtures/accessReview';
import { activatedTrigger, runNode } from './helpers/engine';
import { clientCredentials, useFakeHelpScout } from './helpers/useStandIn';
import type { FakeUser } from './stand-in';

const fake = useFakeHelpScout();

/** What Help Scout's records say a user has, sorted by name as the node sorts them. */
function expectedAccess(user: FakeUser) {
	const byName = (a: { id: number; name: string }, b: { id: number; name: string }) => a.name.localeCompare(b.name) || a.id - b.id;
	return {
		inboxes: fake.mailboxes
			.filter((mailbox) => user.mailboxes.some((entry) => entry.id === mailbox.id))
			.map(({ id, name }) => ({ id, name }))
			.sort(byName),
		teams: fake.teams
			.filter((team) => team.memberIds.includes(user.id))
			.map(({ id, name }) => ({ id, name }))
			.sort(byName),
	};
}

const userWithEmail = (email: string) => fake.usersWithEmail(email)[0];

/** A small account: Adam in Support and Billing and two teams, Uma in Sales and one team, Olive in none. */
function smallAccount() {
	const adam = userWithEmail('admin@example.com');
	const uma = userWithEmail('user@example.com');
	adam.mailboxes = [{ id: 2, emailAccess: true }, { id: 1, emailAccess: true }];
	uma.mailboxes = [{ id: 3, emailAccess: false }];
	const night = fake.addTeam({ name: 'Night Shift', memberIds: [adam.id, uma.id] });
	const escalations = fake.addTeam({ name: 'Escalations', memberIds: [adam.id] });
	const empty = fake.addTeam({ name: 'Nobody Yet', memberIds: [] });
	return { adam, uma, night, escalations, empty };
}

const requestLines = () =>
	fake.apiRequests('GET').map((request) => `${request.path}${Object.keys(request.query).length ? `?${new URLSearchParams(request.query)}` : ''}`);

describe('Include Inboxes and Include Teams on Get Many', () => {
	it("adds each user's inboxes and teams (ID and name, sorted by name), and Simplify keeps them", async () => {
		const { adam, uma, night, escalations } = smallAccount();
		const result = await runNode({
			credentials: clientCredentials(),
			parameters: accessReviewParameters,
		});
		expect(result.error).toBeUndefined();
		const byId = new Map(result.items.map((item) => [item.json.id, item.json]));
		expect(byId.get(adam.id)).toEqual({
			id: adam.id,
			firstName: 'Adam',
			lastName: 'Admin',
			email: 'admin@example.com',
			role: 'admin',
			type: 'user',
			timezone: 'America/New_York',
			createdAt: adam.createdAt,
			updatedAt: adam.createdAt,
			inboxes: [
				{ id: 2, name: 'Billing' },
				{ id: 1, name: 'Support' },
			],
			teams: [
				{ id: escalations.id, name: 'Escalations' },
				{ id: night.id, name: 'Night Shift' },
			],
		});
		expect(byId.get(uma.id)).toMatchObject({ inboxes: [{ id: 3, name: 'Sales' }], teams: [{ id: night.id, name: 'Night Shift' }] });
		for (const user of fake.users) expect(byId.get(user.id)).toMatchObject(expectedAccess(user));
		// Olive has no inbox and no team: empty lists, not missing fields.
		expect(byId.get(userWithEmail('owner@example.com').id)).toMatchObject({ inboxes: [], teams: [] });
		// Lists of their own: a workflow that changes one user's list changes no other's.
		expect(byId.get(adam.id)!.teams).not.toBe(byId.get(uma.id)!.teams);
	});

	it('keeps them with Simplify off too, and reads nothing more when neither is asked for', async () => {
		const { adam } = smallAccount();
		const full = await runNode({
			credentials: clientCredentials(),
			parameters: { ...accessReviewParameters, simplify: false },
		});
		const adamFull = full.items.find((item) => item.json.id === adam.id)!.json;
		expect(adamFull).toMatchObject({ companyId: 77, initials: 'AA', ...expectedAccess(adam) });
		expect(adamFull._links).toBeUndefined();

		fake.requests.length = 0;
		const plain = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'user', operation: 'getAll', returnAll: true },
		});
		expect(plain.items.every((item) => item.json.inboxes === undefined && item.json.teams === undefined)).toBe(true);
		expect(requestLines()).toEqual(['/v2/users']);
	});

	it('reads only what is asked for: Include Teams alone reads no inbox', async () => {
		const { night, escalations, empty } = smallAccount();
		const result = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'user', operation: 'getAll', returnAll: true, includeTeams: true },
		});
		expect(result.items.every((item) => item.json.inboxes === undefined && Array.isArray(item.json.teams))).toBe(true);
		expect(requestLines().sort()).toEqual(
			['/v2/users', '/v2/teams', ...[night, escalations, empty].map((team) => `/v2/teams/${team.id}/members`)].sort(),
		);
	});

	it(`costs one request per page for ${ACCESS_REVIEW_SHAPE.users} users, ${ACCESS_REVIEW_SHAPE.inboxes} inboxes and ${ACCESS_REVIEW_SHAPE.teams} teams, never one per user`, async () => {
		seedAccessReview(fake);
		expect([fake.users.length, fake.mailboxes.length, fake.teams.length]).toEqual([500, 60, 8]);
		const expected = accessReviewRequests(fake);
		const result = await runNode({ credentials: clientCredentials(), parameters: accessReviewParameters });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(500);
		for (const item of result.items) expect(item.json).toMatchObject(expectedAccess(fake.users.find((user) => user.id === item.json.id)!));

		const lines = requestLines();
		// Pages of users + of the inbox list + of each inbox's users + of the team list + of each team's members.
		expect(expected).toEqual({ users: 10, inboxList: 2, inboxUsers: 62, teamList: 1, teamMembers: 16, total: 91 });
		expect(lines).toHaveLength(expected.total);
		expect(new Set(lines).size).toBe(lines.length);
		expect(lines.filter((line) => /^\/v2\/users\/\d+/.test(line))).toEqual([]);
		const count = (pattern: RegExp) => lines.filter((line) => pattern.test(line)).length;
		expect(count(/^\/v2\/users(\?page=\d+)?$/)).toBe(expected.users);
		expect(count(/^\/v2\/mailboxes/)).toBe(expected.inboxList);
		expect(count(/^\/v2\/users\?mailbox=/)).toBe(expected.inboxUsers);
		expect(count(/^\/v2\/teams(\?page=\d+)?$/)).toBe(expected.teamList);
		expect(count(/^\/v2\/teams\/\d+\/members/)).toBe(expected.teamMembers);
	});

	it('goes on after a 5xx on one inbox, sending that page again', async () => {
		const { adam } = smallAccount();
		fake.inject({ kind: 'status', status: 503, method: 'GET', path: '/v2/users', query: { mailbox: '2' } });
		const result = await runNode({ credentials: clientCredentials(), parameters: accessReviewParameters });
		expect(result.error).toBeUndefined();
		expect(result.items.find((item) => item.json.id === adam.id)!.json).toMatchObject(expectedAccess(adam));
		expect(requestLines().filter((line) => line === '/v2/users?mailbox=2')).toHaveLength(2);
	});
});

describe('what cannot be read', () => {
	it('names an inbox the credential may not read (403) and fails without continueOnFail', async () => {
		smallAccount();
		fake.forbiddenMailboxes.add(2);
		const result = await runNode({ credentials: clientCredentials(), parameters: accessReviewParameters });
		expect(result.error?.message).toBe(
			'Help Scout refused to list the users of inbox "Billing" (ID 2): the connected user may not read that inbox [item 0]',
		);
		expect(result.error?.httpCode).toBe('403');
	});

	it('with continueOnFail, outputs every user with what could be read and one error item naming the inbox', async () => {
		const { adam, uma } = smallAccount();
		fake.forbiddenMailboxes.add(2);
		const result = await runNode({ credentials: clientCredentials(), parameters: accessReviewParameters, continueOnFail: true });
		expect(result.error).toBeUndefined();
		const users = result.items.filter((item) => item.json.error === undefined);
		expect(users.map((item) => item.json.id)).toEqual(fake.users.map((user) => user.id));
		expect(users.find((item) => item.json.id === adam.id)!.json.inboxes).toEqual([{ id: 1, name: 'Support' }]);
		expect(users.find((item) => item.json.id === uma.id)!.json).toMatchObject(expectedAccess(uma));
		expect(result.items.filter((item) => item.json.error !== undefined)).toEqual([
			{
				json: { error: 'Help Scout refused to list the users of inbox "Billing" (ID 2): the connected user may not read that inbox [item 0]' },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('names a team Help Scout listed but then did not find (404), and one with no members is simply nobody\'s', async () => {
		const { night, uma, empty } = smallAccount();
		fake.inject({ kind: 'status', status: 404, method: 'GET', path: `/v2/teams/${night.id}/members` });
		const failed = await runNode({ credentials: clientCredentials(), parameters: accessReviewParameters });
		expect(failed.error?.message).toBe(
			`Help Scout listed team "Night Shift" (ID ${night.id}), then did not find it when reading its members: it may have been deleted meanwhile [item 0]`,
		);

		fake.requests.length = 0;
		fake.inject({ kind: 'status', status: 404, method: 'GET', path: `/v2/teams/${night.id}/members` });
		const kept = await runNode({ credentials: clientCredentials(), parameters: accessReviewParameters, continueOnFail: true });
		expect(kept.items.filter((item) => item.json.error !== undefined)).toHaveLength(1);
		expect(kept.items.find((item) => item.json.id === uma.id)!.json).toMatchObject({ teams: [], inboxes: [{ id: 3, name: 'Sales' }] });
		expect(kept.items.some((item) => (item.json.teams as IDataObject[] | undefined)?.some((team) => team.id === empty.id))).toBe(false);
		expect(requestLines()).toContain(`/v2/teams/${empty.id}/members`);
	});

	it('names the Inbox filter when Help Scout has no such inbox (404) or refuses it (403)', async () => {
		const missing = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'user', operation: 'getAll', returnAll: true, filters: { mailbox: '999' } },
		});
		expect(missing.error?.message).toBe('Help Scout has no inbox with ID 999 (the Inbox filter) [item 0]');

		fake.forbiddenMailboxes.add(3);
		const refused = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'user', operation: 'getAll', returnAll: true, filters: { mailbox: '3' }, includeInboxes: true },
			continueOnFail: true,
		});
		expect(refused.items.map((item) => item.json)).toEqual([
			{
				error:
					'Help Scout refused to list the users of the inbox with ID 3 (the Inbox filter): the connected user may not read that inbox [item 0]',
			},
		]);
	});
});

describe('a member list that changes while it is read', () => {
	/** 60 agents with access to Support (inbox 1): its user list has two pages. */
	const supportAgents = () =>
		Array.from({ length: 60 }, (_, n) =>
			fake.addUser({ firstName: `Agent${n}`, lastName: 'Support', email: `agent${n}@example.com`, role: 'user', mailboxes: [{ id: 1, emailAccess: true }] }),
		);
	/** Before page 2 of Support's users is answered, the next of `leaving` loses access: page 2 shifts up by one. */
	const loseAccessBeforePage2 = (leaving: FakeUser[], reads: number) => {
		let shifted = 0;
		fake.holdResponse = async (request) => {
			if (request.path !== '/v2/users' || request.query.mailbox !== '1' || request.query.page !== '2' || shifted >= reads) return;
			leaving[shifted++].mailboxes = [];
		};
	};
	const supportReads = () => requestLines().filter((line) => /^\/v2\/users\?mailbox=1(&|$)/.test(line));
	const itemOf = (items: Array<{ json: IDataObject }>, user: FakeUser) => items.find((item) => item.json.id === user.id)!.json;
	const SUPPORT = { id: 1, name: 'Support' };

	it('reads it again: a user in the inbox the whole time keeps it when another loses access between page 1 and page 2', async () => {
		const agents = supportAgents();
		loseAccessBeforePage2(agents, 1);
		const result = await runNode({ credentials: clientCredentials(), parameters: { ...accessReviewParameters, includeTeams: false } });
		expect(result.error).toBeUndefined();
		// Agent50 was first on page 2, and moved up to page 1 once Agent0 lost access: the first read missed them.
		expect(itemOf(result.items, agents[50])).toMatchObject({ inboxes: [SUPPORT] });
		expect(itemOf(result.items, agents[0]).inboxes).toEqual([]);
		for (const item of result.items) {
			expect(item.json.inboxes).toEqual(expectedAccess(fake.users.find((user) => user.id === item.json.id)!).inboxes);
			expect(item.json.inboxesUncertain).toBeUndefined();
		}
		expect(supportReads()).toEqual(['/v2/users?mailbox=1', '/v2/users?mailbox=1&page=2', '/v2/users?mailbox=1', '/v2/users?mailbox=1&page=2']);
	});

	it('reads it 3 times at most, then marks whom it could not see in it as inboxesUncertain, never silently without access', async () => {
		const agents = supportAgents();
		loseAccessBeforePage2(agents, 3);
		const result = await runNode({ credentials: clientCredentials(), parameters: { ...accessReviewParameters, includeTeams: false } });
		expect(result.error).toBeUndefined();
		expect(supportReads()).toHaveLength(6);
		// Agent52 has access the whole time; the last read skipped them, as it skipped page 2's first.
		expect(itemOf(result.items, agents[52])).toMatchObject({ inboxes: [], inboxesUncertain: [SUPPORT] });
		// Those the last read listed have it for sure.
		for (const agent of [...agents.slice(2, 52), ...agents.slice(53)]) {
			const json = itemOf(result.items, agent);
			expect(json.inboxes).toEqual([SUPPORT]);
			expect(json.inboxesUncertain).toBeUndefined();
		}
		// Of everyone else nobody can say from this read: marked, with Simplify on (the default) too.
		const uncertain = result.items.filter((item) => item.json.inboxesUncertain !== undefined).map((item) => item.json.id);
		const owner = userWithEmail('owner@example.com');
		expect(uncertain.sort()).toEqual([owner.id, owner.id + 1, owner.id + 2, agents[0].id, agents[1].id, agents[52].id].sort());
		expect(itemOf(result.items, owner)).toEqual(expect.objectContaining({ inboxes: [], inboxesUncertain: [SUPPORT] }));
	});

	it("does the same for a team's members: an empty page that promised members is read again, then its team marked as teamsUncertain", async () => {
		const { adam, uma, night, escalations } = smallAccount();
		const membersOfNight = `/v2/teams/${night.id}/members`;
		fake.inject({ kind: 'emptyPage', promised: 2, method: 'GET', path: membersOfNight });
		const once = await runNode({ credentials: clientCredentials(), parameters: accessReviewParameters });
		expect(once.error).toBeUndefined();
		for (const item of once.items) {
			expect(item.json).toMatchObject(expectedAccess(fake.users.find((user) => user.id === item.json.id)!));
			expect(item.json.teamsUncertain).toBeUndefined();
		}
		expect(requestLines().filter((line) => line === membersOfNight)).toHaveLength(2);

		fake.requests.length = 0;
		fake.inject({ kind: 'emptyPage', promised: 2, method: 'GET', path: membersOfNight, times: 3 });
		const always = await runNode({ credentials: clientCredentials(), parameters: accessReviewParameters });
		expect(always.error).toBeUndefined();
		expect(requestLines().filter((line) => line === membersOfNight)).toHaveLength(3);
		const NIGHT = { id: night.id, name: 'Night Shift' };
		expect(itemOf(always.items, adam)).toMatchObject({ teams: [{ id: escalations.id, name: 'Escalations' }], teamsUncertain: [NIGHT] });
		expect(itemOf(always.items, uma)).toMatchObject({ teams: [], teamsUncertain: [NIGHT], inboxes: [{ id: 3, name: 'Sales' }] });
		expect(always.items.every((item) => item.json.inboxesUncertain === undefined)).toBe(true);
	});

	it('fails, naming the list, when the inbox list itself does not hold together on 3 reads', async () => {
		smallAccount();
		fake.inject({ kind: 'emptyPage', promised: 3, method: 'GET', path: '/v2/mailboxes', times: 3 });
		const result = await runNode({ credentials: clientCredentials(), parameters: accessReviewParameters });
		expect(result.error?.message).toBe(
			"Help Scout's list of inboxes did not hold together on 3 reads in a row (it changed while it was read, or a page came short): no user's inboxes can be told for sure [item 0]",
		);
		expect(requestLines().filter((line) => line === '/v2/mailboxes')).toHaveLength(3);
		expect(requestLines().filter((line) => line.startsWith('/v2/users?mailbox='))).toEqual([]);
	});
});

describe('Include Inboxes and Include Teams on Get and Get Current User', () => {
	it('reads every inbox and team once for all items of an execution, and again in the next execution', async () => {
		const { adam, uma, night, escalations, empty } = smallAccount();
		const ids = [adam.id, uma.id, adam.id];
		const run = async () =>
			await runNode({
				credentials: clientCredentials(),
				items: ids.map((id) => ({ id })),
				parameters: {
					resource: 'user',
					operation: 'get',
					userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
					includeInboxes: true,
					includeTeams: true,
				},
			});
		const result = await run();
		expect(result.items.map((item) => item.json)).toEqual(
			ids.map((id) => expect.objectContaining({ id, ...expectedAccess(fake.users.find((user) => user.id === id)!) })),
		);
		const groupReads = [
			'/v2/mailboxes',
			'/v2/users?mailbox=1',
			'/v2/users?mailbox=2',
			'/v2/users?mailbox=3',
			'/v2/teams',
			...[night, escalations, empty].map((team) => `/v2/teams/${team.id}/members`),
		];
		const onceEach = [...ids.map((id) => `/v2/users/${id}`), ...groupReads].sort();
		expect(requestLines().sort()).toEqual(onceEach);

		// Another execution reads afresh: what changed since (an inbox given in Help Scout) shows.
		fake.requests.length = 0;
		uma.mailboxes.push({ id: 1, emailAccess: true });
		const again = await run();
		expect(again.items[1].json.inboxes).toEqual([
			{ id: 3, name: 'Sales' },
			{ id: 1, name: 'Support' },
		]);
		expect(requestLines().sort()).toEqual(onceEach);
	});

	it('with continueOnFail, every item keeps its user and the unreadable inbox is reported once', async () => {
		const { adam, uma } = smallAccount();
		fake.forbiddenMailboxes.add(1);
		const result = await runNode({
			credentials: clientCredentials(),
			items: [{ id: adam.id }, { id: 424242 }, { id: uma.id }],
			continueOnFail: true,
			parameters: {
				resource: 'user',
				operation: 'get',
				userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
				includeInboxes: true,
			},
		});
		expect(result.items.map((item) => [item.pairedItem, item.json.id ?? item.json.error])).toEqual([
			[{ item: 0 }, adam.id],
			[{ item: 0 }, 'Help Scout refused to list the users of inbox "Support" (ID 1): the connected user may not read that inbox [item 0]'],
			[{ item: 1 }, 'Help Scout has no user with ID 424242 [item 1]'],
			[{ item: 2 }, uma.id],
		]);
		expect(result.items[0].json.inboxes).toEqual([{ id: 2, name: 'Billing' }]);
	});

	it('adds them to the current user', async () => {
		const { adam } = smallAccount();
		const result = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'user', operation: 'getMe', includeInboxes: true, includeTeams: true },
		});
		expect(result.items.map((item) => item.json)).toEqual([expect.objectContaining({ id: adam.id, ...expectedAccess(adam) })]);
	});
});

describe('Help Scout Users Trigger with Include Inboxes and Include Teams', () => {
	it('adds them to the new users it emits, reading them only when there are new users', async () => {
		const { night } = smallAccount();
		const trigger = activatedTrigger(clientCredentials(), { includeInboxes: true, includeTeams: true });
		expect(await trigger.poll()).toBeNull();
		expect(await trigger.poll()).toBeNull();
		expect(requestLines()).toEqual(['/v2/users', '/v2/users']);

		const ivy = fake.addUser({ firstName: 'Ivy', lastName: 'Invited', email: 'ivy@example.com', role: 'user', createdAt: new Date().toISOString(), mailboxes: [{ id: 2, emailAccess: true }] });
		night.memberIds.push(ivy.id);
		fake.requests.length = 0;
		const emitted = await trigger.poll();
		expect(emitted).toEqual([expect.objectContaining({ id: ivy.id, inboxes: [{ id: 2, name: 'Billing' }], teams: [{ id: night.id, name: 'Night Shift' }] })]);
		expect(requestLines().filter((line) => line.startsWith('/v2/mailboxes'))).toHaveLength(1);

		// n8n polls with one context for as long as the trigger is active: each poll reads afresh.
		const zed = fake.addUser({ firstName: 'Zed', lastName: 'Later', email: 'zed@example.com', role: 'user', createdAt: new Date().toISOString(), mailboxes: [{ id: 3, emailAccess: true }] });
		fake.requests.length = 0;
		expect(await trigger.poll()).toEqual([expect.objectContaining({ id: zed.id, inboxes: [{ id: 3, name: 'Sales' }] })]);
		expect(requestLines().filter((line) => line.startsWith('/v2/mailboxes'))).toHaveLength(1);
	});

	it('remembers nothing when the inboxes cannot be read, so the new user comes out on the next poll', async () => {
		smallAccount();
		const trigger = activatedTrigger(clientCredentials(), { includeInboxes: true });
		await trigger.poll();
		const ivy = fake.addUser({ firstName: 'Ivy', lastName: 'Invited', email: 'ivy@example.com', role: 'user', createdAt: new Date().toISOString() });
		fake.forbiddenMailboxes.add(3);
		await expect(trigger.poll()).rejects.toThrow('Help Scout refused to list the users of inbox "Sales" (ID 3): the connected user may not read that inbox');
		fake.forbiddenMailboxes.clear();
		expect(idsOf(await trigger.poll())).toEqual([ivy.id]);
	});
});

function idsOf(items: IDataObject[] | null) {
	return (items ?? []).map((item) => item.id);
}
