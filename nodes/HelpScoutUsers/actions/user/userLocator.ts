import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { helpScoutId } from '../helpScoutId';

/** The user an operation is about: picked from a searchable list, or given by ID. */
export function userLocator(description: string): INodeProperties {
	return {
		displayName: 'User',
		name: 'userId',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description,
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
	};
}

/** The located user's ID, checked before any request. */
export function locatedUserId(context: IExecuteFunctions, itemIndex: number): number {
	const raw = context.getNodeParameter('userId', itemIndex, '', { extractValue: true }) as unknown;
	return helpScoutId(context.getNode(), raw, 'user', 'User');
}
