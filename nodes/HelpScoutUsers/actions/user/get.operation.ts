import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { includeAccessFields } from '../../../shared/access';
import { includeActivityFields } from '../../../shared/activity';
import type { HelpScoutApi } from '../../../shared/transport/client';
import { simplifyField } from '../../../shared/simplifyUser';
import { askedExtrasOf, UserExtras } from './userExtras';
import { locatedUserId, userLocator } from './userLocator';
import { userReadSendingFields } from './userReadOptions';

const properties: INodeProperties[] = [
	userLocator('The Help Scout user to get'),
	simplifyField,
	...includeAccessFields,
	...includeActivityFields,
	...userReadSendingFields,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, api: HelpScoutApi): Promise<IDataObject[]> {
	const userId = locatedUserId(this, itemIndex);
	const asked = askedExtrasOf(this, itemIndex);
	const { body } = await api.get(`/users/${userId}`, { messages: { 404: `Help Scout has no user with ID ${userId}` } });
	const extras = await UserExtras.read(this, api, asked);
	return [extras.output(body as IDataObject), ...extras.problems(this, itemIndex)];
}
