import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { includeAccessFields } from '../../../shared/access';
import { includeActivityFields } from '../../../shared/activity';
import type { HelpScoutApi } from '../../../shared/transport/client';
import { simplifyField } from '../../../shared/simplifyUser';
import { askedExtrasOf, UserExtras } from './userExtras';
import { userReadSendingFields } from './userReadOptions';

const properties: INodeProperties[] = [simplifyField, ...includeAccessFields, ...includeActivityFields, ...userReadSendingFields];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['getMe'] } },
	properties,
);

/** The user the credential acts as; with Simplify off, its `companyId` tells which Help Scout account this is. */
export async function execute(this: IExecuteFunctions, itemIndex: number, api: HelpScoutApi): Promise<IDataObject[]> {
	const asked = askedExtrasOf(this, itemIndex);
	const { body } = await api.get('/users/me');
	const extras = await UserExtras.read(this, api, asked);
	return [extras.output(body as IDataObject), ...extras.problems(this, itemIndex)];
}
