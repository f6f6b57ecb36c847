import type { INodeProperties } from 'n8n-workflow';

/** The "Mailbox Name or ID" dropdown, filled from every page of `GET /v2/mailboxes`. */
export const mailboxIdField: INodeProperties = {
	displayName: 'Mailbox Name or ID',
	name: 'id',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getMailboxes' },
	required: true,
	default: '',
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};
