// n8n's logger prints every node error; keep test output readable unless a test asks for logs.
process.env.N8N_LOG_LEVEL ??= 'silent';

// A stopped execution leaves its wait behind: n8n-workflow's `sleep`, which the node must use for
// its pauses, cannot be cancelled, so after Stop its timer (a backoff, a rate-limit pause of up to
// 60 s) runs on with nothing waiting for it. The test worker stays alive through its IPC channel
// while tests run, so timers that do not hold it alive still fire then; afterwards they must not
// keep a finished worker from exiting.
// n8n-core's own intervals (sweeps started the first time a node runs) are the same: they belong to
// a long-running n8n, not to a finished test worker.
/** The same timer function, its timers unref'd. */
function unrefd<T extends typeof setTimeout | typeof setInterval>(set: T): T {
	return ((...args: Parameters<T>) => {
		const timer = (set as (...given: unknown[]) => unknown)(...args);
		(timer as { unref?: () => void }).unref?.();
		return timer;
	}) as T;
}
globalThis.setTimeout = unrefd(globalThis.setTimeout);
globalThis.setInterval = unrefd(globalThis.setInterval);
