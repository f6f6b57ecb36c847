import { pause } from './pause';

/**
 * Help Scout's rate limit belongs to the account, so every request made with one credential in
 * this process shares one budget:
 * - after a 429 every request waits until the time Help Scout gave, instead of each item in
 *   flight finding out for itself;
 * - after that wait, one request goes alone to learn what the new window holds, so that the
 *   items waiting do not all rush into the same 429;
 * - while Help Scout says how many units are left this minute (`X-RateLimit-Remaining-Minute`),
 *   a request starts only if what is left covers it and the requests already in flight. When
 *   nothing is left and nothing is in flight, one request goes ahead to learn when the next
 *   minute opens (its 429 says).
 */
interface Budget {
	pausedUntil: number;
	/** Units left as of the latest answer; undefined when unknown. */
	remaining?: number;
	/** After a 429's wait, until an answer says what the new window holds. */
	probing: boolean;
	inFlight: number;
}

const budgets = new Map<string, Budget>();
const POLL_MS = 25;

function budgetFor(key: string): Budget {
	let budget = budgets.get(key);
	if (!budget) {
		budget = { pausedUntil: 0, inFlight: 0, probing: false };
		budgets.set(key, budget);
	}
	return budget;
}

/**
 * Waits until a request of `cost` units may start, and counts it in flight. Returns false, having
 * counted nothing, when the execution is stopped while waiting.
 */
export async function acquire(key: string, cost: number, signal?: AbortSignal): Promise<boolean> {
	const budget = budgetFor(key);
	for (;;) {
		if (signal?.aborted) return false;
		const paused = budget.pausedUntil - Date.now();
		if (paused > 0) {
			await pause(paused, signal);
			continue;
		}
		const affordable =
			budget.inFlight === 0 ||
			(!budget.probing && (budget.remaining === undefined || budget.remaining - budget.inFlight >= cost));
		if (affordable) break;
		await pause(POLL_MS, signal);
	}
	budget.inFlight += cost;
	return true;
}

/** Ends a request started with `acquire`, with what Help Scout's answer said of the budget. */
export function release(key: string, cost: number, answer: { remaining?: number; retryAfterMs?: number }): void {
	const budget = budgetFor(key);
	budget.inFlight = Math.max(0, budget.inFlight - cost);
	if (answer.retryAfterMs !== undefined) {
		budget.pausedUntil = Math.max(budget.pausedUntil, Date.now() + answer.retryAfterMs);
		// A new window opens after the pause: what it holds is unknown until the next answer.
		budget.remaining = undefined;
		budget.probing = true;
	} else {
		budget.probing = false;
		// An answer without the header (a network error, a proxy) leaves the budget unknown rather
		// than stale.
		budget.remaining = answer.remaining;
	}
}
