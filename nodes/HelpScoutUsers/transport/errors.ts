import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { headerNumber } from './headers';

/** What went wrong with one attempt, reduced to what decides the next step and the message. */
export interface Failure {
	/** rateLimited: wait and retry. ambiguous: may have reached Help Scout. final: never retried. */
	kind: 'rateLimited' | 'ambiguous' | 'final';
	statusCode?: number;
	/** Help Scout's answer (`application/vnd.error+json`), never the request. */
	body?: unknown;
	retryAfterMs?: number;
	/** `X-RateLimit-Remaining-Minute` of the answer, when it had one. */
	remaining?: number;
	networkCode?: string;
	tokenProblem?: boolean;
	malformed?: boolean;
}

export type ErrorMessages = Partial<Record<number, string>>;

/** Why a NodeApiError was raised, kept in its context for callers that react to it. */
export type FailureReason = 'duplicateEmail' | 'notFound' | 'rateLimited';

interface VndError {
	logRef?: string;
	message?: string;
	_embedded?: { errors?: Array<{ path?: string; message?: string; rejectedValue?: unknown }> };
}

interface RawHttpError {
	message?: string;
	httpCode?: string | null;
	context?: IDataObject;
	cause?: {
		code?: string;
		message?: string;
		response?: { status?: number; headers?: IDataObject; data?: unknown };
	};
}

/** Help Scout's own header first, then the standard one; seconds, as Help Scout sends them. */
function retryAfterMs(headers: IDataObject | undefined): number | undefined {
	const seconds =
		headerNumber(headers, 'x-ratelimit-retry-after') ?? headerNumber(headers, 'retry-after');
	return seconds === undefined ? undefined : Math.ceil(seconds * 1000);
}

/** Sorts a thrown error (or a malformed answer) into what to do next. */
export function classifyFailure(error: unknown): Failure {
	const raw = (error ?? {}) as RawHttpError & { statusCode?: number; body?: unknown; malformed?: boolean };
	if (raw.malformed) {
		return { kind: 'ambiguous', statusCode: raw.statusCode, malformed: true };
	}
	const response = raw.cause?.response;
	const status = response?.status ?? (Number(raw.httpCode) || undefined);
	const body = (raw.context?.data as unknown) ?? response?.data;

	if (status === undefined) {
		const networkCode = raw.cause?.code ?? (raw.httpCode && !Number(raw.httpCode) ? raw.httpCode : undefined);
		if (isTokenEndpointFailure(raw)) return { kind: 'final', tokenProblem: true };
		if (networkCode === undefined) return { kind: 'final' };
		// A reset or a timeout may come after Help Scout acted on the request.
		return { kind: 'ambiguous', networkCode };
	}
	const remaining = headerNumber(response?.headers, 'x-ratelimit-remaining-minute');
	if (status === 429) {
		return { kind: 'rateLimited', statusCode: status, body, remaining, retryAfterMs: retryAfterMs(response?.headers) };
	}
	if (status >= 500) return { kind: 'ambiguous', statusCode: status, body, remaining };
	if (status === 400 && isTokenEndpointFailure(raw)) return { kind: 'final', tokenProblem: true };
	return { kind: 'final', statusCode: status, body, remaining };
}

/** n8n reports a failed token request (fetch or refresh) without an API status of Help Scout's. */
function isTokenEndpointFailure(raw: RawHttpError): boolean {
	const text = `${raw.message ?? ''} ${raw.cause?.message ?? ''}`;
	return (
		raw.cause?.code === 'EAUTH' ||
		/access token|refresh_token|invalid_grant|invalid_client|needs to be reconnected/i.test(text)
	);
}

function fieldErrors(body: unknown): Array<{ path: string; message: string }> {
	const errors = (body as VndError | undefined)?._embedded?.errors;
	if (!Array.isArray(errors)) return [];
	return errors.map((entry) => ({ path: String(entry.path ?? ''), message: String(entry.message ?? '') }));
}

/** A 409, or a 400 whose `email` error says the address is taken: Help Scout has used both. */
export function isDuplicateEmail(failure: Failure): boolean {
	if (failure.statusCode === 409) return true;
	return (
		failure.statusCode === 400 &&
		fieldErrors(failure.body).some(
			(entry) =>
				entry.path === 'email' && /already|exist|in use|taken|duplicate|unique/i.test(entry.message),
		)
	);
}

