import { randomInt } from 'crypto';
import {
	sleep,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IHttpRequestOptions,
} from 'n8n-workflow';

import { LruMap } from '../shared/lru';
import { checkBaseUrl } from './baseUrl';
import { accountFingerprint, accountKey } from './binding';
import type {
	HttpRequester,
	PersonrAccount,
	PersonrLoginMethod,
	PersonrToken,
	TokenVerdict,
} from './login';
import { checkToken, LOGIN_TIMEOUT_MS, logIn, loginSecrets, PersonrLoginError } from './login';

/*
 * Personr invalidates an account's previous token whenever it issues a new one, and n8n lets every
 * failing request log in on its own, in every process. This module is the one place that decides
 * which token a request gets and when to log in. Its rules:
 * - Evidence, never time: a token is handed out again after a failure only if Personr accepted it
 *   since (a check, or the login that produced it); tokens of different processes are never ordered
 *   by clocks, a check decides.
 * - One check or login at a time per account and process; everyone waiting shares its outcome,
 *   failures included, and only for as long as it is in flight.
 * - Across processes the database is the only channel: every request's `authenticate` sees the stored
 *   token, so a process learns of a token another worker saved; a login waits a short random time
 *   first, reads the database through a node run in flight if there is one (while every request of
 *   this process waits for the login, none signs and none would see it), and takes such a token
 *   instead when Personr accepts it.
 * - A saved token belongs to the account that obtained it (see binding.ts).
 */

/** A node sets this header (epoch ms) to ask for a token from a login started at or after that time; it is never sent. */
export const RENEWAL_HEADER = 'x-n8n-personr-renew-after';
/** Sent in place of a token that must not be used, so that Personr answers 401 and n8n asks the credential for one. */
const RENEWAL_PLACEHOLDER = 'n8n-personr-renewal-requested';

/** At most this many logins per account and process within LOGIN_WINDOW_MS: more fail at once, and say why. */
export const MAX_LOGINS_PER_WINDOW = 3;
export const LOGIN_WINDOW_MS = 30_000;
/** A login Personr refused for its email or password is answered from memory this long (a changed password is a new account). */
export const REFUSED_LOGIN_MEMORY_MS = 60_000;
/** Waits before the 2nd and 3rd try of a check that got no verdict (5xx, 429, HTML, redirect, network). */
const CHECK_RETRY_DELAYS_MS = [500, 1500];
const MAX_DECISIONS = 12;
const MAX_ACCOUNTS = 100;
const MAX_EVIDENCE = 32;

const renewalJitterMs = { min: 100, max: 900 };

/** The random wait before a login that may race another process; tests shorten it. */
export function setRenewalJitter(minMs: number, maxMs: number): void {
	renewalJitterMs.min = minMs;
	renewalJitterMs.max = Math.max(minMs, maxMs);
}

/** Reads the credential as it is stored now (a node run's `getCredentials`). */
export type StoredCredentialReader = () => Promise<ICredentialDataDecryptedObject>;

type Need = { kind: 'replace' } | { kind: 'loginSince'; time: number };

interface AccountState {
	/** Orders what this process learned: every check, login and reported rejection takes the next number. */
	seq: number;
	/** The newest token this process found good, and when the login that produced it started (if it did). */
	current?: { token: PersonrToken; loginStartedAt?: number };
	/** Token → seq of the last evidence that Personr accepted it (a login or a check). */
	accepted: Map<string, number>;
	/** Token → seq of the last evidence that Personr rejected it. */
	rejected: Map<string, number>;
	/** The last bound token a request read from the database: maybe saved by another process. */
	stored?: PersonrToken;
	/** Node runs in flight lend a way to read the database, which preAuthentication cannot. */
	readers: Set<StoredCredentialReader>;
	/** The one check or login in flight. */
	busy?: Promise<void>;
	/** Start times (epoch ms) of recent logins. */
	logins: number[];
	refused?: { at: number; error: PersonrLoginError };
	/** Why the last login failed, when it failed for a passing reason (reported, never replayed). */
	lastLoginFailure?: PersonrLoginError;
}

