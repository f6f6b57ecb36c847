import { settledOrStopped } from '../../transport/pause';
import { stopped } from '../home';

/**
 * Turns as one process keeps them: work that must not overlap with itself, whichever execution
 * asks (creates of one email, hand-overs of one user). Keyed by account and subject; a key is
 * forgotten as soon as nobody waits behind it.
 */
const turns = new Map<string, Promise<void>>();

/**
 * Runs `work` once every earlier turn of `key` has ended. Returns `stopped` without running it
 * when the execution is stopped while it waits: another execution's slow create never holds this
 * one past its Stop.
 */
export async function inTurn<T>(key: string, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T | typeof stopped> {
	const before = turns.get(key) ?? Promise.resolve();
	let end!: () => void;
	const mine = new Promise<void>((resolve) => (end = resolve));
	const tail = before.then(async () => await mine);
	turns.set(key, tail);
	void tail.then(() => {
		if (turns.get(key) === tail) turns.delete(key);
	});
	try {
		if (!(await settledOrStopped(before, signal))) return stopped;
		return await work();
	} finally {
		end();
	}
}
