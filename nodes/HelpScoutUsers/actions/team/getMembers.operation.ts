import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { helpScoutId } from '../../../shared/helpScoutId';
import type { HelpScoutApi } from '../../../shared/transport/client';
import { HelpScoutApiError, restated, toNodeError } from '../../../shared/transport/errors';
import { simplifyField, simplifyUser, withoutLinks } from '../../../shared/simplifyUser';
import { simplifyOf, userReadSendingFields } from '../user/userReadOptions';
import { limitOf, returnAllFields } from '../returnAll';

const teamLocator: INodeProperties = {
	displayName: 'Team',
	name: 'teamId',
	type: 'resourceLocator',
	required: true,
	default: { mode: 'list', value: '' },
	description: 'The Help Scout team whose members to get',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchTeams', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 12345',
			validation: [{ type: 'regex', properties: { regex: '^\\d+$', errorMessage: 'A team ID is a whole number' } }],
		},
	],
};

const properties: INodeProperties[] = [teamLocator, ...returnAllFields, simplifyField, ...userReadSendingFields];

export const description = updateDisplayOptions({ show: { resource: ['team'], operation: ['getMembers'] } }, properties);

/** `GET /v2/teams/{id}/members`, page by page: one output item per member (a user). */
export async function execute(this: IExecuteFunctions, itemIndex: number, api: HelpScoutApi): Promise<IDataObject[]> {
	const teamId = helpScoutId(this.getNode(), this.getNodeParameter('teamId', itemIndex, '', { extractValue: true }), 'team', 'Team');
	const simplify = simplifyOf(this, itemIndex);
	let members: IDataObject[];
	try {
		members = await api.list(`/teams/${teamId}/members`, 'users', { limit: limitOf(this, itemIndex) });
	} catch (error) {
		if (error instanceof HelpScoutApiError && error.status === 404) throw restated(error, `Help Scout has no team with ID ${teamId}`);
		if (error instanceof HelpScoutApiError && error.status === 403) {
			throw restated(error, `Help Scout refused to list the members of the team with ID ${teamId}: the connected user may not read that team`);
		}
		throw toNodeError(this.getNode(), error);
	}
	if (members.length === 0) {
		this.addExecutionHints({ message: `Team ${teamId} has no members (item ${itemIndex})`, location: 'outputPane' });
	}
	return members.map((user) => (simplify ? simplifyUser(user) : withoutLinks(user)));
}
