import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { helpScoutList } from '../HelpScoutUsers/transport';

/**
 * What the trigger remembers between polls, in the workflow's static data: the IDs of the users
 * Help Scout listed last time, for the filter they were listed under.
 */
export interface SeenUsers {
	filterKey: string;
	ids: number[];
}

export interface PollOutcome {
	/** Users that appeared since the last poll, oldest first. */
	newUsers: IDataObject[];
	/** What to remember; undefined leaves the state as it was. */
	seen?: SeenUsers;
}

/**
 * Lists every user (every page: Help Scout's list has no "created since" filter) and compares the
 * IDs with the last poll's. Nothing is remembered unless the whole list was read, so a poll that
 * fails halfway changes nothing: the next one finds the same users new.
 * - First poll, or the Mailbox filter changed: remember where Help Scout stands, emit nothing.
 * - Manual mode (Fetch Test Event): the newest user, and nothing remembered.
 */
export async function pollNewUsers(
	this: IPollFunctions,
	previous: SeenUsers | undefined,
	options: { mailbox?: number },
): Promise<PollOutcome> {
	const qs: IDataObject = options.mailbox === undefined ? {} : { mailbox: options.mailbox };
	const users = await helpScoutList.call(this, '/users', 'users', { qs });
	const ids = users.map((user) => Number(user.id));
	const filterKey = JSON.stringify(qs);
	if (this.getMode() === 'manual') {
		const newest = [...users].sort(byCreation).pop();
		return { newUsers: newest ? [newest] : [] };
	}
	const seen = { filterKey, ids };
	if (!previous || previous.filterKey !== filterKey) return { newUsers: [], seen };
	const known = new Set(previous.ids);
	return { newUsers: users.filter((user) => !known.has(Number(user.id))).sort(byCreation), seen };
}

function byCreation(a: IDataObject, b: IDataObject): number {
	return String(a.createdAt ?? '').localeCompare(String(b.createdAt ?? '')) || Number(a.id) - Number(b.id);
}
