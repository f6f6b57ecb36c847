/**
 * A Help Scout stand-in on 127.0.0.1, for the tests, the demo, the benchmarks and the browser
 * test. This file is the server and the router; each concern has its own file:
 * - auth.ts       the token endpoint (client credentials, rotated refresh tokens), bearer checks
 * - users.ts      users: create with Help Scout's checks, get, status, search (with its lag)
 * - mailboxes.ts  the account's inboxes
 * - conversations.ts conversations by assignee, status and inbox (with its lag), one by one;
 *                  reassigning by JSON Patch
 * - teams.ts      teams and their members
 * - reports.ts    the company report, from replies a test records; none on a plan without reports
 * - limits.ts     the account-wide rate limits: per minute, and the burst of writes
 * - faults.ts     injected faults and seeded chaos
 * - hal.ts        HAL pages, vnd.error bodies, the wire format
 * - sandbox.ts    the stand-in as `npm run demo` and the editor use it
 *
 * It is also the HTTPS proxy that n8n's client is pointed at: it accepts `CONNECT
 * api.helpscout.net:443`, terminates TLS with the test certificate and serves the request itself,
 * so the node keeps Help Scout's real URLs and every byte goes over a real socket.
 */
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import tls from 'node:tls';

import { Auth } from './auth';
import type { Chaos, Fault } from './faults';
import { Faults } from './faults';
import type { LoggedRequest } from './hal';
import type { NextPageOf } from './hal';
import { API, API_HOST, emptyPage, page, parseBody, RATE_LIMITED_BODY, readBody, send, sendHtml, sleep, vndError } from './hal';
import type { RateLimit } from './limits';
import { RateLimiter } from './limits';
import type { FakeMailbox } from './mailboxes';
import { defaultMailboxes } from './mailboxes';
import type { FakeUser, NewUserFields } from './users';
import { halUser, halUserStatus, setUserStatus, Users } from './users';
import type { FakeConversation, NewConversation } from './conversations';
import { Conversations, halConversation } from './conversations';
import type { FakeTeam, NewTeam } from './teams';
import { halTeam, Teams } from './teams';
import type { FakeReply, Plan } from './reports';
import { Reports } from './reports';

export type { Chaos, Fault, FaultKind } from './faults';
export type { LoggedRequest } from './hal';
export { API_HOST, vndError } from './hal';
export type { RateLimit } from './limits';
export { helpScoutLimits, PLAN_UNITS } from './limits';
export type { FakeMailbox } from './mailboxes';
export type { FakeUser, UserStatus } from './users';
export type { FakeConversation } from './conversations';
export type { FakeTeam } from './teams';
export type { FakeReply, Plan } from './reports';
export { validateCreateUser } from './users';

/** test/fixtures/tls, found from wherever this file runs (the sources, or the scripts' build). */
function tlsDir(): string {
	for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
		const candidate = path.join(dir, 'test', 'fixtures', 'tls');
		if (existsSync(path.join(candidate, 'server.pem'))) return candidate;
	}
	throw new Error('test/fixtures/tls not found');
}
/** The CA that signed the stand-in's certificate: give it to n8n as NODE_EXTRA_CA_CERTS. */
export const TEST_CA_FILE = path.join(tlsDir(), 'ca.pem');

export class FakeHelpScout {
	readonly requests: LoggedRequest[] = [];
	mailboxes: FakeMailbox[] = [];
	/** Added to every API answer, like a real round trip. */
	latencyMs = 0;
	/** Added to every token answer: a slow renewal. */
	tokenLatencyMs = 0;
	inFlight = 0;
	maxInFlight = 0;
	/** Where `_links.next` points; another host to check that the node does not follow it. */
	linkBase = API;
	/** Where a list page's `_links.next` points; a test sets it to make Help Scout's paging loop. */
	nextPageOf?: NextPageOf;
	/**
	 * Users the user list's `totalElements` counts but no page lists (unverified whether Help Scout
	 * does so, e.g. for system users): every read of the list then looks short.
	 */
	unlistedUsers = 0;
	/** Answers can be made to wait for a test; used to send responses out of order. */
	holdResponse?: (request: LoggedRequest) => Promise<void>;
	/** Called after a user was created, before the answer is sent. */
	onCreated?: (user: FakeUser) => void;
	/** What reached the proxy for anywhere but Help Scout (CONNECT targets, plain-HTTP URLs). */
	readonly foreignRequests: string[] = [];

