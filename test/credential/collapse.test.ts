import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';
import { PersonrApi } from '../../credentials/PersonrApi.credentials';
import { logIn } from '../../nodes/Personr/session/login';
import * as session from '../../nodes/Personr/session/session';
import { startPersonrServer, type PersonrServer } from '../../local-server/server';
import { n8nHttp } from '../support/n8nHttp';
import { otherProcessSession, type Session } from '../support/otherProcess';

const {
	accountFromCredentials,
	forgetAllAccounts,
	MAX_LOGINS_PER_WINDOW,
	RENEWAL_HEADER,
	setRenewalJitter,
} = session;
const EMAIL = 'ops@example.com';
const PASSWORD = 'correct horse: battery';
const OTHER = { email: 'second@example.com', password: 'another: secret' };
let server: PersonrServer;

const credentialsFor = (
	extra: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject => ({
	email: EMAIL,
	password: PASSWORD,
	environment: 'custom',
	baseUrl: server.liveBaseUrl,
	loginMethod: 'basicAuth',
	token: '',
	...extra,
});

async function accepted(token: string): Promise<boolean> {
	const response = await fetch(`${server.liveBaseUrl}/api-applicant-status`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ applicantId: 'none' }),
	});
	return response.status !== 401;
}

const credentialOf = (module: Session) => {
	// The credential class bound to one copy of the token module: a second copy is a second n8n process.
	const api = new PersonrApi();
	return {
		preAuthentication: (data: ICredentialDataDecryptedObject) =>
			module.preAuthenticate(n8nHttp(), data),
		authenticate: (
			data: ICredentialDataDecryptedObject,
			options: IHttpRequestOptions = { url: '/' },
		) => module.signRequest(data, options),
		api,
	};
};
const here = credentialOf(session);
const { api } = here;

/** preAuthentication as n8n calls it after a failed request: with the object the request was signed with. */
async function afterFailedRequest(
	data: ICredentialDataDecryptedObject,
	module: Session = session,
): Promise<ICredentialDataDecryptedObject> {
	await module.signRequest(data, { url: '/' });
	return {
		...data,
		...(await module.preAuthenticate(n8nHttp(), data)),
	} as ICredentialDataDecryptedObject;
}

/** What n8n stores after a renewal: the credential with the fields preAuthentication returned. */
async function savedCredential(
	extra: ICredentialDataDecryptedObject = {},
): Promise<ICredentialDataDecryptedObject> {
	const data = credentialsFor(extra);
	return { ...data, ...(await here.preAuthentication(data)) } as ICredentialDataDecryptedObject;
}

/** A saved, bound credential whose token Personr has since invalidated. */
async function staleCredentials(): Promise<ICredentialDataDecryptedObject> {
	const saved = await savedCredential();
	server.revokeToken(EMAIL);
	server.resetCounters();
	forgetAllAccounts();
	return saved;
}

const authorization = async (
	data: ICredentialDataDecryptedObject,
	headers: Record<string, string> = {},
) =>
	(await api.authenticate(data, { url: `${String(data.baseUrl)}/api-applicant-status`, headers }))
		.headers?.Authorization;

beforeAll(async () => {
	server = await startPersonrServer({ accounts: [{ email: EMAIL, password: PASSWORD }, OTHER] });
});
afterAll(async () => await server.close());
beforeEach(() => {
	forgetAllAccounts();
	server.resetCounters();
	server.setFault(undefined);
	jest.restoreAllMocks();
});

describe.each([8, 50])('%i parallel requests holding a stale token', (parallel) => {
	it('share one check and exactly one login, and all end up with a token Personr accepts', async () => {
		const stale = await staleCredentials();
		const results = await Promise.all(
			Array.from({ length: parallel }, () => afterFailedRequest({ ...stale })),
		);
		expect(server.counters.logins).toBe(1);
		expect(server.counters.calls['api-applicant-status']).toBe(1);
		const tokens = new Set(results.map((fields) => fields.token));
		expect(tokens.size).toBe(1);
		expect(await accepted([...tokens][0] as string)).toBe(true);
	});

	it('knock each other out with the textbook credential (login on every call), which is what the sharing prevents', async () => {
		const stale = await staleCredentials();
		const account = accountFromCredentials(stale);
		const results = await Promise.all(
			Array.from({ length: parallel }, () => logIn(n8nHttp(), account)),
		);
		expect(server.counters.logins).toBe(parallel);
		const verdicts = await Promise.all(results.map((token) => accepted(token.token)));
		expect(verdicts.filter(Boolean)).toHaveLength(1);
	});
});

