import type { IExecuteFunctions, ILoadOptionsFunctions, INode, IPollFunctions } from 'n8n-workflow';

/** The only place that knows Help Scout's address and this package's credential name. */
export const API_BASE_URL = 'https://api.helpscout.net/v2';
export const CREDENTIAL_TYPE = 'helpScoutUsersOAuth2Api';

export type HelpScoutContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/**
 * The credential a node uses: its token renewals are kept per credential, and the account it
 * belongs to (state/accounts.ts) keys the rest of the state.
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