/** An account with a check or login in flight is never forgotten. */
const accounts = new LruMap<string, AccountState>(
	MAX_ACCOUNTS,
	(state) => state.busy !== undefined,
);
/** Credentials objects n8n has signed a request with: preAuthentication on one of those follows a failed request. */
const signed = new WeakSet<ICredentialDataDecryptedObject>();
/** Credentials objects whose request asked for a token from a login since a given time. */
const demands = new WeakMap<ICredentialDataDecryptedObject, number>();

export function accountFromCredentials(
	credentials: ICredentialDataDecryptedObject,
): PersonrAccount {
	const email = String(credentials.email ?? '').trim();
	const password = String(credentials.password ?? '');
	const loginMethod = (credentials.loginMethod as PersonrLoginMethod | undefined) ?? 'basicAuth';
	const missing = [email === '' ? 'Email' : '', password === '' ? 'Password' : ''].filter(
		(field) => field !== '',
	);
	if (missing.length > 0) {
		throw new PersonrLoginError(
			'configuration',
			`The Personr API credential has no ${missing.join(' and no ')}. Open the credential and fill in the Personr account's login.`,
		);
	}
	if (loginMethod !== 'basicAuth' && loginMethod !== 'bodyParameters') {
		throw new PersonrLoginError(
			'configuration',
			`Unknown login method "${String(loginMethod)}" in the Personr API credential.`,
		);
	}
	const base = checkBaseUrl(credentials);
	if ('problem' in base) throw new PersonrLoginError('configuration', base.problem);
	return { baseUrl: base.baseUrl, email, password, loginMethod };
}

/** What no message may show of a credential: its password, its Basic value and the token it holds now. */
export function credentialSecrets(credentials: ICredentialDataDecryptedObject): string[] {
	return [
		...loginSecrets(String(credentials.email ?? '').trim(), String(credentials.password ?? '')),
		String(credentials.token ?? ''),
	];
}

/** The saved token, if it belongs to this account and has not expired by its own recorded expiry. */
export async function savedToken(
	credentials: ICredentialDataDecryptedObject,
	account: PersonrAccount,
): Promise<PersonrToken | undefined> {
	const token = typeof credentials.token === 'string' ? credentials.token : '';
	if (token === '') return undefined;
	const expiresAt = Date.parse(String(credentials.expiresAt ?? ''));
	if (Number.isFinite(expiresAt) && expiresAt <= Date.now()) return undefined;
	if (credentials.tokenAccount !== (await accountFingerprint(token, account))) return undefined;
	return {
		token,
		userId: typeof credentials.userId === 'string' ? credentials.userId : '',
		expiresAt: Number.isFinite(expiresAt) ? expiresAt : Number.POSITIVE_INFINITY,
	};
}

/** The credential fields preAuthentication returns; n8n persists them with the credential. */
async function credentialFields(
	token: PersonrToken,
	account: PersonrAccount,
): Promise<IDataObject> {
	return {
		token: token.token,
		userId: token.userId,
		expiresAt: Number.isFinite(token.expiresAt) ? new Date(token.expiresAt).toISOString() : '',
		tokenAccount: await accountFingerprint(token.token, account),
	};
}

function stateFor(account: PersonrAccount): AccountState {
	const key = accountKey(account);
	let state = accounts.get(key);
	if (state === undefined) {
		state = { seq: 0, accepted: new Map(), rejected: new Map(), readers: new Set(), logins: [] };
		accounts.set(key, state);
	}
	return state;
}

function record(evidence: Map<string, number>, token: string, seq: number): void {
	evidence.delete(token);
	evidence.set(token, seq);
	if (evidence.size > MAX_EVIDENCE) evidence.delete(evidence.keys().next().value as string);
}

