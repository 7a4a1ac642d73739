/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test support: local HTTP servers and sockets, and a capture of the console, process.stdout/stderr and n8n's logger */
import { createServer, type IncomingHttpHeaders, type Server } from 'http';
import { Socket, type AddressInfo } from 'net';
import { inspect } from 'util';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

import { PersonrApi } from '../../credentials/PersonrApi.credentials';
import { Personr } from '../../nodes/Personr/Personr.node';
import { basicAuthorization } from '../../nodes/Personr/session/login';
import { forgetAllPacing } from '../../nodes/Personr/transport/pacing';
import { forgetAllAccounts } from '../../nodes/Personr/session/session';
import { startPersonrServer, type PersonrServer } from '../../local-server/server';
import { Container, Logger } from '../harness/di';
import {
	CredentialStore,
	reportedErrors,
	runWorkflow,
	startNode,
	wireN8nContainer,
	type RunResult,
	type WorkflowJson,
} from '../harness';
import { CREDENTIAL_ID, personrStore, runPersonrNode } from '../support/personr';

/** The fault suite's account. The password has what breaks naive escaping: quotes, backslash, colon, %, +, &, =, non-ASCII. */
export const FAULT_EMAIL = 'fault-ops@example.com';
export const FAULT_PASSWORD = 'pä$$"w\\ord: 密码 & <%2F>+/=;\'🔑 end';
/** What a login request carries in its Authorization header: Basic base64(email:password). */
export const BASIC_VALUE = basicAuthorization(FAULT_EMAIL, FAULT_PASSWORD).slice('Basic '.length);

/** Called with each line the local server logs (one per answered request); tests may hook in. */
export const serverLog: { onLine?: (line: string) => void } = {};

export async function startFaultServer(): Promise<PersonrServer> {
	return await startPersonrServer({
		accounts: [{ email: FAULT_EMAIL, password: FAULT_PASSWORD }],
		checkDelayMs: 30,
		log: (line) => serverLog.onLine?.(line),
	});
}

export interface FaultContext {
	server: PersonrServer;
	/** An applicant created before the tests, so getStatus has something to find. */
	applicantId: string;
}

/**
 * Starts a local server for the test file and closes it afterwards. Before each test: a fresh n8n
 * process (no token in memory), no fault, zeroed counters, no log hook.
 */
export function useFaultServer(): FaultContext {
	const context = {} as FaultContext;
	beforeAll(async () => {
		context.server = await startFaultServer();
		forgetAllAccounts();
		const output = await personrNodeOk(context.server, {
			resource: 'applicant',
			operation: 'create',
			flowName: 'Standard KYC',
			email: 'jane@example.com',
			phone: '+61400000000',
		});
		context.applicantId = String(output[0]?.json.applicantId);
	});
	afterAll(async () => await context.server?.close());
	beforeEach(() => resetWorld(context.server));
	return context;
}

export function resetWorld(server: PersonrServer): void {
	forgetAllAccounts();
	forgetAllPacing();
	server.setFault(undefined);
	server.resetCounters();
	serverLog.onLine = undefined;
}

/** A credential as first saved by a user: no token yet. */
export function emptyStore(
	server: PersonrServer,
	extra: ICredentialDataDecryptedObject = {},
): CredentialStore {
	return personrStore(server, { email: FAULT_EMAIL, password: FAULT_PASSWORD, ...extra });
}

/** A credential that holds a token Personr accepts, as after earlier runs; the process memory and counters are reset. */
export async function storeWithToken(context: FaultContext): Promise<CredentialStore> {
	const store = emptyStore(context.server);
	await personrNodeOk(context.server, statusParameters(context), { credentials: store });
	resetWorld(context.server);
	return store;
}

export function statusParameters(
	context: FaultContext,
	extra: INodeParameters = {},
): INodeParameters {
	return {
		resource: 'applicant',
		operation: 'getStatus',
		applicantId: context.applicantId,
		simplify: true,
		...extra,
	};
}

export function items(count: number): INodeExecutionData[] {
	return Array.from({ length: count }, (_, index) => ({ json: { index } }));
}

export type NodeError = Error & {
	description?: string | null;
	context?: IDataObject;
	httpCode?: string | null;
};

/** What a run exposes, by where it would end up. */
export interface Exposure {
	/** The whole run as n8n stores it (execution data: database, UI, API). */
	runData: string;
	/** The node's and the workflow's errors and those sent to the error reporter: message, description, stack and full inspection, as a log line or Sentry would get them. */
	errors: string;
	/** Anything written to the console, stdout, stderr or n8n's logger during the run. */
	logs: string;
}

