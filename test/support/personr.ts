/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test support: it finds and reads the repository's test workflows */
import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';
import type {
	ICredentialDataDecryptedObject,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

import { PersonrApi } from '../../credentials/PersonrApi.credentials';
import { Personr } from '../../nodes/Personr/Personr.node';
import type { PersonrServer } from '../../local-server/server';
import {
	CredentialStore,
	runWorkflow,
	startNode,
	type RunResult,
	type WorkflowJson,
} from '../harness';

export const EMAIL = 'ops@example.com';
export const PASSWORD = 'Tr0ub4dor: & 3 ünïcode';
export const CREDENTIAL_ID = 'personr-1';

export function credentialData(
	server: PersonrServer,
	extra: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		email: EMAIL,
		password: PASSWORD,
		environment: 'custom',
		baseUrl: server.liveBaseUrl,
		loginMethod: 'basicAuth',
		token: '',
		userId: '',
		expiresAt: '',
		...extra,
	};
}

export function personrStore(
	server: PersonrServer,
	extra: ICredentialDataDecryptedObject = {},
): CredentialStore {
	return new CredentialStore([
		{
			id: CREDENTIAL_ID,
			name: 'Personr account',
			type: 'personrApi',
			data: credentialData(server, extra),
		},
	]);
}

/** The repository root, found from here whether this file runs from its source or compiled into .build/. */
function repositoryRoot(): string {
	let folder = __dirname;
	while (!existsSync(join(folder, 'test', 'workflows'))) {
		const parent = dirname(folder);
		if (parent === folder) throw new Error('test/workflows not found above ' + __dirname);
		folder = parent;
	}
	return folder;
}

/** A workflow fixture from test/workflows, with the local server's base URL and per-node parameter overrides. */
export function loadWorkflow(
	name: string,
	baseUrl: string,
	parameters: Record<string, INodeParameters> = {},
): WorkflowJson {
	const text = readFileSync(join(repositoryRoot(), 'test', 'workflows', `${name}.json`), 'utf8')
		.split('__BASE_URL__')
		.join(baseUrl);
	const workflow = JSON.parse(text) as WorkflowJson;
	for (const node of workflow.nodes) Object.assign(node.parameters, parameters[node.name] ?? {});
	return workflow;
}

export async function runPersonrWorkflow(
	name: string,
	server: PersonrServer,
	store: CredentialStore,
	parameters: Record<string, INodeParameters> = {},
	settings: { continueOnFail?: string } = {},
): Promise<RunResult> {
	const workflow = loadWorkflow(name, server.liveBaseUrl, parameters);
	if (settings.continueOnFail) {
		for (const node of workflow.nodes)
			if (node.name === settings.continueOnFail) node.onError = 'continueRegularOutput';
	}
	return await runWorkflow({
		workflow,
		nodeTypes: [new Personr()],
		credentialTypes: [new PersonrApi()],
		credentials: store,
	});
}

export interface NodeRunOptions {
	/** Input items for the Personr node (default: one empty item). */
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	credentials?: CredentialStore;
}

/** Manual Trigger → Personr node with the given parameters, run by n8n's engine against the local server. */
export async function runPersonrNode(
	server: PersonrServer,
	parameters: INodeParameters,
	options: NodeRunOptions = {},
): Promise<RunResult> {
	const store = options.credentials ?? personrStore(server);
	const workflow: WorkflowJson = {
		nodes: [
			startNode(),
			{
				id: 'personr',
				name: 'Personr',
				type: 'n8n-nodes-personr.personr',
				typeVersion: 1,
				position: [220, 0],
				parameters,
				credentials: { personrApi: { id: CREDENTIAL_ID, name: 'Personr account' } },
				...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			},
		],
		connections: { Start: { main: [[{ node: 'Personr', type: 'main', index: 0 }]] } },
	};
	return await runWorkflow({
		workflow,
		nodeTypes: [new Personr()],
		credentialTypes: [new PersonrApi()],
		credentials: store,
		inputItems: options.items ?? [{ json: {} }],
	});
}
