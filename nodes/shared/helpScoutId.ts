import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { quote } from './quote';

/**
 * The one Help Scout ID check, for every field that takes one. Workflows hand IDs over as numbers
 * or as their digits in text; anything else fails before a request, in one wording:
 * `<subject> "<value>" is not a <kind> ID (a positive whole number)`, a long value shortened by `quote`.
 */
/** What Help Scout's UI calls each kind: the API's mailbox is an inbox there. */
const NOUN = { mailbox: 'an inbox', team: 'a team', user: 'a user' } as const;

export function helpScoutId(node: INode, value: unknown, kind: 'mailbox' | 'team' | 'user', subject: string): number {
	const given = typeof value === 'string' ? value.trim() : value;
	const id =
		typeof given === 'number' || (typeof given === 'string' && /^\d+$/.test(given)) ? Number(given) : NaN;
	if (Number.isSafeInteger(id) && id > 0) return id;
	throw new NodeOperationError(
		node,
		`${subject} ${quote(String(value ?? '').trim())} is not ${NOUN[kind]} ID (a positive whole number)`,
	);
}