describe('evidence, not time', () => {
	it('a token invalidated a moment after its login is checked and replaced, not handed back as fresh', async () => {
		const saved = await savedCredential();
		server.revokeToken(EMAIL);
		server.resetCounters();
		const renewed = await afterFailedRequest({ ...saved });
		expect(renewed.token).not.toBe(saved.token);
		expect(server.counters.logins).toBe(1);
		expect(await accepted(String(renewed.token))).toBe(true);
	});

	it('a token Personr still accepts is kept after some other error: checked, no login', async () => {
		const saved = await savedCredential();
		server.resetCounters();
		const results = await Promise.all(
			Array.from({ length: 5 }, () => afterFailedRequest({ ...saved })),
		);
		expect(results.every((fields) => fields.token === saved.token)).toBe(true);
		expect(server.counters.logins).toBe(0);
		// Shared: a caller that came while a check was already under way waits for one started after it.
		expect(server.counters.calls['api-applicant-status']).toBeLessThanOrEqual(2);
	});

	it('a request still holding the token that died is handed the renewed one without another check or login', async () => {
		const stale = await staleCredentials();
		const renewed = await afterFailedRequest({ ...stale });
		server.resetCounters();
		const late = await afterFailedRequest({ ...stale });
		expect(late.token).toBe(renewed.token);
		expect(server.counters.requests).toBe(0);
	});
});

describe('a check that proves nothing', () => {
	it.each([
		['a 503', { kind: 'callStatus', status: 503 }],
		['a 429', { kind: 'callStatus', status: 429, retryAfterSeconds: 0 }],
		['an HTML page', { kind: 'callStatus', status: 200, body: '<html>maintenance</html>' }],
		['a redirect', { kind: 'redirect', location: 'http://127.0.0.1:9/elsewhere' }],
	] as const)(
		'%s on every try: neither confirms nor replaces the token, and says so',
		async (_, fault) => {
			const saved = await savedCredential();
			server.resetCounters();
			server.setFault(fault);
			const error = await afterFailedRequest({ ...saved }).catch((thrown: unknown) => thrown);
			expect(error).toMatchObject({ failure: 'undecided' });
			expect(String((error as Error).message)).toContain(
				'so n8n did not log in again and nothing was changed',
			);
			expect(server.counters.logins).toBe(0);
			server.setFault(undefined);
			// Nothing was taken as proof: the good token is still checked (and kept) by the next renewal.
			expect((await afterFailedRequest({ ...saved })).token).toBe(saved.token);
		},
	);

	it('one blip during the check is tried again, and the dead token then gets its one login', async () => {
		const stale = await staleCredentials();
		server.setFault({ kind: 'callStatus', status: 503, times: 1 });
		const renewed = await afterFailedRequest({ ...stale });
		expect(server.counters.logins).toBe(1);
		expect(await accepted(String(renewed.token))).toBe(true);
	});

	it('a network failure during the check does not replace a good token', async () => {
		const saved = await savedCredential();
		server.resetCounters();
		const resetOnChecks = {
			httpRequest: async (options: IHttpRequestOptions) => {
				if (String(options.url).endsWith('/api-applicant-status'))
					throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
				return await n8nHttp().httpRequest(options);
			},
		};
		const request = { ...saved };
		await session.signRequest(request, { url: '/' });
		const error = await session
			.preAuthenticate(resetOnChecks, request)
			.catch((thrown: unknown) => thrown);
		expect(error).toMatchObject({ failure: 'undecided' });
		expect(String((error as Error).message)).toContain('the connection was reset');
		expect(server.counters.calls['api-basic-auth']).toBeUndefined();
		expect(await accepted(String(saved.token))).toBe(true);
	});
});