/** Seq of the evidence that Personr accepts `token` now, if the last evidence about it is an acceptance. */
function acceptedAt(state: AccountState, token: string): number | undefined {
	const accepted = state.accepted.get(token);
	if (accepted === undefined) return undefined;
	return accepted > (state.rejected.get(token) ?? -1) ? accepted : undefined;
}

function isRejected(state: AccountState, token: string): boolean {
	return state.rejected.has(token) && acceptedAt(state, token) === undefined;
}

type Step = { use: PersonrToken } | { run: () => Promise<void> };

/**
 * The next step for a caller holding `held` (missing, unbound or expired: undefined) that arrived
 * when the account's seq was `arrival`.
 */
function decide(
	state: AccountState,
	http: HttpRequester,
	account: PersonrAccount,
	held: PersonrToken | undefined,
	need: Need,
	arrival: number,
): Step {
	const current = state.current;
	if (need.kind === 'loginSince') {
		const fresh = current?.loginStartedAt !== undefined && current.loginStartedAt >= need.time;
		if (fresh && !isRejected(state, current.token.token)) return { use: current.token };
		return { run: () => login(state, http, account) };
	}
	// Something failed with the held token: it is handed back only if Personr accepted it since.
	if (held !== undefined && !isRejected(state, held.token)) {
		if ((acceptedAt(state, held.token) ?? -1) > arrival) return { use: held };
		return { run: () => check(state, http, account, held) };
	}
	if (current !== undefined && !isRejected(state, current.token.token)) {
		const good = acceptedAt(state, current.token.token) ?? -1;
		const heldDiedAt = held === undefined ? -1 : (state.rejected.get(held.token) ?? -1);
		// Good after the held token died, or after the caller came: newer knowledge than the caller's.
		if (held === undefined || good > heldDiedAt || good > arrival) return { use: current.token };
		return { run: () => check(state, http, account, current.token) };
	}
	return { run: () => renew(state, http, account, held) };
}

/** A token for the caller, running at most one check or login at a time per account. */
async function settle(
	state: AccountState,
	http: HttpRequester,
	account: PersonrAccount,
	held: PersonrToken | undefined,
	need: Need,
): Promise<PersonrToken> {
	const arrival = state.seq;
	for (let decisions = 0; decisions < MAX_DECISIONS; decisions++) {
		if (state.busy !== undefined) {
			// Shared while in flight, failures included: the callers waiting get the same outcome.
			await state.busy;
			continue;
		}
		const step = decide(state, http, account, held, need, arrival);
		if ('use' in step) return step.use;
		const busy = step.run();
		state.busy = busy;
		const clear = () => {
			if (state.busy === busy) state.busy = undefined;
		};
		busy.then(clear, clear);
		await busy;
	}
	throw new PersonrLoginError(
		'undecided',
		'Personr kept rejecting the tokens n8n obtained for this user. Another login for the same Personr user keeps replacing them: give n8n a dedicated Personr user.',
	);
}

async function verdictWithRetries(
	http: HttpRequester,
	account: PersonrAccount,
	token: string,
): Promise<TokenVerdict> {
	let verdict = await checkToken(http, account, token);
	for (const delay of CHECK_RETRY_DELAYS_MS) {
		if (verdict.kind !== 'undecided') return verdict;
		await sleep(delay);
		verdict = await checkToken(http, account, token);
	}
	return verdict;
}

/** Asks Personr about `candidate` and records the answer; an answer that proves nothing fails the callers, and changes nothing. */
async function check(
	state: AccountState,
	http: HttpRequester,
	account: PersonrAccount,
	candidate: PersonrToken,
): Promise<void> {
	const seq = ++state.seq;
	const verdict = await verdictWithRetries(http, account, candidate.token);
	if (verdict.kind === 'undecided') {
		throw new PersonrLoginError(
			'undecided',
			`Personr could not say whether the saved token is still valid (${verdict.why}), so n8n did not log in again and nothing was changed. Try again in a moment.`,
			verdict.why,
		);
	}
	if (verdict.kind === 'rejected') {
		record(state.rejected, candidate.token, seq);
		return;
	}
	record(state.accepted, candidate.token, seq);
	if (state.current?.token.token !== candidate.token) state.current = { token: candidate };
}

