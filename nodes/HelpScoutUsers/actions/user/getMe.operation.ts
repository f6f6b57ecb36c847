import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { includeAccessFields, includeOf, UserAccess } from '../../../shared/access';
import type { HelpScoutApi } from '../../../shared/transport/client';
import { simplifyField, simplifyUser, withoutLinks } from '../../../shared/simplifyUser';
import { simplifyOf, userReadSendingFields } from './userReadOptions';

const properties: INodeProperties[] = [simplifyField, ...includeAccessFields, ...userReadSendingFields];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['getMe'] } },
	properties,
);

/** The user the credential acts as; with Simplify off, its `companyId` tells which Help Scout account this is. */
export async function execute(this: IExecuteFunctions, itemIndex: number, api: HelpScoutApi): Promise<IDataObject[]> {
	const simplify = simplifyOf(this, itemIndex);
	const { body } = await api.get('/users/me');
	const access = await UserAccess.of(this, api, includeOf((name, fallback) => this.getNodeParameter(name, itemIndex, fallback)));
	const user = access.join(body as IDataObject);
	return [simplify ? simplifyUser(user) : withoutLinks(user), ...access.problems(this, itemIndex)];
}
