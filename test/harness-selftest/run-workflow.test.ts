/* eslint-disable @n8n/community-nodes/node-usable-as-tool -- its test node is never offered to AI agents */
import {
	NodeConnectionTypes,
	type IConnections,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypeDescription,
	type NodeApiError,
} from 'n8n-workflow';

import { CredentialStore, n8nHttpRequest, runWorkflow, type WorkflowJson } from '../harness';
import { dummyApi, startFakeApi, type FakeApi } from './fake-api';

const CREDENTIAL_ID = 'cred-1';

/** Manual Trigger → [Items →] HTTP Call, the shape of a workflow exported from n8n. */
function workflow(
	httpParameters: INodeParameters,
	httpExtra: Partial<INode> = {},
	itemsParameters?: INodeParameters,
): WorkflowJson {
	const node = (
		name: string,
		type: string,
		parameters: INodeParameters,
		extra: Partial<INode> = {},
	): INode => ({
		id: name,
		name,
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		...extra,
	});
	const nodes = [node('Start', 'n8n-nodes-base.manualTrigger', {})];
	const chain = ['Start'];
	if (itemsParameters) {
		nodes.push(node('Items', 'test.items', itemsParameters));
		chain.push('Items');
	}
	nodes.push(node('HTTP', 'test.httpCall', httpParameters, httpExtra));
	chain.push('HTTP');
	const connections: IConnections = {};
	for (let i = 0; i < chain.length - 1; i++) {
		connections[chain[i]] = { main: [[{ node: chain[i + 1], type: 'main', index: 0 }]] };
	}
	return { nodes, connections };
}

const withCredential = { credentials: { dummyApi: { id: CREDENTIAL_ID, name: 'Dummy account' } } };

