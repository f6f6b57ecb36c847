import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { quote } from './quote';
import type { HelpScoutApi } from './transport/client';
import { HelpScoutApiError, itemError, restated, toNodeError } from './transport/errors';

/**
 * What each user did in a period, from Help Scout's Company report (`GET /v2/reports/company`):
 * besides the company's totals it lists every user's replies, customers helped, handle time and
 * happiness score for the period (its `users`). So one request per execution gives the figures of
 * every user; the User report (`GET /v2/reports/user?user=<id>`) would cost one request per user.
 * Neither report says when a user last replied, so no such field is added.
 */

/** The period of Include Activity, as the item gives it; Last 30 Days is fixed when first read. */
export type ActivityPeriodChoice = { kind: 'last30Days' } | { kind: 'custom'; start: string; end: string };

export interface ActivityPeriod {
	start: string;
	end: string;
}

/** One user's figures as the Company report lists them (`users[]`). */
interface ReportedUser {
	replies: number;
	customersHelped: number;
	handleTime: number | null;
	happinessScore: number | null;
}

interface Reading {
	period: ActivityPeriod;
	/** The report's figures by user ID; undefined when Help Scout refused its reports (403). */
	byUser?: Map<number, ReportedUser>;
	refused?: HelpScoutApiError;
	reported: boolean;
}

const DAY_MS = 86_400_000;
const LAST_DAYS = 30;
/**
 * The longest period asked for. Help Scout's docs give the overall reports no limit; its reports by
 * period take a week's resolution up to a year (`viewBy=week`), so a year is what every report takes.
 */
export const MAX_PERIOD_DAYS = 366;

export const PLAN_NOTE = "Help Scout's reports are on the Plus and Pro plans only";

