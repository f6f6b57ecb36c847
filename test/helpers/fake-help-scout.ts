/**
 * A Help Scout stand-in on 127.0.0.1: the token endpoint (both grants and refresh), users,
 * mailboxes, HAL paging, vnd.error bodies, an account-wide rate limit, and injectable faults.
 *
 * It is also the HTTPS proxy that n8n's client is pointed at: it accepts `CONNECT
 * api.helpscout.net:443`, terminates TLS with the test certificate and serves the request itself,
 * so the node keeps Help Scout's real URLs and every byte goes over a real socket.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import tls from 'node:tls';

export const API_HOST = 'api.helpscout.net';
const API = `https://${API_HOST}/v2`;
const PAGE_SIZE = 50;
/** test/fixtures/tls, found from wherever this file runs (the sources, or the scripts' build). */
function tlsDir(): string {
	for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
		const candidate = path.join(dir, 'test', 'fixtures', 'tls');
		if (existsSync(path.join(candidate, 'server.pem'))) return candidate;
	}
	throw new Error('test/fixtures/tls not found');
}
export const TEST_CA_FILE = path.join(tlsDir(), 'ca.pem');

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
}

export interface FakeMailbox {
	id: number;
	name: string;
	email: string;
}

export interface LoggedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: http.IncomingHttpHeaders;
	body: unknown;
	rawBody: string;
	at: number;
}

export type FaultKind =
	| 'status'
	| 'resetBefore'
	| 'resetAfter'
	| 'slowAfter'
	| 'malformed'
	| 'noResourceId'
	| 'onlyLocation';

export interface Fault {
	kind: FaultKind;
	method?: string;
	/** The request path must start with this (e.g. `/v2/users`). */
	path?: string;
	/** How many matching requests it hits; default 1. */
	times?: number;
	status?: number;
	headers?: Record<string, string>;
	body?: unknown;
	delayMs?: number;
}

/** Faults drawn at random, the same ones for the same seed: for soak runs. */
export interface Chaos {
	/** Share of API answers that are faults, 0 to 1. */
	rate: number;
	seed: number;
}

export interface RateLimit {
	/** Request units per window; a write costs 2, like Help Scout's. */
	units: number;
	windowMs: number;
	/** Leave out `X-RateLimit-Retry-After` on 429 answers. */
	omitRetryAfter?: boolean;
}

interface OAuthClient {
	secret: string;
	/** The Help Scout user the app acts as. */
	userId: number;
}

interface IssuedToken {
	userId: number;
	expiresAt: number;
	clientId: string;
}

export class FakeHelpScout {
	readonly requests: LoggedRequest[] = [];
	users: FakeUser[] = [];
	mailboxes: FakeMailbox[] = [];
	/** Answer a duplicate email with 409, or with a 400 on `email`: Help Scout has used both. */
	duplicateStatus: 409 | 400 = 409;
	rateLimit?: RateLimit;
	/** Added to every API answer, like a real round trip. */
	latencyMs = 0;
	inFlight = 0;
	maxInFlight = 0;
	rateLimited = 0;

	private readonly clients = new Map<string, OAuthClient>();
	private readonly tokens = new Map<string, IssuedToken>();
	private readonly refreshTokens = new Map<string, { clientId: string; userId: number }>();
	private readonly codes = new Map<string, { clientId: string; userId: number }>();
	private faults: Fault[] = [];
	private readonly minted: string[] = [];
	private window = { start: 0, used: 0 };
	private nextUserId = 1000;
	private server?: http.Server;
	private readonly sockets = new Set<Socket>();
	private readonly secureContext = tls.createSecureContext({
		key: readFileSync(path.join(tlsDir(), 'server.key')),
		cert: readFileSync(path.join(tlsDir(), 'server.pem')),
	});
	/** Where `_links.next` points; another host to check that the node does not follow it. */
	linkBase = API;
	/** Answers can be made to wait for a test; used to send responses out of order. */
	holdResponse?: (request: LoggedRequest) => Promise<void>;
	/** Called after a user was created, before the answer is sent. */
	onCreated?: (user: FakeUser) => void;
	/** Like Help Scout's search, `GET /v2/users` shows a new user only this long after its creation. */
	searchLagMs = 0;
	chaos?: Chaos;
	/** What reached the proxy for anywhere but Help Scout (CONNECT targets, plain-HTTP URLs). */
	readonly foreignRequests: string[] = [];
	/** Faults that chaos injected, by kind, to report what a soak run met. */
	readonly chaosFaults: Record<string, number> = {};
	private random = Math.random;
	private readonly chaosTurns = [0, 0];
	private readonly searchableAt = new Map<number, number>();

