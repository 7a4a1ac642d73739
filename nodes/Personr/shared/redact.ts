export const REDACTED = '[redacted]';

// Bubble echoes a rejected token in its 401 body; Authorization values can surface in request dumps.
const SECRET_PATTERNS: RegExp[] = [
	/(Invalid or expired token:\s*)\S+/gi,
	/(Bearer\s+)[^\s"',}]+/gi,
	/(Basic\s+)[A-Za-z0-9+/=]+/gi,
];

/**
 * Every spelling of `secret` this package writes, so that a server quoting a request back cannot show it
 * either: as is, form-encoded (the Body Parameters login, form bodies), percent-encoded, JSON-escaped.
 */
function spellings(secret: string): string[] {
	return [
		secret,
		new URLSearchParams({ s: secret }).toString().slice('s='.length),
		encodeURIComponent(secret),
		JSON.stringify(secret).slice(1, -1),
	];
}

/** Removes every known secret, in each of its spellings, and every token-shaped fragment Personr is known to echo. */
export function redactSecrets(
	text: string,
	secrets: ReadonlyArray<string | undefined> = [],
): string {
	const known = secrets
		// Very short values would blank out ordinary words; such a value is no real secret anyway.
		.flatMap((secret) => (secret === undefined || secret.length < 4 ? [] : spellings(secret)))
		// Longest first: a spelling that contains another is removed whole, not left half-redacted.
		.sort((a, b) => b.length - a.length);
	let redacted = text;
	for (const spelling of known) redacted = redacted.split(spelling).join(REDACTED);
	for (const pattern of SECRET_PATTERNS) redacted = redacted.replace(pattern, `$1${REDACTED}`);
	return redacted;
}
