import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { helpScoutRequest } from '../../transport';
import { simplifyUser, withoutLinks } from './simplifyUser';
import { simplifyField, userReadOptions, userReadSendingFields } from './userReadOptions';

const properties: INodeProperties[] = [
	simplifyField,
	...userReadSendingFields,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['getMe'] } },
	properties,
);

/** The user the credential acts as; with Simplify off, its `companyId` tells which Help Scout account this is. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const { policy, simplify } = userReadOptions(this, itemIndex);
	const { body } = await helpScoutRequest.call(this, { method: 'GET', path: '/users/me', policy });
	const user = body as IDataObject;
	return [simplify ? simplifyUser(user) : withoutLinks(user)];
}
