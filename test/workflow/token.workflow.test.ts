import type { NodeApiError } from 'n8n-workflow';

import { PersonrApi } from '../../credentials/PersonrApi.credentials';
import { MAX_TOKEN_ROUNDS } from '../../nodes/Personr/transport/authenticated';
import { forgetAllAccounts } from '../../nodes/Personr/session/session';
import { startPersonrServer, type PersonrServer } from '../../local-server/server';
import { testCredential } from '../harness';
import {
	credentialData,
	CREDENTIAL_ID,
	EMAIL,
	PASSWORD,
	personrStore,
	runPersonrNode,
	runPersonrWorkflow,
} from '../support/personr';

let server: PersonrServer;

beforeAll(async () => {
	server = await startPersonrServer({ accounts: [{ email: EMAIL, password: PASSWORD }] });
});
afterAll(async () => await server.close());
beforeEach(() => {
	// Each test is a fresh n8n process: nothing shared in memory, only what the credential store holds.
	forgetAllAccounts();
	server.resetCounters();
});

/** A credential whose saved token Personr no longer accepts (a login happened elsewhere). */
async function staleStore() {
	const store = personrStore(server);
	await runPersonrWorkflow('get-token-then-predefined', server, store);
	forgetAllAccounts();
	server.revokeToken(EMAIL);
	server.resetCounters();
	return store;
}

describe('Get Token → HTTP call with {{ $json.authorizationHeader }}', () => {
	it('logs in once and the downstream call succeeds with the header', async () => {
		const result = await runPersonrWorkflow('get-token-then-http', server, personrStore(server));
		const [tokenItem] = result.outputOf('Get Token');
		expect(tokenItem?.json.token).toBe(server.currentToken(EMAIL));
		expect(tokenItem?.json.authorizationHeader).toBe(`Bearer ${server.currentToken(EMAIL)}`);
		expect(tokenItem?.json.userId).toMatch(/^\d+x\d+$/);
		expect(Date.parse(String(tokenItem?.json.expiresAt))).toBeGreaterThan(
			Date.now() + 364 * 86_400_000,
		);
		expect(tokenItem?.json.expiresIn).toBeGreaterThan(31_535_000);
		expect(tokenItem?.pairedItem).toEqual({ item: 0 });
		const [applicant] = result.outputOf('Create Applicant');
		expect(applicant?.json.status).toBe('success');
		expect(server.counters.logins).toBe(1);
		expect(server.counters.calls['api-applicant-create']).toBe(1);
	});
});

describe('Get Token', () => {
	it('logs in at most once per run whatever the number of items, each output paired with its item', async () => {
		const result = await runPersonrWorkflow('get-token-items', server, personrStore(server), {
			Items: { count: 5 },
		});
		const output = result.outputOf('Get Token');
		expect(output.map((item) => item.pairedItem)).toEqual(
			[0, 1, 2, 3, 4].map((item) => ({ item })),
		);
		expect(new Set(output.map((item) => item.json.token)).size).toBe(1);
		expect(server.counters.logins).toBe(1);
	});

	it('checks the saved token with one read-only call per run, not one per item', async () => {
		const store = personrStore(server);
		await runPersonrWorkflow('get-token-then-predefined', server, store);
		forgetAllAccounts();
		server.resetCounters();
		const result = await runPersonrWorkflow('get-token-items', server, store, {
			Items: { count: 40 },
		});
		expect(result.outputOf('Get Token').map((item) => item.json.token)).toEqual(
			Array(40).fill(server.currentToken(EMAIL)),
		);
		expect(server.counters.calls['api-applicant-status']).toBe(1);
		expect(server.counters.logins).toBe(0);
	});

	it("returns the credential's saved token without a login", async () => {
		const store = personrStore(server);
		await runPersonrWorkflow('get-token-then-predefined', server, store);
		forgetAllAccounts();
		server.resetCounters();
		const result = await runPersonrWorkflow('get-token-items', server, store);
		expect(result.outputOf('Get Token')[0]?.json.token).toBe(server.currentToken(EMAIL));
		expect(server.counters.logins).toBe(0);
	});

	it('with Force New Token logs in once per run for all items, and the old token stops working', async () => {
		const store = personrStore(server);
		await runPersonrWorkflow('get-token-then-predefined', server, store);
		const before = store.get(CREDENTIAL_ID).data.token;
		server.resetCounters();
		const result = await runPersonrWorkflow('get-token-items', server, store, {
			Items: { count: 4 },
			'Get Token': { options: { forceNewToken: true } },
		});
		const tokens = new Set(result.outputOf('Get Token').map((item) => item.json.token));
		expect(tokens.size).toBe(1);
		expect([...tokens][0]).not.toBe(before);
		expect(server.counters.logins).toBe(1);
		expect(server.currentToken(EMAIL)).toBe([...tokens][0]);
	});

	it('fails with the item index and Personr’s reason when the password is wrong, without the password', async () => {
		const store = personrStore(server, { password: 'wrong: password' });
		const result = await runPersonrWorkflow('get-token-items', server, store);
		const error = result.errorOf('Get Token') as NodeApiError;
		expect(error.message).toContain('Personr rejected the email or password');
		expect(error.message).toContain('We didn’t find an account with those login credentials');
		expect(error.context.itemIndex).toBe(0);
		expect(JSON.stringify(result.run)).not.toContain('wrong: password');
		expect(server.counters.failedLogins).toBe(1);
	});

	it('with continue-on-fail turns every failed item into an error item paired with it, one login attempt only', async () => {
		const store = personrStore(server, { password: 'wrong' });
		const result = await runPersonrWorkflow(
			'get-token-items',
			server,
			store,
			{},
			{ continueOnFail: 'Get Token' },
		);
		const output = result.outputOf('Get Token');
		expect(output).toHaveLength(3);
		for (const [index, item] of output.entries()) {
			expect(item.pairedItem).toEqual({ item: index });
			expect(String(item.json.error)).toContain('Personr rejected the email or password');
		}
		expect(server.counters.failedLogins).toBe(1);
	});
});

