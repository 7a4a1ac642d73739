import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IExecuteFunctions,
	INodeParameters,
	INodeType,
} from 'n8n-workflow';

import { PersonrApi } from '../credentials/PersonrApi.credentials';
import { Personr } from '../nodes/Personr/Personr.node';
import { accountFingerprint } from '../nodes/Personr/session/binding';
import { accountFromCredentials, forgetAllAccounts } from '../nodes/Personr/session/session';
import type { PersonrServer } from '../local-server/server';
import {
	CredentialStore,
	runWorkflow,
	startNode,
	type AnyNodeType,
	type RunResult,
	type WorkflowJson,
} from '../test/harness';
import {
	credentialData,
	CREDENTIAL_ID,
	EMAIL,
	loadWorkflow,
	PASSWORD,
} from '../test/support/personr';
import { PersonrTextbookApi, textbookAsPersonrApi } from './textbookCredential';

/** One line of the results table. */
export interface Row {
	group: string;
	measurement: string;
	ours: string;
	baseline: string;
	target: string;
	verdict: 'met' | 'missed' | '—';
	/** Why a target was missed, as far as the run shows it; listed under "Targets missed". */
	note?: string;
}

export type Variant = 'package' | 'textbook';

export const PERSONR_TYPE = 'n8n-nodes-personr.personr';
const TEXTBOOK_ID = 'textbook-1';

export const verdict = (met: boolean): Row['verdict'] => (met ? 'met' : 'missed');

/** The token fields a fresh login saves, obtained with a plain request so that no package code remembers it. */
export async function freshTokenFields(
	server: PersonrServer,
): Promise<ICredentialDataDecryptedObject> {
	const basic = Buffer.from(`${EMAIL}:${PASSWORD}`, 'utf8').toString('base64');
	const response = await fetch(`${server.liveBaseUrl}/api-basic-auth`, {
		method: 'POST',
		headers: { Authorization: `Basic ${basic}` },
	});
	const { response: login } = (await response.json()) as {
		response: { token: string; user_id: string; expires: number };
	};
	return {
		token: login.token,
		userId: login.user_id,
		expiresAt: new Date(Date.now() + login.expires * 1000).toISOString(),
		// Saved as the credential saves it: bound to the account, or the token counts as absent.
		tokenAccount: await accountFingerprint(
			login.token,
			accountFromCredentials(credentialData(server)),
		),
	};
}

/** The state right after an n8n restart while Personr has since invalidated the stored token (a login elsewhere). */
export async function staleTokenFields(
	server: PersonrServer,
): Promise<ICredentialDataDecryptedObject> {
	const fields = await freshTokenFields(server);
	server.revokeToken(EMAIL);
	forgetAllAccounts();
	server.resetCounters();
	return fields;
}

/** What a run needs for one variant: the registered credential types, the stored credentials and how nodes refer to them. */
export interface CredentialSetup {
	credentialTypes: ICredentialType[];
	store: CredentialStore;
	/** Credential type name and record id a node uses. */
	name: string;
	id: string;
}

/**
 * The HTTP path registers both credential types side by side, as n8n would with the package installed next to
 * a hand-written credential. The Personr node asks for 'personrApi' by name, so its baseline registers the
 * textbook credential under that name instead (see textbookCredential.ts).
 */
export function credentialSetup(
	variant: Variant,
	path: 'node' | 'http',
	server: PersonrServer,
	fields: ICredentialDataDecryptedObject,
): CredentialSetup {
	const data = credentialData(server, fields);
	if (path === 'node') {
		return {
			credentialTypes: [variant === 'package' ? new PersonrApi() : textbookAsPersonrApi()],
			store: new CredentialStore([
				{ id: CREDENTIAL_ID, name: 'Personr account', type: 'personrApi', data },
			]),
			name: 'personrApi',
			id: CREDENTIAL_ID,
		};
	}
	const textbook = new PersonrTextbookApi();
	return {
		credentialTypes: [new PersonrApi(), textbook],
		store: new CredentialStore([
			{ id: CREDENTIAL_ID, name: 'Personr account', type: 'personrApi', data },
			{ id: TEXTBOOK_ID, name: 'Personr textbook account', type: textbook.name, data },
		]),
		name: variant === 'package' ? 'personrApi' : textbook.name,
		id: variant === 'package' ? CREDENTIAL_ID : TEXTBOOK_ID,
	};
}

