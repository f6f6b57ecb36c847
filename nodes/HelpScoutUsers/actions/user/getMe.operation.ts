import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { helpScoutRequest } from '../../transport';
import { userReadOptions, userReadOptionsCollection } from './userReadOptions';
import { simplifyUser } from './simplifyUser';

const properties: INodeProperties[] = [
	userReadOptionsCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['getMe'] } },
	properties,
);

/** The user the credential acts as; its `companyId` tells which Help Scout account this is. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const { policy, rawResponse } = userReadOptions(this, itemIndex);
	const { body } = await helpScoutRequest.call(this, { method: 'GET', path: '/users/me', policy });
	const user = body as IDataObject;
	return [rawResponse ? user : simplifyUser(user)];
}
