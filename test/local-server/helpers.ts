/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test support: a local HTTP receiver */
import { createServer, type IncomingHttpHeaders, type Server } from 'http';
import type { AddressInfo } from 'net';
import { sleep } from 'n8n-workflow';

import type { PersonrServer } from '../../local-server/server';

export interface Answer {
	status: number;
	headers: Headers;
	text: string;
	/** Parsed JSON, or undefined when the body is not JSON. */
	json: unknown;
}

/** Reads a nested value out of parsed JSON (`at(json, 'response', 'token')`). */
export function at(value: unknown, ...path: Array<string | number>): unknown {
	let current = value;
	for (const key of path) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string | number, unknown>)[key];
	}
	return current;
}

export function textAt(value: unknown, ...path: Array<string | number>): string {
	const found = at(value, ...path);
	if (typeof found !== 'string')
		throw new Error(`expected a string at ${path.join('.')}, got ${JSON.stringify(found)}`);
	return found;
}

export interface CallOptions {
	token?: string;
	authorization?: string;
	json?: unknown;
	form?: Record<string, string>;
	redirect?: 'follow' | 'manual' | 'error';
}

export function basic(email: string, password: string): string {
	return `Basic ${Buffer.from(`${email}:${password}`, 'utf8').toString('base64')}`;
}

export async function call(
	baseUrl: string,
	endpoint: string,
	options: CallOptions = {},
): Promise<Answer> {
	const headers: Record<string, string> = {};
	if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
	if (options.authorization !== undefined) headers.Authorization = options.authorization;
	let body: string | undefined;
	if (options.json !== undefined) {
		headers['Content-Type'] = 'application/json';
		body = JSON.stringify(options.json);
	} else if (options.form !== undefined) {
		headers['Content-Type'] = 'application/x-www-form-urlencoded';
		body = new URLSearchParams(options.form).toString();
	}
	return readAnswer(
		await fetch(`${baseUrl}/${endpoint}`, {
			method: 'POST',
			headers,
			body,
			redirect: options.redirect ?? 'follow',
		}),
	);
}

export async function readAnswer(response: Response): Promise<Answer> {
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, headers: response.headers, text, json };
}

export const DEMO = { email: 'demo@personr.local', password: 'demo-password' };

export async function loginToken(
	server: PersonrServer,
	email = DEMO.email,
	password = DEMO.password,
): Promise<string> {
	const answer = await call(server.liveBaseUrl, 'api-basic-auth', {
		authorization: basic(email, password),
	});
	if (answer.status !== 200) throw new Error(`login failed: ${answer.status} ${answer.text}`);
	return textAt(answer.json, 'response', 'token');
}

export interface ReceivedHook {
	headers: IncomingHttpHeaders;
	body: unknown;
}

/** A local receiver standing in for the customer's webhook endpoint. */
export async function startReceiver(): Promise<{
	url: string;
	next(): Promise<ReceivedHook>;
	close(): Promise<void>;
}> {
	const waiting: Array<(hook: ReceivedHook) => void> = [];
	const received: ReceivedHook[] = [];
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const hook = {
				headers: req.headers,
				body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
			};
			res.end('ok');
			const resolve = waiting.shift();
			if (resolve) resolve(hook);
			else received.push(hook);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/hook`,
		next: () => {
			const early = received.shift();
			return early ? Promise.resolve(early) : new Promise((resolve) => waiting.push(resolve));
		},
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/** Polls until `predicate` holds or the time runs out. */
export async function eventually<T>(
	read: () => Promise<T>,
	predicate: (value: T) => boolean,
	timeoutMs = 3000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (predicate(value) || Date.now() > deadline) return value;
		await sleep(20);
	}
}
