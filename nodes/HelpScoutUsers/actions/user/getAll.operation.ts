import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { includeAccessFields } from '../../../shared/access';
import { includeActivityFields } from '../../../shared/activity';
import type { HelpScoutApi } from '../../../shared/transport/client';
import { HelpScoutApiError, restated, toNodeError } from '../../../shared/transport/errors';
import { helpScoutId } from '../../../shared/helpScoutId';
import { inboxFilterField } from '../../../shared/mailboxField';
import { simplifyField } from '../../../shared/simplifyUser';
import { limitOf, returnAllFields } from '../returnAll';
import { addsSeatSummary, seatSummary, seatSummaryField } from './seatSummary';
import { askedExtrasOf, UserExtras } from './userExtras';
import { userReadSendingFields } from './userReadOptions';

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
	...includeActivityFields,
	seatSummaryField,
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
	const asked = askedExtrasOf(this, itemIndex);
	// The users, every inbox's and team's members and the report at the same time: none waits for another.
	const [listed, read] = await Promise.allSettled([listUsers(this, api, qs, limit), UserExtras.read(this, api, asked)]);
	if (listed.status === 'rejected') throw listed.reason;
	if (read.status === 'rejected') throw read.reason;
	const extras = read.value;
	const users = listed.value.map((user) => extras.output(user));
	const summary = addsSeatSummary(this, itemIndex) ? [seatSummary(users, extras.activity)] : [];
	return [...users, ...summary, ...extras.problems(this, itemIndex)];
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
