import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { HelpScoutApi } from '../../../shared/transport/client';
import { credentialKey } from '../../../shared/transport';
import { HelpScoutApiError, helpScoutError, toNodeError } from '../../../shared/transport/errors';
import { eachAtOnce } from '../../../shared/eachAtOnce';
import { inTurn, stopped } from '../../../shared/turns';
import { helpScoutId } from '../../../shared/helpScoutId';
import { sendingGroup } from '../sendingOptions';
import { inboxFilterField } from '../../../shared/mailboxField';
import { LIGHT_USER } from '../../../shared/userFields';
import { locatedUserId, userLocator } from './userLocator';

/** How often the list is read again for conversations that arrived during the hand-over. */
export const MAX_ROUNDS = 3;
/** Reassignments in flight at once for one item: Help Scout's burst is 12 writes in any 5 s. */
const PATCHES_AT_ONCE = 12;

const properties: INodeProperties[] = [
	userLocator('The user whose conversations to hand over, e.g. a leaver', 'fromUserId', 'From User'),
	{
		displayName: 'Hand Over To',
		name: 'handOverTo',
		type: 'options',
		options: [
			{ name: 'Another User', value: 'user', description: 'Assign every conversation to one user, e.g. the team lead' },
			{ name: 'Nobody (Unassign)', value: 'unassigned', description: "Leave the conversations unassigned in their inboxes" },
		],
		default: 'user',
	},
	{
		...userLocator('The user who takes the conversations over; not a Light User', 'toUserId', 'To User'),
		displayOptions: { show: { handOverTo: ['user'] } },
	},
	{
		displayName: 'Statuses',
		name: 'statuses',
		type: 'multiOptions',
		options: [
			{ name: 'Active', value: 'active' },
			{ name: 'Closed', value: 'closed' },
			{ name: 'Pending', value: 'pending' },
		],
		default: ['active', 'pending'],
		description: 'Which of the user\'s conversations to hand over. Help Scout asks for this before a user is removed: it cannot be done afterwards.',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			inboxFilterField('Only conversations in this inbox.'),
		],
	},
	sendingGroup('write'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['handOverConversations'] } },
	properties,
);

interface HandOverPlan {
	from: number;
	to: number | null;
	statuses: string[];
	mailbox?: number;
}

/** Checks both users before anything changes: a hand-over that fails halfway is worse than none. */
async function planOf(context: IExecuteFunctions, itemIndex: number, api: HelpScoutApi): Promise<HandOverPlan> {
	const node = context.getNode();
	const from = locatedUserId(context, itemIndex, 'fromUserId', 'From User');
	const to =
		context.getNodeParameter('handOverTo', itemIndex, 'user') === 'unassigned'
			? null
			: locatedUserId(context, itemIndex, 'toUserId', 'To User');
	const statuses = (context.getNodeParameter('statuses', itemIndex, ['active', 'pending']) as string[]).filter((status) =>
		['active', 'pending', 'closed'].includes(status),
	);
	if (statuses.length === 0) throw new NodeOperationError(node, 'Statuses is empty: choose which conversations to hand over');
	const filters = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const mailbox =
		filters.mailbox === undefined || String(filters.mailbox).trim() === ''
			? undefined
			: helpScoutId(node, filters.mailbox, 'mailbox', 'Inbox');
	if (to === from) {
		throw new NodeOperationError(node, `From User and To User are the same user (ID ${from}): there is nobody to hand over to`);
	}
	// A user Help Scout no longer has cannot hand anything over: say so rather than "nothing left".
	await api.get(`/users/${from}`, {
		messages: {
			404: `Help Scout has no user with ID ${from}: a removed user's conversations can no longer be handed over; nothing was changed`,
		},
	});
	if (to !== null) {
		const { body } = await api.get(`/users/${to}`, {
			messages: { 404: `Help Scout has no user with ID ${to} to hand the conversations to; nothing was changed` },
		});
		if (String((body as IDataObject).role).toLowerCase() === LIGHT_USER) {
			throw new NodeOperationError(
				node,
				`User ${to} is a Light User, and Help Scout cannot assign conversations to Light Users; nothing was changed`,
			);
		}
	}
	return { from, to, statuses, mailbox };
}

