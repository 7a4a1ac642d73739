import { parseCliArgs } from '../../local-server/cli-args';
import { startPersonrServer, type PersonrServer } from '../../local-server/server';
import { at, call, DEMO, loginToken, startReceiver, textAt } from '../local-server/helpers';

/** The bundled server's api-webhook-configuration, as https://manual.personr.co/api-documentation/workspaces/webhook-configuration describes it. */
describe('local server: api-webhook-configuration', () => {
	let server: PersonrServer;
	let token: string;
	const receivers: Array<{ close(): Promise<void> }> = [];

	beforeEach(async () => {
		server = await startPersonrServer({ checkDelayMs: 20 });
		token = await loginToken(server);
	});
	afterEach(async () => {
		await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
		await server.close();
	});

	/** As the page's curl example sends it: multipart/form-data with "true"/"false" texts. */
	async function configure(fields: Record<string, string>, bearer = token) {
		const form = new FormData();
		for (const [name, value] of Object.entries(fields)) form.append(name, value);
		const response = await fetch(`${server.liveBaseUrl}/api-webhook-configuration`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${bearer}` },
			body: form,
		});
		return { status: response.status, json: (await response.json()) as unknown };
	}

	async function requestCheck(nameLast = 'Citizen'): Promise<string> {
		const created = await call(server.liveBaseUrl, 'api-applicant-create', {
			token,
			json: {
				email: 'a@example.com',
				phone: '+61400000000',
				flowName: 'Standard KYC',
				nameFirst: 'Jane',
				nameLast,
			},
		});
		const applicantId = textAt(created.json, 'response', 'applicantId');
		await call(server.liveBaseUrl, 'api-request-applicant-check', { token, json: { applicantId } });
		return applicantId;
	}

	async function receiver() {
		const started = await startReceiver();
		receivers.push(started);
		return started;
	}

	it('answers with the URL, a generated token and whether it is sent', async () => {
		const answer = await configure({
			webhookUrl: 'https://example.com/hook',
			generateToken: 'true',
			headerToken: 'true',
		});

		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({
			status: 'success',
			response: {
				webhookUrl: 'https://example.com/hook',
				token: expect.stringMatching(/^whk_[\w-]{32}$/),
				headerToken: true,
			},
		});
		expect(server.registeredWebhook(DEMO.email)?.token).toBe(at(answer.json, 'response', 'token'));
	});

	it('without generateToken returns the current token, or null if none was ever generated', async () => {
		const none = await configure({
			webhookUrl: 'https://example.com/a',
			generateToken: 'false',
			headerToken: 'false',
		});
		expect(at(none.json, 'response', 'token')).toBeNull();

		const generated = await configure({
			webhookUrl: 'https://example.com/b',
			generateToken: 'true',
			headerToken: 'true',
		});
		const kept = await configure({
			webhookUrl: 'https://example.com/c',
			generateToken: 'false',
			headerToken: 'true',
		});

		expect(at(kept.json, 'response', 'token')).toBe(at(generated.json, 'response', 'token'));
		expect(at(kept.json, 'response', 'webhookUrl')).toBe('https://example.com/c');
	});

	it('refuses a user without the Administrator role and registers nothing', async () => {
		server.setRole(DEMO.email, 'Member');

		const answer = await configure({
			webhookUrl: 'https://example.com/hook',
			generateToken: 'true',
			headerToken: 'true',
		});

		expect(answer).toEqual({
			status: 200,
			json: {
				status: 'error',
				response: 'This endpoint can only be used by users with the Administrator role',
			},
		});
		expect(server.registeredWebhook(DEMO.email)).toBeUndefined();
	});

	it.each(['webhookUrl', 'generateToken', 'headerToken'])(
		'refuses a request without %s, which the page marks required',
		async (missing) => {
			const fields: Record<string, string> = {
				webhookUrl: 'https://example.com/hook',
				generateToken: 'true',
				headerToken: 'true',
			};
			delete fields[missing];

			const answer = await configure(fields);

			expect(answer.status).toBe(400);
			expect(JSON.stringify(answer.json)).toContain(`parameter ${missing}`);
		},
	);

	it('refuses a webhookUrl that is not a web address', async () => {
		const answer = await configure({
			webhookUrl: 'not a url',
			generateToken: 'true',
			headerToken: 'true',
		});

		expect(answer.status).toBe(400);
		expect(server.registeredWebhook(DEMO.email)).toBeUndefined();
	});

	it('keeps one URL per workspace: a new one replaces it, another workspace has its own', async () => {
		await configure({
			webhookUrl: 'https://example.com/first',
			generateToken: 'true',
			headerToken: 'true',
		});
		await configure({
			webhookUrl: 'https://example.com/second',
			generateToken: 'true',
			headerToken: 'true',
		});
		await call(server.liveBaseUrl, 'api-change-workspace', {
			token,
			json: { workspace: 'Testing' },
		});
		await configure({
			webhookUrl: 'https://example.com/testing',
			generateToken: 'true',
			headerToken: 'true',
		});

		expect(server.registeredWebhook(DEMO.email, 'Main')?.url).toBe('https://example.com/second');
		expect(server.registeredWebhook(DEMO.email, 'Testing')?.url).toBe(
			'https://example.com/testing',
		);
	});

	it('posts each result of the workspace to its registered URL with Authorization: Bearer <token>', async () => {
		const dashboard = await receiver();
		const registered = await receiver();
		server.setWebhook(dashboard.url, 'x-personr-webhook-token', 'dashboard-token');
		const answer = await configure({
			webhookUrl: registered.url,
			generateToken: 'true',
			headerToken: 'true',
		});

		const applicantId = await requestCheck();
		const hook = await registered.next();

		expect(hook.headers.authorization).toBe(
			`Bearer ${String(at(answer.json, 'response', 'token'))}`,
		);
		expect(hook.headers['x-personr-webhook-token']).toBeUndefined();
		expect(hook.body).toMatchObject({ applicantId });
	});

	it('sends no token when headerToken is off', async () => {
		const registered = await receiver();
		await configure({ webhookUrl: registered.url, generateToken: 'true', headerToken: 'false' });

		await requestCheck();
		const hook = await registered.next();

		expect(hook.headers.authorization).toBeUndefined();
	});

	it('a workspace without a registered webhook still posts to the configured one (--webhook-url, --webhook-header)', async () => {
		const dashboard = await receiver();
		const registered = await receiver();
		server.setWebhook(dashboard.url, 'x-personr-webhook-token', 'dashboard-token');
		await configure({ webhookUrl: registered.url, generateToken: 'true', headerToken: 'true' });
		await call(server.liveBaseUrl, 'api-change-workspace', {
			token,
			json: { workspace: 'Testing' },
		});

		const applicantId = await requestCheck();
		const hook = await dashboard.next();

		expect(hook.headers['x-personr-webhook-token']).toBe('dashboard-token');
		expect(hook.body).toMatchObject({ applicantId });
	});

	it('the CLI gives the account a role', () => {
		expect(parseCliArgs(['--role', 'Member']).accounts).toEqual([
			{ email: DEMO.email, password: DEMO.password, role: 'Member' },
		]);
		expect(parseCliArgs([]).accounts).toBeUndefined();
	});
});
