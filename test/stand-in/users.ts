/**
 * Help Scout's users as its API keeps them: `POST /v2/users` with the checks a Java (Spring,
 * Hibernate Validator) service makes, one user per email, `createdAt` in whole seconds, and a
 * search that may lag behind a create.
 */
import type { FieldError } from './hal';
import { API } from './hal';
import type { FakeMailbox } from './mailboxes';

export interface FakeUser {
	id: number;
	firstName: string;
	lastName: string;
	email: string;
	role: string;
	timezone: string;
	jobTitle?: string;
	phone?: string;
	mailboxes: Array<{ id: number; emailAccess: boolean }>;
	invited: boolean;
	createdAt: string;
	companyId: number;
	/** What `GET /v2/users/{id}/status` answers; active and unavailable unless a test sets it. */
	status?: UserStatus;
}

/** Help Scout's user status: email availability (who changed it, when, how) and chat status. */
export interface UserStatus {
	email: {
		status: 'active' | 'away';
		updatedAt: string;
		performedBy: number;
		source: 'ui' | 'api' | 'presence_detection';
		customStatus?: { text: string; emoji?: string; emojiName?: string };
	};
	chat: { status: 'unavailable' | 'available' | 'assign' | 'custom'; mailboxStatuses: Record<string, string> };
}

export type NewUserFields = Partial<FakeUser> & Pick<FakeUser, 'firstName' | 'lastName' | 'email' | 'role'>;

export type CreateResult =
	| { user: FakeUser }
	| { status: 400 | 409; message: string; errors?: FieldError[] };

export class Users {
	all: FakeUser[] = [];
	/** Answer a duplicate email with 409, or with a 400 on `email`: Help Scout has used both. */
	duplicateStatus: 409 | 400 = 409;
	/** Like Help Scout's search, `GET /v2/users` shows a new user only this long after its creation. */
	searchLagMs = 0;
	private nextId = 1000;
	private readonly searchableAt = new Map<number, number>();

	/** Back to one owner, one admin and one user. */
	reset(): void {
		this.duplicateStatus = 409;
		this.searchLagMs = 0;
		this.searchableAt.clear();
		this.nextId = 1000;
		this.all = [];
		this.add({ firstName: 'Olive', lastName: 'Owner', email: 'owner@example.com', role: 'owner' });
		this.add({ firstName: 'Adam', lastName: 'Admin', email: 'admin@example.com', role: 'admin' });
		this.add({ firstName: 'Uma', lastName: 'User', email: 'user@example.com', role: 'user' });
	}

	add(fields: NewUserFields): FakeUser {
		const user: FakeUser = {
			id: this.nextId++,
			timezone: 'America/New_York',
			mailboxes: [],
			invited: false,
			createdAt: new Date(0).toISOString(),
			companyId: 77,
			...fields,
		};
		this.all.push(user);
		return user;
	}

	/** A user removed by hand in Help Scout's UI (the API has no delete). */
	remove(id: number): void {
		const index = this.all.findIndex((user) => user.id === id);
		if (index !== -1) this.all.splice(index, 1);
	}

	withEmail(email: string): FakeUser[] {
		return this.all.filter((user) => user.email.toLowerCase() === email.toLowerCase());
	}

	byId(id: number): FakeUser | undefined {
		return this.all.find((user) => user.id === id);
	}

	create(body: Record<string, unknown>, mailboxes: FakeMailbox[]): CreateResult {
		const errors = validateCreateUser(body, mailboxes);
		if (errors.length) return { status: 400, message: 'Bad request', errors };
		const email = String(body.email);
		if (this.withEmail(email).length) {
			return this.duplicateStatus === 409
				? { status: 409, message: 'A user with this email address already exists' }
				: {
						status: 400,
						message: 'Bad request',
						errors: [{ path: 'email', message: 'Email address is already in use', rejectedValue: email }],
					};
		}
		const user = this.add({
			firstName: String(body.firstName),
			lastName: String(body.lastName),
			email,
			role: String(body.role),
			timezone: body.timezone ? String(body.timezone) : 'America/New_York',
			jobTitle: body.jobTitle as string | undefined,
			phone: body.phone as string | undefined,
			mailboxes: ((body.mailboxes as FakeUser['mailboxes']) ?? []).map((mailbox) => ({
				id: mailbox.id,
				emailAccess: mailbox.emailAccess ?? true,
			})),
			invited: body.sendInvite !== false,
			// Help Scout stamps whole seconds.
			createdAt: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
		});
		this.searchableAt.set(user.id, Date.now() + this.searchLagMs);
		return { user };
	}

