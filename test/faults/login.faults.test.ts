import { MAX_LOGINS_PER_WINDOW } from '../../nodes/Personr/session/session';
import { FAULT_EMAIL, itemError, useFaultServer, type FaultContext } from './support';
import {
	connectionRefused,
	failingLogin,
	LOGIN_FAULTS,
	loginAttempts,
	loginRedirect,
	statusCalls,
	type LoginFault,
	type Path,
} from './scenarios';

const context = useFaultServer();
const PATHS: Path[] = ['Personr node', 'HTTP Request node', 'Get Token', 'Verify Token'];

/** What a user must read for each login fault: the cause, in Personr's words where it gave some, with no secret. */
function expectedMessage(fault: LoginFault, { server }: FaultContext): string {
	switch (fault) {
		case 'login 5xx':
			return "Personr's login failed with a server error (HTTP 503): Injected HTTP 503 (ERROR). Try again later.";
		case 'login answering HTML':
			return `Personr's login answered with an HTML page instead of JSON. The base URL ${server.liveBaseUrl} is probably not Personr's API: it should end in /api/1.1/wf.`;
		case 'login JSON without a token':
			return `Personr's login answered without a token. Check that the base URL (${server.liveBaseUrl}) is Personr's API.`;
		case 'login error echoing the password and Basic value':
			return `Personr's login failed with a server error (HTTP 500): Upstream rejected Authorization: [redacted] (user ${FAULT_EMAIL}, password [redacted], raw [redacted]). Try again later.`;
	}
}

const FAULTS = Object.keys(LOGIN_FAULTS) as LoginFault[];
/** Server errors may pass: each later attempt tries again (bounded per account), while a wrong base URL is remembered. */
const passing = (fault: LoginFault) =>
	fault === 'login 5xx' || fault === 'login error echoing the password and Basic value';
/** The HTTP Request node asks for a new token after any error, its first failed login included. */
const attemptsForOneItem = (path: Path, transient: boolean) =>
	transient && path === 'HTTP Request node' ? 2 : 1;
const cases = FAULTS.flatMap((fault) => PATHS.map((path) => [fault, path] as const));

describe('a failing login', () => {
	it.each(cases)(
		'%s, %s: the run fails on item 0 with the cause, after one login attempt (two for a passing fault through the HTTP Request node)',
		async (fault, path) => {
			const { error } = await failingLogin(context, fault, path);
			expect(error?.message).toBe(expectedMessage(fault, context));
			if (path !== 'HTTP Request node') expect(error?.context?.itemIndex).toBe(0);
			expect(loginAttempts(context)).toBe(attemptsForOneItem(path, passing(fault)));
			// No call is sent without a token.
			expect(statusCalls(context)).toBe(0);
		},
	);

	it.each(cases)(
		'%s, %s, 20 items with continue on fail: 20 error items paired with their inputs, and a bounded number of login attempts',
		async (fault, path) => {
			// 10 at a time, so that later items come after a failed login and may try again.
			const { output, error } = await failingLogin(context, fault, path, {
				count: 20,
				continueOnFail: true,
				parallelRequests: 10,
			});
			expect(error).toBeUndefined();
			expect(output.map((item) => item.pairedItem)).toEqual(
				Array.from({ length: 20 }, (_, item) => ({ item })),
			);
			// Past the bound on logins, the error still names the cause of the last failed login.
			for (const item of output) expect(itemError(item)).toContain(expectedMessage(fault, context));
			// A wrong base URL is remembered; a server error is retried, but at most MAX_LOGINS_PER_WINDOW times.
			if (passing(fault)) expect(loginAttempts(context)).toBeGreaterThan(1);
			expect(loginAttempts(context)).toBeLessThanOrEqual(
				passing(fault) ? MAX_LOGINS_PER_WINDOW : 1,
			);
			expect(statusCalls(context)).toBe(0);
		},
	);
});

describe('connection refused', () => {
	it.each(PATHS)('%s: names the host and the cause', async (path) => {
		const { error, port, connections } = await connectionRefused(context, path);
		expect(error?.message).toBe(
			`Could not reach Personr at http://127.0.0.1:${port}: the connection was refused. Check the credential's environment or base URL and the network.`,
		);
		expect(connections).toBe(attemptsForOneItem(path, true));
	});

	it.each(PATHS)(
		'%s, 20 items with continue on fail: 20 paired error items from a bounded number of connection attempts',
		async (path) => {
			const { output, port, connections } = await connectionRefused(context, path, {
				count: 20,
				continueOnFail: true,
				parallelRequests: 10,
			});
			expect(output.map((item) => item.pairedItem)).toEqual(
				Array.from({ length: 20 }, (_, item) => ({ item })),
			);
			for (const item of output)
				expect(itemError(item)).toContain(
					`Could not reach Personr at http://127.0.0.1:${port}: the connection was refused.`,
				);
			expect(connections).toBeGreaterThan(1);
			expect(connections).toBeLessThanOrEqual(MAX_LOGINS_PER_WINDOW);
		},
	);
});

describe('a login that redirects to another host', () => {
	it.each(PATHS)(
		'%s: is not followed, so the password never reaches the other host',
		async (path) => {
			const { error, redirector, trap } = await loginRedirect(context, path);
			expect(error?.message).toBe(
				"Personr's login answered with a redirect (HTTP 307), which is not followed so the credentials stay with Personr. Check the credential's base URL.",
			);
			expect(redirector.received.map((request) => request.url)).toEqual([
				'/api/1.1/wf/api-basic-auth',
			]);
			expect(trap.received).toEqual([]);
		},
	);
});
