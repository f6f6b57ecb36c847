import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_SENDING_POLICY } from '../../shared/transport';
import type { SendingPolicy } from '../../shared/transport';

export const DEFAULT_CONCURRENCY = 20;
const MAX_TIMEOUT_S = 3_600;

/** The parameter that holds how to send, on every operation since node version 1.1. */
export const SENDING_GROUP = 'retriesAndLimits';

const concurrency: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 100 },
	default: 20,
	description:
		"How many items to send to Help Scout at once. Requests start only while the account's rate limit has room for them (200, 400 or 800 calls a minute on the Standard, Plus and Pro plans, as Help Scout's answers report it), so a higher number does not cause more 429s.",
};

const maxAttempts: INodeProperties = {
	displayName: 'Max Attempts',
	name: 'maxAttempts',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 50 },
	default: 10,
	description:
		'How many times to send a request that was rate-limited or failed on the way, the first time included',
};

const maxWaitSeconds: INodeProperties = {
	displayName: 'Max Rate-Limit Wait (Seconds)',
	name: 'maxWaitSeconds',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 300,
	description: 'The longest time one item may spend waiting between attempts before it fails',
};

const timeoutSeconds: INodeProperties = {
	displayName: 'Timeout (Seconds)',
	name: 'timeoutSeconds',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_TIMEOUT_S },
	default: 30,
	description: 'How long to wait for Help Scout to answer one request',
};

/** Only writes count against Help Scout's burst limit, so only write operations offer this one. */
const burstWrites: INodeProperties = {
	displayName: 'Writes per 5 Seconds',
	name: 'burstWrites',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 1000 },
	default: 12,
	description:
		'Help Scout lets an account make 12 writes (such as creates) in any 5 seconds; the node keeps to it so that no create meets a 429. Each n8n process (every queue-mode worker) keeps to it on its own: with several, or with other integrations that write to the account, lower it, e.g. 12 divided by the number of workers.',
};

/** Every sending field, as the package test compares them with the transport's defaults. */
export const sendingOptionFields: INodeProperties[] = [concurrency, maxAttempts, maxWaitSeconds, timeoutSeconds, burstWrites];

/** How to send, grouped apart from what to do: a write's group has Writes per 5 Seconds, a read's not. */
export function sendingGroup(operation: 'write' | 'read'): INodeProperties {
	return {
		displayName: 'Retries and Limits',
		name: SENDING_GROUP,
		type: 'collection',
		placeholder: 'Add Setting',
		default: {},
		description: "How many items go at once and how long to keep trying; the defaults keep to Help Scout's limits",
		options: operation === 'write' ? sendingOptionFields : sendingOptionFields.filter((field) => field !== burstWrites),
	};
}

/**
 * Version 1 of the node kept these fields in its Options collection. n8n drops a saved value its
 * node's description no longer has, so they stay there for version 1 nodes only: saved workflows
 * keep their values, and a node added since (version 1.1) shows them in Retries and Limits alone.
 */
export function legacySendingFields(operation: 'write' | 'read'): INodeProperties[] {
	return sendingGroup(operation).options!.map((field) => ({
		...(field as INodeProperties),
		displayOptions: { show: { '@version': [1] } },
	}));
}

function positive(value: unknown, fallback: number): number {
	const number = Number(value);
	return Number.isFinite(number) && number >= 0 ? number : fallback;
}

export function sendingPolicyFrom(settings: IDataObject): SendingPolicy {
	return {
		maxAttempts: Math.max(1, Math.floor(positive(settings.maxAttempts, DEFAULT_SENDING_POLICY.maxAttempts))),
		maxWaitMs: positive(settings.maxWaitSeconds, DEFAULT_SENDING_POLICY.maxWaitMs / 1000) * 1000,
		// A timer holds at most 2^31-1 ms; an hour is more than any answer of Help Scout's needs.
		timeoutMs: Math.min(MAX_TIMEOUT_S, Math.max(1, positive(settings.timeoutSeconds, DEFAULT_SENDING_POLICY.timeoutMs / 1000))) * 1000,
		burstWrites: Math.max(1, Math.floor(positive(settings.burstWrites, DEFAULT_SENDING_POLICY.burstWrites))),
	};
}

/** The item's sending settings: Retries and Limits, over what a version 1 node kept in Options. */
function sendingSettings(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const legacy = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const group = context.getNodeParameter(SENDING_GROUP, itemIndex, {}) as IDataObject;
	const settings: IDataObject = {};
	for (const field of sendingOptionFields) {
		const value = group[field.name] ?? legacy[field.name];
		if (value !== undefined) settings[field.name] = value;
	}
	return settings;
}

export function sendingPolicyOf(context: IExecuteFunctions, itemIndex: number): SendingPolicy {
	return sendingPolicyFrom(sendingSettings(context, itemIndex));
}

/** Items in flight at once, read from the first item as n8n's own batching does. */
export function concurrencyOf(context: IExecuteFunctions): number {
	return Math.max(1, Math.floor(Number(sendingSettings(context, 0).concurrency ?? DEFAULT_CONCURRENCY) || 1));
}
