import type { INodeParameters } from 'n8n-workflow';

import type { Fault } from '../../local-server/server';
import { LOGIN_TIMEOUT_MS } from '../../nodes/Personr/session/login';
import { preAuthenticate } from '../../nodes/Personr/session/session';
import type { CredentialStore } from '../harness';
import { n8nHttp } from '../support/n8nHttp';
import { credentialData } from '../support/personr';
import { loginTimeoutOverride } from './loginTimeout';
import {
	BASIC_VALUE,
	capturing,
	closedPort,
	countingConnections,
	describeError,
	emptyStore,
	FAULT_EMAIL,
	FAULT_PASSWORD,
	httpRequestNode,
	items,
	personrNode,
	revokeAfter,
	serverLog,
	startRecordingServer,
	statusParameters,
	storeWithToken,
	type Exposure,
	type FaultContext,
	type FaultRun,
	type RecordingServer,
} from './support';

/*
 * One function per fault: it sets the fault up on a clean local server, runs it through a given path
 * and returns what the run exposed. The fault tests assert the behaviour; secretScan.test.ts runs the
 * same functions and scans what they exposed.
 */

export const STATUS = 'api-applicant-status';
export const LOGIN = 'api-basic-auth';

/** Personr node getStatus, n8n's HTTP Request node with the predefined credential, or the Token resource's operations. */
export type Path = 'Personr node' | 'HTTP Request node' | 'Get Token' | 'Verify Token';

/** The paths that call an endpoint with the credential's token. */
export type CallPath = 'Personr node' | 'HTTP Request node';

export interface RunShape {
	/** Input items (default 1). */
	count?: number;
	continueOnFail?: boolean;
	credentials?: CredentialStore;
	/** Throughput → Parallel Requests of the Personr node; its default when left out. */
	parallelRequests?: number;
}

/** Runs the path against the local server: getStatus in the Personr node, or a POST to api-applicant-status with the predefined credential. */
export async function runPath(
	context: FaultContext,
	path: Path,
	shape: RunShape = {},
): Promise<FaultRun> {
	const count = shape.count ?? 1;
	if (path === 'HTTP Request node') return await httpRequestNode(context, { ...shape, count });
	const throughput =
		shape.parallelRequests === undefined
			? {}
			: { throughput: { parallelRequests: shape.parallelRequests } };
	const parameters: INodeParameters =
		path === 'Get Token'
			? { resource: 'token', operation: 'getToken', ...throughput }
			: path === 'Verify Token'
				? { resource: 'token', operation: 'verifyToken', ...throughput }
				: statusParameters(context, throughput);
	return await personrNode(context.server, parameters, {
		items: items(count),
		continueOnFail: shape.continueOnFail,
		credentials: shape.credentials,
	});
}

export const loginAttempts = (context: FaultContext): number =>
	context.server.counters.calls[LOGIN] ?? 0;
export const statusCalls = (context: FaultContext): number =>
	context.server.counters.calls[STATUS] ?? 0;

// ----- the login fails -----

export const LOGIN_FAULTS = {
	'login 5xx': { kind: 'loginStatus', status: 503 },
	'login answering HTML': {
		kind: 'loginStatus',
		status: 200,
		body: '<!doctype html><html><body><h1>Down for maintenance</h1></body></html>',
	},
	'login JSON without a token': {
		kind: 'loginStatus',
		status: 200,
		body: JSON.stringify({
			status: 'success',
			response: { user_id: '1665086295388x405886519539808060' },
		}),
	},
	// A broken proxy or server that quotes the request back, secrets included.
	'login error echoing the password and Basic value': {
		kind: 'loginStatus',
		status: 500,
		body: JSON.stringify({
			statusCode: 500,
			message: `Upstream rejected Authorization: Basic ${BASIC_VALUE} (user ${FAULT_EMAIL}, password ${FAULT_PASSWORD}, raw ${BASIC_VALUE})`,
		}),
	},
} satisfies Record<string, Fault>;
export type LoginFault = keyof typeof LOGIN_FAULTS;

/** A login fault hit by a first run (no token saved yet). */
export async function failingLogin(
	context: FaultContext,
	fault: LoginFault,
	path: Path,
	shape: RunShape = {},
): Promise<FaultRun> {
	context.server.setFault(LOGIN_FAULTS[fault]);
	return await runPath(context, path, shape);
}

