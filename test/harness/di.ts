import 'reflect-metadata';
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { ErrorReporter, InstanceSettings } from 'n8n-core';

/** Errors n8n-core would send to Sentry during runs; tests may inspect them. */
export const reportedErrors: unknown[] = [];

let wired = false;

/**
 * Registers the few services n8n-core pulls from its DI container during an execution.
 * Everything else it needs (OutboundHttp, SsrfProtectionService, configs) the container
 * builds on its own from @n8n/config defaults.
 */
export function wireN8nContainer(): void {
	if (wired) return;
	wired = true;

	// The real Logger writes to the console at info level; tests want silence, and
	// OutboundHttp and ErrorReporter receive this instance through their constructors.
	const silent = { error() {}, warn() {}, info() {}, debug() {}, scoped: () => silent };
	Container.set(Logger, silent as unknown as Logger);

	// The real InstanceSettings reads/creates ~/.n8n/config (encryption key) on construction.
	// Execution contexts only read the instance id and the signing secret from it.
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
