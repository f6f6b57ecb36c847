import type { IDataObject } from 'n8n-workflow';

import { SIMPLE_USER_FIELDS } from '../shared/simplifyUser';
import { idOf } from './polling';

/**
 * What the User Removed event remembers between polls, in the workflow's static data (its own
 * key, `listed`, apart from New User's):
 * - `inbox`: the inbox filter the lists were read with (null: none). Another inbox starts afresh.
 * - `companyId`: the Help Scout account the lists came from (`GET /v2/users/me`). Another account
 *   behind the credential starts afresh. Memory kept by an earlier version has none.
 * - `users`: who the last sane list showed (with an inbox filter: that inbox's list), each with the
 *   fields Simplify keeps, as last listed.
 * - `missing`: users a sane list stopped showing, waiting for Help Scout's own answer about them,
 *   in the order they are to be asked about; `goneOnceAt` when Help Scout first answered its JSON
 *   404 (a second one, on a later poll, confirms the removal).
 * - `removedIds`: users already emitted, latest last: none is emitted twice, unless a list shows
 *   them again first.
 * - `lastRemoved`: the last item emitted, for Fetch Test Event.
 * - `doubted`: the list a poll found shrunk too far at once (a fingerprint of its IDs); the same
 *   list on the next poll is believed.
 */
export interface ListedUsers {
	inbox: number | null;
	companyId?: number;
	users: IDataObject[];
	missing: MissingUser[];
	removedIds: number[];
	lastRemoved?: IDataObject;
	doubted?: string;
}

export interface MissingUser {
	user: IDataObject;
	goneOnceAt?: string;
}

/**
 * At most this many users remembered, listed and missing together, with ten short fields each
 * (about 2.5 MB of static data). An account larger than that is watched for its first 10,000 users
 * as Help Scout lists them.
 */
const MAX_USERS = 10_000;
/** At most this many emitted IDs kept; the oldest are dropped first (Help Scout does not reuse IDs). */
const MAX_REMOVED_IDS = 10_000;
/**
 * A stored text field is at most this long; Help Scout's own are far shorter (names 40, an email
 * 254). A longer value is not kept rather than kept cut: a cut email could match someone else.
 */
const MAX_FIELD_LENGTH = 256;

/** The missing users first, then the list as read, capped at MAX_USERS together. */
export function remember(missing: MissingUser[], listed: IDataObject[]): Pick<ListedUsers, 'users' | 'missing'> {
	const kept = missing.slice(0, MAX_USERS);
	return { missing: kept, users: listed.slice(0, MAX_USERS - kept.length).map(lastKnown) };
}

/** Emitted IDs, without those a list shows again, and the newly emitted last. */
export function rememberRemoved(removedIds: number[], listedNow: Set<number>, emitted: IDataObject[]): number[] {
	const kept = removedIds.filter((id) => !listedNow.has(id));
	return [...new Set([...kept, ...emitted.map(idOf)])].slice(-MAX_REMOVED_IDS);
}

/** The user's essential fields (Simplify's ten), those that are plain values of a sane size. */
export function lastKnown(user: IDataObject): IDataObject {
	return Object.fromEntries(SIMPLE_USER_FIELDS.filter((name) => storable(user[name])).map((name) => [name, user[name]]));
}

function storable(value: unknown): boolean {
	if (typeof value === 'string') return value.length <= MAX_FIELD_LENGTH;
	return value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** A short fingerprint of a list's IDs (their count and an FNV-1a hash), to know the same list again. */
export function fingerprintOf(ids: Iterable<number>): string {
	const sorted = [...ids].sort((a, b) => a - b);
	let hash = 0x811c9dc5;
	for (const char of sorted.join(',')) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
	return `${sorted.length}:${hash.toString(16)}`;
}

function asUser(value: unknown): IDataObject | undefined {
	const user = value as IDataObject;
	return typeof value === 'object' && value !== null && Number.isSafeInteger(idOf(user)) ? lastKnown(user) : undefined;
}

/**
 * The stored memory if it has this shape or the earlier one (`users` with the missing first, no
 * `missing`, no `companyId`): those users are taken as listed, and the account as the one the
 * credential acts in now. Anything else: start afresh, as at activation.
 */
export function fromStaticData(stored: unknown): ListedUsers | undefined {
	const state = stored as Partial<Record<keyof ListedUsers, unknown>> | undefined;
	if (!state || !Array.isArray(state.users) || (state.inbox !== null && typeof state.inbox !== 'number')) return undefined;
	const users = state.users.map(asUser).filter((user): user is IDataObject => user !== undefined);
	const missing = (Array.isArray(state.missing) ? (state.missing as unknown[]) : []).flatMap((entry): MissingUser[] => {
		const { user, goneOnceAt } = (entry ?? {}) as { user?: unknown; goneOnceAt?: unknown };
		const known = asUser(user);
		if (!known) return [];
		return [typeof goneOnceAt === 'string' && !Number.isNaN(Date.parse(goneOnceAt)) ? { user: known, goneOnceAt } : { user: known }];
	});
	const removedIds = Array.isArray(state.removedIds) ? state.removedIds.map(Number).filter(Number.isSafeInteger) : [];
	const companyId = Number(state.companyId);
	const account = Number.isSafeInteger(companyId) && companyId > 0 ? { companyId } : {};
	// In the order a poll writes it, so that an unchanged memory compares equal.
	const listed: ListedUsers = { inbox: state.inbox, ...account, ...remember(missing, users), removedIds: removedIds.slice(-MAX_REMOVED_IDS) };
	if (typeof state.lastRemoved === 'object' && state.lastRemoved !== null) listed.lastRemoved = state.lastRemoved as IDataObject;
	if (typeof state.doubted === 'string' && state.doubted.length <= 64) listed.doubted = state.doubted;
	return listed;
}
