/**
 * User > Hand Over Conversations through n8n's engine against the stand-in: every conversation of
 * a leaver reassigned once, none skipped by a list that shifts while it is changed, none sent twice
 * or called remaining by a list that lags behind, what arrives meanwhile handed over too, a 404
 * settled by Help Scout's answer for that conversation (merged, deleted, or still there), Stop
 * saying what may have landed, turns per Help Scout account, and nothing changed when the target
 * is wrong. Runs on n8n 2.x and on n8n 1.x's engine.
 */
import { description as handOverDescription } from '../nodes/HelpScoutUsers/actions/user/handOverConversations.operation';
import type { FakeUser } from './stand-in';
import { runNode } from './helpers/engine';
import { clientCredentials, useFakeHelpScout } from './helpers/useStandIn';

const fake = useFakeHelpScout();

const byId = (id: number) => ({ __rl: true, mode: 'id', value: String(id) });
const handOver = (from: FakeUser, to: FakeUser | undefined, fields: Record<string, unknown> = {}) => ({
	resource: 'user',
	operation: 'handOverConversations',
	fromUserId: byId(from.id),
	...(to ? { toUserId: byId(to.id) } : { handOverTo: 'unassigned' }),
	...fields,
});

function people() {
	const [, admin, agent] = fake.users;
	const lead = fake.addUser({ firstName: 'Tia', lastName: 'Lead', email: 'lead@example.com', role: 'user' });
	return { admin, leaver: agent, lead };
}

const assignedTo = (user: FakeUser) =>
	fake.conversations.filter(
		(conversation) => conversation.mergedInto === undefined && !conversation.deleted && conversation.assigneeId === user.id,
	);

