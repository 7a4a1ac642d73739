/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals -- checks that the capture hears the console and process.stderr */
// The login-timeout case needs a short login timeout through a whole workflow: see loginTimeout.faults.test.ts.
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

import {
	BASIC_VALUE,
	capturing,
	FAULT_PASSWORD,
	secretHits,
	useFaultServer,
	type Exposure,
	type FaultContext,
	type SecretHit,
} from './support';
import {
	callRedirect,
	connectionRefused,
	everyTokenRejected,
	failingLogin,
	hangingLogin,
	hangingLoginInSession,
	largeErrorBody,
	largeResponse,
	LOGIN_FAULTS,
	loginRedirect,
	malformedJson,
	rateLimited,
	runPath,
	slowServer,
	statusError,
	tokenRevokedMidRun,
	type LoginFault,
	type Path,
} from './scenarios';

/*
 * Runs every fault (one representative run per fault and path) and scans what each run exposed —
 * the whole run as n8n stores it, every error with its causes (as a log line or the error reporter
 * would print it), errors sent to the error reporter, and anything logged — for the password (in
 * any spelling), the Basic value, and every token the server ever issued.
 */

interface ScanCase {
	fault: string;
	path: Path | 'session layer';
	run(context: FaultContext): Promise<Exposure>;
	/**
	 * Parts in which tokens are not looked for, and why. Get Token outputs the token on purpose. The
	 * HTTP Request node's own errors are n8n's, not this package's: they carry the request they failed
	 * on (its Authorization header) and Personr's 401 body, which echoes the token.
	 */
	tokensAllowedIn?: Array<keyof Exposure>;
}

const N8N_HTTP_ERRORS: Array<keyof Exposure> = ['errors'];
const LOGIN_FAULT_NAMES = Object.keys(LOGIN_FAULTS) as LoginFault[];

const CASES: ScanCase[] = [
	...LOGIN_FAULT_NAMES.flatMap((fault): ScanCase[] => [
		{ fault, path: 'Personr node', run: (context) => failingLogin(context, fault, 'Personr node') },
		{
			fault: `${fault} (20 items, continue on fail)`,
			path: 'Personr node',
			run: (context) =>
				failingLogin(context, fault, 'Personr node', { count: 20, continueOnFail: true }),
		},
		{
			fault,
			path: 'HTTP Request node',
			run: (context) => failingLogin(context, fault, 'HTTP Request node'),
		},
		{
			fault,
			path: 'Get Token',
			run: (context) => failingLogin(context, fault, 'Get Token'),
			tokensAllowedIn: ['runData', 'errors', 'logs'],
		},
	]),
	{
		fault: 'login 5xx',
		path: 'Verify Token',
		run: (context) => failingLogin(context, 'login 5xx', 'Verify Token'),
	},
	{
		fault: 'no fault',
		path: 'Get Token',
		run: (context) => runPath(context, 'Get Token'),
		tokensAllowedIn: ['runData', 'errors', 'logs'],
	},
	{
		fault: 'login timeout',
		path: 'session layer',
		run: (context) => hangingLoginInSession(context),
	},
	{
		fault: 'login timeout',
		path: 'Personr node',
		run: (context) => hangingLogin(context, 'Personr node'),
	},
	{
		fault: 'login timeout',
		path: 'HTTP Request node',
		run: (context) => hangingLogin(context, 'HTTP Request node'),
	},
	{
		fault: 'connection refused',
		path: 'Personr node',
		run: (context) => connectionRefused(context, 'Personr node'),
	},
	{
		fault: 'connection refused',
		path: 'HTTP Request node',
		run: (context) => connectionRefused(context, 'HTTP Request node'),
	},
	{
		fault: 'login redirect to another host',
		path: 'Personr node',
		run: (context) => loginRedirect(context, 'Personr node'),
	},
	{
		fault: 'login redirect to another host',
		path: 'HTTP Request node',
		run: (context) => loginRedirect(context, 'HTTP Request node'),
	},
	{
		fault: 'token revoked in a 50-item run',
		path: 'Personr node',
		run: (context) => tokenRevokedMidRun(context, 'Personr node'),
	},
	{
		fault: 'token revoked in a 50-item run',
		path: 'HTTP Request node',
		run: (context) => tokenRevokedMidRun(context, 'HTTP Request node'),
	},
	{
		fault: 'every token rejected',
		path: 'Personr node',
		run: (context) => everyTokenRejected(context, 'Personr node'),
	},
	{
		fault: 'every token rejected (20 items, continue on fail)',
		path: 'Personr node',
		run: (context) =>
			everyTokenRejected(context, 'Personr node', { count: 20, continueOnFail: true }),
	},
	{
		fault: 'every token rejected',
		path: 'HTTP Request node',
		run: (context) =>
			everyTokenRejected(context, 'HTTP Request node', { count: 3, continueOnFail: true }),
		// n8n's HTTP Request node puts Personr's 401 body, which echoes the token, in its error description (see n8n-platform-notes.md).
		tokensAllowedIn: ['runData', 'errors'],
	},
	{
		fault: '429 without Retry-After, waited out',
		path: 'Personr node',
		run: (context) => rateLimited(context, 'Personr node', { times: 1 }),
	},
	{
		fault: '429 with Retry-After, waited out',
		path: 'Personr node',
		run: (context) => rateLimited(context, 'Personr node', { retryAfterSeconds: 0, times: 2 }),
	},
	{
		fault: '429 with a Retry-After over the bound',
		path: 'Personr node',
		run: (context) => rateLimited(context, 'Personr node', { retryAfterSeconds: 120 }),
	},
	{
		fault: '429',
		path: 'HTTP Request node',
		run: (context) => rateLimited(context, 'HTTP Request node', { retryAfterSeconds: 0 }),
		tokensAllowedIn: N8N_HTTP_ERRORS,
	},
	{
		fault: 'call redirect to another host',
		path: 'Personr node',
		run: (context) => callRedirect(context, 'Personr node'),
	},
	{
		fault: 'call redirect to another host',
		path: 'HTTP Request node',
		run: (context) => callRedirect(context, 'HTTP Request node'),
		tokensAllowedIn: N8N_HTTP_ERRORS,
	},
	{
		fault: '10 MB answer',
		path: 'Personr node',
		run: (context) => largeResponse(context, 'Personr node'),
	},
	{
		fault: '10 MB answer',
		path: 'HTTP Request node',
		run: (context) => largeResponse(context, 'HTTP Request node'),
	},
	{
		fault: '10 MB HTML error page',
		path: 'Personr node',
		run: (context) => largeErrorBody(context, 'html'),
	},
	{
		fault: '10 MB error message',
		path: 'Personr node',
		run: (context) => largeErrorBody(context, 'json'),
	},
	{
		fault: 'slow server',
		path: 'Personr node',
		run: (context) => slowServer(context, 'Personr node', { savedToken: false }, 300),
	},
	{
		fault: 'slow server',
		path: 'HTTP Request node',
		run: (context) =>
			slowServer(context, 'HTTP Request node', { savedToken: false, count: 3 }, 300),
	},
	{
		fault: 'malformed JSON',
		path: 'Personr node',
		run: (context) => malformedJson(context, 'Personr node'),
	},
	{
		fault: 'malformed JSON',
		path: 'HTTP Request node',
		run: (context) => malformedJson(context, 'HTTP Request node'),
	},
	{
		fault: 'HTTP 200 with "status":"error"',
		path: 'Personr node',
		run: (context) => statusError(context, 'Personr node'),
	},
];

