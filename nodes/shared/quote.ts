/**
 * How a message shows a value the user gave or Help Scout echoed: an expression can hand over a
 * megabyte, and a message that holds it whole buries the sentence, the execution log and the
 * error output. Messages show such values through `quote` (a value) or `clip` (Help Scout's text).
 */

/** At most this many characters of a value are shown; the rest is summed up by its length. */
export const SHOWN_MAX = 100;

/**
 * A character as a message shows it: escaped as JSON escapes it (controls such as a line break,
 * a lone half of a surrogate pair, and inside quotes `"` and `\`), so a value cannot break the
 * message's lines or quotes.
 */
function escaped(char: string, inQuotes: boolean): string {
	if (!inQuotes && (char === '"' || char === '\\')) return char;
	return JSON.stringify(char).slice(1, -1);
}

/**
 * The first SHOWN_MAX characters of `text` as shown (an escape counts as the characters it shows),
 * whether that is all of it, and its length. Characters are code points, as a reader counts them:
 * an emoji is one, and is never cut in half.
 */
function excerpt(text: string, inQuotes: boolean): { shown: string; whole: boolean; length: number } {
	let shown = '';
	let shownLength = 0;
	let length = 0;
	let whole = true;
	for (const char of text) {
		length++;
		if (!whole) continue;
		const piece = escaped(char, inQuotes);
		// An escape is ASCII, so its length is what it shows; an unescaped char shows as one.
		const pieceLength = piece === char ? 1 : piece.length;
		if (shownLength + pieceLength > SHOWN_MAX) {
			whole = false;
		} else {
			shown += piece;
			shownLength += pieceLength;
		}
	}
	return { shown, whole, length };
}

function plural(length: number): string {
	return `${length} character${length === 1 ? '' : 's'}`;
}

/**
 * A value in double quotes, as a message shows it: `"abc"`, or when longer than SHOWN_MAX
 * characters its start and its length in characters (code points): `"abcdef…" (1048576 characters)`.
 */
export function quote(value: unknown): string {
	const { shown, whole, length } = excerpt(String(value), true);
	return whole ? `"${shown}"` : `"${shown}…" (${plural(length)})`;
}

/**
 * Help Scout's own wording (a field error, a path, a logRef), which may echo what was sent: as it
 * is when short, else its start and its length: `must be a well-formed email… (1048601 characters)`.
 */
export function clip(text: string): string {
	const { shown, whole, length } = excerpt(text, false);
	return whole ? shown : `${shown}… (${plural(length)})`;
}
