import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import type { UserFilters } from './polling';
import { hasRole, idOf, listUsers } from './polling';

/**
 * What the trigger remembers between polls, in the workflow's static data (n8n saves it):
 * - `ids`: every user ID Help Scout has listed since activation, first seen first. A user listed at
 *   activation or already emitted is never emitted, and an ID is not forgotten because one poll's
 *   read missed it (a user removed between page 1 and page 2 shifts the pages).
 * - `pending`: users new since activation who did not match the filters yet (no access to the
 *   inbox, another role); each is emitted once, when first seen matching.
 * - `since`: when the trigger was activated, less ACTIVATION_SLACK_MS. A user the first poll's read
 *   missed (the pages shifted under it) and who was created before then existed at activation:
 *   never new, whenever a later poll first lists them.
 */
export interface SeenUsers {
	ids: number[];
	pending: number[];
	since?: string;
}

export interface PollOutcome {
	/** Users to emit, oldest first. */
	newUsers: IDataObject[];
	/** What to remember; undefined leaves the state as it was (n8n then writes nothing). */
	seen?: SeenUsers;
}

/**
 * At most this many IDs remembered (about 1 MB of static data). Help Scout does not reuse IDs, so
 * the oldest IDs of users no longer listed are dropped first; an account larger than that would
 * lose its oldest users' IDs too.
 */
const MAX_IDS = 100_000;
/** At most this many new users wait for access to the inbox; the oldest are dropped first. */
const MAX_PENDING = 10_000;
/** Allows for Help Scout's clock against this one's, and for users made while the first poll read. */
const ACTIVATION_SLACK_MS = 5 * 60_000;

/**
 * Lists every user (every page: Help Scout's list has no "created since" filter), and with an inbox
 * filter that inbox's users too. Nothing is remembered unless both lists were read whole, so a poll
 * that fails halfway changes nothing.
 * - First poll: remember everyone Help Scout lists, emit nothing.
 * - Later polls: emit each user new since activation who matches the filters, once ever.
 * - Manual mode (Fetch Test Event): the newest matching user, and nothing remembered.
 */
export async function pollNewUsers(
	this: IPollFunctions,
	stored: unknown,
	filters: UserFilters,
): Promise<PollOutcome> {
	if (this.getMode() === 'manual') {
		const newest = (await listUsers(this, filters.mailbox)).filter(hasRole(filters)).sort(byCreation).pop();
		return { newUsers: newest ? [newest] : [] };
	}
	const previous = fromStaticData(stored);
	const everyone = await listUsers(this);
	if (!previous) {
		const since = new Date(Date.now() - ACTIVATION_SLACK_MS).toISOString();
		return { newUsers: [], seen: { ids: remember([], everyone.map(idOf)), pending: [], since } };
	}
	const withAccess = filters.mailbox === undefined ? everyone : await listUsers(this, filters.mailbox);
	return compare(previous.seen, everyone, withAccess.filter(hasRole(filters)), previous.migrated);
}

/**
 * `matching` are the users who pass the filters now. A user never listed before is new; if it does
 * not match yet, it waits in `pending`.
 */
function compare(previous: SeenUsers, everyone: IDataObject[], matching: IDataObject[], migrated: boolean): PollOutcome {
	const known = new Set(previous.ids);
	// Created before activation: existed then, even if the first poll's read missed them.
	const activatedAt = previous.since === undefined ? NaN : Date.parse(previous.since);
	for (const user of everyone) if (Date.parse(String(user.createdAt ?? '')) < activatedAt) known.add(idOf(user));
	const pending = new Set(previous.pending);
	const newUsers = matching.filter((user) => !known.has(idOf(user)) || pending.has(idOf(user)));
	const emitted = new Set(newUsers.map(idOf));
	for (const id of emitted) pending.delete(id);
	for (const user of everyone) if (!known.has(idOf(user)) && !emitted.has(idOf(user))) pending.add(idOf(user));
	const ids = remember(previous.ids, [...everyone, ...matching].map(idOf));
	const pendingIds = [...pending].slice(-MAX_PENDING);
	// New IDs go last, so a changed last ID or length tells whether any came.
	const idsChanged = ids.length !== previous.ids.length || ids.at(-1) !== previous.ids.at(-1);
	const changed = migrated || idsChanged || pendingIds.join() !== previous.pending.join();
	const kept = previous.since === undefined ? {} : { since: previous.since };
	return { newUsers: newUsers.sort(byCreation), seen: changed ? { ids, pending: pendingIds, ...kept } : undefined };
}

/** `ids` with the newly listed ones after them, capped at MAX_IDS (see there). */
function remember(ids: number[], listed: number[]): number[] {
	const all = [...new Set([...ids, ...listed])];
	let excess = all.length - MAX_IDS;
	if (excess <= 0) return all;
	const now = new Set(listed);
	const kept = all.filter((id) => now.has(id) || excess-- <= 0);
	return kept.slice(-MAX_IDS);
}

/**
 * The stored memory, in this shape or the earlier one (`{ filterKey, ids }`: the last poll's list).
 * That list was the whole account when no inbox filter was set, so it carries over and nobody is
 * emitted again. An inbox's list is not: those triggers take everyone Help Scout lists on their
 * next poll as existing, as at activation, and a user added in that one interval is not emitted.
 */
function fromStaticData(stored: unknown): { seen: SeenUsers; migrated: boolean } | undefined {
	const state = stored as { filterKey?: unknown; ids?: unknown; pending?: unknown } | undefined;
	if (!state || !Array.isArray(state.ids)) return undefined;
	if (state.filterKey !== undefined) {
		return state.filterKey === '{}' ? { seen: { ids: state.ids.map(Number), pending: [] }, migrated: true } : undefined;
	}
	const pending = Array.isArray(state.pending) ? state.pending.map(Number) : [];
	const since = typeof (state as { since?: unknown }).since === 'string' ? { since: (state as { since: string }).since } : {};
	return { seen: { ids: state.ids.map(Number), pending, ...since }, migrated: false };
}

function byCreation(a: IDataObject, b: IDataObject): number {
	return String(a.createdAt ?? '').localeCompare(String(b.createdAt ?? '')) || Number(a.id) - Number(b.id);
}