/**
 * A new token for a caller whose token is dead or missing. Another process may be logging in for the
 * same account right now, and its token reaches this process only through the database: wait a
 * little, and take a token a request has since read from there if Personr accepts it.
 */
async function renew(
	state: AccountState,
	http: HttpRequester,
	account: PersonrAccount,
	held: PersonrToken | undefined,
): Promise<void> {
	await sleep(randomInt(renewalJitterMs.min, renewalJitterMs.max + 1));
	await readStored(state, account);
	const seen = state.stored;
	if (seen !== undefined && seen.token !== held?.token && !isRejected(state, seen.token)) {
		const seq = ++state.seq;
		const verdict = await checkToken(http, account, seen.token);
		if (verdict.kind === 'accepted') {
			record(state.accepted, seen.token, seq);
			state.current = { token: seen };
			return;
		}
		if (verdict.kind === 'rejected') record(state.rejected, seen.token, seq);
	}
	await login(state, http, account);
}

/** Learns the token stored now through one lent reader, if any; a read that fails only means no news. */
async function readStored(state: AccountState, account: PersonrAccount): Promise<void> {
	const [reader] = state.readers;
	if (reader === undefined) return;
	const stored = await reader()
		.then(async (credentials) => await savedToken(credentials, account))
		.catch(() => undefined);
	if (stored !== undefined) state.stored = stored;
}

/**
 * Runs `call` (a node's request signed by `credentials`) while lending `reader` to the account's renewals in
 * this process.
 */
export async function lendingStoredReader<T>(
	credentials: ICredentialDataDecryptedObject,
	reader: StoredCredentialReader,
	call: () => Promise<T>,
): Promise<T> {
	let readers: Set<StoredCredentialReader>;
	try {
		readers = stateFor(accountFromCredentials(credentials)).readers;
	} catch {
		// An incomplete credential: the call itself fails with the reason.
		return await call();
	}
	readers.add(reader);
	try {
		return await call();
	} finally {
		readers.delete(reader);
	}
}

async function login(
	state: AccountState,
	http: HttpRequester,
	account: PersonrAccount,
): Promise<void> {
	const refused = state.refused;
	if (refused !== undefined && Date.now() - refused.at < REFUSED_LOGIN_MEMORY_MS) {
		throw new PersonrLoginError(refused.error.failure, refused.error.message, refused.error.reason);
	}
	state.logins = state.logins.filter((at) => Date.now() - at < LOGIN_WINDOW_MS);
	if (state.logins.length >= MAX_LOGINS_PER_WINDOW) {
		const window = `${state.logins.length} times in the last ${LOGIN_WINDOW_MS / 1000} s`;
		throw new PersonrLoginError(
			'loginLimit',
			state.lastLoginFailure !== undefined
				? `Personr's login failed ${window}; n8n holds off before trying again. Last attempt: ${state.lastLoginFailure.message}`
				: `n8n logged in to Personr ${window} for this user and Personr kept rejecting the new tokens: another login for the same Personr user keeps replacing them. Give n8n a dedicated Personr user.`,
		);
	}
	const seq = ++state.seq;
	const startedAt = Date.now();
	state.logins.push(startedAt);
	const token = await logIn(http, account, LOGIN_TIMEOUT_MS).catch((error: unknown) => {
		if (error instanceof PersonrLoginError) {
			if (error.transient) state.lastLoginFailure = error;
			else state.refused = { at: Date.now(), error };
		}
		return Promise.reject(error);
	});
	record(state.accepted, token.token, seq);
	state.current = { token, loginStartedAt: startedAt };
	state.refused = undefined;
	state.lastLoginFailure = undefined;
}

/**
 * The credential's preAuthentication. n8n calls it when the saved token is empty, after a request
 * failed (the HTTP Request node: after any error), and on Test. A Test is the only call made with a
 * saved token before any request was signed with it, and it always logs in: it has to prove the
 * email and password as they are now.
 */
