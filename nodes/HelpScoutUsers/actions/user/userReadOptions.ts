import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { legacySendingFields, sendingGroup } from '../sendingOptions';

/**
 * How the read operations send: Retries and Limits (no Writes per 5 Seconds: reads are not
 * burst-limited), and the Options collection that version 1 nodes kept these in.
 */
export const userReadSendingFields: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { '@version': [1] } },
		options: legacySendingFields('read'),
	},
	sendingGroup('read'),
];

/** Whether the item's output is simplified (on unless switched off). */
export function simplifyOf(context: IExecuteFunctions, itemIndex: number): boolean {
	return context.getNodeParameter('simplify', itemIndex, true) !== false;
}
