import { pause } from '../../transport/pause';
import type { Acquired, RateAnswer, RateRequest, Ticket } from '../home';

/**
 * The rate budget as one process keeps it. Help Scout limits an account twice, and every request
 * made for one account (state/home.ts: keys) in this process shares one budget for both:
 * - **Burst:** at most 12 writes in any 5 seconds (Help Scout's documented limit; only a 429 shows
 *   it). The node assumes it from the start rather than learning it from 429s (the option Writes
 *   per 5 Seconds can lower it): a write holds its slot from when it starts until 5 s after its
 *   answer, so that Help Scout, which counts it somewhere in between, never sees a 13th.
 * - **Per minute:** the plan's units (a read 1, a write 2). While Help Scout says how many are left
 *   (`X-RateLimit-Remaining-Minute`), a request starts only if what is left, plus this budget's
 *   own requests that have surely left Help Scout's sliding minute since, covers it and the
 *   requests in flight. When nothing is left and nothing is in flight, one request goes ahead to
 *   learn when units come back (its 429 says).
 * - After a 429 every request waits the time Help Scout gave, instead of each item in flight
 *   finding out for itself; then one request goes alone to learn what the window holds.
 * - A write's 429 while the minute had room means someone else also writes to the account (a
 *   second n8n worker, another integration): this budget then takes three quarters of its share
 *   of the burst, and one write more each 2.5 s after, back to the whole.
 */
export const BURST_WRITES = 12;
export const BURST_WINDOW_MS = 5_000;
const MINUTE_MS = 60_000;
/** Clock and timer slack between this process and Help Scout. */
const MARGIN_MS = 50;
const POLL_MS = 25;
/** How soon a cut share of the burst grows by one write again. */
const SHARE_GROWTH_MS = 2_500;

interface Budget {
	pausedUntil: number;
	/** Units left, as the latest answer said; undefined when unknown. */
	remaining?: number;
	/** When the request whose answer said `remaining` was sent. */
	remainingSentAt: number;
	/** After a 429's wait, until an answer says what the window holds. */
	probing: boolean;
	inFlight: number;
	/** When each recent write's burst slot frees; Infinity while it is in flight. */
	writeSlots: number[];
	/** This budget's answered requests of the last minute or so, to know when they leave it. */
	spent: Array<{ startedAt: number; answeredAt: number; cost: number }>;
	/**
	 * A smaller share of the burst, taken after a 429 that the minute budget does not explain:
	 * someone else (another n8n worker, another integration) writes to the account too.
	 */
	burstShare?: number;
	/** When the share next grows by one write, back towards the whole burst. */
	shareGrowsAt: number;
	lastCutAt: number;
}

const budgets = new Map<string, Budget>();

/** Forgets every budget, as a new process would start: for tests, each its own world. */
export function forgetBudgets(): void {
	budgets.clear();
}

function budgetFor(key: string): Budget {
	let budget = budgets.get(key);
	if (!budget) {
		budget = {
			pausedUntil: 0,
			remainingSentAt: 0,
			inFlight: 0,
			probing: false,
			writeSlots: [],
			spent: [],
			shareGrowsAt: 0,
			lastCutAt: 0,
		};
		budgets.set(key, budget);
	}
	return budget;
}

/**
 * Units of this budget's own that Help Scout counted in `remaining` and that have left its
 * sliding minute by `now`: sent after the minute that `remaining` looked back on began, answered
 * before the request that said it was sent, and answered more than a minute ago.
 */
function ownUnits(budget: Budget, now: number): { returned: number; nextReturnAt: number } {
	let returned = 0;
	let nextReturnAt = Infinity;
	for (const request of budget.spent) {
		const counted = request.answeredAt <= budget.remainingSentAt && request.startedAt + MINUTE_MS > budget.remainingSentAt;
		if (!counted) continue;
		const returnsAt = request.answeredAt + MINUTE_MS + MARGIN_MS;
		if (returnsAt <= now) returned += request.cost;
		else nextReturnAt = Math.min(nextReturnAt, returnsAt);
	}
	return { returned, nextReturnAt };
}

function minuteAllows(budget: Budget, cost: number, now: number): boolean {
	if (budget.probing) return budget.inFlight === 0;
	if (budget.remaining === undefined) return true;
	const own = ownUnits(budget, now);
	if (budget.remaining + own.returned - budget.inFlight >= cost) return true;
	if (budget.inFlight > 0) return false;
	// Nothing left and nothing in flight: wait for this budget's own units when they come back
	// soon; otherwise (others spent the budget, or it comes back much later) one request goes
	// ahead, and its 429 says when to come back.
	return own.nextReturnAt - now > BURST_WINDOW_MS;
}

