import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { PersonrApi } from '../../credentials/PersonrApi.credentials';
import { DEVELOPMENT_BASE_URL, LIVE_BASE_URL } from '../../nodes/Personr/session/baseUrl';
import type { SignableRequest } from '../../nodes/Personr/session/host';
import { accountFingerprint } from '../../nodes/Personr/session/binding';
import { accountFromCredentials, forgetAllAccounts } from '../../nodes/Personr/session/session';
import { startPersonrServer, type PersonrServer } from '../../local-server/server';
import { startRecordingServer, type RecordingServer } from '../faults/support';
import { runWorkflow, startNode, type WorkflowJson } from '../harness';
import { CREDENTIAL_ID, EMAIL, PASSWORD, personrStore } from '../support/personr';

const TOKEN = 'bus|1700000000000x1|1700000000000x2';
const live = { email: 'a@b.c', password: 'pw', environment: 'live', token: TOKEN };
const development = { ...live, environment: 'development' };
const custom = (baseUrl: string) => ({ ...live, environment: 'custom', baseUrl });

/** Signs as n8n would with a saved token bound to the credential's account. */
async function authenticate(
	credentials: ICredentialDataDecryptedObject,
	request: SignableRequest,
): Promise<SignableRequest> {
	const account = accountFromCredentials(credentials);
	const saved = { ...credentials, tokenAccount: await accountFingerprint(TOKEN, account) };
	return (await new PersonrApi().authenticate(
		saved,
		request as IHttpRequestOptions,
	)) as SignableRequest;
}

describe('the credential signs only requests to its own Personr origin', () => {
	it.each([
		['live, the Personr node shape (url)', live, { url: `${LIVE_BASE_URL}/api-applicant-status` }],
		[
			'live, the HTTP Request node shape (uri)',
			live,
			{ uri: `${LIVE_BASE_URL}/api-applicant-status` },
		],
		[
			'live, host name in capitals and the default port',
			live,
			{ url: 'https://ENTERPRISE.personr.co:443/api/1.1/wf/x' },
		],
		[
			'development, its /version-test/ path',
			development,
			{ url: `${DEVELOPMENT_BASE_URL}/api-applicant-status` },
		],
		[
			'a relative url on the base URL (the credential test request)',
			live,
			{ baseURL: LIVE_BASE_URL, url: '/api-applicant-status' },
		],
		[
			'custom http base URL with a port',
			custom('http://127.0.0.1:8080/api/1.1/wf/'),
			{ url: 'http://127.0.0.1:8080/api/1.1/wf/x' },
		],
	])('%s: signed', async (_, credentials, request) => {
		const signed = await authenticate(credentials, {
			method: 'POST',
			...request,
			headers: { Accept: 'application/json' },
		} as SignableRequest);
		expect(signed.headers).toEqual({
			Accept: 'application/json',
			Authorization: `Bearer ${TOKEN}`,
		});
	});

	it.each([
		['another host', live, 'https://api.example.com/collect', 'https://api.example.com'],
		[
			'a look-alike host that starts with the Personr host',
			live,
			'https://enterprise.personr.co.evil.com/api/1.1/wf/x',
			'https://enterprise.personr.co.evil.com',
		],
		[
			'a look-alike host that ends with it',
			live,
			'https://evilenterprise.personr.co/api/1.1/wf/x',
			'https://evilenterprise.personr.co',
		],
		[
			'the Personr host as user info',
			live,
			'https://enterprise.personr.co@evil.com/api/1.1/wf/x',
			'https://evil.com',
		],
		[
			'the Personr host after a fragment',
			live,
			'https://evil.com#@enterprise.personr.co/api/1.1/wf/x',
			'https://evil.com',
		],
		[
			'plain http to an https Personr',
			live,
			'http://enterprise.personr.co/api/1.1/wf/x',
			'http://enterprise.personr.co',
		],
		[
			'another port on the Personr host',
			live,
			'https://enterprise.personr.co:8443/api/1.1/wf/x',
			'https://enterprise.personr.co:8443',
		],
		[
			'the live host from a custom credential',
			custom('http://127.0.0.1:8080/api/1.1/wf'),
			`${LIVE_BASE_URL}/x`,
			'https://enterprise.personr.co',
		],
		[
			'https to a custom http base URL',
			custom('http://127.0.0.1:8080/api/1.1/wf'),
			'https://127.0.0.1:8080/api/1.1/wf/x',
			'https://127.0.0.1:8080',
		],
	])('%s: refused with the reason, and without the token', async (_, credentials, url, origin) => {
		const refusal = authenticate(credentials, { method: 'POST', url });
		await expect(refusal).rejects.toThrow(`this request goes to ${origin}`);
		await expect(refusal).rejects.toThrow(/signs only requests to/);
		await expect(refusal).rejects.not.toThrow(TOKEN);
	});

	it('refuses an address it cannot read, and a broken credential', async () => {
		await expect(authenticate(live, { url: 'not a url' })).rejects.toThrow('could not be read');
		await expect(authenticate(custom(''), { url: `${LIVE_BASE_URL}/x` })).rejects.toThrow(
			'Base URL is empty',
		);
	});

	it('turns redirects off in both request shapes n8n passes', async () => {
		const signed = await authenticate(live, {
			url: `${LIVE_BASE_URL}/x`,
			followRedirect: true,
			followAllRedirects: true,
		} as SignableRequest);
		expect(signed).toMatchObject({
			disableFollowRedirect: true,
			followRedirect: false,
			followAllRedirects: false,
			sendCredentialsOnCrossOriginRedirect: false,
		});
	});
});

