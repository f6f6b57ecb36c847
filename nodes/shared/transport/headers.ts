import type { IDataObject } from 'n8n-workflow';

/** A response header by name, whatever its case. */
export function headerValue(headers: IDataObject | undefined, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (key.toLowerCase() === wanted && value !== undefined && value !== null) {
			return String(Array.isArray(value) ? value[0] : value);
		}
	}
	return undefined;
}

/**
 * A header that holds a whole number of zero or more, such as the rate-limit ones, written as
 * Help Scout writes them: decimal digits only. `0x10`, `1e308`, `-1`, `2.5` and dates are not
 * Help Scout's, and one odd answer must not steer the credential's budget.
 */
export function headerNumber(headers: IDataObject | undefined, name: string): number | undefined {
	const text = headerValue(headers, name)?.trim();
	return text !== undefined && /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}
