/**
 * Help Scout's two rate limits, both account-wide and sliding:
 * - the per-minute budget of the plan (200 on Standard, 400 on Plus, 800 on Pro; a read costs 1, a
 *   write 2), reported in
 *   `X-RateLimit-Limit-Minute` and `X-RateLimit-Remaining-Minute`;
 * - the burst limit: 12 writes in any 5 seconds, which only a 429 shows.
 * A 429 carries `X-RateLimit-Retry-After` in whole seconds, rounded up, and costs nothing.
 */
export interface RateLimit {
	/** Request units per window; a write costs 2, like Help Scout's. */
	units: number;
	/** The per-minute window: 60 s at Help Scout; tests shorten it. */
	windowMs: number;
	/** Writes allowed in any `burstWindowMs`: Help Scout allows 12 in 5 s. None when left out. */
	burstWrites?: number;
	burstWindowMs?: number;
	/** Leave out `X-RateLimit-Retry-After` on 429 answers. */
	omitRetryAfter?: boolean;
}

/** Units a minute by Help Scout plan (its pricing help page). */
export const PLAN_UNITS = { standard: 200, plus: 400, pro: 800 } as const;

/** Help Scout's documented limits for a plan of `unitsPerMinute`: 200 (Standard), 400 (Plus) or 800 (Pro). */
export function helpScoutLimits(unitsPerMinute: number): RateLimit {
	return { units: unitsPerMinute, windowMs: 60_000, burstWrites: 12, burstWindowMs: 5_000 };
}

export interface Admission {
	admitted: boolean;
	headers: Record<string, string>;
	/** Which limit refused the request. */
	refusedBy?: 'minute' | 'burst';
}

export class RateLimiter {
	limit?: RateLimit;
	/** How many requests were answered 429, by limit. */
	refused = 0;
	refusedByBurst = 0;
	private admitted: Array<{ at: number; cost: number; write: boolean }> = [];

	reset(): void {
		this.limit = undefined;
		this.refused = 0;
		this.refusedByBurst = 0;
		this.admitted = [];
	}

	/** Units another integration of the account spent at `at`: they count against the same minute. */
	spend(units: number, at = Date.now()): void {
		for (let unit = 0; unit < units; unit++) this.admitted.push({ at, cost: 1, write: false });
	}

	admit(method: string, now = Date.now()): Admission {
		const limit = this.limit;
		if (!limit) return { admitted: true, headers: {} };
		const write = method !== 'GET';
		const cost = write ? 2 : 1;
		this.admitted = this.admitted.filter((entry) => entry.at > now - Math.max(limit.windowMs, limit.burstWindowMs ?? 0));
		const inMinute = this.admitted.filter((entry) => entry.at > now - limit.windowMs);
		const used = inMinute.reduce((sum, entry) => sum + entry.cost, 0);
		const headers: Record<string, string> = { 'X-RateLimit-Limit-Minute': String(limit.units) };

		const refuse = (refusedBy: 'minute' | 'burst', freeAt: number): Admission => {
			this.refused++;
			if (refusedBy === 'burst') this.refusedByBurst++;
			headers['X-RateLimit-Remaining-Minute'] = String(Math.max(0, limit.units - used));
			if (!limit.omitRetryAfter) {
				headers['X-RateLimit-Retry-After'] = String(Math.max(1, Math.ceil((freeAt - now) / 1000)));
			}
			return { admitted: false, headers, refusedBy };
		};

		if (used + cost > limit.units) {
			// The oldest units leave the window first: free when enough of them have.
			let freed = 0;
			const needed = used + cost - limit.units;
			const enough = inMinute.find((entry) => (freed += entry.cost) >= needed);
			return refuse('minute', (enough?.at ?? now) + limit.windowMs);
		}
		if (write && limit.burstWrites !== undefined && limit.burstWindowMs !== undefined) {
			const writes = this.admitted.filter((entry) => entry.write && entry.at > now - limit.burstWindowMs!);
			if (writes.length >= limit.burstWrites) {
				return refuse('burst', writes[writes.length - limit.burstWrites].at + limit.burstWindowMs);
			}
		}
		this.admitted.push({ at: now, cost, write });
		headers['X-RateLimit-Remaining-Minute'] = String(limit.units - used - cost);
		return { admitted: true, headers };
	}
}
