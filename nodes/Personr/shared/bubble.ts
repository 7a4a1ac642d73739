// How Personr (a Bubble.io app) words its failures, shared by the login and by every other call.

import { asRecord } from './json';

/** Longest part of Personr's own words quoted in an error: n8n stores errors with the execution. */
const MAX_REASON_LENGTH = 300;

export function clipped(text: string): string {
	return text.length <= MAX_REASON_LENGTH ? text : `${text.slice(0, MAX_REASON_LENGTH)}…`;
}

/**
 * Personr (Bubble) reports failures in three shapes: top-level `reason`/`message`, nested
 * `body.status`/`body.message`, and the auth layer's `error_class`/`translation`. Also
 * `{"status":"error","response":"..."}` with HTTP 200.
 */
export function personrReason(body: unknown): string | undefined {
	const record = asRecord(body);
	if (record === undefined)
		return typeof body === 'string' && body.trim() !== '' && !/^\s*</.test(body)
			? body.trim()
			: undefined;
	const nested = asRecord(record.body);
	if (record.status === 'error') {
		if (typeof record.response === 'string' && record.response !== '') return record.response;
		// api-add-ubo lists its problems next to the UBOs linked so far.
		const listed = Array.isArray(record.errors)
			? record.errors.filter((item) => typeof item === 'string' && item !== '')
			: [];
		if (listed.length > 0) return listed.join('; ');
	}
	const message = [record.message, nested?.message, record.translation].find(
		(value) => typeof value === 'string' && value !== '',
	);
	const code = [record.reason, nested?.status, record.error_class].find(
		(value) => typeof value === 'string' && value !== '',
	);
	if (message === undefined && code === undefined) return undefined;
	return [message, code === undefined ? undefined : `(${String(code)})`]
		.filter((part) => part !== undefined)
		.join(' ');
}

export const NETWORK_REASONS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ENOTFOUND: 'the host name could not be resolved',
	EAI_AGAIN: 'the host name could not be resolved',
	ECONNRESET: 'the connection was reset',
	EHOSTUNREACH: 'the host is unreachable',
	ECONNABORTED: 'the request timed out',
	ETIMEDOUT: 'the request timed out',
	CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
	DEPTH_ZERO_SELF_SIGNED_CERT: "the server's TLS certificate is self-signed",
};