	private readonly auth = new Auth();
	private readonly store = new Users();
	private readonly conversationStore = new Conversations();
	private readonly teamStore = new Teams();
	private readonly reportStore = new Reports();
	/** Inboxes listed by `GET /v2/mailboxes` whose users the caller may not read: 403. */
	readonly forbiddenMailboxes = new Set<number>();
	private readonly byUserId = (id: number) => this.store.byId(id);
	private readonly limiter = new RateLimiter();
	private readonly faults = new Faults();
	private server?: http.Server;
	private readonly sockets = new Set<Socket>();
	private readonly secureContext = tls.createSecureContext({
		key: readFileSync(path.join(tlsDir(), 'server.key')),
		cert: readFileSync(path.join(tlsDir(), 'server.pem')),
	});

	constructor() {
		this.reset();
	}

	/** Back to one owner, one admin, one user, three inboxes, no apps, faults or limit. */
	reset(): void {
		this.requests.length = 0;
		this.latencyMs = 0;
		this.tokenLatencyMs = 0;
		this.inFlight = 0;
		this.maxInFlight = 0;
		this.holdResponse = undefined;
		this.onCreated = undefined;
		this.foreignRequests.length = 0;
		this.linkBase = API;
		this.nextPageOf = undefined;
		this.unlistedUsers = 0;
		this.auth.reset();
		this.store.reset();
		this.conversationStore.reset();
		this.teamStore.reset();
		this.reportStore.reset();
		this.forbiddenMailboxes.clear();
		this.limiter.reset();
		this.faults.reset();
		this.mailboxes = defaultMailboxes();
	}

	get users(): FakeUser[] {
		return this.store.all;
	}

	/** Answer a duplicate email with 409, or with a 400 on `email`: Help Scout has used both. */
	get duplicateStatus(): 409 | 400 {
		return this.store.duplicateStatus;
	}
	set duplicateStatus(status: 409 | 400) {
		this.store.duplicateStatus = status;
	}

	/** Like Help Scout's search, `GET /v2/users` shows a new user only this long after its creation. */
	get searchLagMs(): number {
		return this.store.searchLagMs;
	}
	set searchLagMs(ms: number) {
		this.store.searchLagMs = ms;
	}

	get rateLimit(): RateLimit | undefined {
		return this.limiter.limit;
	}
	/** A new limit starts from empty windows, as a fresh account would. */
	set rateLimit(limit: RateLimit | undefined) {
		this.limiter.reset();
		this.limiter.limit = limit;
	}

	/** Another integration of the account spends `units` of the minute's budget now (reads). */
	spendBudget(units: number): void {
		this.limiter.spend(units);
	}

	/** How many answers were a 429 of the rate limit (injected faults aside). */
	get rateLimited(): number {
		return this.limiter.refused;
	}

	/** Of those, how many the burst limit (writes in any few seconds) refused. */
	get rateLimitedByBurst(): number {
		return this.limiter.refusedByBurst;
	}

	get chaosFaults(): Record<string, number> {
		return this.faults.chaosFaults;
	}

	/**
	 * A user of the account (`companyId` 77), or of another Help Scout account with another
	 * `companyId`: the user list and `GET /v2/users/{id}` answer each caller with its own account's
	 * users only, and an app connected as another account's user (`addClient` with its email) sees
	 * that account, as a credential reconnected to it would.
	 */
	addUser(fields: NewUserFields): FakeUser {
		return this.store.add(fields);
	}

	/** Removes a user as an admin would in Help Scout's UI: later list pages shift up by one. */
	removeUser(id: number): void {
		this.store.remove(id);
	}

	/** The account's conversations, merged ones included (see `mergedInto`). */
	get conversations(): FakeConversation[] {
		return this.conversationStore.all;
	}

	addConversation(fields: NewConversation): FakeConversation {
		return this.conversationStore.add(fields);
	}

	/**
	 * Merges one conversation into another, as an agent does: from then on the old ID answers
	 * PATCH with 404 and GET with 301 to the conversation it went into.
	 */
	mergeConversation(id: number, intoId: number): void {
		this.conversationStore.merge(id, intoId);
	}

	/** Deletes a conversation, as an agent does: its ID answers 404 from then on. */
	deleteConversation(id: number): void {
		this.conversationStore.delete(id);
	}

