import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AttemptCount, HelpScoutResponse } from '../../../shared/transport';
import { stateHome, subjectKey } from '../../../shared/state';
import { API_BASE_URL, backoffMs, headerValue, helpScoutUrl, pause } from '../../../shared/transport';
import type { HelpScoutApi } from '../../../shared/transport/client';
import { HelpScoutApiError, helpScoutError, restated, toNodeError } from '../../../shared/transport/errors';
import { inTurn, stopped } from '../../../shared/turns';

/**
 * Creating a user is not idempotent, and a failure on the way (a timeout, a reset, a 5xx) does not
 * say whether Help Scout acted. Help Scout's one guarantee is that an email belongs to one user,
 * so this module settles every doubt by looking the email up and weighing the evidence:
 * - the user was made by this item when Help Scout created it no earlier than CLOCK_TOLERANCE_MS
 *   before the item's first POST left (after any wait for the rate budget; by Help Scout's clock,
 *   as its `Date` header tells it) with the names this item sent, and no other item, of this
 *   execution or another of the same account, in this process or (queue mode) another, has
 *   claimed it (state/: creates of one email take turns, and a created user is claimed); when the
 *   claim cannot be shared with n8n's other processes (their Redis fails), the item cannot tell;
 * - a user that existed before is a duplicate, and If User Exists decides;
 * - Help Scout's search lags a few seconds behind a create: a doubt is settled only after looking
 *   again with backoff (SEARCH_LAG_DELAYS_MS), also after the last allowed attempt;
 * - where the evidence cannot decide, the item fails and says that it cannot tell; nothing is
 *   guessed, and a search that finds nothing is no proof that nothing was created.
 */
export const CLOCK_TOLERANCE_MS = 5_000; // plus half the look-up's round trip
/** Without a `Date` header the local clock stands in for Help Scout's, with more slack. */
export const CLOCK_TOLERANCE_WITHOUT_DATE_MS = 60_000;
export const SEARCH_LAG_DELAYS_MS = [500, 1_000, 2_000, 3_000, 4_000];
const SEARCH_LAG_TOTAL_S = SEARCH_LAG_DELAYS_MS.reduce((sum, ms) => sum + ms, 0) / 1000;
/** What an item says when a doubt is left after looking: a search that finds nothing is no proof. */
const CANNOT_TELL = `no user with this email had appeared ${SEARCH_LAG_TOTAL_S} s later, but Help Scout's search can lag further behind a create: cannot tell whether it was created. Look the email up in Help Scout before running this item again`;

export interface FoundUser {
	id: number;
	location: string;
	user: IDataObject;
}

export type CreateOutcome =
	| { created: true; id: number; location: string }
	| { created: false; duplicate: HelpScoutApiError | NodeOperationError; existing?: FoundUser };

export function userLocation(id: number): string {
	return `${API_BASE_URL}/users/${id}`;
}

/** Help Scout answers a create with an empty body: the new user is in the headers. */
function createdUserFrom(response: HelpScoutResponse): { id: number; location: string } | undefined {
	const given = headerValue(response.headers, 'location');
	const location = given === undefined ? undefined : helpScoutUrl(given);
	const id = Number(headerValue(response.headers, 'resource-id') ?? location?.replace(/\/$/, '').split('/').pop());
	if (!Number.isSafeInteger(id) || id <= 0) return undefined;
	return { id, location: location ?? userLocation(id) };
}

/** A 409, or a 400 whose `email` error says the address is taken: Help Scout has used both. */
function isDuplicateEmail(error: unknown): error is HelpScoutApiError {
	if (!(error instanceof HelpScoutApiError)) return false;
	if (error.status === 409) return true;
	return (
		error.status === 400 &&
		error.fieldErrors.some(
			(entry) => entry.path === 'email' && /already|exist|in use|taken|duplicate|unique/i.test(entry.message),
		)
	);
}

function sameName(a: unknown, b: unknown): boolean {
	return String(a ?? '').trim().toLowerCase() === String(b ?? '').trim().toLowerCase();
}

