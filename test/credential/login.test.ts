/* eslint-disable @n8n/community-nodes/no-restricted-imports -- a test: it runs a local HTTP server */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { createServer } from 'http';
import type { AddressInfo } from 'net';
import nock from 'nock';

import { PersonrApi } from '../../credentials/PersonrApi.credentials';
import { DEVELOPMENT_BASE_URL, LIVE_BASE_URL } from '../../nodes/Personr/session/baseUrl';
import { basicAuthorization, logIn, PersonrLoginError } from '../../nodes/Personr/session/login';
import { accountFromCredentials, forgetAllAccounts } from '../../nodes/Personr/session/session';
import { n8nHttp } from '../support/n8nHttp';

const LOCAL = 'http://personr.test';
const BASE = `${LOCAL}/api/1.1/wf`;
const PASSWORD = 'p@ss: wörd 密码';
const credentials = (extra: Record<string, string> = {}) => ({
	email: 'ops@example.com',
	password: PASSWORD,
	environment: 'custom',
	baseUrl: BASE,
	loginMethod: 'basicAuth',
	token: '',
	...extra,
});
const success = (token = 'bus|1x1|2x2') => ({
	status: 'success',
	response: { token, user_id: '1665086295388x405886519539808060', expires: 31536000 },
});
const invalidLogin = {
	statusCode: 400,
	reason: 'INVALID_LOGIN_CREDENTIALS',
	message: 'We didn’t find an account with those login credentials',
	args: { bubble_code: 'INVALID_LOGIN_CREDENTIALS' },
};

function preAuthentication(data: ICredentialDataDecryptedObject) {
	return new PersonrApi().preAuthentication.call({ helpers: n8nHttp() }, data);
}

async function loginError(data: ICredentialDataDecryptedObject): Promise<PersonrLoginError> {
	const error = await preAuthentication(data).then(
		() => undefined,
		(thrown: unknown) => thrown,
	);
	expect(error).toBeInstanceOf(PersonrLoginError);
	const message = (error as PersonrLoginError).message;
	expect(message).not.toContain(PASSWORD);
	expect(message).not.toContain(basicAuthorization('ops@example.com', PASSWORD).slice(6));
	return error as PersonrLoginError;
}

async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(() => {
	forgetAllAccounts();
	// A credential's first token is proven by one read-only call after the login: Personr's JSON answer accepts it.
	for (const base of [BASE, LIVE_BASE_URL, DEVELOPMENT_BASE_URL]) {
		const url = new URL(`${base}/api-applicant-status`);
		nock(url.origin)
			.persist()
			.post(url.pathname)
			.reply(400, {
				statusCode: 400,
				body: { status: 'NOT_FOUND', message: 'Applicant not found' },
			});
	}
});
afterEach(() => {
	nock.cleanAll();
	nock.disableNetConnect();
});

describe('login request', () => {
	it('sends base64 of the UTF-8 bytes of email:password, even with ":" and non-Latin characters', async () => {
		const expected = `Basic ${Buffer.from(`ops@example.com:${PASSWORD}`, 'utf8').toString('base64')}`;
		const scope = nock(LOCAL)
			.post('/api/1.1/wf/api-basic-auth')
			.matchHeader('authorization', expected)
			.reply(200, success());
		const fields = await preAuthentication(credentials());
		expect(scope.isDone()).toBe(true);
		expect(fields.token).toBe('bus|1x1|2x2');
		expect(fields.userId).toBe('1665086295388x405886519539808060');
		const lifetime = Date.parse(String(fields.expiresAt)) - Date.now();
		expect(Math.abs(lifetime - 31536000 * 1000)).toBeLessThan(60_000);
	});

	it('sends email and password as form fields with the body-parameters method, no Basic header', async () => {
		const scope = nock(LOCAL)
			.post(
				'/api/1.1/wf/api-token-generate',
				(body: Record<string, string>) =>
					body.email === 'ops@example.com' && body.password === PASSWORD,
			)
			.matchHeader('authorization', (value: string | undefined) => value === undefined)
			.reply(200, success('body-token'));
		const fields = await preAuthentication(credentials({ loginMethod: 'bodyParameters' }));
		expect(scope.isDone()).toBe(true);
		expect(fields.token).toBe('body-token');
	});

	it.each([
		['live', {}, `${LIVE_BASE_URL}/api-basic-auth`],
		['development', {}, `${DEVELOPMENT_BASE_URL}/api-basic-auth`],
		['custom', { baseUrl: `${BASE}//` }, `${BASE}/api-basic-auth`],
		['custom', { baseUrl: `  ${BASE}/ ` }, `${BASE}/api-basic-auth`],
	])('targets the %s environment URL %#', async (environment, extra, url) => {
		const target = new URL(url);
		const scope = nock(target.origin).post(target.pathname).reply(200, success());
		await preAuthentication(credentials({ environment, ...extra }));
		expect(scope.isDone()).toBe(true);
	});
});

