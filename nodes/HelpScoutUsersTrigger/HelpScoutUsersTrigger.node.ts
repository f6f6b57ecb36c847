import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { mailboxIdField } from '../shared/mailboxField';
import { simplifyField, simplifyUser, withoutLinks } from '../shared/simplifyUser';
import { ROLE_OPTIONS } from '../shared/userFields';
import { helpScoutId } from '../shared/helpScoutId';
import { loadOptions } from '../shared/methods';
import { pollNewUsers, withoutOverlap } from './newUsers';

/**
 * Polls Help Scout for users that appear some other way than through this package (an admin
 * invites someone, another integration adds an agent): a paid seat and an access review item.
 * Help Scout's webhooks do not cover users, so polling `GET /v2/users` is the only way.
 */
export class HelpScoutUsersTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Help Scout Users Trigger',
		name: 'helpScoutUsersTrigger',
		icon: { light: 'file:../HelpScoutUsers/helpScoutUsers.svg', dark: 'file:../HelpScoutUsers/helpScoutUsers.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'New User',
		description: 'Starts the workflow when a user appears in Help Scout',
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
				],
				default: 'newUser',
			},
			simplifyField,
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				options: [
					{
						...mailboxIdField,
						name: 'mailbox',
						required: false,
						description:
							'Only new users with access to this inbox, each once, when first seen with it, even if given access later. Users who were in Help Scout at activation never count as new. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
					{
						displayName: 'Role',
						name: 'role',
						type: 'multiOptions',
						options: ROLE_OPTIONS,
						default: [],
						description: 'Only new users with one of these roles, each once, when first seen with one',
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
				: helpScoutId(this.getNode(), filters.mailbox, 'mailbox', 'Mailbox');
		const roles = (filters.role as string[] | undefined) ?? [];
		const state = this.getWorkflowStaticData('node');
		const outcome = await withoutOverlap(this, async () => await pollNewUsers.call(this, state.seen, { mailbox, roles }));
		// Remembered only now, with the whole list read: n8n saves static data after the poll.
		if (outcome?.seen) state.seen = outcome.seen as unknown as IDataObject;
		if (!outcome?.newUsers.length) return null;
		return [outcome.newUsers.map((user) => ({ json: simplify ? simplifyUser(user) : withoutLinks(user) }))];
	}
}
