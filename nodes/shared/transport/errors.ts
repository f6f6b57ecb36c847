import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { clip } from '../quote';
import { headerNumber, headerValue } from './headers';

/** What went wrong with one attempt, reduced to what decides the next step and the message. */
export interface Failure {
	/**
	 * rateLimited: Help Scout did not act; wait and send again. ambiguous: may have reached Help
	 * Scout (5xx, reset, timeout, a cut answer). final: never sent again. cancelled: the execution
	 * was stopped.
	 */
	kind: 'rateLimited' | 'ambiguous' | 'final' | 'cancelled';
	statusCode?: number;
	/** Help Scout's answer (`application/vnd.error+json`), never the request. */
	body?: unknown;
	retryAfterMs?: number;
	/** `X-RateLimit-Remaining-Minute` of the answer, when it had one. */
	remaining?: number;
	networkCode?: string;
	tokenProblem?: boolean;
	malformed?: boolean;
	/** Where a 3xx pointed; it is never followed. */
	redirectTo?: string;
	/** Not sent at all: the rate budget had no room for it within the caller's Max Rate-Limit Wait. */
	notSent?: boolean;
}

export type ErrorMessages = Partial<Record<number, string>>;

interface VndError {
	logRef?: string;
	message?: string;
	_embedded?: { errors?: Array<{ path?: string; message?: string; rejectedValue?: unknown }> };
}

/** The parts of an error thrown by n8n's HTTP helpers (n8n 1.x and 2.x) that say what happened. */
interface RawHttpError {
	message?: string;
	code?: string;
	httpCode?: string | null;
	context?: IDataObject;
	cause?: {
		code?: string;
		message?: string;
		response?: { status?: number; headers?: IDataObject; data?: unknown };
	};
}

const NETWORK_CODE = /^E[A-Z_]+$/;

/**
 * The longest pause one 429 may ask for. Help Scout's budget is a sliding minute, so no honest
 * answer asks for more; a larger one would hold every execution of the credential.
 */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Help Scout's own header first, then the standard one; whole seconds, as Help Scout sends them. */
function retryAfterMs(headers: IDataObject | undefined): number | undefined {
	const seconds = headerNumber(headers, 'x-ratelimit-retry-after') ?? headerNumber(headers, 'retry-after');
	return seconds === undefined ? undefined : Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
}

/** Sorts an answer that is not a 2xx (401s are the token gate's) into what to do next. */
export function classifyStatus(statusCode: number, headers: IDataObject | undefined, body: unknown): Failure {
	const remaining = headerNumber(headers, 'x-ratelimit-remaining-minute');
	if (statusCode >= 300 && statusCode < 400) {
		return { kind: 'final', statusCode, remaining, redirectTo: headerValue(headers, 'location') ?? '' };
	}
	if (statusCode === 429) {
		return { kind: 'rateLimited', statusCode, body, remaining, retryAfterMs: retryAfterMs(headers) };
	}
	if (statusCode >= 500) return { kind: 'ambiguous', statusCode, body, remaining };
	return { kind: 'final', statusCode, body, remaining };
}

/** Sorts an error thrown by n8n's HTTP helpers (a network failure, or n8n's own token request). */
export function classifyThrown(error: unknown): Failure {
	const raw = (error ?? {}) as RawHttpError;
	const response = raw.cause?.response;
	const status = response?.status ?? (Number(raw.httpCode) || undefined);
	if (isTokenEndpointFailure(raw)) return { kind: 'final', tokenProblem: true };
	if (status !== undefined) {
		return classifyStatus(status, response?.headers, (raw.context?.data as unknown) ?? response?.data);
	}
	// n8n 2.x rewrites a reset into a generic sentence but keeps the code in `cause` or `httpCode`.
	const networkCode = errorCodes(raw).find((code) => NETWORK_CODE.test(code));
	// A reset or a timeout may come after Help Scout acted on the request.
	return networkCode === undefined ? { kind: 'final' } : { kind: 'ambiguous', networkCode };
}

/** Where n8n keeps an error's code: `cause.code` (n8n 2.x), `code`, or `httpCode` (n8n 1.x). */
function errorCodes(raw: RawHttpError): string[] {
	return [raw.cause?.code, raw.code, raw.httpCode].filter((code): code is string => typeof code === 'string');
}

