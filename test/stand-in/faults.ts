/**
 * Faults a test injects, and chaos: faults drawn from a seed for soak runs. Each kind is a way a
 * real exchange with Help Scout goes wrong, before or after Help Scout acted.
 */
import type { LoggedRequest } from './hal';
import { RATE_LIMITED_BODY } from './hal';

export type FaultKind =
	| 'status'
	| 'resetBefore'
	| 'resetAfter'
	| 'slowAfter'
	| 'malformed'
	| 'noResourceId'
	| 'onlyLocation'
	| 'html'
	| 'emptyPage';

export interface Fault {
	kind: FaultKind;
	method?: string;
	/** The request path must start with this (e.g. `/v2/users`). */
	path?: string;
	/** Or match this whole (e.g. `/^\/v2\/users\/\d+$/`: a user by ID, not `/v2/users/me`). */
	pathPattern?: RegExp;
	/** And its query must hold these (e.g. `{ page: '2' }`). */
	query?: Record<string, string>;
	/** How many matching requests it hits; default 1. */
	times?: number;
	status?: number;
	headers?: Record<string, string>;
	body?: unknown;
	delayMs?: number;
	/** `emptyPage`: how many items its `page` figures promise (none arrive); default 0. */
	promised?: number;
}

/** Faults drawn at random, the same ones for the same seed: for soak runs. */
export interface Chaos {
	/** Share of API answers that are faults, 0 to 1. */
	rate: number;
	seed: number;
}

export class Faults {
	chaos?: Chaos;
	/** Faults that chaos injected, by kind, to report what a soak run met. */
	readonly chaosFaults: Record<string, number> = {};
	private injected: Fault[] = [];
	private random = Math.random;
	private readonly chaosTurns = [0, 0];

	reset(): void {
		this.injected = [];
		this.chaos = undefined;
		for (const kind of Object.keys(this.chaosFaults)) delete this.chaosFaults[kind];
	}

	inject(fault: Fault): void {
		this.injected.push({ times: 1, ...fault });
	}

	startChaos(chaos: Chaos): void {
		this.chaos = chaos;
		this.random = mulberry32(chaos.seed);
		this.chaosTurns.fill(0);
	}

	/** The fault this request meets, if any: an injected one first, else one drawn by chaos. */
	take(request: LoggedRequest): Fault | undefined {
		return this.takeInjected(request) ?? this.draw(request);
	}

	private takeInjected(request: LoggedRequest): Fault | undefined {
		const index = this.injected.findIndex(
			(fault) =>
				(fault.method === undefined || fault.method === request.method) &&
				(fault.path === undefined || request.path.startsWith(fault.path)) &&
				(fault.pathPattern === undefined || fault.pathPattern.test(request.path)) &&
				Object.entries(fault.query ?? {}).every(([name, value]) => request.query[name] === value),
		);
		if (index === -1) return undefined;
		const fault = this.injected[index];
		fault.times = (fault.times ?? 1) - 1;
		if (fault.times <= 0) this.injected.splice(index, 1);
		return fault;
	}

	/**
	 * Help Scout's faults as a soak run meets them, before or after acting, on creates and reads:
	 * which answers fail is drawn from the seed; the kinds take turns, so that every kind is met.
	 */
	private draw(request: LoggedRequest): Fault | undefined {
		if (!this.chaos || this.random() >= this.chaos.rate) return undefined;
		const write = request.method !== 'GET';
		const kinds: Array<[string, Fault]> = [
			['5xx', { kind: 'status', status: [500, 502, 503][Math.floor(this.random() * 3)] }],
			['resetBefore', { kind: 'resetBefore' }],
			['429', { kind: 'status', status: 429, headers: { 'X-RateLimit-Retry-After': '1' }, body: RATE_LIMITED_BODY }],
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
