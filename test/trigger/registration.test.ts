import { createHash } from 'crypto';

import type { PersonrServer } from '../../local-server/server';
import { forgetAllAccounts } from '../../nodes/Personr/session/session';
import { call, loginToken, textAt } from '../local-server/helpers';
import { startServer } from '../node/support';
import { credentialData, EMAIL, PASSWORD } from '../support/personr';
import { approvedApplicant } from './notifications';
import { post, startWebhookHost, type HostOptions, type WebhookHost } from './webhook-host';

const AUTOMATIC = { authentication: 'registeredWithPersonr' };
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

let server: PersonrServer;
const open: WebhookHost[] = [];

beforeEach(async () => {
	forgetAllAccounts();
	server = await startServer();
});
afterEach(async () => {
	await Promise.all(open.splice(0).map((host) => host.close()));
	await server.close();
});

async function automaticHost(parameters = {}, options: HostOptions = {}): Promise<WebhookHost> {
	const host = await startWebhookHost({
		parameters: { ...AUTOMATIC, ...parameters },
		apiCredential: credentialData(server),
		...options,
	});
	open.push(host);
	return host;
}

/** Creates an applicant as another client of the account would, and asks Personr to check it. */
async function verifyApplicant(nameLast = 'Citizen'): Promise<string> {
	const token = await loginToken(server, EMAIL, PASSWORD);
	const created = await call(server.liveBaseUrl, 'api-applicant-create', {
		token,
		json: {
			email: 'jane@example.com',
			phone: '+61400000000',
			flowName: 'Standard KYC',
			nameFirst: 'Jane',
			nameLast,
		},
	});
	const applicantId = textAt(created.json, 'response', 'applicantId');
	const requested = await call(server.liveBaseUrl, 'api-request-applicant-check', {
		token,
		json: { applicantId },
	});
	expect(requested.status).toBe(200);
	return applicantId;
}

