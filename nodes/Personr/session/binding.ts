import { createHmac, randomBytes, scrypt } from 'crypto';

import { LruMap } from '../shared/lru';
import type { PersonrAccount } from './login';

/*
 * A saved token must only ever be used for the account that obtained it: n8n keeps the hidden,
 * password-typed token across credential edits, so after the Email or Password changes the old
 * account's token is still stored next to the new login. The token is therefore saved with a
 * fingerprint of the account. It is a scrypt of the account with the token as salt: guessing the
 * password from it needs the token too, and every guess costs a scrypt.
 */

const SCRYPT = { N: 4_096, r: 8, p: 1 };
const FINGERPRINT_BYTES = 24;
const MAX_REMEMBERED = 500;

// Remembered per process so that signing a request costs a map lookup, not a scrypt; keyed by an
// HMAC with a per-process random key, so the map holds neither passwords nor guessable hashes of them.
const processKey = randomBytes(32);
const remembered = new LruMap<string, Promise<string>>(MAX_REMEMBERED);

function accountText(account: PersonrAccount): string {
	return JSON.stringify([
		account.baseUrl,
		account.email.toLowerCase(),
		account.password,
		account.loginMethod,
	]);
}

/** The process-local key of an account: equal for equal logins, useless outside this process. */
export function accountKey(account: PersonrAccount): string {
	return createHmac('sha256', processKey).update(accountText(account)).digest('hex');
}

/** The fingerprint saved next to `token`, binding it to `account`. */
export async function accountFingerprint(token: string, account: PersonrAccount): Promise<string> {
	const key = createHmac('sha256', processKey)
		.update(token)
		.update('\0')
		.update(accountText(account))
		.digest('hex');
	const known = remembered.get(key);
	if (known !== undefined) return await known;
	// The promise is remembered, so that concurrent requests share one derivation.
	const fingerprint = new Promise<string>((resolve, reject) =>
		scrypt(accountText(account), token, FINGERPRINT_BYTES, SCRYPT, (error, value) =>
			error ? reject(error) : resolve(value.toString('base64url')),
		),
	);
	remembered.set(key, fingerprint);
	return await fingerprint;
}
