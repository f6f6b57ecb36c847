/**
 * A Help Scout user's fields as Help Scout checks them: roles, lengths, email and time zone. One
 * module, so that Create, any later write and the trigger's filters agree.
 */
import type { INodePropertyOptions } from 'n8n-workflow';

import { IANA_TIME_ZONE_NAMES } from './methods/timezones';

/** Help Scout's roles as its API spells them; its UI says Account Owner and Administrator. */
export const OWNER = 'owner';
export const ADMINISTRATOR = 'admin';
export const USER = 'user';
export const LIGHT_USER = 'light user';
/**
 * Every role a user can have, in Help Scout's words, sorted by name: the one list that Create's
 * Role and the trigger's Role filter offer.
 */
export const ROLE_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Account Owner',
		value: OWNER,
		description: 'The one user who owns the account: all an Administrator may do, plus billing',
	},
	{ name: 'Administrator', value: ADMINISTRATOR, description: 'Manages users, inboxes and account settings; a paid seat' },
	{
		name: 'Light User',
		value: LIGHT_USER,
		description: 'Sees conversations and adds notes, but cannot reply; only on plans with light users',
	},
	{ name: 'User', value: USER, description: 'Works conversations in the inboxes they have access to' },
];
/** The roles Create may give: Help Scout makes the Account Owner only with the account. */
export const CREATABLE_ROLES = [ADMINISTRATOR, USER, LIGHT_USER];
export const CREATABLE_ROLE_OPTIONS = ROLE_OPTIONS.filter((option) => CREATABLE_ROLES.includes(String(option.value)));

// Help Scout's API is Java: its length limits count UTF-16 code units, which is what
// String.prototype.length counts (an emoji is 2).
export const MAX_NAME = 40;
export const MAX_JOB_TITLE = 50;
export const MAX_EMAIL = 254;
export const MAX_LOCAL_PART = 64;
// Help Scout documents no limit for phone numbers; an E.164 number with spaces and an extension
// fits in 40, and anything far longer is a mistake in the workflow.
export const MAX_PHONE = 40;

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
	// Only a spelling the runtime confirms: a name it merely tolerates (one tzdata has dropped) is none.
	return [resolved, ...Intl.supportedValuesOf('timeZone')].find((zone) => zone.toLowerCase() === wanted);
}

