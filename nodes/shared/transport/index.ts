/**
 * What the transport offers: the only code that knows Help Scout's address and the credential,
 * sends, renews tokens, retries, waits on the account's rate limits and words Help Scout's errors.
 */
export type { HelpScoutContext } from './address';
export { API_BASE_URL, cancelSignal, CREDENTIAL_TYPE, credentialKey, helpScoutUrl } from './address';
export { headerValue } from './headers';
export type { HalPage, ListRead } from './list';
export { helpScoutList, readHelpScoutList } from './list';
export { pause } from './pause';
export type { AttemptCount, SendingPolicy } from './policy';
export { backoffMs, DEFAULT_SENDING_POLICY } from './policy';
export type { HelpScoutRequest } from './request';
export { helpScoutRequest } from './request';
export type { HelpScoutResponse } from './sendOnce';
