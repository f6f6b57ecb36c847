import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { helpScoutList } from '../transport';

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

/** IANA timezone names as the runtime knows them; Help Scout takes the same names. */
export async function getTimezones(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return Intl.supportedValuesOf('timeZone').map((zone) => ({ name: zone.replace(/_/g, ' '), value: zone }));
}