	/**
	 * `GET /v2/conversations` answers from a snapshot this many ms old (never older than when the lag
	 * was set), as a search index behind the writes; `GET /v2/conversations/{id}` is never behind.
	 */
	get conversationListLagMs(): number {
		return this.conversationStore.listLagMs;
	}
	set conversationListLagMs(ms: number) {
		this.conversationStore.listLagMs = ms;
	}

	/** How many times each conversation's assignee was changed by a PATCH. */
	get assigneeChanges(): ReadonlyMap<number, number> {
		return this.conversationStore.changes;
	}

	/** The account's teams (none after a reset). */
	get teams(): FakeTeam[] {
		return this.teamStore.all;
	}

	addTeam(fields: NewTeam): FakeTeam {
		return this.teamStore.add(fields);
	}

	/** The account's plan (Plus after a reset): Standard has no reports. */
	get plan(): Plan {
		return this.reportStore.plan;
	}
	set plan(plan: Plan) {
		this.reportStore.plan = plan;
	}

	/** Records a reply a user sent, for the reports. */
	addReply(reply: FakeReply): void {
		this.reportStore.addReply(reply);
	}

	get replies(): FakeReply[] {
		return this.reportStore.replies;
	}

	usersWithEmail(email: string): FakeUser[] {
		return this.store.withEmail(email);
	}

	/** Registers an OAuth app acting as the user with this email (the admin by default). */
	addClient(clientId: string, secret: string, email = 'admin@example.com'): void {
		this.auth.addClient(clientId, secret, this.userWithEmail(email).id);
	}

	/** A token pair as if issued earlier, for credentials stored with a token. */
	issueTokens(clientId: string, email = 'admin@example.com', expiresInMs?: number) {
		return this.auth.issueTokens(clientId, this.userWithEmail(email).id, expiresInMs);
	}

	/** Every access and refresh token handed out so far, to look for where they must not be. */
	issuedSecrets(): string[] {
		return this.auth.issuedSecrets();
	}

	expireAllTokens(): void {
		this.auth.expireAllTokens();
	}

	revokeRefreshTokens(): void {
		this.auth.revokeRefreshTokens();
	}

	inject(fault: Fault): void {
		this.faults.inject(fault);
	}

	/** Takes back every injected fault not yet met (and stops chaos): Help Scout answers normally again. */
	clearFaults(): void {
		this.faults.reset();
	}

	/** Draws faults at random from now on, reproducibly for one seed. */
	startChaos(chaos: Chaos): void {
		this.faults.startChaos(chaos);
	}

	apiRequests(method?: string, pathPrefix = '/v2/'): LoggedRequest[] {
		return this.requests.filter(
			(request) =>
				request.path.startsWith(pathPrefix) &&
				request.path !== '/v2/oauth2/token' &&
				(method === undefined || request.method === method),
		);
	}

	/** GETs beside `GET /v2/users/me`, which a node reads once per credential to learn its account. */
	readsBesideAccount(): LoggedRequest[] {
		return this.apiRequests('GET').filter((request) => request.path !== '/v2/users/me');
	}

	tokenRequests(): LoggedRequest[] {
		return this.requests.filter((request) => request.path === '/v2/oauth2/token');
	}

	/** Starts listening; returns the proxy URL to put in HTTPS_PROXY. */
	async start(): Promise<string> {
		const server = http.createServer((req, res) => void this.handle(req, res));
		server.on('connect', (req, socket: Socket, head) => this.tunnel(req, socket, head));
		server.on('connection', (socket: Socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		this.server = server;
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	}

	async stop(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}

	private userWithEmail(email: string): FakeUser {
		const user = this.store.withEmail(email)[0];
		if (!user) throw new Error(`no user ${email}`);
		return user;
	}

	/** Only Help Scout's hosts are served; n8n's calls to anywhere else are refused and logged. */
	private tunnel(req: http.IncomingMessage, socket: Socket, head: Buffer): void {
		const [host, port] = (req.url ?? '').split(':');
		if ((host !== API_HOST && host !== 'secure.helpscout.net') || port !== '443') {
			this.foreignRequests.push(`CONNECT ${req.url ?? ''}`);
			socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
			return;
		}
		socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
		if (head.length) socket.unshift(head);
		const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: this.secureContext });
		secure.on('error', () => socket.destroy());
		this.server!.emit('connection', secure);
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		// A plain-HTTP request sent through the proxy names a whole URL: that is never Help Scout.
		if (/^https?:\/\//.test(req.url ?? '')) {
			this.foreignRequests.push(`${req.method ?? 'GET'} ${req.url ?? ''}`);
			res.writeHead(403).end();
			return;
		}
		const rawBody = await readBody(req);
		const url = new URL(req.url ?? '/', API);
		const logged: LoggedRequest = {
			method: req.method ?? 'GET',
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: req.headers,
			body: parseBody(rawBody, req.headers['content-type']),
			rawBody,
			at: Date.now(),
		};
		this.requests.push(logged);
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		try {
			await this.route(logged, req, res);
		} finally {
			this.inFlight--;
		}
	}

