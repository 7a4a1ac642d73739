import type { IHttpRequestOptions } from 'n8n-workflow';

import { clipped, NETWORK_REASONS, personrReason } from '../shared/bubble';
import { asRecord, parsedJson } from '../shared/json';
import { redactSecrets } from '../shared/redact';

export type HttpRequester = { httpRequest(options: IHttpRequestOptions): Promise<unknown> };

export type PersonrLoginMethod = 'basicAuth' | 'bodyParameters';

export interface PersonrAccount {
	baseUrl: string;
	email: string;
	password: string;
	loginMethod: PersonrLoginMethod;
}

export interface PersonrToken {
	token: string;
	userId: string;
	/** Epoch milliseconds; infinite when unknown. */
	expiresAt: number;
}

export type PersonrLoginFailure =
	| 'configuration'
	/** Personr neither accepted nor rejected the token held, so no login was risked. */
	| 'undecided'
	/** More logins were needed than the bound on logins per account allows. */
	| 'loginLimit'
	/** Personr's own answer that it knows no account with this email and password. */
	| 'rejectedCredentials'
	/** Personr refused the login with any other answer: it may pass, so it is not remembered. */
	| 'refused'
	| 'unreachable'
	| 'timeout'
	| 'rateLimited'
	| 'serverError'
	| 'unexpectedResponse';

/** A login that did not yield a token; its message is safe to show (no password, Basic value or token). */
export class PersonrLoginError extends Error {
	name = 'PersonrLoginError';

	constructor(
		readonly failure: PersonrLoginFailure,
		message: string,
		/** The cause in a few words, for messages that embed it. */
		readonly reason = message,
	) {
		super(message);
	}

	/**
	 * Failures that may pass by themselves, so a later attempt must try again; the others (rejected
	 * email or password, a base URL that is not Personr's API) stay until the credential changes.
	 */
	get transient(): boolean {
		return !['configuration', 'rejectedCredentials', 'unexpectedResponse'].includes(this.failure);
	}
}

export const LOGIN_TIMEOUT_MS = 30_000;

interface LoginResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

export function basicAuthorization(email: string, password: string): string {
	return `Basic ${Buffer.from(`${email}:${password}`, 'utf8').toString('base64')}`;
}

/** What a login must never show: the password and the Basic value (with or without its scheme). */
export function loginSecrets(email: string, password: string): string[] {
	const basic = basicAuthorization(email, password);
	return [password, basic, basic.slice('Basic '.length)];
}

// Personr's documented answer to a wrong email or password (Bubble's; the apostrophe is typographic, or not).
const WRONG_CREDENTIALS_REASON = 'INVALID_LOGIN_CREDENTIALS';
const WRONG_CREDENTIALS_MESSAGE = /^We didn['’]t find an account with those login credentials$/;

function isWrongCredentials(json: Record<string, unknown> | undefined): boolean {
	return (
		json?.reason === WRONG_CREDENTIALS_REASON ||
		(typeof json?.message === 'string' && WRONG_CREDENTIALS_MESSAGE.test(json.message.trim()))
	);
}

function loginRequest(account: PersonrAccount, timeoutMs: number): IHttpRequestOptions {
	const common = {
		method: 'POST' as const,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		json: false,
		encoding: 'text' as const,
		timeout: timeoutMs,
		// A login answer is never a redirect; following one could carry the secret to another host.
		disableFollowRedirect: true,
	};
	if (account.loginMethod === 'bodyParameters') {
		return {
			...common,
			url: `${account.baseUrl}/api-token-generate`,
			headers: {
				Accept: 'application/json',
				'Content-Type': 'application/x-www-form-urlencoded',
			},
			body: new URLSearchParams({ email: account.email, password: account.password }).toString(),
		};
	}
	return {
		...common,
		url: `${account.baseUrl}/api-basic-auth`,
		headers: {
			Accept: 'application/json',
			Authorization: basicAuthorization(account.email, account.password),
		},
	};
}

function bodyText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (body === undefined || body === null) return '';
	return JSON.stringify(body);
}

