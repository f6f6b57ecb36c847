import { sleep } from 'n8n-workflow';

/**
 * Waits `ms`, or less if the execution is stopped: n8n's Stop aborts the signal, and a node that
 * still sleeps through backoffs after that keeps the execution alive for nothing.
 */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	if (!signal) return await sleep(ms);
	if (signal.aborted) return;
	let onAbort!: () => void;
	const aborted = new Promise<void>((resolve) => (onAbort = resolve));
	signal.addEventListener('abort', onAbort, { once: true });
	try {
		await Promise.race([sleep(ms), aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}