const context = useFaultServer();

function hitsIn(
	exposure: Exposure,
	tokens: readonly string[],
	tokensAllowedIn: Array<keyof Exposure> = [],
): Array<SecretHit & { part: string }> {
	const parts: Array<keyof Exposure> = ['runData', 'errors', 'logs'];
	return parts.flatMap((part) =>
		secretHits(exposure[part], tokensAllowedIn.includes(part) ? [] : tokens).map((hit) => ({
			...hit,
			part,
		})),
	);
}

describe('no password, Basic value or token in anything a failed run exposes', () => {
	it.each(CASES.map((scanCase) => [scanCase.fault, scanCase.path, scanCase] as const))(
		'%s, %s',
		async (_fault, _path, scanCase) => {
			const exposure = await scanCase.run(context);
			// Something was captured: the scan is not vacuous.
			expect(exposure.runData.length + exposure.errors.length).toBeGreaterThan(0);
			expect(context.server.issuedTokens.length).toBeGreaterThan(0);
			expect(hitsIn(exposure, context.server.issuedTokens, scanCase.tokensAllowedIn)).toEqual([]);
		},
	);
});

describe('the scanner', () => {
	it('finds each secret however it is written', () => {
		const token = 'bus|1700000000000x123456789012345678|1700000000000x876543210987654321';
		const planted = [
			JSON.stringify({ description: `password was ${FAULT_PASSWORD}` }),
			`Authorization: Basic ${BASIC_VALUE}`,
			`url?token=${encodeURIComponent(token)}`,
		];
		expect(secretHits(planted[0] as string, []).map((hit) => hit.kind)).toEqual(['password']);
		expect(secretHits(planted[1] as string, []).map((hit) => hit.kind)).toEqual(['basic']);
		expect(secretHits(planted[2] as string, [token]).map((hit) => hit.kind)).toEqual(['token']);
		expect(
			secretHits(new URLSearchParams({ password: FAULT_PASSWORD }).toString(), []).map(
				(hit) => hit.kind,
			),
		).toEqual(['password']);
	});

	it('hears the console, stdout and stderr', async () => {
		const { logs } = await capturing(async () => {
			console.warn('warned', { secret: 1 });
			process.stderr.write('to stderr\n');
		});
		expect(logs).toContain('warned');
		expect(logs).toContain('to stderr');
	});
});