function networkFailure(error: unknown, origin: string, timeoutMs: number): PersonrLoginError {
	const record = asRecord(error) ?? {};
	const cause = asRecord(record.cause) ?? {};
	const code = String(record.code ?? cause.code ?? '');
	const message = String(record.message ?? '');
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(message)) {
		const seconds = Number((timeoutMs / 1000).toFixed(1));
		return new PersonrLoginError(
			'timeout',
			`Personr did not answer the login within ${seconds} s (${origin}). Try again later, or check the credential's environment and base URL.`,
			`no answer within ${seconds} s`,
		);
	}
	const reason =
		NETWORK_REASONS[code] ??
		(code !== '' ? `network error ${code}` : 'the request failed before an answer arrived');
	return new PersonrLoginError(
		'unreachable',
		`Could not reach Personr at ${origin}: ${reason}. Check the credential's environment or base URL and the network.`,
		reason,
	);
}

function interpret(
	response: LoginResponse,
	account: PersonrAccount,
	url: string,
	now: number,
): PersonrToken {
	const text = bodyText(response.body);
	const json = asRecord(parsedJson(text));
	const status = response.statusCode;
	const secrets = loginSecrets(account.email, account.password);
	// Redacted, then shortened: a server may answer with a huge body, and n8n stores errors with the execution.
	const reason = clipped(redactSecrets(personrReason(json) ?? '', secrets));
	const withReason = reason === '' ? '' : `: ${reason}`;

	if (status === 400 || status === 401 || status === 403) {
		if (isWrongCredentials(json)) {
			return fail(
				'rejectedCredentials',
				`Personr rejected the email or password${withReason}. Check the credential's Email and Password (and that the account exists in this environment).`,
			);
		}
		return fail(
			'refused',
			`Personr refused the login (HTTP ${status})${withReason}. If this persists, check the credential's Email, Password and Login Method.`,
		);
	}
	if (status === 404) {
		return fail(
			'unexpectedResponse',
			`Personr has no login endpoint at ${url} (HTTP 404). Check the credential's environment and base URL: it should end in /api/1.1/wf.`,
		);
	}
	if (status === 429) {
		return fail(
			'rateLimited',
			'Personr is limiting requests (HTTP 429) and refused the login. Wait a minute, then try again.',
		);
	}
	if (status >= 500) {
		return fail(
			'serverError',
			`Personr's login failed with a server error (HTTP ${status})${withReason}. Try again later.`,
		);
	}
	if (status >= 300 && status < 400) {
		return fail(
			'unexpectedResponse',
			`Personr's login answered with a redirect (HTTP ${status}), which is not followed so the credentials stay with Personr. Check the credential's base URL.`,
		);
	}
	if (status < 200 || status >= 300) {
		return fail('unexpectedResponse', `Personr's login answered with HTTP ${status}${withReason}.`);
	}
	if (json === undefined) {
		const looksLikeHtml = /^\s*</.test(text);
		return fail(
			'unexpectedResponse',
			looksLikeHtml
				? `Personr's login answered with an HTML page instead of JSON. The base URL ${account.baseUrl} is probably not Personr's API: it should end in /api/1.1/wf.`
				: `Personr's login answered with something that is not JSON. Check the credential's base URL (${account.baseUrl}).`,
		);
	}
	const payload = asRecord(json.response);
	const token = payload?.token;
	if (typeof token !== 'string' || token === '') {
		return fail(
			'unexpectedResponse',
			`Personr's login answered without a token${withReason}. Check that the base URL (${account.baseUrl}) is Personr's API.`,
		);
	}
	const lifetimeSeconds = Number(payload?.expires);
	const userId = payload?.user_id;
	return {
		token,
		userId: typeof userId === 'string' ? userId : '',
		// Personr documents a one-year lifetime; a missing value is treated as that rather than "never".
		expiresAt:
			now +
			(Number.isFinite(lifetimeSeconds) && lifetimeSeconds > 0 ? lifetimeSeconds : 31_536_000) *
				1000,
	};

	function fail(failure: PersonrLoginFailure, message: string): never {
		throw new PersonrLoginError(failure, redactSecrets(message, secrets));
	}
}

/** A read-only call any valid token may make; an unknown applicant is answered, a bad token is refused. */
export const TOKEN_CHECK = {
	endpoint: 'api-applicant-status',
	body: { applicantId: 'n8n-token-check' },
};

/**
 * The HTTP statuses Bubble's "Invalid or expired token" answer may come with. No Personr page states its status:
 * 401 is what a Bubble forum report shows, 400 and 403 are the other statuses an authentication layer answers with.
 */
export const TOKEN_REJECTION_STATUSES = [400, 401, 403];

