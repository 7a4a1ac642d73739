/* eslint-disable @n8n/community-nodes/no-restricted-imports, import-x/no-unresolved -- an end-to-end test: it serves HTTP locally and calls n8n's MCP server through the MCP SDK, whose wildcard package exports Node and TypeScript resolve but the lint's import resolver does not */
// The AI-agent path and the credential's host rule in real n8n: n8n's MCP Server Trigger exposes the Personr
// tool to a real MCP client, and the HTTP Request node with the Personr credential is pointed at another host,
// directly and through a redirect from Personr. Called by scenarios.ts for each n8n line.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PersonrServer } from '../local-server/server';
import type { Workflow, WorkflowNode } from './examples';
import type { N8nInstance } from './n8n';
import { scanForSecrets } from './secrets';
import { node } from './workflow';

type Account = { email: string; password: string };
type ToolList = Awaited<ReturnType<Client['listTools']>>['tools'];
type ToolAnswer = Awaited<ReturnType<Client['callTool']>>;
type Transport = typeof StreamableHTTPClientTransport | typeof SSEClientTransport;

/** A host that records what reaches it. */
interface OtherHost {
	url: string;
	received: Array<{ method?: string; url?: string; authorization?: string }>;
	close(): Promise<void>;
}

/** What scenarios.ts hands over for one n8n line. */
export interface AgentContext {
	n8n: N8nInstance;
	server: PersonrServer;
	scenario(name: string, body: () => Promise<void>): Promise<void>;
	record(label: string, value: unknown): void;
	credential(
		id: string,
		account: Account,
	): { id: string; name: string; type: string; data: Record<string, unknown> };
}

export const AGENT_ACCOUNT = {
	email: 'n8n-e2e-agent@personr.local',
	password: 'agent-only: pässword 42',
};
// Every address in 127.0.0.0/8 is loopback on Linux: 127.0.0.2 is another host by name.
const OTHER_HOSTNAME = '127.0.0.2';

const personrCredential = (id: string) => ({ personrApi: { id, name: id } });

function mcpWorkflow(id: string, mcpPath: string, credentialId: string): Workflow {
	const tool = (name: string, parameters: Record<string, unknown>): WorkflowNode => ({
		id: name.replace(/\W/g, ''),
		name,
		type: 'n8n-nodes-personr.personrTool',
		typeVersion: 1,
		position: [0, 200],
		parameters,
		credentials: personrCredential(credentialId),
	});
	const toTrigger = { ai_tool: [[{ node: 'MCP Server', type: 'ai_tool', index: 0 }]] };
	return {
		id,
		name: id,
		nodes: [
			{
				id: 'mcpserver',
				name: 'MCP Server',
				type: '@n8n/n8n-nodes-langchain.mcpTrigger',
				typeVersion: 2,
				position: [0, 0],
				parameters: { authentication: 'none', path: mcpPath },
				webhookId: mcpPath,
			},
			tool('Applicant Status', {
				resource: 'applicant',
				operation: 'getStatus',
				applicantId:
					"={{ $fromAI('applicantId', 'The Personr applicant ID, as returned when the applicant was created', 'string') }}",
				simplify: true,
			}),
			tool('Personr Token', { resource: 'token', operation: 'getToken', options: {} }),
		],
		connections: { 'Applicant Status': toTrigger, 'Personr Token': toTrigger },
		settings: { executionOrder: 'v1' },
	};
}

/** Manual Trigger → one HTTP Request node per target, each with the Personr credential; errors become items. */
function httpRequestsTo(
	id: string,
	credentialId: string,
	targets: Array<{ name: string; url: string; typeVersion: number }>,
): Workflow {
	const nodes: WorkflowNode[] = [node('Start', 'n8n-nodes-base.manualTrigger', 1, {})];
	const connections: Record<string, unknown> = {};
	targets.forEach(({ name, url, typeVersion }, i) => {
		nodes.push({
			id: `http${i}`,
			name,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion,
			position: [200 * (i + 1), 0],
			onError: 'continueRegularOutput',
			parameters: {
				method: 'POST',
				url,
				authentication: 'predefinedCredentialType',
				nodeCredentialType: 'personrApi',
				sendBody: true,
				bodyParameters: { parameters: [{ name: 'applicantId', value: 'n8n-e2e-redirect' }] },
				options: {},
			},
			credentials: personrCredential(credentialId),
		});
		connections[nodes[i].name] = { main: [[{ node: name, type: 'main', index: 0 }]] };
	});
	return { id, name: id, nodes, connections, settings: { executionOrder: 'v1' } };
}

