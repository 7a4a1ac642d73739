/* eslint-disable @n8n/community-nodes/no-restricted-imports -- a local HTTP server standing in for Personr */
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';

import type { PersonrServer } from '../../local-server/server';

/** How the server answers a call whose token it does not hold (or every call, for `everyCall`). */
export interface Rejection {
	status: number;
	contentType?: string;
	body: (token: string) => string;
}

export const bubbleUnauthorized = (status: number): Rejection => ({
	status,
	body: (token) =>
		JSON.stringify({
			error_class: 'Unauthorized',
			args: { code: '1700000000000x1' },
			message: null,
			translation: `Invalid or expired token: ${token}`,
		}),
});

export interface BubbleServer {
	/** Stands in for the bundled server where tests only read its base URL. */
	asPersonr: PersonrServer;
	/** Every request: endpoint and the token it carried ('' for a login). */
	requests: Array<{ endpoint: string; token: string }>;
	logins(): number;
	currentToken(): string;
	/** Issues a token the way a login elsewhere would: the previous one stops working. */
	revoke(): void;
	/** Answers every call (not logins) this way instead. */
	everyCall?: Rejection;
	close(): Promise<void>;
}

/**
 * A small Personr-like server for the token rules: logins issue a new token and invalidate the previous one; a call
 * with another token gets `rejection` (Bubble's "Invalid or expired token" body with any status); a call with the
 * current token to api-applicant-status gets Bubble's JSON 400 for an unknown applicant, or 200 for "known".
 */
export async function startBubbleServer(rejection: Rejection): Promise<BubbleServer> {
	let serial = 0;
	let current = '';
	const requests: BubbleServer['requests'] = [];
	const issue = () => {
		serial += 1;
		current = `bus|${serial}x1700000000000|${serial}x4242424242424`;
		return current;
	};
	const state: Omit<BubbleServer, 'asPersonr' | 'close'> & { server?: Server } = {
		requests,
		logins: () => requests.filter((request) => request.endpoint === 'api-basic-auth').length,
		currentToken: () => current,
		revoke: () => void issue(),
	};
	const server = createServer((req, res) => {
		req.resume();
		const endpoint = (req.url ?? '').split('/').pop() ?? '';
		const token = /^Bearer (.*)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
		requests.push({ endpoint, token });
		const send = (status: number, body: string, contentType = 'application/json') => {
			res.writeHead(status, { 'Content-Type': contentType });
			res.end(body);
		};
		if (endpoint === 'api-basic-auth') {
			return send(
				200,
				JSON.stringify({
					status: 'success',
					response: { token: issue(), user_id: '1665086295388x405086295388', expires: 31536000 },
				}),
			);
		}
		const answer = state.everyCall ?? (token === current && current !== '' ? undefined : rejection);
		if (answer !== undefined) return send(answer.status, answer.body(token), answer.contentType);
		req.on('end', () => undefined);
		if (endpoint === 'api-applicant-status') {
			return send(
				400,
				JSON.stringify({
					statusCode: 400,
					body: { status: 'NOT_FOUND', message: 'Applicant not found' },
				}),
			);
		}
		return send(200, JSON.stringify({ status: 'success', response: { ok: true } }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const liveBaseUrl = `http://127.0.0.1:${port}/api/1.1/wf`;
	return Object.assign(state, {
		asPersonr: { url: `http://127.0.0.1:${port}`, liveBaseUrl } as PersonrServer,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	});
}
