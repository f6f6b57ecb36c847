/**
 * Help Scout's conversations as far as a leaver's hand-over needs them: listed by assignee, status
 * and inbox (`GET /v2/conversations`, HAL, 50 a page, newest first, optionally from a snapshot some
 * time old), read one by one (`GET /v2/conversations/{id}`: 200, 301 to the conversation it was
 * merged into, 404 once deleted), reassigned or unassigned by a JSON Patch on `/assignTo`
 * (`PATCH /v2/conversations/{id}`, 204), merged away or deleted (the old ID then answers PATCH with
 * 404).
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
	/** Set when deleted: the ID answers 404. */
	deleted?: boolean;
}

/** What a lagging list still shows of a conversation: its fields before a change, up to `until`. */
type PastState = Pick<FakeConversation, 'assigneeId' | 'status' | 'mergedInto' | 'deleted'> & { until: number };

export type NewConversation = Partial<FakeConversation> & Pick<FakeConversation, 'mailboxId'>;

export type PatchResult = { changed: boolean } | { status: 400 | 404; message: string; errors?: FieldError[] };

export class Conversations {
	all: FakeConversation[] = [];
	/** How many PATCHes changed an assignee, by conversation: a hand-over must change each once. */
	readonly changes = new Map<number, number>();
	private lagMs = 0;
	/** When the list began to lag: it was up to date then. */
	private laggingSince = 0;
	private nextId = 5000;
	private readonly addedAt = new Map<number, number>();
	private readonly past = new Map<number, PastState[]>();

	/**
	 * The conversation list answers from a snapshot this old (but never older than the moment the
	 * lag was set), as a search index that lags behind the writes: a conversation reassigned less
	 * than this long ago is still listed under its old assignee, one added since is not listed yet.
	 * Reads of one conversation are never behind.
	 */
	get listLagMs(): number {
		return this.lagMs;
	}
	set listLagMs(ms: number) {
		this.lagMs = ms;
		this.laggingSince = Date.now();
	}

	reset(): void {
		this.all = [];
		this.changes.clear();
		this.listLagMs = 0;
		this.addedAt.clear();
		this.past.clear();
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
		this.addedAt.set(id, Date.now());
		return conversation;
	}

	/** A conversation the API still has under this ID (not merged away, not deleted). */
	byId(id: number): FakeConversation | undefined {
		return this.all.find((conversation) => conversation.id === id && conversation.mergedInto === undefined && !conversation.deleted);
	}

	/**
	 * `GET /v2/conversations/{id}`: the conversation; or, for one merged away, where it lives now
	 * (the end of the chain of merges); or nothing (deleted, never there).
	 */
	read(id: number): { conversation: FakeConversation } | { mergedInto: number } | undefined {
		let conversation = this.all.find((candidate) => candidate.id === id);
		for (let hops = 0; conversation?.mergedInto !== undefined && !conversation.deleted && hops < 100; hops++) {
			const into = conversation.mergedInto;
			conversation = this.all.find((candidate) => candidate.id === into);
		}
		if (!conversation || conversation.deleted) return undefined;
		return conversation.id === id ? { conversation } : { mergedInto: conversation.id };
	}

	/** `GET /v2/conversations`: `assigned_to`, `status` (default active; `all`), `mailbox`; newest first. */
	search(query: Record<string, string>): FakeConversation[] {
		const statuses = (query.status ?? 'active').split(',');
		return this.snapshot(Math.max(Date.now() - this.lagMs, this.laggingSince))
			.filter((conversation) => conversation.mergedInto === undefined && !conversation.deleted)
			.filter((conversation) => query.assigned_to === undefined || conversation.assigneeId === Number(query.assigned_to))
			.filter((conversation) => statuses.includes('all') || statuses.includes(conversation.status))
			.filter((conversation) => query.mailbox === undefined || conversation.mailboxId === Number(query.mailbox))
			.sort((a, b) => b.id - a.id);
	}

	/** The conversations as they stood at `at` (all of them now when the list does not lag). */
	private snapshot(at: number): FakeConversation[] {
		if (this.lagMs <= 0) return this.all;
		return this.all
			.filter((conversation) => (this.addedAt.get(conversation.id) ?? 0) <= at)
			.map((conversation) => {
				const then = this.past.get(conversation.id)?.find((state) => state.until > at);
				if (!then) return conversation;
				const { until: _until, ...fields } = then;
				return { ...conversation, ...fields };
			});
	}

	/** Keeps what the conversation was until now, for a list that lags behind. */
	private remember(conversation: FakeConversation): void {
		const { assigneeId, status, mergedInto, deleted } = conversation;
		const states = this.past.get(conversation.id) ?? [];
		states.push({ assigneeId, status, mergedInto, deleted, until: Date.now() });
		this.past.set(conversation.id, states);
	}

	/** Merges `id` into `intoId`, as an agent does in Help Scout's UI. */
	merge(id: number, intoId: number): void {
		const conversation = this.byId(id);
		if (!conversation) return;
		this.remember(conversation);
		conversation.mergedInto = intoId;
	}

	/** Deletes a conversation, as an agent does in Help Scout's UI. */
	delete(id: number): void {
		const conversation = this.byId(id);
		if (!conversation) return;
		this.remember(conversation);
		conversation.deleted = true;
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
		this.remember(conversation);
		conversation.assigneeId = assigneeId;
		conversation.userUpdatedAt = new Date().toISOString();
		this.changes.set(id, (this.changes.get(id) ?? 0) + 1);
		return { changed: true };
	}
}

/** A conversation as Help Scout lists it, with its assignee written out. */
export function halConversation(conversation: FakeConversation, userById: (id: number) => FakeUser | undefined) {
	const { assigneeId, mergedInto: _merged, deleted: _deleted, ...fields } = conversation;
	const assignee = assigneeId === undefined ? undefined : userById(assigneeId);
	return {
		...fields,
		...(assignee
			? { assignee: { id: assignee.id, first: assignee.firstName, last: assignee.lastName, email: assignee.email, type: 'user' } }
			: {}),
		_links: { self: { href: `${API}/conversations/${conversation.id}` } },
	};
}