	constructor() {
		this.reset();
	}

	/** Back to one owner, one admin, three inboxes, no faults and no limit. */
	reset(): void {
		this.requests.length = 0;
		this.faults = [];
		this.rateLimit = undefined;
		this.latencyMs = 0;
		this.inFlight = 0;
		this.maxInFlight = 0;
		this.rateLimited = 0;
		this.duplicateStatus = 409;
		this.holdResponse = undefined;
		this.onCreated = undefined;
		this.searchLagMs = 0;
		this.chaos = undefined;
		this.foreignRequests.length = 0;
		for (const kind of Object.keys(this.chaosFaults)) delete this.chaosFaults[kind];
		this.searchableAt.clear();
		this.linkBase = API;
		this.window = { start: 0, used: 0 };
		this.tokens.clear();
		this.refreshTokens.clear();
		this.codes.clear();
		this.clients.clear();
		this.nextUserId = 1000;
		this.users = [];
		this.addUser({ firstName: 'Olive', lastName: 'Owner', email: 'owner@example.com', role: 'owner' });
		this.addUser({ firstName: 'Adam', lastName: 'Admin', email: 'admin@example.com', role: 'admin' });
		this.addUser({ firstName: 'Uma', lastName: 'User', email: 'user@example.com', role: 'user' });
		this.mailboxes = [
			{ id: 1, name: 'Support', email: 'support@example.com' },
			{ id: 2, name: 'Billing', email: 'billing@example.com' },
			{ id: 3, name: 'Sales', email: 'sales@example.com' },
		];
	}

	addUser(fields: Partial<FakeUser> & Pick<FakeUser, 'firstName' | 'lastName' | 'email' | 'role'>): FakeUser {
		const user: FakeUser = {
			id: this.nextUserId++,
			timezone: 'America/New_York',
			mailboxes: [],
			invited: false,
			createdAt: new Date(0).toISOString(),
			companyId: 77,
			...fields,
		};
		this.users.push(user);
		return user;
	}

	/** Registers an OAuth app acting as the user with this email (the admin by default). */
	addClient(clientId: string, secret: string, email = 'admin@example.com'): void {
		const user = this.users.find((candidate) => candidate.email === email);
		if (!user) throw new Error(`no user ${email}`);
		this.clients.set(clientId, { secret, userId: user.id });
	}

	/** An authorization code, as Help Scout hands one over after the user approves the app. */
	issueCode(clientId: string, email = 'admin@example.com'): string {
		const code = `code-${randomUUID()}`;
		const user = this.users.find((candidate) => candidate.email === email);
		this.codes.set(code, { clientId, userId: user!.id });
		return code;
	}

	/** A token pair as if issued earlier, for credentials stored with a token. */
	issueTokens(clientId: string, email = 'admin@example.com', expiresInMs = 172_800_000) {
		const user = this.users.find((candidate) => candidate.email === email)!;
		return this.mint(clientId, user.id, expiresInMs, true);
	}

	/** Every access and refresh token handed out so far, to look for where they must not be. */
	issuedSecrets(): string[] {
		return [...this.tokens.keys(), ...this.refreshTokens.keys(), ...this.minted];
	}

