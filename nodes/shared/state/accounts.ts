/**
 * The account each credential was last seen to belong to, kept apart from account.ts (which asks
 * Help Scout through the transport) so that the transport can key the rate budget by it without
 * importing its own caller.
 */
export interface KnownAccount {
	/** What per-account state is keyed by: `account:<companyId>`, or `credential:<id>` while unknown. */
	key: string;
	/** Help Scout's company ID; undefined when the answer did not name one. */
	companyId?: number;
	/** The user the credential acts as. */
	userId?: number;
}

/**
 * Learned once per credential and kept this long: a credential reconnected to another account is
 * seen within it (the trigger reads the account afresh on every poll instead).
 */
export const ACCOUNT_TTL_MS = 10 * 60_000;
/** At most this many credentials remembered; the oldest are forgotten first. */
const MAX_ACCOUNTS = 1_000;

const known = new Map<string, { account: KnownAccount; learnedAt: number }>();

/** The credential's account as learned within ACCOUNT_TTL_MS. */
export function rememberedAccount(credential: string): KnownAccount | undefined {
	const remembered = known.get(credential);
	return remembered && Date.now() - remembered.learnedAt < ACCOUNT_TTL_MS ? remembered.account : undefined;
}

/** Only an account Help Scout named is kept: the fallback is asked about again next time. */
export function rememberAccount(credential: string, account: KnownAccount): void {
	known.delete(credential);
	if (account.companyId !== undefined) known.set(credential, { account, learnedAt: Date.now() });
	while (known.size > MAX_ACCOUNTS) known.delete(known.keys().next().value as string);
}

/** What the credential's state is keyed by: its account once known, else the credential itself. */
export function accountKeyOf(credential: string): string {
	return rememberedAccount(credential)?.key ?? `credential:${credential}`;
}
