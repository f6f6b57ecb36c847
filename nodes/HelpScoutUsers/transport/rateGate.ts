import { sleep } from 'n8n-workflow';

/**
 * Help Scout's rate limit is per account, so a 429 for one item means the others in flight will
 * get one too. After a 429 every request made with the same credential in this process waits
 * until the time Help Scout gave, instead of each item finding out for itself.
 */
const pausedUntil = new Map<string, number>();

export function pauseRequests(credentialKey: string, ms: number): void {
	pausedUntil.set(credentialKey, Math.max(pausedUntil.get(credentialKey) ?? 0, Date.now() + ms));
}

/** Waits out a pause in force; returns how long it waited. */
export async function waitUntilAllowed(credentialKey: string): Promise<number> {
	const ms = (pausedUntil.get(credentialKey) ?? 0) - Date.now();
	if (ms <= 0) {
		pausedUntil.delete(credentialKey);
		return 0;
	}
	await sleep(ms);
	return ms;
}
