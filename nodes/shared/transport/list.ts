import type { IDataObject } from 'n8n-workflow';

import type { HelpScoutContext } from './address';
import { helpScoutUrl } from './address';
import type { SendingPolicy } from './policy';
import { helpScoutRequest } from './request';

/** 1,000 pages of 50 are 50,000 items: more than any account lists, fewer than a loop would read. */
export const MAX_PAGES = 1_000;

export interface HalPage {
	_embedded?: Record<string, IDataObject[]>;
	page?: { number?: number; totalPages?: number };
	_links?: { next?: { href?: string } };
}

/**
 * Reads a HAL list page by page through `_links.next` until it ends or `limit` items are read.
 * Help Scout answers 50 items a page. The answer is not trusted to end the list, so it also ends
 * - when `next` names a page already read (a link back would be followed without end);
 * - at the page `page.totalPages` names as the last, or after that many pages read;
 * - at a page that brings no item not read already (a loop through links that differ).
 * - after MAX_PAGES pages, whatever the links say.
 * A list read while it changes shifts under the reader: an item may come twice, and only its first
 * copy is kept (by `id`, the number 7 and the text "7" being one). A relative `next` is read against
 * the page it came from.
 */
export async function helpScoutList(
	this: HelpScoutContext,
	path: string,
	embeddedKey: string,
	options: { qs?: IDataObject; limit?: number; policy?: SendingPolicy } = {},
): Promise<IDataObject[]> {
	const items: IDataObject[] = [];
	const ids = new Set<string>();
	const visited = new Set<string>([pageKey(path, options.qs)]);
	let next: string | undefined = path;
	let qs = options.qs;
	for (let pagesRead = 1; options.limit === undefined || items.length < options.limit; pagesRead++) {
		const { body } = await helpScoutRequest.call(this, { method: 'GET', path: next, qs, policy: options.policy });
		const page = body as HalPage;
		const fresh = (page._embedded?.[embeddedKey] ?? []).filter((item) => item.id === undefined || !ids.has(String(item.id)));
		for (const item of fresh) ids.add(String(item.id));
		items.push(...fresh);
		const link = page._links?.next?.href;
		next = link === undefined ? undefined : linkFrom(link, pageKey(next, qs));
		// The next link already carries the query string.
		qs = undefined;
		if (next === undefined || visited.has(pageKey(next)) || fresh.length === 0 || isLastPage(page, pagesRead)) break;
		if (pagesRead >= MAX_PAGES) break;
		visited.add(pageKey(next));
	}
	return options.limit === undefined ? items : items.slice(0, options.limit);
}

/**
 * A `next` link as a URL: relative ones (`?page=2`, `users?page=2`, `//host/…`) against the page they
 * came from; a path from the root stays as it is, as Help Scout's paths are under /v2.
 */
function linkFrom(link: string, pageHref: string): string {
	if (/^[a-z][a-z0-9+.-]*:/i.test(link) || (link.startsWith('/') && !link.startsWith('//'))) return link;
	try {
		return new URL(link, pageHref).href;
	} catch {
		return link;
	}
}

function isLastPage(page: HalPage, pagesRead: number): boolean {
	const { number, totalPages } = page.page ?? {};
	if (typeof totalPages !== 'number') return false;
	return pagesRead >= totalPages || (typeof number === 'number' && number >= totalPages);
}

/** A page's URL as it is sent, to know a link already followed; a link elsewhere is refused when sent. */
function pageKey(pathOrLink: string, qs?: IDataObject): string {
	const href = helpScoutUrl(pathOrLink);
	if (href === undefined) return pathOrLink;
	const url = new URL(href);
	for (const [name, value] of Object.entries(qs ?? {})) url.searchParams.set(name, String(value));
	url.searchParams.sort();
	return url.href;
}
