import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

import { WebhookContext } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type IWebhookData,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { PersonrWebhookApi } from '../../credentials/PersonrWebhookApi.credentials';
import { PersonrTrigger } from '../../nodes/PersonrTrigger/PersonrTrigger.node';
import { CredentialStore, TestCredentialsHelper, createNodeTypes, wireN8nContainer } from '../harness';
import { createAdditionalData } from '../harness/run-workflow';

export const NODE_TYPE = 'n8n-nodes-personr.personrTrigger';
export const CREDENTIAL_ID = 'personr-webhook-1';

/** What one webhook call did: the items that would start a run, or the error that failed it. */
export interface WebhookCall {
	status: number;
	workflowData?: INodeExecutionData[][];
	error?: Error;
}

export interface WebhookHost {
	url: string;
	/** Every call the node handled (requests n8n itself rejects never reach it), in order. */
	calls: WebhookCall[];
	/** Items of every run the node started. */
	items(): INodeExecutionData[];
	/** Resolves with the next call the node handles (or one already handled and not yet taken). */
	nextCall(): Promise<WebhookCall>;
	close(): Promise<void>;
}

export interface HostOptions {
	parameters?: INodeParameters;
	/** The stored Personr Webhook credential; none when omitted. */
	credential?: ICredentialDataDecryptedObject;
}

type WebhookRequest = IncomingMessage & {
	body?: unknown;
	rawBody?: Buffer;
	contentType?: string;
	query: Record<string, string>;
	params: Record<string, string>;
};

async function readRaw(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/**
 * n8n's parseBody for webhooks (packages/cli/src/middlewares/body-parser.ts): JSON, form and text
 * bodies are parsed before the node runs; an empty body stays undefined; unparseable JSON is a 422.
 */
function parseBody(req: WebhookRequest): boolean {
	const [mime, ...params] = (req.headers['content-type'] ?? '').split(';');
	req.contentType = mime.trim().toLowerCase() || undefined;
	const charset = params.map((param) => param.trim().split('=')).find(([key]) => key.toLowerCase() === 'charset')?.[1];
	const encoding = (charset?.toLowerCase() ?? 'utf-8') as BufferEncoding;
	const raw = req.rawBody;
	if (!raw?.length) return true;
	const text = raw.toString(encoding);
	if (req.contentType === 'application/json') {
		try {
			req.body = JSON.parse(text) as unknown;
		} catch {
			return false;
		}
	} else if (req.contentType === 'application/x-www-form-urlencoded') {
		req.body = Object.fromEntries(new URLSearchParams(text));
	} else if (req.contentType === 'text/plain') {
		req.body = text;
	}
	return true;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
	res.end(JSON.stringify(body));
}

/**
 * A stand-in for n8n's webhook server in front of one Personr Trigger: each request gets n8n-core's
 * real WebhookContext around the real Node.js request and response, the node's webhook() runs, and
 * its result is answered the way n8n's webhook helpers answer it (2.40) for `onReceived`.
 */
export async function startWebhookHost(options: HostOptions = {}): Promise<WebhookHost> {
	wireN8nContainer();
	const nodeType = new PersonrTrigger();
	const nodeTypes = createNodeTypes({ [NODE_TYPE]: nodeType });
	const store = new CredentialStore(
		options.credential
			? [{ id: CREDENTIAL_ID, name: 'Personr webhook', type: 'personrWebhookApi', data: options.credential }]
			: [],
	);
	const credentialsHelper = new TestCredentialsHelper([new PersonrWebhookApi()], store);
	const node: INode = {
		id: 'trigger',
		name: 'Personr Trigger',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		webhookId: 'c0ffee00-0000-4000-8000-000000000001',
		parameters: options.parameters ?? {},
		...(options.credential ? { credentials: { personrWebhookApi: { id: CREDENTIAL_ID, name: 'Personr webhook' } } } : {}),
	};
	// Like n8n, the Workflow fills in parameter defaults the stored node leaves out.
	const workflow = new Workflow({ id: 'trigger-workflow', nodes: [node], connections: {}, active: true, nodeTypes });
	const startNode = workflow.getNode(node.name) as INode;
	const description = nodeType.description.webhooks?.[0];
	if (!description) throw new Error('the trigger declares no webhook');

	const calls: WebhookCall[] = [];
	const waiting: Array<(call: WebhookCall) => void> = [];
	let taken = 0;
	const record = (call: WebhookCall) => {
		calls.push(call);
		const resolve = waiting.shift();
		if (resolve) {
			taken++;
			resolve(call);
		}
	};

	async function handle(req: WebhookRequest, res: ServerResponse): Promise<void> {
		req.rawBody = await readRaw(req);
		req.query = Object.fromEntries(new URL(req.url ?? '/', 'http://localhost').searchParams);
		req.params = {};
		if (!parseBody(req)) {
			sendJson(res, 422, { code: 422, message: 'Failed to parse request body' });
			return;
		}
		const additionalData = createAdditionalData(credentialsHelper, undefined, String(calls.length + 1));
		additionalData.httpRequest = req as never;
		additionalData.httpResponse = res as never;
		const webhookData: IWebhookData = {
			httpMethod: 'POST',
			node: node.name,
			path: `${node.webhookId}/webhook`,
			webhookDescription: description as IWebhookData['webhookDescription'],
			workflowId: 'trigger-workflow',
			workflowExecuteAdditionalData: additionalData,
			webhookId: node.webhookId,
		};
		const context = new WebhookContext(workflow, startNode, additionalData, 'webhook', webhookData, [], null);
		let result: IWebhookResponseData;
		try {
			result = await nodeType.webhook.call(context);
		} catch (error) {
			sendJson(res, 500, { code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
			record({ status: 500, error: error as Error });
			return;
		}
		if (result.noWebhookResponse !== true) {
			if (result.workflowData === undefined) {
				sendJson(res, 200, result.webhookResponse ?? { message: 'Webhook call received' });
			} else {
				// The trigger declares no responseData, so n8n sends its default ('firstEntryJson') as the body.
				sendJson(res, 200, result.webhookResponse ?? 'firstEntryJson');
			}
		}
		record({ status: res.statusCode, workflowData: result.workflowData });
	}

	const server: Server = createServer((req, res) => {
		handle(req as WebhookRequest, res).catch((error: unknown) => {
			if (!res.headersSent) sendJson(res, 599, { harnessError: String(error) });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}/webhook/${node.webhookId}/webhook`,
		calls,
		items: () => calls.flatMap((call) => call.workflowData?.[0] ?? []),
		nextCall: () => {
			if (taken < calls.length) return Promise.resolve(calls[taken++]);
			return new Promise((resolve) => waiting.push(resolve));
		},
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

export interface Posted {
	status: number;
	json: unknown;
	text: string;
}

/** POSTs like Personr: JSON unless a raw body and content type are given. */
export async function post(
	url: string,
	body: unknown,
	headers: Record<string, string> = {},
	contentType = 'application/json',
): Promise<Posted> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': contentType, ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, json, text };
}