/** n8n reports a failed token request (fetch or refresh) without an API status of Help Scout's. */
function isTokenEndpointFailure(raw: RawHttpError): boolean {
	const text = `${raw.message ?? ''} ${raw.cause?.message ?? ''}`;
	return (
		errorCodes(raw).includes('EAUTH') ||
		/access token|refresh_token|invalid_grant|invalid_client|needs to be reconnected|credentials not connected/i.test(
			text,
		)
	);
}

/** Help Scout's field errors (`_embedded.errors`) of a vnd.error body. */
export function fieldErrors(body: unknown): Array<{ path: string; message: string }> {
	const errors = (body as VndError | undefined)?._embedded?.errors;
	if (!Array.isArray(errors)) return [];
	return errors.map((entry) => ({ path: String(entry.path ?? ''), message: String(entry.message ?? '') }));
}

function describe(failure: Failure): string | undefined {
	const lines = fieldErrors(failure.body).map((entry) =>
		entry.path ? `${clip(entry.path)}: ${clip(entry.message)}` : clip(entry.message),
	);
	const logRef = (failure.body as VndError | undefined)?.logRef;
	if (logRef) lines.push(`Help Scout logRef (quote it to Help Scout support): ${clip(String(logRef))}`);
	return lines.length ? lines.join('\n') : undefined;
}

/** The host a link points at, with its scheme when that is not https. */
export function hostOf(location: string): string {
	try {
		const url = new URL(location);
		return clip(url.protocol === 'https:' ? url.host : `${url.protocol}//${url.host}`);
	} catch {
		return location ? clip(location) : 'nowhere';
	}
}

function messageFor(failure: Failure, overrides: ErrorMessages = {}): string {
	const status = failure.statusCode;
	if (failure.kind === 'cancelled') return 'The execution was stopped before Help Scout answered';
	if (failure.tokenProblem) {
		return 'Could not get a Help Scout access token: open the Help Scout Users OAuth2 API credential and reconnect it';
	}
	if (failure.redirectTo !== undefined) {
		return `Help Scout answered with a redirect (HTTP ${status}) to ${hostOf(failure.redirectTo)}; not followed, so neither the token nor the data went there`;
	}
	if (status !== undefined && overrides[status]) return overrides[status] as string;
	if (failure.malformed) return 'Help Scout answered with a body that is not JSON';
	if (failure.networkCode === 'ECONNABORTED' || failure.networkCode === 'ETIMEDOUT') {
		return `Help Scout did not answer in time (${failure.networkCode})`;
	}
	if (failure.networkCode) return `Could not reach Help Scout (${failure.networkCode})`;
	switch (status) {
		case 400: {
			const first = fieldErrors(failure.body)[0];
			const detail = first ? `: ${first.path ? `${clip(first.path)}: ` : ''}${clip(first.message)}` : '';
			return `Help Scout rejected the request${detail}`;
		}
		case 401:
			return 'Help Scout did not accept the access token: open the Help Scout Users OAuth2 API credential and reconnect it';
		case 403:
			return 'Help Scout refused the request: the connected user is not allowed to do this';
		case 404:
			return 'Help Scout has nothing at this address';
		case undefined:
			return 'The request to Help Scout failed';
		default:
			return status >= 500
				? `Help Scout failed to process the request (HTTP ${status})`
				: `Help Scout answered HTTP ${status}`;
	}
}

/** What an operation reads of a failed request; it never rebuilds these from n8n's fields. */
export interface HelpScoutErrorFacts {
	/** Help Scout's HTTP status, when it answered at all. */
	status?: number;
	/** Help Scout's field errors (`_embedded.errors` of its vnd.error body). */
	fieldErrors?: Array<{ path: string; message: string }>;
	/** What Help Scout support asks for. */
	logRef?: string;
	/** The request may have been carried out all the same (a 5xx, a reset, a timeout, a cut answer). */
	mayHaveLanded?: boolean;
	/** The execution was stopped. */
	cancelled?: boolean;
	/** Help Scout's rate limit (a 429 past the retries, or no room within Max Rate-Limit Wait). */
	rateLimited?: boolean;
	/** Where a 3xx pointed (never followed), e.g. the conversation a merged one went into. */
	redirectTo?: string;
}

/**
 * The one error the transport throws for a request to Help Scout. It is a NodeApiError (n8n shows
 * it as one: `httpCode` the status, `context.data` Help Scout's body) built from a clean object
 * rather than from n8n's HTTP error, whose request part holds the Authorization header, so nothing
 * secret reaches the output, the UI or a log. The message is the one given: n8n swaps a message
 * that holds an error code such as ECONNRESET for its own generic sentence, which says neither
 * "Help Scout" nor the item.
 */
