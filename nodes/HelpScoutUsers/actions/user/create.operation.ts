import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { CREATABLE_ROLE_OPTIONS } from '../../../shared/userFields';
import type { HelpScoutApi } from '../../../shared/transport/client';
import { accountOf } from '../../../shared/account';
import { createUser, findExisting } from './createUser';
import { createUserBody } from './createUserBody';
import { mailboxIdField } from '../../../shared/mailboxField';
import { legacySendingFields, sendingGroup } from '../sendingOptions';
import { withoutLinks } from '../../../shared/simplifyUser';

/** What Create does when the email is taken, and what it outputs. */
const createOptions: INodeProperties[] = [
	{
		displayName: 'If User Exists',
		name: 'ifUserExists',
		type: 'options',
		options: [
			{
				name: 'Return Existing User',
				value: 'returnExisting',
				description: "Output the existing user's ID and location with created set to false",
			},
			{ name: 'Skip', value: 'skip', description: 'Output nothing for the item' },
			{
				name: 'Stop with an error',
				value: 'error',
				description: 'Fail the item, saying that a user with this email already exists',
			},
		],
		default: 'error',
		description: 'What to do when Help Scout already has a user with this email',
	},
	{
		displayName: 'Return Full User',
		name: 'returnFullUser',
		type: 'boolean',
		default: false,
		description:
			'Whether to read the created user back and output all of its fields (one more request per item)',
	},
];

const properties: INodeProperties[] = [
	{
		displayName: 'First Name',
		name: 'firstName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Ada',
		description: 'At most 40 characters',
	},
	{
		displayName: 'Last Name',
		name: 'lastName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Lovelace',
		description: 'At most 40 characters',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. name@email.com',
		required: true,
		default: '',
		description: 'The address the new user signs in with and receives the invitation at',
	},
	{
		displayName: 'Role',
		name: 'role',
		type: 'options',
		required: true,
		options: CREATABLE_ROLE_OPTIONS,
		default: 'user',
		description: "What the new user may do in Help Scout. The Account Owner role cannot be given through Help Scout's API.",
	},
	{
		displayName: 'Send Invite',
		name: 'sendInvite',
		type: 'boolean',
		default: true,
		description: 'Whether Help Scout emails the new user an invitation to set a password',
	},
	{
		displayName: 'Inboxes',
		name: 'mailboxes',
		type: 'fixedCollection',
		placeholder: 'Add Inbox',
		typeOptions: { multipleValues: true },
		default: {},
		description: 'Inboxes the new user gets access to',
		options: [
			{
				displayName: 'Inbox',
				name: 'mailbox',
				values: [
					mailboxIdField,
					{
						displayName: 'Email Access',
						name: 'emailAccess',
						type: 'boolean',
						default: true,
						description: 'Whether the user may read and answer the email of this inbox',
					},
				],
			},
		],
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Job Title',
				name: 'jobTitle',
				type: 'string',
				default: '',
				placeholder: 'e.g. Support Agent',
				description: 'At most 50 characters',
			},
			{
				displayName: 'Phone',
				name: 'phone',
				type: 'string',
				default: '',
				placeholder: 'e.g. +1 555 0100',
			},
			{
				displayName: 'Timezone Name or ID',
				name: 'timezone',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getTimezones' },
				default: '',
				hint: "If empty, Help Scout uses the company's time zone",
				description:
					'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		// Create's own options, then the sending fields a version 1 node keeps here, by name as n8n lists them.
		options: [...createOptions, ...legacySendingFields('write')].sort((a, b) =>
			a.displayName.localeCompare(b.displayName),
		),
	},
	sendingGroup('write'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, api: HelpScoutApi): Promise<IDataObject[]> {
	const body = createUserBody(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;

	const outcome = await createUser(this.getNode(), api, body, (await accountOf(this, api.policy)).key);
	let user: IDataObject;
	if (outcome.created) {
		user = { id: outcome.id, location: outcome.location, created: true };
	} else {
		const ifUserExists = (options.ifUserExists as string | undefined) ?? 'error';
		if (ifUserExists === 'error') throw outcome.duplicate;
		if (ifUserExists === 'skip') return [];
		const existing = outcome.existing ?? (await findExisting(api, body));
		if (!existing) throw outcome.duplicate;
		user = { id: existing.id, location: existing.location, created: false };
	}

	if (!options.returnFullUser) return [user];
	const { body: fullUser } = await api.get(user.location as string);
	return [{ ...withoutLinks(fullUser as IDataObject), ...user }];
}
