import { ExecuteContext, RoutingNode } from 'n8n-core';
import {
	NodeConnectionTypes,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialsDecrypted,
	type ICredentialType,
	type INode,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRunExecutionData,
} from 'n8n-workflow';

import { CredentialStore, TestCredentialsHelper, type CredentialUpdate } from './credentials';
import { wireN8nContainer } from './di';
import { createAdditionalData } from './run-workflow';

export interface CredentialTestOutcome extends INodeCredentialTestResult {
	/** The stored credential after the test: what n8n would have saved (e.g. the fetched token). */
	data: ICredentialDataDecryptedObject;
	/** Every write the test made to the credential. */
	updates: CredentialUpdate[];
}

const CREDENTIAL_ID = 'credential-under-test';

/**
 * The credential "Test" button for a type with a `test` request, following n8n's
 * CredentialsTester: the request runs through n8n-core's RoutingNode on a temporary noOp node,
 * which makes the credentials helper run preAuthentication unconditionally; then n8n's
 * `rules` and status-code handling decide the verdict.
 * `otherTypes` are the types `credentialType` extends, if any.
 */
export async function testCredential(
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
	otherTypes: ICredentialType[] = [],
): Promise<CredentialTestOutcome> {
	wireN8nContainer();
	const store = new CredentialStore([
		{ id: CREDENTIAL_ID, name: credentialType.displayName, type: credentialType.name, data },
	]);
	const outcome = (result: INodeCredentialTestResult): CredentialTestOutcome => ({
		...result,
		data: store.get(CREDENTIAL_ID).data,
		updates: store.updates,
	});

	const testRequest = credentialType.test;
	if (!testRequest) {
		return outcome({ status: 'Error', message: 'No testing function found for this credential.' });
	}

	const helper = new TestCredentialsHelper([credentialType, ...otherTypes], store);
	const additionalData = createAdditionalData(helper, undefined, 'credential-test');
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: CREDENTIAL_ID,
		name: credentialType.displayName,
		type: credentialType.name,
		data,
	};
	try {
		credentialsDecrypted.data = helper.applyDefaultsAndOverwrites(
			additionalData,
			data,
			credentialType.name,
			'internal',
		);
	} catch (error) {
		return outcome({ status: 'Error', message: String((error as Error).message) });
	}

	// n8n's own noOp node, with one `temp` property routed to the test request. Its default ''
	// is what tells the credentials helper that this is a credential test.
	const nodeType: INodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: 'n8n-nodes-base.noOp',
			group: ['organization'],
			version: 1,
			description: 'No Operation',
			defaults: { name: 'No Operation, do nothing' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: credentialType.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: nodeType.description.name,
		typeVersion: 1,
		position: [0, 0],
		credentials: { [credentialType.name]: { id: CREDENTIAL_ID, name: credentialType.displayName } },
	};
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => NodeHelpers.getVersionedNodeType(nodeType, 1) as INodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const runExecutionData = { resultData: { runData: {} } } as IRunExecutionData;
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		runExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await new RoutingNode(context, nodeType, credentialsDecrypted).runNode();
	} catch (caught) {
		const error = caught as {
			message: string;
			cause?: { code?: string; response?: { status: number; statusText?: string } };
		};
		if (error.cause?.response) {
			const statusCode = error.cause.response.status;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === statusCode) {
					return outcome({ status: 'Error', message: rule.properties.message });
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return outcome({
					status: 'Error',
					message: error.cause.response.statusText || `Received HTTP status code: ${statusCode}`,
				});
			}
		} else if (error.cause?.code) {
			return outcome({ status: 'Error', message: error.cause.code });
		}
		return outcome({ status: 'Error', message: String(error.message) });
	}

	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const body = response?.[0]?.[0]?.json;
			if (getPath(body, rule.properties.key) === rule.properties.value) {
				return outcome({ status: 'Error', message: rule.properties.message });
			}
		}
	}
	return outcome({ status: 'OK', message: 'Connection successful!' });
}

/** lodash.get for dotted keys, which is what n8n uses for `responseSuccessBody`. */
function getPath(value: unknown, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>(
			(current, key) => (current as Record<string, unknown> | undefined)?.[key],
			value,
		);
}
