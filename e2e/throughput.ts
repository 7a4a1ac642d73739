// Many items through one node in real n8n, against a local Personr server answering every call after
// 200 ms: the Personr node (its Throughput settings) beside the HTTP Request node with the predefined
// credential, without a rate limit and with one (429 + Retry-After beyond it, as Bubble answers), or
// against a server that slows as more calls are in flight.
// The end-to-end suite runs two small cases of it on each n8n line; `npm run bench throughput` runs the
// full table. Every case is its own `n8n execute` process, so no pacing or token memory carries over.

import type { PersonrServer } from '../local-server/server';
import { adapt, example, type Workflow, type WorkflowNode } from './examples';
import type { N8nInstance } from './n8n';
import { node, nodeId, chain } from './workflow';

export const ANSWER_DELAY_MS = 200;
/** A server that slows under load: 100 ms, and 20 ms more for each call in flight beyond 10. */
export const SLOWING = { answerDelayMs: 100, loadDelay: { beyond: 10, perCallMs: 20 } };
export const ACCOUNT = { email: 'throughput@personr.local', password: 'throughput pässword' };
const CREDENTIAL_ID = 'personrthroughput';
const NODE_NAME = 'Create Applicant';
const WARM_UP_NAME = 'Warm Up';

/**
 * What sends the items:
 * - { kind: 'personr', parallelRequests?, maxRequestsPerMinute? }: the Personr node, its settings left at the default unless given;
 * - { kind: 'http', batch?: { size, intervalMs } }: the HTTP Request node, its Batching option only when given.
 */
export type Sender =
	| { kind: 'personr'; parallelRequests?: number; maxRequestsPerMinute?: number }
	| { kind: 'http'; batch?: { size: number; intervalMs: number } };

/** One measured case: `items` items through `sender`, against a server with a rate limit or one that slows. */
export interface ThroughputCase {
	key: string;
	items: number;
	perMinute?: number;
	slowing?: boolean;
	/**
	 * Measured after the same sender has just sent as many items in the same run, as in a process that has been
	 * working: the Personr node's window has grown, and n8n's code is warm for every sender.
	 */
	warm?: boolean;
	sender: Sender;
}

function sendingNode(sender: Sender, baseUrl: string, name = NODE_NAME): WorkflowNode {
	const failedItemsContinue = { onError: 'continueRegularOutput' };
	if (sender.kind === 'personr') {
		const throughput: Record<string, number> = {};
		if (sender.parallelRequests !== undefined)
			throughput.parallelRequests = sender.parallelRequests;
		if (sender.maxRequestsPerMinute !== undefined)
			throughput.maxRequestsPerMinute = sender.maxRequestsPerMinute;
		return node(
			name,
			'n8n-nodes-personr.personr',
			1,
			{
				resource: 'applicant',
				operation: 'create',
				flowName: 'Standard KYC',
				// A constant, as the HTTP Request node's body is: an expression per item costs n8n 0.4–0.6 s per 1,000
				// items (measured on 2.40), which is the workflow's work, not the node's.
				email: 'jane.citizen@example.com',
				phone: '+61400000000',
				additionalFields: {},
				throughput,
			},
			{
				credentials: { personrApi: { id: CREDENTIAL_ID, name: CREDENTIAL_ID } },
				...failedItemsContinue,
			},
		);
	}
	const http = example('http-request-predefined-credential').nodes.find(
		(n) => n.type === 'n8n-nodes-base.httpRequest',
	) as WorkflowNode;
	const adapted = adapt(
		{ nodes: [http], connections: {} },
		{ id: 'unused', baseUrl, credentialId: CREDENTIAL_ID },
	).nodes[0];
	const options = sender.batch
		? {
				batching: {
					batch: { batchSize: sender.batch.size, batchInterval: sender.batch.intervalMs },
				},
			}
		: {};
	// The node's defaults, whatever the example sets: Retry On Fail would re-send the items a 429 failed.
	return {
		...adapted,
		// Ids are unique within a workflow (n8n 2.x refuses a repeated one), and the example has a single node.
		id: nodeId(name, adapted.type),
		name,
		parameters: { ...adapted.parameters, options },
		retryOnFail: false,
		...failedItemsContinue,
	};
}

