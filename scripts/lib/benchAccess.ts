/**
 * Scenario G of `npm run bench`: an access review (issue 19). 500 users, 60 inboxes and 8 teams;
 * Get Many with Return All, Include Inboxes and Include Teams, at its defaults, in the real n8n.
 * The target is a request count: one request per page of each list Help Scout has (users, the
 * inbox list, each inbox's users, teams, each team's members), never one per user, counted from
 * the stand-in's own data (test/fixtures/accessReview.ts).
 */
import { accessReviewParameters, accessReviewRequests, seedAccessReview } from '../../test/fixtures/accessReview';
import type { AccessReviewRequests } from '../../test/fixtures/accessReview';
import { chainWorkflow, helpScoutStep } from '../../test/fixtures/workflows';
import type { FakeHelpScout } from '../../test/stand-in';
import { helpScoutLimits } from '../../test/stand-in';
import { CLIENT_ID, CLIENT_SECRET, LATENCY_MS } from './benchSetup';
import type { N8nInstance } from './n8n';
import { log } from './n8n';

export interface AccessFigures {
	ms: number;
	users: number;
	expected: AccessReviewRequests;
	requests: number;
	/** The longest chain of requests that must go one after the other: the pages of the user list. */
	sequentialPages: number;
	rateLimited: number;
	failed: boolean;
}

export async function accessReviewScenario(n8n: N8nInstance, fake: FakeHelpScout): Promise<AccessFigures> {
	// A clean account of the shape, on a 400/min plan.
	fake.reset();
	fake.addClient(CLIENT_ID, CLIENT_SECRET);
	fake.latencyMs = LATENCY_MS;
	seedAccessReview(fake);
	const expected = accessReviewRequests(fake);
	const id = `bench${Math.random().toString(36).slice(2, 12)}`;
	await n8n.importWorkflow(
		chainWorkflow(id, [
			{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
			{ ...helpScoutStep('Contender', { ...accessReviewParameters, retriesAndLimits: {} }, 'benchHelpScout'), typeVersion: 1.1 },
		]),
	);
	log('Scenario G: access review, 500 users, 60 inboxes, 8 teams, 400/min plan ...');
	fake.rateLimit = helpScoutLimits(400);
	const before = fake.apiRequests().length;
	const rateLimitedBefore = fake.rateLimited;
	const result = await n8n.execute(id);
	fake.rateLimit = undefined;
	const runs = result.data.resultData.runData.Contender as unknown as
		| Array<{ executionTime?: number; data?: { main?: unknown[][] }; error?: unknown }>
		| undefined;
	const figures: AccessFigures = {
		ms: runs?.reduce((sum, run) => sum + (run.executionTime ?? 0), 0) ?? 0,
		users: runs?.[0]?.data?.main?.[0]?.length ?? 0,
		expected,
		// The credential's token request is not the API's.
		requests: fake.apiRequests().length - before,
		sequentialPages: expected.users,
		rateLimited: fake.rateLimited - rateLimitedBefore,
		failed: result.data.resultData.error !== undefined || runs?.[0]?.error !== undefined,
	};
	log(`  ${figures.ms} ms, ${figures.users} users, ${figures.requests} requests (one per page: ${expected.total}), ${figures.rateLimited} 429s`);
	return figures;
}
