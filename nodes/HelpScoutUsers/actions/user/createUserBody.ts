import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { quote } from '../../../shared/quote';
import { IANA_TIME_ZONE_NAMES } from '../../methods/timezones';
import { helpScoutId } from '../helpScoutId';

const ROLES = ['admin', 'user', 'light user'];
// Help Scout's API is Java: its length limits count UTF-16 code units, which is what
// String.prototype.length counts (an emoji is 2).
const MAX_NAME = 40;
const MAX_JOB_TITLE = 50;
const MAX_EMAIL = 254;
const MAX_LOCAL_PART = 64;
// Help Scout documents no limit for phone numbers; an E.164 number with spaces and an extension
// fits in 40, and anything far longer is a mistake in the workflow.
const MAX_PHONE = 40;

/** Characters nobody types into an address: controls, format characters (zero-width), separators. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}]/u;
// What RFC 5322 allows unquoted in a local part, plus any Unicode letter or digit (RFC 6531).
const LOCAL_PART = /^[\p{L}\p{N}\p{M}!#$%&'*+/=?^_`{|}~.-]+$/u;
// A domain label: letters (IDN included) and digits, hyphens inside only.
const DOMAIN_LABEL = /^[\p{L}\p{N}\p{M}](?:[\p{L}\p{N}\p{M}-]*[\p{L}\p{N}\p{M}])?$/u;

/** Why Help Scout would refuse this address, or undefined when it is one. */
export function emailProblem(email: string): string | undefined {
	if (INVISIBLE.test(email)) return 'holds an invisible, control or space character';
	if (/[<>]/.test(email)) return 'holds angle brackets: give the bare address';
	if (/^[a-z][a-z0-9+.-]*:/i.test(email)) return 'starts with a scheme such as mailto:; give the bare address';
	const at = email.lastIndexOf('@');
	if (at <= 0 || at === email.length - 1) return 'is not of the form name@domain';
	const local = email.slice(0, at);
	const domain = email.slice(at + 1);
	if (local.length > MAX_LOCAL_PART) return `has a part before the @ longer than ${MAX_LOCAL_PART} characters`;
	if (email.includes('..')) return 'holds two dots in a row';
	if (local.startsWith('.') || local.endsWith('.') || domain.startsWith('.') || domain.endsWith('.')) {
		return 'starts or ends a part with a dot';
	}
	if (!LOCAL_PART.test(local)) return 'holds a character an address cannot have before the @';
	const labels = domain.split('.');
	if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) {
		return 'does not end in a domain such as example.com';
	}
	if (/^\d+$/.test(labels[labels.length - 1])) return 'does not end in a domain such as example.com';
	return undefined;
}

const IANA_BY_LOWER_CASE = new Map(IANA_TIME_ZONE_NAMES.map((name) => [name.toLowerCase(), name]));
/** Africa, America, …, Etc: where IANA puts a new zone, so where a name newer than the list may be. */
const IANA_AREAS = new Set(
	IANA_TIME_ZONE_NAMES.filter((name) => name.includes('/')).map((name) => name.split('/')[0].toLowerCase()),
);

/**
 * The IANA time zone name as IANA spells it (`asia/kolkata` -> `Asia/Kolkata`), or undefined when it
 * is none. Nothing but the case changes: a link (`Asia/Calcutta`, `US/Eastern`) is an IANA name
 * too and Help Scout takes it, whereas Intl's resolvedOptions would swap in the name the runtime's
 * ICU prefers (Node 20 sends `Asia/Kolkata` as `Asia/Calcutta`). The shipped tzdata list decides;
 * the runtime's Intl only for an Area/Place name newer than the list, never for ICU's own
 * abbreviations such as IST.
 */
export function ianaTimezone(
	name: string,
	knownNames: ReadonlyMap<string, string> = IANA_BY_LOWER_CASE,
): string | undefined {
	const wanted = name.toLowerCase();
	const known = knownNames.get(wanted);
	if (known !== undefined) return known;
	if (!/^[a-z]+(?:\/[a-z0-9_+-]+)+$/.test(wanted) || !IANA_AREAS.has(wanted.split('/')[0])) return undefined;
	let resolved: string;
	try {
		resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
	} catch {
		return undefined;
	}
	return [resolved, ...Intl.supportedValuesOf('timeZone')].find((zone) => zone.toLowerCase() === wanted) ?? name;
}

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
	if (!ROLES.includes(role)) fail(`Role ${quote(roleGiven)} is not one of admin, user, light user`);
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
	if (!Array.isArray(rows)) return fail('Mailboxes must be a list of mailbox rows');
	const seen = new Set<number>();
	return rows.map((row: IDataObject, position) => {
		const label = `Mailbox ${position + 1}`;
		const id = helpScoutId(node, row?.id, 'mailbox', `${label}:`);
		if (seen.has(id)) fail(`${label}: mailbox ${id} is listed twice`);
		seen.add(id);
		return { id, emailAccess: flag(`${label}: Email Access`, row.emailAccess ?? true) };
	});
}

function definedOnly(fields: Record<string, string | undefined>): IDataObject {
	return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
