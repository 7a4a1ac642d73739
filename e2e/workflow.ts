/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- an end-to-end helper: a local HTTP receiver that it polls */
// Building blocks of the workflows the suites import into n8n.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Workflow, WorkflowNode } from './examples';

/** A node id derived from its name and type, so it is stable and unique within a workflow. */
export const nodeId = (name: string, type: string): string =>
	`${name}-${type}`.replace(/[^a-z0-9]/gi, '').slice(0, 36);

/** A node, with the id nodeId() gives it. */
export const node = (
	name: string,
	type: string,
	typeVersion: number,
	parameters: Record<string, unknown>,
	extra: Record<string, unknown> = {},
): WorkflowNode => ({
	id: nodeId(name, type),
	name,
	type,
	typeVersion,
	position: [0, 0],
	parameters,
	...extra,
});

/** Connections that run the named nodes one after another. */
export const chain = (...names: string[]): Record<string, unknown> =>
	Object.fromEntries(
		names
			.slice(0, -1)
			.map((n, i) => [n, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]),
	);

/**
 * Personr Trigger → HTTP Request that hands the result to a local sink. Shared-token check with a Personr
 * Webhook credential, or (`automatic`) registration on activation with a Personr API credential.
 */
export function resultWebhook(
	id: string,
	webhookId: string,
	credentialId: string,
	sinkUrl: string,
	{ automatic = false }: { automatic?: boolean } = {},
): Workflow {
	return {
		id,
		name: id,
		nodes: [
			node(
				'Personr Trigger',
				'n8n-nodes-personr.personrTrigger',
				1,
				{ authentication: automatic ? 'registeredWithPersonr' : 'headerToken', options: {} },
				{
					webhookId,
					credentials: automatic
						? { personrApi: { id: credentialId, name: credentialId } }
						: { personrWebhookApi: { id: credentialId, name: credentialId } },
				},
			),
			node('Hand Over', 'n8n-nodes-base.httpRequest', 4.2, {
				method: 'POST',
				url: sinkUrl,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify($json) }}',
				options: {},
			}),
		],
		connections: chain('Personr Trigger', 'Hand Over'),
		settings: { executionOrder: 'v1' },
	};
}

/** What the result workflow handed over: the Trigger's output for one notification. */
export type HandedOver = Record<string, unknown> & { applicantId?: unknown };

export interface Sink {
	url: string;
	received: HandedOver[];
	/** The result handed over for an applicant, waiting up to `timeoutMs` for it; undefined if none came. */
	resultFor(applicantId: unknown, timeoutMs?: number): Promise<HandedOver | undefined>;
	close(): Promise<void>;
}

/** Collects what the result workflow hands over. */
export function startSink(): Promise<Sink> {
	const received: HandedOver[] = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			received.push(JSON.parse(body || '{}') as HandedOver);
			res.end('{}');
		});
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () =>
			resolve({
				url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/result`,
				received,
				async resultFor(applicantId, timeoutMs = 30000) {
					const deadline = Date.now() + timeoutMs;
					while (!received.some((r) => r.applicantId === applicantId) && Date.now() < deadline) {
						await new Promise((resolve) => setTimeout(resolve, 250));
					}
					return received.find((r) => r.applicantId === applicantId);
				},
				close: () => new Promise<void>((r) => server.close(() => r())),
			}),
		),
	);
}
