import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { SIMPLE_USER_FIELDS } from '../shared/simplifyUser';
import type { SendingPolicy } from '../shared/transport';
import { helpScoutApi } from '../shared/transport/client';
import { HelpScoutApiError, toNodeError } from '../shared/transport/errors';
import type { UserFilters } from './polling';
import { hasRole, idOf, listUsers, POLL_POLICY } from './polling';

/**
 * What the User Removed event remembers between polls, in the workflow's static data (its own
 * key, apart from New User's):
 * - `inbox`: the inbox filter the lists were read with (null: none). Another inbox starts afresh.
 * - `users`: who was in the last complete list (with an inbox filter: that inbox's list), each with
 *   the fields Simplify keeps, as last listed. A user missing from a later list stays until Help
 *   Scout confirms them gone (404) or lists them again; the missing come first, in the order they
 *   are to be asked about.
 * - `removedIds`: users already emitted, latest last: none is emitted twice.
 * - `lastRemoved`: the last item emitted, for Fetch Test Event.
 */
export interface ListedUsers {
	inbox: number | null;
	users: IDataObject[];
	removedIds: number[];
	lastRemoved?: IDataObject;
}

export interface RemovedOutcome {
	/** Items to emit: each user's last known fields and `removedAt`. */
	removedUsers: IDataObject[];
	/** What to remember; undefined leaves the state as it was (n8n then writes nothing). */
	listed?: ListedUsers;
}

/**
 * At most this many users remembered, with ten short fields each (about 2.5 MB of static data).
 * An account larger than that is watched for its first 10,000 users as Help Scout lists them.
 */
const MAX_USERS = 10_000;
/** At most this many emitted IDs kept; the oldest are dropped first (Help Scout does not reuse IDs). */
const MAX_REMOVED_IDS = 10_000;
/**
 * A stored text field is at most this long; Help Scout's own are far shorter (names 40, an email
 * 254). A longer value is not kept rather than kept cut: a cut email could match someone else.
 */
const MAX_FIELD_LENGTH = 256;
/**
 * At most this many users asked about (`GET /v2/users/{id}`) per poll; the rest wait for the next
 * poll, in turn. A list that comes back short (a broken page, a shifted read) would otherwise cost
 * a request per user it missed: at 10, a poll costs at most 10 requests more than its list reads,
 * while a team that leaves together is confirmed within a few polls.
 */
export const MAX_CONFIRMATIONS_PER_POLL = 10;
/**
 * One retry for a confirmation after a 5xx, a reset or a timeout: a user not confirmed now is asked
 * about again next poll, so a failing Help Scout costs a poll little time.
 */
const CONFIRM_POLICY: SendingPolicy = { ...POLL_POLICY, maxAttempts: 2 };

/**
 * Reads the list (every page; with an inbox filter, that inbox's list and the whole account's) and
 * compares it with the last complete one. Nothing is remembered unless every list was read whole.
 * - First poll (or another inbox filter): remember who is listed, emit nothing.
 * - Later polls: a remembered user no list shows now, with a role the filter takes, is asked about
 *   by ID; only a 404 confirms the removal. Any other answer (200: the list shifted while read; a
 *   5xx or a reset after one retry; the rate limit) keeps the user for the next poll. After a
 *   failure the rest are asked about next poll, not now.
 * - Manual mode (Fetch Test Event): the last removal this trigger confirmed, or nothing; no request,
 *   and no sample is made up (a leaver workflow must not act on an invented or present user).
 */