describe('Hand Over Conversations', () => {
	it("reads every page first, then hands each of the leaver's active and pending conversations over once", async () => {
		const { admin, leaver, lead } = people();
		const handed = [
			...Array.from({ length: 70 }, () => fake.addConversation({ mailboxId: 1, assigneeId: leaver.id, status: 'active' })),
			...Array.from({ length: 40 }, () => fake.addConversation({ mailboxId: 2, assigneeId: leaver.id, status: 'pending' })),
		];
		const closed = fake.addConversation({ mailboxId: 1, assigneeId: leaver.id, status: 'closed' });
		const others = fake.addConversation({ mailboxId: 1, assigneeId: admin.id });

		// Pacing is the benchmark's subject (npm run bench): the burst limit is lifted here.
		const result = await runNode({ credentials: clientCredentials(), parameters: handOver(leaver, lead, { retriesAndLimits: { burstWrites: 1000 } }) });

		expect(result.error).toBeUndefined();
		const [output] = result.items.map((item) => item.json);
		expect(output).toEqual({
			fromUserId: leaver.id,
			toUserId: lead.id,
			handedOver: 110,
			conversationIds: expect.any(Array),
			skipped: [],
			remaining: [],
		});
		expect([...(output.conversationIds as number[])].sort()).toEqual(handed.map((conversation) => conversation.id).sort());
		expect(assignedTo(lead).map((conversation) => conversation.id).sort()).toEqual(handed.map((conversation) => conversation.id).sort());
		expect(assignedTo(leaver)).toEqual([closed]);
		expect(others.assigneeId).toBe(admin.id);
		expect([...fake.assigneeChanges.values()].every((count) => count === 1)).toBe(true);
		expect(fake.assigneeChanges.size).toBe(110);
		// Pages 1-2 of active and page 1 of pending were read before the first PATCH.
		const firstPatch = fake.apiRequests('PATCH')[0];
		const readsBefore = fake.apiRequests('GET', '/v2/conversations').filter((request) => request.at <= firstPatch.at);
		expect(readsBefore.map((request) => [request.query.status, request.query.page ?? '1'])).toEqual([
			['active', '1'],
			['active', '2'],
			['pending', '1'],
		]);
		expect(firstPatch.body).toEqual({ op: 'replace', path: '/assignTo', value: lead.id });
	});

	it('offers Spam, not by default: a spam conversation is handed over only when Spam is chosen', async () => {
		const { leaver, lead } = people();
		const spam = fake.addConversation({ mailboxId: 1, assigneeId: leaver.id, status: 'spam' });
		const active = fake.addConversation({ mailboxId: 1, assigneeId: leaver.id, status: 'active' });

		const byDefault = await runNode({ credentials: clientCredentials(), parameters: handOver(leaver, lead) });
		expect(byDefault.items[0].json).toEqual(expect.objectContaining({ handedOver: 1, conversationIds: [active.id] }));
		expect(spam.assigneeId).toBe(leaver.id);

		const withSpam = await runNode({ credentials: clientCredentials(), parameters: handOver(leaver, lead, { statuses: ['spam'] }) });
		expect(withSpam.items[0].json).toEqual(expect.objectContaining({ handedOver: 1, conversationIds: [spam.id] }));
		expect(spam.assigneeId).toBe(lead.id);
		expect(fake.apiRequests('GET', '/v2/conversations').map((request) => request.query.status)).toContain('spam');
		const statuses = handOverDescription.find((property) => property.name === 'statuses')!;
		expect(statuses.default).toEqual(['active', 'pending']);
		expect(statuses.options?.map((option) => ('name' in option ? option.name : ''))).toEqual(['Active', 'Closed', 'Pending', 'Spam']);
	});

	it('unassigns with Hand Over To: Nobody, only in the chosen inbox and statuses', async () => {
		const { leaver } = people();
		const inInbox = fake.addConversation({ mailboxId: 2, assigneeId: leaver.id, status: 'closed' });
		const elsewhere = fake.addConversation({ mailboxId: 1, assigneeId: leaver.id, status: 'closed' });

		const result = await runNode({
			credentials: clientCredentials(),
			parameters: handOver(leaver, undefined, { statuses: ['closed'], filters: { mailbox: 2 } }),
		});

		expect(result.items[0].json).toEqual(expect.objectContaining({ toUserId: null, handedOver: 1, conversationIds: [inInbox.id] }));
		expect(inInbox.assigneeId).toBeUndefined();
		expect(elsewhere.assigneeId).toBe(leaver.id);
		expect(fake.apiRequests('PATCH')[0].body).toEqual({ op: 'remove', path: '/assignTo' });
		expect(fake.apiRequests('GET', '/v2/conversations')[0].query).toEqual(
			expect.objectContaining({ assigned_to: String(leaver.id), status: 'closed', mailbox: '2' }),
		);
	});

	it('hands over what arrives meanwhile, and skips a conversation merged meanwhile with its reason', async () => {
		const { leaver, lead } = people();
		const first = fake.addConversation({ mailboxId: 1, assigneeId: leaver.id });
		const merged = fake.addConversation({ mailboxId: 1, assigneeId: leaver.id });
		let arrived: number | undefined;
		fake.holdResponse = async (request) => {
			if (request.method !== 'PATCH' || arrived !== undefined) return;
			// While the first reassignment is answered: routing gives the leaver one more, and an agent
			// merges another into the first.
			arrived = fake.addConversation({ mailboxId: 1, assigneeId: leaver.id }).id;
			fake.mergeConversation(merged.id, first.id);
		};

		const result = await runNode({ credentials: clientCredentials(), parameters: handOver(leaver, lead) });

		expect(result.error).toBeUndefined();
		const output = result.items[0].json;
		expect(output.skipped).toEqual([{ id: merged.id, reason: `merged into conversation ${first.id} in Help Scout meanwhile` }]);
		expect((output.conversationIds as number[]).sort()).toEqual([arrived, first.id].sort());
		expect(output.remaining).toEqual([]);
		expect(assignedTo(leaver)).toEqual([]);
		// Help Scout's own answer for the merged one settled its 404: a 301 to the one it went into.
		expect(fake.apiRequests('GET', '/v2/conversations/').map((request) => request.path)).toEqual([`/v2/conversations/${merged.id}`]);
	});

	describe("a PATCH answered 404 is settled by Help Scout's answer for that conversation", () => {
		const notFoundOnce = (id: number, times = 1) =>
			fake.inject({ method: 'PATCH', path: `/v2/conversations/${id}`, kind: 'status', status: 404, body: { message: 'Resource not found' }, times });

		it('still there with the leaver: handed over in the next round, never called merged or deleted', async () => {
			const { leaver, lead } = people();
			const kept = fake.addConversation({ mailboxId: 1, assigneeId: leaver.id });
			const other = fake.addConversation({ mailboxId: 1, assigneeId: leaver.id });
			notFoundOnce(kept.id);

			const result = await runNode({ credentials: clientCredentials(), parameters: handOver(leaver, lead) });

			expect(result.error).toBeUndefined();
			const output = result.items[0].json;
			expect(output).toEqual(expect.objectContaining({ handedOver: 2, skipped: [], remaining: [] }));
			expect((output.conversationIds as number[]).sort()).toEqual([kept.id, other.id].sort());
			expect(assignedTo(lead)).toHaveLength(2);
			expect(fake.apiRequests('PATCH').map((request) => request.path).sort()).toEqual(
				[`/v2/conversations/${kept.id}`, `/v2/conversations/${kept.id}`, `/v2/conversations/${other.id}`].sort(),
			);
			expect(fake.apiRequests('GET', '/v2/conversations/').map((request) => request.path)).toEqual([`/v2/conversations/${kept.id}`]);
			expect(fake.assigneeChanges.get(kept.id)).toBe(1);
		});

		it('still there with the leaver after every round: listed in remaining, with what Help Scout answered', async () => {
			const { leaver, lead } = people();
			const kept = fake.addConversation({ mailboxId: 1, assigneeId: leaver.id });
			notFoundOnce(kept.id, 10);

			const result = await runNode({ credentials: clientCredentials(), parameters: handOver(leaver, lead) });

			expect(result.items[0].json).toEqual(
				expect.objectContaining({
					handedOver: 0,
					skipped: [],
					remaining: [
						{
							id: kept.id,
							reason: 'still assigned: Help Scout answered its reassignment with 404, yet still shows it with the user; reassign it in Help Scout or run this again',
						},
					],
				}),
			);
			expect(fake.apiRequests('PATCH')).toHaveLength(3);
			expect(assignedTo(leaver)).toEqual([kept]);
		});

		it('deleted meanwhile: skipped with that reason', async () => {
			const { leaver, lead } = people();
			const deleted = fake.addConversation({ mailboxId: 1, assigneeId: leaver.id });
			const other = fake.addConversation({ mailboxId: 1, assigneeId: leaver.id });
			fake.holdResponse = async (request) => {
				if (request.method === 'PATCH' && request.path === `/v2/conversations/${deleted.id}`) fake.deleteConversation(deleted.id);
			};

			const result = await runNode({ credentials: clientCredentials(), parameters: handOver(leaver, lead) });

			expect(result.items[0].json).toEqual(
				expect.objectContaining({
					handedOver: 1,
					conversationIds: [other.id],
					skipped: [{ id: deleted.id, reason: 'deleted in Help Scout meanwhile (404)' }],
					remaining: [],
				}),
			);
			expect(fake.apiRequests('GET', '/v2/conversations/').map((request) => request.path)).toEqual([`/v2/conversations/${deleted.id}`]);
		});

		it("a 404 that is not Help Scout's (a gateway's page) settles nothing: the item fails and says what was done", async () => {
			const { leaver, lead } = people();
			const kept = fake.addConversation({ mailboxId: 1, assigneeId: leaver.id });
			notFoundOnce(kept.id);
			fake.inject({ method: 'GET', path: `/v2/conversations/${kept.id}`, kind: 'status', status: 404, body: '<html><body>Not Found</body></html>', headers: { 'content-type': 'text/html' } });
			for (let n = 0; n < 3; n++) fake.addConversation({ mailboxId: 1, assigneeId: leaver.id });

			const result = await runNode({ credentials: clientCredentials(), parameters: handOver(leaver, lead) });

			expect(result.error?.message).toBe(
				`Reading conversation ${kept.id} gave a 404 that is not Help Scout's: cannot tell whether it was merged, deleted or is still with the user; 3 conversations had been handed over by then (run the item again to hand over the rest) [item 0]`,
			);
			expect(assignedTo(leaver)).toEqual([kept]);
		});
	});

	it('says what is left when new conversations keep arriving round after round', async () => {
		const { leaver, lead } = people();
		fake.addConversation({ mailboxId: 1, assigneeId: leaver.id });
		fake.holdResponse = async (request) => {
			if (request.method === 'PATCH') fake.addConversation({ mailboxId: 1, assigneeId: leaver.id });
		};

		const result = await runNode({ credentials: clientCredentials(), parameters: handOver(leaver, lead) });

		const output = result.items[0].json as { handedOver: number; remaining: Array<{ id: number; reason: string }> };
		// Rounds 1 to 3 each hand over the one conversation found; the third's newcomer is left.
		expect(output.handedOver).toBe(3);
		expect(output.remaining).toHaveLength(1);
		expect(output.remaining[0].reason).toMatch(/^still assigned after 3 rounds: new conversations kept arriving; set the user Away/);
		expect(assignedTo(leaver).map((conversation) => conversation.id).sort()).toEqual(output.remaining.map((entry) => entry.id).sort());
		// Called remaining only once Help Scout's own answer for it said so.
		expect(fake.apiRequests('GET', '/v2/conversations/').map((request) => request.path)).toEqual([`/v2/conversations/${output.remaining[0].id}`]);
	});

	it('sends a PATCH again after a 503 or a reset, before or after Help Scout acted: each conversation changed once, nothing left', async () => {
		const { leaver, lead } = people();
		for (let n = 0; n < 20; n++) fake.addConversation({ mailboxId: 1, assigneeId: leaver.id });
		fake.inject({ method: 'PATCH', kind: 'status', status: 503, times: 3 });
		fake.inject({ method: 'PATCH', kind: 'resetBefore', times: 2 });
		fake.inject({ method: 'PATCH', kind: 'resetAfter', times: 2 });

		const result = await runNode({ credentials: clientCredentials(), parameters: handOver(leaver, lead, { retriesAndLimits: { burstWrites: 1000 } }) });

		expect(result.error).toBeUndefined();
		expect(result.items[0].json.handedOver).toBe(20);
		expect(fake.apiRequests('PATCH')).toHaveLength(27);
		expect(assignedTo(lead)).toHaveLength(20);
		expect([...fake.assigneeChanges.values()].every((count) => count === 1)).toBe(true);
	});

	it('after a PATCH fails, starts no other, lets those under way finish, and says how many were handed over', async () => {
		const { leaver, lead } = people();
		for (let n = 0; n < 40; n++) fake.addConversation({ mailboxId: 1, assigneeId: leaver.id });
		fake.latencyMs = 30;
		let patches = 0;
		fake.holdResponse = async (request) => {
			// A PATCH after the ninth is refused: the one that reaches Help Scout next.
			if (request.method === 'PATCH' && ++patches === 9) fake.inject({ method: 'PATCH', kind: 'status', status: 403, body: { message: 'Forbidden' } });
		};
		const result = await runNode({ credentials: clientCredentials(), parameters: handOver(leaver, lead, { retriesAndLimits: { burstWrites: 1000 } }) });

		const sent = fake.apiRequests('PATCH').length;
		await new Promise((resolve) => setTimeout(resolve, 1_000));
		expect(fake.apiRequests('PATCH')).toHaveLength(sent);
		const changed = assignedTo(lead).length;
		expect(result.error?.message).toBe(
			`Help Scout refused the request: the connected user is not allowed to do this; ${changed} conversations had been handed over by then (run the item again to hand over the rest) [item 0]`,
		);
		expect(sent).toBeLessThan(40);
	});

	it('hands over one leaver once when two executions ask at once: the second finds nothing left', async () => {
		const { admin, leaver, lead } = people();
		for (let n = 0; n < 30; n++) fake.addConversation({ mailboxId: 1, assigneeId: leaver.id });
		const credentials = clientCredentials();
		const parameters = (to: FakeUser) => handOver(leaver, to, { retriesAndLimits: { burstWrites: 1000 } });

		const [first, second] = await Promise.all([runNode({ credentials, parameters: parameters(lead) }), runNode({ credentials, parameters: parameters(admin) })]);

		expect(first.items[0].json).toEqual(expect.objectContaining({ handedOver: 30, toUserId: lead.id }));
		expect(second.items[0].json).toEqual(expect.objectContaining({ handedOver: 0, conversationIds: [], remaining: [] }));
		expect(assignedTo(lead)).toHaveLength(30);
		expect([...fake.assigneeChanges.values()].every((count) => count === 1)).toBe(true);
	});

	it('hands over one leaver once when two credentials of one Help Scout account (two apps) ask at once: turns are per account', async () => {
		const { admin, leaver, lead } = people();
		for (let n = 0; n < 30; n++) fake.addConversation({ mailboxId: 1, assigneeId: leaver.id });
		fake.addClient('other-app', 'other-secret');
		const parameters = (to: FakeUser) => handOver(leaver, to, { retriesAndLimits: { burstWrites: 1000 } });

		const results = await Promise.all([
			runNode({ credentials: clientCredentials(), parameters: parameters(lead) }),
			runNode({ credentials: clientCredentials({ clientId: 'other-app', clientSecret: 'other-secret' }), parameters: parameters(admin) }),
		]);

		const outputs = results.map((result) => result.items[0].json);
		expect(outputs.map((output) => output.handedOver).sort()).toEqual([0, 30]);
		const winner = outputs.find((output) => output.handedOver === 30)!;
		expect(fake.conversations.filter((conversation) => conversation.assigneeId === winner.toUserId)).toHaveLength(30);
		expect(fake.assigneeChanges.size).toBe(30);
		expect([...fake.assigneeChanges.values()].every((count) => count === 1)).toBe(true);
		// Both apps' tokens were used: two credentials, one account.
		expect(new Set(fake.apiRequests('GET', '/v2/users/me').map((request) => request.headers.authorization)).size).toBe(2);
	});

	describe('with a conversation list that lags behind the reassignments', () => {
		it.each([
			[3, 5_000],
			[119, 3_000],
		])('hands over %i conversations once each with the list %i ms behind: none called remaining, none sent twice', async (count, lagMs) => {
			const { leaver, lead } = people();
			const handed = Array.from({ length: count }, () => fake.addConversation({ mailboxId: 1, assigneeId: leaver.id }));
			fake.conversationListLagMs = lagMs;

			const result = await runNode({ credentials: clientCredentials(), parameters: handOver(leaver, lead, { retriesAndLimits: { burstWrites: 1000 } }) });

			expect(result.error).toBeUndefined();
			const output = result.items[0].json as { handedOver: number; conversationIds: number[]; remaining: unknown[] };
			const ids = handed.map((conversation) => conversation.id).sort();
			expect({ handedOver: output.handedOver, remaining: output.remaining, patches: fake.apiRequests('PATCH').length }).toEqual({
				handedOver: count,
				remaining: [],
				patches: count,
			});
			expect([...output.conversationIds].sort()).toEqual(ids);
			expect(assignedTo(lead).map((conversation) => conversation.id).sort()).toEqual(ids);
			expect([...fake.assigneeChanges.values()].every((changes) => changes === 1)).toBe(true);
			// What the lagging list still showed with the leaver was read, not sent again.
			expect(fake.apiRequests('GET', '/v2/conversations/').length).toBeLessThanOrEqual(count);
		});

		it("hands over again one that Help Scout's own answer shows back with the leaver, and only that one", async () => {
			const { leaver, lead } = people();
			const [back, stays] = [fake.addConversation({ mailboxId: 1, assigneeId: leaver.id }), fake.addConversation({ mailboxId: 1, assigneeId: leaver.id })];
			fake.conversationListLagMs = 1_000;
			let putBack = false;
			fake.holdResponse = async (request) => {
				// Once both are handed over, a colleague puts one back with the leaver.
				if (!putBack && request.path === '/v2/conversations' && fake.assigneeChanges.size === 2) {
					putBack = true;
					back.assigneeId = leaver.id;
				}
			};

			const result = await runNode({ credentials: clientCredentials(), parameters: handOver(leaver, lead) });

			expect(result.items[0].json).toEqual(expect.objectContaining({ handedOver: 2, remaining: [] }));
			expect(back.assigneeId).toBe(lead.id);
			expect(stays.assigneeId).toBe(lead.id);
			expect(fake.apiRequests('PATCH').map((request) => request.path).sort()).toEqual(
				[`/v2/conversations/${back.id}`, `/v2/conversations/${back.id}`, `/v2/conversations/${stays.id}`].sort(),
			);
		});
	});

	it('stopped with PATCHes under way: says how many Help Scout confirmed and how many more may have landed', async () => {
		const { leaver, lead } = people();
		for (let n = 0; n < 36; n++) fake.addConversation({ mailboxId: 1, assigneeId: leaver.id });
		let patches = 0;
		fake.holdResponse = async (request) => {
			// From the 13th PATCH on, Help Scout makes the change but its answer is slow to come back.
			if (request.method === 'PATCH' && ++patches === 12) fake.inject({ method: 'PATCH', kind: 'slowAfter', delayMs: 5_000, times: 100 });
		};
		let running: Parameters<NonNullable<Parameters<typeof runNode>[0]['onStart']>>[0] | undefined;
		const run = runNode({
			credentials: clientCredentials(),
			parameters: handOver(leaver, lead, { retriesAndLimits: { burstWrites: 1000 } }),
			onStart: (started) => (running = started),
		});
		while (fake.assigneeChanges.size < 24) await new Promise((resolve) => setTimeout(resolve, 20));
		const stoppedAt = Date.now();
		running!.cancel();
		const result = await run;

		expect(result.error?.message).toBe(
			'The execution was stopped before Help Scout answered; 12 conversations had been handed over by then, and 12 more were under way and may have been handed over (run the item again to hand over the rest) [item 0]',
		);
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(fake.apiRequests().filter((request) => request.at > stoppedAt + 50)).toEqual([]);
		expect(assignedTo(lead)).toHaveLength(24);
		expect(fake.apiRequests('PATCH')).toHaveLength(24);
	});

	it('reads once more before saying nothing is left: a conversation that changed status between two reads is found', async () => {
		const { leaver, lead } = people();
		const moving = fake.addConversation({ mailboxId: 1, assigneeId: leaver.id, status: 'pending' });
		let moved = false;
		fake.holdResponse = async (request) => {
			// While the active list is answered, a customer replies: pending becomes active, after
			// the active list was made and before the pending one is.
			if (!moved && request.path === '/v2/conversations' && request.query.status === 'active') {
				moved = true;
				moving.status = 'active';
			}
		};
		const stand = fake.conversations.length;
		expect(stand).toBe(1);
		const result = await runNode({ credentials: clientCredentials(), parameters: handOver(leaver, lead) });
		expect(result.items[0].json).toEqual(expect.objectContaining({ handedOver: 1, conversationIds: [moving.id], remaining: [] }));
		expect(assignedTo(leaver)).toEqual([]);
	});

	it('says how many were handed over when reading the list again fails', async () => {
		const { leaver, lead } = people();
		for (let n = 0; n < 8; n++) fake.addConversation({ mailboxId: 1, assigneeId: leaver.id });
		fake.holdResponse = async (request) => {
			if (request.method === 'PATCH') fake.inject({ method: 'GET', path: '/v2/conversations', kind: 'status', status: 403, times: 10 });
			if (request.method === 'PATCH') fake.holdResponse = undefined;
		};
		const result = await runNode({ credentials: clientCredentials(), parameters: handOver(leaver, lead, { retriesAndLimits: { burstWrites: 1000 } }) });
		expect(result.error?.message).toBe(
			'Help Scout refused the request: the connected user is not allowed to do this; 8 conversations had been handed over by then (run the item again to hand over the rest) [item 0]',
		);
		expect(assignedTo(lead)).toHaveLength(8);
	});

	it.each([
		['a source user Help Scout does not have', (leaver: FakeUser) => ({ ...handOver(leaver, fake.users[1]), fromUserId: byId(999_999) }), () => "Help Scout has no user with ID 999999: a removed user's conversations can no longer be handed over; nothing was changed [item 0]"],
		['the same user as source and target', (leaver: FakeUser) => handOver(leaver, leaver), (leaver: FakeUser) => `From User and To User are the same user (ID ${leaver.id}): there is nobody to hand over to [item 0]`],
		[
			'a Light User as target',
			(leaver: FakeUser) => handOver(leaver, fake.addUser({ firstName: 'Lee', lastName: 'Light', email: 'light@example.com', role: 'light user' })),
			() => `User ${fake.usersWithEmail('light@example.com')[0].id} is a Light User, and Help Scout cannot assign conversations to Light Users; nothing was changed [item 0]`,
		],
		[
			'a target that does not exist',
			(leaver: FakeUser) => ({ ...handOver(leaver, undefined), handOverTo: 'user', toUserId: byId(999_999) }),
			() => 'Help Scout has no user with ID 999999 to hand the conversations to; nothing was changed [item 0]',
		],
	])('refuses %s before changing anything', async (_case, parameters, message) => {
		const { leaver } = people();
		fake.addConversation({ mailboxId: 1, assigneeId: leaver.id });
		const result = await runNode({ credentials: clientCredentials(), parameters: parameters(leaver) });
		expect(result.error?.message).toBe(message(leaver));
		expect(fake.apiRequests('PATCH')).toHaveLength(0);
		expect(assignedTo(leaver)).toHaveLength(1);
	});

	it('with continueOnFail, an item whose target is wrong is an error item and the next item is handed over', async () => {
		const { leaver, lead, admin } = people();
		fake.addConversation({ mailboxId: 1, assigneeId: leaver.id });
		fake.addConversation({ mailboxId: 1, assigneeId: admin.id });
		const result = await runNode({
			credentials: clientCredentials(),
			continueOnFail: true,
			items: [{ from: leaver.id, to: leaver.id }, { from: admin.id, to: lead.id }],
			parameters: {
				resource: 'user',
				operation: 'handOverConversations',
				fromUserId: { __rl: true, mode: 'id', value: '={{ $json.from }}' },
				toUserId: { __rl: true, mode: 'id', value: '={{ $json.to }}' },
			},
		});
		expect(result.items.map((item) => [item.json.error ?? item.json.handedOver, item.pairedItem])).toEqual([
			[`From User and To User are the same user (ID ${leaver.id}): there is nobody to hand over to [item 0]`, { item: 0 }],
			[1, { item: 1 }],
		]);
	});
});
