import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { classifyStatus, classifyThrown, helpScoutError, hostOf, rateLimitExhaustedError } from './errors';
import type { ErrorMessages, Failure } from './errors';
import { headerNumber } from './headers';
import { pause, settledOrStopped } from './pause';
import { accountKeyOf } from '../state/accounts';
import { BURST_WRITES, stateHome } from '../state';
import { afterUnauthorized, tokenReady } from './tokenGate';

export { headerValue } from './headers';
export { pause } from './pause';
export type { HalPage } from './list';
export { helpScoutList } from './list';

/** The only place that knows Help Scout's address and this package's credential name. */
export const API_BASE_URL = 'https://api.helpscout.net/v2';
export const CREDENTIAL_TYPE = 'helpScoutUsersOAuth2Api';

export type HelpScoutContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export interface SendingPolicy {
	/** Attempts in all, the first included. */
	maxAttempts: number;
	/** Longest total time spent waiting between attempts. */
	maxWaitMs: number;
	/** How long one request may take before it counts as failed. */
	timeoutMs: number;
	/** Writes allowed in any 5 s (Help Scout's burst limit: 12). */
	burstWrites: number;
}

export const DEFAULT_SENDING_POLICY: SendingPolicy = {
	maxAttempts: 10,
	maxWaitMs: 300_000,
	timeoutMs: 30_000,
	burstWrites: BURST_WRITES,
};

/** What one item has spent on a request so far; calls that share one count share the object. */
export interface AttemptCount {
	made: number;
	waitedMs: number;
	/** When the first of these requests left for Help Scout, after any wait for the rate budget. */
	firstSentAt?: number;
}

export interface HelpScoutResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

export interface HelpScoutRequest {
	method: IHttpRequestMethods;
	/** A path below `/v2`, or a Help Scout URL (a `_links.next` href, a `Location`). */
	path: string;
	qs?: IDataObject;
	/** A JSON object, or a list (a JSON Patch). */
	body?: IDataObject | IDataObject[];
	policy?: SendingPolicy;
	/** Counts attempts together with other calls, e.g. every POST of one create. */
	attempts?: AttemptCount;
	/** Messages that say more than the generic ones for this call, by HTTP status. */
	messages?: ErrorMessages;
}

/** Exponential backoff with jitter: between half and all of 0.5 s, 1 s, 2 s, … up to 30 s. */
export function backoffMs(attempt: number): number {
	const ceiling = Math.min(30_000, 500 * 2 ** (Math.max(1, attempt) - 1));
	return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * What the node keeps per credential in this process (rate budget, token renewals, Create's
 * claims): every execution with the same credential shares it, as they share Help Scout's limits.
 */
export function credentialKey(node: INode): string {
	return node.credentials?.[CREDENTIAL_TYPE]?.id ?? node.id;
}

/** n8n's Stop: aborted when the execution is cancelled (dropdowns have no execution). */
export function cancelSignal(context: HelpScoutContext): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
}

/**
 * A path, or a link Help Scout handed back (`_links.next`, `Location`), as a URL on Help Scout's
 * API; undefined for anything elsewhere, since the request carries the account's token. Relative
 * links and the host in another case are Help Scout's all the same.
 */
export function helpScoutUrl(pathOrLink: string): string | undefined {
	const link = /^[a-z][a-z0-9+.-]*:/i.test(pathOrLink) || pathOrLink.startsWith('/v2/') ? pathOrLink : `/v2${pathOrLink}`;
	let url: URL;
	try {
		url = new URL(link, `${API_BASE_URL}/`);
	} catch {
		return undefined;
	}
	const base = new URL(API_BASE_URL);
	const onApi = url.protocol === base.protocol && url.host === base.host && url.username === '' && url.password === '';
	return onApi && url.pathname.startsWith('/v2/') ? url.href : undefined;
}