	expireAllTokens(): void {
		for (const token of this.tokens.values()) token.expiresAt = 0;
	}

	revokeRefreshTokens(): void {
		this.refreshTokens.clear();
	}

	inject(fault: Fault): void {
		this.faults.push({ times: 1, ...fault });
	}

	/** Draws faults at random from now on, reproducibly for one seed. */
	startChaos(chaos: Chaos): void {
		this.chaos = chaos;
		this.random = mulberry32(chaos.seed);
		this.chaosTurns.fill(0);
	}

	apiRequests(method?: string, pathPrefix = '/v2/'): LoggedRequest[] {
		return this.requests.filter(
			(request) =>
				request.path.startsWith(pathPrefix) &&
				request.path !== '/v2/oauth2/token' &&
				(method === undefined || request.method === method),
		);
	}

	tokenRequests(): LoggedRequest[] {
		return this.requests.filter((request) => request.path === '/v2/oauth2/token');
	}

	usersWithEmail(email: string): FakeUser[] {
		return this.users.filter((user) => user.email.toLowerCase() === email.toLowerCase());
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

	/** Only Help Scout's API host is served; n8n's calls to anywhere else are refused. */
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
			return this.token(request, res);
		}
		if (this.latencyMs) await sleep(this.latencyMs);
		const fault = this.takeFault(request) ?? this.chaosFault(request);
		if (fault?.kind === 'status') {
			return send(res, fault.status ?? 500, fault.body ?? vndError('Simulated failure'), fault.headers);
		}
		if (fault?.kind === 'resetBefore') return req.socket.destroy();
		if (fault?.kind === 'malformed') {
			res.writeHead(200, { 'content-type': 'application/hal+json' });
			return res.end('{"_embedded": {"users": [');
		}

		const caller = this.authenticate(request);
		if (!caller) return send(res, 401, vndError('Invalid or expired access token'));
		if (!this.admitRate(request, res)) return;
		if (this.holdResponse) await this.holdResponse(request);