describe('HTTP call with the predefined Personr API credential', () => {
	it('logs in when the credential has no token and saves the token for the next run', async () => {
		const store = personrStore(server);
		const result = await runPersonrWorkflow('http-predefined-credential', server, store);
		expect(result.errorOf('Create Applicant')).toBeUndefined();
		expect(server.counters.logins).toBe(1);
		const saved = store.get(CREDENTIAL_ID).data;
		expect(saved.token).toBe(server.currentToken(EMAIL));
		expect(saved.password).toBe(PASSWORD);
		expect(String(saved.tokenAccount)).toMatch(/^[\w-]{32}$/);
		expect(String(saved.tokenAccount)).not.toContain(PASSWORD);

		forgetAllAccounts();
		server.resetCounters();
		await runPersonrWorkflow('http-predefined-credential', server, store);
		expect(server.counters.logins).toBe(0);
	});

	it('after Get Token logged in, picks that token up instead of logging in again', async () => {
		const store = personrStore(server);
		const result = await runPersonrWorkflow('get-token-then-predefined', server, store);
		expect(result.outputOf('Create Applicant')[0]?.json.status).toBe('success');
		expect(server.counters.logins).toBe(1);
		expect(store.get(CREDENTIAL_ID).data.token).toBe(server.currentToken(EMAIL));
	});

	it('renews once after the token was revoked, persists the renewed token, and Get Token then returns it', async () => {
		const store = await staleStore();
		const result = await runPersonrWorkflow('http-predefined-credential', server, store);
		expect(result.errorOf('Create Applicant')).toBeUndefined();
		expect(server.counters.logins).toBe(1);
		// The failed call, then the check that the saved token really is dead before logging in.
		expect(server.counters.rejectedTokens).toBe(2);
		expect(store.get(CREDENTIAL_ID).data.token).toBe(server.currentToken(EMAIL));

		forgetAllAccounts();
		server.resetCounters();
		const tokenRun = await runPersonrWorkflow('get-token-items', server, store, {
			Items: { count: 1 },
		});
		expect(tokenRun.outputOf('Get Token')[0]?.json.token).toBe(server.currentToken(EMAIL));
		expect(server.counters.logins).toBe(0);
	});

	it('does not log in again after an error that is not a token rejection (the HTTP node asks after any error)', async () => {
		const store = personrStore(server);
		await runPersonrWorkflow('http-predefined-credential', server, store);
		forgetAllAccounts();
		server.resetCounters();
		const result = await runPersonrWorkflow('http-predefined-credential', server, store, {
			'Create Applicant': { url: `${server.liveBaseUrl}/api-no-such-endpoint` },
		});
		expect(result.errorOf('Create Applicant')).toBeDefined();
		expect(server.counters.logins).toBe(0);
		expect(server.counters.calls['api-no-such-endpoint']).toBe(2);
	});

	it.each([8, 50])(
		'with %i parallel items and a stale token: exactly one login, every item succeeds',
		async (count) => {
			const store = await staleStore();
			const result = await runPersonrWorkflow('http-predefined-credential', server, store, {
				Items: { count },
			});
			expect(result.errorOf('Create Applicant')).toBeUndefined();
			const output = result.outputOf('Create Applicant');
			expect(output).toHaveLength(count);
			expect(output.every((item) => item.json.status === 'success')).toBe(true);
			expect(output.map((item) => item.pairedItem)).toEqual(
				Array.from({ length: count }, (_, item) => ({ item })),
			);
			expect(server.counters.logins).toBe(1);
			expect(server.counters.calls['api-applicant-create']).toBe(count * 2);
		},
	);
});