export async function preAuthenticate(
	http: HttpRequester,
	credentials: ICredentialDataDecryptedObject,
): Promise<IDataObject> {
	const account = accountFromCredentials(credentials);
	const state = stateFor(account);
	const held = await savedToken(credentials, account);
	const demanded = demands.get(credentials);
	demands.delete(credentials);
	const testing = !signed.has(credentials) && String(credentials.token ?? '') !== '';
	const need: Need =
		demanded !== undefined
			? { kind: 'loginSince', time: demanded }
			: testing
				? { kind: 'loginSince', time: Date.now() }
				: { kind: 'replace' };
	const token = await settle(state, http, account, held, need);
	// A Test, or the credential's first token: the login only proves the email and password, so prove that
	// Personr's API accepts the token too; a 401, an HTML page or a 5xx there fails the Test with the reason.
	if (testing || held === undefined) await proveAccepted(state, http, account, token);
	return await credentialFields(token, account);
}

/** One proof per token, shared by everyone who needs it (many items may start with an empty token at once). */
const MAX_PROOFS = 32;
const proofs = new LruMap<string, Promise<TokenVerdict>>(MAX_PROOFS);

async function proveAccepted(
	state: AccountState,
	http: HttpRequester,
	account: PersonrAccount,
	token: PersonrToken,
): Promise<void> {
	let proof = proofs.get(token.token);
	if (proof === undefined) {
		const seq = ++state.seq;
		proof = verdictWithRetries(http, account, token.token).then((verdict) => {
			if (verdict.kind === 'rejected') record(state.rejected, token.token, seq);
			return verdict;
		});
		proofs.set(token.token, proof);
	}
	const verdict = await proof;
	if (verdict.kind === 'rejected') {
		throw new PersonrLoginError(
			'undecided',
			'Personr logged in but then rejected the new token. Another login for this Personr user may have replaced it: try again, and give n8n a dedicated Personr user.',
		);
	}
	if (verdict.kind === 'undecided') {
		throw new PersonrLoginError(
			'undecided',
			`Personr logged in, but its API gave no verdict on the new token (${verdict.why}). Check the credential's environment and base URL, or try again later.`,
			verdict.why,
		);
	}
}

/**
 * The credential's authenticate: adds the saved token, or a placeholder Personr rejects when the saved
 * token belongs to another account or the request asked for a newer one (n8n then asks
 * preAuthentication for a token and retries). Also how this process learns of tokens other processes saved.
 */
export async function signRequest(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	signed.add(credentials);
	const { [RENEWAL_HEADER]: renewAfter, ...headers } = (requestOptions.headers ?? {}) as Record<
		string,
		unknown
	>;
	const account = accountFromCredentials(credentials);
	const state = stateFor(account);
	const held = await savedToken(credentials, account);
	if (held !== undefined && held.token !== state.stored?.token) state.stored = held;
	let token = held?.token ?? RENEWAL_PLACEHOLDER;
	if (renewAfter !== undefined) {
		const since = Number(renewAfter);
		demands.set(credentials, since);
		const current = state.current;
		const fresh =
			current?.token.token === held?.token &&
			current?.loginStartedAt !== undefined &&
			current.loginStartedAt >= since;
		if (!fresh) token = RENEWAL_PLACEHOLDER;
	}
	return { ...requestOptions, headers: { ...headers, Authorization: `Bearer ${token}` } };
}

/** A request signed with this credential's token was rejected (HTTP 401) even after n8n's own renewal. */
export async function reportRejected(credentials: ICredentialDataDecryptedObject): Promise<void> {
	const account = accountFromCredentials(credentials);
	const held = await savedToken(credentials, account);
	if (held === undefined) return;
	const state = stateFor(account);
	record(state.rejected, held.token, ++state.seq);
}

/** Forgets every account; for tests that need a fresh n8n process. */
export function forgetAllAccounts(): void {
	accounts.clear();
	proofs.clear();
}