describe('login failures', () => {
	it("quotes Personr's reason when the email or password is rejected", async () => {
		nock(LOCAL).post('/api/1.1/wf/api-basic-auth').reply(400, invalidLogin);
		const error = await loginError(credentials());
		expect(error.failure).toBe('rejectedCredentials');
		expect(error.message).toContain('We didn’t find an account with those login credentials');
		expect(error.message).toContain('INVALID_LOGIN_CREDENTIALS');
	});

	it.each([
		[{ email: '' }, 'no Email'],
		[{ password: '' }, 'no Password'],
		[{ email: ' ', password: '' }, 'no Email and no Password'],
		[{ baseUrl: '' }, 'Base URL is empty'],
		[{ baseUrl: 'enterprise.personr.co/api' }, 'not a valid URL'],
		[{ baseUrl: 'ftp://personr.test/api/1.1/wf' }, 'must start with https:// or http://'],
		[
			{ baseUrl: 'https://user:secret@personr.test/api/1.1/wf' },
			'must not contain a user name or password',
		],
		[{ environment: 'staging' }, 'Unknown Personr environment'],
	])('refuses %j before any request', async (extra, expected) => {
		const error = await loginError(credentials(extra));
		expect(error.failure).toBe('configuration');
		expect(error.message).toContain(expected);
		expect(nock.pendingMocks().filter((mock) => !mock.endsWith('/api-applicant-status'))).toEqual(
			[],
		);
	});

	it.each([
		[500, '{"message":"boom"}', 'application/json', 'serverError', 'server error (HTTP 500)'],
		[503, '<html>down</html>', 'text/html', 'serverError', 'HTTP 503'],
		[404, '{"message":"not found"}', 'application/json', 'unexpectedResponse', 'no login endpoint'],
		[429, '', 'text/plain', 'rateLimited', 'HTTP 429'],
		[
			200,
			'<!DOCTYPE html><html><body>Personr</body></html>',
			'text/html',
			'unexpectedResponse',
			'HTML page instead of JSON',
		],
		[
			200,
			'{"status":"success","response":{}}',
			'application/json',
			'unexpectedResponse',
			'without a token',
		],
		[200, 'ok', 'text/plain', 'unexpectedResponse', 'not JSON'],
		[302, '', 'text/plain', 'unexpectedResponse', 'redirect'],
	])('HTTP %s answering %s is reported as %s', async (status, body, type, failure, expected) => {
		nock(LOCAL)
			.post('/api/1.1/wf/api-basic-auth')
			.reply(status, body, { 'Content-Type': type, Location: 'http://elsewhere.test/' });
		const error = await loginError(credentials());
		expect(error.failure).toBe(failure);
		expect(error.message).toContain(expected);
	});

	it('names an unreachable host', async () => {
		const port = await closedPort();
		nock.enableNetConnect('127.0.0.1');
		const error = await loginError(credentials({ baseUrl: `http://127.0.0.1:${port}/api/1.1/wf` }));
		expect(error.failure).toBe('unreachable');
		expect(error.message).toBe(
			`Could not reach Personr at http://127.0.0.1:${port}: the connection was refused. Check the credential's environment or base URL and the network.`,
		);
	});

	it('gives up on a login that does not answer in time', async () => {
		nock(LOCAL).post('/api/1.1/wf/api-basic-auth').delay(2_000).reply(200, success());
		const error = await logIn(n8nHttp(), accountFromCredentials(credentials()), 200).catch(
			(thrown: unknown) => thrown,
		);
		expect(error).toBeInstanceOf(PersonrLoginError);
		expect((error as PersonrLoginError).failure).toBe('timeout');
	});

	it.each([
		['reason', { statusCode: 400, reason: 'INVALID_LOGIN_CREDENTIALS' }],
		[
			'message',
			{ statusCode: 400, message: 'We didn’t find an account with those login credentials' },
		],
		[
			'message with a straight apostrophe',
			{ statusCode: 400, message: "We didn't find an account with those login credentials" },
		],
	])(
		"Personr's wrong-credentials answer (by its %s) is remembered: the next login is answered without a request",
		async (_, body) => {
			const scope = nock(LOCAL).post('/api/1.1/wf/api-basic-auth').once().reply(400, body);
			expect((await loginError(credentials())).failure).toBe('rejectedCredentials');
			expect(scope.isDone()).toBe(true);
			expect((await loginError(credentials())).failure).toBe('rejectedCredentials');
		},
	);

	it.each([
		[
			400,
			{
				statusCode: 400,
				body: {
					status: 'MISSING_DATA',
					message: 'Missing parameter for workflow api-basic-auth: parameter email',
				},
			},
			'Missing parameter',
		],
		[
			400,
			{ statusCode: 400, reason: 'SOMETHING_ELSE', message: 'Try again later' },
			'Try again later',
		],
		[
			401,
			{ error_class: 'Unauthorized', message: 'Not allowed right now' },
			'Not allowed right now',
		],
		[403, { message: 'Blocked by a firewall rule' }, 'Blocked by a firewall rule'],
	])(
		'any other HTTP %s passes: reported with its reason, and the next login is tried again',
		async (status, body, reason) => {
			const first = nock(LOCAL).post('/api/1.1/wf/api-basic-auth').once().reply(status, body);
			const error = await loginError(credentials());
			expect(first.isDone()).toBe(true);
			expect(error.failure).toBe('refused');
			expect(error.message).toContain(`Personr refused the login (HTTP ${status}): ${reason}`);
			const second = nock(LOCAL)
				.post('/api/1.1/wf/api-basic-auth')
				.once()
				.reply(200, success('after-the-pass'));
			expect((await preAuthentication(credentials())).token).toBe('after-the-pass');
			expect(second.isDone()).toBe(true);
		},
	);

	it('redacts a password or Basic value that a server echoes back', async () => {
		nock(LOCAL)
			.post('/api/1.1/wf/api-basic-auth')
			.reply(400, {
				statusCode: 400,
				reason: 'INVALID_LOGIN_CREDENTIALS',
				message: `bad password ${PASSWORD}`,
			});
		const error = await loginError(credentials());
		expect(error.message).toContain('bad password [redacted]');
	});
});