/** Bubble's answer to a rejected token, whatever its HTTP status: `"error_class":"Unauthorized"`, "Invalid or expired token: …". */
export function isTokenRejection(json: Record<string, unknown> | undefined): boolean {
	if (json === undefined) return false;
	if (json.error_class === 'Unauthorized') return true;
	return [json.translation, json.message].some(
		(text) => typeof text === 'string' && /invalid or expired token/i.test(text),
	);
}

/** Bubble's 404 for an endpoint (a "workflow") it does not have: the call never reached the token check. */
function isUnknownWorkflow(status: number, json: Record<string, unknown> | undefined): boolean {
	if (status !== 404) return false;
	const nested = asRecord(json?.body);
	return [json?.message, nested?.message, json?.translation].some(
		(text) => typeof text === 'string' && /workflow not found/i.test(text),
	);
}

/**
 * What an answer to a call made with a token proves about the token. Only Personr's own answer counts: Bubble's
 * "Invalid or expired token" body (whatever the status) or a 401 means rejected; a 2xx, or another 4xx with
 * Personr's JSON, means accepted. A 5xx, a 429, a redirect, an HTML page, Bubble's 404 "Workflow not found" (the
 * call never reached the token check) or no answer at all says nothing about the token.
 */
export type TokenVerdict =
	| { kind: 'accepted' }
	| { kind: 'rejected' }
	| { kind: 'undecided'; why: string };

export function tokenVerdict(status: number | undefined, body: unknown): TokenVerdict {
	if (status === undefined) return { kind: 'undecided', why: 'no answer arrived' };
	const json =
		typeof body === 'string' || Buffer.isBuffer(body)
			? asRecord(parsedJson(bodyText(body)))
			: asRecord(body);
	if (status === 401 || isTokenRejection(json)) return { kind: 'rejected' };
	if (isUnknownWorkflow(status, json))
		return {
			kind: 'undecided',
			why: 'Personr answered "Workflow not found" (HTTP 404), so the call never reached its token check',
		};
	const answered =
		(status >= 200 && status < 300) || (status >= 400 && status < 500 && status !== 429);
	if (answered && json !== undefined) return { kind: 'accepted' };
	if (status === 429) return { kind: 'undecided', why: 'Personr is limiting requests (HTTP 429)' };
	if (status >= 300 && status < 400)
		return { kind: 'undecided', why: `the answer was a redirect (HTTP ${status})` };
	if (json === undefined)
		return { kind: 'undecided', why: `the answer was not Personr's JSON (HTTP ${status})` };
	return { kind: 'undecided', why: `Personr failed with HTTP ${status}` };
}

/** One check of `token` with the read-only call. */
export async function checkToken(
	http: HttpRequester,
	account: PersonrAccount,
	token: string,
	timeoutMs = LOGIN_TIMEOUT_MS,
): Promise<TokenVerdict> {
	try {
		const response = (await http.httpRequest({
			method: 'POST',
			url: `${account.baseUrl}/${TOKEN_CHECK.endpoint}`,
			headers: { Accept: 'application/json', Authorization: `Bearer ${token}` },
			body: TOKEN_CHECK.body,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: timeoutMs,
			disableFollowRedirect: true,
		})) as LoginResponse;
		return tokenVerdict(response.statusCode, response.body);
	} catch (error) {
		// Some n8n versions throw on redirects even when status errors are ignored.
		const response = asRecord(asRecord(error)?.response);
		if (typeof response?.status === 'number') return tokenVerdict(response.status, response.data);
		return {
			kind: 'undecided',
			why: networkFailure(error, new URL(account.baseUrl).origin, timeoutMs).reason,
		};
	}
}

/** One login request; it knows nothing about sharing tokens (see session.ts). */
export async function logIn(
	http: HttpRequester,
	account: PersonrAccount,
	timeoutMs = LOGIN_TIMEOUT_MS,
): Promise<PersonrToken> {
	const request = loginRequest(account, timeoutMs);
	let response: LoginResponse;
	try {
		response = (await http.httpRequest(request)) as LoginResponse;
	} catch (error) {
		const asHttp = asRecord(error);
		const status = asRecord(asHttp?.response)?.status;
		// Some n8n versions still throw on redirects even when status errors are ignored.
		if (typeof status === 'number') {
			response = { statusCode: status, headers: {}, body: asRecord(asHttp?.response)?.data };
		} else {
			throw networkFailure(error, new URL(account.baseUrl).origin, timeoutMs);
		}
	}
	return interpret(response, account, request.url, Date.now());
}
