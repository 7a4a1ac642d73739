import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { PersonrApi } from '../../credentials/PersonrApi.credentials';
import { logIn, type PersonrToken } from '../../nodes/Personr/transport/login';
import {
	acquireToken,
	accountFromCredentials,
	credentialFields,
	FAILED_LOGIN_MEMORY_MS,
	forgetAllAccounts,
	FRESH_TOKEN_MS,
} from '../../nodes/Personr/transport/session';
import { startPersonrServer, type PersonrServer } from '../../local-server/server';
import { n8nHttp } from '../support/n8nHttp';

const EMAIL = 'ops@example.com';
const PASSWORD = 'correct horse: battery';
let server: PersonrServer;

const credentialsFor = (token: Partial<Record<string, string>> = {}) => ({
	email: EMAIL,
	password: PASSWORD,
	environment: 'custom',
	baseUrl: server.liveBaseUrl,
	loginMethod: 'basicAuth',
	token: '',
	...token,
});

async function accepted(token: string): Promise<boolean> {
	const response = await fetch(`${server.liveBaseUrl}/api-applicant-status`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ applicantId: 'none' }),
	});
	return response.status !== 401;
}

/** A credential whose stored token Personr has since invalidated. */
async function staleCredentials() {
	const stale = await logIn(n8nHttp(), accountFromCredentials(credentialsFor()));
	server.revokeToken(EMAIL);
	server.resetCounters();
	return credentialsFor(credentialFields(stale) as Record<string, string>);
}

const preAuthentication = (data: ICredentialDataDecryptedObject) =>
	new PersonrApi().preAuthentication.call({ helpers: n8nHttp() }, { ...data });

beforeAll(async () => {
	server = await startPersonrServer({ accounts: [{ email: EMAIL, password: PASSWORD }] });
});
afterAll(async () => await server.close());
beforeEach(() => {
	forgetAllAccounts();
	server.resetCounters();
	jest.restoreAllMocks();
});

describe.each([8, 50])('%i parallel requests holding a stale token', (parallel) => {
	it('share exactly one login and all end up with a token Personr accepts', async () => {
		const stale = await staleCredentials();
		const results = await Promise.all(Array.from({ length: parallel }, () => preAuthentication(stale)));
		expect(server.counters.logins).toBe(1);
		const tokens = new Set(results.map((fields) => fields.token));
		expect(tokens.size).toBe(1);
		expect(await accepted([...tokens][0] as string)).toBe(true);
	});

	it('knock each other out with the textbook credential (login on every call), which is what the sharing prevents', async () => {
		const stale = await staleCredentials();
		const account = accountFromCredentials(stale);
		const results = await Promise.all(Array.from({ length: parallel }, () => logIn(n8nHttp(), account)));
		expect(server.counters.logins).toBe(parallel);
		const verdicts = await Promise.all(results.map((token) => accepted(token.token)));
		expect(verdicts.filter(Boolean)).toHaveLength(1);
	});
});

describe('a caller behind the newest token', () => {
	it('is handed the newest token without a login', async () => {
		const stale = await staleCredentials();
		const renewed = await preAuthentication(stale);
		expect(server.counters.logins).toBe(1);
		const again = await preAuthentication(stale);
		expect(again.token).toBe(renewed.token);
		expect(server.counters.logins).toBe(1);
	});

	it('includes a credential that has no token yet (e.g. after the Personr node logged in)', async () => {
		const first = await acquireToken(n8nHttp(), credentialsFor(), { kind: 'current' });
		const fields = await preAuthentication(credentialsFor());
		expect(fields.token).toBe(first.token);
		expect(server.counters.logins).toBe(1);
	});

	it('is not confused by a token obtained elsewhere that is newer than ours: that one was rejected, so log in', async () => {
		const ours = await acquireToken(n8nHttp(), credentialsFor(), { kind: 'current' });
		const newerElsewhere: PersonrToken = { ...ours, token: 'elsewhere', issuedAt: ours.issuedAt + 1 };
		const fields = await preAuthentication(credentialsFor(credentialFields(newerElsewhere) as Record<string, string>));
		expect(server.counters.logins).toBe(2);
		expect(fields.token).not.toBe(ours.token);
	});
});

describe('a rejected token that is the newest one', () => {
	it('is trusted while it is fresh (the rejection raced the login), then replaced by one login', async () => {
		const first = await acquireToken(n8nHttp(), credentialsFor(), { kind: 'current' });
		const holding = credentialsFor(credentialFields(first) as Record<string, string>);
		server.revokeToken(EMAIL);
		expect((await preAuthentication(holding)).token).toBe(first.token);
		expect(server.counters.logins).toBe(1);

		const later = Date.now() + FRESH_TOKEN_MS + 1;
		jest.spyOn(Date, 'now').mockReturnValue(later);
		const results = await Promise.all(Array.from({ length: 5 }, () => preAuthentication(holding)));
		expect(server.counters.logins).toBe(2);
		expect(new Set(results.map((fields) => fields.token)).size).toBe(1);
	});
});

