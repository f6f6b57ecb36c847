/**
 * Include Activity on Get Many, Get and Get Current User, and Get Many's seat summary: each user's
 * figures from Help Scout's Company report, one request per execution, checked against the
 * stand-in's own replies; a plan without reports; a period refused before anything is sent.
 */
import type { IDataObject } from 'n8n-workflow';

import { expectedActivity, expectedSeats, seatReviewParameters, seedSeatReview } from './fixtures/seatReview';
import { accessReviewRequests } from './fixtures/accessReview';
import { runNode } from './helpers/engine';
import { clientCredentials, useFakeHelpScout } from './helpers/useStandIn';

const fake = useFakeHelpScout();

const DAY_MS = 86_400_000;
const userWithEmail = (email: string) => fake.usersWithEmail(email)[0];
const reportRequests = () => fake.apiRequests('GET').filter((request) => request.path === '/v2/reports/company');
const activityOnly: IDataObject = { resource: 'user', operation: 'getAll', returnAll: true, includeActivity: true };

/** Adam replied twice to one customer 3 days ago; Uma once 45 days ago; Olive never. */
function someReplies() {
	const adam = userWithEmail('admin@example.com');
	const uma = userWithEmail('user@example.com');
	const olive = userWithEmail('owner@example.com');
	const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
	fake.addReply({ userId: adam.id, at: daysAgo(3), customerId: 1, handleTimeSeconds: 30 });
	fake.addReply({ userId: adam.id, at: daysAgo(3), customerId: 1, handleTimeSeconds: 90 });
	fake.addReply({ userId: uma.id, at: daysAgo(45), customerId: 2 });
	return { adam, uma, olive };
}

