/** A Help Scout ID as a workflow may hand it over: a positive whole number, or its digits as text. */
export function toHelpScoutId(value: unknown): number | undefined {
	const given = typeof value === 'string' ? value.trim() : value;
	const id =
		typeof given === 'number' || (typeof given === 'string' && /^\d+$/.test(given)) ? Number(given) : NaN;
	return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** What to say of a value that is not a Help Scout ID; the one wording for every field. */
export function notAnId(value: unknown, kind: 'mailbox' | 'user'): string {
	return `"${String(value ?? '').trim()}" is not a ${kind} ID (a positive whole number)`;
}
