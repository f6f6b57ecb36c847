import { createHmac } from 'crypto';

import { splitKey } from '../home';

/**
 * Where a key lives in Redis: under n8n's queue prefix and this package's name, the account in
 * braces (a Redis Cluster then keeps one account's keys in one slot, as the Lua scripts need), and a
 * subject (an email, a user) only as an HMAC-SHA-256 keyed with the account, so that whoever reads
 * the Redis learns no hire.
 */
export function redisKey(prefix: string, key: string, kind: string): string {
	const { account, subject } = splitKey(key);
	const hidden = subject === '' ? '' : `:${createHmac('sha256', account).update(subject).digest('base64url')}`;
	return `${prefix}{${account}}:${kind}${hidden}`;
}

/** The rate budget's four keys, in the order the Lua scripts take them. */
export function budgetKeys(prefix: string, account: string): string[] {
	return ['budget', 'flight', 'minute', 'burst'].map((kind) => redisKey(prefix, account, kind));
}