export async function pollRemovedUsers(
	this: IPollFunctions,
	stored: unknown,
	filters: UserFilters,
): Promise<RemovedOutcome> {
	const previous = fromStaticData(stored);
	if (this.getMode() === 'manual') return { removedUsers: previous?.lastRemoved ? [previous.lastRemoved] : [] };
	const inbox = filters.mailbox ?? null;
	const inScope = await listUsers(this, filters.mailbox);
	if (!previous || previous.inbox !== inbox) {
		const listed: ListedUsers = { inbox, users: remember([], inScope), removedIds: previous?.removedIds ?? [] };
		if (previous?.lastRemoved) listed.lastRemoved = previous.lastRemoved;
		return { removedUsers: [], listed };
	}
	// With an inbox filter: a user no longer in the inbox's list but still in the account's only lost
	// access, and is forgotten.
	const everyone = filters.mailbox === undefined ? inScope : await listUsers(this);
	const listedNow = new Set([...everyone, ...inScope].map(idOf));
	// A missing user the Role filter would not emit is not asked about: if still there, the next
	// list shows them again.
	const missing = previous.users.filter((user) => !listedNow.has(idOf(user))).filter(hasRole(filters));
	const answers = await confirm(this, missing);
	const emittedBefore = new Set(previous.removedIds);
	const removedUsers = answers.removed.filter((user) => !emittedBefore.has(idOf(user)));
	const listed: ListedUsers = {
		inbox,
		users: remember([...answers.notAsked, ...answers.stillThere], inScope),
		removedIds: [...new Set([...previous.removedIds, ...answers.removed.map(idOf)])].slice(-MAX_REMOVED_IDS),
	};
	const lastRemoved = removedUsers.at(-1) ?? previous.lastRemoved;
	if (lastRemoved) listed.lastRemoved = lastRemoved;
	const changed = JSON.stringify(listed) !== JSON.stringify(previous);
	return { removedUsers, listed: changed ? listed : undefined };
}

interface Answers {
	/** Confirmed gone (404), with `removedAt`. */
	removed: IDataObject[];
	/** Asked about and not confirmed: still there (200, with fields as answered) or no answer. */
	stillThere: IDataObject[];
	/** Not asked about this poll: over the limit, or after a failed answer. */
	notAsked: IDataObject[];
}

/** Asks Help Scout about the first users, one after another; a 404 alone confirms a removal. */
async function confirm(context: IPollFunctions, missing: IDataObject[]): Promise<Answers> {
	const api = helpScoutApi(context, CONFIRM_POLICY);
	const answers: Answers = { removed: [], stillThere: [], notAsked: missing.slice(MAX_CONFIRMATIONS_PER_POLL) };
	const asked = missing.slice(0, MAX_CONFIRMATIONS_PER_POLL);
	for (const [index, user] of asked.entries()) {
		try {
			const { body } = await api.get(`/users/${idOf(user)}`);
			const answered = body as IDataObject;
			answers.stillThere.push(idOf(answered) === idOf(user) ? lastKnown(answered) : user);
		} catch (error) {
			if (!(error instanceof HelpScoutApiError)) throw toNodeError(context.getNode(), error);
			if (error.status === 404) {
				answers.removed.push({ ...user, removedAt: new Date().toISOString() });
				continue;
			}
			// Help Scout is failing or out of budget: ask the rest next poll, this user after them.
			answers.notAsked.unshift(...asked.slice(index + 1));
			answers.stillThere.push(user);
			break;
		}
	}
	return answers;
}

/** Users kept waiting for a confirmation first, then the list as read, capped at MAX_USERS. */
function remember(waiting: IDataObject[], listed: IDataObject[]): IDataObject[] {
	return [...waiting, ...listed.map(lastKnown)].slice(0, MAX_USERS);
}

/** The user's essential fields (Simplify's ten), those that are plain values of a sane size. */
function lastKnown(user: IDataObject): IDataObject {
	return Object.fromEntries(SIMPLE_USER_FIELDS.filter((name) => storable(user[name])).map((name) => [name, user[name]]));
}

function storable(value: unknown): boolean {
	if (typeof value === 'string') return value.length <= MAX_FIELD_LENGTH;
	return value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** The stored memory if it has this shape (anything else: start afresh, as at activation). */
function fromStaticData(stored: unknown): ListedUsers | undefined {
	const state = stored as Partial<Record<keyof ListedUsers, unknown>> | undefined;
	if (!state || !Array.isArray(state.users) || (state.inbox !== null && typeof state.inbox !== 'number')) return undefined;
	const users = (state.users as unknown[])
		.filter((user): user is IDataObject => typeof user === 'object' && user !== null && Number.isSafeInteger(idOf(user as IDataObject)))
		.map(lastKnown);
	const removedIds = Array.isArray(state.removedIds) ? state.removedIds.map(Number).filter(Number.isSafeInteger) : [];
	const listed: ListedUsers = { inbox: state.inbox, users, removedIds };
	if (typeof state.lastRemoved === 'object' && state.lastRemoved !== null) listed.lastRemoved = state.lastRemoved as IDataObject;
	return listed;
}
