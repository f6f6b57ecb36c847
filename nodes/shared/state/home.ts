/**
 * State that outlives an execution and belongs to the Help Scout account, not to one process: the
 * rate budget (burst window, per-minute budget, a 429's pause), Create's claims and the turns of
 * work that must not overlap. It has two homes with this one shape: the process (memory/) and, in
 * n8n's queue mode, the Redis that n8n's queue runs on (redis/). index.ts chooses.
 *
 * Keys name the account first: `account:<companyId>` (account.ts), or `credential:<id>` while the
 * account is not known yet. A turn's or a claim's key adds its subject after a NUL
 * (`account:7\u0000ada@example.com`); Redis is given the subject only as an HMAC keyed with the
 * account, never in the clear.
 */
export interface RateRequest {
	write: boolean;
	/** The burst limit the request is sent under (Writes per 5 Seconds). */
	burstWrites: number;
	/** How long the request may take: a slot of a process that died is freed after it. */
	timeoutMs: number;
}

/** One request between `acquire` and `release`. */
export interface Ticket {
	cost: number;
	write: boolean;
	startedAt: number;
	burstWrites: number;
	/** Which home gave the ticket, and its name there (Redis only). */
	sharedAs?: string;
}

export interface Acquired {
	ticket?: Ticket;
	waitedMs: number;
}

/** What Help Scout's answer said of the budget. */
export interface RateAnswer {
	remaining?: number;
	retryAfterMs?: number;
}

/**
 * What claiming a user said: `claimed` by this item now; `taken` by another item already; or
 * `unshared`, kept in this process only because the shared home could not be reached, so that
 * another process may claim the same user: not enough to say `created: true` on evidence alone.
 */
export type ClaimOutcome = 'claimed' | 'taken' | 'unshared';

/** What `inTurn` returns when the execution was stopped before its turn came. */
export const stopped = Symbol('stopped');

export interface StateHome {
	/**
	 * Waits until a request may start and counts it in flight. No ticket when the execution was
	 * stopped or the wait would run past `maxWaitMs`.
	 */
	acquire(key: string, request: RateRequest, signal?: AbortSignal, maxWaitMs?: number): Promise<Acquired>;
	release(key: string, ticket: Ticket, answer: RateAnswer): void;
	/** Whether `userId` was claimed under `key` (within the last hour). */
	isClaimed(key: string, userId: number): Promise<boolean>;
	claim(key: string, userId: number): Promise<ClaimOutcome>;
	/** Runs `work` once every earlier turn of `key` has ended, or returns `stopped` on Stop. */
	inTurn<T>(key: string, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T | typeof stopped>;
}

/** A key's account and its subject (empty for the rate budget's keys). */
export function splitKey(key: string): { account: string; subject: string } {
	const at = key.indexOf('\u0000');
	return at === -1 ? { account: key, subject: '' } : { account: key.slice(0, at), subject: key.slice(at + 1) };
}

/** Claims and turns of one subject: the account, a NUL, and what the subject is (an email, a user). */
export function subjectKey(account: string, subject: string): string {
	return `${account}\u0000${subject}`;
}