describe('Personr Trigger, automatic setup: activation', () => {
	it('registers the Production URL with a new token, keeps only its digest, and runs on the result Personr posts', async () => {
		const host = await automaticHost();

		await expect(host.hook('checkExists')).resolves.toBe(false);
		await expect(host.hook('create')).resolves.toBe(true);

		const registered = server.registeredWebhook(EMAIL);
		expect(registered).toMatchObject({ url: host.url, headerToken: true });
		const token = String(registered?.token);
		expect(token).not.toBe('null');
		expect(host.staticData()).toMatchObject({
			registeredUrl: host.url,
			tokenSha256: sha256(token),
		});
		expect(JSON.stringify(host.staticData())).not.toContain(token);
		await expect(host.hook('checkExists')).resolves.toBe(true);

		const applicantId = await verifyApplicant();
		const delivered = await host.nextCall();
		expect(delivered.status).toBe(200);
		expect(delivered.workflowData?.[0]?.[0]?.json).toMatchObject({
			applicantId,
			reviewAnswer: 'Approved',
		});
		expect(JSON.stringify(delivered.workflowData)).not.toContain(token);

		expect(host.logged.map((line) => line.message).join('\n')).toContain(host.url);
		expect(JSON.stringify(host.logged)).not.toContain(token);
	});

	it('sends Personr the three fields its page marks required', async () => {
		const host = await automaticHost();
		await host.hook('create');

		const sent = server.requests.find(
			(request) => request.endpoint === 'api-webhook-configuration',
		);
		expect(sent?.body).toEqual({ webhookUrl: host.url, generateToken: true, headerToken: true });
	});

	it('a new activation rotates the token: the previous one is refused', async () => {
		const host = await automaticHost();
		await host.hook('create');
		const first = String(server.registeredWebhook(EMAIL)?.token);
		await host.hook('delete');
		await host.hook('create');
		const second = String(server.registeredWebhook(EMAIL)?.token);

		expect(second).not.toBe(first);
		expect(
			(await post(host.url, approvedApplicant, { authorization: `Bearer ${first}` })).status,
		).toBe(401);
		expect(
			(await post(host.url, approvedApplicant, { authorization: `Bearer ${second}` })).status,
		).toBe(200);
	});

	it('switches to the named workspace first and registers the webhook there', async () => {
		const host = await automaticHost({ workspace: 'Compliance' });
		await host.hook('create');

		expect(server.counters.calls['api-change-workspace']).toBe(1);
		expect(server.registeredWebhook(EMAIL, 'Compliance')?.url).toBe(host.url);
		expect(server.registeredWebhook(EMAIL, 'Main')).toBeUndefined();
		expect(host.staticData().workspace).toBe('Compliance');
		expect(host.logged.map((line) => line.message).join('\n')).toMatch(
			/Personr workspace "Compliance"/,
		);
	});

	it("without a workspace, says it registered the user's current workspace, whichever that is", async () => {
		const host = await automaticHost();
		await host.hook('create');

		expect(server.counters.calls['api-change-workspace']).toBeUndefined();
		expect(host.logged.map((line) => line.message).join('\n')).toMatch(
			/the credential user's current Personr workspace/,
		);
	});

	it("a non-Administrator gets Personr's refusal with what to do, and nothing is kept", async () => {
		server.setRole(EMAIL, 'Member');
		const host = await automaticHost();

		const refused = await host.hook('create').then(
			() => undefined,
			(error: Error & { description?: string }) => error,
		);

		expect(refused?.message).toMatch(/Administrator role/);
		expect(refused?.description).toMatch(
			/only users with the Administrator role configure the webhook.*manual setup/,
		);
		expect(host.staticData()).toEqual({});
		expect(server.registeredWebhook(EMAIL)).toBeUndefined();
	});

	it.each([
		[
			'unwrapped, other spellings, "Bearer " and a text flag',
			(url: string) => ({
				'Webhook URL': url,
				'Bearer Token': 'Bearer variant-token',
				'Header Token': 'yes',
			}),
		],
		[
			'in the usual envelope, wrapped once more',
			(url: string) => ({
				status: 'success',
				response: { webhook: { webhookUrl: url, token: 'variant-token', headerToken: true } },
			}),
		],
		[
			'as a list of one',
			(url: string) => [{ url, bearer_token: 'variant-token', send_token: 'true' }],
		],
	])('reads the token from an answer %s', async (_case, answer) => {
		const host = await automaticHost();
		server.setFault({
			kind: 'callStatus',
			status: 200,
			body: JSON.stringify(answer(host.url)),
			times: 1,
			endpoint: 'api-webhook-configuration',
		});

		await host.hook('create');

		expect(host.staticData().tokenSha256).toBe(sha256('variant-token'));
		expect(
			(await post(host.url, approvedApplicant, { authorization: 'Bearer variant-token' })).status,
		).toBe(200);
	});

	it.each([
		[
			'no token',
			(url: string) => ({ webhookUrl: url, token: null, headerToken: true }),
			/carries no bearer token/,
		],
		[
			'a token it will not send',
			(url: string) => ({ webhookUrl: url, token: 'abc', headerToken: false }),
			/will not send the token/,
		],
		[
			'another URL',
			() => ({ webhookUrl: 'https://elsewhere.example/hook', token: 'abc', headerToken: true }),
			/names another URL/,
		],
	])(
		'fails the activation when Personr answers with %s, saying what is registered',
		async (_case, answer, problem) => {
			const host = await automaticHost();
			server.setFault({
				kind: 'callStatus',
				status: 200,
				body: JSON.stringify({ status: 'success', response: answer(host.url) }),
				times: 1,
				endpoint: 'api-webhook-configuration',
			});

			const failed = await host.hook('create').then(
				() => undefined,
				(error: Error) => error,
			);

			expect(failed?.message).toMatch(problem);
			expect(failed?.message).toContain(`Personr registered ${host.url}`);
			expect(host.staticData()).toEqual({});
			expect(
				(await post(host.url, approvedApplicant, { authorization: 'Bearer abc' })).status,
			).toBe(401);
		},
	);
});