describe('through requestWithAuthentication, as the HTTP Request node calls it', () => {
	let server: PersonrServer;
	let other: RecordingServer;

	beforeAll(async () => {
		server = await startPersonrServer({ accounts: [{ email: EMAIL, password: PASSWORD }] });
		other = await startRecordingServer();
	});
	afterAll(async () => {
		await server.close();
		await other.close();
	});

	const call = (url: string): WorkflowJson => ({
		nodes: [
			startNode(),
			{
				id: 'call',
				name: 'Call',
				type: 'test.httpCall',
				typeVersion: 1,
				position: [200, 0],
				parameters: {
					authentication: 'predefinedCredentialType',
					credentialType: 'personrApi',
					method: 'POST',
					url,
					body: '{"applicantId":"x"}',
				},
				credentials: { personrApi: { id: CREDENTIAL_ID, name: 'Personr account' } },
			},
		],
		connections: { Start: { main: [[{ node: 'Call', type: 'main', index: 0 }]] } },
	});
	const run = (url: string) =>
		runWorkflow({
			workflow: call(url),
			credentialTypes: [new PersonrApi()],
			credentials: personrStore(server),
		});

	beforeEach(() => {
		forgetAllAccounts();
		server.resetCounters();
		other.received.length = 0;
	});

	it('another port of the same host name is another origin: the run fails with the reason and nothing is sent there', async () => {
		const result = await run(`${other.url}/collect`);
		expect(result.errorOf('Call')?.message).toContain(
			`signs only requests to ${server.url}; this request goes to ${other.url}`,
		);
		expect(other.received).toEqual([]);
		// n8n asks for a token again after the error, as after any error: that must not become a second login,
		// only a check of the token just obtained (after the login and the proof of the credential's first token).
		expect(server.counters.logins).toBe(1);
		expect(server.counters.requests).toBe(3);
	});

	it('a request to Personr itself is signed', async () => {
		const result = await run(`${server.liveBaseUrl}/api-applicant-status`);
		expect(JSON.stringify(result.errorOf('Call') ?? result.outputOf('Call'))).toMatch(
			/Applicant not found|not found/i,
		);
		expect(server.counters.rejectedTokens).toBe(0);
	});
});
