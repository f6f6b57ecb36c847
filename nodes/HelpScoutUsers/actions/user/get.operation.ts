import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { helpScoutRequest } from '../../transport';
import { helpScoutId } from '../helpScoutId';
import { userReadOptions, userReadOptionsCollection } from './userReadOptions';
import { simplifyUser } from './simplifyUser';

const properties: INodeProperties[] = [
	{
		displayName: 'User',
		name: 'userId',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description: 'The Help Scout user to get',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchUsers', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 12345',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^\\d+$', errorMessage: 'A user ID is a whole number' },
					},
				],
			},
		],
	},
	userReadOptionsCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const raw = this.getNodeParameter('userId', itemIndex, '', { extractValue: true }) as unknown;
	const userId = helpScoutId(this.getNode(), raw, 'user', 'User');
	const { policy, rawResponse } = userReadOptions(this, itemIndex);
	const { body } = await helpScoutRequest.call(this, {
		method: 'GET',
		path: `/users/${userId}`,
		policy,
		messages: { 404: `Help Scout has no user with ID ${userId}` },
	});
	const user = body as IDataObject;
	return [rawResponse ? user : simplifyUser(user)];
}
