import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import type { SendingPolicy } from '../shared/transport';
import { DEFAULT_SENDING_POLICY, readHelpScoutList } from '../shared/transport';

/** The trigger's Filters, checked: both events read them the same way. */
export interface UserFilters {
	/** Only users with access to this inbox (a mailbox ID). */
	mailbox?: number;
	/** Only users with one of these roles; none: any role. */
	roles: string[];
}

/** Whether a user's role passes the Role filter. */
export function hasRole(filters: UserFilters): (user: IDataObject) => boolean {
	return (user) => filters.roles.length === 0 || filters.roles.includes(String(user.role));
}

/**
 * A poll has no Stop: its requests give up after half a minute of waiting on Help Scout's limits
 * (less than the longest pause a 429 may set, so a poll on a paused credential ends at once), and
 * the next tick tries again.
 */
export const POLL_POLICY: SendingPolicy = { ...DEFAULT_SENDING_POLICY, maxWaitMs: 30_000 };

/** Polls running now in this process, by workflow and node; an entry lives as long as its poll. */
const running = new Set<string>();

/**
 * Runs `poll` unless the same trigger's previous poll is still running, and then returns null.
 * n8n starts a poll every tick, finished or not. The later poll is dropped rather than queued: it
 * would read the same list right after, and while Help Scout is slow a queue would grow each tick;
 * nothing is lost, as the next tick compares with everything remembered. Fetch Test Event
 * remembers nothing, so it neither waits for an activated poll nor holds one up.
 */
export async function withoutOverlap<T>(context: IPollFunctions, poll: () => Promise<T>): Promise<T | null> {
	if (context.getMode() === 'manual') return await poll();
	const node = context.getNode();
	const key = `${context.getWorkflow().id ?? ''}/${node.id ?? node.name}`;
	if (running.has(key)) return null;
	running.add(key);
	try {
		return await poll();
	} finally {
		running.delete(key);
	}
}

/** Every page of `GET /v2/users`, or of one inbox's users. */
export async function listUsers(context: IPollFunctions, mailbox?: number): Promise<IDataObject[]> {
	return (await readUsers(context, mailbox)).users;
}

/** As `listUsers`, and whether the read held together (`readHelpScoutList`: no page short, none moved). */
export async function readUsers(context: IPollFunctions, mailbox?: number): Promise<{ users: IDataObject[]; consistent: boolean }> {
	const qs: IDataObject = mailbox === undefined ? {} : { mailbox };
	const read = await readHelpScoutList.call(context, '/users', 'users', { qs, policy: POLL_POLICY });
	// A user without an ID could not be remembered, and would come out on every poll.
	return { users: read.items.filter((user) => Number.isSafeInteger(idOf(user))), consistent: read.consistent };
}

export function idOf(user: IDataObject): number {
	return Number(user.id);
}
