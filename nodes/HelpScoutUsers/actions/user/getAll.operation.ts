import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { includeAccessFields, includeOf, UserAccess } from '../../../shared/access';
import type { HelpScoutApi } from '../../../shared/transport/client';
import { HelpScoutApiError, restated, toNodeError } from '../../../shared/transport/errors';
import { helpScoutId } from '../../../shared/helpScoutId';
import { inboxFilterField } from '../../../shared/mailboxField';
import { simplifyField, simplifyUser, withoutLinks } from '../../../shared/simplifyUser';
import { limitOf, returnAllFields } from '../returnAll';
import { simplifyOf, userReadSendingFields } from './userReadOptions';

const properties: INodeProperties[] = [
	...returnAllFields,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'e.g. name@email.com',
				default: '',
				description: 'Only the user with exactly this email, invited users included',
			},
			inboxFilterField('Only users with access to this inbox.'),
		],
	},
	simplifyField,
	...includeAccessFields,
	...userReadSendingFields,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, api: HelpScoutApi): Promise<IDataObject[]> {
	const limit = limitOf(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	if (filters.email !== undefined && String(filters.email).trim() !== '') {
		qs.email = String(filters.email).trim();
	}
	if (filters.mailbox !== undefined && String(filters.mailbox).trim() !== '') {
		qs.mailbox = helpScoutId(this.getNode(), filters.mailbox, 'mailbox', 'Inbox');
	}
	const simplify = simplifyOf(this, itemIndex);
	const include = includeOf((name, fallback) => this.getNodeParameter(name, itemIndex, fallback));
	// The users and every inbox's and team's members at the same time: neither waits for the other.
	const [listed, read] = await Promise.allSettled([listUsers(this, api, qs, limit), UserAccess.of(this, api, include)]);
	if (listed.status === 'rejected') throw listed.reason;
	if (read.status === 'rejected') throw read.reason;
	const access = read.value;
	const users = listed.value.map((user) => access.join(user));
	return [...users.map((user) => (simplify ? simplifyUser(user) : withoutLinks(user))), ...access.problems(this, itemIndex)];
}

/** `GET /v2/users`, every page or up to `limit`; an Inbox filter Help Scout refuses is named. */
async function listUsers(
	context: IExecuteFunctions,
	api: HelpScoutApi,
	qs: IDataObject,
	limit: number | undefined,
): Promise<IDataObject[]> {
	try {
		return await api.list('/users', 'users', { qs, limit });
	} catch (error) {
		if (qs.mailbox !== undefined && error instanceof HelpScoutApiError && error.status === 404) {
			throw restated(error, `Help Scout has no inbox with ID ${String(qs.mailbox)} (the Inbox filter)`);
		}
		if (qs.mailbox !== undefined && error instanceof HelpScoutApiError && error.status === 403) {
			throw restated(
				error,
				`Help Scout refused to list the users of the inbox with ID ${String(qs.mailbox)} (the Inbox filter): the connected user may not read that inbox`,
			);
		}
		throw toNodeError(context.getNode(), error);
	}
}