	private async route(request: LoggedRequest, req: http.IncomingMessage, res: http.ServerResponse) {
		if (request.path === '/v2/oauth2/token' && request.method === 'POST') {
			if (this.tokenLatencyMs) await sleep(this.tokenLatencyMs);
			return this.auth.answerTokenRequest(request, res);
		}
		if (this.latencyMs) await sleep(this.latencyMs);
		const fault = this.faults.take(request);
		if (fault?.kind === 'status') {
			return send(res, fault.status ?? 500, fault.body ?? vndError('Simulated failure'), fault.headers);
		}
		if (fault?.kind === 'resetBefore') return req.socket.destroy();
		if (fault?.kind === 'html') return sendHtml(res, fault.status ?? 404);
		if (fault?.kind === 'emptyPage') return send(res, 200, emptyPage(request, fault.promised ?? 0, this.linkBase));
		if (fault?.kind === 'malformed') {
			res.writeHead(200, { 'content-type': 'application/hal+json' });
			return res.end('{"_embedded": {"users": [');
		}

		const callerId = this.auth.callerOf(request);
		const caller = callerId === undefined ? undefined : this.store.byId(callerId);
		if (!caller) return send(res, 401, vndError('Invalid or expired access token'));
		const admission = this.limiter.admit(request.method);
		if (!admission.admitted) return send(res, 429, RATE_LIMITED_BODY, admission.headers);
		for (const [name, value] of Object.entries(admission.headers)) res.setHeader(name, value);
		if (this.holdResponse) await this.holdResponse(request);

		const userMatch = /^\/v2\/users\/(\d+|me)$/.exec(request.path);
		if (request.path === '/v2/users' && request.method === 'POST') {
			return this.createUser(request, caller, req, res, fault);
		}
		if (request.path === '/v2/users' && request.method === 'GET') {
			// Unverified what Help Scout answers for an inbox it does not have: 404, as for a team.
			const mailbox = request.query.mailbox === undefined ? undefined : Number(request.query.mailbox);
			if (mailbox !== undefined && !this.mailboxes.some((known) => known.id === mailbox)) {
				return send(res, 404, vndError('Resource not found'));
			}
			if (mailbox !== undefined && this.forbiddenMailboxes.has(mailbox)) {
				return send(res, 403, vndError('Access denied'));
			}
			const listed = this.store.search(request.query).filter((user) => user.companyId === caller.companyId);
			return send(res, 200, page(request, 'users', listed.map(halUser), this.linkBase, this.nextPageOf, this.unlistedUsers));
		}
		const statusMatch = /^\/v2\/users\/(\d+)\/status$/.exec(request.path);
		if (statusMatch && request.method === 'PUT') {
			const user = this.store.byId(Number(statusMatch[1]));
			if (!user) return send(res, 404, vndError('Resource not found'));
			const refused = setUserStatus(user, caller, request.body);
			if (refused) return send(res, refused.status, vndError(refused.message, refused.errors));
			// The status is set; the answer is lost on the way.
			if (fault?.kind === 'resetAfter') return req.socket.destroy();
			res.writeHead(204).end();
			return;
		}
		if (request.path === '/v2/conversations' && request.method === 'GET') {
			const listed = this.conversationStore.search(request.query).map((conversation) => halConversation(conversation, this.byUserId));
			return send(res, 200, page(request, 'conversations', listed, this.linkBase, this.nextPageOf));
		}
		const conversationMatch = /^\/v2\/conversations\/(\d+)$/.exec(request.path);
		if (conversationMatch && request.method === 'GET') {
			const found = this.conversationStore.read(Number(conversationMatch[1]));
			if (!found) return send(res, 404, vndError('Resource not found'));
			// A merged conversation lives on under another ID: Help Scout points there.
			if ('mergedInto' in found) {
				res.writeHead(301, { Location: `${API}/conversations/${found.mergedInto}` }).end();
				return;
			}
			return send(res, 200, halConversation(found.conversation, this.byUserId));
		}
		if (conversationMatch && request.method === 'PATCH') {
			const result = this.conversationStore.patch(Number(conversationMatch[1]), request.body, this.byUserId);
			if ('status' in result) return send(res, result.status, vndError(result.message, result.errors));
			// The change is made; the answer is lost on the way, or comes late.
			if (fault?.kind === 'resetAfter') return req.socket.destroy();
			if (fault?.kind === 'slowAfter') {
				setTimeout(() => (res.destroyed ? undefined : res.writeHead(204).end()), fault.delayMs ?? 5_000);
				return;
			}
			res.writeHead(204).end();
			return;
		}
		if (statusMatch && request.method === 'GET') {
			const user = this.store.byId(Number(statusMatch[1]));
			if (!user) return send(res, 404, vndError('Resource not found'));
			return send(res, 200, halUserStatus(user));
		}
		if (userMatch && request.method === 'GET') {
			const user = this.store.byId(userMatch[1] === 'me' ? caller.id : Number(userMatch[1]));
			// Another account's user is not this caller's to see.
			if (!user || user.companyId !== caller.companyId) return send(res, 404, vndError('Resource not found'));
			return send(res, 200, halUser(user));
		}
		if (request.path === '/v2/teams' && request.method === 'GET') {
			return send(res, 200, page(request, 'teams', this.teamStore.all.map(halTeam), this.linkBase, this.nextPageOf));
		}
		const membersMatch = /^\/v2\/teams\/(\d+)\/members$/.exec(request.path);
		if (membersMatch && request.method === 'GET') {
			const team = this.teamStore.byId(Number(membersMatch[1]));
			if (!team) return send(res, 404, vndError('Resource not found'));
			if (team.forbidden) return send(res, 403, vndError('Access denied'));
			const members = team.memberIds.map(this.byUserId).filter((user): user is FakeUser => user !== undefined);
			return send(res, 200, page(request, 'users', members.map(halUser), this.linkBase, this.nextPageOf));
		}
		if (request.path === '/v2/reports/company' && request.method === 'GET') {
			const answer = this.reportStore.company(request, this.store.all);
			return answer.status === 200
				? send(res, 200, answer.body, { 'content-type': 'application/json' })
				: send(res, answer.status, vndError(answer.message, answer.errors));
		}
		if (request.path === '/v2/mailboxes' && request.method === 'GET') {
			return send(res, 200, page(request, 'mailboxes', this.mailboxes, this.linkBase, this.nextPageOf));
		}
		return send(res, 404, vndError('Resource not found'));
	}

