/**
 * What Create remembers across executions in this n8n process, per credential and lower-cased
 * email, so that an HR system that fires twice, or a workflow run twice at once, never reports
 * `created: true` twice for one user:
 * - a turn: creates of one email go one after the other, whichever execution they come from; the
 *   later one then meets a clean duplicate instead of racing the first;
 * - a claim: the user an item reported as created. A later item whose evidence points at the same
 *   user (it also met a fault) does not claim it again.
 * Both are bounded. A claim matters only while a user's `createdAt` can still fall inside another
 * item's evidence window (seconds to minutes), so it is kept for an hour, and at most
 * MAX_CLAIMS of them (the oldest go first). A turn is forgotten as soon as nobody waits behind it.
 */
export const CLAIM_TTL_MS = 60 * 60_000;
export const MAX_CLAIMS = 10_000;

/** Map order is claim order: the oldest claim is the first entry. */
const claims = new Map<string, { userId: number; claimedAt: number }>();

export function claimKey(credential: string, email: string): string {
	return `${credential}\u0000${email.toLowerCase()}`;
}

function forgetExpired(now: number): void {
	for (const [key, claim] of claims) {
		if (claims.size <= MAX_CLAIMS && claim.claimedAt + CLAIM_TTL_MS > now) break;
		claims.delete(key);
	}
}

export function isClaimed(key: string, userId: number): boolean {
	forgetExpired(Date.now());
	return claims.get(key)?.userId === userId;
}

export function claim(key: string, userId: number): void {
	claims.delete(key);
	claims.set(key, { userId, claimedAt: Date.now() });
	forgetExpired(Date.now());
}

/** How many claims are kept now, for the tests that check the bound. */
export function claimCount(): number {
	return claims.size;
}
