import type { IDataObject } from 'n8n-workflow';

import type { ErrorMessages } from './errors';
import type { HelpScoutContext } from './address';
import { cancelSignal } from './address';
import type { ListRead } from './list';
import { helpScoutList, readHelpScoutList } from './list';
import type { AttemptCount, SendingPolicy } from './policy';
import { DEFAULT_SENDING_POLICY } from './policy';
import { helpScoutRequest } from './request';
import type { HelpScoutResponse } from './sendOnce';

interface CallOptions {
	qs?: IDataObject;
	/** Messages that say more than the generic ones for this call, by HTTP status. */
	messages?: ErrorMessages;
}

/**
 * Help Scout's API as an operation sees it: one method per verb, with the item's sending policy
 * (attempts, waits, timeout, burst share) already in it, so no operation passes a policy along.
 * Whether a failed request goes again follows from its verb, in the transport: GET, PUT, PATCH
 * and DELETE are sent again after a doubt; a POST's doubt comes back as the error's
 * `mayHaveLanded` for the operation that owns the evidence.
 */
export interface HelpScoutApi {
	readonly policy: SendingPolicy;
	/** n8n's Stop for this execution, for an operation's own waits. */
	readonly signal?: AbortSignal;
	get(path: string, options?: CallOptions): Promise<HelpScoutResponse>;
	/** Every page of a HAL list (or up to `limit` items). */
	list(path: string, embeddedKey: string, options?: { qs?: IDataObject; limit?: number }): Promise<IDataObject[]>;
	/** Every page of a HAL list, and whether the read held together; read again up to `reads` times in all. */
	readList(path: string, embeddedKey: string, options?: { qs?: IDataObject; reads?: number }): Promise<ListRead>;
	put(path: string, body: IDataObject, options?: CallOptions): Promise<HelpScoutResponse>;
	/** `attempts.firstSentAt` tells afterwards whether any attempt left, e.g. one stopped on its way. */
	patch(
		path: string,
		body: IDataObject | IDataObject[],
		options?: CallOptions & { attempts?: AttemptCount },
	): Promise<HelpScoutResponse>;
	/** `attempts` counts the attempts of every POST that makes one thing, e.g. one create. */
	post(path: string, body: IDataObject, options?: CallOptions & { attempts?: AttemptCount }): Promise<HelpScoutResponse>;
}

export function helpScoutApi(context: HelpScoutContext, policy: SendingPolicy = DEFAULT_SENDING_POLICY): HelpScoutApi {
	const send = async (
		method: 'GET' | 'PUT' | 'PATCH' | 'POST',
		path: string,
		options: CallOptions & { body?: IDataObject | IDataObject[]; attempts?: AttemptCount } = {},
	) => await helpScoutRequest.call(context, { method, path, policy, ...options });
	return {
		policy,
		signal: cancelSignal(context),
		get: async (path, options) => await send('GET', path, options),
		list: async (path, embeddedKey, options = {}) =>
			await helpScoutList.call(context, path, embeddedKey, { ...options, policy }),
		readList: async (path, embeddedKey, options = {}) =>
			await readHelpScoutList.call(context, path, embeddedKey, { ...options, policy }),
		put: async (path, body, options) => await send('PUT', path, { ...options, body }),
		patch: async (path, body, options) => await send('PATCH', path, { ...options, body }),
		post: async (path, body, options) => await send('POST', path, { ...options, body }),
	};
}