export interface FaultRun extends Exposure {
	result: RunResult;
	/** Output items of the node under test. */
	output: INodeExecutionData[];
	error: NodeError | undefined;
}

export interface PersonrNodeOptions {
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	credentials?: CredentialStore;
}

/** Manual Trigger → Personr node, run by n8n's engine; captures what the run exposes. */
export async function personrNode(
	server: PersonrServer,
	parameters: INodeParameters,
	options: PersonrNodeOptions = {},
): Promise<FaultRun> {
	const store = options.credentials ?? emptyStore(server);
	return await capturedRun(
		async () => await runPersonrNode(server, parameters, { ...options, credentials: store }),
		'Personr',
	);
}

export async function personrNodeOk(
	server: PersonrServer,
	parameters: INodeParameters,
	options: PersonrNodeOptions = {},
): Promise<INodeExecutionData[]> {
	const { output, error } = await personrNode(server, parameters, options);
	if (error) throw new Error(`Personr node failed: ${error.message} ${error.description ?? ''}`);
	return output;
}

export interface HttpNodeOptions {
	count?: number;
	method?: string;
	url?: string;
	body?: string;
	continueOnFail?: boolean;
	credentials?: CredentialStore;
}

/**
 * Manual Trigger → Items → HTTP call with the predefined Personr API credential (the way n8n's HTTP
 * Request node calls: requestWithAuthentication, all items in parallel). The node is named "HTTP Request".
 */
export async function httpRequestNode(
	context: FaultContext,
	options: HttpNodeOptions = {},
): Promise<FaultRun> {
	const { server } = context;
	const workflow: WorkflowJson = {
		nodes: [
			startNode(),
			{
				id: 'items',
				name: 'Items',
				type: 'test.items',
				typeVersion: 1,
				position: [220, 0],
				parameters: { count: options.count ?? 1 },
			},
			{
				id: 'http',
				name: 'HTTP Request',
				type: 'test.httpCall',
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					authentication: 'predefinedCredentialType',
					credentialType: 'personrApi',
					method: options.method ?? 'POST',
					url: options.url ?? `${server.liveBaseUrl}/api-applicant-status`,
					body: options.body ?? JSON.stringify({ applicantId: context.applicantId }),
				},
				credentials: { personrApi: { id: CREDENTIAL_ID, name: 'Personr account' } },
				...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			},
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] },
		},
	};
	const credentials = options.credentials ?? emptyStore(server);
	return await capturedRun(
		async () =>
			await runWorkflow({
				workflow,
				nodeTypes: [new Personr()],
				credentialTypes: [new PersonrApi()],
				credentials,
			}),
		'HTTP Request',
	);
}

/** The error message of a continue-on-fail item, from the Personr node (a string) or the HTTP Request node (an error object). */
export function itemError(item: INodeExecutionData | undefined): string | undefined {
	const error = item?.json.error as unknown;
	if (typeof error === 'string') return error;
	if (typeof error === 'object' && error !== null)
		return String((error as { message?: unknown }).message);
	return undefined;
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
const LOGGER_METHODS = ['error', 'warn', 'info', 'debug'] as const;

/** The logger n8n-core's execution uses (the harness registers a silent one in n8n-core's own DI container). */
function n8nLogger(): Record<string, unknown> {
	wireN8nContainer();
	return Container.get(Logger) as unknown as Record<string, unknown>;
}

/**
 * Runs `body` while recording anything written to the console, stdout, stderr and n8n's logger, and
 * the errors n8n-core hands its error reporter.
 */
export async function capturing<T>(
	body: () => Promise<T>,
): Promise<{ value: T; logs: string; reported: unknown[] }> {
	const logged: string[] = [];
	const record = (...args: unknown[]) =>
		void logged.push(
			args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg, { depth: 8 }))).join(' '),
		);
	const spies: Array<{ mockRestore(): void }> = CONSOLE_METHODS.map((method) =>
		jest.spyOn(console, method).mockImplementation(record),
	);
	for (const stream of [process.stdout, process.stderr]) {
		spies.push(
			jest.spyOn(stream, 'write').mockImplementation(((chunk: unknown) => {
				logged.push(String(chunk));
				return true;
			}) as typeof stream.write),
		);
	}
	const logger = n8nLogger();
	const original = Object.fromEntries(LOGGER_METHODS.map((method) => [method, logger[method]]));
	for (const method of LOGGER_METHODS) logger[method] = record;
	const reportedBefore = reportedErrors.length;
	try {
		const value = await body();
		return { value, logs: logged.join('\n'), reported: reportedErrors.slice(reportedBefore) };
	} finally {
		for (const spy of spies) spy.mockRestore();
		Object.assign(logger, original);
	}
}

