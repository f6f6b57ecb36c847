import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RetryPolicy } from '../../transport';
import { readRequestOptions, requestOptionFields } from './requestOptions';

/** Options shared by the operations that read users. */
export const readOptionFields: INodeProperties[] = [
	{
		displayName: 'Raw Response',
		name: 'rawResponse',
		type: 'boolean',
		default: false,
		description: "Whether to output users exactly as Help Scout returns them, HAL '_links' included",
	},
	...requestOptionFields,
];

/** The Options collection of the read operations. */
export const readOptionsCollection: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: readOptionFields,
};

export function readOptions(
	context: IExecuteFunctions,
	itemIndex: number,
): { policy: RetryPolicy; rawResponse: boolean } {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return { policy: readRequestOptions(options), rawResponse: options.rawResponse === true };
}