		const userMatch = /^\/v2\/users\/(\d+|me)$/.exec(request.path);
		if (request.path === '/v2/users' && request.method === 'POST') {
			return this.createUser(request, caller, req, res, fault);
		}
		if (request.path === '/v2/users' && request.method === 'GET') return this.listUsers(request, res);
		if (userMatch && request.method === 'GET') {
			const id = userMatch[1] === 'me' ? caller.id : Number(userMatch[1]);
			const user = this.users.find((candidate) => candidate.id === id);
			if (!user) return send(res, 404, vndError('Resource not found'));
			return send(res, 200, halUser(user));
		}
		if (request.path === '/v2/mailboxes' && request.method === 'GET') {
			return send(res, 200, page(request, 'mailboxes', this.mailboxes, this.linkBase));
		}
		return send(res, 404, vndError('Resource not found'));
	}

	/**
	 * Help Scout's faults as a soak run meets them, before or after acting, on creates and reads:
	 * which answers fail is drawn from the seed; the kinds take turns, so that every kind is met.
	 */
	private chaosFault(request: LoggedRequest): Fault | undefined {
		if (!this.chaos || this.random() >= this.chaos.rate) return undefined;
		const write = request.method !== 'GET';
		const kinds: Array<[string, Fault]> = [
			['5xx', { kind: 'status', status: [500, 502, 503][Math.floor(this.random() * 3)] }],
			['resetBefore', { kind: 'resetBefore' }],
			['429', { kind: 'status', status: 429, headers: { 'X-RateLimit-Retry-After': '1' }, body: vndError('Rate limit exceeded') }],
			...(write
				? ([['resetAfter', { kind: 'resetAfter' }], ['noResourceId', { kind: 'noResourceId' }]] as Array<[string, Fault]>)
				: ([['malformed', { kind: 'malformed' }]] as Array<[string, Fault]>)),
		];
		const turn = (this.chaosTurns[write ? 1 : 0] += 1);
		const [kind, fault] = kinds[turn % kinds.length];
		const name = `${request.method} ${kind}`;
		this.chaosFaults[name] = (this.chaosFaults[name] ?? 0) + 1;
		return fault;
	}

	private takeFault(request: LoggedRequest): Fault | undefined {
		const index = this.faults.findIndex(
			(fault) =>
				(fault.method === undefined || fault.method === request.method) &&
				(fault.path === undefined || request.path.startsWith(fault.path)),
		);
		if (index === -1) return undefined;
		const fault = this.faults[index];
		fault.times = (fault.times ?? 1) - 1;
		if (fault.times <= 0) this.faults.splice(index, 1);
		return fault;
	}

	private authenticate(request: LoggedRequest): FakeUser | undefined {
		const header = String(request.headers.authorization ?? '');
		const token = this.tokens.get(header.replace(/^Bearer /i, ''));
		if (!token || token.expiresAt <= Date.now()) return undefined;
		return this.users.find((user) => user.id === token.userId);
	}

	/** A fixed window shared by every caller; reads cost 1, writes 2. */
	private admitRate(request: LoggedRequest, res: http.ServerResponse): boolean {
		const limit = this.rateLimit;
		if (!limit) return true;
		const now = Date.now();
		if (now - this.window.start >= limit.windowMs) this.window = { start: now, used: 0 };
		const cost = request.method === 'GET' ? 1 : 2;
		const remaining = limit.units - this.window.used;
		const headers: Record<string, string> = {
			'X-RateLimit-Limit-Minute': String(limit.units),
			'X-RateLimit-Remaining-Minute': String(Math.max(0, remaining - cost)),
		};
		if (cost > remaining) {
			this.rateLimited++;
			const retryAfter = Math.max(1, Math.ceil((this.window.start + limit.windowMs - now) / 1000));
			if (!limit.omitRetryAfter) headers['X-RateLimit-Retry-After'] = String(retryAfter);
			headers['X-RateLimit-Remaining-Minute'] = '0';
			send(res, 429, vndError('Rate limit exceeded'), headers);
			return false;
		}
		this.window.used += cost;
		for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
		return true;
	}

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
		const body = request.body as Record<string, unknown>;
		const errors = validateCreate(body, this.mailboxes);
		if (errors.length) return send(res, 400, vndError('Bad request', errors));
		const email = String(body.email);
		if (this.usersWithEmail(email).length) {
			return this.duplicateStatus === 409
				? send(res, 409, vndError('A user with this email address already exists'))
				: send(res, 400, vndError('Bad request', [
						{ path: 'email', message: 'Email address is already in use', rejectedValue: email },
					]));
		}
		const user = this.addUser({
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

	private listUsers(request: LoggedRequest, res: http.ServerResponse) {
		const now = Date.now();
		let users = this.users.filter((user) => (this.searchableAt.get(user.id) ?? 0) <= now);
		if (request.query.email !== undefined) {
			users = users.filter((user) => user.email.toLowerCase() === request.query.email.toLowerCase());
		}
		if (request.query.mailbox !== undefined) {
			const mailbox = Number(request.query.mailbox);
			users = users.filter((user) => user.mailboxes.some((entry) => entry.id === mailbox));
		}
		return send(res, 200, page(request, 'users', users.map(halUser), this.linkBase));
	}

	private token(request: LoggedRequest, res: http.ServerResponse) {
		const form = request.body as Record<string, string>;
		const client = this.clients.get(form.client_id);
		if (!client || client.secret !== form.client_secret) {
			return sendToken(res, 401, { error: 'invalid_client', error_description: 'Invalid client credentials' });
		}
		switch (form.grant_type) {
			case 'client_credentials':
				return sendToken(res, 200, this.mint(form.client_id, client.userId, 172_800_000, false));
			case 'authorization_code': {
				const grant = this.codes.get(form.code);
				if (!grant || grant.clientId !== form.client_id) {
					return sendToken(res, 400, { error: 'invalid_request', error_description: 'Invalid code' });
				}
				this.codes.delete(form.code);
				return sendToken(res, 200, this.mint(form.client_id, grant.userId, 172_800_000, true));
			}
			case 'refresh_token': {
				const grant = this.refreshTokens.get(form.refresh_token);
				if (!grant || grant.clientId !== form.client_id) {
					return sendToken(res, 400, { error: 'invalid_request', error_description: 'Invalid refresh_token' });
				}
				// Help Scout rotates refresh tokens: the old one stops working.
				this.refreshTokens.delete(form.refresh_token);
				return sendToken(res, 200, this.mint(form.client_id, grant.userId, 172_800_000, true));
			}
			default:
				return sendToken(res, 400, { error: 'unsupported_grant_type' });
		}
	}

	private mint(clientId: string, userId: number, expiresInMs: number, withRefresh: boolean) {
		const accessToken = `at-${randomUUID()}`;
		this.minted.push(accessToken);
		this.tokens.set(accessToken, { userId, clientId, expiresAt: Date.now() + expiresInMs });
		const answer: Record<string, unknown> = {
			token_type: 'bearer',
			access_token: accessToken,
			expires_in: Math.round(expiresInMs / 1000),
		};
		if (withRefresh) {
			const refreshToken = `rt-${randomUUID()}`;
			this.minted.push(refreshToken);
			this.refreshTokens.set(refreshToken, { clientId, userId });
			answer.refresh_token = refreshToken;
		}
		return answer;
	}
}

interface FieldError {
	path: string;
	message: string;
	rejectedValue?: unknown;
}

function validateCreate(body: Record<string, unknown>, mailboxes: FakeMailbox[]): FieldError[] {
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

function halUser(user: FakeUser) {
	const { mailboxes: _mailboxes, invited: _invited, ...fields } = user;
	return {
		...fields,
		type: 'user',
		initials: `${user.firstName[0] ?? ''}${user.lastName[0] ?? ''}`,
		_links: { self: { href: `${API}/users/${user.id}` } },
	};
}

/** A HAL page of 50, with `_links.next` carrying the same query, as Help Scout builds it. */
function page(request: LoggedRequest, key: string, all: unknown[], base: string) {
	const number = Math.max(1, Number(request.query.page ?? 1));
	const totalPages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
	const links: Record<string, { href: string }> = {
		self: { href: `${base}${request.path.slice(3)}?${new URLSearchParams({ ...request.query, page: String(number) })}` },
	};
	if (number < totalPages) {
		links.next = {
			href: `${base}${request.path.slice(3)}?${new URLSearchParams({ ...request.query, page: String(number + 1) })}`,
		};
	}
	return {
		_embedded: { [key]: all.slice((number - 1) * PAGE_SIZE, number * PAGE_SIZE) },
		page: { size: PAGE_SIZE, totalElements: all.length, totalPages, number },
		_links: links,
	};
}

export function vndError(message: string, errors?: FieldError[]) {
	return {
		logRef: randomUUID(),
		message,
		...(errors ? { _embedded: { errors: errors.map((error) => ({ ...error, source: 'JSON' })) } } : {}),
	};
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
	const isError = status >= 400;
	res.writeHead(status, {
		'content-type': isError ? 'application/vnd.error+json' : 'application/hal+json',
		...headers,
	});
	res.end(JSON.stringify(body));
}

/** The token endpoint is plain OAuth2: `application/json`, errors included. */
function sendToken(res: http.ServerResponse, status: number, body: unknown) {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}

async function readBody(req: http.IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw: string, contentType: string | undefined): unknown {
	if (!raw) return undefined;
	if (contentType?.includes('application/x-www-form-urlencoded')) {
		return Object.fromEntries(new URLSearchParams(raw));
	}
	try {
		return JSON.parse(raw);
	} catch {
		return raw;
	}
}

/** A small seeded PRNG, so that a soak run meets the same faults every time. */
function mulberry32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