/** Help Scout's report dates: ISO 8601 in UTC, whole seconds (the official SDK's `Y-m-d\TH:i:s\Z`). */
function reportDate(ms: number): string {
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Whether the date's day exists: Date.parse takes 2026-02-31 for 3 March. */
function isCalendarDay(text: string): boolean {
	const [year, month, day] = text.slice(0, 10).split('-').map(Number);
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * A date as n8n's date field or an expression gives it; a date and time without an offset is UTC. A
 * day alone as the period's end takes that whole day, to 23:59:59, as Help Scout's own examples end
 * a month: the last day of a month given as a date is in the period.
 */
function parseDate(node: INode, value: unknown, field: string, dayEndsAt: 'start' | 'end' = 'start'): number {
	const text = (value instanceof Date ? value.toISOString() : String(value ?? '')).trim();
	if (text === '') throw new NodeOperationError(node, `${field} is empty: give the date the period ${field.endsWith('From') ? 'starts' : 'ends'} on`);
	const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(text);
	const ms = iso ? Date.parse(iso[1] !== undefined && iso[4] === undefined ? `${text}Z` : text) : Number.NaN;
	if (Number.isNaN(ms) || !isCalendarDay(text)) {
		throw new NodeOperationError(node, `${field} ${quote(text)} is not a date (e.g. 2026-11-01 or 2026-11-01T00:00:00Z)`);
	}
	const wholeDay = dayEndsAt === 'end' && iso?.[1] === undefined ? DAY_MS - 1000 : 0;
	// Whole seconds, as the report takes them: From and To within one second are the same date.
	return Math.floor(ms / 1000) * 1000 + wholeDay;
}

/** The item's period, checked before any request: a date that is not one, From after To, too long. */
export function activityPeriodOf(context: IExecuteFunctions, itemIndex: number): ActivityPeriodChoice {
	if (context.getNodeParameter('activityPeriod', itemIndex, 'last30Days') !== 'custom') return { kind: 'last30Days' };
	const node = context.getNode();
	const from = parseDate(node, context.getNodeParameter('activityFrom', itemIndex, ''), 'Activity From');
	const to = parseDate(node, context.getNodeParameter('activityTo', itemIndex, ''), 'Activity To', 'end');
	if (from >= to) {
		throw new NodeOperationError(node, `Activity From (${reportDate(from)}) is not before Activity To (${reportDate(to)})`);
	}
	const days = (to - from) / DAY_MS;
	if (days > MAX_PERIOD_DAYS) {
		throw new NodeOperationError(
			node,
			`The period from Activity From to Activity To is ${Math.ceil(days)} days: Help Scout's reports take at most ${MAX_PERIOD_DAYS}`,
		);
	}
	return { kind: 'custom', start: reportDate(from), end: reportDate(to) };
}

/** Whether the item asks for activity. */
export function includesActivity(context: IExecuteFunctions, itemIndex: number): boolean {
	return context.getNodeParameter('includeActivity', itemIndex, false) === true;
}

function figure(value: unknown): number | null {
	const number = Number(value);
	return value === null || value === undefined || !Number.isFinite(number) ? null : number;
}

async function readReport(node: INode, api: HelpScoutApi, period: ActivityPeriod): Promise<Reading> {
	try {
		const { body } = await api.get('/reports/company', { qs: { start: period.start, end: period.end } });
		const users = (body as IDataObject | undefined)?.users;
		// Without its users list the report says nothing of anyone: taking that for no replies would
		// count every paid seat inactive.
		if (!Array.isArray(users)) {
			throw new NodeOperationError(
				node,
				`Help Scout's Company report from ${period.start} to ${period.end} came without its users list, so no user's activity is known`,
			);
		}
		const byUser = new Map<number, ReportedUser>();
		for (const entry of users as IDataObject[]) {
			const id = Number(entry.user);
			if (!Number.isSafeInteger(id)) continue;
			const replies = figure(entry.replies) ?? 0;
			// A user listed twice keeps the entry with the most replies: a second, emptier entry
			// must not make a user who replied inactive, nor may adding them up count replies twice.
			if ((byUser.get(id)?.replies ?? -1) >= replies) continue;
			byUser.set(id, {
				replies,
				customersHelped: figure(entry.customersHelped) ?? 0,
				handleTime: figure(entry.handleTime),
				happinessScore: figure(entry.happinessScore),
			});
		}
		return { period, byUser, reported: false };
	} catch (error) {
		if (error instanceof HelpScoutApiError && error.status === 403) {
			const refused = restated(
				error,
				`Help Scout refused the Company report that Include Activity reads: ${PLAN_NOTE}, and the connected user must be allowed to view reports`,
			);
			return { period, refused, reported: false };
		}
		if (error instanceof HelpScoutApiError && !error.cancelled) {
			throw restated(error, `${error.message} (reading the Company report from ${period.start} to ${period.end})`);
		}
		throw toNodeError(node, error);
	}
}

/**
 * One report per period per execution of a node, keyed by the execution's context as Include
 * Inboxes keys its reading (nodes/shared/access.ts): every item of the run shares it, and Last 30
 * Days ends when the run first asks. A reading that failed is not kept.
 */
const readings = new WeakMap<object, Map<string, Promise<Reading>>>();

/**
 * Help Scout's refusal of its reports, once met in an execution: it holds for every period, so no
 * other period is asked for and the refusal is said once.
 */
const refusals = new WeakMap<object, Reading>();

function periodFor(choice: ActivityPeriodChoice): ActivityPeriod {
	if (choice.kind === 'custom') return { start: choice.start, end: choice.end };
	const end = Date.now();
	return { start: reportDate(end - LAST_DAYS * DAY_MS), end: reportDate(end) };
}

/** The users' activity in one period, read once for this execution. */
export class UserActivity {
	private constructor(private readonly reading: Reading) {}

	static async of(context: IExecuteFunctions, api: HelpScoutApi, choice: ActivityPeriodChoice): Promise<UserActivity> {
		const refusal = refusals.get(context);
		if (refusal) return new UserActivity(refusal);
		const key = choice.kind === 'custom' ? `${choice.start}/${choice.end}` : choice.kind;
		const cached = readings.get(context) ?? new Map<string, Promise<Reading>>();
		readings.set(context, cached);
		let reading = cached.get(key);
		if (!reading) {
			reading = readReport(context.getNode(), api, periodFor(choice));
			cached.set(key, reading);
		}
		let read: Reading;
		try {
			read = await reading;
		} catch (error) {
			cached.delete(key);
			throw copyOf(error);
		}
		if (!read.refused) return new UserActivity(read);
		if (!refusals.has(context)) refusals.set(context, read);
		return new UserActivity(refusals.get(context)!);
	}

	get period(): ActivityPeriod {
		return this.reading.period;
	}

	/** Whether Help Scout gave the figures (not on a plan without reports). */
	get read(): boolean {
		return this.reading.byUser !== undefined;
	}

	/**
	 * The user with `activity` (the period and the report's figures; a user the report does not
	 * list did nothing in it) and `active` (whether they sent a reply), when Help Scout gave them.
	 */
	join(user: IDataObject): IDataObject {
		const byUser = this.reading.byUser;
		if (!byUser) return user;
		const reported = byUser.get(Number(user.id));
		const replies = reported?.replies ?? 0;
		return {
			...user,
			activity: {
				from: this.reading.period.start,
				to: this.reading.period.end,
				replies,
				customersHelped: reported?.customersHelped ?? 0,
				handleTime: reported?.handleTime ?? null,
				happinessScore: reported?.happinessScore ?? null,
			},
			active: replies > 0,
		};
	}

	/**
	 * What an operation does about a refused report: throws it, or with continueOnFail returns it
	 * as one error item to output beside the users, once per execution.
	 */
	problems(context: IExecuteFunctions, itemIndex: number): IDataObject[] {
		const { refused } = this.reading;
		if (!refused) return [];
		if (!context.continueOnFail()) throw copyOf(refused);
		if (this.reading.reported) return [];
		this.reading.reported = true;
		return [{ error: itemError(context.getNode(), copyOf(refused), itemIndex).message }];
	}
}

/** The router adds the item to what it catches: items that share one reading get copies. */
function copyOf(error: unknown): unknown {
	return error instanceof HelpScoutApiError ? restated(error, error.message) : error;
}

/** Include Activity, its period, and for a period of one's own, From and To. */
export const includeActivityFields: INodeProperties[] = [
	{
		displayName: 'Include Activity',
		name: 'includeActivity',
		type: 'boolean',
		default: false,
		description: `Whether to add what each user did in a period (replies sent, customers helped, handle time, happiness score) and "active", false when the user sent no reply in it. Costs one request per execution (Help Scout's Company report lists every user), however many users are output. ${PLAN_NOTE}.`,
	},
	{
		displayName: 'Activity Period',
		name: 'activityPeriod',
		type: 'options',
		displayOptions: { show: { includeActivity: [true] } },
		options: [
			{ name: 'Custom', value: 'custom', description: 'From Activity From to Activity To (at most 366 days)' },
			{ name: 'Last 30 Days', value: 'last30Days', description: 'The 30 days up to when the node runs' },
		],
		default: 'last30Days',
	},
	{
		displayName: 'Activity From',
		name: 'activityFrom',
		type: 'dateTime',
		displayOptions: { show: { includeActivity: [true], activityPeriod: ['custom'] } },
		default: '',
		required: true,
		description: 'Start of the period, in UTC unless the date names its offset',
	},
	{
		displayName: 'Activity To',
		name: 'activityTo',
		type: 'dateTime',
		displayOptions: { show: { includeActivity: [true], activityPeriod: ['custom'] } },
		default: '',
		required: true,
		description: 'End of the period, in UTC unless the date names its offset; a date without a time takes that whole day',
	},
];
