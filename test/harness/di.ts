/* eslint-disable @typescript-eslint/no-require-imports, @n8n/community-nodes/no-restricted-imports -- loads the DI packages n8n-core itself resolves (by path, through jest's module registry) and the reflect-metadata they need */
import 'reflect-metadata';
import { dirname } from 'node:path';

import { ErrorReporter, InstanceSettings } from 'n8n-core';
import { Expression, type IHttpRequestOptions } from 'n8n-workflow';

/**
 * n8n-core ships its own copies of @n8n/di, @n8n/backend-common and @n8n/backend-network
 * (nested in its node_modules, at other versions than the hoisted ones). Its DI container is
 * the nested @n8n/di, and classes are keyed by identity, so registering anything through the
 * hoisted packages has no effect on an execution. Load the copies n8n-core itself resolves.
 */
function requireFromCore<T>(moduleName: string): T {
	const coreDir = dirname(require.resolve('n8n-core'));
	// Plain require (not createRequire) so that jest's module registry hands out the very
	// instance n8n-core got.
	return require(require.resolve(moduleName, { paths: [coreDir] })) as T;
}

export const { Container } = requireFromCore<typeof import('@n8n/di')>('@n8n/di');
export const { Logger } =
	requireFromCore<typeof import('@n8n/backend-common')>('@n8n/backend-common');
export const { OutboundHttp } =
	requireFromCore<typeof import('@n8n/backend-network')>('@n8n/backend-network');

/** Errors n8n-core would send to Sentry during runs; tests may inspect them. */
export const reportedErrors: unknown[] = [];

let wired = false;

/**
 * Registers the services n8n-core pulls from its container that must not be built for real.
 * Everything else a run needs (OutboundHttp, SsrfProtectionService, @n8n/config classes) the
 * container builds itself from defaults; SSRF protection is off by default.
 */
export function wireN8nContainer(): void {
	if (wired) return;
	wired = true;

	// n8n 2.x servers may evaluate expressions in isolated-vm, a native addon that is not built
	// when install scripts are skipped. The legacy (tournament) evaluator is n8n-workflow's
	// default; pin it so that nothing else in the process can switch engines under a test.
	Expression.setExpressionEngine('legacy');

	// The real Logger prints every node error with its stack; OutboundHttp and others receive
	// this instance through their constructors.
	const silent = { error() {}, warn() {}, info() {}, debug() {}, scoped: () => silent };
	Container.set(Logger, silent as unknown as InstanceType<typeof Logger>);

	// The real InstanceSettings creates ~/.n8n/config (an encryption key) when constructed.
	// Execution contexts only read the instance id and the URL-signing secret from it.
	Container.set(InstanceSettings, {
		instanceId: 'test-instance',
		hmacSignatureSecret: 'test-hmac-secret',
		n8nFolder: '/nonexistent-n8n-folder',
		instanceType: 'main',
	} as unknown as InstanceSettings);

	// WorkflowExecute reports node errors here (Sentry in production).
	Container.set(ErrorReporter, {
		error: (e: unknown) => void reportedErrors.push(e),
		warn() {},
		info() {},
	} as unknown as ErrorReporter);
}

/**
 * `this.helpers.httpRequest` as n8n-core performs it (its own OutboundHttp), for code that is
 * tested outside a workflow, e.g. a credential's preAuthentication.
 */
export async function n8nHttpRequest(options: IHttpRequestOptions): Promise<unknown> {
	wireN8nContainer();
	// n8n-core 1.x has no OutboundHttp: its helpers call this module's httpRequest directly.
	const oneX = requireFromCore<{
		httpRequest?: (options: IHttpRequestOptions) => Promise<unknown>;
	}>('./execution-engine/node-execution-context/utils/request-helper-functions');
	if (typeof oneX.httpRequest === 'function') return await oneX.httpRequest(options);
	// Typed against the hoisted copies, whose n8n-workflow types are a different version.
	return await Container.get(OutboundHttp)
		.requests()
		.request(
			options as Parameters<
				ReturnType<InstanceType<typeof OutboundHttp>['requests']>['request']
			>[0],
		);
}
