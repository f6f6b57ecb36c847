import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { eachAtOnce } from './eachAtOnce';
import { quote } from './quote';
import { UNCERTAIN_FIELDS } from './simplifyUser';
import type { HelpScoutApi } from './transport/client';
import { HelpScoutApiError, itemError, restated, toNodeError } from './transport/errors';
import type { HelpScoutContext } from './transport';

/**
 * Who has which inbox and which team. A Help Scout user names neither; Help Scout answers the
 * other way round: the users of one inbox (`GET /v2/users?mailbox=<id>`) and the members of one
 * team (`GET /v2/teams/{id}/members`). So every inbox's users and every team's members are read
 * once per execution of a node, and joined onto the users it outputs: never a request per user.
 */

/** An inbox or a team, as a user's `inboxes` and `teams` name it. */
export interface AccessRef {
	id: number;
	name: string;
}

export type AccessKind = 'inboxes' | 'teams';

export type Include = Record<AccessKind, boolean>;

interface KindSpec {
	/** The list of groups, and its HAL key. */
	listPath: string;
	listKey: string;
	/** Where a group's members are listed (always `_embedded.users`). */
	members: (id: number) => { path: string; qs?: IDataObject };
	/** How messages name the list, a group and its people. */
	plural: 'inboxes' | 'teams';
	noun: 'inbox' | 'team';
	people: 'users' | 'members';
}

const KINDS: Record<AccessKind, KindSpec> = {
	inboxes: {
		listPath: '/mailboxes',
		listKey: 'mailboxes',
		members: (id) => ({ path: '/users', qs: { mailbox: id } }),
		plural: 'inboxes',
		noun: 'inbox',
		people: 'users',
	},
	teams: {
		listPath: '/teams',
		listKey: 'teams',
		members: (id) => ({ path: `/teams/${id}/members` }),
		plural: 'teams',
		noun: 'team',
		people: 'members',
	},
};

/** Groups whose members are read at the same time; the rate gate keeps them within the budget. */
const READS_AT_ONCE = 10;
/**
 * Reads of one list, in all, while it changes under the reader (its `page` figures differ between
 * pages, a page comes short): a change in Help Scout is over in a moment, and three reads in a row
 * that each meet one are rare; more would only spend the rate budget.
 */
const LIST_READS = 3;

interface Membership {
	/** Each user's groups of this kind, by user ID, sorted by name. */
	byUser: Map<number, AccessRef[]>;
	/** Groups Help Scout listed but whose members it refused (403) or no longer found (404). */
	unread: HelpScoutApiError[];
	/** Groups whose member list changed on every read: a user not in the last read may still have them. */
	uncertain: AccessRef[];
}

/** What the join could not read, once per execution: the first output that reports it takes it. */
interface Reading {
	membership: Promise<Membership>;
	reported: boolean;
}

/**
 * One reading per kind per execution of a node. Keyed by the execution's context object, which n8n
 * makes for each run of a node (every item of the run shares it), so an entry lives as long as that
 * run and no longer: what Create changed in an earlier run is read afresh. A poll's context lives as
 * long as the activation, so a poll keys its reading by the poll (`withAccess`). A reading that
 * failed is not kept: the next call reads again.
 */
const readings = new WeakMap<object, Partial<Record<AccessKind, Reading>>>();

function byName(a: AccessRef, b: AccessRef): number {
	return a.name.localeCompare(b.name) || a.id - b.id;
}

function describeGroup(kind: AccessKind, group: AccessRef): string {
	return `${KINDS[kind].noun} ${quote(group.name)} (ID ${group.id})`;
}

/** A 403 or 404 on one listed group is about that group; it names it and stops nothing else. */
function unreadError(kind: AccessKind, group: AccessRef, error: HelpScoutApiError): HelpScoutApiError {
	const { noun, people } = KINDS[kind];
	const named = describeGroup(kind, group);
	return restated(
		error,
		error.status === 403
			? `Help Scout refused to list the ${people} of ${named}: the connected user may not read that ${noun}`
			: `Help Scout listed ${named}, then did not find it when reading its ${people}: it may have been deleted meanwhile`,
	);
}

