import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** Return All and Limit, as n8n's Get Many operations show them. */
export const returnAllFields: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** Undefined with Return All: every page. */
export function limitOf(context: IExecuteFunctions, itemIndex: number): number | undefined {
	return context.getNodeParameter('returnAll', itemIndex, false) === true
		? undefined
		: (context.getNodeParameter('limit', itemIndex, 50) as number);
}
