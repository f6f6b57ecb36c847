import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { stateHome } from '../state';
import type { RateAnswer } from '../state';
import { accountKeyOf } from '../state/accounts';
import type { HelpScoutContext } from './address';
import { API_BASE_URL, CREDENTIAL_TYPE } from './address';
import { classifyStatus, classifyThrown } from './errors';
import type { Failure } from './errors';
import { headerNumber } from './headers';
import { settledOrStopped } from './pause';
import type { AttemptCount, SendingPolicy } from './policy';
import { backoffMs } from './policy';

export interface HelpScoutResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

export type Exchange = { response: HelpScoutResponse } | { failure: Failure };

/** One request as it goes out, again and again if it must: what every attempt shares. */
export interface Call {
	context: HelpScoutContext;
	options: IHttpRequestOptions;
	write: boolean;
	policy: SendingPolicy;
	attempts: AttemptCount;
	signal?: AbortSignal;
	/** The credential's ID: its token renewals, and the account its budget belongs to. */
	credential: string;
	/** Whether the call has had its one token renewal. */
	renewed: boolean;
}

export const isUnauthorized = (exchange: Exchange) => 'failure' in exchange && exchange.failure.statusCode === 401;

/** Whether an exchange says the token does not work (after a renewal, the renewal failed). */
export const tokenFailed = (exchange: Exchange) =>
	isUnauthorized(exchange) || ('failure' in exchange && exchange.failure.tokenProblem === true);

/** n8n 1.x leaves `application/hal+json` unparsed; 2.x parses it. Both end up as objects here. */
function parsedBody(body: unknown): unknown {
	if (typeof body !== 'string' || body.trim() === '') return body === '' ? undefined : body;
	try {
		return JSON.parse(body) as unknown;
	} catch {
		return body;
	}
}

function readAnswer(answer: HelpScoutResponse, isWrite: boolean): Exchange {
	const headers = answer.headers ?? {};
	const body = parsedBody(answer.body);
	if (answer.statusCode < 200 || answer.statusCode >= 300) {
		return { failure: classifyStatus(answer.statusCode, headers, body) };
	}
	// A read answered with something other than JSON (a proxy's page, a cut body) may go again.
	if (!isWrite && (typeof body !== 'object' || body === null)) {
		const remaining = headerNumber(headers, 'x-ratelimit-remaining-minute');
		return { failure: { kind: 'ambiguous', statusCode: answer.statusCode, malformed: true, remaining } };
	}
	return { response: { statusCode: answer.statusCode, headers, body } };
}

/** What an exchange tells the rate budget. A 429 without a retry header gets one backoff. */
function budgetNews(result: Exchange, attempts: AttemptCount): RateAnswer {
	if ('response' in result) return { remaining: headerNumber(result.response.headers, 'x-ratelimit-remaining-minute') };
	const failure = result.failure;
	// The pause for everyone and this item's count of waiting are then the same time.
	if (failure.kind === 'rateLimited') failure.retryAfterMs ??= backoffMs(attempts.made);
	return { remaining: failure.remaining, retryAfterMs: failure.kind === 'rateLimited' ? failure.retryAfterMs : undefined };
}

/**
 * The HTTP exchange through n8n. With status errors ignored n8n hands every answer back, 401s
 * included, and renews nothing: the token gate decides who renews. `probe` sends
 * `GET /users/me` instead, to renew a token on a read rather than on a write.
 */
async function httpExchange(call: Call, renewToken: boolean, probe: boolean) {
	const { context, options } = call;
	const probed = probe ? { method: 'GET' as const, url: `${API_BASE_URL}/users/me`, qs: undefined, body: undefined } : {};
	const sent = context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, {
		...options,
		...probed,
		ignoreHttpStatusErrors: !renewToken,
	}) as Promise<HelpScoutResponse>;
	return await sent.then(
		(answer) => ({ answer }),
		(error: unknown) => ({ error }),
	);
}

/** Sends the call once, inside the account's rate budget, and reads the answer. */
export async function sendOnce(call: Call, renewToken: boolean, probe = false): Promise<Exchange> {
	const { attempts, policy, signal } = call;
	const write = call.write && !probe;
	// The account's budget once it is known; the credential's own before (its first /users/me).
	const budgetKey = accountKeyOf(call.credential);
	const home = stateHome();
	const rate = { write, burstWrites: policy.burstWrites, timeoutMs: policy.timeoutMs };
	const { ticket, waitedMs } = await home.acquire(budgetKey, rate, signal, policy.maxWaitMs - attempts.waitedMs);
	attempts.waitedMs += waitedMs;
	if (!ticket) return { failure: signal?.aborted ? { kind: 'cancelled' } : { kind: 'rateLimited', notSent: true } };
	const settled = httpExchange(call, renewToken, probe);
	// n8n's own token request inside the call does not listen to Stop: this execution does not wait
	// for it; the budget gets its ticket back when it ends.
	if (!(await settledOrStopped(settled, signal))) {
		void settled.then(() => home.release(budgetKey, ticket, {}));
		// It left: Help Scout may act on it although nobody waits for the answer.
		if (!probe) attempts.firstSentAt ??= ticket.startedAt;
		return { failure: { kind: 'cancelled' } };
	}
	const outcome = await settled;
	const cancelled = signal?.aborted ? { failure: { kind: 'cancelled' as const } } : undefined;
	const result = 'answer' in outcome ? readAnswer(outcome.answer, write) : (cancelled ?? { failure: classifyThrown(outcome.error) });
	// The evidence window of a create opens when a request left that Help Scout could act on.
	if (!probe && !isUnauthorized(result)) attempts.firstSentAt ??= ticket.startedAt;
	home.release(budgetKey, ticket, budgetNews(result, attempts));
	return result;
}
