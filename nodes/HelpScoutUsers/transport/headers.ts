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

/** A header that holds a number of zero or more, such as the rate-limit ones. */
export function headerNumber(headers: IDataObject | undefined, name: string): number | undefined {
	const text = headerValue(headers, name);
	const value = Number(text);
	return text !== undefined && text.trim() !== '' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
