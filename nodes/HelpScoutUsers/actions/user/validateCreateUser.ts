import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toHelpScoutId } from './helpScoutId';

const ROLES = ['admin', 'user', 'light user'];
// Deliberately loose: one @, no spaces, a dot in the domain. Help Scout has the last word.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_EMAIL_LENGTH = 254;

/** Reads one item's Create User parameters and turns them into Help Scout's request body. */
export function validateCreateUser(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const fail = (message: string): never => {
		throw new NodeOperationError(context.getNode(), `${message} [item ${itemIndex}]`, { itemIndex });
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
		if (maxLength !== undefined && [...trimmed].length > maxLength) {
			return fail(`${label} may be at most ${maxLength} characters, not ${[...trimmed].length}`);
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
		firstName: text('First Name', parameter('firstName'), 40),
		lastName: text('Last Name', parameter('lastName'), 40),
	};

	const email = text('Email', parameter('email'), MAX_EMAIL_LENGTH) as string;
	if (!EMAIL.test(email)) fail(`Email "${email}" is not a valid email address`);
	body.email = email;

	const role = (text('Role', parameter('role')) as string).toLowerCase();
	if (role === 'owner') {
		fail('Role "owner" cannot be given through the API: Help Scout creates owners only with the account');
	}
	if (!ROLES.includes(role)) fail(`Role "${role}" is not one of admin, user, light user`);
	body.role = role;
	body.sendInvite = flag('Send Invite', parameter('sendInvite', true));

	const additional = parameter('additionalFields', {}) as IDataObject;
	const jobTitle = text('Job Title', additional.jobTitle, 50, false);
	const phone = text('Phone', additional.phone, undefined, false);
	const timezone = text('Timezone', additional.timezone, undefined, false);
	if (timezone !== undefined && !isTimezone(timezone)) {
		fail(`Timezone "${timezone}" is not an IANA timezone name such as America/New_York`);
	}
	Object.assign(body, definedOnly({ timezone, jobTitle, phone }));

	const mailboxes = readMailboxes(parameter('mailboxes', {}), fail, flag);
	if (mailboxes.length) body.mailboxes = mailboxes;
	return body;
}

function readMailboxes(
	value: unknown,
	fail: (message: string) => never,
	flag: (label: string, value: unknown) => boolean,
): IDataObject[] {
	const rows = (value as IDataObject | undefined)?.mailbox ?? [];
	if (!Array.isArray(rows)) return fail('Mailboxes must be a list of mailbox rows');
	const seen = new Set<number>();
	return rows.map((row: IDataObject, position) => {
		const label = `Mailbox ${position + 1}`;
		const id = toHelpScoutId(row?.id);
		if (id === undefined) {
			return fail(`${label}: "${String(row?.id ?? '').trim()}" is not a mailbox ID (a positive whole number)`);
		}
		if (seen.has(id)) fail(`${label}: mailbox ${id} is listed twice`);
		seen.add(id);
		return { id, emailAccess: flag(`${label}: Email Access`, row.emailAccess ?? true) };
	});
}

function isTimezone(name: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: name });
		return true;
	} catch {
		return false;
	}
}

function definedOnly(fields: Record<string, string | undefined>): IDataObject {
	return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
