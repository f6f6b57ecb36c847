/**
 * User > Set Status through n8n's engine against the stand-in: the PUT Help Scout sees, what the
 * item outputs, and that a PUT, unlike a create, is simply sent again after a doubt.
 */
import { runNode } from './helpers/engine';
import { clientCredentials, useFakeHelpScout } from './helpers/useStandIn';

const fake = useFakeHelpScout();

const setStatus = (userId: number | string, fields: Record<string, unknown> = {}) => ({
	resource: 'user',
	operation: 'setStatus',
	userId: { __rl: true, mode: 'id', value: String(userId) },
	status: 'away',
	...fields,
});

describe('Set Status', () => {
	it('puts a user away with a custom status; Get Status then reads it back', async () => {
		const [, , agent] = fake.users;
		const credentials = clientCredentials();
		const result = await runNode({
			credentials,
			parameters: setStatus(agent.id, { customStatus: { text: ' Left the company ', emoji: '👋', emojiName: ':wave:' } }),
		});

		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([
			{ id: agent.id, status: 'away', customStatus: { text: 'Left the company', emoji: '👋', emojiName: ':wave:' } },
		]);
		const [put] = fake.apiRequests('PUT');
		expect(put.path).toBe(`/v2/users/${agent.id}/status`);
		expect(put.body).toEqual({ status: 'away', customStatus: { text: 'Left the company', emoji: '👋', emojiName: ':wave:' } });
		expect(put.headers.authorization).toMatch(/^Bearer /);

		const read = await runNode({
			credentials,
			parameters: { resource: 'user', operation: 'getStatus', userId: { __rl: true, mode: 'id', value: String(agent.id) } },
		});
		expect(read.items[0].json).toEqual(
			expect.objectContaining({
				userId: agent.id,
				emailStatus: 'away',
				emailStatusSource: 'api',
				emailStatusChangedBy: fake.usersWithEmail('admin@example.com')[0].id,
				// Simplify (the default) keeps what Set Status wrote.
				customStatus: { text: 'Left the company', emoji: '👋', emojiName: ':wave:' },
			}),
		);
	});

	it('sends Active without a custom status when none is given', async () => {
		const [, , agent] = fake.users;
		const result = await runNode({ credentials: clientCredentials(), parameters: setStatus(agent.id, { status: 'active' }) });
		expect(result.items.map((item) => item.json)).toEqual([{ id: agent.id, status: 'active' }]);
		expect(fake.apiRequests('PUT')[0].body).toEqual({ status: 'active' });
	});

	it.each([
		['a 503', { kind: 'status' as const, status: 503 }],
		['a reset', { kind: 'resetBefore' as const }],
		['a reset after Help Scout acted', { kind: 'resetAfter' as const }],
	])('sends the PUT again after %s: the same status twice leaves Help Scout as once', async (_name, fault) => {
		const [, , agent] = fake.users;
		fake.inject({ method: 'PUT', path: '/v2/users', ...fault });
		const result = await runNode({ credentials: clientCredentials(), parameters: setStatus(agent.id) });
		expect(result.error).toBeUndefined();
		expect(fake.apiRequests('PUT')).toHaveLength(2);
		expect(fake.apiRequests('GET')).toHaveLength(0);
		expect(agent.status?.email.status).toBe('away');
	});

	it("fails with Help Scout's reason for a Light User, and names the ID of a user that does not exist", async () => {
		const light = fake.addUser({ firstName: 'Lee', lastName: 'Light', email: 'light@example.com', role: 'light user' });
		const credentials = clientCredentials();
		const refused = await runNode({ credentials, parameters: setStatus(light.id) });
		expect(refused.error?.message).toBe('Help Scout rejected the request: status: Light users have no status [item 0]');
		const missing = await runNode({ credentials, parameters: setStatus(999_999) });
		expect(missing.error?.message).toBe('Help Scout has no user with ID 999999 [item 0]');
		expect(fake.apiRequests('PUT')).toHaveLength(2);
	});

	it('refuses a custom status without text before sending anything', async () => {
		const result = await runNode({ credentials: clientCredentials(), parameters: setStatus(fake.users[2].id, { customStatus: { emoji: '👋' } }) });
		expect(result.error?.message).toBe('Custom Status needs a Text: Help Scout refuses an emoji alone [item 0]');
		expect(fake.apiRequests()).toHaveLength(0);
	});
});
