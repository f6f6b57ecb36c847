import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { accountOf } from '../../../shared/account';
import type { HelpScoutApi } from '../../../shared/transport/client';
import { helpScoutError } from '../../../shared/transport/errors';
import { inTurn, stopped } from '../../../shared/turns';
import { helpScoutId } from '../../../shared/helpScoutId';
import { sendingGroup } from '../sendingOptions';
import { inboxFilterField } from '../../../shared/mailboxField';
import { LIGHT_USER } from '../../../shared/userFields';
import type { HandOverPlan } from './handOver/plan';
import { handOverRounds } from './handOver/rounds';
import { locatedUserId, userLocator } from './userLocator';

/** The statuses Help Scout's conversation list filters by that a hand-over may take. */
const STATUSES = ['active', 'closed', 'pending', 'spam'];

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
			{ name: 'Spam', value: 'spam' },
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

/** The item's fields, checked before any request. */
function planOf(context: IExecuteFunctions, itemIndex: number): HandOverPlan {
	const node = context.getNode();
	const from = locatedUserId(context, itemIndex, 'fromUserId', 'From User');
	const to =
		context.getNodeParameter('handOverTo', itemIndex, 'user') === 'unassigned'
			? null
			: locatedUserId(context, itemIndex, 'toUserId', 'To User');
	const statuses = (context.getNodeParameter('statuses', itemIndex, ['active', 'pending']) as string[]).filter((status) =>
		STATUSES.includes(status),
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
	return { from, to, statuses, mailbox };
}

/** Checks both users before anything changes: a hand-over that fails halfway is worse than none. */
async function checkUsers(context: IExecuteFunctions, api: HelpScoutApi, { from, to }: HandOverPlan): Promise<void> {
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
				context.getNode(),
				`User ${to} is a Light User, and Help Scout cannot assign conversations to Light Users; nothing was changed`,
			);
		}
	}
}

/**
 * Hand-overs of one user go one after the other in this n8n process, whichever execution and
 * whichever credential of the Help Scout account asks: two at once (to two leads, from two
 * workflows with two apps) would each change every conversation and each report them all.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number, api: HelpScoutApi): Promise<IDataObject[]> {
	const plan = planOf(this, itemIndex);
	const account = await accountOf(this, api.policy);
	const outcome = await inTurn(`${account.key}\u0000hand-over:${plan.from}`, api.signal, async () => {
		await checkUsers(this, api, plan);
		return [await handOverRounds(this.getNode(), api, plan)];
	});
	if (outcome === stopped) throw helpScoutError(this.getNode(), { kind: 'cancelled' });
	return outcome;
}
