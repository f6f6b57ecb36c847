import { helpScoutLimits } from '../../test/stand-in';
import { RateLimiter } from '../../test/stand-in/limits';
import type { Batching } from './benchSetup';
import { peerBatching } from './benchSetup';

/** Creates sent batch by batch, each batch on time, as the stand-in's rate limiter counts them. */
function refusedCreates(plan: number, batching: Batching, batches = 40): number {
	const limiter = new RateLimiter();
	limiter.limit = helpScoutLimits(plan);
	let refused = 0;
	for (let batch = 0; batch < batches; batch++) {
		for (let item = 0; item < batching.batchSize; item++) {
			if (!limiter.admit('POST', batch * batching.batchInterval + item).admitted) refused++;
		}
	}
	return refused;
}

describe("the benchmark's peer: the HTTP Request node's Batching for Help Scout's limits", () => {
	it.each([
		[200, { batchSize: 12, batchInterval: 7_500 }],
		[400, { batchSize: 12, batchInterval: 5_000 }],
	])('on a %i/min plan is %o, and Help Scout refuses none of its creates', (plan, batching) => {
		expect(peerBatching(helpScoutLimits(plan))).toEqual(batching);
		expect(refusedCreates(plan, batching)).toBe(0);
	});

	it('is as fast as the limits allow a steady pace of full batches: a shorter interval gets 429s', () => {
		expect(refusedCreates(200, { batchSize: 12, batchInterval: 7_200 })).toBeGreaterThan(0);
		expect(refusedCreates(400, { batchSize: 12, batchInterval: 4_900 })).toBeGreaterThan(0);
	});
});
