import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { helpScoutList } from '../transport';
import { CURRENT_TIME_ZONES } from './timezones';

/** Every inbox of the account, however many pages Help Scout splits them into. */
export async function getMailboxes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const mailboxes = await helpScoutList.call(this, '/mailboxes', 'mailboxes');
	return mailboxes
		.map((mailbox) => ({
			name: String(mailbox.name),
			value: Number(mailbox.id),
			description: mailbox.email ? String(mailbox.email) : undefined,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The current IANA names from the shipped tzdata list (Asia/Kolkata, Europe/Kyiv, UTC), already
 * sorted: the runtime's list depends on its ICU (Node 20's says Asia/Calcutta and has no UTC).
 */
export async function getTimezones(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return CURRENT_TIME_ZONES.map((zone) => ({ name: zone.replace(/_/g, ' '), value: zone }));
}