export class HelpScoutApiError extends NodeApiError {
	readonly status?: number;
	readonly fieldErrors: Array<{ path: string; message: string }>;
	readonly logRef?: string;
	readonly mayHaveLanded: boolean;
	readonly cancelled: boolean;
	readonly rateLimited: boolean;
	readonly redirectTo?: string;

	constructor(
		node: INode,
		fields: { message: string; description?: string; body?: unknown } & HelpScoutErrorFacts,
	) {
		const httpCode = fields.status !== undefined ? String(fields.status) : null;
		super(node, { httpCode } as JsonObject, { message: fields.message, description: fields.description, httpCode: httpCode ?? undefined });
		this.message = fields.message;
		this.status = fields.status;
		this.fieldErrors = fields.fieldErrors ?? fieldErrors(fields.body);
		this.logRef = fields.logRef ?? (fields.body as VndError | undefined)?.logRef;
		this.mayHaveLanded = fields.mayHaveLanded === true;
		this.cancelled = fields.cancelled === true;
		this.rateLimited = fields.rateLimited === true;
		this.redirectTo = fields.redirectTo;
		if (fields.body !== undefined && typeof fields.body === 'object' && fields.body !== null) {
			this.context.data = fields.body as IDataObject;
		}
	}
}

/** The error of one failed attempt, with a message that says what happened. */
export function helpScoutError(node: INode, failure: Failure, overrides?: ErrorMessages): HelpScoutApiError {
	return new HelpScoutApiError(node, {
		message: messageFor(failure, overrides),
		description: describe(failure),
		status: failure.statusCode,
		body: failure.body,
		mayHaveLanded: failure.kind === 'ambiguous',
		cancelled: failure.kind === 'cancelled',
		redirectTo: failure.redirectTo,
	});
}

/** The same facts under another message, e.g. an operation's finding added to the transport's. */
export function restated(error: HelpScoutApiError, message: string, facts: HelpScoutErrorFacts = {}): HelpScoutApiError {
	return new HelpScoutApiError(error.node, {
		message,
		description: error.description ?? undefined,
		body: error.context.data,
		status: error.status,
		fieldErrors: error.fieldErrors,
		logRef: error.logRef,
		mayHaveLanded: error.mayHaveLanded,
		cancelled: error.cancelled,
		rateLimited: error.rateLimited,
		redirectTo: error.redirectTo,
		...facts,
	});
}

export function rateLimitExhaustedError(
	node: INode,
	attempts: number,
	waitedMs: number,
	maxWaitMs: number,
): HelpScoutApiError {
	const seconds = (ms: number) => Math.round(ms / 100) / 10;
	return new HelpScoutApiError(node, {
		message:
			attempts === 0
				? `Help Scout's rate limit left no room for the request within Max Rate-Limit Wait (${seconds(maxWaitMs)} s): it was not sent`
				: `Help Scout kept rate-limiting the request: gave up after ${attempts} attempts and ${seconds(waitedMs)} s of waiting`,
		description:
			"Help Scout's rate limit is shared by every integration on the account. Raise Max Attempts or Max Rate-Limit Wait in the node's options, or send fewer items at a time.",
		status: 429,
		rateLimited: true,
	});
}

/**
 * Help Scout's own "not there" for what was asked: a 404 with its vnd.error JSON body. A gateway's
 * or a proxy's 404 page says nothing about the thing itself.
 */
export function isHelpScoutNotFound(error: unknown): error is HelpScoutApiError {
	if (!(error instanceof HelpScoutApiError) || error.status !== 404) return false;
	const body = error.context.data as IDataObject | undefined;
	return typeof body === 'object' && body !== null && !Array.isArray(body) && (typeof body.message === 'string' || typeof body.logRef === 'string');
}

/** Passes n8n's own errors on as they are; anything else becomes a NodeOperationError. */
export function toNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error instanceof Error ? error : String(error));
}

/**
 * The error of one item, as every message of this node ends: with the item it belongs to. Called
 * once, by the router, so that no operation builds the suffix itself.
 */
export function itemError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	const nodeError = toNodeError(node, error);
	nodeError.message = `${nodeError.message} [item ${itemIndex}]`;
	nodeError.context.itemIndex = itemIndex;
	return nodeError;
}