describe('runWorkflow with the real WorkflowExecute', () => {
	let api: FakeApi;
	let store: CredentialStore;

	const predefined = (path: string) => ({
		authentication: 'predefinedCredentialType',
		credentialType: 'dummyApi',
		method: 'GET',
		url: `${api.baseUrl}${path}`,
	});
	const storeWithToken = (token: string) =>
		new CredentialStore([
			{
				id: CREDENTIAL_ID,
				name: 'Dummy account',
				type: 'dummyApi',
				data: { baseUrl: api.baseUrl, email: 'user@example.com', password: 'secret', token },
			},
		]);

	beforeEach(async () => {
		api = await startFakeApi();
		store = storeWithToken('');
	});
	afterEach(async () => await api.close());

	test('an empty token triggers preAuthentication, is injected and persisted', async () => {
		const result = await runWorkflow({
			workflow: workflow(predefined('/me'), withCredential),
			credentialTypes: [dummyApi],
			credentials: store,
			mode: 'manual',
		});

		expect(result.run.data.resultData.error).toBeUndefined();
		expect(result.outputOf('HTTP')).toEqual([
			{ json: { user: 'user@example.com', item: null }, pairedItem: { item: 0 } },
		]);
		expect(api.logins()).toBe(1);
		expect(api.hits('/me').map((r) => r.authorization)).toEqual(['Bearer tok-1']);
		expect(store.updates).toEqual([
			{
				id: CREDENTIAL_ID,
				data: {
					baseUrl: api.baseUrl,
					email: 'user@example.com',
					password: 'secret',
					token: 'tok-1',
				},
			},
		]);
	});

	test('the persisted token is read back on the next run without logging in again', async () => {
		const options = {
			workflow: workflow(predefined('/me'), withCredential),
			credentialTypes: [dummyApi],
			credentials: store,
		};
		await runWorkflow(options);
		const second = await runWorkflow(options);

		expect(second.errorOf('HTTP')).toBeUndefined();
		expect(api.logins()).toBe(1);
		expect(api.hits('/me').map((r) => r.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1']);
		expect(store.updates).toHaveLength(1);
	});

	test('a 401 causes exactly one preAuthentication and one retry', async () => {
		store = storeWithToken('stale');
		const result = await runWorkflow({
			workflow: workflow(predefined('/me'), withCredential),
			credentialTypes: [dummyApi],
			credentials: store,
		});

		expect(result.errorOf('HTTP')).toBeUndefined();
		expect(api.logins()).toBe(1);
		expect(api.hits('/me').map((r) => r.authorization)).toEqual(['Bearer stale', 'Bearer tok-1']);
		expect(store.get(CREDENTIAL_ID).data.token).toBe('tok-1');
	});

	test('requestWithAuthentication re-logs in on any error, not only 401', async () => {
		store = storeWithToken('');
		await runWorkflow({
			workflow: workflow(predefined('/me'), withCredential),
			credentialTypes: [dummyApi],
			credentials: store,
		});
		expect(api.logins()).toBe(1);

		const result = await runWorkflow({
			workflow: workflow(predefined('/missing'), withCredential),
			credentialTypes: [dummyApi],
			credentials: store,
		});

		expect(api.logins()).toBe(2);
		expect(api.hits('/missing')).toHaveLength(2);
		expect((result.errorOf('HTTP') as NodeApiError).httpCode).toBe('404');
		expect(result.run.data.resultData.error).toBeDefined();
	});

	test('parallel items each log in, as n8n does without a concurrency guard', async () => {
		await api.close();
		api = await startFakeApi({ loginBarrier: 8 });
		store = storeWithToken('stale');

		const result = await runWorkflow({
			workflow: workflow(
				predefined('/me'),
				{ ...withCredential, onError: 'continueRegularOutput' },
				{ count: 8 },
			),
			credentialTypes: [dummyApi],
			credentials: store,
		});

		// All 8 stale requests fail, all 8 log in, and only the last token issued still works.
		expect(api.logins()).toBe(8);
		expect(store.updates).toHaveLength(8);
		const failed = result.outputOf('HTTP').filter((item) => item.json.error !== undefined);
		expect(failed).toHaveLength(7);
	});

	test('expressions in parameters resolve per item', async () => {
		const result = await runWorkflow({
			workflow: workflow({
				authentication: 'none',
				method: 'GET',
				url: `={{ "${api.baseUrl}/echo?item=" + $itemIndex }}`,
				headers: { Authorization: '={{ $json.authorizationHeader }}' },
			}),
			inputItems: [
				{ json: { authorizationHeader: 'Bearer a' } },
				{ json: { authorizationHeader: 'Bearer b' } },
			],
		});

		expect(result.errorOf('HTTP')).toBeUndefined();
		expect(result.outputOf('HTTP')).toEqual([
			{ json: { authorization: 'Bearer a' }, pairedItem: { item: 0 } },
			{ json: { authorization: 'Bearer b' }, pairedItem: { item: 1 } },
		]);
		expect(api.hits('/echo').map((r) => r.authorization)).toEqual(['Bearer a', 'Bearer b']);
		expect(api.logins()).toBe(0);
	});

	test('headers given as a JSON string work too', async () => {
		const result = await runWorkflow({
			workflow: workflow({
				authentication: 'none',
				url: `${api.baseUrl}/echo`,
				headers: '={{ JSON.stringify({ Authorization: $json.authorizationHeader }) }}',
			}),
			inputItems: [{ json: { authorizationHeader: 'Bearer c' } }],
		});
		expect(result.outputOf('HTTP')[0].json).toEqual({ authorization: 'Bearer c' });
	});

	test('continueOnFail turns a failed item into an error item paired with its input', async () => {
		const httpParameters = { authentication: 'none', url: `={{ "${api.baseUrl}" + $json.path }}` };
		const inputItems = [
			{ json: { path: '/echo' } },
			{ json: { path: '/missing' } },
			{ json: { path: '/echo' } },
		];

		const tolerant = await runWorkflow({
			workflow: workflow(httpParameters, { onError: 'continueRegularOutput' }),
			inputItems,
		});
		const output = tolerant.outputOf('HTTP');
		expect(tolerant.errorOf('HTTP')).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json).toEqual({ authorization: null });
		expect(output[1].json.error).toBeDefined();
		expect(output[2].json).toEqual({ authorization: null });

		const strict = await runWorkflow({ workflow: workflow(httpParameters), inputItems });
		expect(strict.errorOf('HTTP')).toBeDefined();
		expect(strict.outputOf('HTTP')).toEqual([]);
	});

	test('pinned data replaces a node’s execution', async () => {
		const wf = workflow(predefined('/me'), withCredential);
		wf.pinData = { HTTP: [{ json: { pinned: true } }] };
		const result = await runWorkflow({
			workflow: wf,
			credentialTypes: [dummyApi],
			credentials: store,
		});
		expect(result.outputOf('HTTP').map((item) => item.json)).toEqual([{ pinned: true }]);
		expect(api.seen).toHaveLength(0);
	});
});

/** A community-style node: uses httpRequestWithAuthentication, as a node should. */
class DummyNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dummy',
		name: 'dummy',
		group: ['transform'],
		version: 1,
		description: 'Calls the dummy API',
		defaults: { name: 'Dummy' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dummyApi', required: true }],
		properties: [{ displayName: 'Path', name: 'path', type: 'string', default: '/me' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const { baseUrl } = await this.getCredentials<{ baseUrl: string }>('dummyApi');
		const body = (await this.helpers.httpRequestWithAuthentication.call(this, 'dummyApi', {
			method: 'GET',
			url: `${baseUrl}${this.getNodeParameter('path', 0) as string}`,
			json: true,
		})) as Record<string, string>;
		return [[{ json: { ...body, instanceId: this.getInstanceId() }, pairedItem: { item: 0 } }]];
	}
}

describe('runWorkflow with a community node', () => {
	let api: FakeApi;
	beforeEach(async () => (api = await startFakeApi()));
	afterEach(async () => await api.close());

	const run = (path: string, token: string) => {
		const store = new CredentialStore([
			{
				id: CREDENTIAL_ID,
				name: 'Dummy account',
				type: 'dummyApi',
				data: { baseUrl: api.baseUrl, email: 'user@example.com', password: 'secret', token },
			},
		]);
		const wf: WorkflowJson = {
			nodes: [
				{
					id: 'a',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 'b',
					name: 'Dummy',
					type: 'n8n-nodes-personr.dummy',
					typeVersion: 1,
					position: [0, 0],
					parameters: { path },
					...withCredential,
				},
			],
			connections: {
				Start: { main: [[{ node: 'Dummy', type: NodeConnectionTypes.Main, index: 0 }]] },
			},
		};
		return runWorkflow({
			workflow: wf,
			nodeTypes: [new DummyNode()],
			credentialTypes: [dummyApi],
			credentials: store,
		});
	};

	test('array node types are named <package>.<name>; n8n-core sees the wired instance settings', async () => {
		const result = await run('/me', '');
		expect(result.errorOf('Dummy')).toBeUndefined();
		expect(result.outputOf('Dummy')[0].json).toEqual({
			user: 'user@example.com',
			item: null,
			instanceId: 'test-instance',
		});
	});

	test('httpRequestWithAuthentication retries after a 401 once', async () => {
		const result = await run('/me', 'stale');
		expect(result.errorOf('Dummy')).toBeUndefined();
		expect(api.logins()).toBe(1);
		expect(api.hits('/me')).toHaveLength(2);
	});

	test('httpRequestWithAuthentication does not re-log in on other errors', async () => {
		const result = await run('/missing', '');
		expect((result.errorOf('Dummy') as NodeApiError).httpCode).toBe('404');
		expect(api.logins()).toBe(1);
		expect(api.hits('/missing')).toHaveLength(1);
	});
});

describe('built-in helpers', () => {
	const itemsWorkflow = (parameters: INodeParameters): WorkflowJson => ({
		nodes: [
			{
				id: 'a',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{ id: 'b', name: 'Items', type: 'test.items', typeVersion: 1, position: [0, 0], parameters },
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: NodeConnectionTypes.Main, index: 0 }]] },
		},
	});

	test.each([
		['a JSON string', '[{"a":1},{"a":2}]'],
		['an array', [{ a: 1 }, { a: 2 }]],
	])('test.items emits items given as %s', async (_, items) => {
		const result = await runWorkflow({ workflow: itemsWorkflow({ items: items as never }) });
		expect(result.outputOf('Items').map((item) => item.json)).toEqual([{ a: 1 }, { a: 2 }]);
	});

	test('test.items emits `count` indexed items otherwise', async () => {
		const result = await runWorkflow({ workflow: itemsWorkflow({ count: 2 }), mode: 'manual' });
		expect(result.outputOf('Start')).toEqual([{ json: {}, pairedItem: { item: 0 } }]);
		expect(result.outputOf('Items').map((item) => item.json)).toEqual([{ index: 0 }, { index: 1 }]);
	});

	test('n8nHttpRequest goes through n8n-core’s own HTTP client', async () => {
		const api = await startFakeApi();
		try {
			expect(
				await n8nHttpRequest({
					url: `${api.baseUrl}/echo`,
					headers: { Authorization: 'x' },
					json: true,
				}),
			).toEqual({
				authorization: 'x',
			});
		} finally {
			await api.close();
		}
	});
});