/** Whether n8n has a token stored for the credential (it fetches one on first use otherwise). */
async function holdsToken(context: HelpScoutContext): Promise<boolean> {
	try {
		const credential = await context.getCredentials<{ oauthTokenData?: { access_token?: unknown } }>(CREDENTIAL_TYPE);
		return typeof credential?.oauthTokenData?.access_token === 'string';
	} catch {
		return true;
	}
}

type Exchange = { response: HelpScoutResponse } | { failure: Failure };

const isUnauthorized = (exchange: Exchange) => 'failure' in exchange && exchange.failure.statusCode === 401;

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
		return {
			failure: {
				kind: 'ambiguous',
				statusCode: answer.statusCode,
				malformed: true,
				remaining: headerNumber(headers, 'x-ratelimit-remaining-minute'),
			},
		};
	}
	return { response: { statusCode: answer.statusCode, headers, body } };
}

/**
 * Sends one request to Help Scout with the credential's token. It:
 * - never follows a redirect: Help Scout's API does not redirect, and n8n would carry the token;
 * - shares the account's rate budget with every request of this credential (rateGate);
 * - renews an expired token once per credential, however many requests meet the 401 (tokenGate);
 * - decides, in this one place, whether a request may go again: after a 429 any request; after a
 *   5xx, a reset, a timeout or a cut answer a GET, PUT, PATCH or DELETE (the same request twice
 *   leaves Help Scout as once), never a POST: a POST that may have landed is the operation's to
 *   settle, from the error's `mayHaveLanded`;
 * - stops at once when the execution is stopped;
 * - turns every failure into a NodeApiError that says what happened.
 */
