import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { SendingPolicy } from '../../transport';
import { sendingPolicyFrom, sendingOptionFields } from '../sendingOptions';

/** Options shared by the operations that read users. */
export const userReadOptionFields: INodeProperties[] = [
	{
		displayName: 'Raw Response',
		name: 'rawResponse',
		type: 'boolean',
		default: false,
		description: "Whether to output users exactly as Help Scout returns them, HAL '_links' included",
	},
	...sendingOptionFields,
];

/** The Options collection of the read operations. */
export const userReadOptionsCollection: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: userReadOptionFields,
};

export function userReadOptions(
	context: IExecuteFunctions,
	itemIndex: number,
): { policy: SendingPolicy; rawResponse: boolean } {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return { policy: sendingPolicyFrom(options), rawResponse: options.rawResponse === true };
}
