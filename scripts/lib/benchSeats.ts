/**
 * Scenario H of `npm run bench`: a seat review (issue 26). The access review's account (500 users,
 * 60 inboxes, 8 teams) with replies; Get Many with Return All, Include Activity (Last 30 Days),
 * Include Inboxes, Include Teams and Add Seat Summary, at its defaults, in the real n8n, on a
 * 400/min plan (reports are on Plus and Pro). On an account whose minute is its own, beside the
 * same step without Include Activity (scenario G's), and on one where another integration has just
 * spent all but 40 units of the minute, so that the limit binds. The targets: the report costs one
 * request and no time beside the lists; every request within the budget; at most 1.10x the least
 * time the limit allows.
 */
import type { IDataObject } from 'n8n-workflow';

import { accessReviewParameters, accessReviewRequests } from '../../test/fixtures/accessReview';
import { seatReviewParameters, seedSeatReview } from '../../test/fixtures/seatReview';
import { chainWorkflow, helpScoutStep } from '../../test/fixtures/workflows';
import type { FakeHelpScout } from '../../test/stand-in';
import { helpScoutLimits } from '../../test/stand-in';
import { CLIENT_ID, CLIENT_SECRET, LATENCY_MS } from './benchSetup';
import type { N8nInstance } from './n8n';
import { log } from './n8n';

const PLAN = 400;
/** Runs of each step on its own minute; the median stands for it. */
const ROUNDS = 3;
/** What another integration leaves of the minute in the shared case. */
const LEFT_BY_OTHERS = 40;

export interface SeatRun {
	label: string;
	activity: boolean;
	ms: number;
	/** The least time the limit allows: the pages of the user list one after the other, or, when the budget binds, until the spent units leave the minute, plus a round trip. */
	minimumMs: number;
	users: number;
	requests: number;
	expected: number;
	reports: number;
	/** Requests that went again (the same path and query): a retry after a reset, a timeout or a 5xx. */
	sentAgain: number;
	rateLimited: number;
	failed: boolean;
}

/** What one request per user (the User report) would cost instead, and its least time on the plan. */
export interface PerUserAlternative {
	requests: number;
	minimumMs: number;
}

function medianRun(runs: SeatRun[]): SeatRun {
	return [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)];
}

export async function seatReviewScenario(n8n: N8nInstance, fake: FakeHelpScout): Promise<{ runs: SeatRun[]; perUser: PerUserAlternative }> {
	// One account for every run; a first read lets n8n renew the token an earlier scenario's
	// account gave it, so that no run replays its first requests after a 401.
	fake.reset();
	fake.addClient(CLIENT_ID, CLIENT_SECRET);
	fake.latencyMs = LATENCY_MS;
	seedSeatReview(fake);
	const workflowOf = async (parameters: IDataObject) => {
		const id = `bench${Math.random().toString(36).slice(2, 12)}`;
		await n8n.importWorkflow(
			chainWorkflow(id, [
				{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
				{ ...helpScoutStep('Contender', { ...parameters, retriesAndLimits: {} }, 'benchHelpScout'), typeVersion: 1.1 },
			]),
		);
		return id;
	};
	await n8n.execute(await workflowOf({ resource: 'user', operation: 'getMe' }));
	const ids = { lists: await workflowOf(accessReviewParameters), seats: await workflowOf(seatReviewParameters) };

	const runOnce = async (activity: boolean, shared: boolean): Promise<SeatRun> => {
		const expected = accessReviewRequests(fake).total + (activity ? 1 : 0);
		const label = shared
			? `Include Activity, minute shared: ${LEFT_BY_OTHERS} of ${PLAN} units left by another integration`
			: `${activity ? 'Include Activity' : "without it (G's step)"}, minute its own`;
		log(`Scenario H: seat review, 500 users, ${PLAN}/min plan, ${label} ...`);
		fake.rateLimit = helpScoutLimits(PLAN);
		const spentAt = Date.now();
		if (shared) fake.spendBudget(PLAN - LEFT_BY_OTHERS);
		const before = fake.apiRequests().length;
		const rateLimitedBefore = fake.rateLimited;
		const result = await n8n.execute(activity ? ids.seats : ids.lists);
		fake.rateLimit = undefined;
		const nodeRuns = result.data.resultData.runData.Contender as unknown as
			| Array<{ startTime?: number; executionTime?: number; data?: { main?: unknown[][] }; error?: unknown }>
			| undefined;
		const run = nodeRuns?.[0];
		const startedAt = run?.startTime ?? spentAt;
		const chainMs = Math.ceil(fake.users.length / 50) * LATENCY_MS;
		// The units beyond what is left can go only once the other integration's leave the minute.
		const bindsMs = shared && expected > LEFT_BY_OTHERS ? spentAt + 60_000 - startedAt + LATENCY_MS : 0;
		const sent = fake.apiRequests().slice(before).map((request) => `${request.path}?${new URLSearchParams(request.query)}`);
		const figures: SeatRun = {
			label,
			activity,
			ms: run?.executionTime ?? 0,
			minimumMs: Math.max(chainMs, bindsMs),
			users: Math.max(0, (run?.data?.main?.[0]?.length ?? 0) - (activity ? 1 : 0)),
			requests: sent.length,
			expected,
			reports: sent.filter((line) => line.startsWith('/v2/reports/')).length,
			sentAgain: sent.length - new Set(sent).size,
			rateLimited: fake.rateLimited - rateLimitedBefore,
			failed: result.data.resultData.error !== undefined || run?.error !== undefined,
		};
		const again = sent.filter((line, index) => sent.indexOf(line) !== index);
		log(
			`  ${figures.ms} ms (least ${figures.minimumMs} ms), ${figures.users} users, ${figures.requests} requests (${expected} expected, ${figures.reports} report), sent again: ${again.join(', ') || 'none'}, ${figures.rateLimited} 429s`,
		);
		return figures;
	};
	// On its own minute the time is n8n's and the node's own work, which a shared machine makes
	// noisy: each step runs ROUNDS times, in turn, and the run of median time stands for it.
	const lists: SeatRun[] = [];
	const seats: SeatRun[] = [];
	for (let round = 0; round < ROUNDS; round++) {
		lists.push(await runOnce(false, false));
		seats.push(await runOnce(true, false));
	}
	const runs = [medianRun(lists), medianRun(seats), await runOnce(true, true)];
	// The User report instead: one request per user beside the same lists; whatever exceeds the
	// minute's budget waits for the next minute.
	const requests = runs[0].expected + 500;
	return { runs, perUser: { requests, minimumMs: Math.floor((requests - 1) / PLAN) * 60_000 + LATENCY_MS } };
}
