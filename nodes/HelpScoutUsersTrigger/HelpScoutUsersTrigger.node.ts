import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { includeAccessFields, includeOf, withAccess } from '../shared/access';
import { inboxFilterField } from '../shared/mailboxField';
import { simplifyField, simplifyUser, withoutLinks } from '../shared/simplifyUser';
import { ROLE_OPTIONS } from '../shared/userFields';
import { helpScoutId } from '../shared/helpScoutId';
import { loadOptions } from '../shared/methods';
import { helpScoutApi } from '../shared/transport/client';
import { pollNewUsers } from './newUsers';
import { POLL_POLICY, withoutOverlap } from './polling';
import { pollRemovedUsers } from './removedUsers';

/**
 * Polls Help Scout for users that appear some other way than through this package (an admin
 * invites someone, another integration adds an agent): a paid seat and an access review item; or
 * that were removed in Help Scout's UI (the API cannot remove a user): a leaver to close out.
 * Help Scout's webhooks do not cover users, so polling `GET /v2/users` is the only way.
 */
export class HelpScoutUsersTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Help Scout Users Trigger',
		name: 'helpScoutUsersTrigger',
		icon: { light: 'file:../HelpScoutUsers/helpScoutUsers.svg', dark: 'file:../HelpScoutUsers/helpScoutUsers.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] === "userRemoved" ? "User Removed" : "New User" }}',
		description: 'Starts the workflow when a user appears in Help Scout or is removed from it',
		defaults: { name: 'Help Scout Users Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'helpScoutUsersOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'New User',
						value: 'newUser',
						description: 'A user appeared in Help Scout after the workflow was activated (once per user)',
					},
					{
						name: 'User Removed',
						value: 'userRemoved',
						description:
							"A user Help Scout listed at an earlier poll is gone, confirmed by Help Scout's own answer on two polls (once per user). Outputs the user's last known essential fields and when the removal was confirmed.",
					},
				],
				default: 'newUser',
			},
			// User Removed outputs the last known essential fields either way: that is all it keeps.
			{ ...simplifyField, displayOptions: { show: { event: ['newUser'] } } },
			...includeAccessFields.map((field) => ({ ...field, displayOptions: { show: { event: ['newUser'] } } })),
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				options: [
					inboxFilterField(
						'New User: only new users with access to this inbox, each once, when first seen with it, even if given access later; users who were in Help Scout at activation never count as new. User Removed: only users who had access to this inbox at the last poll and are now removed from Help Scout, not users who only lost access.',
					),
					{
						displayName: 'Role',
						name: 'role',
						type: 'multiOptions',
						options: ROLE_OPTIONS,
						default: [],
						description:
							'New User: only new users with one of these roles, each once, when first seen with one. User Removed: only users whose last known role is one of these.',
					},
				],
			},
		],
	};

	methods = { loadOptions: { getMailboxes: loadOptions.getMailboxes } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const filters = this.getNodeParameter('filters', {}) as IDataObject;
		const simplify = this.getNodeParameter('simplify', true) !== false;
		const mailbox =
			filters.mailbox === undefined || filters.mailbox === ''
				? undefined
				: helpScoutId(this.getNode(), filters.mailbox, 'mailbox', 'Inbox');
		const roles = (filters.role as string[] | undefined) ?? [];
		const state = this.getWorkflowStaticData('node');
		// One trigger node has one event, with its own memory: the other event's is dropped once this
		// one's is saved, so switching events starts afresh (first poll silent), as at activation.
		if (this.getNodeParameter('event', 'newUser') === 'userRemoved') {
			const removal = await withoutOverlap(this, async () => await pollRemovedUsers.call(this, state.listed, { mailbox, roles }));
			if (removal?.listed) {
				state.listed = removal.listed as unknown as IDataObject;
				if (state.seen !== undefined) delete state.seen;
			}
			if (!removal?.removedUsers.length) return null;
			return [removal.removedUsers.map((json) => ({ json }))];
		}
		const include = includeOf((name, fallback) => this.getNodeParameter(name, fallback));
		// The new users' inboxes and teams are read within the poll, before anything is remembered:
		// if that read fails, the same users are new on the next poll.
		const outcome = await withoutOverlap(this, async () => {
			const found = await pollNewUsers.call(this, state.seen, { mailbox, roles });
			return { ...found, newUsers: await withAccess(this, helpScoutApi(this, POLL_POLICY), include, found.newUsers) };
		});
		// Remembered only now, with the whole list read: n8n saves static data after the poll.
		if (outcome?.seen) {
			state.seen = outcome.seen as unknown as IDataObject;
			if (state.listed !== undefined) delete state.listed;
		}
		if (!outcome?.newUsers.length) return null;
		return [outcome.newUsers.map((user) => ({ json: simplify ? simplifyUser(user) : withoutLinks(user) }))];
	}
}