/**
 * Every page of the inboxes or the teams, as ID and name. A group list that changed on every read
 * might lack a group, and no user could be told without it: that fails, naming the list.
 */
async function readGroups(node: INode, api: HelpScoutApi, spec: KindSpec): Promise<AccessRef[]> {
	let groups: IDataObject[];
	try {
		const read = await api.readList(spec.listPath, spec.listKey, { reads: LIST_READS });
		if (!read.consistent) {
			throw new NodeOperationError(
				node,
				`Help Scout's list of ${spec.plural} did not hold together on ${LIST_READS} reads in a row (it changed while it was read, or a page came short): no user's ${spec.plural} can be told for sure`,
			);
		}
		groups = read.items;
	} catch (error) {
		if (error instanceof HelpScoutApiError && !error.cancelled) {
			throw restated(error, `${error.message} (listing the ${spec.plural})`);
		}
		throw toNodeError(node, error);
	}
	return groups
		.map((group) => ({ id: Number(group.id), name: String(group.name ?? '') }))
		.filter((group) => Number.isSafeInteger(group.id));
}

async function readMembership(node: INode, api: HelpScoutApi, kind: AccessKind): Promise<Membership> {
	const spec = KINDS[kind];
	const groups = await readGroups(node, api, spec);
	const byUser = new Map<number, AccessRef[]>();
	const unread = new Map<number, HelpScoutApiError>();
	const uncertain = new Set<number>();
	await eachAtOnce(groups, READS_AT_ONCE, async (group) => {
		const { path, qs } = spec.members(group.id);
		let members: IDataObject[];
		try {
			const read = await api.readList(path, 'users', { qs, reads: LIST_READS });
			// Those the last read listed have the group; of the others nobody can say.
			if (!read.consistent) uncertain.add(group.id);
			members = read.items;
		} catch (error) {
			if (error instanceof HelpScoutApiError && (error.status === 403 || error.status === 404)) {
				unread.set(group.id, unreadError(kind, group, error));
				return;
			}
			if (error instanceof HelpScoutApiError && !error.cancelled) {
				throw restated(error, `${error.message} (reading the ${spec.people} of ${describeGroup(kind, group)})`);
			}
			throw toNodeError(node, error);
		}
		for (const member of members) {
			const id = Number(member.id);
			const held = byUser.get(id) ?? [];
			if (!held.some((known) => known.id === group.id)) held.push(group);
			byUser.set(id, held);
		}
	});
	for (const held of byUser.values()) held.sort(byName);
	// In the order Help Scout lists the groups, whichever read ended first.
	return {
		byUser,
		unread: groups.flatMap((group) => unread.get(group.id) ?? []),
		uncertain: groups.filter((group) => uncertain.has(group.id)).sort(byName),
	};
}

/**
 * An error as the router gets it: it adds the item to the message of what it catches, so an error
 * that several items (or several executions of the same reading) throw goes out as a copy.
 */
function copyOf(error: unknown): unknown {
	if (error instanceof HelpScoutApiError) return restated(error, error.message);
	if (error instanceof NodeOperationError) {
		return new NodeOperationError(error.node, error.message, { description: error.description ?? undefined });
	}
	return error;
}

/** The inboxes and teams of users, as asked for, read once for this execution (see `readings`). */
export class UserAccess {
	private constructor(private readonly read: Array<{ kind: AccessKind; membership: Membership; reading: Reading }>) {}