/** "Another host": records what reaches it, including whether an Authorization header came along. */
function startOtherHost(host: string): Promise<OtherHost> {
	const received: OtherHost['received'] = [];
	const server = http.createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			received.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
			res.setHeader('content-type', 'application/json');
			res.end('{"answeredBy":"another host"}');
		});
	});
	return new Promise((resolve) =>
		server.listen(0, host, () =>
			resolve({
				url: `http://${host}:${(server.address() as AddressInfo).port}`,
				received,
				close: () => new Promise<void>((r) => server.close(() => r())),
			}),
		),
	);
}

async function createApplicant(server: PersonrServer): Promise<string> {
	const basic = Buffer.from(`${AGENT_ACCOUNT.email}:${AGENT_ACCOUNT.password}`).toString('base64');
	const login = (await (
		await fetch(`${server.liveBaseUrl}/api-basic-auth`, {
			method: 'POST',
			headers: { authorization: `Basic ${basic}` },
		})
	).json()) as { response: { token: string } };
	const created = (await (
		await fetch(`${server.liveBaseUrl}/api-applicant-create`, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${login.response.token}`,
				'content-type': 'application/json',
			},
			body: JSON.stringify({
				email: 'agent.applicant@example.com',
				phone: '+61400000001',
				flowName: 'Standard KYC',
			}),
		})
	).json()) as { response: { applicantId: string } };
	return created.response.applicantId;
}

/** Connects a real MCP client, lists the tools and calls both; returns what the client saw and each step's time. */
async function useMcpServer(url: string, Transport: Transport, applicantId: string) {
	const times: Record<string, number> = {};
	const timed = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
		const started = Date.now();
		const result = await work();
		times[label] = Date.now() - started;
		return result;
	};
	const client = new Client({ name: 'personr-e2e', version: '1.0.0' });
	await timed('connect', () => client.connect(new Transport(new URL(url))));
	try {
		const { tools } = await timed('listTools', () => client.listTools());
		const status = await timed('callTool Get Status', () =>
			client.callTool({ name: 'Applicant_Status', arguments: { applicantId } }),
		);
		const token = await timed('callTool Get Token', () =>
			client.callTool({ name: 'Personr_Token', arguments: {} }),
		);
		return { tools, status, token, times };
	} finally {
		await client.close();
	}
}

const answerText = (result: ToolAnswer): string =>
	(result.content as Array<{ text?: string }>).map((part) => part.text).join('\n');

function checkTools(tools: ToolList): void {
	const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
	assert.deepEqual(Object.keys(byName).sort(), ['Applicant_Status', 'Personr_Token']);
	const status = byName.Applicant_Status;
	const applicantIdSchema = (
		status.inputSchema.properties as Record<string, { type: string; description: string }>
	).applicantId;
	assert.match(status.description as string, /status/i, 'the description says what the tool does');
	assert.match(status.description as string, /applicant/i);
	assert.equal(status.inputSchema.type, 'object');
	assert.deepEqual(status.inputSchema.required, ['applicantId']);
	assert.equal(applicantIdSchema.type, 'string');
	assert.match(applicantIdSchema.description, /applicant ID/);
	assert.match(byName.Personr_Token.description as string, /token/i);
}

/**
 * Adds the scenarios to one n8n line's run. `ctx`: { n8n, server, scenario, record, credential(name, account) }
 * from scenarios.js; the server must know AGENT_ACCOUNT. Returns the timings measured, for the report.
 */
export async function agentScenarios({
	n8n,
	server,
	scenario,
	record,
	credential,
}: AgentContext): Promise<Record<string, unknown>> {
	const mcpPath = `personr-mcp-${n8n.version.split('.')[0]}`;
	const other = await startOtherHost(OTHER_HOSTNAME);
	const sameNameOtherPort = await startOtherHost('127.0.0.1');
	const timings: Record<string, unknown> = {};
	const secrets = (): string[] => [
		AGENT_ACCOUNT.password,
		Buffer.from(`${AGENT_ACCOUNT.email}:${AGENT_ACCOUNT.password}`).toString('base64'),
		...server.issuedTokens,
	];
	try {
		await n8n.importCredentials([credential('personragent', AGENT_ACCOUNT)]);
		const is2 = n8n.version.startsWith('2');
		await n8n.importWorkflow([
			mcpWorkflow('wfmcp', mcpPath, 'personragent'),
			httpRequestsTo('wfotherhost', 'personragent', [
				{ name: 'Other Host', url: `${other.url}/collect`, typeVersion: 4.2 },
				{
					name: 'Look-alike',
					url: `${other.url.replace(OTHER_HOSTNAME, `${server.url.replace(/^http:\/\//, '')}@${OTHER_HOSTNAME}`)}/collect`,
					typeVersion: 4.2,
				},
				{ name: 'Personr', url: `${server.liveBaseUrl}/api-applicant-status`, typeVersion: 4.2 },
			]),
			httpRequestsTo('wfredirect', 'personragent', [
				{
					name: 'Redirect 4.2',
					url: `${server.liveBaseUrl}/api-applicant-status`,
					typeVersion: 4.2,
				},
				...(is2
					? [
							{
								name: 'Redirect 4.5',
								url: `${server.liveBaseUrl}/api-applicant-status`,
								typeVersion: 4.5,
							},
						]
					: []),
			]),
		]);
		await n8n.activateWorkflow('wfmcp');

		await scenario(
			'agent 1. MCP Server Trigger: a real MCP client lists the Personr tools and calls them; no token or password reaches it',
			async () => {
				const applicantId = await createApplicant(server);
				const started = Date.now();
				const running = await n8n.start();
				timings.start = Date.now() - started;
				try {
					const url = `${running.baseUrl}/mcp/${mcpPath}`;
					for (const [label, Transport] of [
						['streamable HTTP', StreamableHTTPClientTransport],
						['SSE', SSEClientTransport],
					] as Array<[string, Transport]>) {
						server.resetCounters();
						const seen = await useMcpServer(url, Transport, applicantId);
						timings[label] = seen.times;
						record(`mcp ${label}`, seen);
						checkTools(seen.tools);
						assert.notEqual(seen.status.isError, true, answerText(seen.status));
						const status = [JSON.parse(answerText(seen.status))].flat()[0];
						assert.equal(status.applicantId, applicantId);
						assert.equal(typeof status.applicantStatus, 'string');
						assert.ok(
							server.counters.calls['api-applicant-status'] >= 1,
							'Personr answered the call',
						);
						const token = [JSON.parse(answerText(seen.token))].flat()[0];
						assert.equal('token' in token, false);
						assert.equal('authorizationHeader' in token, false);
						assert.match(token.withheld, /not given to AI tools/);
						assert.ok(server.issuedTokens.length > 0);
						assert.deepEqual(
							scanForSecrets([{ label: `mcp ${label}`, text: JSON.stringify(seen) }], secrets()),
							[],
						);
					}
					record('n8n start logs (mcp)', running.logs());
				} finally {
					await running.stop();
				}
			},
		);

		await scenario(
			'agent 2. the credential signs only Personr: another host and a look-alike address are refused, Personr still works',
			async () => {
				server.resetCounters();
				const run = await n8n.execute('wfotherhost');
				record('execute wfotherhost', run);
				for (const name of ['Other Host', 'Look-alike']) {
					const [item] = n8n.outputOf(run, name);
					assert.match(
						JSON.stringify(item),
						/signs only requests to http:\/\/127\.0\.0\.1:\d+; this request goes to http:\/\/127\.0\.0\.2:\d+/,
					);
				}
				assert.deepEqual(other.received, [], 'nothing was sent to the other host');
				// The token went to Personr: it answers "not found" for an unknown applicant, and 401 without a token.
				assert.match(JSON.stringify(n8n.outputOf(run, 'Personr')), /Applicant not found/);
				timings.refusal = {
					logins: server.counters.logins,
					statusCalls: server.counters.calls['api-applicant-status'] ?? 0,
				};
				assert.ok(
					server.counters.logins <= 1,
					`a refusal does not make n8n log in again and again (${server.counters.logins} logins)`,
				);
			},
		);

		await scenario(
			"agent 3. Personr's answer redirects to another host: the HTTP Request node does not follow it, the token stays",
			async () => {
				for (const target of [other, sameNameOtherPort]) {
					server.setFault({ kind: 'redirect', location: `${target.url}/landing` });
					try {
						const run = await n8n.execute('wfredirect');
						record(`execute wfredirect ${target.url}`, run);
						for (const node of run.data.resultData.runData
							? Object.keys(run.data.resultData.runData)
							: []) {
							if (node !== 'Start') record(`redirect ${node} output`, n8n.outputOf(run, node));
						}
					} finally {
						server.setFault(undefined);
					}
					timings[`redirect to ${target.url}`] = target.received.map((r) => ({
						...r,
						authorization: r.authorization?.replace(/\S+$/, '…'),
					}));
				}
				for (const target of [other, sameNameOtherPort]) {
					assert.deepEqual(
						target.received.filter((r) => r.authorization !== undefined),
						[],
						`no Authorization header reached ${target.url}`,
					);
				}
			},
		);
	} finally {
		await other.close();
		await sameNameOtherPort.close();
	}
	return timings;
}
