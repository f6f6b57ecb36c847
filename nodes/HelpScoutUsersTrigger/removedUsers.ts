import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { learnAccount } from '../shared/account';
import type { SendingPolicy } from '../shared/transport';
import { helpScoutApi } from '../shared/transport/client';
import { HelpScoutApiError, isHelpScoutNotFound, toNodeError } from '../shared/transport/errors';
import type { UserFilters } from './polling';
import { hasRole, idOf, POLL_POLICY, readUsers } from './polling';
import type { ListedUsers, MissingUser } from './removedMemory';
import { fingerprintOf, fromStaticData, lastKnown, remember, rememberRemoved } from './removedMemory';

export interface RemovedOutcome {
	/** Items to emit: each user's last known fields and `removedAt`. */
	removedUsers: IDataObject[];
	/** What to remember; undefined leaves the state as it was (n8n then writes nothing). */
	listed?: ListedUsers;
}

/**
 * At most this many users asked about (`GET /v2/users/{id}`) per poll; the rest wait for the next
 * poll, in turn. A list that comes back short would otherwise cost a request per user it missed:
 * at 10, a poll costs at most 10 requests more than its list reads, while a team that leaves
 * together is confirmed within a few polls.
 */
export const MAX_CONFIRMATIONS_PER_POLL = 10;
/**
 * One retry for a confirmation after a 5xx, a reset or a timeout: a user not confirmed now is asked
 * about again next poll, so a failing Help Scout costs a poll little time.
 */
const CONFIRM_POLICY: SendingPolicy = { ...POLL_POLICY, maxAttempts: 2 };
/**
 * A list that lacks more than this share of the users the last sane list showed, and more than
 * FEW_MISSING of them, is doubted for one poll. Agents leave a Help Scout account one or a few at a
 * time; a quarter of it at once is what a broken answer looks like (an empty page, a list of
 * another account). Doubting a real mass removal costs one poll: the same list on the next poll is
 * believed, and each user still needs Help Scout's own 404 twice.
 */
const MAX_SHRINK_SHARE = 0.25;
const FEW_MISSING = 3;

/**
 * Reads the account behind the credential and the list (every page; with an inbox filter, that
 * inbox's list and the whole account's), and compares them with the last sane poll.
 * - First poll (or another inbox filter, or another account behind the credential): remember who
 *   is listed, emit nothing.
 * - A list that is not sane (see `insane`) emits nobody, asks nobody, and says why in n8n's log.
 * - Later polls: a remembered user no list shows now, with a role the filter takes, is asked about
 *   by ID. Only Help Scout's own 404 (a JSON body) counts, and only on two polls: the first marks
 *   the user gone once, the next confirms and emits. A 200 clears the mark; an HTML 404 (a gateway),
 *   a 5xx or a reset after one retry, or the rate limit settle nothing, and after such an answer the
 *   rest are asked about next poll. The user the credential acts as is never missing.
 * - Manual mode (Fetch Test Event): the last removal this trigger confirmed, or nothing; no request,
 *   and no sample is made up (a leaver workflow must not act on an invented or present user).
 */
export async function pollRemovedUsers(this: IPollFunctions, stored: unknown, filters: UserFilters): Promise<RemovedOutcome> {
	const previous = fromStaticData(stored);
	if (this.getMode() === 'manual') return { removedUsers: previous?.lastRemoved ? [previous.lastRemoved] : [] };
	const { companyId, userId } = await learnAccount(this, POLL_POLICY);
	if (companyId === undefined || userId === undefined) {
		return skipped(this, "Help Scout's answer to GET /v2/users/me named no account (companyId) or no user");
	}
	const inbox = filters.mailbox ?? null;
	const inScope = await readUsers(this, filters.mailbox);
	const otherAccount = previous?.companyId !== undefined && previous.companyId !== companyId;
	if (!previous || previous.inbox !== inbox || otherAccount) {
		if (!inScope.consistent) return skipped(this, SHORT_LIST);
		if (otherAccount) {
			warn(this, `the credential now acts in another Help Scout account (companyId ${companyId}, was ${previous.companyId}): starting afresh, as at activation`);
		}
		return { removedUsers: [], listed: afresh(inbox, companyId, inScope.users, otherAccount ? undefined : previous) };
	}
	const everyone = filters.mailbox === undefined ? inScope : await readUsers(this);
	if (!inScope.consistent || !everyone.consistent) return skipped(this, SHORT_LIST);
	// The credential's own user just answered /users/me: never missing, whatever a list says.
	const listedNow = new Set([...everyone.users, ...inScope.users].map(idOf).concat(userId));
	const now = afresh(inbox, companyId, inScope.users);
	return doubtedShrink(this, previous, now, listedNow) ?? (await compare(this, previous, now, listedNow, filters));
}

/**
 * The outcome of a poll whose list lacks too many of the last sane list's users at once (see
 * MAX_SHRINK_SHARE): doubted, unless the last poll doubted the very same list; a memory of an
 * earlier version, which noted no account, is taken as another account's. Undefined: believed.
 */
function doubtedShrink(context: IPollFunctions, previous: ListedUsers, now: ListedUsers, listedNow: Set<number>): RemovedOutcome | undefined {
	const lacking = previous.users.filter((user) => !listedNow.has(idOf(user))).length;
	if (lacking <= FEW_MISSING || lacking <= previous.users.length * MAX_SHRINK_SHARE) return undefined;
	const shrunk = `the list lacks ${lacking} of the ${previous.users.length} users the last poll listed`;
	if (previous.companyId === undefined) {
		warn(context, `${shrunk}, remembered by an earlier version of the node: starting afresh, as at activation`);
		return { removedUsers: [], listed: now };
	}
	const doubted = fingerprintOf(listedNow);
	if (previous.doubted === doubted) return undefined;
	return skipped(context, `${shrunk}; if the next poll lists the same users, they are believed`, { ...previous, doubted });
}