/** Manual Trigger → Set (a list of n) → Split Out → the sending node: n items in one node run (warm: after a first one). */
function workflow(id: string, testCase: ThroughputCase, baseUrl: string): Workflow {
	const senders = testCase.warm ? [WARM_UP_NAME, NODE_NAME] : [NODE_NAME];
	return {
		id,
		name: id,
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', 1, {}),
			node('List', 'n8n-nodes-base.set', 3.4, {
				mode: 'raw',
				jsonOutput: JSON.stringify({ item: Array.from({ length: testCase.items }, (_, i) => i) }),
				options: {},
			}),
			node('Split', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'item', options: {} }),
			...senders.map((name) => sendingNode(testCase.sender, baseUrl, name)),
		],
		connections: chain('Start', 'List', 'Split', ...senders),
		settings: { executionOrder: 'v1' },
	};
}

/** The answer time of a call with `inFlight` calls open (itself included). */
function answerMs(slowing: boolean | undefined, inFlight: number): number {
	return slowing
		? SLOWING.answerDelayMs +
				SLOWING.loadDelay.perCallMs * Math.max(0, inFlight - SLOWING.loadDelay.beyond)
		: ANSWER_DELAY_MS;
}

/**
 * The shortest wall time physics allows with at most `parallel` calls in flight: every call takes its answer time
 * (on the slowing server, at the best number in flight), and a limit allows so many a minute.
 */
export function physicalLimitMs(
	{ items, perMinute, slowing }: Pick<ThroughputCase, 'items' | 'perMinute' | 'slowing'>,
	parallel: number,
): number {
	let best = Infinity;
	for (let inFlight = 1; inFlight <= parallel; inFlight++)
		best = Math.min(best, Math.ceil(items / inFlight) * answerMs(slowing, inFlight));
	return Math.max(best, perMinute ? (items / perMinute) * 60000 : 0);
}

/**
 * Prepares an n8n instance (packed package already installed) and a local server for `cases`
 * ({ key, items, perMinute?, slowing?, sender }); `run(key)` then measures one of them.
 */
export async function throughputBench(
	n8n: N8nInstance,
	server: PersonrServer,
	cases: ThroughputCase[],
) {
	await n8n.importCredentials([
		{
			id: CREDENTIAL_ID,
			name: CREDENTIAL_ID,
			type: 'personrApi',
			data: {
				email: ACCOUNT.email,
				password: ACCOUNT.password,
				environment: 'custom',
				baseUrl: server.liveBaseUrl,
				loginMethod: 'basicAuth',
			},
		},
	]);
	const ids = new Map(cases.map((c, i) => [c.key, `wfthroughput${i}`]));
	const idOf = (key: string): string => ids.get(key) as string;
	await n8n.importWorkflow(cases.map((c) => workflow(idOf(c.key), c, server.liveBaseUrl)));

	async function run(key: string) {
		const testCase = cases.find((c) => c.key === key) as ThroughputCase;
		server.setPace(
			testCase.slowing
				? SLOWING
				: { answerDelayMs: ANSWER_DELAY_MS, rateLimitPerMinute: testCase.perMinute },
		);
		server.resetCounters();
		const execution = await n8n.execute(idOf(key), { timeoutMs: 600000 });
		server.setPace({});
		const { error, runData } = execution.data.resultData;
		const task = runData[NODE_NAME] && runData[NODE_NAME][0];
		if (error || !task || task.error)
			throw new Error(
				`n8n ${n8n.version}, ${key}: the run failed: ${(error || task?.error || {}).message}`,
			);
		const items = (task.data && task.data.main[0]) || [];
		const failed = items.filter((item) => item.json.error !== undefined);
		return {
			wallMs: task.executionTime,
			items: items.length,
			failed: failed.length + Math.max(0, testCase.items - items.length),
			firstError:
				failed[0] && [failed[0].json.error, failed[0].json.description].filter(Boolean).join(' — '),
			inOrder: items.every((item, i) => ((item.pairedItem && item.pairedItem.item) ?? 0) === i),
			rateLimited: server.counters.rateLimited,
			logins: server.counters.logins,
		};
	}
	return { run };
}