describe('Include Activity on Get Many', () => {
	it("adds each user's figures for the last 30 days from one Company report, and active: false for no reply", async () => {
		const { adam, uma, olive } = someReplies();
		const before = Date.now();
		const result = await runNode({ credentials: clientCredentials(), parameters: activityOnly });
		expect(result.error).toBeUndefined();

		const [report] = reportRequests();
		expect(reportRequests()).toHaveLength(1);
		expect(Object.keys(report.query).sort()).toEqual(['end', 'start']);
		expect(report.query.end).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
		expect(Date.parse(report.query.end)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
		expect(Date.parse(report.query.end) - Date.parse(report.query.start)).toBe(30 * DAY_MS);
		expect(fake.apiRequests().map((request) => request.path).sort()).toEqual(['/v2/reports/company', '/v2/users']);

		const byId = new Map(result.items.map((item) => [item.json.id, item.json]));
		expect(byId.get(adam.id)).toMatchObject({
			activity: { from: report.query.start, to: report.query.end, replies: 2, customersHelped: 1, handleTime: 60, happinessScore: 0 },
			active: true,
		});
		// Uma replied, but before the period; Olive never: neither is in the report, both are inactive.
		for (const user of [uma, olive]) {
			expect(byId.get(user.id)).toMatchObject({
				activity: { replies: 0, customersHelped: 0, handleTime: null, happinessScore: null },
				active: false,
			});
		}
		for (const user of fake.users) {
			expect(byId.get(user.id)).toMatchObject(expectedActivity(fake, user, report.query.start, report.query.end));
		}
	});

	it('takes From and To as UTC unless they name an offset, and counts only replies inside them', async () => {
		const { adam, uma } = someReplies();
		const fortySixDaysAgo = new Date(Date.now() - 46 * DAY_MS).toISOString().slice(0, 10);
		const result = await runNode({
			credentials: clientCredentials(),
			parameters: {
				...activityOnly,
				activityPeriod: 'custom',
				activityFrom: `${fortySixDaysAgo}T00:00:00`,
				activityTo: new Date(Date.now() - 10 * DAY_MS).toISOString().replace('Z', '+00:00'),
			},
		});
		expect(result.error).toBeUndefined();
		const [report] = reportRequests();
		expect(report.query.start).toBe(`${fortySixDaysAgo}T00:00:00Z`);
		const byId = new Map(result.items.map((item) => [item.json.id, item.json]));
		expect(byId.get(uma.id)).toMatchObject({ activity: { replies: 1 }, active: true });
		expect(byId.get(adam.id)).toMatchObject({ activity: { replies: 0 }, active: false });

		fake.requests.length = 0;
		await runNode({
			credentials: clientCredentials(),
			parameters: { ...activityOnly, activityPeriod: 'custom', activityFrom: '2026-01-01T10:00:00+02:00', activityTo: '2026-02-01' },
		});
		// A day alone as To takes the whole day.
		expect(reportRequests()[0].query).toEqual({ start: '2026-01-01T08:00:00Z', end: '2026-02-01T23:59:59Z' });
	});

	it('keeps the figures with Simplify off, and reads no report when Include Activity is off', async () => {
		const { adam } = someReplies();
		const full = await runNode({ credentials: clientCredentials(), parameters: { ...activityOnly, simplify: false } });
		expect(full.items.find((item) => item.json.id === adam.id)!.json).toMatchObject({ initials: 'AA', active: true, activity: { replies: 2 } });

		fake.requests.length = 0;
		const plain = await runNode({ credentials: clientCredentials(), parameters: { resource: 'user', operation: 'getAll', returnAll: true } });
		expect(plain.items.every((item) => item.json.activity === undefined && item.json.active === undefined)).toBe(true);
		expect(reportRequests()).toHaveLength(0);
	});

	it('costs one request for 500 users beside one per page of each list (10 + 1 + the access review)', async () => {
		seedSeatReview(fake);
		const result = await runNode({ credentials: clientCredentials(), parameters: seatReviewParameters });
		expect(result.error).toBeUndefined();
		const [report] = reportRequests();
		const users = result.items.filter((item) => item.json.seatSummary === undefined);
		expect(users).toHaveLength(500);
		for (const item of users) {
			const user = fake.users.find((candidate) => candidate.id === item.json.id)!;
			expect(item.json).toMatchObject({ role: user.role, ...expectedActivity(fake, user, report.query.start, report.query.end) });
		}
		expect(users.filter((item) => item.json.active === false).length).toBeGreaterThan(100);
		expect(fake.apiRequests()).toHaveLength(accessReviewRequests(fake).total + 1);
		expect(fake.apiRequests().filter((request) => /^\/v2\/reports\/user/.test(request.path))).toEqual([]);
	});
});

describe('Add Seat Summary', () => {
	it('adds one item after the users: seats by role in Help Scout\'s words, paid ones, and inactive paid ones', async () => {
		seedSeatReview(fake, { users: 40, inboxes: 3, teams: 2 });
		const result = await runNode({ credentials: clientCredentials(), parameters: seatReviewParameters });
		expect(result.error).toBeUndefined();
		const [report] = reportRequests();
		const last = result.items[result.items.length - 1].json;
		const expected = expectedSeats(fake, report.query.start, report.query.end);
		expect(last).toEqual({ seatSummary: expected });
		expect(expected).toMatchObject({ accountOwner: 1, lightUser: 5 });
		expect(expected.paidSeats).toBe(expected.accountOwner + expected.administrator + expected.user);
		expect(expected.inactivePaidSeats).toBeGreaterThan(0);
		expect(result.items).toHaveLength(fake.users.length + 1);
	});

	it('counts seats without Include Activity too, with no inactive count and no report read', async () => {
		fake.addUser({ firstName: 'Lee', lastName: 'Light', email: 'light@example.com', role: 'light user' });
		const result = await runNode({
			credentials: clientCredentials(),
			parameters: { resource: 'user', operation: 'getAll', returnAll: true, addSeatSummary: true },
		});
		expect(result.items.map((item) => item.json).pop()).toEqual({
			seatSummary: { accountOwner: 1, administrator: 1, user: 1, lightUser: 1, paidSeats: 3 },
		});
		expect(reportRequests()).toHaveLength(0);
	});
});

describe('Include Activity on Get and Get Current User', () => {
	it('reads the report once for every item of an execution, and again in the next', async () => {
		const { adam, uma } = someReplies();
		const ids = [adam.id, uma.id, adam.id];
		const run = async () =>
			await runNode({
				credentials: clientCredentials(),
				items: ids.map((id) => ({ id })),
				parameters: { resource: 'user', operation: 'get', userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, includeActivity: true },
			});
		const result = await run();
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.json.id, item.json.active])).toEqual([
			[adam.id, true],
			[uma.id, false],
			[adam.id, true],
		]);
		expect(reportRequests()).toHaveLength(1);
		fake.requests.length = 0;
		await run();
		expect(reportRequests()).toHaveLength(1);
	});

	it("adds the connected user's own figures to Get Current User", async () => {
		const { adam } = someReplies();
		const result = await runNode({ credentials: clientCredentials(), parameters: { resource: 'user', operation: 'getMe', includeActivity: true } });
		expect(result.items.map((item) => item.json)).toEqual([
			expect.objectContaining({ id: adam.id, active: true, activity: expect.objectContaining({ replies: 2, customersHelped: 1 }) }),
		]);
	});
});

