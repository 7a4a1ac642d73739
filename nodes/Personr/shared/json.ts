import type { IDataObject } from 'n8n-workflow';

/** A JSON object: not null, not an array. */
export function isPlainObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` when it is a JSON object, otherwise undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
	return isPlainObject(value) ? value : undefined;
}

/** The value `text` holds as JSON, or undefined when it is no JSON. */
export function parsedJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}
