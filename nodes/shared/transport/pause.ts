import { sleep } from 'n8n-workflow';

/** Node's timers hold at most 2^31-1 ms; past that they fire at once, with a warning. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Waits `ms`, or less if the execution is stopped: n8n's Stop aborts the signal, and a node that
 * still sleeps through backoffs after that keeps the execution alive for nothing.
 */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	const delay = Number.isFinite(ms) ? Math.min(Math.max(0, ms), MAX_TIMER_MS) : MAX_TIMER_MS;
	if (!signal) return await sleep(delay);
	await settledOrStopped(sleep(delay), signal);
}

/**
 * Waits for another piece of work this one depends on (another execution's token renewal, another
 * item's create of the same email) unless the execution is stopped first. True when the work
 * settled; false when Stop came first (the work goes on, but this execution no longer waits).
 */
export async function settledOrStopped(work: Promise<unknown>, signal?: AbortSignal): Promise<boolean> {
	const settled = work.then(
		() => true,
		() => true,
	);
	if (!signal) return await settled;
	if (signal.aborted) return false;
	let onAbort!: () => void;
	const stopped = new Promise<boolean>((resolve) => (onAbort = () => resolve(false)));
	signal.addEventListener('abort', onAbort, { once: true });
	try {
		return await Promise.race([settled, stopped]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}