/**
 * A sane poll: the users missing now or still waiting are asked about (see `confirm`), and `now`
 * (the list as read) becomes the memory, with them and what was emitted.
 */
async function compare(
	context: IPollFunctions,
	previous: ListedUsers,
	now: ListedUsers,
	listedNow: Set<number>,
	filters: UserFilters,
): Promise<RemovedOutcome> {
	const newlyMissing = previous.users.filter((user) => !listedNow.has(idOf(user))).map((user) => ({ user }));
	const waiting = dedupe([...previous.missing, ...newlyMissing])
		.filter((entry) => !listedNow.has(idOf(entry.user)))
		// A missing user the Role filter would not emit is not asked about, and forgotten.
		.filter((entry) => hasRole(filters)(entry.user));
	const answers = await confirm(context, waiting);
	const emittedBefore = new Set(previous.removedIds);
	const removedUsers = answers.removed.filter((user) => !emittedBefore.has(idOf(user)));
	const listed: ListedUsers = {
		...now,
		...remember(answers.waiting, now.users),
		// An emitted user a list shows again is forgotten, so that a later removal comes out.
		removedIds: rememberRemoved(previous.removedIds, listedNow, answers.removed),
	};
	const lastRemoved = removedUsers.at(-1) ?? previous.lastRemoved;
	if (lastRemoved) listed.lastRemoved = lastRemoved;
	const changed = JSON.stringify(listed) !== JSON.stringify(previous);
	return { removedUsers, listed: changed ? listed : undefined };
}

const SHORT_LIST =
	"Help Scout's user list did not hold together (a page short of what its page figures promised, or figures that changed between pages)";

/** As at activation: who is listed now; the emitted IDs and the last removal kept if given. */
function afresh(inbox: number | null, companyId: number, users: IDataObject[], kept?: ListedUsers): ListedUsers {
	const listed: ListedUsers = { inbox, companyId, ...remember([], users), removedIds: kept?.removedIds ?? [] };
	if (kept?.lastRemoved) listed.lastRemoved = kept.lastRemoved;
	return listed;
}

/** A poll that emits nobody and changes no confirmation, and says why, once, in n8n's log. */
function skipped(context: IPollFunctions, why: string, listed?: ListedUsers): RemovedOutcome {
	warn(context, `${why}. Nobody was emitted or confirmed this poll; the next poll carries on`);
	return { removedUsers: [], listed };
}

function warn(context: IPollFunctions, message: string): void {
	const node = context.getNode();
	context.logger.warn(`Help Scout Users Trigger "${node.name}", User Removed: ${message}`, {
		workflowId: context.getWorkflow().id,
		node: node.name,
	});
}

/** Each user once, the first entry kept (a migrated memory may name a user twice). */
function dedupe(entries: MissingUser[]): MissingUser[] {
	const byId = new Map<number, MissingUser>();
	for (const entry of entries) if (!byId.has(idOf(entry.user))) byId.set(idOf(entry.user), entry);
	return [...byId.values()];
}

interface Answers {
	/** Confirmed gone (Help Scout's JSON 404 on this poll and an earlier one), with `removedAt`. */
	removed: IDataObject[];
	/**
	 * Still waiting, in the order to be asked next poll: those gone once first (the next poll
	 * settles them), then, in turn, those not asked this poll before those asked.
	 */
	waiting: MissingUser[];
}

const goneOnce = (entry: MissingUser) => entry.goneOnceAt !== undefined;

/** Asks Help Scout about the first users, one after another (see `pollRemovedUsers`). */
async function confirm(context: IPollFunctions, missing: MissingUser[]): Promise<Answers> {
	const api = helpScoutApi(context, CONFIRM_POLICY);
	const removed: IDataObject[] = [];
	const asked: MissingUser[] = [];
	const notAsked = missing.slice(MAX_CONFIRMATIONS_PER_POLL);
	const toAsk = missing.slice(0, MAX_CONFIRMATIONS_PER_POLL);
	for (const [index, entry] of toAsk.entries()) {
		const id = idOf(entry.user);
		try {
			const answered = (await api.get(`/users/${id}`)).body as IDataObject;
			// Help Scout has the user: the list shifted or lags. The gone-once mark goes.
			asked.push({ user: idOf(answered) === id ? lastKnown(answered) : entry.user });
		} catch (error) {
			if (!(error instanceof HelpScoutApiError)) throw toNodeError(context.getNode(), error);
			const now = new Date().toISOString();
			if (isHelpScoutNotFound(error) && entry.goneOnceAt !== undefined) removed.push({ ...entry.user, removedAt: now });
			else if (isHelpScoutNotFound(error)) asked.push({ user: entry.user, goneOnceAt: now });
			else {
				// Help Scout (or what stands before it) is failing: ask the rest next poll, this user after them.
				notAsked.unshift(...toAsk.slice(index + 1));
				asked.push(entry);
				break;
			}
		}
	}
	const waiting = [...notAsked, ...asked];
	return { removed, waiting: [...waiting.filter(goneOnce), ...waiting.filter((entry) => !goneOnce(entry))] };
}
