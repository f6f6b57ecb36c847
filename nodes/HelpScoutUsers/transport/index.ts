import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { classifyFailure, helpScoutError, rateLimitExhaustedError } from './errors';
import type { ErrorMessages, Failure } from './errors';
import { headerNumber } from './headers';
import { acquire, release } from './rateGate';

export { headerValue } from './headers';

/** The only place that knows Help Scout's address and this package's credential name. */
export const API_BASE_URL = 'https://api.helpscout.net/v2';
export const CREDENTIAL_TYPE = 'helpScoutUsersOAuth2Api';

export type HelpScoutContext = IExecuteFunctions | ILoadOptionsFunctions;

export interface RetryPolicy {
	/** Attempts in all, the first included. */
	maxAttempts: number;
	/** Longest total time spent waiting between attempts. */
	maxWaitMs: number;
	/** How long one request may take before it counts as failed. */
	timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 10,
	maxWaitMs: 300_000,
	timeoutMs: 30_000,
};

export interface HelpScoutResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

export interface HelpScoutRequest {
	method: IHttpRequestMethods;
	/** A path below `/v2`, or a full Help Scout URL (a `_links.next` href, a `Location`). */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	itemIndex?: number;
	policy?: RetryPolicy;
	/** Messages that say more than the generic ones for this call, by HTTP status. */
	messages?: ErrorMessages;
	/**
	 * For a write that is not idempotent. Called after a failure that may have reached Help Scout
	 * (timeout, reset connection, 5xx): returns the write's result if it landed, so it is never
	 * sent twice; undefined lets the write be tried again.
	 */
	reconcile?: () => Promise<HelpScoutResponse | undefined>;
}

/** Exponential backoff with jitter: between half and all of 0.5 s, 1 s, 2 s, … up to 30 s. */
function backoffMs(attempt: number): number {
	const ceiling = Math.min(30_000, 500 * 2 ** (attempt - 1));
	return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * Links that Help Scout hands back (`_links.next`, `Location`) are followed only on Help Scout's
 * own host: the request carries the account's token.
 */
function toUrl(context: HelpScoutContext, path: string, itemIndex?: number): string {
	if (!/^https?:\/\//.test(path)) return `${API_BASE_URL}${path}`;
	if (path.startsWith(`${API_BASE_URL}/`)) return path;
	const message = `Help Scout linked to another host (${new URL(path).host}); not followed`;
	throw new NodeOperationError(context.getNode(), itemIndex === undefined ? message : `${message} [item ${itemIndex}]`, {
		itemIndex,
	});
}

/**
 * Sends one request to Help Scout through n8n's OAuth2 handling (which refreshes an expired token
 * and replays the request once), waits out rate limits, retries what is safe to retry and turns
 * every failure into a NodeApiError that says what happened.
 */
export async function helpScoutRequest(
	this: HelpScoutContext,
	request: HelpScoutRequest,
): Promise<HelpScoutResponse> {
	const policy = request.policy ?? DEFAULT_RETRY_POLICY;
	const isWrite = request.method !== 'GET';
	const options: IHttpRequestOptions = {
		method: request.method,
		url: toUrl(this, request.path, request.itemIndex),
		qs: request.qs,
		body: request.body,
		json: true,
		returnFullResponse: true,
		timeout: policy.timeoutMs,
	};

	const node = this.getNode();
	const budgetKey = node.credentials?.[CREDENTIAL_TYPE]?.id ?? node.id;
	// Help Scout counts a write as two requests against the account's limit.
	const cost = isWrite ? 2 : 1;
	const giveUp = (failure: Failure, attempt: number, waitedMs: number) =>
		failure.kind === 'rateLimited'
			? rateLimitExhaustedError(node, attempt, waitedMs, request.itemIndex)
			: helpScoutError(node, failure, request.itemIndex, request.messages);

	// Only this item's own retries count against Max Rate-Limit Wait; waiting for the account's
	// budget behind other items does not.
	let waitedMs = 0;
	for (let attempt = 1; ; attempt++) {
		await acquire(budgetKey, cost);
		let failure: Failure;
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				options,
			)) as HelpScoutResponse;
			release(budgetKey, cost, { remaining: headerNumber(response.headers, 'x-ratelimit-remaining-minute') });
			if (isWrite || isJsonBody(response.body)) {
				return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
			}
			// A read answered with something other than JSON (a proxy's HTML page, a cut body).
			failure = classifyFailure({ statusCode: response.statusCode, body: response.body, malformed: true });
		} catch (error) {
			failure = classifyFailure(error);
			// A 429 without a retry header gets one backoff: the pause for everyone and this item's
			// count of waiting are then the same time.
			if (failure.kind === 'rateLimited') failure.retryAfterMs ??= backoffMs(attempt);
			release(budgetKey, cost, {
				remaining: failure.remaining,
				retryAfterMs: failure.kind === 'rateLimited' ? failure.retryAfterMs : undefined,
			});
		}

		const retryable =
			failure.kind === 'rateLimited' ||
			(failure.kind === 'ambiguous' && (!isWrite || request.reconcile !== undefined));
		const delayMs = failure.retryAfterMs ?? backoffMs(attempt);
		if (!retryable || attempt >= policy.maxAttempts || waitedMs + delayMs > policy.maxWaitMs) {
			throw giveUp(failure, attempt, waitedMs);
		}
		if (failure.kind === 'ambiguous' && isWrite && request.reconcile) {
			const landed = await request.reconcile();
			if (landed) return landed;
		}
		// A 429's wait is taken in `acquire`, together with every other request in flight.
		if (failure.kind !== 'rateLimited') await sleep(delayMs);
		waitedMs += delayMs;
	}
}

function isJsonBody(body: unknown): boolean {
	return typeof body === 'object' && body !== null;
}

export interface HalPage {
	_embedded?: Record<string, IDataObject[]>;
	_links?: { next?: { href?: string } };
}

/**
 * Reads a HAL list page by page through `_links.next` until it ends or `limit` items are read.
 * Help Scout answers 50 items a page.
 */
export async function helpScoutList(
	this: HelpScoutContext,
	path: string,
	embeddedKey: string,
	options: { qs?: IDataObject; limit?: number; itemIndex?: number; policy?: RetryPolicy } = {},
): Promise<IDataObject[]> {
	const items: IDataObject[] = [];
	let next: string | undefined = path;
	let qs = options.qs;
	while (next !== undefined && (options.limit === undefined || items.length < options.limit)) {
		const { body } = await helpScoutRequest.call(this, {
			method: 'GET',
			path: next,
			qs,
			itemIndex: options.itemIndex,
			policy: options.policy,
		});
		const page = body as HalPage;
		items.push(...(page._embedded?.[embeddedKey] ?? []));
		next = page._links?.next?.href;
		// The next link already carries the query string.
		qs = undefined;
	}
	return options.limit === undefined ? items : items.slice(0, options.limit);
}
