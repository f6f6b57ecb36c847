import { LoggerProxy } from 'n8n-workflow';

import type { Acquired, RateAnswer, RateRequest, StateHome, Ticket } from './home';
import { stopped } from './home';
import { memoryHome } from './memory';
import { queueModeRedis } from './queueModeRedis';
import { RedisHome, RedisTrouble } from './redis/home';

export type { ClaimOutcome, RateAnswer, RateRequest, Ticket } from './home';
export { splitKey, stopped, subjectKey } from './home';
export { BURST_WINDOW_MS, BURST_WRITES } from './memory/rateGate';

/** What a turn hears when Redis failed before its work began. */
const fellBack = Symbol('fell back');

/** After Redis failed, the process keeps the state itself this long before asking Redis again. */
const BACK_OFF_MS = 5_000;

/**
 * The state in n8n's queue-mode Redis, falling back to the process when Redis fails: no wait past
 * an item's own limits, Stop within 1 s, and a claim that could not be shared says so (`unshared`)
 * so that Create does not report `created: true` on it. n8n's log hears of it once per outage.
 */
export function sharedHome(redis: RedisHome, log: (message: string) => void): StateHome {
	let troubleUntil = 0;
	let outage = false;
	const out = () => Date.now() < troubleUntil;
	const failed = (trouble: RedisTrouble) => {
		troubleUntil = Date.now() + BACK_OFF_MS;
		if (!outage) {
			log(
				`Help Scout Users: n8n's queue-mode Redis failed (${trouble.message}); Help Scout's rate limits, ` +
					"Create's claims and turns are kept in this process only until it answers again",
			);
		}
		outage = true;
	};
	const answered = () => {
		if (outage) log("Help Scout Users: n8n's queue-mode Redis answers again; the state is shared again");
		outage = false;
	};
	/** Runs `shared` on Redis, or `local` when Redis is out or fails. */
	async function either<T>(shared: () => Promise<T | RedisTrouble>, local: (waitedMs: number) => Promise<T>): Promise<T> {
		if (out()) return await local(0);
		const outcome = await shared();
		if (!(outcome instanceof RedisTrouble)) {
			answered();
			return outcome;
		}
		failed(outcome);
		return await local(outcome.waitedMs);
	}
	return {
		acquire: async (key: string, request: RateRequest, signal?: AbortSignal, maxWaitMs = Infinity): Promise<Acquired> =>
			await either(
				async () => await redis.acquire(key, request, signal, maxWaitMs),
				async (waitedMs) => {
					const acquired = await memoryHome.acquire(key, request, signal, maxWaitMs - waitedMs);
					return { ...acquired, waitedMs: acquired.waitedMs + waitedMs };
				},
			),
		release: (key: string, ticket: Ticket, answer: RateAnswer) => {
			if (ticket.sharedAs === undefined) return memoryHome.release(key, ticket, answer);
			// The process keeps a 429's pause too, in case Redis fails while it lasts.
			if (answer.retryAfterMs !== undefined) memoryHome.release(key, { ...ticket, write: false }, answer);
			void redis.release(key, ticket, answer).then((trouble) => (trouble ? failed(trouble) : answered()));
		},
		isClaimed: async (key, userId) =>
			await either(
				async () => await redis.isClaimed(key, userId),
				async () => await memoryHome.isClaimed(key, userId),
			),
		claim: async (key, userId) =>
			await either(
				async () => await redis.claim(key, userId),
				async () => ((await memoryHome.claim(key, userId)) === 'taken' ? 'taken' : 'unshared'),
			),
		// Turns of one process queue in it first: Redis sees one waiter per process, not per item.
		inTurn: async <T>(key: string, signal: AbortSignal | undefined, work: () => Promise<T>) =>
			await memoryHome.inTurn(key, signal, async () => {
				// Redis hands back trouble only before `work` began: then the process's turn is all there is.
				const outcome = await either<T | typeof stopped | typeof fellBack>(
					async () => await redis.inTurn(key, signal, work),
					async () => fellBack,
				);
				if (outcome !== fellBack) return outcome;
				return signal?.aborted ? stopped : await work();
			}),
	};
}

let chosen: StateHome | undefined;

/**
 * Where the state lives, chosen once per process: n8n's queue-mode Redis when n8n runs in queue
 * mode (queueModeRedis.ts), else the process.
 */
export function stateHome(): StateHome {
	if (chosen) return chosen;
	const setting = queueModeRedis();
	const log = (message: string) => LoggerProxy.warn(message);
	if ('redis' in setting) {
		chosen = sharedHome(new RedisHome(setting.redis), log);
	} else {
		if ('unreadable' in setting) {
			log(
				`Help Scout Users: queue mode, but ${setting.unreadable.join(', ')} cannot be read by a node (no file ` +
					"access): Help Scout's rate limits, Create's claims and turns are kept in this process only",
			);
		}
		chosen = memoryHome;
	}
	return chosen;
}
