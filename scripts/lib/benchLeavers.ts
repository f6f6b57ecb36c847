/**
 * Scenario F of `npm run bench`: a leaver's hand-over (issue 18). 500 conversations of one user on
 * a 400/min plan with Help Scout's burst limit (12 writes in any 5 s), handed over to the team lead
 *   - by this node's Hand Over Conversations, once on a clean run and once with 10% of the
 *     stand-in's answers faulted (5xx, resets before and after Help Scout acted, 429);
 *   - by the HTTP Request node, given the conversation IDs, sending one PATCH per item with its
 *     Batching set to the documented limit (12 per 5,000 ms): the peer an n8n user would build.
 * Each run counts what is left assigned to the leaver, the conversations changed more than once,
 * the 429s and the failed items, and its time against the least the limits allow.
 */
import type { FakeHelpScout, FakeUser } from '../../test/stand-in';
import { helpScoutLimits } from '../../test/stand-in';
import { chainWorkflow, helpScoutStep } from '../../test/fixtures/workflows';
import { LATENCY_MS, minimumMs, peerBatching } from './benchSetup';
import type { ExecutionResult, N8nInstance } from './n8n';
import { log } from './n8n';

export const HAND_OVER_CONVERSATIONS = 500;
/** Scenario F's plan; scenario P hands over on the Pro plan (800/min) too. */
const PLAN = 400;

export interface HandOverFigures {
	label: string;
	conversations: number;
	ms: number;
	minimumMs: number;
	left: number;
	changedTwice: number;
	rateLimited: number;
	failedItems: number;
	patches: number;
	faults?: number;
}

function contenderMs(result: ExecutionResult): number {
	const runs = result.data.resultData.runData.Contender as unknown as Array<{ executionTime?: number }> | undefined;
	return runs?.reduce((sum, run) => sum + (run.executionTime ?? 0), 0) ?? 0;
}

function nodeWorkflow(id: string, leaver: FakeUser, lead: FakeUser) {
	return chainWorkflow(id, [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
		{
			...helpScoutStep(
				'Contender',
				{
					resource: 'user',
					operation: 'handOverConversations',
					fromUserId: { __rl: true, mode: 'id', value: String(leaver.id) },
					toUserId: { __rl: true, mode: 'id', value: String(lead.id) },
					retriesAndLimits: {},
				},
				'benchHelpScout',
			),
			typeVersion: 1.1,
		},
	]);
}

function peerWorkflow(id: string, conversationIds: number[], lead: FakeUser, plan: number) {
	const batching = peerBatching(helpScoutLimits(plan));
	return chainWorkflow(id, [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
		{
			name: 'Items',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ ids: conversationIds.map((conversationId) => ({ conversationId })) }), options: {} },
		},
		{
			name: 'One Item per Conversation',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			parameters: { fieldToSplitOut: 'ids', include: 'noOtherFields', options: {} },
		},
		{
			name: 'Contender',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'PATCH',
				url: '=https://api.helpscout.net/v2/conversations/{{ $json.conversationId }}',
				authentication: 'genericCredentialType',
				genericAuthType: 'oAuth2Api',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: JSON.stringify({ op: 'replace', path: '/assignTo', value: lead.id }),
				options: { batching: { batch: batching } },
			},
			credentials: { oAuth2Api: { id: 'benchGenericOAuth2', name: 'benchGenericOAuth2' } },
		},
	]);
}

/** A fresh leaver with `count` active conversations in two inboxes, and the lead who takes them. */
function seed(fake: FakeHelpScout, tag: string, count: number) {
	const leaver = fake.addUser({ firstName: 'Leaving', lastName: tag, email: `leaver-${tag}@example.com`, role: 'user' });
	const lead = fake.addUser({ firstName: 'Lead', lastName: tag, email: `lead-${tag}@example.com`, role: 'user' });
	const conversations = Array.from({ length: count }, (_, index) =>
		fake.addConversation({ mailboxId: (index % 2) + 1, assigneeId: leaver.id, status: index % 5 === 0 ? 'pending' : 'active' }),
	);
	return { leaver, lead, conversations };
}

