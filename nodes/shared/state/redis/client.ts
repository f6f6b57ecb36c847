import { Cluster, Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';

import { pause, settledOrStopped } from '../../transport/pause';
import type { QueueModeRedis } from '../queueModeRedis';
import { ACQUIRE_LUA, CLAIM_LUA, RELEASE_LUA, UNLOCK_LUA, EXTEND_LUA } from './scripts';

/** How long a command may take before the process keeps the state itself: Stop stays within 1 s. */
export const COMMAND_TIMEOUT_MS = 500;
const CONNECT_TIMEOUT_MS = 1_000;

/** The Lua scripts, as commands of the client (ioredis sends each script's SHA after the first). */
export interface StateClient {
	status: string;
	hsAcquire(...args: Array<string | number>): Promise<number[]>;
	hsRelease(...args: Array<string | number>): Promise<number>;
	hsClaim(key: string, userId: number, ttlMs: number): Promise<number>;
	hsUnlock(key: string, token: string): Promise<number>;
	hsExtend(key: string, token: string, ttlMs: number): Promise<number>;
	get(key: string): Promise<string | null>;
	set(key: string, value: string, px: 'PX', ttlMs: number, nx: 'NX'): Promise<'OK' | null>;
	once(event: 'ready', listener: () => void): unknown;
	quit(): Promise<unknown>;
}

/**
 * A client that fails fast instead of waiting: commands are not queued while the connection is
 * down (they fail at once and the process keeps the state itself), each may take
 * COMMAND_TIMEOUT_MS, and the client reconnects in the background, so that a Redis that comes back
 * is used again.
 */
export function stateClient(settings: QueueModeRedis): StateClient {
	const options: RedisOptions = {
		db: settings.db,
		username: settings.username,
		password: settings.password,
		tls: settings.tls,
		connectTimeout: CONNECT_TIMEOUT_MS,
		commandTimeout: COMMAND_TIMEOUT_MS,
		enableOfflineQueue: false,
		maxRetriesPerRequest: 0,
		retryStrategy: (times) => Math.min(times * 250, 2_000),
		connectionName: 'n8n-nodes-helpscout-users',
	};
	const client =
		settings.clusterNodes.length > 0
			? new Cluster(settings.clusterNodes, { redisOptions: options, enableOfflineQueue: false, clusterRetryStrategy: options.retryStrategy })
			: new Redis({ ...options, host: settings.host, port: settings.port });
	// Each command's failure reaches its caller, who falls back and logs; without a listener ioredis
	// would also print every failed reconnection to the console.
	client.on('error', () => undefined);
	client.defineCommand('hsAcquire', { numberOfKeys: 4, lua: ACQUIRE_LUA });
	client.defineCommand('hsRelease', { numberOfKeys: 4, lua: RELEASE_LUA });
	client.defineCommand('hsClaim', { numberOfKeys: 1, lua: CLAIM_LUA });
	client.defineCommand('hsUnlock', { numberOfKeys: 1, lua: UNLOCK_LUA });
	client.defineCommand('hsExtend', { numberOfKeys: 1, lua: EXTEND_LUA });
	return client as unknown as StateClient;
}

/** Whether the client is connected, waiting for its first connection at most CONNECT_TIMEOUT_MS. */
export async function connected(client: StateClient, signal?: AbortSignal): Promise<boolean> {
	if (client.status === 'connecting' || client.status === 'connect') {
		const ready = new Promise<void>((resolve) => client.once('ready', resolve));
		await settledOrStopped(Promise.race([ready, pause(CONNECT_TIMEOUT_MS)]), signal);
	}
	return client.status === 'ready';
}