describe('credential Test button', () => {
	const test = (extra: Record<string, string> = {}) =>
		testCredential(new PersonrApi(), credentialData(server, extra));

	it('succeeds, and the saved token means the next run needs no login', async () => {
		const outcome = await test();
		expect(outcome).toMatchObject({ status: 'OK' });
		expect(server.counters.logins).toBe(1);
		const store = personrStore(server, outcome.data as Record<string, string>);
		forgetAllAccounts();
		server.resetCounters();
		await runPersonrWorkflow('http-predefined-credential', server, store);
		expect(server.counters.logins).toBe(0);
	});

	it.each([
		[
			{ password: 'nope' },
			'Personr rejected the email or password: We didn’t find an account with those login credentials',
		],
		[
			{ baseUrl: 'http://127.0.0.1:1/api/1.1/wf' },
			'Could not reach Personr at http://127.0.0.1:1: the connection was refused',
		],
		[{ email: '' }, 'The Personr API credential has no Email'],
	])('explains what is wrong with %j', async (extra, message) => {
		const outcome = await test(extra);
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toContain(message);
		expect(outcome.message).not.toContain(PASSWORD);
	});

	it.each([
		[
			{
				kind: 'loginStatus',
				status: 200,
				body: '<html><body>Welcome</body></html>',
				contentType: 'text/html',
			} as const,
			'HTML page instead of JSON',
		],
		[
			{
				kind: 'loginStatus',
				status: 200,
				body: '{"status":"success","response":{}}',
				contentType: 'application/json',
			} as const,
			'without a token',
		],
	])('reports an unexpected login answer (%j)', async (fault, message) => {
		server.setFault(fault);
		try {
			const outcome = await test();
			expect(outcome.status).toBe('Error');
			expect(outcome.message).toContain(message);
		} finally {
			server.setFault(undefined);
		}
	});

	it('reports a token Personr rejects right after the login', async () => {
		server.setFault({ kind: 'rejectAllTokens' });
		try {
			const outcome = await test();
			expect(outcome.status).toBe('Error');
			expect(outcome.message).toContain('rejected the new token');
		} finally {
			server.setFault(undefined);
		}
	});
});

describe('Verify Token (keep-alive)', () => {
	const verify = (store: ReturnType<typeof personrStore>) =>
		runPersonrNode(server, { resource: 'token', operation: 'verifyToken' }, { credentials: store });

	it('uses a valid token once without logging in', async () => {
		const store = personrStore(server);
		await runPersonrWorkflow('get-token-then-predefined', server, store);
		forgetAllAccounts();
		server.resetCounters();
		const result = await verify(store);
		expect(result.outputOf('Personr')[0]?.json).toMatchObject({ valid: true, renewed: false });
		expect(server.counters.logins).toBe(0);
		expect(server.counters.calls['api-applicant-status']).toBe(1);
	});

	it('renews a revoked token once and the credential keeps the new one', async () => {
		const store = await staleStore();
		const result = await verify(store);
		expect(result.outputOf('Personr')[0]?.json).toMatchObject({ valid: true, renewed: true });
		expect(server.counters.logins).toBe(1);
		expect(store.get(CREDENTIAL_ID).data.token).toBe(server.currentToken(EMAIL));
	});

	it('fails clearly, after one login per round, when Personr rejects even the new token', async () => {
		const store = await staleStore();
		server.setFault({ kind: 'rejectAllTokens' });
		try {
			const result = await verify(store);
			const error = result.errorOf('Personr') as NodeApiError;
			expect(error.message).toContain('Personr rejected the new token');
			expect(error.context.itemIndex).toBe(0);
			expect(server.counters.logins).toBe(MAX_TOKEN_ROUNDS);
			expect(JSON.stringify(result.run)).not.toContain(server.currentToken(EMAIL) as string);
		} finally {
			server.setFault(undefined);
		}
	});
});

