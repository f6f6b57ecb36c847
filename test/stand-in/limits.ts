/**
 * Help Scout's account-wide rate limit: one budget for every caller, where a read costs 1 and a
 * write 2. Answers carry `X-RateLimit-Limit-Minute` and `X-RateLimit-Remaining-Minute`; a 429
 * carries `X-RateLimit-Retry-After` in whole seconds, rounded up.
 */
export interface RateLimit {
	/** Request units per window; a write costs 2, like Help Scout's. */
	units: number;
	windowMs: number;
	/** Leave out `X-RateLimit-Retry-After` on 429 answers. */
	omitRetryAfter?: boolean;
}

export type Admission = { admitted: true; headers: Record<string, string> } | { admitted: false; headers: Record<string, string> };

export class RateLimiter {
	limit?: RateLimit;
	/** How many requests were answered 429. */
	refused = 0;
	private window = { start: 0, used: 0 };

	reset(): void {
		this.limit = undefined;
		this.refused = 0;
		this.window = { start: 0, used: 0 };
	}

	/** A fixed window shared by every caller. */
	admit(method: string, now = Date.now()): Admission {
		const limit = this.limit;
		if (!limit) return { admitted: true, headers: {} };
		if (now - this.window.start >= limit.windowMs) this.window = { start: now, used: 0 };
		const cost = method === 'GET' ? 1 : 2;
		const remaining = limit.units - this.window.used;
		if (cost > remaining) {
			this.refused++;
			const headers: Record<string, string> = {
				'X-RateLimit-Limit-Minute': String(limit.units),
				'X-RateLimit-Remaining-Minute': '0',
			};
			const retryAfter = Math.max(1, Math.ceil((this.window.start + limit.windowMs - now) / 1000));
			if (!limit.omitRetryAfter) headers['X-RateLimit-Retry-After'] = String(retryAfter);
			return { admitted: false, headers };
		}
		this.window.used += cost;
		return {
			admitted: true,
			headers: {
				'X-RateLimit-Limit-Minute': String(limit.units),
				'X-RateLimit-Remaining-Minute': String(remaining - cost),
			},
		};
	}
}
