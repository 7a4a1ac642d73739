import { createHmac, randomBytes } from 'crypto';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { checkBaseUrl } from './baseUrl';
import type { HttpRequester, PersonrAccount, PersonrLoginMethod, PersonrToken } from './login';
import { LOGIN_TIMEOUT_MS, logIn, PersonrLoginError, tokenAccepted } from './login';

/*
 * Personr invalidates an account's previous token whenever it issues a new one, and n8n lets
 * every failing request log in on its own. Left alone, parallel requests holding a stale token
 * log in once each and knock each other's token out. This module is the one place that logs in:
 * per account and n8n process it keeps the newest token and the login in flight, so concurrent
 * callers share one login and a caller holding an outdated token is handed the newer one.
 */

/** A token obtained or confirmed this recently is trusted even if a request holding it was just rejected: that request raced the renewal. */
export const FRESH_TOKEN_MS = 10_000;
/** A failed login is answered from memory for this long, so a broken password cannot start a login storm. */
export const FAILED_LOGIN_MEMORY_MS = 5_000;
const MAX_ACCOUNTS = 100;

export type TokenNeed =
	/** The credential's own token unless a newer one exists; logs in only when there is none. */
	| { kind: 'current' }
	/** The caller's token is missing or was rejected: a newer token, or a new login. */
	| { kind: 'replaceRejected' }
	/** A token obtained after `time` (epoch ms): forces one login per such request, shared by concurrent callers. */
	| { kind: 'newerThan'; time: number };

interface AccountState {
	latest?: PersonrToken;
	/** Epoch ms when `latest` was obtained or last found accepted by Personr. */
	confirmedAt: number;
	inFlight?: Promise<PersonrToken>;
	lastFailure?: { at: number; error: PersonrLoginError };
}

// Keyed by an HMAC with a per-process random key, so neither the password nor an offline-guessable hash of it is kept.
const keySecret = randomBytes(32);
const accounts = new Map<string, AccountState>();

function accountKey(account: PersonrAccount): string {
	return createHmac('sha256', keySecret)
		.update(JSON.stringify([account.baseUrl, account.email.toLowerCase(), account.password]))
		.digest('hex');
}

export function accountFromCredentials(credentials: ICredentialDataDecryptedObject): PersonrAccount {
	const email = String(credentials.email ?? '').trim();
	const password = String(credentials.password ?? '');
	const loginMethod = (credentials.loginMethod as PersonrLoginMethod | undefined) ?? 'basicAuth';
	const missing = [email === '' ? 'Email' : '', password === '' ? 'Password' : ''].filter((field) => field !== '');
	if (missing.length > 0) {
		throw new PersonrLoginError(
			'configuration',
			`The Personr API credential has no ${missing.join(' and no ')}. Open the credential and fill in the Personr account's login.`,
		);
	}
	if (loginMethod !== 'basicAuth' && loginMethod !== 'bodyParameters') {
		throw new PersonrLoginError('configuration', `Unknown login method "${String(loginMethod)}" in the Personr API credential.`);
	}
	const base = checkBaseUrl(credentials);
	if ('problem' in base) throw new PersonrLoginError('configuration', base.problem);
	return { baseUrl: base.baseUrl, email, password, loginMethod };
}

/** The token the credential carries, if it has one that has not expired by its own recorded expiry. */
export function tokenHeldBy(credentials: ICredentialDataDecryptedObject, now = Date.now()): PersonrToken | undefined {
	const token = typeof credentials.token === 'string' ? credentials.token : '';
	if (token === '') return undefined;
	const expiresAt = Date.parse(String(credentials.expiresAt ?? ''));
	if (Number.isFinite(expiresAt) && expiresAt <= now) return undefined;
	const issued = Date.parse(String(credentials.issuedAt ?? ''));
	return {
		token,
		userId: typeof credentials.userId === 'string' ? credentials.userId : '',
		// An unknown age counts as oldest: a token this process obtained since then is surely newer.
		issuedAt: Number.isFinite(issued) ? issued : 0,
		expiresAt: Number.isFinite(expiresAt) ? expiresAt : Number.POSITIVE_INFINITY,
	};
}

