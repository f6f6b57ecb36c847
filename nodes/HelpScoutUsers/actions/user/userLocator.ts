import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { helpScoutId } from '../../../shared/helpScoutId';

/**
 * The user an operation is about: picked from a searchable list, or given by ID. An operation
 * about two users (a hand-over) names the second one otherwise.
 */
export function userLocator(description: string, name = 'userId', displayName = 'User'): INodeProperties {
	return {
		displayName,
		name,
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
export function locatedUserId(context: IExecuteFunctions, itemIndex: number, name = 'userId', label = 'User'): number {
	const raw = context.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	return helpScoutId(context.getNode(), raw, 'user', label);
}
