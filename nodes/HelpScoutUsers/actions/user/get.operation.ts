import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { includeAccessFields, includeOf, UserAccess } from '../../../shared/access';
import type { HelpScoutApi } from '../../../shared/transport/client';
import { simplifyField, simplifyUser, withoutLinks } from '../../../shared/simplifyUser';
import { locatedUserId, userLocator } from './userLocator';
import { simplifyOf, userReadSendingFields } from './userReadOptions';

const properties: INodeProperties[] = [
	userLocator('The Help Scout user to get'),
	simplifyField,
	...includeAccessFields,
	...userReadSendingFields,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, api: HelpScoutApi): Promise<IDataObject[]> {
	const userId = locatedUserId(this, itemIndex);
	const simplify = simplifyOf(this, itemIndex);
	const { body } = await api.get(`/users/${userId}`, { messages: { 404: `Help Scout has no user with ID ${userId}` } });
	const access = await UserAccess.of(this, api, includeOf((name, fallback) => this.getNodeParameter(name, itemIndex, fallback)));
	const user = access.join(body as IDataObject);
	return [simplify ? simplifyUser(user) : withoutLinks(user), ...access.problems(this, itemIndex)];
}