/** Creates the user of `body` once, whatever fails on the way; `account` is accountOf's key. */
export async function createUser(node: INode, api: HelpScoutApi, body: IDataObject, account: string): Promise<CreateOutcome> {
	const key = subjectKey(account, `create:${String(body.email).toLowerCase()}`);
	const outcome = await inTurn(key, api.signal, async () => await createOnce(node, api, key, body));
	if (outcome === stopped) throw helpScoutError(node, { kind: 'cancelled' });
	return outcome;
}

async function createOnce(node: INode, api: HelpScoutApi, key: string, body: IDataObject): Promise<CreateOutcome> {
	const { policy, signal } = api;
	const claims = stateHome();
	const attempts: AttemptCount = { made: 0, waitedMs: 0 };
	const DUPLICATE = 'A Help Scout user with this email already exists';
	// Help Scout's own refusal keeps its status, field errors and logRef.
	const refusedAsDuplicate = (error: HelpScoutApiError) => restated(error, DUPLICATE);
	const foundBefore = () => new NodeOperationError(node, DUPLICATE);

	const undecided = (failure: HelpScoutApiError, finding: string) =>
		restated(failure, `${failure.message}, and ${finding}`);
	// Set once an attempt failed in a way that may have created the user all the same.
	let doubt: HelpScoutApiError | undefined;
	const lookUp = async () => {
		let found: Awaited<ReturnType<typeof findByEmail>>;
		try {
			found = await findByEmail(api, String(body.email));
		} catch (error) {
			if (!doubt || (error instanceof HelpScoutApiError && error.cancelled) || !(error instanceof Error)) {
				throw toNodeError(node, error);
			}
			throw undecided(
				doubt,
				`looking the email up to see whether it was created failed too (${error.message}): cannot tell whether it was created. Look the email up in Help Scout before running this item again`,
			);
		}
		if (!found) return undefined;
		const { offsetMs, toleranceMs } = found.clock;
		const createdAt = Date.parse(String(found.user.createdAt ?? ''));
		// The window opens when the first POST left, not when the item began waiting for the budget.
		const firstSentAt = attempts.firstSentAt ?? Date.now();
		const madeHere =
			!(await claims.isClaimed(key, found.id)) &&
			Number.isFinite(createdAt) &&
			createdAt >= firstSentAt + offsetMs - toleranceMs &&
			sameName(found.user.firstName, body.firstName) &&
			sameName(found.user.lastName, body.lastName);
		return { ...found, madeHere };
	};
	const lookUpPatiently = async () => await patiently(lookUp, signal);
	/** Help Scout's own answer says this item made the user: the claim only keeps others off it. */
	const claimed = async (id: number, location: string): Promise<CreateOutcome> => {
		await claims.claim(key, id);
		return { created: true, id, location };
	};
	/** The evidence says this item made the user: it did if no other item has claimed it. */
	const judge = async (
		found: FoundUser & { madeHere: boolean },
		duplicate: HelpScoutApiError | NodeOperationError,
	): Promise<CreateOutcome> => {
		const outcome = found.madeHere ? await claims.claim(key, found.id) : 'taken';
		if (outcome === 'unshared' && doubt) {
			throw undecided(
				doubt,
				`the user with this email looks made by this item, but n8n's queue-mode Redis did not answer, so another n8n process may have claimed it too: cannot tell whether this item created it. Look the email up in Help Scout before running this item again`,
			);
		}
		return outcome === 'taken' ? { created: false, duplicate, existing: found } : { created: true, id: found.id, location: found.location };
	};
	for (;;) {
		let response: HelpScoutResponse;
		try {
			response = await api.post('/users', body, {
				attempts,
				messages: { 403: 'Only Administrators and Account Owners can create Help Scout users' },
			});
		} catch (error) {
			if (isDuplicateEmail(error)) {
				if (!doubt) return { created: false, duplicate: refusedAsDuplicate(error) };
				// An earlier attempt of this item may have made the user; the search may lag behind.
				const found = await lookUpPatiently();
				if (found) return await judge(found, refusedAsDuplicate(error));
				throw undecided(
					refusedAsDuplicate(error),
					`no user with this email appeared in ${SEARCH_LAG_TOTAL_S} s of searching after an earlier attempt failed (${doubt.message}): cannot tell whether this item created it`,
				);
			}
			if (!(error instanceof HelpScoutApiError) || !error.mayHaveLanded) {
				if (!doubt || (error instanceof HelpScoutApiError && error.cancelled) || !(error instanceof Error)) {
					throw toNodeError(node, error);
				}
				// An earlier attempt may have made the user; this attempt's failure says nothing of it.
				const found = await lookUpPatiently();
				if (found) return await judge(found, foundBefore());
				throw undecided(doubt, `the next attempt failed too (${error.message}); ${CANNOT_TELL}`);
			}
			doubt = error;
			const delayMs = backoffMs(attempts.made);
			const lastAttempt = attempts.made >= policy.maxAttempts || attempts.waitedMs + delayMs > policy.maxWaitMs;
			// With attempts left one look is enough: a user it misses makes the next POST a duplicate.
			const found = lastAttempt ? await lookUpPatiently() : await lookUp();
			if (found) return await judge(found, foundBefore());
			if (lastAttempt) {
				throw undecided(error, CANNOT_TELL);
			}
			await pause(delayMs, signal);
			attempts.waitedMs += delayMs;
			continue;
		}
		const created = createdUserFrom(response);
		if (created) return await claimed(created.id, created.location);
		// Help Scout took the user (2xx) but did not say its ID: it is there, maybe not yet searchable.
		const found = await lookUpPatiently();
		if (found && !(await claims.isClaimed(key, found.id))) return await claimed(found.id, found.location);
		throw new NodeOperationError(
			node,
			`Help Scout accepted the user but did not say its ID, and no user with this email appeared in ${SEARCH_LAG_TOTAL_S} s of searching`,
		);
	}
}

