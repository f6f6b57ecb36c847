import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { quote } from '../../shared/quote';
import type { HelpScoutApi } from '../../shared/transport/client';
import { helpScoutApi } from '../../shared/transport/client';
import { itemError } from '../../shared/transport/errors';
import { concurrencyOf, sendingPolicyOf } from './sendingOptions';
import * as team from './team/Team.resource';
import * as user from './user/User.resource';

/** An operation gets the item and a Help Scout client that already holds the item's sending policy. */
type Operation = (this: IExecuteFunctions, itemIndex: number, api: HelpScoutApi) => Promise<IDataObject[]>;

/** Each resource module exports its operations; the router finds them there, with no list of its own. */
const resources: Record<string, Record<string, unknown>> = { team, user };

function operationOf(resource: string, operation: string): Operation | undefined {
	const module = resources[resource]?.[operation] as { execute?: Operation } | undefined;
	return typeof module?.execute === 'function' ? module.execute : undefined;
}

/**
 * The one item loop: up to `concurrency` items in flight, output in input order, each output
 * paired with its input item, and continueOnFail turning a failure into an error item.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = operationOf(resource, operationName);
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation ${quote(operationName)} is not supported`);
	}
	const concurrency = concurrencyOf(this);

	const results: INodeExecutionData[][] = new Array(items.length);
	// Already an item's error: it carries its message, item suffix and itemIndex.
	let firstError: unknown;
	let next = 0;
	const runOne = async (itemIndex: number) => {
		try {
			const data = await operation.call(this, itemIndex, helpScoutApi(this, sendingPolicyOf(this, itemIndex)));
			results[itemIndex] = data.map((json) => ({ json, pairedItem: { item: itemIndex } }));
		} catch (caught) {
			const error = itemError(this.getNode(), caught, itemIndex);
			if (!this.continueOnFail()) throw error;
			results[itemIndex] = [{ json: { error: error.message }, pairedItem: { item: itemIndex } }];
		}
	};
	// Workers take the next item until none is left or one has failed; a failure stops new items
	// but lets those in flight finish, so no request is left running behind the error.
	const worker = async (maxItems = Infinity) => {
		for (let taken = 0; taken < maxItems && firstError === undefined && next < items.length; taken++) {
			const itemIndex = next++;
			try {
				await runOne(itemIndex);
			} catch (error) {
				firstError ??= error;
			}
		}
	};
	// The first item goes alone, so that n8n fetches or refreshes the OAuth2 token once, not once
	// per item in flight.
	await worker(1);
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length - next) }, () => worker()));
	if (firstError !== undefined) throw firstError;
	return [results.flat()];
}
