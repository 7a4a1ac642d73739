'use strict';
// Finds secrets in text: each transcript × each secret, reported without printing the secret itself.

/** [{ label, text }] × secrets → ["<label>: secret #<n> (<length> chars)"] for every occurrence. */
function scanForSecrets(transcripts, secrets) {
	const hits = [];
	const wanted = [...new Set(secrets.filter((s) => typeof s === 'string' && s.length >= 6))];
	for (const { label, text } of transcripts) {
		wanted.forEach((secret, index) => {
			if (text.includes(secret)) hits.push(`${label}: secret #${index} (${secret.length} chars)`);
		});
	}
	return hits;
}

module.exports = { scanForSecrets };
