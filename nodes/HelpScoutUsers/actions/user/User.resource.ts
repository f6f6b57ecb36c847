import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getMe from './getMe.operation';
import * as getStatus from './getStatus.operation';
import * as handOverConversations from './handOverConversations.operation';
import * as setStatus from './setStatus.operation';

export { create, get, getAll, getMe, getStatus, handOverConversations, setStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a user, optionally with access to inboxes',
				action: 'Create user',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a user by ID',
				action: 'Get user',
			},
			{
				name: 'Get Current User',
				value: 'getMe',
				description: 'Get the user the credential acts as',
				action: 'Get current user',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many users, optionally filtered by email or inbox',
				action: 'Get many users',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				description: "Get a user's availability: email status (active or away) and chat status",
				action: 'Get user status',
			},
			{
				name: 'Hand Over Conversations',
				value: 'handOverConversations',
				description: "Reassign or unassign every conversation of one user, e.g. a leaver's, before the user is removed",
				action: 'Hand over conversations of a user',
			},
			{
				name: 'Set Status',
				value: 'setStatus',
				description: "Set a user's email status to Active or Away, e.g. to take a leaver out of routing",
				action: 'Set user status',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...getAll.description,
	...getMe.description,
	...getStatus.description,
	...handOverConversations.description,
	...setStatus.description,
];
