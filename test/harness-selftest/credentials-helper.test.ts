import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestHelper,
	INode,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { CredentialStore, TestCredentialsHelper } from '../harness';

const node: INode = {
	id: 'n',
	name: 'Node',
	type: 'n8n-nodes-personr.personr',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
	credentials: { tokenApi: { id: 'c1', name: 'Token account' } },
};
const helpers = {} as IHttpRequestHelper;
const additionalData = { variables: {} } as unknown as IWorkflowExecuteAdditionalData;

function setup(
	stored: ICredentialDataDecryptedObject,
	typeOverrides: Partial<ICredentialType> = {},
) {
	const calls: ICredentialDataDecryptedObject[] = [];
	const type: ICredentialType = {
		name: 'tokenApi',
		displayName: 'Token API',
		properties: [
			{ displayName: 'Email', name: 'email', type: 'string', default: '' },
			{ displayName: 'Region', name: 'region', type: 'string', default: 'eu' },
			{
				displayName: 'Token',
				name: 'token',
				type: 'hidden',
				typeOptions: { expirable: true },
				default: '',
			},
		],
		async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
			calls.push({ ...credentials });
			return { token: `fresh-${calls.length}`, email: 'returned@example.com', obtainedAt: 42 };
		},
		...typeOverrides,
	};
	const store = new CredentialStore([
		{ id: 'c1', name: 'Token account', type: 'tokenApi', data: stored },
	]);
	return { calls, store, helper: new TestCredentialsHelper([type], store) };
}

describe('TestCredentialsHelper', () => {
	test('preAuthentication runs only for an empty token or an expired credential', async () => {
		const { calls, helper } = setup({ email: 'a@example.com', token: 'still-good' });
		const credentials = { email: 'a@example.com', token: 'still-good' };

		expect(
			await helper.preAuthentication(helpers, credentials, 'tokenApi', node, false),
		).toBeUndefined();
		expect(calls).toHaveLength(0);

		const refreshed = await helper.preAuthentication(helpers, credentials, 'tokenApi', node, true);
		expect(calls).toHaveLength(1);
		// n8n merges into the very object the caller holds and returns it.
		expect(refreshed).toBe(credentials);
		expect(credentials.token).toBe('fresh-1');
	});

	test('persists the whole stored record with the output merged, keeping expression fields', async () => {
		const { store, helper } = setup({ email: '={{ "a" + "@example.com" }}', token: '' });

		await helper.preAuthentication(
			helpers,
			{ email: 'a@example.com', token: '' },
			'tokenApi',
			node,
			false,
		);

		expect(store.updates).toEqual([
			{
				id: 'c1',
				data: { email: '={{ "a" + "@example.com" }}', token: 'fresh-1', obtainedAt: 42 },
			},
		]);
	});

	test('without a hidden expirable property, or without it in the output, nothing happens', async () => {
		const noExpirable = setup(
			{ token: '' },
			{
				properties: [{ displayName: 'Token', name: 'token', type: 'hidden', default: '' }],
			},
		);
		expect(
			await noExpirable.helper.preAuthentication(helpers, { token: '' }, 'tokenApi', node, true),
		).toBeUndefined();
		expect(noExpirable.calls).toHaveLength(0);

		const noToken = setup({ token: '' }, { preAuthentication: async () => ({ other: 'x' }) });
		expect(
			await noToken.helper.preAuthentication(helpers, { token: '' }, 'tokenApi', node, true),
		).toBeUndefined();
		expect(noToken.store.updates).toHaveLength(0);
	});

	test('a credential test (temporary noOp node) always runs preAuthentication', async () => {
		const { calls, helper } = setup({ token: 'still-good' });
		const testNode: INode = { ...node, type: 'n8n-nodes-base.noOp', parameters: { temp: '' } };
		await helper.preAuthentication(helpers, { token: 'still-good' }, 'tokenApi', testNode, false);
		expect(calls).toHaveLength(1);
	});

	test('getDecrypted reads storage each time: fresh copies, defaults applied, undeclared keys dropped', async () => {
		const { helper } = setup({ email: 'a@example.com', token: 't', obtainedAt: 42 });
		const ref = { id: 'c1', name: 'Token account' };

		const first = await helper.getDecrypted(additionalData, ref, 'tokenApi', 'cli');
		expect(first).toEqual({ email: 'a@example.com', region: 'eu', token: 't' });
		first.token = 'mutated';
		expect((await helper.getDecrypted(additionalData, ref, 'tokenApi', 'cli')).token).toBe('t');
		expect(
			await helper.getDecrypted(additionalData, ref, 'tokenApi', 'cli', undefined, true),
		).toEqual({
			email: 'a@example.com',
			token: 't',
			obtainedAt: 42,
		});
	});

	test('getDecrypted resolves expressions stored in the credential', async () => {
		const { helper } = setup({ email: '={{ "b" + "@example.com" }}', token: '' });
		const data = await helper.getDecrypted(
			additionalData,
			{ id: 'c1', name: 'x' },
			'tokenApi',
			'cli',
		);
		expect(data.email).toBe('b@example.com');
	});

	test('getDecrypted refuses a missing id or a record of another type', async () => {
		const { helper } = setup({ token: '' });
		await expect(
			helper.getDecrypted(additionalData, { id: null, name: 'x' }, 'tokenApi', 'cli'),
		).rejects.toThrow('misses an ID');
		await expect(
			helper.getDecrypted(additionalData, { id: 'c1', name: 'x' }, 'otherApi', 'cli'),
		).rejects.toThrow('does not exist for type "otherApi"');
	});

	test('a function authenticate is called; getParentTypes follows extends', async () => {
		const { helper } = setup(
			{ token: '' },
			{
				extends: ['baseApi'],
				authenticate: async (credentials, options) => ({
					...options,
					qs: { key: credentials.token },
				}),
			},
		);
		const signed = await helper.authenticate({ token: 'abc' }, 'tokenApi', { url: 'http://x' });
		expect(signed.qs).toEqual({ key: 'abc' });
		expect(helper.getParentTypes('tokenApi')).toEqual(['baseApi']);
	});
});
