import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { HelpScoutApi } from '../../../shared/transport/client';
import { helpScoutId } from '../../../shared/helpScoutId';
import { mailboxIdField } from '../../../shared/mailboxField';
import { simplifyField, simplifyUser, withoutLinks } from '../../../shared/simplifyUser';
import { simplifyOf, userReadSendingFields } from './userReadOptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
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
			{
				...mailboxIdField,
				name: 'mailbox',
				required: false,
				description:
					'Only users with access to this inbox. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
	simplifyField,
	...userReadSendingFields,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, api: HelpScoutApi): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	if (filters.email !== undefined && String(filters.email).trim() !== '') {
		qs.email = String(filters.email).trim();
	}
	if (filters.mailbox !== undefined && String(filters.mailbox).trim() !== '') {
		qs.mailbox = helpScoutId(this.getNode(), filters.mailbox, 'mailbox', 'Mailbox');
	}
	const simplify = simplifyOf(this, itemIndex);
	const users = await api.list('/users', 'users', { qs, limit });
	return users.map(simplify ? simplifyUser : withoutLinks);
}
