import { testCredential } from '../harness';
import { dummyApi, startFakeApi, type FakeApi } from './fake-api';

describe('testCredential (the credential "Test" button)', () => {
	let api: FakeApi;
	beforeEach(async () => (api = await startFakeApi()));
	afterEach(async () => await api.close());

	const data = (overrides: Record<string, string> = {}) => ({
		baseUrl: api.baseUrl,
		email: 'user@example.com',
		password: 'secret',
		token: 'already-stored',
		...overrides,
	});

	test('logs in even with a stored token, sends the test request with it and keeps the token', async () => {
		const result = await testCredential(dummyApi, data());

		expect(result).toMatchObject({ status: 'OK', message: 'Connection successful!' });
		expect(api.logins()).toBe(1);
		expect(api.hits('/me').map((r) => r.authorization)).toEqual(['Bearer tok-1']);
		expect(result.data.token).toBe('tok-1');
		expect(result.updates).toHaveLength(1);
	});

	test('a failed login is reported through a responseCode rule', async () => {
		const result = await testCredential(dummyApi, data({ password: 'wrong' }));

		expect(result).toMatchObject({ status: 'Error', message: 'Wrong email or password' });
		expect(api.hits('/me')).toHaveLength(0);
		expect(result.updates).toHaveLength(0);
	});

	test('without a matching rule a non-2xx status is reported by its status text, as in n8n', async () => {
		const result = await testCredential(
			{ ...dummyApi, test: { request: { baseURL: api.baseUrl, url: '/missing' } } },
			data(),
		);
		expect(result).toMatchObject({ status: 'Error', message: 'Not Found' });
	});

	test('responseSuccessBody rules inspect the body of a successful response', async () => {
		const result = await testCredential(
			{
				...dummyApi,
				test: {
					request: { baseURL: '={{$credentials.baseUrl}}', url: '/me' },
					rules: [
						{
							type: 'responseSuccessBody',
							properties: {
								key: 'user',
								value: 'user@example.com',
								message: 'That user is blocked',
							},
						},
					],
				},
			},
			data(),
		);
		expect(result).toMatchObject({ status: 'Error', message: 'That user is blocked' });
	});

	test('an unreachable host reports the network error code', async () => {
		const closedPort = new URL(api.baseUrl).port;
		await api.close();
		const result = await testCredential(dummyApi, {
			...data(),
			baseUrl: `http://127.0.0.1:${closedPort}`,
		});
		expect(result).toMatchObject({ status: 'Error', message: 'ECONNREFUSED' });
		api = await startFakeApi();
	});

	test('a type without a test request cannot be tested', async () => {
		const untestable = { ...dummyApi };
		delete untestable.test;
		expect(await testCredential(untestable, data())).toMatchObject({
			status: 'Error',
			message: 'No testing function found for this credential.',
		});
	});
});