/** Cuts the share by a quarter after a burst 429, then adds one write per 2.5 s (like TCP's AIMD). */
function burstAllowance(budget: Budget, burstWrites: number, now: number): number {
	while (budget.burstShare !== undefined && now >= budget.shareGrowsAt) {
		budget.burstShare += 1;
		budget.shareGrowsAt += SHARE_GROWTH_MS;
		if (budget.burstShare >= burstWrites) budget.burstShare = undefined;
	}
	return Math.min(burstWrites, budget.burstShare ?? burstWrites);
}

function burstAllows(budget: Budget, burstWrites: number, now: number): boolean {
	budget.writeSlots = budget.writeSlots.filter((freeAt) => freeAt > now);
	return budget.writeSlots.length < burstAllowance(budget, burstWrites, now);
}

function shareTheBurst(budget: Budget, ticket: Ticket, now: number): void {
	// One cut per burst window: the other writes of the same burst meet the same 429.
	if (now - budget.lastCutAt < BURST_WINDOW_MS) return;
	budget.lastCutAt = now;
	const current = budget.burstShare ?? ticket.burstWrites;
	budget.burstShare = Math.max(1, Math.floor((current * 3) / 4));
	budget.shareGrowsAt = now + SHARE_GROWTH_MS;
}

/**
 * Waits until a request may start, and counts it in flight (the ticket). Gives up, having counted
 * nothing and returning no ticket, when the execution is stopped, or when the wait would run past
 * `maxWaitMs` (the caller's Max Rate-Limit Wait): a pause that ends later than that is not waited
 * out at all. Says how long it waited either way.
 */
export async function acquire(key: string, request: RateRequest, signal?: AbortSignal, maxWaitMs = Infinity): Promise<Acquired> {
	const { write, burstWrites } = request;
	const budget = budgetFor(key);
	const cost = write ? 2 : 1;
	const deadline = Date.now() + Math.max(0, maxWaitMs);
	let waitedMs = 0;
	const wait = async (ms: number) => {
		await pause(ms, signal);
		waitedMs += ms;
	};
	for (;;) {
		if (signal?.aborted) return { waitedMs };
		const now = Date.now();
		const paused = budget.pausedUntil - now;
		if (paused > 0) {
			// Checked again after each wait: another execution's 429 may have made the pause longer.
			if (budget.pausedUntil > deadline) return { waitedMs };
			await wait(paused);
			continue;
		}
		if (minuteAllows(budget, cost, now) && (!write || burstAllows(budget, burstWrites, now))) break;
		if (now + POLL_MS > deadline) return { waitedMs };
		await wait(POLL_MS);
	}
	budget.inFlight += cost;
	if (write) budget.writeSlots.push(Infinity);
	return { ticket: { cost, write, startedAt: Date.now(), burstWrites }, waitedMs };
}

/** Ends a request started with `acquire`, with what Help Scout's answer said of the budget. */
export function release(key: string, ticket: Ticket, answer: RateAnswer): void {
	const budget = budgetFor(key);
	const now = Date.now();
	budget.inFlight = Math.max(0, budget.inFlight - ticket.cost);
	if (ticket.write) {
		const slot = budget.writeSlots.indexOf(Infinity);
		if (slot !== -1) budget.writeSlots[slot] = now + BURST_WINDOW_MS + MARGIN_MS;
	}
	// Answers are recorded in the order they come: the oldest leave from the front.
	while (budget.spent.length > 0 && budget.spent[0].answeredAt + 2 * MINUTE_MS <= now) budget.spent.shift();
	// Only answers Help Scout counted and reported on: without the header there is no budget to
	// weigh them against, and a 429 costs nothing.
	if (answer.remaining !== undefined && answer.retryAfterMs === undefined) {
		budget.spent.push({ startedAt: ticket.startedAt, answeredAt: now, cost: ticket.cost });
	}
	if (answer.retryAfterMs !== undefined) {
		// A write refused while the minute had room for it met the burst limit.
		const minuteLeft = answer.remaining ?? budget.remaining;
		if (ticket.write && minuteLeft !== undefined && minuteLeft >= ticket.cost) shareTheBurst(budget, ticket, now);
		budget.pausedUntil = Math.max(budget.pausedUntil, now + answer.retryAfterMs);
		// What the window holds after the pause is unknown until the next answer.
		budget.remaining = undefined;
		budget.probing = true;
	} else {
		budget.probing = false;
		// An answer without the header (a network error, a proxy) leaves the budget unknown rather
		// than stale.
		budget.remaining = answer.remaining;
		budget.remainingSentAt = ticket.startedAt;
	}
}