/** The user that already has this item's email, for If User Exists: Return Existing User. */
export async function findExisting(api: HelpScoutApi, body: IDataObject): Promise<FoundUser | undefined> {
	return await patiently(async () => await findByEmail(api, String(body.email)), api.signal);
}

/** Looks now and again after each of SEARCH_LAG_DELAYS_MS until `look` finds something. */
async function patiently<T>(look: () => Promise<T | undefined>, signal?: AbortSignal): Promise<T | undefined> {
	for (const delayMs of [0, ...SEARCH_LAG_DELAYS_MS]) {
		await pause(delayMs, signal);
		// Once the execution is stopped, the request throws n8n's cancellation at once.
		const found = await look();
		if (found !== undefined) return found;
	}
	return undefined;
}

/**
 * `GET /v2/users?email=` matches exactly and includes invited users. Also says how far Help
 * Scout's clock (its `Date` header) is from this one, to weigh `createdAt`.
 */
async function findByEmail(
	api: HelpScoutApi,
	email: string,
): Promise<(FoundUser & { clock: { offsetMs: number; toleranceMs: number } }) | undefined> {
	const sentAt = Date.now();
	const response = await api.get('/users', { qs: { email } });
	const receivedAt = Date.now();
	const users = ((response.body as IDataObject)._embedded as { users?: IDataObject[] } | undefined)?.users ?? [];
	// The comparison guards against a server that matched more loosely than documented.
	const user = users.find((candidate) => String(candidate.email).toLowerCase() === email.toLowerCase());
	const id = Number(user?.id);
	if (!user || !Number.isSafeInteger(id) || id <= 0) return undefined;
	// `Date` has whole seconds and is stamped while answering: compare it with the middle of the
	// exchange, and widen the tolerance by the other half.
	const serverNow = Date.parse(headerValue(response.headers, 'date') ?? '');
	const clock = Number.isFinite(serverNow)
		? { offsetMs: serverNow - (sentAt + receivedAt) / 2, toleranceMs: CLOCK_TOLERANCE_MS + (receivedAt - sentAt) / 2 }
		: { offsetMs: 0, toleranceMs: CLOCK_TOLERANCE_WITHOUT_DATE_MS };
	return { id, location: userLocation(id), user, clock };
}
