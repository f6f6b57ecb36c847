import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { quote } from '../../../shared/quote';
import type { HelpScoutApi } from '../../../shared/transport/client';
import { sendingGroup } from '../sendingOptions';
import { locatedUserId, userLocator } from './userLocator';

const STATUSES = ['active', 'away'];

const properties: INodeProperties[] = [
	userLocator('The Help Scout user whose status to set'),
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		required: true,
		options: [
			{ name: 'Active', value: 'active', description: 'Gets new conversations by automatic routing again' },
			{
				name: 'Away',
				value: 'away',
				description: "Takes the user out of Help Scout's automatic routing: no new conversations are assigned to them",
			},
		],
		default: 'away',
		description:
			"The user's email status. Away takes them out of automatic routing, as Help Scout asks before a user is removed.",
	},
	{
		displayName: 'Custom Status',
		name: 'customStatus',
		type: 'collection',
		placeholder: 'Add Custom Status',
		default: {},
		description: 'A message shown beside the status in Help Scout, e.g. that the user has left',
		options: [
			{
				displayName: 'Emoji',
				name: 'emoji',
				type: 'string',
				default: '',
				placeholder: 'e.g. 👋',
			},
			{
				displayName: 'Emoji Name',
				name: 'emojiName',
				type: 'string',
				default: '',
				placeholder: 'e.g. :wave:',
			},
			{
				displayName: 'Text',
				name: 'text',
				type: 'string',
				default: '',
				placeholder: 'e.g. No longer with the team',
				description: 'Required when a custom status is given',
			},
		],
	},
	sendingGroup('write'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['setStatus'] } },
	properties,
);

/** `PUT /v2/users/{id}/status`; Help Scout answers 204. Setting the same status again changes nothing. */
export async function execute(this: IExecuteFunctions, itemIndex: number, api: HelpScoutApi): Promise<IDataObject[]> {
	const userId = locatedUserId(this, itemIndex);
	const status = String(this.getNodeParameter('status', itemIndex)).trim().toLowerCase();
	if (!STATUSES.includes(status)) {
		throw new NodeOperationError(this.getNode(), `Status ${quote(status)} is not one of active, away`);
	}
	const given = this.getNodeParameter('customStatus', itemIndex, {}) as IDataObject;
	const customStatus = Object.fromEntries(
		Object.entries(given)
			.map(([name, value]) => [name, typeof value === 'string' || typeof value === 'number' ? String(value).trim() : value])
			.filter(([, value]) => value !== undefined && value !== null && value !== ''),
	) as IDataObject;
	const body: IDataObject = { status };
	if (Object.keys(customStatus).length) {
		if (typeof customStatus.text !== 'string') {
			throw new NodeOperationError(this.getNode(), 'Custom Status needs a Text: Help Scout refuses an emoji alone');
		}
		body.customStatus = customStatus;
	}
	await api.put(`/users/${userId}/status`, body, {
		messages: {
			403: "Only Administrators and Account Owners can set another user's status",
			404: `Help Scout has no user with ID ${userId}`,
		},
	});
	return [{ id: userId, ...body }];
}
