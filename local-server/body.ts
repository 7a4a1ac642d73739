/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- the local server, not a node: it reads Node's HTTP requests, and its errors become HTTP replies */
import type { IncomingMessage } from 'http';

import type { Params } from './types';

export const MAX_BODY_BYTES = 50 * 1024 * 1024;

export class BodyError extends Error {
	constructor(
		message: string,
		readonly status = 400,
	) {
		super(message);
	}
}

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit) {
				reject(new BodyError('Request body too large', 413));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/**
 * Bubble accepts JSON, urlencoded and multipart bodies (its docs show multipart);
 * `docFile[filename]`-style keys become nested objects and repeated keys become lists.
 */
export function parseBody(raw: Buffer, contentType: string | undefined): Params {
	if (raw.length === 0) return {};
	const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
	if (type === 'multipart/form-data') return parseMultipart(raw, contentType ?? '');
	// curl --data sends the JSON text of Personr's upload example with this type.
	if (type === 'application/x-www-form-urlencoded') return parseJsonOrForm(raw.toString('utf8'));
	if (type === 'application/json' || type.endsWith('+json')) return parseJson(raw.toString('utf8'));
	return parseJsonOrForm(raw.toString('utf8'));
}

function parseJsonOrForm(text: string): Params {
	if (!text.trimStart().startsWith('{')) return parseForm(text);
	try {
		return parseJson(text);
	} catch {
		return parseForm(text);
	}
}

function parseJson(text: string): Params {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw new BodyError('Could not parse the JSON body');
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw new BodyError('The JSON body must be an object');
	}
	return value as Params;
}

function parseForm(text: string): Params {
	const params: Params = {};
	for (const [key, value] of new URLSearchParams(text)) assign(params, key, value);
	return params;
}

function parseMultipart(raw: Buffer, contentType: string): Params {
	const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
	const marker = boundary?.[1] ?? boundary?.[2]?.trim();
	if (!marker) throw new BodyError('Multipart body without a boundary');
	const params: Params = {};
	// latin1 maps bytes 1:1 to chars, so binary parts survive the string split.
	const parts = raw.toString('latin1').split(`--${marker}`);
	for (const part of parts.slice(1)) {
		if (part.startsWith('--')) break;
		const headerEnd = part.indexOf('\r\n\r\n');
		if (headerEnd < 0) continue;
		const headers = part.slice(0, headerEnd);
		const content = Buffer.from(part.slice(headerEnd + 4).replace(/\r\n$/, ''), 'latin1');
		const name = /name="([^"]*)"/i.exec(headers)?.[1];
		if (name === undefined) continue;
		const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
		const fieldName = Buffer.from(name, 'latin1').toString('utf8');
		if (filename === undefined) {
			assign(params, fieldName, content.toString('utf8'));
		} else {
			// A real file part stands for Bubble's file object.
			const file = {
				filename: Buffer.from(filename, 'latin1').toString('utf8'),
				contents: content.toString('base64'),
			};
			assign(params, fieldName, file);
		}
	}
	return params;
}

function assign(params: Params, key: string, value: unknown): void {
	const nested = /^([^[\]]+)\[([^[\]]+)\]$/.exec(key);
	if (nested) {
		const [, outer, inner] = nested as unknown as [string, string, string];
		const existing = params[outer];
		const target =
			existing !== null && typeof existing === 'object' && !Array.isArray(existing)
				? (existing as Params)
				: {};
		target[inner] = value;
		params[outer] = target;
		return;
	}
	const bare = key.endsWith('[]') ? key.slice(0, -2) : key;
	if (!(bare in params)) {
		params[bare] = key.endsWith('[]') ? [value] : value;
		return;
	}
	const existing = params[bare];
	params[bare] = Array.isArray(existing) ? [...(existing as unknown[]), value] : [existing, value];
}

const REDACTED = '[redacted]';

/** Copies a parsed body for the request log with every password-like field blanked. */
export function redactBody(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(redactBody);
	if (value === null || typeof value !== 'object') return value;
	const copy: Params = {};
	for (const [key, inner] of Object.entries(value as Params)) {
		copy[key] = /password|secret/i.test(key) ? REDACTED : redactBody(inner);
	}
	return copy;
}

/** Keeps only the scheme of Authorization so recorded requests never hold credentials. */
export function redactHeaders(
	headers: IncomingMessage['headers'],
): Record<string, string | string[] | undefined> {
	const copy: Record<string, string | string[] | undefined> = { ...headers };
	for (const name of ['authorization', 'proxy-authorization']) {
		const value = copy[name];
		if (typeof value === 'string') {
			const scheme = value.trim().split(/\s+/)[0] ?? '';
			copy[name] = scheme && value.trim().includes(' ') ? `${scheme} ${REDACTED}` : REDACTED;
		}
	}
	return copy;
}