describe('Get Token saves what it returns (through n8n’s own renewal)', () => {
	const getToken = (store: ReturnType<typeof personrStore>, options = {}) =>
		runPersonrNode(
			server,
			{ resource: 'token', operation: 'getToken', options },
			{ credentials: store },
		);

	it('logs in when the credential has none, and the credential then holds that very token', async () => {
		const store = personrStore(server);
		const result = await getToken(store);
		const token = result.outputOf('Personr')[0]?.json.token;
		expect(server.counters.logins).toBe(1);
		expect(store.get(CREDENTIAL_ID).data.token).toBe(token);
		expect(token).toBe(server.currentToken(EMAIL));
		// A new process needs no login: the saved token is used and accepted.
		forgetAllAccounts();
		server.resetCounters();
		expect((await getToken(store)).outputOf('Personr')[0]?.json.token).toBe(token);
		expect(server.counters.logins).toBe(0);
	});

	it('returns a revoked token’s replacement, never the dead one, and saves it', async () => {
		const store = await staleStore();
		const dead = store.get(CREDENTIAL_ID).data.token;
		const token = (await getToken(store)).outputOf('Personr')[0]?.json.token;
		expect(token).not.toBe(dead);
		expect(token).toBe(server.currentToken(EMAIL));
		expect(store.get(CREDENTIAL_ID).data.token).toBe(token);
	});

	it('Force New Token: a token from a login during this run, saved, one login for all items', async () => {
		const store = personrStore(server);
		await getToken(store);
		const before = store.get(CREDENTIAL_ID).data.token;
		server.resetCounters();
		const result = await runPersonrWorkflow('get-token-items', server, store, {
			'Get Token': { options: { forceNewToken: true } },
		});
		const tokens = new Set(result.outputOf('Get Token').map((item) => item.json.token));
		expect(tokens.size).toBe(1);
		expect([...tokens][0]).not.toBe(before);
		expect([...tokens][0]).toBe(server.currentToken(EMAIL));
		expect(store.get(CREDENTIAL_ID).data.token).toBe([...tokens][0]);
		expect(server.counters.logins).toBe(1);
	});
});

describe('Verify Token says valid only on evidence', () => {
	const verify = (store: ReturnType<typeof personrStore>) =>
		runPersonrNode(server, { resource: 'token', operation: 'verifyToken' }, { credentials: store });

	it.each([
		['a 429', { kind: 'callStatus', status: 429, retryAfterSeconds: 0 }, 'HTTP 429'],
		['a redirect', { kind: 'redirect', location: 'http://127.0.0.1:9/' }, 'redirect (HTTP 302)'],
		[
			'an HTML 404',
			{ kind: 'callStatus', status: 404, body: '<html>Not found</html>' },
			'HTTP 404',
		],
		['a 503', { kind: 'callStatus', status: 503 }, 'HTTP 503'],
	] as const)(
		'%s is an error, not `valid: true`, and nothing is renewed',
		async (_, fault, said) => {
			const store = personrStore(server);
			await runPersonrWorkflow('get-token-then-predefined', server, store);
			const before = store.get(CREDENTIAL_ID).data.token;
			server.resetCounters();
			server.setFault(fault);
			try {
				const result = await verify(store);
				expect(result.outputOf('Personr')).toHaveLength(0);
				expect((result.errorOf('Personr') as Error).message).toContain(said);
				expect(server.counters.logins).toBe(0);
				expect(store.get(CREDENTIAL_ID).data.token).toBe(before);
			} finally {
				server.setFault(undefined);
			}
		},
	);

	it('a Bubble JSON 4xx other than 401 proves the token was accepted', async () => {
		const store = personrStore(server);
		await runPersonrWorkflow('get-token-then-predefined', server, store);
		server.resetCounters();
		server.setFault({
			kind: 'callStatus',
			status: 404,
			body: JSON.stringify({
				statusCode: 404,
				body: { status: 'NOT_FOUND', message: 'Applicant not found' },
			}),
			times: 1,
		});
		try {
			expect((await verify(store)).outputOf('Personr')[0]?.json).toMatchObject({
				valid: true,
				renewed: false,
			});
			expect(server.counters.logins).toBe(0);
		} finally {
			server.setFault(undefined);
		}
	});
});
