/* eslint-disable @n8n/community-nodes/no-restricted-imports -- a local HTTP server standing in for an API */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { ICredentialType, IHttpRequestHelper } from 'n8n-workflow';

export interface SeenRequest {
	method: string;
	path: string;
	authorization?: string;
}

/**
 * A login-then-bearer API on 127.0.0.1. Like Personr, each login invalidates the previous
 * token. `loginBarrier` holds login responses until that many logins arrived, which makes
 * the order of parallel logins deterministic.
 */
export async function startFakeApi(options: { loginBarrier?: number } = {}) {
	let tokenCounter = 0;
	let validToken: string | undefined;
	const seen: SeenRequest[] = [];
	const heldLogins: Array<() => void> = [];

	const send = (res: ServerResponse, status: number, body: unknown) => {
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(body));
	};

	const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
		let raw = '';
		for await (const chunk of req) raw += chunk;
		const url = new URL(req.url ?? '/', 'http://localhost');
		const authorization = req.headers.authorization;
		seen.push({ method: req.method ?? '', path: url.pathname, authorization });

		if (url.pathname === '/login') {
			const { email, password } = JSON.parse(raw || '{}') as { email?: string; password?: string };
			if (email !== 'user@example.com' || password !== 'secret') {
				return send(res, 400, { message: 'Invalid credentials' });
			}
			const token = `tok-${++tokenCounter}`;
			validToken = token;
			const respond = () => send(res, 200, { token });
			if (options.loginBarrier === undefined) return respond();
			heldLogins.push(respond);
			if (heldLogins.length >= options.loginBarrier) heldLogins.splice(0).forEach((r) => r());
			return;
		}
		if (url.pathname === '/me') {
			if (!validToken || authorization !== `Bearer ${validToken}`) {
				return send(res, 401, { message: 'Invalid or expired token' });
			}
			return send(res, 200, { user: 'user@example.com', item: url.searchParams.get('item') });
		}
		if (url.pathname === '/echo') return send(res, 200, { authorization: authorization ?? null });
		return send(res, 404, { message: 'Not found' });
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	return {
		baseUrl,
		seen,
		logins: () => seen.filter((r) => r.path === '/login').length,
		hits: (path: string) => seen.filter((r) => r.path === path),
		/** Makes the server forget the current token, as an expiry would. */
		expireToken: () => void (validToken = undefined),
		close: async () => {
			server.closeAllConnections();
			server.close();
			await once(server, 'close');
		},
	};
}

export type FakeApi = Awaited<ReturnType<typeof startFakeApi>>;

/** The Metabase pattern: a hidden expirable token fetched by preAuthentication. */
export const dummyApi: ICredentialType = {
	name: 'dummyApi',
	displayName: 'Dummy API',
	properties: [
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
		{ displayName: 'Email', name: 'email', type: 'string', default: '' },
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	],
	async preAuthentication(this: IHttpRequestHelper, credentials) {
		const { token } = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${credentials.baseUrl as string}/login`,
			body: { email: credentials.email, password: credentials.password },
			json: true,
		})) as { token: string };
		return { token };
	},
	authenticate: {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.token}}' } },
	},
	test: {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/me' },
		rules: [
			{ type: 'responseCode', properties: { value: 400, message: 'Wrong email or password' } },
		],
	},
};