	static async of(context: HelpScoutContext, api: HelpScoutApi, include: Include, run: object = context): Promise<UserAccess> {
		const kinds = (Object.keys(KINDS) as AccessKind[]).filter((kind) => include[kind]);
		const cached = readings.get(run) ?? {};
		readings.set(run, cached);
		const sources = kinds.map((kind) => (cached[kind] ??= { membership: readMembership(context.getNode(), api, kind), reported: false }));
		// Every reading ends before a failure is thrown, so no request runs on behind the error.
		const settled = await Promise.allSettled(sources.map(async (source) => await source.membership));
		const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
		if (failed) {
			kinds.forEach((kind, index) => {
				if (settled[index].status === 'rejected') delete cached[kind];
			});
			throw copyOf(failed.reason);
		}
		const read = kinds.map((kind, index) => ({
			kind,
			membership: (settled[index] as PromiseFulfilledResult<Membership>).value,
			reading: sources[index],
		}));
		return new UserAccess(read);
	}

	/**
	 * The user with `inboxes` and `teams` as asked for (fresh lists: items must not share objects),
	 * and, only when some could not be read consistently, `inboxesUncertain` / `teamsUncertain`: the
	 * groups whose member lists changed on every read and did not list this user, who may have them.
	 */
	join(user: IDataObject): IDataObject {
		const joined = { ...user };
		for (const { kind, membership } of this.read) {
			const held = membership.byUser.get(Number(user.id)) ?? [];
			joined[kind] = held.map((group) => ({ ...group }));
			const uncertain = membership.uncertain.filter((group) => !held.some((known) => known.id === group.id));
			if (uncertain.length > 0) joined[UNCERTAIN_FIELDS[kind]] = uncertain.map((group) => ({ ...group }));
		}
		return joined;
	}

	/** Groups whose members could not be read: users may hold more than they show. */
	get unread(): HelpScoutApiError[] {
		return this.read.flatMap(({ membership }) => membership.unread);
	}

	/**
	 * What an operation does about groups it could not read: throws the first (its message names
	 * it), or with continueOnFail returns them as error items to output beside the users, once per
	 * execution, so that no user is lost.
	 */
	problems(context: IExecuteFunctions, itemIndex: number): IDataObject[] {
		const unread = this.unread;
		if (unread.length > 0 && !context.continueOnFail()) throw copyOf(unread[0]);
		const items: IDataObject[] = [];
		for (const { membership, reading } of this.read) {
			if (reading.reported) continue;
			reading.reported = true;
			for (const error of membership.unread) {
				items.push({ error: itemError(context.getNode(), copyOf(error), itemIndex).message });
			}
		}
		return items;
	}
}

/**
 * For a caller without items (a poll): the users with their inboxes and teams, as asked for, read
 * only when there are users; a group that could not be read fails the call, naming it.
 */
export async function withAccess(
	context: HelpScoutContext,
	api: HelpScoutApi,
	include: Include,
	users: IDataObject[],
): Promise<IDataObject[]> {
	if (users.length === 0 || !(include.inboxes || include.teams)) return users;
	// Read afresh for each poll: n8n keeps one poll context for as long as the trigger is active.
	const access = await UserAccess.of(context, api, include, {});
	if (access.unread.length > 0) throw copyOf(access.unread[0]);
	return users.map((user) => access.join(user));
}

/** Include Inboxes and Include Teams, for every operation and trigger that outputs users. */
export const includeAccessFields: INodeProperties[] = [
	{
		displayName: 'Include Inboxes',
		name: 'includeInboxes',
		type: 'boolean',
		default: false,
		description:
			"Whether to add the inboxes each user has access to (ID and name of each). Costs one request per page (50) of the inbox list and of each inbox's users, once per execution, however many users are output.",
	},
	{
		displayName: 'Include Teams',
		name: 'includeTeams',
		type: 'boolean',
		default: false,
		description:
			"Whether to add the teams each user is a member of (ID and name of each). Costs one request per page (50) of the team list and of each team's members, once per execution, however many users are output.",
	},
];

/** The item's Include Inboxes and Include Teams; a poll passes no item. */
export function includeOf(getParameter: (name: string, fallback: boolean) => unknown): Include {
	return {
		inboxes: getParameter('includeInboxes', false) === true,
		teams: getParameter('includeTeams', false) === true,
	};
}
