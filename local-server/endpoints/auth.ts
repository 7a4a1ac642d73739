import { INVALID_LOGIN } from '../bubble-errors';
import type { AccountState, Store } from '../state';
import type { Params, Reply } from '../types';
import { text } from './context';

export const LOGIN_ENDPOINTS: ReadonlySet<string> = new Set([
	'api-basic-auth',
	'api-token-generate',
]);

export interface LoginOutcome {
	reply: Reply;
	succeeded: boolean;
}

/** Decodes `Basic base64(email:password)`; the password may itself contain colons. */
export function decodeBasic(
	authorization: string | undefined,
): { email: string; password: string } | undefined {
	const match = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? '');
	if (!match) return undefined;
	const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return undefined;
	return { email: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The page marks neither email nor password required, so a missing one is only a login that cannot succeed. */
function credentialsFor(endpoint: string, params: Params, authorization: string | undefined) {
	if (endpoint === 'api-basic-auth') return decodeBasic(authorization);
	const email = text(params, 'email');
	const password = text(params, 'password');
	return email === undefined || password === undefined ? undefined : { email, password };
}

export function login(
	endpoint: string,
	params: Params,
	authorization: string | undefined,
	store: Store,
	tokenLifetimeSeconds: number,
): LoginOutcome {
	const credentials = credentialsFor(endpoint, params, authorization);
	const account: AccountState | undefined =
		credentials && store.checkPassword(credentials.email, credentials.password);
	if (!account) return { reply: INVALID_LOGIN, succeeded: false };
	const token = store.issueToken(account);
	return {
		reply: {
			status: 200,
			body: {
				status: 'success',
				response: { token, user_id: account.userId, expires: tokenLifetimeSeconds },
			},
		},
		succeeded: true,
	};
}