	/** `GET /v2/users`: `email` matches exactly (case aside), `mailbox` by membership. */
	search(query: Record<string, string>, now = Date.now()): FakeUser[] {
		let users = this.all.filter((user) => (this.searchableAt.get(user.id) ?? 0) <= now);
		if (query.email !== undefined) {
			users = users.filter((user) => user.email.toLowerCase() === query.email.toLowerCase());
		}
		if (query.mailbox !== undefined) {
			const mailbox = Number(query.mailbox);
			users = users.filter((user) => user.mailboxes.some((entry) => entry.id === mailbox));
		}
		return users;
	}
}

/** `GET /v2/users/{id}/status`, as Help Scout's public page shows it. */
export function halUserStatus(user: FakeUser) {
	const status: UserStatus = user.status ?? {
		email: { status: 'active', updatedAt: user.createdAt, performedBy: user.id, source: 'ui' },
		chat: { status: 'unavailable', mailboxStatuses: {} },
	};
	return { userId: user.id, ...status, _links: { self: { href: `${API}/users/${user.id}/status` } } };
}

/**
 * `PUT /v2/users/{id}/status` (Help Scout's "Set user status"): `status` active or away, an
 * optional `customStatus` whose `text` is required. Administrators and Account Owners may set
 * anyone's; others only their own. Light users have no status. Answers 204 (undefined here).
 */
export function setUserStatus(
	user: FakeUser,
	caller: FakeUser,
	body: unknown,
): undefined | { status: 400 | 403; message: string; errors?: FieldError[] } {
	if (caller.id !== user.id && caller.role !== 'owner' && caller.role !== 'admin') {
		return { status: 403, message: "Only Administrators and Account Owners can set another user's status" };
	}
	const fields = (body ?? {}) as { status?: unknown; customStatus?: { text?: unknown; emoji?: unknown; emojiName?: unknown } };
	const errors: FieldError[] = [];
	if (user.role === 'light user') errors.push({ path: 'status', message: 'Light users have no status', rejectedValue: fields.status });
	if (fields.status !== 'active' && fields.status !== 'away') {
		errors.push({ path: 'status', message: 'Value not supported', rejectedValue: fields.status });
	}
	const custom = fields.customStatus;
	if (custom !== undefined && (typeof custom.text !== 'string' || custom.text.trim() === '')) {
		errors.push({ path: 'customStatus.text', message: 'may not be empty', rejectedValue: custom.text });
	}
	const known = ['status', 'customStatus'];
	for (const field of Object.keys(fields)) {
		if (!known.includes(field)) errors.push({ path: field, message: 'Unknown field', rejectedValue: (fields as Record<string, unknown>)[field] });
	}
	if (errors.length) return { status: 400, message: 'Bad request', errors };
	const previous = halUserStatus(user);
	user.status = {
		email: {
			status: fields.status as 'active' | 'away',
			updatedAt: new Date().toISOString(),
			performedBy: caller.id,
			source: 'api',
			...(custom ? { customStatus: { text: String(custom.text), emoji: custom.emoji as string | undefined, emojiName: custom.emojiName as string | undefined } } : {}),
		},
		chat: previous.chat,
	};
	return undefined;
}

/**
 * A user as Help Scout's docs show one: without mailboxes, with `updatedAt`, `type`, `mention`,
 * `initials`, `photoUrl`, `alternateEmails` and `_links`.
 */
export function halUser(user: FakeUser) {
	const { mailboxes: _mailboxes, invited: _invited, status: _status, ...fields } = user;
	return {
		...fields,
		updatedAt: user.createdAt,
		type: 'user',
		mention: user.firstName.toLowerCase(),
		initials: `${user.firstName[0] ?? ''}${user.lastName[0] ?? ''}`,
		photoUrl: `https://d33v4339jhl8k0.cloudfront.net/users/${user.id}.png`,
		alternateEmails: [],
		_links: { self: { href: `${API}/users/${user.id}` } },
	};
}

