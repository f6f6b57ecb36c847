import type { IDataObject } from 'n8n-workflow';

import type { HelpScoutContext } from './address';
import { helpScoutUrl } from './address';
import type { SendingPolicy } from './policy';
import { helpScoutRequest } from './request';

/** 1,000 pages of 50 are 50,000 items: more than any account lists, fewer than a loop would read. */
export const MAX_PAGES = 1_000;

export interface HalPage {
	_embedded?: Record<string, IDataObject[]>;
	page?: PageFigures;
	_links?: { next?: { href?: string } };
}

/** What a HAL page says of the whole list: Help Scout sends them on every page. */
interface PageFigures {
	size?: number;
	totalElements?: number;
	totalPages?: number;
	number?: number;
}

export interface ListOptions {
	qs?: IDataObject;
	limit?: number;
	policy?: SendingPolicy;
}

/** One read of a whole list, and whether it holds together (see `holdsTogether`). */
export interface ListRead {
	items: IDataObject[];
	consistent: boolean;
}

/** One page as it arrived: its figures and how many items it carried. */
interface PageSeen {
	figures: PageFigures;
	count: number;
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
	options: ListOptions = {},
): Promise<IDataObject[]> {
	return (await readOnce(this, path, embeddedKey, options)).items;
}

/**
 * The list as `helpScoutList` reads it, and whether the read held together. A read that did not (the
 * list changed while it was read, a page came short) is made again, up to `reads` reads in all; the
 * last read is returned as it is, for the caller to say what it could not be sure of.
 */
export async function readHelpScoutList(
	this: HelpScoutContext,
	path: string,
	embeddedKey: string,
	options: ListOptions & { reads?: number } = {},
): Promise<ListRead> {
	const reads = Math.max(1, options.reads ?? 1);
	for (let made = 1; ; made++) {
		const read = await readOnce(this, path, embeddedKey, options);
		if (read.consistent || made >= reads) return read;
	}
}

async function readOnce(context: HelpScoutContext, path: string, embeddedKey: string, options: ListOptions): Promise<ListRead> {
	const items: IDataObject[] = [];
	const pages: PageSeen[] = [];
	const ids = new Set<string>();
	const visited = new Set<string>([pageKey(path, options.qs)]);
	let next: string | undefined = path;
	let qs = options.qs;
	for (let pagesRead = 1; options.limit === undefined || items.length < options.limit; pagesRead++) {
		const { body } = await helpScoutRequest.call(context, { method: 'GET', path: next, qs, policy: options.policy });
		const page = body as HalPage;
		// Help Scout leaves `_embedded` out of an empty list.
		const listed = page._embedded?.[embeddedKey] ?? [];
		pages.push({ figures: figuresOf(page), count: listed.length });
		const fresh = listed.filter((item) => item.id === undefined || !ids.has(String(item.id)));
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
	if (options.limit !== undefined && items.length >= options.limit) {
		// Only the first pages were wanted: what the rest would have said is not asked.
		return { items: items.slice(0, options.limit), consistent: holdsTogether(pages) };
	}
	return { items, consistent: holdsTogether(pages, items.length) };
}

function figuresOf(page: HalPage): PageFigures {
	const figures = typeof page.page === 'object' && page.page !== null ? page.page : {};
	const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
	return {
		size: number(figures.size),
		totalElements: number(figures.totalElements),
		totalPages: number(figures.totalPages),
		number: number(figures.number),
	};
}

/**
 * Whether a read holds together as Help Scout's `page` figures describe the list: every page names
 * the same `totalElements` and `totalPages`; every page but the last is full (`size` items); and,
 * for a read to the end (`itemsRead`), as many pages and items arrived as they promised. A list
 * that changed while it was read, or a page short of what it promised, fails one of these. An empty
 * list answered without `_embedded` and with `totalElements: 0` holds together; figures Help Scout
 * did not send are not checked.
 */
function holdsTogether(pages: PageSeen[], itemsRead?: number): boolean {
	const [first] = pages;
	const { totalElements, totalPages } = first.figures;
	const sameTotals = pages.every((page) => page.figures.totalElements === totalElements && page.figures.totalPages === totalPages);
	const fullPages = pages.slice(0, -1).every((page) => page.figures.size === undefined || page.count >= page.figures.size);
	if (!sameTotals || !fullPages || itemsRead === undefined) return sameTotals && fullPages;
	const allPages = totalPages === undefined || pages.length >= totalPages;
	const allItems = totalElements === undefined || itemsRead === totalElements;
	return allPages && allItems;
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
