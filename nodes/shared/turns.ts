import type { stopped } from './state';
import { stateHome } from './state';

export { stopped } from './state';

/**
 * Work that must not overlap with itself, whichever execution and, in queue mode, whichever n8n
 * process asks: creates of one email, hand-overs of one user. Keyed by account and subject
 * (state/home.ts). Returns `stopped` without running `work` when the execution is stopped while it
 * waits: another execution's slow create never holds this one past its Stop.
 */
export async function inTurn<T>(key: string, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T | typeof stopped> {
	return await stateHome().inTurn(key, signal, work);
}
