import { FAULT_EMAIL, itemError, useFaultServer, type FaultContext } from './support';
import { connectionRefused, failingLogin, LOGIN_FAULTS, loginAttempts, loginRedirect, statusCalls, type LoginFault, type Path } from './scenarios';

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
const cases = FAULTS.flatMap((fault) => PATHS.map((path) => [fault, path] as const));

describe('a failing login', () => {
	it.each(cases)('%s, %s: the run fails on item 0 with the cause, after one login attempt', async (fault, path) => {
		const { error } = await failingLogin(context, fault, path);
		expect(error?.message).toBe(expectedMessage(fault, context));
		if (path !== 'HTTP Request node') expect(error?.context?.itemIndex).toBe(0);
		expect(loginAttempts(context)).toBe(1);
		// No call is sent without a token.
		expect(statusCalls(context)).toBe(0);
	});

	it.each(cases)('%s, %s, 20 items with continue on fail: 20 error items paired with their inputs, still one login attempt', async (fault, path) => {
		const { output, error } = await failingLogin(context, fault, path, { count: 20, continueOnFail: true });
		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual(Array.from({ length: 20 }, (_, item) => ({ item })));
		for (const item of output) expect(itemError(item)).toBe(expectedMessage(fault, context));
		// Failed logins are remembered for a few seconds: 20 items do not make 20 attempts.
		expect(loginAttempts(context)).toBe(1);
		expect(statusCalls(context)).toBe(0);
	});
});

describe('connection refused', () => {
	it.each(PATHS)('%s: names the host and the cause', async (path) => {
		const { error, port, connections } = await connectionRefused(context, path);
		expect(error?.message).toBe(
			`Could not reach Personr at http://127.0.0.1:${port}: the connection was refused. Check the credential's environment or base URL and the network.`,
		);
		expect(connections).toBe(1);
	});

	it.each(PATHS)('%s, 20 items with continue on fail: 20 paired error items from a single connection attempt', async (path) => {
		const { output, port, connections } = await connectionRefused(context, path, { count: 20, continueOnFail: true });
		expect(output.map((item) => item.pairedItem)).toEqual(Array.from({ length: 20 }, (_, item) => ({ item })));
		for (const item of output) expect(itemError(item)).toContain(`Could not reach Personr at http://127.0.0.1:${port}: the connection was refused.`);
		expect(connections).toBe(1);
	});
});

describe('a login that redirects to another host', () => {
	it.each(PATHS)('%s: is not followed, so the password never reaches the other host', async (path) => {
		const { error, redirector, trap } = await loginRedirect(context, path);
		expect(error?.message).toBe(
			"Personr's login answered with a redirect (HTTP 307), which is not followed so the credentials stay with Personr. Check the credential's base URL.",
		);
		expect(redirector.received.map((request) => request.url)).toEqual(['/api/1.1/wf/api-basic-auth']);
		expect(trap.received).toEqual([]);
	});
});
