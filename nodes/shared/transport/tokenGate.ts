import { settledOrStopped } from './pause';

/**
 * One token renewal at a time per credential. Help Scout rotates refresh tokens, and n8n 1.x
 * renews once per request that meets a 401: with 20 items in flight that is 20 renewals with one
 * refresh token, 19 of them refused (and a provider may take a reused refresh token for theft).
 * So requests go out with n8n's renewal off (401s come back as answers); the first request to meet
 * a 401 sends itself again with n8n's renewal on, while every other request waits for it and then
 * goes again with the new token. n8n 2.x coalesces renewals itself; this keeps 1.x to one as well.
 */
interface TokenState {
	/** Counts renewals; a request remembers the one it was sent under. */
	generation: number;
	renewing?: Promise<void>;
	/**
	 * A renewal that failed: the requests sent under the same token fail with it instead of renewing
	 * again; requests sent after it (the credential may have been reconnected) may renew anew.
	 */
	failed?: { generation: number; outcome: unknown };
}

const states = new Map<string, TokenState>();

function stateFor(key: string): TokenState {
	let state = states.get(key);
	if (!state) {
		state = { generation: 0 };
		states.set(key, state);
	}
	return state;
}

/**
 * Waits while the credential's token is being renewed; returns the generation to send under, or
 * undefined when the execution was stopped first: a renewal of another execution's (its token
 * request may take up to its timeout) never holds this one past its Stop.
 */
export async function tokenReady(key: string, signal?: AbortSignal): Promise<number | undefined> {
	const state = stateFor(key);
	while (state.renewing) {
		if (!(await settledOrStopped(state.renewing, signal))) return undefined;
	}
	return state.generation;
}

export type Renewal<T> = { renewed: T } | { sendAgain: true } | { failedAs: unknown } | { stopped: true };

/**
 * After a 401 for a request sent under `generation`: renews through `renew` (the request sent
 * again with n8n's renewal on) if nobody has since, else says to send again or how the renewal
 * failed. `succeeded` tells whether `renew`'s outcome means the token works again.
 */
export async function afterUnauthorized<T>(
	key: string,
	generation: number,
	renew: () => Promise<T>,
	succeeded: (outcome: T) => boolean,
	signal?: AbortSignal,
): Promise<Renewal<T>> {
	const state = stateFor(key);
	while (state.renewing) {
		if (!(await settledOrStopped(state.renewing, signal))) return { stopped: true };
	}
	if (state.failed?.generation === generation) return { failedAs: state.failed.outcome };
	if (state.generation !== generation) return { sendAgain: true };
	let outcome!: T;
	// `renew` reports failures as outcomes; it does not throw.
	state.renewing = (async () => {
		outcome = await renew();
		if (!succeeded(outcome)) state.failed = { generation, outcome };
		state.generation++;
	})().finally(() => (state.renewing = undefined));
	// The renewal finishes for the others even when this execution is stopped meanwhile.
	if (!(await settledOrStopped(state.renewing, signal))) return { stopped: true };
	return { renewed: outcome };
}
