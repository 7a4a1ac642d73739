// Finds secrets in text: each transcript × each secret, reported without printing the secret itself.

export interface Transcript {
	label: string;
	text: string;
}

/** [{ label, text }] × secrets → ["<label>: secret #<n> (<length> chars)"] for every occurrence. */
export function scanForSecrets(transcripts: Transcript[], secrets: unknown[]): string[] {
	const hits: string[] = [];
	const wanted = [
		...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6)),
	];
	for (const { label, text } of transcripts) {
		wanted.forEach((secret, index) => {
			if (text.includes(secret)) hits.push(`${label}: secret #${index} (${secret.length} chars)`);
		});
	}
	return hits;
}
