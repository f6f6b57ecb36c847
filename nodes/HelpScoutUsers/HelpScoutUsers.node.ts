import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { router } from './actions/router';
import * as team from './actions/team/Team.resource';
import * as user from './actions/user/User.resource';
import { listSearch, loadOptions } from '../shared/methods';

export class HelpScoutUsers implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Help Scout Users',
		name: 'helpScoutUsers',
		icon: { light: 'file:helpScoutUsers.svg', dark: 'file:helpScoutUsers.dark.svg' },
		group: ['output'],
		// 1.1: the sending settings moved from Options to Retries and Limits; version 1 nodes (saved
		// workflows) keep theirs under Options too, as n8n drops values their version does not show.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create and look up Help Scout users',
		defaults: { name: 'Help Scout Users' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'helpScoutUsersOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Team', value: 'team' },
					{ name: 'User', value: 'user' },
				],
				default: 'user',
			},
			...user.description,
			...team.description,
		],
	};

	methods = { loadOptions, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