describe('a Company report without its users list', () => {
	it('fails the item rather than count every paid seat inactive', async () => {
		someReplies();
		fake.inject({
			kind: 'status',
			path: '/v2/reports/company',
			status: 200,
			body: { filterTags: [], current: { customersHelped: 1, totalReplies: 3, totalUsers: 2 } },
		});
		const result = await runNode({ credentials: clientCredentials(), parameters: { ...activityOnly, addSeatSummary: true } });
		const [report] = reportRequests();
		expect(result.error?.message).toBe(
			`Help Scout's Company report from ${report.query.start} to ${report.query.end} came without its users list, so no user's activity is known [item 0]`,
		);
		expect(result.items).toEqual([]);
		expect(reportRequests()).toHaveLength(1);
	});
});

describe('a Company report that lists a user twice', () => {
	it('keeps the entry with the most replies, so a second, empty entry leaves the user active', async () => {
		const { adam, uma } = someReplies();
		fake.inject({
			kind: 'status',
			path: '/v2/reports/company',
			status: 200,
			body: {
				filterTags: [],
				users: [
					{ user: String(adam.id), replies: 2, customersHelped: 1, handleTime: 60, happinessScore: 0 },
					{ user: String(adam.id), replies: 0, customersHelped: 0, handleTime: null, happinessScore: null },
					{ user: uma.id, replies: 1, customersHelped: 1, handleTime: 30, happinessScore: 100 },
					{ user: String(uma.id), replies: 1, customersHelped: 1, handleTime: 30, happinessScore: 100 },
				],
			},
		});
		const result = await runNode({ credentials: clientCredentials(), parameters: { ...activityOnly, addSeatSummary: true } });
		expect(result.error).toBeUndefined();
		const byId = new Map(result.items.map((item) => [item.json.id, item.json]));
		expect(byId.get(adam.id)).toMatchObject({ activity: { replies: 2, customersHelped: 1, handleTime: 60 }, active: true });
		expect(byId.get(uma.id)).toMatchObject({ activity: { replies: 1, customersHelped: 1, happinessScore: 100 }, active: true });
		expect(result.items[result.items.length - 1].json.seatSummary).toMatchObject({ paidSeats: 3, inactivePaidSeats: 1 });
		expect(reportRequests()).toHaveLength(1);
	});
});

describe('a plan without reports (Standard)', () => {
	const PLAN_MESSAGE =
		"Help Scout refused the Company report that Include Activity reads: Help Scout's reports are on the Plus and Pro plans only, and the connected user must be allowed to view reports [item 0]";

	it('fails with a message that says which plans have reports', async () => {
		fake.plan = 'standard';
		const result = await runNode({ credentials: clientCredentials(), parameters: activityOnly });
		expect(result.error?.message).toBe(PLAN_MESSAGE);
		expect(result.error?.httpCode).toBe('403');
	});

	it('with continueOnFail, outputs every user it read without figures, and says so once', async () => {
		fake.plan = 'standard';
		const result = await runNode({ credentials: clientCredentials(), parameters: { ...seatReviewParameters, includeInboxes: false }, continueOnFail: true });
		expect(result.error).toBeUndefined();
		const users = result.items.filter((item) => item.json.id !== undefined);
		expect(users.map((item) => item.json.id)).toEqual(fake.users.map((user) => user.id));
		expect(users.every((item) => item.json.activity === undefined && item.json.active === undefined && Array.isArray(item.json.teams))).toBe(true);
		expect(result.items.filter((item) => item.json.id === undefined).map((item) => item.json)).toEqual([
			{ seatSummary: { accountOwner: 1, administrator: 1, user: 1, lightUser: 0, paidSeats: 3 } },
			{ error: PLAN_MESSAGE },
		]);
		expect(reportRequests()).toHaveLength(1);
	});

	it('with continueOnFail on Get, every item keeps its user and the refusal is reported once', async () => {
		fake.plan = 'standard';
		const { adam, uma } = someReplies();
		const result = await runNode({
			credentials: clientCredentials(),
			items: [{ id: adam.id }, { id: uma.id }, { id: adam.id }],
			parameters: { resource: 'user', operation: 'get', userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, includeActivity: true },
			continueOnFail: true,
		});
		expect(result.items.map((item) => item.json.id ?? item.json.error)).toEqual([adam.id, PLAN_MESSAGE, uma.id, adam.id]);
		expect(reportRequests()).toHaveLength(1);
	});
});

