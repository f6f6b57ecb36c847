/** How Help Scout's API writes its answers: HAL pages, vnd.error bodies, hal+json content. */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';

export const API_HOST = 'api.helpscout.net';
export const API = `https://${API_HOST}/v2`;
const PAGE_SIZE = 50;

export interface LoggedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: http.IncomingHttpHeaders;
	body: unknown;
	rawBody: string;
	at: number;
}

export interface FieldError {
	path: string;
	message: string;
	rejectedValue?: unknown;
}

export function vndError(message: string, errors?: FieldError[]) {
	return {
		logRef: randomUUID(),
		message,
		...(errors ? { _embedded: { errors: errors.map((error) => ({ ...error, source: 'JSON' })) } } : {}),
	};
}

/** A 429's body as Help Scout's docs show it: a message, no `logRef`. */
export const RATE_LIMITED_BODY = { message: 'API rate limit exceeded' };

/** Which page `_links.next` points at: Help Scout's is the next one while there is one. */
export type NextPageOf = (pageNumber: number, totalPages: number) => number | undefined;

const helpScoutNextPage: NextPageOf = (pageNumber, totalPages) => (pageNumber < totalPages ? pageNumber + 1 : undefined);

/** A HAL page of 50, with `_links.next` carrying the same query, as Help Scout builds it. */
export function page(request: LoggedRequest, key: string, all: unknown[], base: string, nextPageOf = helpScoutNextPage) {
	const number = Math.max(1, Number(request.query.page ?? 1));
	const totalPages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
	const link = (pageNumber: number) => ({
		href: `${base}${request.path.slice(3)}?${new URLSearchParams({ ...request.query, page: String(pageNumber) })}`,
	});
	// The links Help Scout's docs show: self, first, last, a templated page, previous and next.
	const links: Record<string, { href: string; templated?: boolean }> = {
		self: link(number),
		first: link(1),
		last: link(totalPages),
		page: { href: `${base}${request.path.slice(3)}{?page}`, templated: true },
	};
	if (number > 1) links.previous = link(number - 1);
	const next = nextPageOf(number, totalPages);
	if (next !== undefined) links.next = link(next);
	const items = all.slice((number - 1) * PAGE_SIZE, number * PAGE_SIZE);
	return {
		// An empty list comes without `_embedded`, as in Help Scout's SDK's payloads.
		...(items.length ? { _embedded: { [key]: items } } : {}),
		page: { size: PAGE_SIZE, totalElements: all.length, totalPages, number },
		_links: links,
	};
}

/**
 * A list page that holds no item while its figures promise `promised` (0: an honest empty list):
 * without `_embedded`, as Help Scout's docs show an empty list.
 */
export function emptyPage(request: LoggedRequest, promised: number, base: string) {
	const href = `${base}${request.path.slice(3)}?${new URLSearchParams({ ...request.query, page: '1' })}`;
	return {
		page: { size: PAGE_SIZE, totalElements: promised, totalPages: Math.ceil(promised / PAGE_SIZE), number: 1 },
		_links: { self: { href } },
	};
}

export function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
	const isError = status >= 400;
	res.writeHead(status, {
		'content-type': isError ? 'application/vnd.error+json' : 'application/hal+json',
		...headers,
	});
	// A text body (a gateway's HTML page, say) goes as it is.
	res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** What a gateway or CDN in front of Help Scout answers with: an HTML page, not Help Scout's JSON. */
export function sendHtml(res: http.ServerResponse, status: number) {
	res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
	res.end(`<html><head><title>${status}</title></head><body><h1>${status}</h1><hr><center>nginx</center></body></html>`);
}

export async function readBody(req: http.IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

export function parseBody(raw: string, contentType: string | undefined): unknown {
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

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
