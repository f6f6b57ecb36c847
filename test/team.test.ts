/**
 * Resource Team: Get Many (`GET /v2/teams`) and Get Members (`GET /v2/teams/{id}/members`, the team
 * from a searchable list or by ID), through n8n's engine against the stand-in.
 */
import { loadOptions, runNode } from './helpers/engine';
import { clientCredentials, useFakeHelpScout } from './helpers/useStandIn';

const fake = useFakeHelpScout();

/** `count` more users, for teams of more than one page. */
function seedUsers(count: number) {
	return Array.from({ length: count }, (_, n) =>
		fake.addUser({ firstName: `Agent${n}`, lastName: 'Member', email: `member${n}@example.com`, role: 'user' }),
	);
}

const byId = (teamId: number | string) => ({ __rl: true, mode: 'id', value: String(teamId) });

describe('Team > Get Many', () => {
	it('returns every team across pages, simplified to what identifies it', async () => {
		for (let n = 1; n <= 60; n++) fake.addTeam({ name: `Team ${String(n).padStart(2, '0')}` });
		const [first] = fake.teams;
		const result = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'team', operation: 'getAll', returnAll: true },
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.id)).toEqual(fake.teams.map((team) => team.id));
		expect(result.items[0].json).toEqual({
			id: first.id,
			name: 'Team 01',
			mention: 'team-01',
			timezone: 'America/New_York',
			createdAt: first.createdAt,
			updatedAt: first.createdAt,
		});
		expect(fake.apiRequests('GET').map((request) => [request.path, request.query.page ?? '1'])).toEqual([
			['/v2/teams', '1'],
			['/v2/teams', '2'],
		]);
	});

	it('stops at Limit, and outputs everything but the HAL links with Simplify off', async () => {
		for (let n = 1; n <= 60; n++) fake.addTeam({ name: `Team ${n}` });
		const result = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'team', operation: 'getAll', returnAll: false, limit: 3, simplify: false },
		});
		expect(result.items).toHaveLength(3);
		expect(Object.keys(result.items[0].json).sort()).toEqual(
			['createdAt', 'id', 'initials', 'mention', 'name', 'photoUrl', 'timezone', 'updatedAt'].sort(),
		);
		expect(fake.apiRequests('GET')).toHaveLength(1);
	});

	it('outputs nothing, without failing, when the account has no teams', async () => {
		const result = await runNode({ credentials: clientCredentials(), parameters: { resource: 'team', operation: 'getAll', returnAll: true } });
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([]);
	});
});

describe('Team > Get Members', () => {
	it('outputs each member as a user, across pages, simplified as Get User is', async () => {
		const members = seedUsers(70);
		const team = fake.addTeam({ name: 'Night Shift', memberIds: members.map((user) => user.id) });
		const result = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'team', operation: 'getMembers', teamId: byId(team.id), returnAll: true },
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.email)).toEqual(members.map((user) => user.email));
		expect(result.items[0].json).toEqual({
			id: members[0].id,
			firstName: 'Agent0',
			lastName: 'Member',
			email: 'member0@example.com',
			role: 'user',
			type: 'user',
			timezone: 'America/New_York',
			createdAt: members[0].createdAt,
			updatedAt: members[0].createdAt,
		});
		expect(fake.apiRequests('GET').map((request) => `${request.path} ${request.query.page ?? '1'}`)).toEqual([
			`/v2/teams/${team.id}/members 1`,
			`/v2/teams/${team.id}/members 2`,
		]);
	});

	it('takes the team from the list mode too, and stops at Limit', async () => {
		const members = seedUsers(5);
		const team = fake.addTeam({ name: 'Escalations', memberIds: members.map((user) => user.id) });
		const result = await runNode({
			credentials: clientCredentials(),
			parameters: {
				resource: 'team',
				operation: 'getMembers',
				teamId: { __rl: true, mode: 'list', value: String(team.id) },
				returnAll: false,
				limit: 2,
			},
		});
		expect(result.items.map((item) => item.json.id)).toEqual(members.slice(0, 2).map((user) => user.id));
	});

	it('names a team Help Scout does not have (404) or will not show (403)', async () => {
		const missing = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'team', operation: 'getMembers', teamId: byId(999), returnAll: true },
		});
		expect(missing.error?.message).toBe('Help Scout has no team with ID 999 [item 0]');
		expect(missing.error?.httpCode).toBe('404');

		const hidden = fake.addTeam({ name: 'Board', forbidden: true });
		const refused = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'team', operation: 'getMembers', teamId: byId(hidden.id), returnAll: true },
		});
		expect(refused.error?.message).toBe(
			`Help Scout refused to list the members of the team with ID ${hidden.id}: the connected user may not read that team [item 0]`,
		);
	});

	it('refuses a team ID that is not a number before sending anything', async () => {
		const result = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'team', operation: 'getMembers', teamId: { __rl: true, mode: 'id', value: '={{ "../users" }}' }, returnAll: true },
		});
		expect(result.error?.message).toBe('Team "../users" is not a team ID (a positive whole number) [item 0]');
		expect(fake.apiRequests()).toHaveLength(0);
	});

	it('with continueOnFail, a team of nobody outputs nothing (with a hint), an unknown team an error item, and the others all their members', async () => {
		const [a, b] = seedUsers(2);
		const full = fake.addTeam({ name: 'Full', memberIds: [a.id, b.id] });
		const empty = fake.addTeam({ name: 'Empty' });
		const result = await runNode({
			credentials: clientCredentials(),
			items: [{ team: empty.id }, { team: 999 }, { team: full.id }],
			continueOnFail: true,
			parameters: {
				resource: 'team',
				operation: 'getMembers',
				teamId: { __rl: true, mode: 'id', value: '={{ $json.team }}' },
				returnAll: true,
			},
		});
		expect(result.items.map((item) => [item.pairedItem, item.json.id ?? item.json.error])).toEqual([
			[{ item: 1 }, 'Help Scout has no team with ID 999 [item 1]'],
			[{ item: 2 }, a.id],
			[{ item: 2 }, b.id],
		]);
		const hints = result.run.data.resultData.runData['Help Scout Users'][0].hints;
		expect(hints).toEqual([expect.objectContaining({ message: `Team ${empty.id} has no members (item 0)` })]);
	});
});

describe('the team list search', () => {
	it('offers every team by name, sorted, narrowed by the filter', async () => {
		for (const name of ['Night Shift', 'Escalations', 'Billing Experts']) fake.addTeam({ name });
		for (let n = 0; n < 55; n++) fake.addTeam({ name: `Zone ${n}` });
		const all = (await loadOptions('searchTeams', clientCredentials())) as { results: Array<{ name: string; value: string }> };
		expect(all.results).toHaveLength(58);
		expect(all.results.slice(0, 3)).toEqual([
			{ name: 'Billing Experts', value: String(fake.teams[2].id) },
			{ name: 'Escalations', value: String(fake.teams[1].id) },
			{ name: 'Night Shift', value: String(fake.teams[0].id) },
		]);
		const filtered = (await loadOptions('searchTeams', clientCredentials(), 'shift')) as { results: unknown[] };
		expect(filtered.results).toEqual([{ name: 'Night Shift', value: String(fake.teams[0].id) }]);
	});
});
