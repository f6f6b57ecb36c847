import type { INodeProperties } from 'n8n-workflow';

/**
 * The "Inbox Name or ID" dropdown, filled from every page of `GET /v2/mailboxes`: Help Scout's UI
 * says inbox for what its API calls a mailbox, so the labels say Inbox and the names stay.
 */
export const mailboxIdField: INodeProperties = {
	displayName: 'Inbox Name or ID',
	name: 'id',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getMailboxes' },
	required: true,
	default: '',
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};

/** An optional Inbox filter: `what` says what it keeps, the rest is n8n's usual dropdown hint. */
export function inboxFilterField(what: string): INodeProperties {
	return {
		...mailboxIdField,
		name: 'mailbox',
		required: false,
		description: `${what} Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
	};
}