describe('login failures', () => {
	it('a passing one (5xx) is shared only while in flight: the next request logs in once Personr recovered', async () => {
		server.setFault({ kind: 'loginStatus', status: 503 });
		const failures = await Promise.all(
			Array.from({ length: 4 }, () =>
				here.preAuthentication(credentialsFor()).catch((error: unknown) => error),
			),
		);
		expect(
			failures.every((error) => (error as { failure?: string }).failure === 'serverError'),
		).toBe(true);
		expect(server.counters.calls['api-basic-auth']).toBe(1);
		server.setFault(undefined);
		const fields = await here.preAuthentication(credentialsFor());
		expect(await accepted(String(fields.token))).toBe(true);
	});

	it('a rejected email or password is answered from memory, until the password changes', async () => {
		const wrong = credentialsFor({ password: 'wrong' });
		for (let call = 0; call < 5; call++)
			await expect(here.preAuthentication({ ...wrong })).rejects.toMatchObject({
				failure: 'rejectedCredentials',
			});
		expect(server.counters.failedLogins).toBe(1);
		await here.preAuthentication(credentialsFor());
		expect(server.counters.logins).toBe(1);
	});

	it(`are bounded by rate: at most ${MAX_LOGINS_PER_WINDOW} per account and process, then a clear error without a request`, async () => {
		server.setFault({ kind: 'loginStatus', status: 500 });
		for (let call = 0; call < MAX_LOGINS_PER_WINDOW + 3; call++)
			await here.preAuthentication(credentialsFor()).catch(() => undefined);
		expect(server.counters.calls['api-basic-auth']).toBe(MAX_LOGINS_PER_WINDOW);
		await expect(here.preAuthentication(credentialsFor())).rejects.toMatchObject({
			failure: 'loginLimit',
		});
	});
});

describe('the token belongs to the account that obtained it', () => {
	it('is saved with a fingerprint that holds neither the password nor the email', async () => {
		const saved = await savedCredential();
		expect(String(saved.tokenAccount)).toMatch(/^[\w-]{32}$/);
		for (const secret of [PASSWORD, EMAIL, Buffer.from(PASSWORD).toString('base64')])
			expect(String(saved.tokenAccount)).not.toContain(secret);
	});

	it.each([
		['the email', { email: OTHER.email, password: OTHER.password }],
		['the password', { password: 'a new password' }],
		['the base URL', { baseUrl: 'http://127.0.0.1:9/api/1.1/wf' }],
		['the login method', { loginMethod: 'bodyParameters' }],
	])('after %s changes, the old token is never sent and counts as absent', async (_, change) => {
		const saved = await savedCredential();
		const edited = { ...saved, ...change };
		expect(await authorization(edited)).not.toContain(String(saved.token));
		expect(await authorization(saved)).toBe(`Bearer ${String(saved.token)}`);
		expect(await session.savedToken(edited, accountFromCredentials(edited))).toBeUndefined();
	});

	it('after an edit from user A to user B, the next run logs in as B and keeps B’s token', async () => {
		const saved = await savedCredential();
		server.resetCounters();
		const asB = { ...saved, email: OTHER.email, password: OTHER.password };
		const renewed = await afterFailedRequest(asB);
		expect(server.counters.logins).toBe(1);
		expect(renewed.token).toBe(server.currentToken(OTHER.email));
		expect(await authorization(renewed)).toBe(`Bearer ${String(renewed.token)}`);
		// A's token was not touched.
		expect(await accepted(String(saved.token))).toBe(true);
	});
});

describe('credential Test', () => {
	it('always logs in, even with a saved token Personr accepts, so it proves the current email and password', async () => {
		const saved = await savedCredential();
		server.resetCounters();
		const tested = await here.preAuthentication({ ...saved });
		expect(server.counters.logins).toBe(1);
		expect(tested.token).not.toBe(saved.token);
	});

	it('fails on a mistyped new password even though the old token still works', async () => {
		const saved = await savedCredential();
		await expect(here.preAuthentication({ ...saved, password: 'mistyped' })).rejects.toMatchObject({
			failure: 'rejectedCredentials',
		});
	});
});

describe('a token from a login since a given time (Force New Token)', () => {
	it('is always newer than the run start, even while a check of the old token is in flight', async () => {
		const saved = await savedCredential();
		server.resetCounters();
		server.setFault({ kind: 'slow', delayMs: 150 });
		const checking = afterFailedRequest({ ...saved });
		const runStart = Date.now();
		const forced = { ...saved };
		expect(await authorization(forced, { [RENEWAL_HEADER]: String(runStart) })).not.toContain(
			String(saved.token),
		);
		const fields = await here.preAuthentication(forced);
		await checking;
		expect(fields.token).not.toBe(saved.token);
		expect(fields.token).toBe(server.currentToken(EMAIL));
		expect(server.counters.logins).toBe(1);
	});

	it('is shared by the requests of one run: one login', async () => {
		const saved = await savedCredential();
		server.resetCounters();
		const runStart = Date.now();
		const results = await Promise.all(
			Array.from({ length: 10 }, async () => {
				const forced = { ...saved };
				await api.authenticate(forced, {
					url: `${server.liveBaseUrl}/api-applicant-status`,
					headers: { [RENEWAL_HEADER]: String(runStart) },
				});
				return await here.preAuthentication(forced);
			}),
		);
		expect(new Set(results.map((fields) => fields.token)).size).toBe(1);
		expect(server.counters.logins).toBe(1);
	});
});

