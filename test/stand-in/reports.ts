/**
 * Help Scout's Company Overall Report, `GET /v2/reports/company?start=…&end=…` (developer docs,
 * "Company Overall Report"; the official PHP SDK's Reports\Company\Overall), answered from the
 * replies a test records. The shape is the docs' example: `filterTags`, `current` (the company's
 * totals), `deltas` and `previous` only with a previous range, and `users`, one entry per user
 * with Help Scout's figures for the range (`user` is the ID as a string, as the docs show it).
 * The `users` entry is as the 2.0 example reads in the helpscout-mailbox-v2-reports gem's copy of
 * it and as the legacy 1.0 docs define it ("User Statistics (Company)"); no previous range is
 * asked for here, so no `previous…` figures.
 *
 * Unverified, and modelled as the docs let one read them:
 * - Which users `users` lists: here only those with a reply in the range (the harder case for a
 *   reader, who must take a missing user for no activity).
 * - What a plan without reports (Standard) gets: the docs say only that reports are for Plus and
 *   Pro; here 403 with a vnd.error message, as Help Scout refuses what the caller may not do.
 * - How a missing or malformed `start`/`end` is refused: a 400 on the field, as for other dates.
 */
import type { FieldError, LoggedRequest } from './hal';
import type { FakeUser } from './users';

export type Plan = 'standard' | 'plus' | 'pro';

/** One reply a user sent: when, to which customer, and how long it took to write (handle time, s). */
export interface FakeReply {
	userId: number;
	at: string;
	customerId: number;
	handleTimeSeconds?: number;
}

export type ReportAnswer = { status: 200; body: unknown } | { status: 400 | 403; message: string; errors?: FieldError[] };

const DAY_MS = 86_400_000;

/** Help Scout's report dates: whole seconds in UTC (`2015-01-31T23:59:59Z`). */
function reportDate(ms: number): string {
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function parsedDate(request: LoggedRequest, field: 'start' | 'end'): number | FieldError {
	const raw = request.query[field];
	if (raw === undefined || raw === '') return { path: field, message: 'may not be null' };
	const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(raw) ? Date.parse(raw) : Number.NaN;
	return Number.isNaN(ms) ? { path: field, message: 'Malformed date', rejectedValue: raw } : ms;
}

export class Reports {
	/** The account's plan: Standard has no reports. */
	plan: Plan = 'plus';
	replies: FakeReply[] = [];

	reset(): void {
		this.plan = 'plus';
		this.replies = [];
	}

	addReply(reply: FakeReply): void {
		this.replies.push(reply);
	}

	/** `GET /v2/reports/company` for the account's `users`. */
	company(request: LoggedRequest, users: FakeUser[]): ReportAnswer {
		if (this.plan === 'standard') {
			return { status: 403, message: 'Reports are not available on your plan' };
		}
		const start = parsedDate(request, 'start');
		const end = parsedDate(request, 'end');
		const errors = [start, end].filter((value): value is FieldError => typeof value !== 'number');
		if (errors.length > 0) return { status: 400, message: 'Bad request', errors };
		if ((start as number) > (end as number)) {
			return { status: 400, message: 'Bad request', errors: [{ path: 'start', message: 'must be before end', rejectedValue: request.query.start }] };
		}
		const inRange = this.replies.filter((reply) => {
			const at = Date.parse(reply.at);
			return at >= (start as number) && at <= (end as number);
		});
		const byUser = new Map<number, FakeReply[]>();
		for (const reply of inRange) byUser.set(reply.userId, [...(byUser.get(reply.userId) ?? []), reply]);
		const listed = users.filter((user) => byUser.has(user.id));
		const totalDays = Math.max(1, Math.round(((end as number) - (start as number)) / DAY_MS));
		const customers = new Set(inRange.map((reply) => reply.customerId)).size;
		return {
			status: 200,
			body: {
				filterTags: [],
				current: {
					startDate: reportDate(start as number),
					endDate: reportDate(end as number),
					customersHelped: customers,
					closed: 0,
					totalReplies: inRange.length,
					totalUsers: listed.length,
					totalDays,
					repliesPerDayPerUser: listed.length ? inRange.length / totalDays / listed.length : 0,
					repliesPerDay: inRange.length / totalDays,
					resolvedPerDay: 0,
				},
				users: listed.map((user) => {
					const replies = byUser.get(user.id)!;
					const handle = replies.reduce((sum, reply) => sum + (reply.handleTimeSeconds ?? 60), 0) / replies.length;
					return {
						customersHelped: new Set(replies.map((reply) => reply.customerId)).size,
						happinessScore: 0.0,
						replies: replies.length,
						name: `${user.firstName} ${user.lastName}`,
						user: String(user.id),
						handleTime: handle,
					};
				}),
			},
		};
	}
}