/** Start → Items(count) → Personr node with `parameters`; failed items are kept as error items so they can be counted. */
export function personrNodeWorkflow(parameters: INodeParameters, count: number): WorkflowJson {
	return {
		nodes: [
			startNode(),
			{
				id: 'n2',
				name: 'Items',
				type: 'test.items',
				typeVersion: 1,
				position: [220, 0],
				parameters: { count },
			},
			{
				id: 'n3',
				name: 'Personr',
				type: PERSONR_TYPE,
				typeVersion: 1,
				position: [440, 0],
				parameters,
				credentials: { personrApi: { id: CREDENTIAL_ID, name: 'Personr account' } },
				onError: 'continueRegularOutput',
			},
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Personr', type: 'main', index: 0 }]] },
		},
	};
}

/** The HTTP Request node with a predefined credential, one applicant per item (fixture http-predefined-credential). */
export function httpCredentialWorkflow(
	server: PersonrServer,
	setup: CredentialSetup,
	count: number,
): WorkflowJson {
	const workflow = loadWorkflow('http-predefined-credential', server.liveBaseUrl, {
		Items: { count },
		'Create Applicant': { credentialType: setup.name },
	});
	for (const node of workflow.nodes) {
		if (node.name !== 'Create Applicant') continue;
		node.credentials = { [setup.name]: { id: setup.id, name: 'Personr account' } };
		node.onError = 'continueRegularOutput';
	}
	return workflow;
}

/**
 * Without the package, a token is fetched the documented way: the HTTP Request node POSTing `api-basic-auth` with the
 * Basic header, one login per item (fixture http-predefined-credential, its HTTP node renamed "Get Token").
 */
export function httpLoginWorkflow(server: PersonrServer, count: number): WorkflowJson {
	const basic = Buffer.from(`${EMAIL}:${PASSWORD}`, 'utf8').toString('base64');
	const workflow = loadWorkflow('http-predefined-credential', server.liveBaseUrl, {
		Items: { count },
		'Create Applicant': {
			authentication: 'none',
			url: `${server.liveBaseUrl}/api-basic-auth`,
			headers: JSON.stringify({ Authorization: `Basic ${basic}` }),
			body: '',
		},
	});
	const login = {
		name: 'Get Token',
		credentials: undefined,
		onError: 'continueRegularOutput' as const,
	};
	return {
		nodes: workflow.nodes.map((node) =>
			node.name === 'Create Applicant' ? { ...node, ...login } : node,
		),
		connections: {
			...workflow.connections,
			Items: { main: [[{ node: 'Get Token', type: 'main', index: 0 }]] },
		},
	};
}

/** Runs a workflow with the Personr node (and any extra node types) registered. */
export async function run(
	workflow: WorkflowJson,
	setup: Pick<CredentialSetup, 'credentialTypes' | 'store'>,
	extraTypes: Record<string, AnyNodeType> = {},
	personr: AnyNodeType = new Personr(),
): Promise<RunResult> {
	return await runWorkflow({
		workflow,
		nodeTypes: { [PERSONR_TYPE]: personr, ...extraTypes },
		credentialTypes: setup.credentialTypes,
		credentials: setup.store,
	});
}

/** Items of `nodeName` that failed: error items under continue-on-fail, or all of them if the node itself failed. */
export function failedItems(result: RunResult, nodeName: string, expected: number): number {
	if (result.errorOf(nodeName) !== undefined) return expected;
	const output = result.outputOf(nodeName);
	return (
		output.filter((item) => item.json.error !== undefined).length +
		Math.max(0, expected - output.length)
	);
}

/** The same node type with its execute() timed, so engine setup around the node is left out of the measurement. */
export function timed<T extends INodeType>(node: T, durations: number[]): INodeType {
	const execute = node.execute;
	if (execute === undefined) throw new Error(`${node.description.name} has no execute()`);
	return {
		description: node.description,
		async execute(this: IExecuteFunctions) {
			const started = performance.now();
			try {
				return await execute.call(this);
			} finally {
				durations.push(performance.now() - started);
			}
		},
	};
}

export function median(values: number[]): number {
	return percentile(values, 50);
}

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return (
		sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ??
		Number.NaN
	);
}

export const ms = (value: number): string =>
	`${value < 10 ? value.toFixed(3) : value.toFixed(1)} ms`;