describe('across processes', () => {
	const otherProcess = () => otherProcessSession(50);

	it('a process that meets a dead token adopts the token another process saved (read by a request) instead of logging in', async () => {
		const stale = await staleCredentials();
		const other = otherProcess();
		// A request in worker B reads the dead token from the database and is rejected.
		const inFlight = { ...stale };
		await other.signRequest(inFlight, { url: '/' });
		// Meanwhile worker A renews and n8n saves its token; a new request in worker B reads it.
		const inA = await afterFailedRequest({ ...stale });
		await other.signRequest({ ...inA }, { url: '/' });
		server.resetCounters();
		const inB = await other.preAuthenticate(n8nHttp(), inFlight);
		expect(inB.token).toBe(inA.token);
		expect(server.counters.logins).toBe(0);
	});

	it('a process whose requests all wait for its renewal reads the database through a node run in flight, and adopts the token saved there', async () => {
		const stale = await staleCredentials();
		const other = otherProcess();
		// Worker B's only request signed with the dead token: B has read nothing newer.
		const inFlight = { ...stale };
		await other.signRequest(inFlight, { url: '/' });
		// Worker A renews and n8n saves its token in the database.
		const database = await afterFailedRequest({ ...stale });
		server.resetCounters();
		const reads = jest.fn(async () => ({ ...database }));
		const inB = await other.lendingStoredReader(
			inFlight,
			reads,
			async () => await other.preAuthenticate(n8nHttp(), inFlight),
		);
		expect(reads).toHaveBeenCalledTimes(1);
		expect(inB.token).toBe(database.token);
		expect(server.counters.logins).toBe(0);
	});

	it('a reader that fails, or whose call has ended, is no news: the process logs in once', async () => {
		const stale = await staleCredentials();
		const other = otherProcess();
		const ended = jest.fn(async () => ({ ...stale }));
		await other.lendingStoredReader(stale, ended, async () => undefined);
		const failing = jest.fn(async (): Promise<ICredentialDataDecryptedObject> => {
			throw new Error('the execution ended');
		});
		const inFlight = { ...stale };
		await other.signRequest(inFlight, { url: '/' });
		const renewed = await other.lendingStoredReader(
			inFlight,
			failing,
			async () => await other.preAuthenticate(n8nHttp(), inFlight),
		);
		expect(ended).not.toHaveBeenCalled();
		expect(failing).toHaveBeenCalledTimes(1);
		expect(renewed.token).toBe(server.currentToken(EMAIL));
		expect(server.counters.logins).toBe(1);
	});

	it('without such a token, each process logs in at most once for one stale-token event', async () => {
		const stale = await staleCredentials();
		const other = otherProcess();
		setRenewalJitter(0, 0);
		await Promise.all([
			...Array.from({ length: 10 }, () => afterFailedRequest({ ...stale })),
			...Array.from({ length: 10 }, () => afterFailedRequest({ ...stale }, other)),
		]);
		expect(server.counters.logins).toBeLessThanOrEqual(2);
	});

	it('never trusts the other process’s token by age: a saved token Personr rejects is checked, not adopted', async () => {
		const stale = await staleCredentials();
		const other = otherProcess();
		await other.signRequest({ ...stale }, { url: '/' });
		server.resetCounters();
		const renewed = await afterFailedRequest({ ...stale }, other);
		expect(renewed.token).toBe(server.currentToken(EMAIL));
		expect(server.counters.logins).toBe(1);
	});
});

describe('accounts', () => {
	it('are told apart by base URL, email and password', async () => {
		await here.preAuthentication(credentialsFor());
		await here.preAuthentication(credentialsFor({ baseUrl: server.developmentBaseUrl }));
		await here.preAuthentication(credentialsFor({ email: OTHER.email, password: OTHER.password }));
		expect(server.counters.logins).toBe(3);
	});
});