describe('a plan without reports, items with different periods', () => {
	it('asks Help Scout once and says the refusal once, whatever period the later items ask for', async () => {
		fake.plan = 'standard';
		const result = await runNode({
			credentials: clientCredentials(),
			items: [{ from: '2026-01-01' }, { from: '2026-02-01' }, { from: '2026-01-15' }],
			parameters: {
				resource: 'user',
				operation: 'getMe',
				includeActivity: true,
				activityPeriod: 'custom',
				activityFrom: '={{ $json.from }}',
				activityTo: '2026-03-01',
			},
			continueOnFail: true,
		});
		const admin = userWithEmail('admin@example.com');
		expect(result.items.map((item) => item.json.id ?? item.json.error)).toEqual([
			admin.id,
			"Help Scout refused the Company report that Include Activity reads: Help Scout's reports are on the Plus and Pro plans only, and the connected user must be allowed to view reports [item 0]",
			admin.id,
			admin.id,
		]);
		expect(result.items.every((item) => item.json.activity === undefined)).toBe(true);
		expect(reportRequests().map((request) => request.query)).toEqual([{ start: '2026-01-01T00:00:00Z', end: '2026-03-01T23:59:59Z' }]);
	});
});

describe('a period refused before anything is sent', () => {
	const custom = (activityFrom: string, activityTo: string): IDataObject => ({
		...activityOnly,
		activityPeriod: 'custom',
		activityFrom,
		activityTo,
	});

	it.each([
		['From after To', custom('2026-03-01', '2026-02-01'), 'Activity From (2026-03-01T00:00:00Z) is not before Activity To (2026-02-01T23:59:59Z) [item 0]'],
		['From equal to To', custom('2026-03-01T00:00:00Z', '2026-03-01T00:00Z'), 'Activity From (2026-03-01T00:00:00Z) is not before Activity To (2026-03-01T00:00:00Z) [item 0]'],
		['From and To within one second (the report takes whole seconds)', custom('2026-03-01T00:00:00.100Z', '2026-03-01T00:00:00.900Z'), 'Activity From (2026-03-01T00:00:00Z) is not before Activity To (2026-03-01T00:00:00Z) [item 0]'],
		['a period over a year (a day alone as To takes that whole day)', custom('2025-01-01', '2026-01-02'), "The period from Activity From to Activity To is 367 days: Help Scout's reports take at most 366 [item 0]"],
		['a From that is not a date', custom('last Tuesday', '2026-02-01'), 'Activity From "last Tuesday" is not a date (e.g. 2026-11-01 or 2026-11-01T00:00:00Z) [item 0]'],
		['a To that is not a date', custom('2026-01-01', '2026-02-31T25:00:00'), 'Activity To "2026-02-31T25:00:00" is not a date (e.g. 2026-11-01 or 2026-11-01T00:00:00Z) [item 0]'],
		['a From on a day its month has not (Date.parse would take it for 3 March)', custom('2026-02-31', '2026-03-05'), 'Activity From "2026-02-31" is not a date (e.g. 2026-11-01 or 2026-11-01T00:00:00Z) [item 0]'],
		['a To on a day its month has not, with a time', custom('2026-01-01', '2026-04-31T10:00:00Z'), 'Activity To "2026-04-31T10:00:00Z" is not a date (e.g. 2026-11-01 or 2026-11-01T00:00:00Z) [item 0]'],
		['an empty To (an expression that gives nothing)', custom('2026-01-01', '={{ "" }}'), 'Activity To is empty: give the date the period ends on [item 0]'],
	])('%s', async (_case, parameters, message) => {
		const result = await runNode({ credentials: clientCredentials(), parameters });
		expect(result.error?.message).toBe(message);
		expect(fake.apiRequests()).toEqual([]);
	});

	it('a year and a day is still taken', async () => {
		const result = await runNode({ credentials: clientCredentials(), parameters: custom('2025-01-01', '2026-01-01') });
		expect(result.error).toBeUndefined();
		expect(reportRequests()[0].query).toEqual({ start: '2025-01-01T00:00:00Z', end: '2026-01-01T23:59:59Z' });
	});
});
