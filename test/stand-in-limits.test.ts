/**
 * The stand-in's rate limits are what the pacing tests and the benchmarks measure against: they
 * must have Help Scout's shape (sliding windows, writes cost 2, a burst of 12 writes in any 5 s,
 * Retry-After in whole seconds rounded up, a 429 costs nothing).
 */
import { PLAN_UNITS, RateLimiter, helpScoutLimits } from './stand-in/limits';

function limiter(plan: number): RateLimiter {
	const rateLimiter = new RateLimiter();
	rateLimiter.limit = helpScoutLimits(plan);
	return rateLimiter;
}

describe('the stand-in rate limits', () => {
	it('admits 12 writes in any 5 s, refuses the 13th by the burst limit, and admits reads meanwhile', () => {
		const limits = limiter(400);
		for (let n = 0; n < 12; n++) expect(limits.admit('POST', 1_000 + n * 100).admitted).toBe(true);
		const refused = limits.admit('POST', 2_300);
		expect(refused).toEqual(expect.objectContaining({ admitted: false, refusedBy: 'burst' }));
		// The first write leaves the window at 6,000: 3.7 s, rounded up.
		expect(refused.headers['X-RateLimit-Retry-After']).toBe('4');
		expect(limits.admit('GET', 2_400).admitted).toBe(true);
		expect(limits.admit('POST', 5_999).admitted).toBe(false);
		expect(limits.admit('POST', 6_001).admitted).toBe(true);
		expect(limits.refusedByBurst).toBe(2);
	});

	it('counts units over a sliding minute, writes as 2, and says what is left', () => {
		const limits = limiter(200);
		let last = limits.admit('GET', 0);
		expect(last.headers['X-RateLimit-Remaining-Minute']).toBe('199');
		// 99 writes, 12 every 5 s: 198 units more, 1 left.
		for (let n = 0; n < 99; n++) last = limits.admit('POST', 1_000 + Math.floor(n / 12) * 5_001 + n);
		expect(last.headers['X-RateLimit-Remaining-Minute']).toBe('1');
		const refused = limits.admit('POST', 50_000);
		expect(refused).toEqual(expect.objectContaining({ admitted: false, refusedBy: 'minute' }));
		// The read at 0 leaves at 60,000, which frees enough: 10 s.
		expect(refused.headers['X-RateLimit-Retry-After']).toBe('10');
		expect(limits.admit('GET', 50_001).admitted).toBe(true);
		expect(limits.admit('POST', 60_500).admitted).toBe(false);
		expect(limits.admit('POST', 61_001).admitted).toBe(true);
	});

	it("on the Pro plan (800 a minute) the burst binds writes: 144 in a minute use 288 of its 800 units", () => {
		const limits = limiter(PLAN_UNITS.pro);
		let last = limits.admit('GET', 0);
		expect(last.headers).toEqual(expect.objectContaining({ 'X-RateLimit-Limit-Minute': '800', 'X-RateLimit-Remaining-Minute': '799' }));
		// 12 writes in each 5 s from 1 s on: 144 before 60 s, none refused.
		for (let n = 0; n < 144; n++) {
			last = limits.admit('POST', 1_000 + Math.floor(n / 12) * 5_000 + n);
			expect(last.admitted).toBe(true);
		}
		expect(last.headers['X-RateLimit-Remaining-Minute']).toBe(String(800 - 1 - 144 * 2));
		expect(limits.admit('POST', 56_500)).toEqual(expect.objectContaining({ admitted: false, refusedBy: 'burst' }));
		expect(limits.refused).toBe(1);
		expect(limits.refusedByBurst).toBe(1);
	});
});