/** The credential fields preAuthentication returns; n8n persists them with the credential. */
export function credentialFields(token: PersonrToken): IDataObject {
	return {
		token: token.token,
		userId: token.userId,
		expiresAt: new Date(token.expiresAt).toISOString(),
		issuedAt: new Date(token.issuedAt).toISOString(),
	};
}

function stateFor(key: string, now: number): AccountState {
	let state = accounts.get(key);
	if (state === undefined) {
		state = { confirmedAt: 0 };
		evictLeastRecentlyUsed();
	} else {
		accounts.delete(key);
	}
	// Re-inserting keeps the map in least-recently-used order.
	accounts.set(key, state);
	if (state.latest !== undefined && state.latest.expiresAt <= now) state.latest = undefined;
	return state;
}

function evictLeastRecentlyUsed(): void {
	for (const [key, state] of accounts) {
		if (accounts.size < MAX_ACCOUNTS) return;
		if (state.inFlight === undefined) accounts.delete(key);
	}
}

function isBehind(held: PersonrToken | undefined, latest: PersonrToken): boolean {
	if (held === undefined) return true;
	if (held.token === latest.token) return false;
	// A token newer than ours came from another process (e.g. a queue-mode worker): ours is the dead one.
	return held.issuedAt <= latest.issuedAt;
}

/**
 * One renewal in flight per account, shared by every caller. A candidate token is checked first: the
 * HTTP Request node asks for a new token after any error (a 404, a bad parameter), and logging in then
 * would kill a good token for everyone else using this Personr user.
 */
function startRenewal(
	state: AccountState,
	http: HttpRequester,
	account: PersonrAccount,
	candidate: PersonrToken | undefined,
	timeoutMs: number,
): Promise<PersonrToken> {
	if (state.lastFailure !== undefined && Date.now() - state.lastFailure.at < FAILED_LOGIN_MEMORY_MS) {
		return Promise.reject(state.lastFailure.error);
	}
	const renewal = (async () => {
		if (candidate !== undefined && (await tokenAccepted(http, account, candidate.token, timeoutMs))) {
			remember(state, candidate);
			return candidate;
		}
		return await logIn(http, account, timeoutMs).then(
			(token) => {
				remember(state, token);
				state.lastFailure = undefined;
				return token;
			},
			(error: unknown) => {
				if (error instanceof PersonrLoginError) state.lastFailure = { at: Date.now(), error };
				throw error;
			},
		);
	})();
	state.inFlight = renewal;
	const clear = () => {
		if (state.inFlight === renewal) state.inFlight = undefined;
	};
	renewal.then(clear, clear);
	return renewal;
}

function remember(state: AccountState, token: PersonrToken): void {
	state.latest = token;
	state.confirmedAt = Date.now();
}

/**
 * The single entry point for tokens, shared by the credential's preAuthentication and the node.
 * Renews at most once at a time per account; callers behind the newest token get it without a login.
 */
export async function acquireToken(
	http: HttpRequester,
	credentials: ICredentialDataDecryptedObject,
	need: TokenNeed,
	loginTimeoutMs = LOGIN_TIMEOUT_MS,
): Promise<PersonrToken> {
	const account = accountFromCredentials(credentials);
	const now = Date.now();
	const state = stateFor(accountKey(account), now);
	// A renewal in flight may invalidate whatever token the caller holds: everyone waits for it.
	if (state.inFlight !== undefined) return await state.inFlight;

	const held = tokenHeldBy(credentials, now);
	const latest = state.latest;
	if (need.kind === 'newerThan') {
		if (latest !== undefined && latest.issuedAt > need.time) return latest;
		return await startRenewal(state, http, account, undefined, loginTimeoutMs);
	}
	if (latest !== undefined && isBehind(held, latest)) return latest;
	if (need.kind === 'current' && held !== undefined) return held;
	// Just obtained or confirmed: a rejection of it came from a request that raced the renewal.
	if (latest !== undefined && held?.token === latest.token && now - state.confirmedAt < FRESH_TOKEN_MS) return latest;
	return await startRenewal(state, http, account, held, loginTimeoutMs);
}

/** Forgets every account; for tests that need a fresh n8n process. */
export function forgetAllAccounts(): void {
	accounts.clear();
}