export async function helpScoutRequest(
	this: HelpScoutContext,
	request: HelpScoutRequest,
): Promise<HelpScoutResponse> {
	const policy = request.policy ?? DEFAULT_SENDING_POLICY;
	const attempts = request.attempts ?? { made: 0, waitedMs: 0 };
	const isWrite = request.method !== 'GET';
	const idempotent = request.method !== 'POST';
	const node = this.getNode();
	const signal = cancelSignal(this);
	const url = helpScoutUrl(request.path);
	if (url === undefined) {
		throw new NodeOperationError(node, `Help Scout linked to another host (${hostOf(request.path)}); not followed`);
	}
	const options: IHttpRequestOptions = {
		method: request.method,
		url,
		qs: request.qs,
		body: request.body,
		json: true,
		returnFullResponse: true,
		timeout: policy.timeoutMs,
		disableFollowRedirect: true,
		sendCredentialsOnCrossOriginRedirect: false,
		abortSignal: signal,
	};
	const credential = credentialKey(node);
	const probeUrl = `${API_BASE_URL}/users/me`;

	/**
	 * One request and its answer. `probe` sends `GET /users/me` instead, to renew a token on a read
	 * rather than on a write.
	 */
	const exchange = async (renewToken: boolean, probe = false): Promise<Exchange> => {
		const write = isWrite && !probe;
		// The account's budget once it is known; the credential's own before (its first /users/me).
		const budgetKey = accountKeyOf(credential);
		const home = stateHome();
		const request = { write, burstWrites: policy.burstWrites, timeoutMs: policy.timeoutMs };
		const acquired = await home.acquire(budgetKey, request, signal, policy.maxWaitMs - attempts.waitedMs);
		attempts.waitedMs += acquired.waitedMs;
		const ticket = acquired.ticket;
		if (!ticket) return { failure: signal?.aborted ? { kind: 'cancelled' } : { kind: 'rateLimited', notSent: true } };
		// With status errors ignored n8n hands every answer back, 401s included, and renews
		// nothing: the token gate decides who renews.
		const call = this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, {
			...options,
			...(probe ? { method: 'GET', url: probeUrl, qs: undefined, body: undefined } : {}),
			ignoreHttpStatusErrors: !renewToken,
		}) as Promise<HelpScoutResponse>;
		const settled = call.then(
			(answer) => ({ answer }),
			(error: unknown) => ({ error }),
		);
		// n8n's own token request inside the call does not listen to Stop: this execution does not
		// wait for it; the budget gets its ticket back when it ends.
		if (!(await settledOrStopped(settled, signal))) {
			void settled.then(() => home.release(budgetKey, ticket, {}));
			return { failure: { kind: 'cancelled' } };
		}
		const outcome = await settled;
		let result: Exchange;
		if ('answer' in outcome) {
			result = readAnswer(outcome.answer, write);
		} else {
			result = { failure: signal?.aborted ? { kind: 'cancelled' } : classifyThrown(outcome.error) };
		}
		// The evidence window of a create opens when a request left that Help Scout could act on.
		if (!probe && !isUnauthorized(result)) attempts.firstSentAt ??= ticket.startedAt;
		const failure = 'failure' in result ? result.failure : undefined;
		// A 429 without a retry header gets one backoff: the pause for everyone and this item's
		// count of waiting are then the same time.
		if (failure?.kind === 'rateLimited') failure.retryAfterMs ??= backoffMs(attempts.made);
		home.release(budgetKey, ticket, {
			remaining: failure
				? failure.remaining
				: headerNumber((result as { response: HelpScoutResponse }).response.headers, 'x-ratelimit-remaining-minute'),
			retryAfterMs: failure?.kind === 'rateLimited' ? failure.retryAfterMs : undefined,
		});
		return result;
	};
	const fail = (failure: Failure) =>
		failure.kind === 'rateLimited'
			? rateLimitExhaustedError(node, attempts.made, attempts.waitedMs, policy.maxWaitMs)
			: helpScoutError(node, failure, request.messages);

	// When n8n holds no token yet (a client-credentials credential's first request), it would fetch
	// one inside the POST's call, and the POST would leave later than it was timed to (Create's
	// evidence window). A read goes first and n8n fetches the token there. Its failure is the
	// POST's to meet.
	if (!idempotent && !(await holdsToken(this))) {
		try {
			await helpScoutRequest.call(this, { method: 'GET', path: '/users/me', policy: { ...policy, maxAttempts: 1 } });
		} catch {
			// The POST below meets the same, and says so.
		}
	}

	let renewed = false;
	for (;;) {
		const generation = signal?.aborted ? undefined : await tokenReady(credential, signal);
		if (generation === undefined) throw fail({ kind: 'cancelled' });
		let result = await exchange(false);
		if (isUnauthorized(result) && !renewed) {
			renewed = true;
			// A read is sent again with n8n's renewal on; a write renews on a read and then goes again.
			const renewal = await afterUnauthorized(
				credential,
				generation,
				async () => await exchange(true, isWrite),
				(outcome) => !isUnauthorized(outcome) && !('failure' in outcome && outcome.failure.tokenProblem),
				signal,
			);
			// Someone else renewed the token since this request went out: send it again.
			if ('sendAgain' in renewal) continue;
			if ('stopped' in renewal) throw fail({ kind: 'cancelled' });
			const outcome = 'renewed' in renewal ? renewal.renewed : (renewal.failedAs as Exchange);
			const tokenFailed = isUnauthorized(outcome) || ('failure' in outcome && outcome.failure.tokenProblem === true);
			if (isWrite && !tokenFailed) continue;
			result = outcome;
		}
		if ('failure' in result && result.failure.notSent) throw fail(result.failure);
		attempts.made++;
		if ('response' in result) return result.response;

		const failure = result.failure;
		const retryable = failure.kind === 'rateLimited' || (failure.kind === 'ambiguous' && idempotent);
		const delayMs = failure.retryAfterMs ?? backoffMs(attempts.made);
		if (!retryable || attempts.made >= policy.maxAttempts || attempts.waitedMs + delayMs > policy.maxWaitMs) {
			throw fail(failure);
		}
		// A 429's wait is taken in `acquire`, together with every other request in flight, and
		// counted there.
		if (failure.kind !== 'rateLimited') {
			await pause(delayMs, signal);
			attempts.waitedMs += delayMs;
		}
	}
}
