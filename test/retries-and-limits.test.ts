/**
 * Retries and Limits, the sending settings' own group since node version 1.1, and the workflows
 * saved before it, which keep those settings under Options: both shapes must still steer the node.
 */
import type { IDataObject, INode, INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { HelpScoutUsers } from '../nodes/HelpScoutUsers/HelpScoutUsers.node';
import { createUserParameters, NODE_TYPE } from './fixtures/workflows';
import { runNode } from './helpers/engine';
import { clientCredentials, useFakeHelpScout } from './helpers/useStandIn';

const fake = useFakeHelpScout();

const EMAIL = 'new.hire@example.com';
const create = createUserParameters({ firstName: 'New', lastName: 'Hire', email: EMAIL });

const rateLimited = (retryAfter: string, times = 5) =>
	fake.inject({ method: 'POST', path: '/v2/users', kind: 'status', status: 429, times, headers: { 'X-RateLimit-Retry-After': retryAfter } });

/** The node's parameters as n8n keeps them once it loads a saved workflow (the Workflow constructor). */
function asLoaded(typeVersion: number, parameters: IDataObject): IDataObject {
	const node: INode = {
		id: 'saved',
		name: 'Saved',
		type: NODE_TYPE,
		typeVersion,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
	};
	const nodeTypes: INodeTypes = {
		getByName: () => new HelpScoutUsers(),
		getByNameAndVersion: () => new HelpScoutUsers(),
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.getNode('Saved')!.parameters as IDataObject;
}

describe('a workflow saved before Retries and Limits (version 1, settings under Options)', () => {
	it('still stops after Max Attempts: options.maxAttempts 1 sends one create', async () => {
		rateLimited('1');
		const result = await runNode({ credentials: clientCredentials(), parameters: { ...create, options: { maxAttempts: 1 } } });
		expect(result.error?.message).toBe(
			'Help Scout kept rate-limiting the request: gave up after 1 attempts and 0 s of waiting [item 0]',
		);
		expect(fake.apiRequests('POST')).toHaveLength(1);
		expect(fake.usersWithEmail(EMAIL)).toHaveLength(0);
	});

	it('still stops at Max Rate-Limit Wait: options.maxWaitSeconds 5 does not wait 30 s', async () => {
		rateLimited('30');
		const result = await runNode({ credentials: clientCredentials(), parameters: { ...create, options: { maxWaitSeconds: 5 } } });
		expect(result.error?.httpCode).toBe('429');
		expect(fake.apiRequests('POST')).toHaveLength(1);
	});

	it('still keeps to its Concurrency on a read: options.concurrency 2', async () => {
		fake.latencyMs = 30;
		const items = Array.from({ length: 8 }, (_, n) => ({ id: fake.users[n % 3].id }));
		const result = await runNode({
			credentials: clientCredentials(),
			items,
			parameters: { resource: 'user', operation: 'get', userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, options: { concurrency: 2 } },
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(8);
		expect(fake.maxInFlight).toBe(2);
	});

	it('keeps its Options when n8n loads it, and a version 1.1 node keeps only Retries and Limits', () => {
		const saved = { ...create, options: { ifUserExists: 'skip', maxAttempts: 1, burstWrites: 6 }, retriesAndLimits: { timeoutSeconds: 5 } };
		expect(asLoaded(1, saved)).toMatchObject({
			options: { ifUserExists: 'skip', maxAttempts: 1, burstWrites: 6 },
			retriesAndLimits: { timeoutSeconds: 5 },
		});
		const current = asLoaded(1.1, saved);
		expect(current.options).toEqual({ ifUserExists: 'skip' });
		expect(current.retriesAndLimits).toEqual({ timeoutSeconds: 5 });

		const read = { resource: 'user', operation: 'getMe', options: { maxAttempts: 2 } };
		expect(asLoaded(1, read).options).toEqual({ maxAttempts: 2 });
		expect(asLoaded(1.1, read).options).toBeUndefined();
	});
});

describe('Retries and Limits', () => {
	it('limits attempts: maxAttempts 1 sends one create', async () => {
		rateLimited('1');
		const result = await runNode({ credentials: clientCredentials(), parameters: { ...create, retriesAndLimits: { maxAttempts: 1 } } });
		expect(result.error?.message).toBe(
			'Help Scout kept rate-limiting the request: gave up after 1 attempts and 0 s of waiting [item 0]',
		);
		expect(fake.apiRequests('POST')).toHaveLength(1);
	});

	it('wins over what Options still holds: maxAttempts 2 here, 1 under Options, creates on the second attempt', async () => {
		rateLimited('1', 1);
		const result = await runNode({
			credentials: clientCredentials(),
			parameters: { ...create, options: { maxAttempts: 1 }, retriesAndLimits: { maxAttempts: 2 } },
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ created: true });
		expect(fake.apiRequests('POST')).toHaveLength(2);
		expect(fake.usersWithEmail(EMAIL)).toHaveLength(1);
	});

	it('limits the wait: maxWaitSeconds 5 does not wait 30 s', async () => {
		rateLimited('30');
		const result = await runNode({ credentials: clientCredentials(), parameters: { ...create, retriesAndLimits: { maxWaitSeconds: 5 } } });
		expect(result.error?.httpCode).toBe('429');
		expect(fake.apiRequests('POST')).toHaveLength(1);
	});

	it('limits the items in flight on a read: concurrency 2', async () => {
		fake.latencyMs = 30;
		const items = Array.from({ length: 8 }, (_, n) => ({ id: fake.users[n % 3].id }));
		const result = await runNode({
			credentials: clientCredentials(),
			items,
			parameters: {
				resource: 'user',
				operation: 'get',
				userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
				retriesAndLimits: { concurrency: 2 },
			},
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(8);
		expect(fake.maxInFlight).toBe(2);
	});

	it('limits how long a read may take: timeoutSeconds 1, one attempt', async () => {
		fake.latencyMs = 2_500;
		const started = Date.now();
		const result = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'user', operation: 'getMe', retriesAndLimits: { timeoutSeconds: 1, maxAttempts: 1 } },
		});
		expect(result.error).toBeDefined();
		expect(Date.now() - started).toBeLessThan(2_400);
		expect(fake.apiRequests('GET').filter((request) => request.path === '/v2/users/me')).toHaveLength(1);
	});
});
