import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { HelpScoutApi } from '../../../shared/transport/client';
import { simplifyField, withoutLinks } from '../../../shared/simplifyUser';
import { simplifyOf, userReadSendingFields } from '../user/userReadOptions';
import { limitOf, returnAllFields } from '../returnAll';
import { simplifyTeam } from './teamFields';

const properties: INodeProperties[] = [...returnAllFields, simplifyField, ...userReadSendingFields];

export const description = updateDisplayOptions({ show: { resource: ['team'], operation: ['getAll'] } }, properties);

/** `GET /v2/teams`, page by page: one output item per team. */
export async function execute(this: IExecuteFunctions, itemIndex: number, api: HelpScoutApi): Promise<IDataObject[]> {
	const simplify = simplifyOf(this, itemIndex);
	const teams = await api.list('/teams', 'teams', { limit: limitOf(this, itemIndex) });
	return teams.map((team) => (simplify ? simplifyTeam(team) : withoutLinks(team)));
}
