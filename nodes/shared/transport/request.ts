import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { HelpScoutContext } from './address';
import { cancelSignal, CREDENTIAL_TYPE, credentialKey, helpScoutUrl } from './address';
import { helpScoutError, hostOf, rateLimitExhaustedError } from './errors';
import type { ErrorMessages, Failure } from './errors';
import { pause } from './pause';
import type { AttemptCount, SendingPolicy } from './policy';
import { backoffMs, DEFAULT_SENDING_POLICY } from './policy';
import { renewAfterUnauthorized } from './renew';
import type { Call, Exchange, HelpScoutResponse } from './sendOnce';
import { isUnauthorized, sendOnce } from './sendOnce';
import { tokenReady } from './tokenGate';

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

/** The call as every attempt sends it. Help Scout's API never redirects, and n8n would carry the token. */
function prepare(context: HelpScoutContext, request: HelpScoutRequest): Call {
	const node = context.getNode();
	const url = helpScoutUrl(request.path);
	if (url === undefined) {
		throw new NodeOperationError(node, `Help Scout linked to another host (${hostOf(request.path)}); not followed`);
	}
	const policy = request.policy ?? DEFAULT_SENDING_POLICY;
	const signal = cancelSignal(context);
	const { method, qs, body } = request;
	return {
		context,
		options: {
			...{ method, url, qs, body, json: true, returnFullResponse: true, timeout: policy.timeoutMs },
			...{ disableFollowRedirect: true, sendCredentialsOnCrossOriginRedirect: false, abortSignal: signal },
		},
		write: method !== 'GET',
		policy,
		attempts: request.attempts ?? { made: 0, waitedMs: 0 },
		signal,
		credential: credentialKey(node),
		renewed: false,
	};
}

/**
 * When n8n holds no token yet (a client-credentials credential's first request), it would fetch
 * one inside a POST's call, and the POST would leave later than it was timed to (Create's evidence
 * window). A read goes first and n8n fetches the token there; its failure is the POST's to meet.
 */
async function tokenFirst(context: HelpScoutContext, policy: SendingPolicy): Promise<void> {
	try {
		const credential = await context.getCredentials<{ oauthTokenData?: { access_token?: unknown } }>(CREDENTIAL_TYPE);
		if (typeof credential?.oauthTokenData?.access_token === 'string') return;
		await helpScoutRequest.call(context, { method: 'GET', path: '/users/me', policy: { ...policy, maxAttempts: 1 } });
	} catch {
		// The POST meets the same, and says so.
	}
}

/**
 * How long to wait before the next attempt after `failure`, or undefined when there is none. In
 * this one place: after a 429 any request goes again; after a 5xx, a reset, a timeout or a cut
 * answer a GET, PUT, PATCH or DELETE (the same request twice leaves Help Scout as once), never a
 * POST: a POST that may have landed is the operation's to settle, from the error's `mayHaveLanded`.
 */
function retryDelay(call: Call, failure: Failure): number | undefined {
	const { attempts, policy } = call;
	const retryable = failure.kind === 'rateLimited' || (failure.kind === 'ambiguous' && call.options.method !== 'POST');
	const delayMs = failure.retryAfterMs ?? backoffMs(attempts.made);
	if (!retryable || attempts.made >= policy.maxAttempts || attempts.waitedMs + delayMs > policy.maxWaitMs) return undefined;
	// A 429's wait is taken in the rate budget, with every other request in flight, and counted there.
	return failure.kind === 'rateLimited' ? 0 : delayMs;
}

/** One attempt under the credential's current token, renewing it after a 401 once per call. */
async function attempt(call: Call): Promise<Exchange | 'sendAgain'> {
	const generation = call.signal?.aborted ? undefined : await tokenReady(call.credential, call.signal);
	if (generation === undefined) return { failure: { kind: 'cancelled' } };
	const result = await sendOnce(call, false);
	if (!isUnauthorized(result) || call.renewed) return result;
	call.renewed = true;
	return await renewAfterUnauthorized(call, generation);
}

/**
 * Sends one request to Help Scout with the credential's token: send once (sendOnce.ts: the
 * account's rate budget, Stop), renew (renew.ts: once per credential), retry (retryDelay), and
 * every failure a NodeApiError that says what happened.
 */
export async function helpScoutRequest(this: HelpScoutContext, request: HelpScoutRequest): Promise<HelpScoutResponse> {
	const call = prepare(this, request);
	const { attempts, policy } = call;
	const fail = (failure: Failure) =>
		failure.kind === 'rateLimited'
			? rateLimitExhaustedError(this.getNode(), attempts.made, attempts.waitedMs, policy.maxWaitMs)
			: helpScoutError(this.getNode(), failure, request.messages);
	if (request.method === 'POST') await tokenFirst(this, policy);
	for (;;) {
		const result = await attempt(call);
		if (result === 'sendAgain') continue;
		if ('failure' in result && result.failure.notSent) throw fail(result.failure);
		attempts.made++;
		if ('response' in result) return result.response;
		const delayMs = retryDelay(call, result.failure);
		if (delayMs === undefined) throw fail(result.failure);
		if (delayMs === 0) continue;
		await pause(delayMs, call.signal);
		attempts.waitedMs += delayMs;
	}
}
