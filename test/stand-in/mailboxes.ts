/** The account's inboxes ("mailboxes" in the API), listed by `GET /v2/mailboxes`. */
export interface FakeMailbox {
	id: number;
	name: string;
	email: string;
}

export function defaultMailboxes(): FakeMailbox[] {
	return [
		{ id: 1, name: 'Support', email: 'support@example.com' },
		{ id: 2, name: 'Billing', email: 'billing@example.com' },
		{ id: 3, name: 'Sales', email: 'sales@example.com' },
	];
}
