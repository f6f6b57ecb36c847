import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { DEFAULT_SENDING_POLICY } from '../transport';
import type { SendingPolicy } from '../transport';

export const DEFAULT_CONCURRENCY = 20;

/** Options every operation offers: how hard to try, and how many items to send at once. */
export const sendingOptionFields: INodeProperties[] = [
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 100 },
		default: 20,
		description:
			"How many items to send to Help Scout at once. Requests start only while the account's rate limit has room for them, so a higher number does not cause more 429s.",
	},
	{
		displayName: 'Max Attempts',
		name: 'maxAttempts',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 50 },
		default: 10,
		description:
			'How many times to send a request that was rate-limited or failed on the way, the first time included',
	},
	{
		displayName: 'Max Rate-Limit Wait (Seconds)',
		name: 'maxWaitSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 300,
		description: 'The longest time one item may spend waiting between attempts before it fails',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 30,
		description: 'How long to wait for Help Scout to answer one request',
	},
	{
		displayName: 'Writes per 5 Seconds',
		name: 'burstWrites',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 1000 },
		default: 12,
		description:
			'Help Scout lets an account make 12 writes (such as creates) in any 5 seconds; the node keeps to it so that no create meets a 429. Lower it to leave room for other integrations that write to the same account.',
	},
];

function positive(value: unknown, fallback: number): number {
	const number = Number(value);
	return Number.isFinite(number) && number >= 0 ? number : fallback;
}

export function sendingPolicyFrom(options: IDataObject): SendingPolicy {
	return {
		maxAttempts: Math.max(1, Math.floor(positive(options.maxAttempts, DEFAULT_SENDING_POLICY.maxAttempts))),
		maxWaitMs: positive(options.maxWaitSeconds, DEFAULT_SENDING_POLICY.maxWaitMs / 1000) * 1000,
		timeoutMs: Math.max(1, positive(options.timeoutSeconds, DEFAULT_SENDING_POLICY.timeoutMs / 1000)) * 1000,
		burstWrites: Math.max(1, Math.floor(positive(options.burstWrites, DEFAULT_SENDING_POLICY.burstWrites))),
	};
}
