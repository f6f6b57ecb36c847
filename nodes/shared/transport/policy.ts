import { BURST_WRITES } from '../state';

export interface SendingPolicy {
	/** Attempts in all, the first included. */
	maxAttempts: number;
	/** Longest total time spent waiting between attempts. */
	maxWaitMs: number;
	/** How long one request may take before it counts as failed. */
	timeoutMs: number;
	/** Writes allowed in any 5 s (Help Scout's burst limit: 12). */
	burstWrites: number;
}

export const DEFAULT_SENDING_POLICY: SendingPolicy = {
	maxAttempts: 10,
	maxWaitMs: 300_000,
	timeoutMs: 30_000,
	burstWrites: BURST_WRITES,
};

/** What one item has spent on a request so far; calls that share one count share the object. */
export interface AttemptCount {
	made: number;
	waitedMs: number;
	/** When the first of these requests left for Help Scout, after any wait for the rate budget. */
	firstSentAt?: number;
}

/** Exponential backoff with jitter: between half and all of 0.5 s, 1 s, 2 s, … up to 30 s. */
export function backoffMs(attempt: number): number {
	const ceiling = Math.min(30_000, 500 * 2 ** (Math.max(1, attempt) - 1));
	return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}
