import { sleep } from 'n8n-workflow';

import { startPersonrServer, type PersonrServer } from '../../local-server/server';
import { at, basic, call, DEMO, loginToken, textAt } from './helpers';

const TOKEN_SHAPE = /^bus\|\d{13}x\d{18}\|\d{13}x\d{18}$/;
const INVALID_LOGIN = {
	statusCode: 400,
	reason: 'INVALID_LOGIN_CREDENTIALS',
	message: 'We didn\u2019t find an account with those login credentials',
	args: { bubble_code: 'INVALID_LOGIN_CREDENTIALS' },
};
const TRICKY = { email: 'ops@example.com', password: 'p@ss: wörd 密码 :: ok' };

let server: PersonrServer;
beforeAll(async () => {
	server = await startPersonrServer({ accounts: [DEMO, TRICKY], tokenLifetimeSeconds: 3600 });
});
afterAll(() => server.close());
beforeEach(() => server.resetCounters());

describe('api-basic-auth', () => {
	it('returns a fresh Bubble token, the user id and the lifetime', async () => {
		const answer = await call(server.liveBaseUrl, 'api-basic-auth', {
			authorization: basic(DEMO.email, DEMO.password),
		});
		expect(answer.status).toBe(200);
		expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
		expect(answer.json).toEqual({
			status: 'success',
			response: {
				token: expect.stringMatching(TOKEN_SHAPE),
				user_id: expect.stringMatching(/^\d{13}x\d{18}$/),
				expires: 3600,
			},
		});
		expect(server.currentToken(DEMO.email)).toBe(textAt(answer.json, 'response', 'token'));
		expect(server.counters).toMatchObject({
			logins: 1,
			failedLogins: 0,
			calls: { 'api-basic-auth': 1 },
		});
	});

	it('decodes UTF-8 and splits at the first colon, so passwords may hold colons, spaces and any script', async () => {
		const token = await loginToken(server, TRICKY.email, TRICKY.password);
		expect(token).toMatch(TOKEN_SHAPE);
		// Latin-1 encoding of the same text must not be accepted.
		const latin1 = `Basic ${Buffer.from(`${TRICKY.email}:${TRICKY.password}`, 'latin1').toString('base64')}`;
		expect(
			(await call(server.liveBaseUrl, 'api-basic-auth', { authorization: latin1 })).status,
		).toBe(400);
	});

	it('matches the email case-insensitively but the password exactly', async () => {
		expect(await loginToken(server, 'DEMO@Personr.Local', DEMO.password)).toMatch(TOKEN_SHAPE);
		const wrongCase = await call(server.liveBaseUrl, 'api-basic-auth', {
			authorization: basic(DEMO.email, 'DEMO-PASSWORD'),
		});
		expect(wrongCase.status).toBe(400);
	});

	it.each([
		['a wrong password', basic(DEMO.email, 'nope')],
		['an unknown email', basic('nobody@example.com', DEMO.password)],
		['no colon at all', `Basic ${Buffer.from('just-an-email').toString('base64')}`],
		['a Bearer header instead', 'Bearer whatever'],
	])('answers %s with Bubble’s exact 400 body', async (_case, authorization) => {
		const answer = await call(server.liveBaseUrl, 'api-basic-auth', { authorization });
		expect(answer.status).toBe(400);
		expect(answer.json).toEqual(INVALID_LOGIN);
		expect(answer.text).toContain('didn’t');
		expect(server.counters).toMatchObject({ logins: 0, failedLogins: 1 });
	});

	it('answers a missing Authorization header with the same 400', async () => {
		const answer = await call(server.liveBaseUrl, 'api-basic-auth');
		expect(answer.status).toBe(400);
		expect(answer.json).toEqual(INVALID_LOGIN);
	});
});

