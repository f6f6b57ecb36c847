/**
 * Scenario H of `npm run bench`: a seat review (issue 26). The access review's account (500 users,
 * 60 inboxes, 8 teams) with replies; Get Many with Return All, Include Activity (Last 30 Days),
 * Include Inboxes, Include Teams and Add Seat Summary, at its defaults, in the real n8n, on a
 * 400/min plan (reports are on Plus and Pro). Twice: on an account whose minute is its own, and
 * on one where another integration has just spent all but 40 units of the minute, so that the
 * limit binds. The target: every request within the budget (no 429 beyond the one that learns
 * when units come back) and at most 1.10x the least time the limit allows.
 */
import { accessReviewRequests } from '../../test/fixtures/accessReview';
import { seatReviewParameters, seedSeatReview } from '../../test/fixtures/seatReview';
import { chainWorkflow, helpScoutStep } from '../../test/fixtures/workflows';
import type { FakeHelpScout } from '../../test/stand-in';
import { helpScoutLimits } from '../../test/stand-in';
import { CLIENT_ID, CLIENT_SECRET, LATENCY_MS } from './benchSetup';
import type { N8nInstance } from './n8n';
import { log } from './n8n';

const PLAN = 400;
/** What another integration leaves of the minute in the shared case. */
const LEFT_BY_OTHERS = 40;

export interface SeatRun {
	label: string;
	ms: number;
	/** The least time the limit allows: the pages of the user list one after the other, or, when the budget binds, until the spent units leave the minute, plus a round trip. */
	minimumMs: number;
	users: number;
	requests: number;
	expected: number;
	reports: number;
	rateLimited: number;
	failed: boolean;
}

/** What one request per user (the User report) would cost instead, and its least time on the plan. */
export interface PerUserAlternative {
	requests: number;
	minimumMs: number;
}

export async function seatReviewScenario(n8n: N8nInstance, fake: FakeHelpScout): Promise<{ runs: SeatRun[]; perUser: PerUserAlternative }> {
	const runs: SeatRun[] = [];
	for (const shared of [false, true]) {
		fake.reset();
		fake.addClient(CLIENT_ID, CLIENT_SECRET);
		fake.latencyMs = LATENCY_MS;
		seedSeatReview(fake);
		const expected = accessReviewRequests(fake).total + 1;
		const id = `bench${Math.random().toString(36).slice(2, 12)}`;
		await n8n.importWorkflow(
			chainWorkflow(id, [
				{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
				{ ...helpScoutStep('Contender', { ...seatReviewParameters, retriesAndLimits: {} }, 'benchHelpScout'), typeVersion: 1.1 },
			]),
		);
		const label = shared ? `minute shared: ${LEFT_BY_OTHERS} of ${PLAN} units left by another integration` : 'minute its own';
		log(`Scenario H: seat review, 500 users, ${PLAN}/min plan, ${label} ...`);
		fake.rateLimit = helpScoutLimits(PLAN);
		const spentAt = Date.now();
		if (shared) fake.spendBudget(PLAN - LEFT_BY_OTHERS);
		const before = fake.apiRequests().length;
		const reportsBefore = fake.apiRequests('GET', '/v2/reports/').length;
		const rateLimitedBefore = fake.rateLimited;
		const result = await n8n.execute(id);
		fake.rateLimit = undefined;
		const nodeRuns = result.data.resultData.runData.Contender as unknown as
			| Array<{ startTime?: number; executionTime?: number; data?: { main?: unknown[][] }; error?: unknown }>
			| undefined;
		const run = nodeRuns?.[0];
		const startedAt = run?.startTime ?? spentAt;
		const chainMs = Math.ceil(fake.users.length / 50) * LATENCY_MS;
		// The units beyond what is left can go only once the other integration's leave the minute.
		const bindsMs = shared && expected > LEFT_BY_OTHERS ? spentAt + 60_000 - startedAt + LATENCY_MS : 0;
		const figures: SeatRun = {
			label,
			ms: run?.executionTime ?? 0,
			minimumMs: Math.max(chainMs, bindsMs),
			users: Math.max(0, (run?.data?.main?.[0]?.length ?? 0) - 1),
			requests: fake.apiRequests().length - before,
			expected,
			reports: fake.apiRequests('GET', '/v2/reports/').length - reportsBefore,
			rateLimited: fake.rateLimited - rateLimitedBefore,
			failed: result.data.resultData.error !== undefined || run?.error !== undefined,
		};
		log(
			`  ${figures.ms} ms (least ${figures.minimumMs} ms), ${figures.users} users, ${figures.requests} requests (${expected} expected, ${figures.reports} report), ${figures.rateLimited} 429s`,
		);
		runs.push(figures);
	}
	// The User report instead: one request per user beside the same lists; whatever exceeds the
	// minute's budget waits for the next minute.
	const requests = runs[0].expected - 1 + 500;
	return { runs, perUser: { requests, minimumMs: Math.floor((requests - 1) / PLAN) * 60_000 + LATENCY_MS } };
}
