import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';
import * as getMembers from './getMembers.operation';

export { getAll, getMembers };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['team'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many teams',
				action: 'Get many teams',
			},
			{
				name: 'Get Members',
				value: 'getMembers',
				description: 'Get the users who are members of a team',
				action: 'Get members of a team',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
	...getMembers.description,
];