describe('api-token-generate', () => {
	it('takes email and password from a urlencoded body', async () => {
		const answer = await call(server.liveBaseUrl, 'api-token-generate', { form: TRICKY });
		expect(answer.status).toBe(200);
		expect(textAt(answer.json, 'response', 'token')).toMatch(TOKEN_SHAPE);
	});

	it('takes email and password from a JSON body', async () => {
		const answer = await call(server.liveBaseUrl, 'api-token-generate', { json: DEMO });
		expect(answer.status).toBe(200);
		expect(at(answer.json, 'response', 'expires')).toBe(3600);
	});

	it('rejects a wrong or a missing password with the login error: the page marks neither field required', async () => {
		const wrong = await call(server.liveBaseUrl, 'api-token-generate', {
			json: { ...DEMO, password: 'x' },
		});
		expect(wrong.status).toBe(400);
		expect(wrong.json).toEqual(INVALID_LOGIN);
		const missing = await call(server.liveBaseUrl, 'api-token-generate', {
			json: { email: DEMO.email },
		});
		expect(missing.status).toBe(400);
		expect(missing.json).toEqual(INVALID_LOGIN);
		expect(server.counters.failedLogins).toBe(2);
	});
});

describe('tokens', () => {
	const status = (token: string) =>
		call(server.liveBaseUrl, 'api-applicant-status', { token, json: { applicantId: 'unknown' } });

	it('are unique, and each login invalidates the previous token of the account', async () => {
		const first = await loginToken(server);
		expect((await status(first)).status).toBe(400); // accepted: the applicant is what is missing
		const second = await loginToken(server);
		expect(second).not.toBe(first);
		expect((await status(first)).status).toBe(401);
		expect((await status(second)).status).toBe(400);
		expect(server.issuedTokens).toEqual(expect.arrayContaining([first, second]));
	});

	it('of one account do not affect another account', async () => {
		const demo = await loginToken(server);
		await loginToken(server, TRICKY.email, TRICKY.password);
		expect((await status(demo)).status).toBe(400);
	});

	it('are rejected with Bubble’s 401 body, which echoes the token sent', async () => {
		const answer = await status('stale-token-123');
		expect(answer.status).toBe(401);
		expect(answer.json).toEqual({
			error_class: 'Unauthorized',
			args: { code: expect.stringMatching(/^\d{13}x\d+$/) },
			message: null,
			translation: 'Invalid or expired token: stale-token-123',
		});
		expect(server.counters.rejectedTokens).toBe(1);
	});

	it('are required: no Authorization header is a 401 too', async () => {
		const answer = await call(server.liveBaseUrl, 'api-applicant-status', {
			json: { applicantId: 'x' },
		});
		expect(answer.status).toBe(401);
		expect(at(answer.json, 'error_class')).toBe('Unauthorized');
		const basicInstead = await call(server.liveBaseUrl, 'api-applicant-status', {
			authorization: basic(DEMO.email, DEMO.password),
		});
		expect(basicInstead.status).toBe(401);
		expect(server.counters.rejectedTokens).toBe(2);
	});

	it('stop working after revokeToken / expireToken, without a new one being issued', async () => {
		for (const drop of [server.revokeToken, server.expireToken]) {
			const token = await loginToken(server);
			drop(DEMO.email);
			expect(server.currentToken(DEMO.email)).toBeUndefined();
			expect((await status(token)).status).toBe(401);
		}
	});

	it('stop working once their lifetime has passed', async () => {
		const shortLived = await startPersonrServer({ tokenLifetimeSeconds: 0.2 });
		try {
			const token = await loginToken(shortLived);
			expect(
				(
					await call(shortLived.liveBaseUrl, 'api-change-workspace', {
						token,
						json: { workspace: 'Main' },
					})
				).status,
			).toBe(200);
			await sleep(300);
			expect(
				(
					await call(shortLived.liveBaseUrl, 'api-change-workspace', {
						token,
						json: { workspace: 'Main' },
					})
				).status,
			).toBe(401);
			expect(shortLived.currentToken(DEMO.email)).toBeUndefined();
		} finally {
			await shortLived.close();
		}
	});
});

