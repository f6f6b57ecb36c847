import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { headerValue, helpScoutRequest } from '../../transport';
import type { HelpScoutResponse } from '../../transport';
import { failureReason, toNodeError } from '../../transport/errors';
import { mailboxIdField } from './mailboxField';
import { readRequestOptions, requestOptionFields } from './requestOptions';
import { findUserByEmail, simplifyUser, userLocation } from './userRecords';
import { validateCreateUser } from './validateCreateUser';

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
		options: [
			{ name: 'Admin', value: 'admin', description: 'Manages users, inboxes and settings' },
			{
				name: 'Light User',
				value: 'light user',
				description: 'Can see and note conversations but not reply (plans with light users only)',
			},
			{ name: 'User', value: 'user', description: 'Works on conversations in the inboxes given' },
		],
		default: 'user',
		description: 'The Account Owner role cannot be given through the API',
	},
	{
		displayName: 'Send Invite',
		name: 'sendInvite',
		type: 'boolean',
		default: true,
		description: 'Whether Help Scout emails the new user an invitation to set a password',
	},
	{
		displayName: 'Mailboxes',
		name: 'mailboxes',
		type: 'fixedCollection',
		placeholder: 'Add Mailbox',
		typeOptions: { multipleValues: true },
		default: {},
		description: 'Inboxes the new user gets access to',
		options: [
			{
				displayName: 'Mailbox',
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
				description:
					'The user\'s timezone; left out, the company\'s. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'If User Exists',
				name: 'ifUserExists',
				type: 'options',
				options: [
					{ name: 'Error', value: 'error', description: 'Fail the item' },
					{
						name: 'Return Existing User',
						value: 'returnExisting',
						description: "Output the existing user's ID and location with created set to false",
					},
					{ name: 'Skip', value: 'skip', description: 'Output nothing for the item' },
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
			...requestOptionFields,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['create'] } },
	properties,
);

interface CreatedUser extends IDataObject {
	id: number;
	location: string;
	created: boolean;
}

/** Help Scout answers a create with an empty body: the new user is in the headers. */
function createdUserFrom(response: HelpScoutResponse): { id: number; location: string } | undefined {
	const location = headerValue(response.headers, 'location');
	const id = Number(headerValue(response.headers, 'resource-id') ?? location?.split('/').pop());
	if (!Number.isSafeInteger(id) || id <= 0) return undefined;
	return { id, location: location ?? userLocation(id) };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const body = validateCreateUser(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const policy = readRequestOptions(options);
	const email = body.email as string;

	const lookUp = async (): Promise<{ id: number; location: string } | undefined> => {
		const existing = await findUserByEmail.call(this, email, itemIndex, policy);
		return existing && { id: existing.id as number, location: userLocation(existing.id as number) };
	};

	let user: CreatedUser;
	try {
		const response = await helpScoutRequest.call(this, {
			method: 'POST',
			path: '/users',
			body,
			itemIndex,
			policy,
			messages: { 403: 'Only Administrators and Account Owners can create Help Scout users' },
			// POST /users is not idempotent: after a failure that may have landed, look before retrying.
			reconcile: async () => {
				const landed = await lookUp();
				return landed && { statusCode: 201, headers: { 'resource-id': landed.id, location: landed.location }, body: '' };
			},
		});
		const created = createdUserFrom(response) ?? (await lookUp());
		if (!created) {
			throw new NodeOperationError(
				this.getNode(),
				`Help Scout accepted the user but did not say its ID, and no user with this email can be found [item ${itemIndex}]`,
				{ itemIndex },
			);
		}
		user = { ...created, created: true };
	} catch (error) {
		const ifUserExists = (options.ifUserExists as string | undefined) ?? 'error';
		if (failureReason(error) !== 'duplicateEmail' || ifUserExists === 'error') {
			throw toNodeError(this.getNode(), error, itemIndex);
		}
		if (ifUserExists === 'skip') return [];
		const existing = await lookUp();
		if (!existing) throw toNodeError(this.getNode(), error, itemIndex);
		user = { ...existing, created: false };
	}

	if (!options.returnFullUser) return [user];
	const { body: fullUser } = await helpScoutRequest.call(this, {
		method: 'GET',
		path: user.location,
		itemIndex,
		policy,
	});
	return [{ ...simplifyUser(fullUser as IDataObject), ...user }];
}
