import type { IDataObject } from 'n8n-workflow';

import type { HelpScoutContext, SendingPolicy } from './index';
import { helpScoutRequest } from './index';

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
	options: { qs?: IDataObject; limit?: number; policy?: SendingPolicy } = {},
): Promise<IDataObject[]> {
	const items: IDataObject[] = [];
	let next: string | undefined = path;
	let qs = options.qs;
	while (next !== undefined && (options.limit === undefined || items.length < options.limit)) {
		const { body } = await helpScoutRequest.call(this, {
			method: 'GET',
			path: next,
			qs,
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