async function capturedRun(run: () => Promise<RunResult>, nodeName: string): Promise<FaultRun> {
	const { value: result, logs, reported } = await capturing(run);
	const error = result.errorOf(nodeName) as NodeError | undefined;
	return {
		result,
		output: result.outputOf(nodeName),
		error,
		runData: safeJson(result.run),
		errors: [error, result.run.data.resultData.error, ...reported]
			.flatMap(describeError)
			.join('\n'),
		logs,
	};
}

/** Everything an error shows: message, description, stack, and its full inspection (causes included). */
export function describeError(error: unknown): string[] {
	if (error === undefined || error === null) return [];
	const record = error as { message?: unknown; description?: unknown; stack?: unknown };
	return [
		String(record.message),
		String(record.description),
		String(record.stack),
		inspect(error, { depth: 8 }),
		safeJson(error),
	];
}

export function safeJson(value: unknown): string {
	const seen = new WeakSet<object>();
	return (
		JSON.stringify(value, (_key, inner: unknown) => {
			if (typeof inner === 'object' && inner !== null) {
				if (seen.has(inner)) return '[circular]';
				seen.add(inner);
			}
			return typeof inner === 'bigint' ? String(inner) : inner;
		}) ?? ''
	);
}

/** Each way a secret could be written: as is, JSON-escaped, URL- or form-encoded. */
function spellings(secret: string): string[] {
	return [
		...new Set([
			secret,
			JSON.stringify(secret).slice(1, -1),
			encodeURIComponent(secret),
			new URLSearchParams({ s: secret }).toString().slice(2),
		]),
	];
}

export interface SecretHit {
	secret: string;
	kind: 'password' | 'basic' | 'token';
	context: string;
}

/** Where `text` shows the password, the Basic value or one of the tokens, in any spelling. */
export function secretHits(text: string, tokens: readonly string[]): SecretHit[] {
	const secrets: Array<[SecretHit['kind'], string]> = [
		['password', FAULT_PASSWORD],
		['basic', BASIC_VALUE],
		...tokens.map((token): [SecretHit['kind'], string] => ['token', token]),
	];
	const hits: SecretHit[] = [];
	for (const [kind, secret] of secrets) {
		for (const spelling of spellings(secret)) {
			const at = text.indexOf(spelling);
			if (at >= 0)
				hits.push({
					kind,
					secret: spelling,
					context: text.slice(Math.max(0, at - 120), at + spelling.length + 40),
				});
		}
	}
	return hits;
}

/** A port nothing listens on (was free a moment ago). */
export async function closedPort(): Promise<number> {
	const probe = createServer();
	await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
	const { port } = probe.address() as AddressInfo;
	await new Promise((resolve) => probe.close(resolve));
	return port;
}

export interface RecordingServer {
	url: string;
	received: Array<{ method: string; url: string; headers: IncomingHttpHeaders }>;
	close(): Promise<void>;
}

/**
 * A plain local HTTP server that records every request (headers in full) and answers with `answer`
 * (default: 200 `{}`); stands for "another host" a redirect points to, or for a non-Personr login server.
 */
export async function startRecordingServer(
	answer: (url: string) => {
		status: number;
		headers?: Record<string, string>;
		body?: string;
	} = () => ({ status: 200, body: '{}' }),
): Promise<RecordingServer> {
	const received: RecordingServer['received'] = [];
	const server: Server = createServer((req, res) => {
		received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
		req.resume();
		const reply = answer(req.url ?? '/');
		res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
		res.end(reply.body ?? '');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		received,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/** Revokes the account's token (another login elsewhere) once the server has answered `after` calls to `endpoint` with 200. */
export function revokeAfter(server: PersonrServer, endpoint: string, after: number): void {
	let answered = 0;
	serverLog.onLine = (line) => {
		if (!line.includes(`/${endpoint} -> 200`)) return;
		answered += 1;
		if (answered === after) {
			serverLog.onLine = undefined;
			server.revokeToken(FAULT_EMAIL);
		}
	};
}

/** Counts the TCP connections opened to `port` (by anyone in this process) while `body` runs. */
export async function countingConnections<T>(
	port: number,
	body: () => Promise<T>,
): Promise<{ value: T; connections: number }> {
	const spy = jest.spyOn(Socket.prototype, 'connect');
	try {
		const value = await body();
		const connections = spy.mock.calls.filter((call) => {
			const first: unknown = call[0];
			// net normalises its arguments to [options, callback] before calling Socket#connect.
			const options = (Array.isArray(first) ? first[0] : first) as { port?: unknown } | undefined;
			return Number(options?.port) === port;
		}).length;
		return { value, connections };
	} finally {
		spy.mockRestore();
	}
}
