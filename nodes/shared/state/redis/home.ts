import { randomBytes } from 'crypto';

import { pause, settledOrStopped } from '../../transport/pause';
import type { Acquired, ClaimOutcome, RateAnswer, RateRequest, Ticket } from '../home';
import { stopped } from '../home';
import { CLAIM_TTL_MS } from '../memory/claims';
import type { QueueModeRedis } from '../queueModeRedis';
import type { StateClient } from './client';
import { connected, stateClient } from './client';
import { budgetKeys, redisKey } from './keys';

/**
 * Redis did not answer in time, or refused: the caller keeps the state in the process instead.
 * Handed back, not thrown, so that no Redis failure can leave the node as an error.
 */
export class RedisTrouble {
	readonly message: string;

	constructor(
		cause: unknown,
		/** How long the caller had already waited for the rate budget. */
		readonly waitedMs = 0,
	) {
		this.message = cause instanceof Error ? cause.message : String(cause);
	}
}

/** A turn's lock outlives its holder by at most this long, and is kept while the work runs. */
export const TURN_LOCK_MS = 30_000;
/** How often a waiting turn asks again: well within Stop's 1 s. */
const TURN_POLL_MS = 100;
/** The longest a rate wait sleeps before asking Redis again. */
const RATE_POLL_MS = 100;
/** A write slot of a request whose answer never came is freed this long after its timeout. */
const SLOT_MARGIN_MS = 5_050;

/** The state in n8n's queue-mode Redis; every call hands back a RedisTrouble when Redis fails it. */
export class RedisHome {
	private readonly client: StateClient;

	constructor(private readonly settings: QueueModeRedis) {
		this.client = stateClient(settings);
	}

	private async call<T>(command: (client: StateClient) => Promise<T>, signal?: AbortSignal, waitedMs = 0): Promise<T | RedisTrouble> {
		if (!(await connected(this.client, signal))) return new RedisTrouble(`not connected (${this.client.status})`, waitedMs);
		return await command(this.client).catch((error: unknown) => new RedisTrouble(error, waitedMs));
	}

	async acquire(key: string, request: RateRequest, signal?: AbortSignal, maxWaitMs = Infinity): Promise<Acquired | RedisTrouble> {
		const keys = budgetKeys(this.settings.keyPrefix, key);
		const cost = request.write ? 2 : 1;
		const holdMs = request.timeoutMs + SLOT_MARGIN_MS;
		const id = randomBytes(8).toString('hex');
		const deadline = Date.now() + Math.max(0, maxWaitMs);
		let waitedMs = 0;
		for (;;) {
			if (signal?.aborted) return { waitedMs };
			const args = [cost, request.write ? 1 : 0, request.burstWrites, id, holdMs];
			const answer = await this.call(async (client) => await client.hsAcquire(...keys, ...args), signal, waitedMs);
			if (answer instanceof RedisTrouble) return answer;
			const [admitted, value] = answer;
			if (admitted === 1) {
				// Redis's own clock names the request there; `startedAt` is this process's, for Create's evidence.
				const sharedAs = `${id}|${cost}|${value}`;
				const ticket: Ticket = { cost, write: request.write, startedAt: Date.now(), burstWrites: request.burstWrites, sharedAs };
				return { ticket, waitedMs };
			}
			// A pause that ends past the deadline is not waited out at all.
			if (Date.now() + value > deadline) return { waitedMs };
			const ms = Math.min(value, RATE_POLL_MS);
			await pause(ms, signal);
			waitedMs += ms;
		}
	}

	/** Ends a request; a release Redis misses frees itself after the request's hold. */
	async release(key: string, ticket: Ticket, answer: RateAnswer): Promise<RedisTrouble | undefined> {
		const request = ticket.sharedAs as string;
		const args = [request, request.split('|')[0], ticket.write ? 1 : 0, answer.remaining ?? '', answer.retryAfterMs ?? ''];
		const released = await this.call(async (client) => await client.hsRelease(...budgetKeys(this.settings.keyPrefix, key), ...args));
		return released instanceof RedisTrouble ? released : undefined;
	}

	async isClaimed(key: string, userId: number): Promise<boolean | RedisTrouble> {
		const holder = await this.call(async (client) => await client.get(redisKey(this.settings.keyPrefix, key, 'claim')));
		return holder instanceof RedisTrouble ? holder : holder === String(userId);
	}

	async claim(key: string, userId: number): Promise<ClaimOutcome | RedisTrouble> {
		const claimKey = redisKey(this.settings.keyPrefix, key, 'claim');
		const taken = await this.call(async (client) => await client.hsClaim(claimKey, userId, CLAIM_TTL_MS));
		return taken instanceof RedisTrouble ? taken : taken === 1 ? 'claimed' : 'taken';
	}

	/**
	 * Takes the turn's lock (a key that expires, TURN_LOCK_MS, kept while `work` runs), asking again
	 * every TURN_POLL_MS while another process holds it. Returns `stopped` on Stop.
	 */
	async inTurn<T>(key: string, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T | typeof stopped | RedisTrouble> {
		const lock = redisKey(this.settings.keyPrefix, key, 'turn');
		const token = randomBytes(16).toString('hex');
		for (;;) {
			const taken = await this.call(async (client) => await client.set(lock, token, 'PX', TURN_LOCK_MS, 'NX'), signal);
			if (taken instanceof RedisTrouble) return taken;
			if (signal?.aborted) return stopped;
			if (taken === 'OK') break;
			await pause(TURN_POLL_MS, signal);
		}
		const done = new AbortController();
		void this.keepLock(lock, token, done.signal);
		try {
			return await work();
		} finally {
			done.abort();
			// A lock Redis could not let go of expires by itself.
			await this.call(async (client) => await client.hsUnlock(lock, token));
		}
	}

	/** Keeps the lock while its work runs; if Redis fails meanwhile, the lock expires by itself. */
	private async keepLock(lock: string, token: string, done: AbortSignal): Promise<void> {
		while (!done.aborted) {
			await settledOrStopped(pause(TURN_LOCK_MS / 3), done);
			if (done.aborted) return;
			if ((await this.call(async (client) => await client.hsExtend(lock, token, TURN_LOCK_MS))) !== 1) return;
		}
	}

	async close(): Promise<void> {
		await this.client.quit().catch(() => undefined);
	}
}
