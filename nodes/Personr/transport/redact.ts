export const REDACTED = '[redacted]';

// Bubble echoes a rejected token in its 401 body; Authorization values can surface in request dumps.
const SECRET_PATTERNS: RegExp[] = [
	/(Invalid or expired token:\s*)\S+/gi,
	/(Bearer\s+)[^\s"',}]+/gi,
	/(Basic\s+)[A-Za-z0-9+/=]+/gi,
];

/** Removes every known secret and every token-shaped fragment Personr is known to echo. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
	let redacted = text;
	for (const secret of secrets) {
		// Very short values would blank out ordinary words; such a value is no real secret anyway.
		if (secret !== undefined && secret.length >= 4) redacted = redacted.split(secret).join(REDACTED);
	}
	for (const pattern of SECRET_PATTERNS) redacted = redacted.replace(pattern, `$1${REDACTED}`);
	return redacted;
}