describe('a token Personr still accepts', () => {
	it('is kept when renewal is asked for after some other error, checked once for concurrent callers', async () => {
		const first = await acquireToken(n8nHttp(), credentialsFor(), { kind: 'current' });
		forgetAllAccounts();
		server.resetCounters();
		const holding = credentialsFor(credentialFields(first) as Record<string, string>);
		const results = await Promise.all(Array.from({ length: 10 }, () => preAuthentication(holding)));
		expect(results.every((fields) => fields.token === first.token)).toBe(true);
		expect(server.counters.logins).toBe(0);
		expect(server.counters.calls['api-applicant-status']).toBe(1);
	});
});

describe('the current token (Get Token)', () => {
	it('is the credential’s own token when it has one, without a login', async () => {
		const token = await acquireToken(n8nHttp(), credentialsFor({ token: 'stored-token' }), { kind: 'current' });
		expect(token.token).toBe('stored-token');
		expect(server.counters.logins).toBe(0);
	});

	it('ignores a stored token past its recorded expiry', async () => {
		const expired = { token: 'old', expiresAt: new Date(Date.now() - 1000).toISOString() };
		const token = await acquireToken(n8nHttp(), credentialsFor(expired), { kind: 'current' });
		expect(token.token).not.toBe('old');
		expect(server.counters.logins).toBe(1);
	});

	it('logs in once for many sequential callers without a token', async () => {
		for (let call = 0; call < 10; call++) await acquireToken(n8nHttp(), credentialsFor(), { kind: 'current' });
		expect(server.counters.logins).toBe(1);
	});

	it('forces exactly one new login per request time, shared by concurrent callers', async () => {
		const before = await acquireToken(n8nHttp(), credentialsFor(), { kind: 'current' });
		const holding = credentialsFor(credentialFields(before) as Record<string, string>);
		const forced = await Promise.all(
			Array.from({ length: 10 }, () => acquireToken(n8nHttp(), holding, { kind: 'newerThan', time: Date.now() })),
		);
		expect(server.counters.logins).toBe(2);
		expect(new Set(forced.map((token) => token.token)).size).toBe(1);
		expect(forced[0]?.token).not.toBe(before.token);
		expect(await accepted(before.token)).toBe(false);
	});
});

describe('failed logins', () => {
	it('are remembered briefly so parallel callers cannot start a login storm', async () => {
		const wrong = { ...credentialsFor(), password: 'wrong' };
		const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => preAuthentication(wrong)));
		expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
		await expect(preAuthentication(wrong)).rejects.toThrow('rejected the email or password');
		expect(server.counters.failedLogins).toBe(1);

		jest.spyOn(Date, 'now').mockReturnValue(Date.now() + FAILED_LOGIN_MEMORY_MS + 1);
		await expect(preAuthentication(wrong)).rejects.toThrow('rejected the email or password');
		expect(server.counters.failedLogins).toBe(2);
	});
});

describe('accounts', () => {
	it('are told apart by base URL, email and password, and keyed without the password in clear', async () => {
		const keys: unknown[] = [];
		const originalSet = Map.prototype.set;
		jest.spyOn(Map.prototype, 'set').mockImplementation(function (this: Map<unknown, unknown>, key, value) {
			keys.push(key);
			return originalSet.call(this, key, value);
		});
		await acquireToken(n8nHttp(), credentialsFor(), { kind: 'current' });
		await acquireToken(n8nHttp(), { ...credentialsFor(), baseUrl: server.developmentBaseUrl }, { kind: 'current' });
		jest.restoreAllMocks();
		expect(server.counters.logins).toBe(2);
		const text = JSON.stringify(keys);
		expect(text).not.toContain(PASSWORD);
		expect(text).not.toContain(EMAIL);
	});

	it('are forgotten least-recently-used first, so memory stays bounded', async () => {
		await acquireToken(n8nHttp(), credentialsFor(), { kind: 'current' });
		const others = Array.from({ length: 100 }, (_, index) => ({ ...credentialsFor(), password: `other-${index}`, token: 'x' }));
		for (const other of others) await acquireToken(n8nHttp(), other, { kind: 'current' });
		expect(server.counters.logins).toBe(1);
		await preAuthentication(credentialsFor());
		expect(server.counters.logins).toBe(2);
	});
});