export async function runOne(
	n8n: N8nInstance,
	fake: FakeHelpScout,
	label: string,
	tag: string,
	contender: 'node' | 'peer',
	chaos?: { rate: number; seed: number },
	plan = PLAN,
): Promise<HandOverFigures> {
	const { leaver, lead, conversations } = seed(fake, tag, HAND_OVER_CONVERSATIONS);
	const ids = conversations.map((conversation) => conversation.id);
	const id = `bench${Math.random().toString(36).slice(2, 12)}`;
	await n8n.importWorkflow(contender === 'node' ? nodeWorkflow(id, leaver, lead) : peerWorkflow(id, ids, lead, plan));
	const limit = helpScoutLimits(plan);
	// Each run starts with the account's windows empty, and its own faults.
	fake.rateLimit = limit;
	if (chaos) fake.startChaos(chaos);
	const changesBefore = new Map(fake.assigneeChanges);
	const requestsBefore = fake.requests.length;
	const rateLimitedBefore = fake.rateLimited;
	const result = await n8n.execute(id);
	fake.startChaos({ rate: 0, seed: 1 });
	fake.rateLimit = undefined;
	const mine = new Set(ids);
	const runData = result.data.resultData.runData.Contender as unknown as
		| Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }>> }; error?: unknown }>
		| undefined;
	const outputs = runData?.[0]?.data?.main?.[0] ?? [];
	return {
		label,
		conversations: HAND_OVER_CONVERSATIONS,
		ms: contenderMs(result),
		minimumMs: minimumMs(HAND_OVER_CONVERSATIONS, limit, LATENCY_MS),
		left: conversations.filter((conversation) => conversation.assigneeId === leaver.id && conversation.mergedInto === undefined).length,
		changedTwice: ids.filter((conversationId) => (fake.assigneeChanges.get(conversationId) ?? 0) - (changesBefore.get(conversationId) ?? 0) > 1).length,
		rateLimited: fake.rateLimited - rateLimitedBefore,
		failedItems:
			result.data.resultData.error !== undefined || runData?.[0]?.error !== undefined
				? Math.max(1, outputs.filter((item) => item.json.error !== undefined).length)
				: outputs.filter((item) => item.json.error !== undefined).length,
		patches: fake.requests
			.slice(requestsBefore)
			.filter((request) => request.method === 'PATCH' && mine.has(Number(request.path.split('/').pop()))).length,
		faults: chaos ? Object.values(fake.chaosFaults).reduce((sum, count) => sum + count, 0) : undefined,
	};
}

/** Runs scenario F: the node clean, the node under faults, and the batched HTTP Request peer. */
export async function handOverScenario(n8n: N8nInstance, fake: FakeHelpScout): Promise<HandOverFigures[]> {
	const figures: HandOverFigures[] = [];
	const runs: Array<[string, string, 'node' | 'peer', { rate: number; seed: number } | undefined]> = [
		['Help Scout Users node, Hand Over Conversations', 'f-node', 'node', undefined],
		['Help Scout Users node, 10% of answers faulted', 'f-faults', 'node', { rate: 0.1, seed: 20261201 }],
		['HTTP Request node, PATCH per item, Batching 12 per 5,000 ms (the peer)', 'f-peer', 'peer', undefined],
	];
	for (const [label, tag, contender, chaos] of runs) {
		log(`Scenario F: ${label} ...`);
		const result = await runOne(n8n, fake, label, tag, contender, chaos);
		log(`  ${result.ms} ms (minimum ${result.minimumMs} ms), ${result.left} left, ${result.changedTwice} changed twice, ${result.rateLimited} 429s, ${result.failedItems} failed items`);
		figures.push(result);
	}
	return figures;
}

/** The targets of a clean hand-over (scenarios F and P), each with whether it was met. */
export function cleanHandOverChecks(clean: HandOverFigures): Array<[string, boolean]> {
	return [
		['clean run within 1.10x of the minimum', clean.ms <= 1.1 * clean.minimumMs],
		['clean run: at most 2 answers of 429', clean.rateLimited <= 2],
		['clean run: 0 left assigned, 0 changed twice', clean.left === 0 && clean.changedTwice === 0],
	];
}

/** The targets for scenario F, each with whether it was met. */
export function handOverChecks(figures: HandOverFigures[]): Array<[string, boolean]> {
	const [clean, faulted] = figures;
	return [...cleanHandOverChecks(clean), ['faulted run: 0 left, 0 failed items', faulted.left === 0 && faulted.failedItems === 0]];
}