/**
 * What Help Scout refuses in a create body, field by field, as its 400 lists it. Tests use it as
 * the oracle for what Help Scout would accept.
 */
export function validateCreateUser(body: Record<string, unknown>, mailboxes: FakeMailbox[]): FieldError[] {
	const errors: FieldError[] = [];
	const text = (field: string, max?: number, required = true) => {
		const value = body[field];
		if (value === undefined || value === null || value === '') {
			if (required) errors.push({ path: field, message: 'may not be empty', rejectedValue: value });
			return;
		}
		if (typeof value !== 'string') errors.push({ path: field, message: 'must be a string', rejectedValue: value });
		else if (max !== undefined && value.length > max) {
			errors.push({ path: field, message: `size must be between 1 and ${max}`, rejectedValue: value });
		}
	};
	text('firstName', 40);
	text('lastName', 40);
	text('email');
	text('jobTitle', 50, false);
	text('phone', undefined, false);
	if (typeof body.email === 'string' && !wellFormedEmail(body.email)) {
		errors.push({ path: 'email', message: 'must be a well-formed email address', rejectedValue: body.email });
	}
	if (body.timezone !== undefined && (typeof body.timezone !== 'string' || !knownZoneId(body.timezone))) {
		errors.push({ path: 'timezone', message: 'Value not supported', rejectedValue: body.timezone });
	}
	if (!['admin', 'user', 'light user'].includes(String(body.role))) {
		errors.push({ path: 'role', message: 'Value not supported', rejectedValue: body.role });
	}
	if (body.sendInvite !== undefined && typeof body.sendInvite !== 'boolean') {
		errors.push({ path: 'sendInvite', message: 'must be a boolean', rejectedValue: body.sendInvite });
	}
	if (body.mailboxes !== undefined) {
		if (!Array.isArray(body.mailboxes) || body.mailboxes.length === 0) {
			errors.push({ path: 'mailboxes', message: 'must be a non-empty array', rejectedValue: body.mailboxes });
		} else {
			body.mailboxes.forEach((mailbox: Record<string, unknown>, index: number) => {
				if (typeof mailbox.id !== 'number' || !mailboxes.some((known) => known.id === mailbox.id)) {
					errors.push({ path: `mailboxes[${index}].id`, message: 'Invalid identifier', rejectedValue: mailbox.id });
				}
				if (mailbox.emailAccess !== undefined && typeof mailbox.emailAccess !== 'boolean') {
					errors.push({ path: `mailboxes[${index}].emailAccess`, message: 'must be a boolean', rejectedValue: mailbox.emailAccess });
				}
			});
		}
	}
	const known = ['firstName', 'lastName', 'email', 'role', 'timezone', 'jobTitle', 'phone', 'sendInvite', 'mailboxes'];
	for (const field of Object.keys(body)) {
		if (!known.includes(field)) errors.push({ path: field, message: 'Unknown field', rejectedValue: body[field] });
	}
	return errors;
}

/**
 * As a Java (Hibernate Validator) check sees an address: one @, no spaces, controls or invisible
 * characters, no angle brackets or scheme, no empty dot-separated part, a dot in the domain.
 * Lengths are `String.length`, UTF-16 code units, as in Java.
 */
function wellFormedEmail(email: string): boolean {
	if (/[\p{Cc}\p{Cf}\p{Z}<>()[\]\\,;:"]/u.test(email)) return false;
	const match = /^([^@]+)@([^@]+)$/.exec(email);
	if (!match || match[1].length > 64) return false;
	const parts = [...match[1].split('.'), ...match[2].split('.')];
	return match[2].includes('.') && parts.every((part) => part.length > 0) && !/^\d+$/.test(parts[parts.length - 1]);
}

/** Java's ZoneId.of: IANA names, case-sensitive. */
function knownZoneId(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
	} catch {
		return false;
	}
	return zone === 'UTC' || /^[A-Z][A-Za-z0-9_+-]*(\/[A-Z0-9][A-Za-z0-9_+-]*)*$/.test(zone);
}