/** The credential points at a port nothing listens on. */
export async function connectionRefused(
	context: FaultContext,
	path: Path,
	shape: RunShape = {},
): Promise<FaultRun & { connections: number; port: number }> {
	const port = await closedPort();
	const baseUrl = `http://127.0.0.1:${port}/api/1.1/wf`;
	const credentials = emptyStore(context.server, { baseUrl });
	const { value, connections } = await countingConnections(port, async () =>
		path === 'HTTP Request node'
			? await httpRequestNode(context, { ...shape, url: `${baseUrl}/${STATUS}`, credentials })
			: await runPath(context, path, { ...shape, credentials }),
	);
	return { ...value, connections, port };
}

/** The credential's base URL is a server whose login redirects to another host (a recording "trap"). */
export async function loginRedirect(
	context: FaultContext,
	path: Path,
): Promise<FaultRun & { redirector: RecordingServer; trap: RecordingServer }> {
	const trap = await startRecordingServer();
	const redirector = await startRecordingServer((url) => ({
		status: 307,
		headers: { Location: `${trap.url}${url}` },
	}));
	try {
		const baseUrl = `${redirector.url}/api/1.1/wf`;
		const credentials = emptyStore(context.server, { baseUrl });
		const run =
			path === 'HTTP Request node'
				? await httpRequestNode(context, { url: `${baseUrl}/${STATUS}`, credentials })
				: await runPath(context, path, { credentials });
		return { ...run, redirector, trap };
	} finally {
		await Promise.all([trap.close(), redirector.close()]);
	}
}

/**
 * The login never answers, through a whole workflow. Needs a test file that mocks session/login
 * with a short LOGIN_TIMEOUT_MS (the production 30 s would be waited out in full).
 */
export async function hangingLogin(
	context: FaultContext,
	path: Path,
	shape: RunShape = {},
	timeoutMs = 300,
): Promise<FaultRun> {
	loginTimeoutOverride.ms = timeoutMs;
	try {
		// Read through the module binding, as the session reads it.
		if (LOGIN_TIMEOUT_MS !== timeoutMs)
			throw new Error('hangingLogin needs session/login mocked as in loginTimeout.faults.test.ts');
		context.server.setFault({ kind: 'loginHang' });
		return await runPath(context, path, shape);
	} finally {
		loginTimeoutOverride.ms = undefined;
	}
}

/** The login never answers, at the session layer with a 200 ms timeout: `callers` parallel callers, then one more. */
export async function hangingLoginInSession(
	context: FaultContext,
	callers = 5,
): Promise<Exposure & { errors: string; failures: unknown[]; later: unknown }> {
	loginTimeoutOverride.ms = 200;
	if ((LOGIN_TIMEOUT_MS as number) !== 200)
		throw new Error(
			'hangingLoginInSession needs session/login mocked as in loginTimeout.faults.test.ts',
		);
	context.server.setFault({ kind: 'loginHang' });
	const credentials = credentialData(context.server, {
		email: FAULT_EMAIL,
		password: FAULT_PASSWORD,
	});
	const http = n8nHttp();
	const attempt = () =>
		preAuthenticate(http, { ...credentials }).then(
			() => undefined,
			(error: unknown) => error,
		);
	const { value, logs } = await capturing(async () => {
		const failures = await Promise.all(Array.from({ length: callers }, attempt));
		// A timeout may pass: shared only while in flight, so a later caller tries again.
		const later = await attempt();
		return { failures, later };
	}).finally(() => (loginTimeoutOverride.ms = undefined));
	return {
		...value,
		runData: '',
		errors: [...value.failures, value.later].flatMap(describeError).join('\n'),
		logs,
	};
}

// ----- the token goes bad -----

/** A saved token that Personr invalidates (another login elsewhere) after `after` of `count` items succeeded. */
export async function tokenRevokedMidRun(
	context: FaultContext,
	path: CallPath,
	count = 50,
	after = 10,
): Promise<FaultRun & { credentials: CredentialStore }> {
	const credentials = await storeWithToken(context);
	revokeAfter(context.server, STATUS, after);
	try {
		return { ...(await runPath(context, path, { count, credentials })), credentials };
	} finally {
		serverLog.onLine = undefined;
	}
}

