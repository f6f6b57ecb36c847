import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { SendingPolicy } from '../../transport';
import { sendingOptionFields, sendingPolicyFrom } from '../sendingOptions';

/** The Simplify switch of the read operations (n8n's guidelines: on by default in new nodes). */
export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};

/** The Options collection of the read operations: how to send. */
export const userReadOptionsCollection: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: sendingOptionFields,
};

export function userReadOptions(context: IExecuteFunctions, itemIndex: number): { policy: SendingPolicy; simplify: boolean } {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return { policy: sendingPolicyFrom(options), simplify: context.getNodeParameter('simplify', itemIndex, true) !== false };
}
