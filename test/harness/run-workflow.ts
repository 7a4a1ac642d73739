/* eslint-disable @typescript-eslint/no-require-imports, @n8n/community-nodes/no-restricted-imports -- reads the version of the n8n-core a test resolves, from a path known only at run time */
import { DirectoryLoader, ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	NodeHelpers,
	Workflow,
	deepCopy,
	type ExecutionError,
	type IConnections,
	type ICredentialType,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IPinData,
	type IRun,
	type IVersionedNodeType,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type IWorkflowSettings,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { join, sep } from 'path';

import { name as ownPackageName } from '../../package.json';
import { CredentialStore, TestCredentialsHelper } from './credentials';
import { wireN8nContainer } from './di';
import { HttpCall } from './nodes/HttpCall.node';
import { Items } from './nodes/Items.node';
import { ManualTrigger } from './nodes/ManualTrigger.node';

/** A workflow as n8n exports it (only the parts an execution reads). */
export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	pinData?: IPinData;
	staticData?: IDataObject;
}

export type AnyNodeType = INodeType | IVersionedNodeType;

/** The Manual Trigger a test workflow starts with; a new object each time, since n8n's Workflow fills in its node objects. */
export function startNode(): INode {
	return {
		id: 'start',
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
}

export interface RunOptions {
	workflow: WorkflowJson;
	/**
	 * Node types the workflow uses besides the built-in test ones. In an array each type is
	 * registered as `<packageName>.<description.name>`, as n8n names community nodes.
	 */
	nodeTypes?: AnyNodeType[] | Record<string, AnyNodeType>;
	/** Prefix for `nodeTypes` given as an array; defaults to this package's name. */
	packageName?: string;
	credentialTypes?: ICredentialType[];
	credentials?: CredentialStore;
	/** Items the start node emits (not in 'manual' mode, where the trigger emits its own). */
	inputItems?: INodeExecutionData[];
	/** Defaults to 'cli', the mode of `n8n execute`. */
	mode?: WorkflowExecuteMode;
}

export interface RunResult {
	run: IRun;
	credentialsHelper: TestCredentialsHelper;
	/** Output items of a node's run (first output by default); [] if it produced none. */
	outputOf(nodeName: string, outputIndex?: number, runIndex?: number): INodeExecutionData[];
	errorOf(nodeName: string, runIndex?: number): ExecutionError | undefined;
}

export const BUILT_IN_NODE_TYPES = {
	manualTrigger: 'n8n-nodes-base.manualTrigger',
	items: 'test.items',
	httpCall: 'test.httpCall',
} as const;

export function createNodeTypes(
	types: Record<string, AnyNodeType>,
): INodeTypes & { add(name: string, type: AnyNodeType): void } {
	const registry = new Map<string, AnyNodeType>(Object.entries(types));
	const lookup = (name: string): AnyNodeType => {
		const type = registry.get(name);
		if (!type) throw new Error(`Unrecognized node type: ${name}`);
		return type;
	};
	return {
		add: (name, type) => void registry.set(name, type),
		getByName: lookup,
		getByNameAndVersion: (name, version) => NodeHelpers.getVersionedNodeType(lookup(name), version),
		getKnownTypes: () => ({}),
	};
}

/**
 * Runs a workflow with n8n-core's real WorkflowExecute. Node errors do not throw: they are in
 * `run.data.resultData.error` and `errorOf(node)`, as in n8n's execution data.
 */
export async function runWorkflow(options: RunOptions): Promise<RunResult> {
	wireN8nContainer();
	const mode = options.mode ?? 'cli';
	if (mode === 'manual' && options.inputItems) {
		throw new Error("inputItems cannot be used in 'manual' mode: the trigger emits its own item");
	}
	const credentialTypes = options.credentialTypes ?? [];
	const credentialsHelper = new TestCredentialsHelper(
		credentialTypes,
		options.credentials ?? new CredentialStore([]),
	);

	const nodeTypes = createNodeTypes({
		[BUILT_IN_NODE_TYPES.manualTrigger]: new ManualTrigger(),
		[BUILT_IN_NODE_TYPES.items]: new Items(),
		[BUILT_IN_NODE_TYPES.httpCall]: new HttpCall(credentialTypes.map((type) => type.name)),
	});
	const packageName = options.packageName ?? ownPackageName;
	const given = Array.isArray(options.nodeTypes)
		? Object.fromEntries(
				options.nodeTypes.map((type) => [`${packageName}.${type.description.name}`, type]),
			)
		: (options.nodeTypes ?? {});
	for (const [name, type] of Object.entries(given)) {
		// n8n's loader adds the common request options to declarative nodes on load.
		for (const version of versionsOf(type))
			DirectoryLoader.applyDeclarativeNodeOptionParameters(version);
		nodeTypes.add(name, type);
	}

	const source = deepCopy(options.workflow);
	const workflowData: IWorkflowBase = {
		id: source.id ?? 'test-workflow',
		name: source.name ?? 'Test workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: source.nodes,
		connections: source.connections,
		// n8n gives new workflows the v1 execution order; an export without settings means that.
		settings: source.settings ?? { executionOrder: 'v1' },
		staticData: source.staticData,
		pinData: source.pinData,
	};
	const workflow = new Workflow({ ...workflowData, nodeTypes });

	const executionId = '1';
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const additionalData = createAdditionalData(credentialsHelper, hooks, executionId);

	const startNode = workflow.getStartNode();
	if (!startNode) throw new Error('No node to start the workflow from could be found');
	const runParameters = {
		workflow,
		startNode,
		pinData: workflowData.pinData,
		triggerToStartFrom: options.inputItems && {
			name: startNode.name,
			data: {
				startTime: Date.now(),
				executionTime: 0,
				executionIndex: 0,
				source: [],
				data: { main: [options.inputItems] },
			},
		},
	};
	const run = await startRun(new WorkflowExecute(additionalData, mode), runParameters);

	const runData = run.data.resultData.runData;
	return {
		run,
		credentialsHelper,
		outputOf: (nodeName, outputIndex = 0, runIndex = 0) =>
			runData[nodeName]?.[runIndex]?.data?.main?.[outputIndex] ?? [],
		errorOf: (nodeName, runIndex = 0) => runData[nodeName]?.[runIndex]?.error,
	};
}

type RunParameters = Parameters<WorkflowExecute['run']>[0];

/** n8n-core 2.x takes one object; 1.x (the jest project "n8n 1.x") takes the same values as positional arguments. */
async function startRun(engine: WorkflowExecute, parameters: RunParameters): Promise<IRun> {
	const positional = engine.run as unknown as (...args: unknown[]) => Promise<IRun>;
	if (isOneX()) {
		const { workflow, startNode, pinData, triggerToStartFrom } = parameters;
		return await positional.call(
			engine,
			workflow,
			startNode,
			undefined,
			pinData,
			triggerToStartFrom,
		);
	}
	return await engine.run(parameters);
}

/** Whether the loaded n8n-core is the 1.x line. */
export function isOneX(): boolean {
	return /^1\./.test(n8nCoreVersion());
}

function n8nCoreVersion(): string {
	// Resolved as the test's n8n-core import resolves, so the jest 1.x project's mapping applies.
	const main = require.resolve('n8n-core');
	return (
		require(join(main.slice(0, main.lastIndexOf(`${sep}dist${sep}`)), 'package.json')) as {
			version: string;
		}
	).version;
}

function versionsOf(type: AnyNodeType): INodeType[] {
	return 'nodeVersions' in type ? Object.values(type.nodeVersions) : [type];
}

export function createAdditionalData(
	credentialsHelper: TestCredentialsHelper,
	hooks: ExecutionLifecycleHooks | undefined,
	executionId: string,
): IWorkflowExecuteAdditionalData {
	const unsupported = (what: string) => async () => {
		throw new Error(`${what} is not supported by the test harness`);
	};
	const base = 'http://localhost:5678';
	return {
		credentialsHelper,
		hooks,
		executionId,
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		executeWorkflow: unsupported('Executing a sub-workflow'),
		startRunnerTask: unsupported('The Code node task runner'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
	} as unknown as IWorkflowExecuteAdditionalData;
}