/**
 * Every conversation now assigned to the user, in the chosen statuses (and inbox), read to the
 * last page before anything changes: reassigning page 1 first would shift page 2 under the
 * reader and skip conversations. Help Scout's list takes one status at a time.
 */
async function assignedConversations(api: HelpScoutApi, plan: HandOverPlan): Promise<number[]> {
	const ids = new Set<number>();
	for (const status of plan.statuses) {
		const qs: IDataObject = { assigned_to: plan.from, status, ...(plan.mailbox === undefined ? {} : { mailbox: plan.mailbox }) };
		for (const conversation of await api.list('/conversations', 'conversations', { qs })) {
			const id = Number(conversation.id);
			if (Number.isSafeInteger(id) && id > 0) ids.add(id);
		}
	}
	return [...ids];
}

/**
 * Reassigns (or unassigns) one conversation. The same assignee set twice changes nothing, so the
 * transport sends a PATCH again after a 5xx, a reset or a timeout; a 404 means the conversation
 * was merged or deleted meanwhile, which is not this item's failure.
 */
async function handOver(api: HelpScoutApi, node: INode, id: number, to: number | null): Promise<'done' | 'gone'> {
	const patch = to === null ? { op: 'remove', path: '/assignTo' } : { op: 'replace', path: '/assignTo', value: to };
	try {
		await api.patch(`/conversations/${id}`, patch);
		return 'done';
	} catch (error) {
		if (error instanceof HelpScoutApiError && error.status === 404) return 'gone';
		throw toNodeError(node, error);
	}
}

/**
 * Hand-overs of one user go one after the other in this n8n process, whichever execution asks: two
 * at once (to two leads) would each change every conversation and each report them all.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number, api: HelpScoutApi): Promise<IDataObject[]> {
	const from = locatedUserId(this, itemIndex, 'fromUserId', 'From User');
	const outcome = await inTurn(`${credentialKey(this.getNode())}\u0000hand-over:${from}`, api.signal, async () => await handOverAll.call(this, itemIndex, api));
	if (outcome === stopped) throw helpScoutError(this.getNode(), { kind: 'cancelled' });
	return outcome;
}

async function handOverAll(this: IExecuteFunctions, itemIndex: number, api: HelpScoutApi): Promise<IDataObject[]> {
	const plan = await planOf(this, itemIndex, api);
	const handedOver = new Set<number>();
	const skipped = new Map<number, string>();
	let left: number[] = [];
	try {
		for (let round = 1; ; round++) {
			left = (await assignedConversations(api, plan)).filter((id) => !skipped.has(id));
			// The list is read one status at a time: a conversation that changed status between two
			// reads is in neither. One more read before "nothing to hand over" catches it.
			if (left.length === 0 && round === 1) left = (await assignedConversations(api, plan)).filter((id) => !skipped.has(id));
			if (left.length === 0 || round > MAX_ROUNDS) break;
			await eachAtOnce(left, PATCHES_AT_ONCE, async (id) => {
				if ((await handOver(api, this.getNode(), id, plan.to)) === 'gone') skipped.set(id, 'merged or deleted in Help Scout meanwhile (404)');
				else handedOver.add(id);
			});
		}
	} catch (error) {
		const failure = toNodeError(this.getNode(), error);
		if (handedOver.size > 0) {
			failure.message = `${failure.message}; ${handedOver.size} conversations had been handed over by then (run the item again to hand over the rest)`;
		}
		throw failure;
	}
	const stillAssigned = new Set(left);
	return [
		{
			fromUserId: plan.from,
			toUserId: plan.to,
			handedOver: [...handedOver].filter((id) => !stillAssigned.has(id)).length,
			conversationIds: [...handedOver].filter((id) => !stillAssigned.has(id)),
			skipped: [...skipped].map(([id, reason]) => ({ id, reason })),
			remaining: left.map((id) => ({
				id,
				reason: `still assigned after ${MAX_ROUNDS} rounds: new conversations kept arriving; set the user Away (Set Status) so that routing stops, then run this again`,
			})),
		},
	];
}
