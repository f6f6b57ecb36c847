/**
 * Create's claims as one process keeps them: the user an item reported as created, per account
 * and lower-cased email, so that a later item whose evidence points at the same user (it also met
 * a fault) does not claim it again, and one hire is `created: true` once. A claim matters only
 * while a user's `createdAt` can still fall inside another item's evidence window (seconds to
 * minutes), so it is kept for an hour, and at most MAX_CLAIMS of them (the oldest go first).
 */
export const CLAIM_TTL_MS = 60 * 60_000;
export const MAX_CLAIMS = 10_000;

/** Map order is claim order: the oldest claim is the first entry. */
const claims = new Map<string, { userId: number; claimedAt: number }>();

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

/** Claims `userId` under `key`; false when it was claimed there already. */
export function claim(key: string, userId: number): boolean {
	const taken = isClaimed(key, userId);
	claims.delete(key);
	claims.set(key, { userId, claimedAt: Date.now() });
	forgetExpired(Date.now());
	return !taken;
}

/** Forgets every claim, as a new process would start: for tests, each its own world. */
export function forgetClaims(): void {
	claims.clear();
}

/** How many claims are kept now, for the tests that check the bound. */
export function claimCount(): number {
	return claims.size;
}
