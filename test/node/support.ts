import {
	sleep,
	type IBinaryData,
	type IDataObject,
	type INodeExecutionData,
	type INodeParameters,
} from 'n8n-workflow';

import {
	startPersonrServer,
	type PersonrServer,
	type PersonrServerOptions,
	type RecordedRequest,
} from '../../local-server/server';
import { solidPng } from '../../local-server/png';
import { forgetAllAccounts } from '../../nodes/Personr/session/session';
import type { RunResult } from '../harness';
import { EMAIL, PASSWORD, runPersonrNode, type NodeRunOptions } from '../support/personr';

export { EMAIL, PASSWORD };

/** Called with each line the local server logs (one per answered request); tests may hook in. */
export const serverLog: { onLine?: (line: string) => void } = {};

/** Checks finish after 30 ms unless told otherwise, so tests can wait for a review. */
export async function startServer(options: PersonrServerOptions = {}): Promise<PersonrServer> {
	return await startPersonrServer({
		accounts: [{ email: EMAIL, password: PASSWORD, workspaces: ['Main', 'Compliance'] }],
		checkDelayMs: 30,
		log: (line) => serverLog.onLine?.(line),
		...options,
	});
}

/**
 * Starts a local server for the test file and closes it afterwards; before each test, forgets every
 * token held in memory (each test is a fresh n8n process) and clears faults, counters and hooks.
 */
export function useLocalServer(
	onStarted: (server: PersonrServer) => void,
	options: PersonrServerOptions = {},
): void {
	let server: PersonrServer | undefined;
	beforeAll(async () => {
		server = await startServer(options);
		onStarted(server);
	});
	afterAll(async () => await server?.close());
	beforeEach(() => {
		forgetAllAccounts();
		server?.setFault(undefined);
		server?.resetCounters();
		serverLog.onLine = undefined;
	});
}

export interface NodeRun {
	result: RunResult;
	/** The Personr node's output items. */
	output: INodeExecutionData[];
	/** The node's error, if the run failed. */
	error:
		| (Error & { description?: string | null; context?: IDataObject; httpCode?: string | null })
		| undefined;
}

/** Runs Manual Trigger → Personr with the parameters, against the local server. */
export async function runNode(
	server: PersonrServer,
	parameters: INodeParameters,
	options: NodeRunOptions = {},
): Promise<NodeRun> {
	const result = await runPersonrNode(server, parameters, options);
	return {
		result,
		output: result.outputOf('Personr'),
		error: result.errorOf('Personr') as NodeRun['error'],
	};
}

/** Runs the node and fails the test with the node's own error message if it failed. */
export async function runOk(
	server: PersonrServer,
	parameters: INodeParameters,
	options: NodeRunOptions = {},
): Promise<INodeExecutionData[]> {
	const { output, error } = await runNode(server, parameters, options);
	if (error) throw new Error(`Personr node failed: ${error.message} ${error.description ?? ''}`);
	return output;
}

/** Requests the local server recorded for an endpoint, oldest first. */
export function requestsTo(server: PersonrServer, endpoint: string): RecordedRequest[] {
	return server.requests.filter((request) => request.endpoint === endpoint);
}

/** The body of the last request to an endpoint, as the server parsed it. */
export function lastBody(server: PersonrServer, endpoint: string): IDataObject {
	const requests = requestsTo(server, endpoint);
	const last = requests[requests.length - 1];
	if (!last) throw new Error(`no request to ${endpoint} was recorded`);
	return last.body as IDataObject;
}

export async function createApplicant(
	server: PersonrServer,
	additionalFields: INodeParameters = {},
): Promise<string> {
	const [item] = await runOk(server, {
		resource: 'applicant',
		operation: 'create',
		flowName: 'Standard KYC',
		email: 'jane@example.com',
		phone: '+61400000000',
		additionalFields,
	});
	return String(item?.json.applicantId);
}

export async function createEntity(
	server: PersonrServer,
	companyName = 'Example Pty Ltd',
): Promise<string> {
	const [item] = await runOk(server, {
		resource: 'entity',
		operation: 'create',
		flowName: 'Standard KYB',
		companyName,
		registrationNumber: '123456789',
		country: 'AUS',
	});
	return String(item?.json.applicantId);
}

export const PNG = solidPng(3, 2, [10, 200, 30]);
export const JPEG = Buffer.from([
	0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9,
]);
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n', 'latin1');
export const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');

/** An input item carrying a file in a binary property, as an upstream node (Read File, HTTP Request) hands it over. */
export function fileItem(
	contents: Buffer,
	binary: Partial<IBinaryData>,
	json: IDataObject = {},
	property = 'data',
): INodeExecutionData {
	return {
		json,
		binary: {
			[property]: {
				data: contents.toString('base64'),
				mimeType: 'application/octet-stream',
				...binary,
			},
		},
	};
}

/** Polls until the local server finished the check it started for a subject. */
export async function waitUntilReviewed(
	server: PersonrServer,
	id: string,
	operation: IDataObject,
): Promise<void> {
	for (let attempt = 0; attempt < 100; attempt++) {
		const [item] = await runOk(server, { ...operation, applicantId: id, simplify: true });
		if (item?.json.applicantStatus === 'Reviewed') return;
		await sleep(20);
	}
	throw new Error(`${id} was not reviewed in time`);
}
