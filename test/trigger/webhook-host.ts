/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test support: it serves the Trigger's webhooks from a local HTTP server */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

import { HookContext, WebhookContext } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type IWebhookData,
	type IWebhookResponseData,
	type Logger,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { PersonrApi } from '../../credentials/PersonrApi.credentials';
import { PersonrWebhookApi } from '../../credentials/PersonrWebhookApi.credentials';
import { PersonrTrigger } from '../../nodes/PersonrTrigger/PersonrTrigger.node';
import {
	CredentialStore,
	TestCredentialsHelper,
	createNodeTypes,
	wireN8nContainer,
} from '../harness';
import { createAdditionalData } from '../harness/run-workflow';

export const NODE_TYPE = 'n8n-nodes-personr.personrTrigger';
export const CREDENTIAL_ID = 'personr-webhook-1';
export const API_CREDENTIAL_ID = 'personr-api-1';

export type HookMethod = 'checkExists' | 'create' | 'delete';

/** What a hook logged, by level. */
export interface LoggedLine {
	level: string;
	message: string;
}

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
	/**
	 * Runs one of the trigger's webhookMethods as n8n does: 'trigger' on activation and deactivation of the
	 * workflow (the URL above is its Production URL), 'manual' for "Listen for test event" (with the Test URL).
	 */
	hook(method: HookMethod, mode?: 'trigger' | 'manual'): Promise<boolean>;
	/** The node's static data, shared by the hooks and the webhook calls as in one n8n workflow. */
	staticData(): IDataObject;
	/** Every line the hooks logged. */
	logged: LoggedLine[];
	close(): Promise<void>;
}

export interface HostOptions {
	parameters?: INodeParameters;
	/** The stored Personr Webhook credential; none when omitted. */
	credential?: ICredentialDataDecryptedObject;
	/** The stored Personr API credential, for the automatic setup; none when omitted. */
	apiCredential?: ICredentialDataDecryptedObject;
	/** Static data the workflow was saved with. */
	staticData?: IDataObject;
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
	const charset = params
		.map((param) => param.trim().split('='))
		.find(([key]) => key.toLowerCase() === 'charset')?.[1];
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

/** Starts hosts for a test file and closes every one after each test. */
export function useWebhookHosts(): (options?: HostOptions) => Promise<WebhookHost> {
	const open: WebhookHost[] = [];
	afterEach(async () => {
		await Promise.all(open.splice(0).map((host) => host.close()));
	});
	return async (options) => {
		const host = await startWebhookHost(options);
		open.push(host);
		return host;
	};
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
	const store = new CredentialStore([
		...(options.credential
			? [
					{
						id: CREDENTIAL_ID,
						name: 'Personr webhook',
						type: 'personrWebhookApi',
						data: options.credential,
					},
				]
			: []),
		...(options.apiCredential
			? [
					{
						id: API_CREDENTIAL_ID,
						name: 'Personr account',
						type: 'personrApi',
						data: options.apiCredential,
					},
				]
			: []),
	]);
	const credentialsHelper = new TestCredentialsHelper(
		[new PersonrWebhookApi(), new PersonrApi()],
		store,
	);
	const node: INode = {
		id: 'trigger',
		name: 'Personr Trigger',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		webhookId: 'c0ffee00-0000-4000-8000-000000000001',
		parameters: options.parameters ?? {},
		credentials: {
			...(options.credential
				? { personrWebhookApi: { id: CREDENTIAL_ID, name: 'Personr webhook' } }
				: {}),
			...(options.apiCredential
				? { personrApi: { id: API_CREDENTIAL_ID, name: 'Personr account' } }
				: {}),
		},
	};
	// Like n8n, the Workflow fills in parameter defaults the stored node leaves out.
	const workflow = new Workflow({
		id: 'trigger-workflow',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		staticData: options.staticData ?? {},
	});
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
		const additionalData = createAdditionalData(
			credentialsHelper,
			undefined,
			String(calls.length + 1),
		);
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
		const context = new WebhookContext(
			workflow,
			startNode,
			additionalData,
			'webhook',
			webhookData,
			[],
			null,
		);
		let result: IWebhookResponseData;
		try {
			result = await nodeType.webhook.call(context);
		} catch (error) {
			sendJson(res, 500, {
				code: 0,
				message: 'Workflow Webhook Error: Workflow could not be started!',
			});
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
	const baseUrl = `http://127.0.0.1:${port}`;

	const logged: LoggedLine[] = [];
	const logger = Object.fromEntries(
		['error', 'warn', 'info', 'debug'].map((level) => [
			level,
			(message: string) => logged.push({ level, message }),
		]),
	) as unknown as Logger;
	async function hook(
		method: HookMethod,
		mode: 'trigger' | 'manual' = 'trigger',
	): Promise<boolean> {
		const additionalData = createAdditionalData(credentialsHelper, undefined, `hook-${method}`);
		Object.assign(additionalData, {
			webhookBaseUrl: `${baseUrl}/webhook`,
			webhookTestBaseUrl: `${baseUrl}/webhook-test`,
		});
		const isTest = mode === 'manual';
		const webhookData = {
			httpMethod: 'POST',
			node: node.name,
			path: `${node.webhookId}/webhook`,
			webhookDescription: description,
			workflowId: 'trigger-workflow',
			workflowExecuteAdditionalData: additionalData,
			webhookId: node.webhookId,
			isTest,
		} as IWebhookData;
		// n8n: activation runs create in 'trigger' mode, a test listener in 'manual'; removal is always 'internal'.
		const executeMode: WorkflowExecuteMode = method === 'delete' ? 'internal' : mode;
		const context = new HookContext(
			workflow,
			startNode,
			additionalData,
			executeMode,
			isTest ? 'manual' : 'activate',
			webhookData,
		);
		Object.defineProperty(context, 'logger', { value: logger });
		return await nodeType.webhookMethods.default[method].call(context);
	}

	return {
		url: `${baseUrl}/webhook/${node.webhookId}/webhook`,
		hook,
		staticData: () => workflow.getStaticData('node', node),
		logged,
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