describe('versions, counters and the request log', () => {
	it('serves /version-test/ like live and counts the two apart', async () => {
		const answer = await call(server.developmentBaseUrl, 'api-basic-auth', {
			authorization: basic(DEMO.email, DEMO.password),
		});
		const token = textAt(answer.json, 'response', 'token');
		await call(server.developmentBaseUrl, 'api-change-workspace', {
			token,
			json: { workspace: 'Main' },
		});
		await call(server.liveBaseUrl, 'api-change-workspace', { token, json: { workspace: 'Main' } });
		expect(server.developmentBaseUrl).toBe(`${server.url}/version-test/api/1.1/wf`);
		expect(server.counters).toMatchObject({
			requests: 3,
			byVersion: { live: 1, development: 2 },
			calls: { 'api-basic-auth': 1, 'api-change-workspace': 2 },
		});
		expect(server.requests.map((entry) => [entry.version, entry.endpoint, entry.status])).toEqual([
			['development', 'api-basic-auth', 200],
			['development', 'api-change-workspace', 200],
			['live', 'api-change-workspace', 200],
		]);
	});

	it('never records credentials: Authorization keeps only its scheme and passwords are blanked', async () => {
		const token = await loginToken(server, TRICKY.email, TRICKY.password);
		await call(server.liveBaseUrl, 'api-token-generate', { form: TRICKY });
		await call(server.liveBaseUrl, 'api-change-workspace', { token, json: { workspace: 'Main' } });
		const recorded = JSON.stringify(server.requests);
		expect(recorded).not.toContain(TRICKY.password);
		expect(recorded).not.toContain(token);
		expect(recorded).not.toContain(basic(TRICKY.email, TRICKY.password).slice(6));
		expect(server.requests.map((entry) => entry.headers.authorization)).toEqual([
			'Basic [redacted]',
			undefined,
			'Bearer [redacted]',
		]);
		expect(server.requests[1]?.body).toEqual({ email: TRICKY.email, password: '[redacted]' });
	});

	it('keeps counter objects in place across resets', async () => {
		const { counters } = server;
		await loginToken(server);
		server.resetCounters();
		expect(server.counters).toBe(counters);
		expect(counters).toEqual({
			logins: 0,
			failedLogins: 0,
			calls: {},
			rejectedTokens: 0,
			rateLimited: 0,
			requests: 0,
			byVersion: { live: 0, development: 0 },
		});
		expect(server.requests).toEqual([]);
	});

	it('never writes passwords or tokens to the log sink', async () => {
		const lines: string[] = [];
		const logged = await startPersonrServer({
			accounts: [TRICKY],
			log: (line) => lines.push(line),
		});
		try {
			const token = await loginToken(logged, TRICKY.email, TRICKY.password);
			await call(logged.liveBaseUrl, 'api-applicant-create', {
				token,
				json: { email: 'a@b.c', phone: '1', flowName: 'KYC' },
			});
			await call(logged.liveBaseUrl, 'api-applicant-status', {
				token: 'wrong-token-xyz',
				json: { applicantId: 'x' },
			});
			expect(lines).toHaveLength(3);
			expect(lines[0]).toMatch(/^POST \/api\/1\.1\/wf\/api-basic-auth -> 200/);
			expect(lines[2]).toMatch(/api-applicant-status -> 401/);
			const text = lines.join('\n');
			for (const secret of [TRICKY.password, token, 'wrong-token-xyz'])
				expect(text).not.toContain(secret);
		} finally {
			await logged.close();
		}
	});

	it('answers unknown endpoints with a Bubble-like 404', async () => {
		const answer = await call(server.liveBaseUrl, 'api-does-not-exist', { json: {} });
		expect(answer.status).toBe(404);
		expect(answer.json).toEqual({
			statusCode: 404,
			body: { status: 'NOT_FOUND', message: 'Workflow not found api-does-not-exist' },
		});
	});
});