/** Personr answers 401 to every call, even with a token it just issued. */
export async function everyTokenRejected(
	context: FaultContext,
	path: CallPath,
	shape: RunShape & { savedToken?: boolean } = {},
): Promise<FaultRun> {
	const credentials =
		shape.savedToken === false ? emptyStore(context.server) : await storeWithToken(context);
	context.server.setFault({ kind: 'rejectAllTokens' });
	return await runPath(context, path, { ...shape, credentials });
}

// ----- a call fails -----

/** HTTP 429 on every call (or the first `times`), with an optional Retry-After in seconds. */
export async function rateLimited(
	context: FaultContext,
	path: CallPath,
	fault: { retryAfterSeconds?: number; times?: number } = {},
	shape: RunShape = {},
): Promise<FaultRun & { answeredAt: number[] }> {
	const credentials = await storeWithToken(context);
	const answeredAt: number[] = [];
	serverLog.onLine = (line) => {
		if (line.includes(`/${STATUS} -> `)) answeredAt.push(performance.now());
	};
	context.server.setFault({ kind: 'callStatus', status: 429, ...fault });
	try {
		return { ...(await runPath(context, path, { ...shape, credentials })), answeredAt };
	} finally {
		serverLog.onLine = undefined;
	}
}

/** Personr's calls redirect to another host (a recording "trap"); the credential holds a valid token. */
export async function callRedirect(
	context: FaultContext,
	path: CallPath,
): Promise<FaultRun & { trap: RecordingServer }> {
	const credentials = await storeWithToken(context);
	const trap = await startRecordingServer();
	try {
		context.server.setFault({ kind: 'redirect', location: `${trap.url}/api/1.1/wf/${STATUS}` });
		return { ...(await runPath(context, path, { credentials })), trap };
	} finally {
		await trap.close();
	}
}

export const TEN_MB = 10 * 1024 * 1024;

/** A 10 MB JSON success answer (the full, unsimplified status in the Personr node). */
export async function largeResponse(context: FaultContext, path: CallPath): Promise<FaultRun> {
	const credentials = await storeWithToken(context);
	context.server.setFault({ kind: 'largeResponse', bytes: TEN_MB });
	if (path === 'HTTP Request node') return await runPath(context, path, { credentials });
	return await personrNode(context.server, statusParameters(context, { simplify: false }), {
		credentials,
	});
}

/** A 10 MB error answer: an HTML error page (502) or a Bubble-style JSON error with a 10 MB message (400). */
export async function largeErrorBody(
	context: FaultContext,
	shape: 'html' | 'json',
): Promise<FaultRun> {
	const credentials = await storeWithToken(context);
	const fault: Fault =
		shape === 'html'
			? { kind: 'callStatus', status: 502, body: `<html><body>${'x'.repeat(TEN_MB)}</body></html>` }
			: {
					kind: 'callStatus',
					status: 400,
					body: JSON.stringify({
						statusCode: 400,
						body: { status: 'INVALID_DATA', message: `Bad value ${'y'.repeat(TEN_MB)}` },
					}),
				};
	context.server.setFault(fault);
	return await runPath(context, 'Personr node', { credentials });
}

/** Every answer (login included) comes after `delayMs`. */
export async function slowServer(
	context: FaultContext,
	path: CallPath,
	shape: RunShape & { savedToken?: boolean } = {},
	delayMs = 1_000,
): Promise<FaultRun> {
	const credentials =
		shape.savedToken === false ? emptyStore(context.server) : await storeWithToken(context);
	context.server.setFault({ kind: 'slow', delayMs });
	return await runPath(context, path, { ...shape, credentials });
}

export async function malformedJson(context: FaultContext, path: CallPath): Promise<FaultRun> {
	const credentials = await storeWithToken(context);
	context.server.setFault({ kind: 'malformedJson' });
	return await runPath(context, path, { credentials });
}

export async function statusError(
	context: FaultContext,
	path: CallPath,
	message = 'Workspace not found',
): Promise<FaultRun> {
	const credentials = await storeWithToken(context);
	context.server.setFault({ kind: 'statusError', message });
	return await runPath(context, path, { credentials });
}
