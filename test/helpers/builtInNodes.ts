/**
 * The two n8n built-in nodes the example's Try It branch uses, as far as it uses them, for
 * `npm run demo` in n8n's engine: n8n-nodes-base (hundreds of integrations) is not a dev
 * dependency (nor of the tests that run the example). `npm run demo:n8n` runs it with the real ones.
 *   - Manual Trigger: one empty item.
 *   - Edit Fields (Set) 3.4, Manual Mapping: each item becomes the fields its assignments name, with
 *     their values as n8n resolved them (expressions included); other fields are dropped, as with
 *     Include Other Input Fields off, its default.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

function description(
	name: string,
	displayName: string,
	inputs: INodeTypeDescription['inputs'],
	properties: INodeTypeDescription['properties'] = [],
): INodeTypeDescription {
	return {
		displayName,
		name,
		group: ['input'],
		version: [1, 3.4],
		description: `${displayName}, as the example uses it`,
		defaults: { name: displayName },
		inputs,
		outputs: [NodeConnectionTypes.Main],
		properties,
	};
}

class ManualTrigger implements INodeType {
	description = description('n8n-nodes-base.manualTrigger', 'Manual Trigger', []);

	async execute(): Promise<INodeExecutionData[][]> {
		return [[{ json: {} }]];
	}
}

interface Assignment {
	name: string;
	value: IDataObject[string];
}

class EditFields implements INodeType {
	description = description('n8n-nodes-base.set', 'Edit Fields', [NodeConnectionTypes.Main], [
		{ displayName: 'Fields to Set', name: 'assignments', type: 'assignmentCollection', default: {} },
	]);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			this.getInputData().map((_item, itemIndex) => {
				const { assignments } = this.getNodeParameter('assignments', itemIndex) as { assignments: Assignment[] };
				return { json: Object.fromEntries(assignments.map(({ name, value }) => [name, value])), pairedItem: { item: itemIndex } };
			}),
		];
	}
}

export const BUILT_IN_NODES: Record<string, () => INodeType> = {
	'n8n-nodes-base.manualTrigger': () => new ManualTrigger(),
	'n8n-nodes-base.set': () => new EditFields(),
};