function describe(failure: Failure): string | undefined {
	const lines = fieldErrors(failure.body).map((entry) =>
		entry.path ? `${entry.path}: ${entry.message}` : entry.message,
	);
	const logRef = (failure.body as VndError | undefined)?.logRef;
	if (logRef) lines.push(`Help Scout logRef (quote it to Help Scout support): ${logRef}`);
	return lines.length ? lines.join('\n') : undefined;
}

function messageFor(failure: Failure, overrides: ErrorMessages = {}): { message: string; reason?: FailureReason } {
	const status = failure.statusCode;
	if (failure.tokenProblem) {
		return {
			message:
				'Could not get a Help Scout access token: open the Help Scout Users OAuth2 API credential and reconnect it',
		};
	}
	if (isDuplicateEmail(failure)) {
		return { message: 'A Help Scout user with this email already exists', reason: 'duplicateEmail' };
	}
	if (status !== undefined && overrides[status]) {
		return { message: overrides[status] as string, reason: status === 404 ? 'notFound' : undefined };
	}
	if (failure.malformed) return { message: 'Help Scout answered with a body that is not JSON' };
	if (failure.networkCode === 'ECONNABORTED' || failure.networkCode === 'ETIMEDOUT') {
		return { message: 'Help Scout did not answer in time' };
	}
	if (failure.networkCode) return { message: `Could not reach Help Scout (${failure.networkCode})` };
	switch (status) {
		case 400: {
			const first = fieldErrors(failure.body)[0];
			const detail = first ? `: ${first.path ? `${first.path}: ` : ''}${first.message}` : '';
			return { message: `Help Scout rejected the request${detail}` };
		}
		case 401:
			return {
				message:
					'Help Scout did not accept the access token: open the Help Scout Users OAuth2 API credential and reconnect it',
			};
		case 403:
			return { message: 'Help Scout refused the request: the connected user is not allowed to do this' };
		case 404:
			return { message: 'Help Scout has nothing at this address', reason: 'notFound' };
		case undefined:
			return { message: 'The request to Help Scout failed' };
		default:
			return status >= 500
				? { message: `Help Scout failed to process the request (HTTP ${status})` }
				: { message: `Help Scout answered HTTP ${status}` };
	}
}

function withItem(message: string, itemIndex: number | undefined): string {
	return itemIndex === undefined ? message : `${message} [item ${itemIndex}]`;
}

/**
 * Builds the error from a clean object rather than from n8n's HTTP error, whose request part holds
 * the Authorization header: nothing secret can reach the output, the UI or a log this way.
 */
export function helpScoutError(
	node: INode,
	failure: Failure,
	itemIndex?: number,
	overrides?: ErrorMessages,
): NodeApiError {
	const { message, reason } = messageFor(failure, overrides);
	const httpCode = failure.statusCode !== undefined ? String(failure.statusCode) : undefined;
	const error = new NodeApiError(node, { httpCode: httpCode ?? null } as JsonObject, {
		message: withItem(message, itemIndex),
		description: describe(failure),
		httpCode,
		itemIndex,
	});
	if (failure.body !== undefined && typeof failure.body === 'object') {
		error.context.data = failure.body as IDataObject;
	}
	if (reason) error.context.reason = reason;
	return error;
}

export function rateLimitExhaustedError(
	node: INode,
	attempts: number,
	waitedMs: number,
	itemIndex?: number,
): NodeApiError {
	const seconds = Math.round(waitedMs / 100) / 10;
	const error = new NodeApiError(node, { httpCode: '429' } as JsonObject, {
		message: withItem(
			`Help Scout kept rate-limiting the request: gave up after ${attempts} attempts and ${seconds} s of waiting`,
			itemIndex,
		),
		description:
			"Help Scout's rate limit is shared by every integration on the account. Raise Max Attempts or Max Rate-Limit Wait in the node's options, or send fewer items at a time.",
		httpCode: '429',
		itemIndex,
	});
	error.context.reason = 'rateLimited';
	return error;
}

export function failureReason(error: unknown): FailureReason | undefined {
	return (error as { context?: IDataObject } | undefined)?.context?.reason as FailureReason | undefined;
}

/** Passes n8n's own errors on as they are; anything else becomes a NodeOperationError. */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}
