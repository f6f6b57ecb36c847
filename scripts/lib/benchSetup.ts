/** The workflows, items and credentials the benchmark feeds to both contenders. */
import type { IDataObject } from 'n8n-workflow';

import type { NewHire, WorkflowStep } from '../../test/fixtures/workflows';
import { chainWorkflow, createUserParameters, helpScoutStep } from '../../test/fixtures/workflows';
import type { RateLimit } from '../../test/stand-in';

export const LATENCY_MS = 50;
export const CLIENT_ID = 'bench-app';
export const CLIENT_SECRET = 'bench-secret';

export type Contender = 'node' | 'httpBatched' | 'http' | 'httpRetry';

/** The HTTP Request node's Batching option: Items per Batch, Batch Interval (ms). */
export interface Batching {
	batchSize: number;
	batchInterval: number;
}

/**
 * The Batching an n8n user who knows Help Scout's limits sets on the HTTP Request node: a batch
 * as large as the burst allows, and batches far enough apart that neither sliding window is
 * exceeded when they go on time (any 5 s holds one batch; any minute holds as many batches as
 * the plan's write budget, a write costing 2 units). 200/min: 12 every 7,500 ms (96 writes a
 * minute, the budget 100); 400/min: 12 every 5,000 ms (the burst binds).
 */
export function peerBatching(limit: RateLimit): Batching {
	const batchSize = limit.burstWrites ?? Math.floor(limit.units / 2);
	const burstInterval = limit.burstWindowMs ?? 0;
	const batchesPerWindow = Math.floor(limit.units / 2 / batchSize);
	return { batchSize, batchInterval: Math.max(burstInterval, Math.ceil(limit.windowMs / batchesPerWindow)) };
}

/** Create User with the items' fields and the defaults otherwise, as the bench runs it. */
export const createUserStep = helpScoutStep('Contender', createUserParameters({ options: {} }), 'benchHelpScout');

/**
 * The least time `writes` creates can take under `limit`, one round trip of `latencyMs` each:
 * every write goes as early as both sliding windows allow, as Help Scout counts them.
 */
export function minimumMs(writes: number, limit: RateLimit, latencyMs: number): number {
	const starts: number[] = [];
	const perMinute = Math.floor(limit.units / 2);
	for (let index = 0; index < writes; index++) {
		let start = index === 0 ? 0 : starts[index - 1];
		if (index >= perMinute) start = Math.max(start, starts[index - perMinute] + limit.windowMs);
		if (limit.burstWrites !== undefined && index >= limit.burstWrites) {
			start = Math.max(start, starts[index - limit.burstWrites] + (limit.burstWindowMs ?? 0));
		}
		starts.push(start);
	}
	return (starts[writes - 1] ?? 0) + latencyMs;
}

/** Manual trigger → the items → the contender, as a user would build it. */
export function benchWorkflow(
	id: string,
	contender: Contender,
	items: NewHire[],
	nodeOptions: IDataObject = {},
	batching?: Batching,
): ReturnType<typeof chainWorkflow> {
	if (contender === 'httpBatched' && !batching) throw new Error('the batched HTTP Request node needs its Batching');
	const contenderStep: WorkflowStep =
		contender === 'node'
			? { ...createUserStep, parameters: { ...createUserStep.parameters, options: nodeOptions } }
			: {
					name: 'Contender',
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					parameters: {
						method: 'POST',
						url: 'https://api.helpscout.net/v2/users',
						authentication: 'genericCredentialType',
						genericAuthType: 'oAuth2Api',
						sendBody: true,
						specifyBody: 'json',
						jsonBody:
							'={{ JSON.stringify({ firstName: $json.firstName, lastName: $json.lastName, email: $json.email, role: "user" }) }}',
						options: contender === 'httpBatched' ? { batching: { batch: batching } } : {},
					},
					credentials: { oAuth2Api: { id: 'benchGenericOAuth2', name: 'benchGenericOAuth2' } },
					...(contender === 'httpRetry' ? { retryOnFail: true } : {}),
				};
	return chainWorkflow(id, [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
		{
			name: 'Items',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ hires: items }), options: {} },
		},
		{
			name: 'One Item per Hire',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			parameters: { fieldToSplitOut: 'hires', include: 'noOtherFields', options: {} },
		},
		contenderStep,
	]);
}

export const benchCredentials = [
	{
		id: 'benchHelpScout',
		name: 'benchHelpScout',
		type: 'helpScoutUsersOAuth2Api',
		data: { grantType: 'clientCredentials', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
	},
	{
		// What a user of the HTTP Request node would set up: n8n's generic OAuth2 credential.
		id: 'benchGenericOAuth2',
		name: 'benchGenericOAuth2',
		type: 'oAuth2Api',
		data: {
			grantType: 'clientCredentials',
			accessTokenUrl: 'https://api.helpscout.net/v2/oauth2/token',
			clientId: CLIENT_ID,
			clientSecret: CLIENT_SECRET,
			scope: '',
			authentication: 'body',
		},
	},
];
