import { createHash, timingSafeEqual } from 'crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export interface WebhookSecret {
	/** Lower case, as Node.js keys incoming headers. */
	headerName: string;
	token: string;
}

// RFC 9110 field-name characters: a name outside this set can never arrive in a request.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Line breaks and other controls cannot be carried in a header value; a tab can. */
function hasControlCharacter(value: string): boolean {
	for (let index = 0; index < value.length; index++) {
		const code = value.charCodeAt(index);
		if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
	}
	return false;
}

/**
 * The header name and token to expect, or why they could never match a request. Used both when
 * a notification arrives and by the credential's Test button.
 */
export function readWebhookSecret(data: ICredentialDataDecryptedObject): WebhookSecret | string {
	// HTTP drops the whitespace around a header value, and a token copied from a dashboard often has some.
	const headerName = typeof data.headerName === 'string' ? data.headerName.trim() : '';
	const token = typeof data.token === 'string' ? data.token.trim() : '';
	if (headerName === '') return 'Enter the name of the header Personr sends its webhook token in';
	if (!HEADER_NAME.test(headerName)) return `"${headerName}" is not a valid HTTP header name`;
	if (token === '') return 'Enter the webhook token Personr generated';
	if (hasControlCharacter(token)) {
		return 'The token contains a line break or another control character, which no HTTP header can carry';
	}
	return { headerName: headerName.toLowerCase(), token };
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Compares in constant time. Hashing first gives both sides the same length, which
 * timingSafeEqual requires, so not even the token's length leaks.
 */
export function tokenMatches(headers: Record<string, unknown>, secret: WebhookSecret): boolean {
	const received = headers[secret.headerName];
	if (typeof received !== 'string') return false;
	return timingSafeEqual(digest(received), digest(secret.token));
}

/** What the trigger keeps of a token Personr generated: enough to recognise it, nothing to send it with. */
export function tokenDigest(token: string): string {
	return digest(token).toString('hex');
}

/** Whether the request carries `Authorization: Bearer <the token whose digest is kept>` (the scheme in any case). */
export function bearerMatches(headers: Record<string, unknown>, keptDigest: string): boolean {
	const kept = Buffer.from(keptDigest, 'hex');
	const authorization = headers.authorization;
	if (typeof authorization !== 'string' || kept.length !== 32) return false;
	const token = /^Bearer +(\S+) *$/i.exec(authorization)?.[1];
	return token !== undefined && timingSafeEqual(digest(token), kept);
}
