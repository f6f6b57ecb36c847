import type { IDataObject } from 'n8n-workflow';

import type { HelpScoutContext, SendingPolicy } from './transport';
import { cancelSignal, credentialKey, DEFAULT_SENDING_POLICY, helpScoutRequest } from './transport';
import { helpScoutError } from './transport/errors';
import { settledOrStopped } from './transport/pause';
import type { KnownAccount } from './state/accounts';
import { rememberAccount, rememberedAccount } from './state/accounts';

/**
 * The Help Scout account behind a credential. Help Scout's limits are the account's, shared by
 * every app and credential of it, and so are the promises this package makes across executions
 * (one `created: true` per hire, one hand-over of a leaver at a time): two workflows with two apps
 * of one account must take turns as one. The account is what `GET /v2/users/me` says: its
 * `companyId`, with the user the credential acts as.
 */
export type HelpScoutAccount = KnownAccount;

export { ACCOUNT_TTL_MS } from './state/accounts';

const learning = new Map<string, Promise<HelpScoutAccount>>();

function positiveInteger(value: unknown): number | undefined {
	const number = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
	return typeof number === 'number' && Number.isSafeInteger(number) && number > 0 ? number : undefined;
}

/**
 * The account a `/users/me` answer names. An answer without a sane `companyId` (a proxy's page, a
 * changed API) leaves the credential as its own account: one odd answer never files a credential
 * under someone else's account.
 */
export function accountFromMe(credential: string, me: unknown): HelpScoutAccount {
	const body = (typeof me === 'object' && me !== null ? me : {}) as IDataObject;
	const companyId = positiveInteger(body.companyId);
	const userId = positiveInteger(body.id);
	return { key: companyId === undefined ? `credential:${credential}` : `account:${companyId}`, companyId, userId };
}

/** Reads `GET /v2/users/me` now and remembers the account for the credential. */
export async function learnAccount(context: HelpScoutContext, policy: SendingPolicy = DEFAULT_SENDING_POLICY): Promise<HelpScoutAccount> {
	const credential = credentialKey(context.getNode());
	const { body } = await helpScoutRequest.call(context, { method: 'GET', path: '/users/me', policy });
	const account = accountFromMe(credential, body);
	rememberAccount(credential, account);
	return account;
}

/**
 * The credential's account, as last learned within ACCOUNT_TTL_MS, else learned now; executions
 * that ask at once share one read.
 */
export async function accountOf(context: HelpScoutContext, policy: SendingPolicy = DEFAULT_SENDING_POLICY): Promise<HelpScoutAccount> {
	const credential = credentialKey(context.getNode());
	const remembered = rememberedAccount(credential);
	if (remembered) return remembered;
	const pending = learning.get(credential);
	if (pending) {
		// Another execution's read may take its whole timeout: this one's Stop is heard meanwhile.
		if (!(await settledOrStopped(pending, cancelSignal(context)))) throw helpScoutError(context.getNode(), { kind: 'cancelled' });
		try {
			return await pending;
		} catch {
			// The other execution's read failed or was stopped: this one asks for itself.
			return await learnAccount(context, policy);
		}
	}
	const read = learnAccount(context, policy).finally(() => learning.delete(credential));
	learning.set(credential, read);
	return await read;
}
