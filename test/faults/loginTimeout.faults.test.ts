// The production login timeout is 30 s. The session reads LOGIN_TIMEOUT_MS from session/login at each
// login; this file replaces that one constant (everything else is the real module) by a getter, so that
// a whole workflow can meet a hanging login in 300 ms. See loginTimeout.ts.
jest.mock('../../nodes/Personr/session/login', () => {
	const actual = jest.requireActual<typeof import('../../nodes/Personr/session/login')>(
		'../../nodes/Personr/session/login',
	);
	const { loginTimeoutOverride } =
		jest.requireActual<typeof import('./loginTimeout')>('./loginTimeout');
	return {
		...actual,
		get LOGIN_TIMEOUT_MS() {
			return loginTimeoutOverride.ms ?? actual.LOGIN_TIMEOUT_MS;
		},
	};
});

import { LOGIN_TIMEOUT_MS, PersonrLoginError } from '../../nodes/Personr/session/login';
import { MAX_LOGINS_PER_WINDOW } from '../../nodes/Personr/session/session';
import { itemError, useFaultServer } from './support';
import {
	hangingLogin,
	hangingLoginInSession,
	loginAttempts,
	statusCalls,
	type Path,
} from './scenarios';

const context = useFaultServer();
const timeoutMessage = (seconds: string) =>
	`Personr did not answer the login within ${seconds} s (${context.server.url}). Try again later, or check the credential's environment and base URL.`;

it('keeps the production timeout unless a test shortens it', () => {
	expect(LOGIN_TIMEOUT_MS).toBe(30_000);
});

describe('a login that never answers, at the session layer (200 ms timeout)', () => {
	it('fails every waiting caller with a timeout error after one login request, and a later caller tries again', async () => {
		const { failures, later } = await hangingLoginInSession(context, 5);
		for (const failure of [...failures, later]) {
			expect(failure).toBeInstanceOf(PersonrLoginError);
			expect((failure as PersonrLoginError).failure).toBe('timeout');
			expect((failure as PersonrLoginError).message).toBe(timeoutMessage('0.2'));
		}
		expect(loginAttempts(context)).toBe(2);
		// The two hanging logins are the only requests the server saw.
		expect(context.server.requests.map((request) => [request.endpoint, request.status])).toEqual([
			['api-basic-auth', 0],
			['api-basic-auth', 0],
		]);
	});
});

describe('a login that never answers, through a workflow (login timeout shortened to 300 ms)', () => {
	it.each<Path>(['Personr node', 'HTTP Request node', 'Get Token'])(
		'%s: the run fails with the timeout',
		async (path) => {
			const { error } = await hangingLogin(context, path);
			expect(error?.message).toBe(timeoutMessage('0.3'));
			// The HTTP Request node asks for a token again after any error, a failed login included.
			expect(loginAttempts(context)).toBe(path === 'HTTP Request node' ? 2 : 1);
			expect(statusCalls(context)).toBe(0);
		},
	);

	it.each<Path>(['Personr node', 'HTTP Request node', 'Get Token'])(
		'%s, 5 items with continue on fail: 5 paired timeout items, a bounded number of login requests',
		async (path) => {
			const { output } = await hangingLogin(context, path, { count: 5, continueOnFail: true });
			expect(output.map((item) => item.pairedItem)).toEqual(
				[0, 1, 2, 3, 4].map((item) => ({ item })),
			);
			for (const item of output) expect(itemError(item)).toContain(timeoutMessage('0.3'));
			expect(loginAttempts(context)).toBeLessThanOrEqual(MAX_LOGINS_PER_WINDOW);
		},
	);
});
