import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { quote } from '../../../shared/quote';
import {
	CREATABLE_ROLES,
	emailProblem,
	ianaTimezone,
	MAX_EMAIL,
	MAX_JOB_TITLE,
	MAX_NAME,
	MAX_PHONE,
} from '../../../shared/userFields';
import { helpScoutId } from '../../../shared/helpScoutId';

/** Reads one item's Create User parameters and checks them as Help Scout will; nothing is sent. */
export function createUserBody(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const fail = (message: string): never => {
		throw new NodeOperationError(context.getNode(), message);
	};

	// Expressions can hand over any type: numbers are taken as text, anything else is refused.
	const text = (label: string, value: unknown, maxLength?: number, required = true): string | undefined => {
		if (value === undefined || value === null || value === '') {
			return required ? fail(`${label} is required`) : undefined;
		}
		if (typeof value !== 'string' && typeof value !== 'number') {
			return fail(`${label} must be text, not ${Array.isArray(value) ? 'a list' : typeof value}`);
		}
		const trimmed = String(value).trim();
		if (trimmed === '') return required ? fail(`${label} is required`) : undefined;
		if (maxLength !== undefined && trimmed.length > maxLength) {
			return fail(
				`${label} may be at most ${maxLength} characters as Help Scout counts them (an emoji counts 2), not ${trimmed.length}`,
			);
		}
		return trimmed;
	};
	const flag = (label: string, value: unknown): boolean => {
		if (typeof value === 'boolean') return value;
		if (value === 'true' || value === 'false') return value === 'true';
		return fail(`${label} must be true or false`);
	};
	const parameter = (name: string, fallback?: unknown): unknown =>
		context.getNodeParameter(name, itemIndex, fallback);

	const body: IDataObject = {
		firstName: text('First Name', parameter('firstName'), MAX_NAME),
		lastName: text('Last Name', parameter('lastName'), MAX_NAME),
	};

	const email = text('Email', parameter('email'), MAX_EMAIL) as string;
	const problem = emailProblem(email);
	if (problem) fail(`Email ${quote(email)} is not a valid email address: it ${problem}`);
	body.email = email;

	const roleGiven = text('Role', parameter('role')) as string;
	const role = roleGiven.toLowerCase();
	if (role === 'owner') {
		fail('Role "owner" cannot be given through the API: Help Scout creates owners only with the account');
	}
	if (!CREATABLE_ROLES.includes(role)) fail(`Role ${quote(roleGiven)} is not one of admin, user, light user`);
	body.role = role;
	body.sendInvite = flag('Send Invite', parameter('sendInvite', true));

	const additional = parameter('additionalFields', {}) as IDataObject;
	const jobTitle = text('Job Title', additional.jobTitle, MAX_JOB_TITLE, false);
	const phone = text('Phone', additional.phone, MAX_PHONE, false);
	if (phone !== undefined && /\p{Cc}/u.test(phone)) fail('Phone holds a control character');
	const timezoneGiven = text('Timezone', additional.timezone, undefined, false);
	let timezone: string | undefined;
	if (timezoneGiven !== undefined) {
		timezone = ianaTimezone(timezoneGiven);
		if (timezone === undefined) {
			fail(`Timezone ${quote(timezoneGiven)} is not an IANA timezone name such as America/New_York`);
		}
	}
	Object.assign(body, definedOnly({ timezone, jobTitle, phone }));

	const mailboxes = readMailboxes(context.getNode(), parameter('mailboxes', {}), fail, flag);
	if (mailboxes.length) body.mailboxes = mailboxes;
	return body;
}

function readMailboxes(
	node: INode,
	value: unknown,
	fail: (message: string) => never,
	flag: (label: string, value: unknown) => boolean,
): IDataObject[] {
	const rows = (value as IDataObject | undefined)?.mailbox ?? [];
	if (!Array.isArray(rows)) return fail('Inboxes must be a list of inbox rows');
	const seen = new Set<number>();
	return rows.map((row: IDataObject, position) => {
		const label = `Inbox ${position + 1}`;
		const id = helpScoutId(node, row?.id, 'mailbox', `${label}:`);
		if (seen.has(id)) fail(`${label}: inbox ${id} is listed twice`);
		seen.add(id);
		return { id, emailAccess: flag(`${label}: Email Access`, row.emailAccess ?? true) };
	});
}

function definedOnly(fields: Record<string, string | undefined>): IDataObject {
	return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