	/** `POST /v2/users`: 201 with an empty body, the new user in `Resource-ID` and `Location`. */
	private createUser(
		request: LoggedRequest,
		caller: FakeUser,
		req: http.IncomingMessage,
		res: http.ServerResponse,
		fault: Fault | undefined,
	) {
		if (caller.role !== 'owner' && caller.role !== 'admin') {
			return send(res, 403, vndError('Only Administrators and Account Owners can create users'));
		}
		const result = this.store.create(request.body as Record<string, unknown>, this.mailboxes);
		if (!('user' in result)) return send(res, result.status, vndError(result.message, result.errors));
		const { user } = result;
		this.onCreated?.(user);
		if (fault?.kind === 'resetAfter') return req.socket.destroy();
		const location = `${API}/users/${user.id}`;
		const headers: Record<string, string> =
			fault?.kind === 'noResourceId'
				? {}
				: fault?.kind === 'onlyLocation'
					? // A test may give the Location as Help Scout might write it ('{id}' is the new ID).
						{ Location: fault.headers?.Location?.replace('{id}', String(user.id)) ?? location }
					: { 'Resource-ID': String(user.id), Location: location };
		const finish = () => {
			res.writeHead(201, headers);
			res.end();
		};
		if (fault?.kind === 'slowAfter') {
			setTimeout(() => (res.destroyed ? undefined : finish()), fault.delayMs ?? 5_000);
			return;
		}
		finish();
	}
}
