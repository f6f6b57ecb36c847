/**
 * Help Scout's conversations as far as a leaver's hand-over needs them: listed by assignee, status
 * and inbox (`GET /v2/conversations`, HAL, 50 a page, newest first), reassigned or unassigned by a
 * JSON Patch on `/assignTo` (`PATCH /v2/conversations/{id}`, 204), and merged away (the old ID
 * then answers PATCH with 404).
 */
import type { FieldError } from './hal';
import { API } from './hal';
import type { FakeUser } from './users';

export type ConversationStatus = 'active' | 'pending' | 'closed' | 'spam';

export interface FakeConversation {
	id: number;
	number: number;
	subject: string;
	status: ConversationStatus;
	mailboxId: number;
	assigneeId?: number;
	createdAt: string;
	userUpdatedAt: string;
	/** Set when merged into another conversation: the old ID is gone from the API. */
	mergedInto?: number;
}

export type NewConversation = Partial<FakeConversation> & Pick<FakeConversation, 'mailboxId'>;

export type PatchResult = { changed: boolean } | { status: 400 | 404; message: string; errors?: FieldError[] };

export class Conversations {
	all: FakeConversation[] = [];
	/** How many PATCHes changed an assignee, by conversation: a hand-over must change each once. */
	readonly changes = new Map<number, number>();
	private nextId = 5000;

	reset(): void {
		this.all = [];
		this.changes.clear();
		this.nextId = 5000;
	}

	add(fields: NewConversation): FakeConversation {
		const id = this.nextId++;
		const conversation: FakeConversation = {
			id,
			number: id - 4000,
			subject: `Conversation ${id}`,
			status: 'active',
			createdAt: new Date(Date.UTC(2026, 10, 1) + id * 1000).toISOString().replace('.000Z', 'Z'),
			userUpdatedAt: new Date(Date.UTC(2026, 10, 1) + id * 1000).toISOString().replace('.000Z', 'Z'),
			...fields,
		};
		this.all.push(conversation);
		return conversation;
	}

	byId(id: number): FakeConversation | undefined {
		return this.all.find((conversation) => conversation.id === id && conversation.mergedInto === undefined);
	}

	/** `GET /v2/conversations`: `assigned_to`, `status` (default active; `all`), `mailbox`; newest first. */
	search(query: Record<string, string>): FakeConversation[] {
		const statuses = (query.status ?? 'active').split(',');
		return this.all
			.filter((conversation) => conversation.mergedInto === undefined)
			.filter((conversation) => query.assigned_to === undefined || conversation.assigneeId === Number(query.assigned_to))
			.filter((conversation) => statuses.includes('all') || statuses.includes(conversation.status))
			.filter((conversation) => query.mailbox === undefined || conversation.mailboxId === Number(query.mailbox))
			.sort((a, b) => b.id - a.id);
	}

	/** Merges `id` into `intoId`, as an agent does in Help Scout's UI. */
	merge(id: number, intoId: number): void {
		const conversation = this.byId(id);
		if (conversation) conversation.mergedInto = intoId;
	}

	/** `PATCH /v2/conversations/{id}` with `[{op, path: '/assignTo', value}]` or one such object. */
	patch(id: number, body: unknown, userById: (id: number) => FakeUser | undefined): PatchResult {
		const conversation = this.byId(id);
		if (!conversation) return { status: 404, message: 'Resource not found' };
		const operation = (Array.isArray(body) ? body[0] : body) as { op?: string; path?: string; value?: unknown } | undefined;
		if (operation?.path !== '/assignTo' || (operation.op !== 'replace' && operation.op !== 'remove')) {
			return { status: 400, message: 'Bad request', errors: [{ path: 'path', message: 'Value not supported', rejectedValue: operation?.path }] };
		}
		let assigneeId: number | undefined;
		if (operation.op === 'replace') {
			const user = typeof operation.value === 'number' ? userById(operation.value) : undefined;
			if (!user || user.role === 'light user') {
				return { status: 400, message: 'Bad request', errors: [{ path: 'value', message: 'Invalid identifier', rejectedValue: operation.value }] };
			}
			assigneeId = user.id;
		}
		if (conversation.assigneeId === assigneeId) return { changed: false };
		conversation.assigneeId = assigneeId;
		conversation.userUpdatedAt = new Date().toISOString();
		this.changes.set(id, (this.changes.get(id) ?? 0) + 1);
		return { changed: true };
	}
}

/** A conversation as Help Scout lists it, with its assignee written out. */
export function halConversation(conversation: FakeConversation, userById: (id: number) => FakeUser | undefined) {
	const { assigneeId, mergedInto: _merged, ...fields } = conversation;
	const assignee = assigneeId === undefined ? undefined : userById(assigneeId);
	return {
		...fields,
		...(assignee
			? { assignee: { id: assignee.id, first: assignee.firstName, last: assignee.lastName, email: assignee.email, type: 'user' } }
			: {}),
		_links: { self: { href: `${API}/conversations/${conversation.id}` } },
	};
}
