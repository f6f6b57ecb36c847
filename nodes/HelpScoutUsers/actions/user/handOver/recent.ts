/**
 * Conversations that hand-overs of a leaver changed lately in this process, by Help Scout account
 * and leaver. Help Scout's conversation list lags behind the PATCHes: the next hand-over of the
 * same leaver (to another lead, from another workflow) would read them as still the leaver's and
 * change them again. What it names is read (`GET /v2/conversations/{id}`) before it is changed.
 */
const recent = new Map<string, { at: number; ids: number[] }>();

/** Longer than any lag of the list seen; after that the list itself is up to date. */
const RECENT_MS = 10 * 60_000;
/** At most this many leavers, and conversations each, remembered; the oldest go first. */
const MAX_LEAVERS = 1_000;
const MAX_PER_LEAVER = 10_000;

export function recentlyHandedOver(key: string): ReadonlySet<number> {
	const entry = recent.get(key);
	if (entry && Date.now() - entry.at <= RECENT_MS) return new Set(entry.ids);
	recent.delete(key);
	return new Set();
}

export function rememberHandedOver(key: string, ids: Iterable<number>): void {
	const kept = [...new Set([...recentlyHandedOver(key), ...ids])].slice(-MAX_PER_LEAVER);
	recent.delete(key);
	if (kept.length > 0) recent.set(key, { at: Date.now(), ids: kept });
	while (recent.size > MAX_LEAVERS) recent.delete(recent.keys().next().value as string);
}