describe('Personr Trigger, automatic setup: requests', () => {
	async function registeredHost(): Promise<{ host: WebhookHost; token: string }> {
		const host = await automaticHost();
		await host.hook('create');
		return { host, token: String(server.registeredWebhook(EMAIL)?.token) };
	}

	it.each([
		['a forged token', (token: string) => ({ authorization: `Bearer ${token}x` })],
		['no Authorization header', () => ({})],
		['the token without the Bearer scheme', (token: string) => ({ authorization: token })],
		['the token in another header', (token: string) => ({ 'x-personr-webhook-token': token })],
	])('answers 401 and starts nothing for %s', async (_case, headers) => {
		const { host, token } = await registeredHost();

		const answer = await post(host.url, approvedApplicant, headers(token));

		expect(answer.status).toBe(401);
		expect(answer.json).toEqual({ received: false, error: 'Unauthorized' });
		expect(host.calls[0]?.workflowData).toBeUndefined();
	});

	it('accepts the scheme in any case', async () => {
		const { host, token } = await registeredHost();

		expect(
			(await post(host.url, approvedApplicant, { authorization: `bearer ${token}` })).status,
		).toBe(200);
	});

	it('refuses every request while nothing was registered', async () => {
		const host = await automaticHost();

		expect(
			(await post(host.url, approvedApplicant, { authorization: 'Bearer anything' })).status,
		).toBe(401);
		expect(host.items()).toHaveLength(0);
	});

	it('two workflows registering one workspace: the later one receives the results, the earlier nothing', async () => {
		const first = await automaticHost();
		const second = await automaticHost();
		await first.hook('create');
		await second.hook('create');

		await verifyApplicant();
		const delivered = await second.nextCall();

		expect(delivered.status).toBe(200);
		expect(first.calls).toHaveLength(0);
		expect(server.registeredWebhook(EMAIL)?.url).toBe(second.url);
	});
});

describe('Personr Trigger, automatic setup: test URL and deactivation', () => {
	it('"Listen for test event" registers nothing and says why', async () => {
		const host = await automaticHost();

		await expect(host.hook('checkExists', 'manual')).resolves.toBe(false);
		await expect(host.hook('create', 'manual')).rejects.toThrow(
			/Listen for test event cannot receive results.*Activate the workflow/,
		);

		expect(server.counters.calls['api-webhook-configuration']).toBeUndefined();
		expect(server.registeredWebhook(EMAIL)).toBeUndefined();
	});

	it('stopping a test listener keeps the production registration', async () => {
		const host = await automaticHost();
		await host.hook('create');
		const kept = { ...host.staticData() };

		await host.hook('delete', 'manual');

		expect(host.staticData()).toEqual(kept);
	});

	it('deactivation forgets the token and says what stays registered with Personr', async () => {
		const host = await automaticHost();
		await host.hook('create');
		const token = String(server.registeredWebhook(EMAIL)?.token);
		server.resetCounters();

		await expect(host.hook('delete')).resolves.toBe(true);

		expect(host.staticData()).toEqual({});
		// Personr documents no removal: the registration stays, and nothing was sent.
		expect(server.registeredWebhook(EMAIL)?.url).toBe(host.url);
		expect(server.counters.requests).toBe(0);
		const warning = host.logged.find((line) => line.level === 'warn')?.message ?? '';
		expect(warning).toContain(`${host.url} stays registered`);
		expect(warning).toMatch(/Register another URL in Personr/);
		expect(
			(await post(host.url, approvedApplicant, { authorization: `Bearer ${token}` })).status,
		).toBe(401);
		await expect(host.hook('checkExists')).resolves.toBe(false);
	});
});

describe('Personr Trigger, manual setup (saved workflows)', () => {
	it.each([
		['the default (saved workflows store no value)', {}],
		['Header Token', { authentication: 'headerToken' }],
		['None', { authentication: 'none' }],
	])('%s: the hooks call no Personr endpoint', async (_case, parameters) => {
		const host = await startWebhookHost({ parameters, apiCredential: credentialData(server) });
		open.push(host);

		for (const method of ['checkExists', 'create', 'delete'] as const)
			await expect(host.hook(method)).resolves.toBe(true);

		expect(server.counters.requests).toBe(0);
		expect(host.staticData()).toEqual({});
	});
});
