import * as n8nWorkflow from 'n8n-workflow';

import { isTokenRejection, tokenVerdict } from '../../nodes/Personr/session/login';
import { forgetAllAccounts } from '../../nodes/Personr/session/session';
import type { CredentialStore } from '../harness';
import { CREDENTIAL_ID, personrStore, runPersonrNode } from '../support/personr';
import {
	bubbleUnauthorized,
	startBubbleServer,
	type BubbleServer,
	type Rejection,
} from './bubbleServer';

/** n8n-workflow 2.x exports WorkflowExpression, 1.x does not: n8n 1.x renews on a 401 only, 2.40+ on the statuses a node names. */
const ON_N8N_1 = !('WorkflowExpression' in n8nWorkflow);

describe("tokenVerdict: Personr's answer decides, not only its status", () => {
	const body = (status: number) => bubbleUnauthorized(status).body('bus|1x1|2x2');

	it.each([200, 400, 401, 403, 404, 500])(
		'Bubble\'s "Invalid or expired token" body with HTTP %i is a rejection',
		(status) => {
			expect(tokenVerdict(status, body(status))).toEqual({ kind: 'rejected' });
			expect(tokenVerdict(status, JSON.parse(body(status)))).toEqual({ kind: 'rejected' });
		},
	);

	it('knows the body by error_class or by its wording', () => {
		expect(isTokenRejection({ error_class: 'Unauthorized' })).toBe(true);
		expect(isTokenRejection({ message: 'Invalid or expired token' })).toBe(true);
		expect(
			isTokenRejection({
				statusCode: 400,
				body: { status: 'NOT_FOUND', message: 'Applicant not found' },
			}),
		).toBe(false);
	});

	it.each([
		[
			'Bubble\'s 404 "Workflow not found"',
			404,
			{
				statusCode: 404,
				body: { status: 'NOT_FOUND', message: 'Workflow not found api-applicant-status' },
			},
		],
		['a 429', 429, { message: 'Too many requests' }],
		['a redirect', 302, ''],
		['an HTML page', 200, '<html><body>Personr</body></html>'],
		['a 503', 503, { message: 'down' }],
	])('%s proves nothing about the token', (_case, status, answer) => {
		expect(tokenVerdict(status, answer).kind).toBe('undecided');
	});

	it("Personr's JSON 4xx for the unknown placeholder applicant accepts the token", () => {
		expect(
			tokenVerdict(400, {
				statusCode: 400,
				body: { status: 'NOT_FOUND', message: 'Applicant not found' },
			}),
		).toEqual({ kind: 'accepted' });
	});
});

let server: BubbleServer;
afterEach(async () => await server?.close());
beforeEach(() => forgetAllAccounts());

/** A credential holding a token Personr has since replaced (a login elsewhere). */
async function staleStore(rejection: Rejection): Promise<CredentialStore> {
	server = await startBubbleServer(rejection);
	const store = personrStore(server.asPersonr);
	const first = await runPersonrNode(
		server.asPersonr,
		{ resource: 'token', operation: 'verifyToken' },
		{ credentials: store },
	);
	expect(first.errorOf('Personr')).toBeUndefined();
	forgetAllAccounts();
	server.revoke();
	server.requests.length = 0;
	return store;
}

const kinds = (stale: string, store: CredentialStore) =>
	server.requests.map(
		({ endpoint, token }) =>
			`${endpoint}:${token === '' ? 'none' : token === stale ? 'stale' : token === store.get(CREDENTIAL_ID).data.token ? 'new' : 'other'}`,
	);

describe('a token Personr rejects with another status than 401 is renewed', () => {
	it.each([400, 403])(
		"HTTP %i with Bubble's body: the call succeeds after one login, and the credential keeps the new token",
		async (status) => {
			const store = await staleStore(bubbleUnauthorized(status));
			const stale = String(store.get(CREDENTIAL_ID).data.token);
			const result = await runPersonrNode(
				server.asPersonr,
				{ resource: 'workspace', operation: 'switch', workspace: 'Main' },
				{ credentials: store },
			);
			expect(result.errorOf('Personr')).toBeUndefined();
			expect(result.outputOf('Personr')[0]?.json).toEqual({ ok: true });
			expect(server.logins()).toBe(1);
			expect(store.get(CREDENTIAL_ID).data.token).toBe(server.currentToken());
			// n8n 2.40+ renews itself on the statuses the node names (a check of the stale token, then the login); on n8n 1.x
			// the node's own round sends the credential without its token, so n8n logs in, and the new token is proven once.
			expect(kinds(stale, store)).toEqual(
				ON_N8N_1
					? [
							'api-change-workspace:stale',
							'api-change-workspace:stale',
							'api-basic-auth:none',
							'api-applicant-status:new',
							'api-change-workspace:new',
						]
					: [
							'api-change-workspace:stale',
							'api-change-workspace:stale',
							'api-applicant-status:stale',
							'api-basic-auth:none',
							'api-change-workspace:new',
						],
			);
		},
	);

	it('Verify Token renews a token rejected with HTTP 400 and reports it valid only after Personr accepted the new one', async () => {
		const store = await staleStore(bubbleUnauthorized(400));
		const result = await runPersonrNode(
			server.asPersonr,
			{ resource: 'token', operation: 'verifyToken' },
			{ credentials: store },
		);
		expect(result.errorOf('Personr')).toBeUndefined();
		expect(result.outputOf('Personr')[0]?.json).toMatchObject({ valid: true, renewed: true });
		expect(server.logins()).toBe(1);
	});

	it('the error after every round failed names the rejection and never the token', async () => {
		const store = await staleStore(bubbleUnauthorized(400));
		server.everyCall = bubbleUnauthorized(400);
		const result = await runPersonrNode(
			server.asPersonr,
			{ resource: 'workspace', operation: 'switch', workspace: 'Main' },
			{ credentials: store },
		);
		const error = result.errorOf('Personr') as Error & { description?: string };
		expect(error.message).toMatch(/rejected the new token/);
		const tokens = new Set(
			server.requests.map((request) => request.token).filter((token) => token !== ''),
		);
		for (const token of tokens)
			expect(`${error.message} ${error.description ?? ''}`).not.toContain(token);
	});
});

describe('Verify Token: an answer that never reached the token check proves nothing', () => {
	it.each<[string, Rejection]>([
		[
			'Bubble\'s 404 "Workflow not found"',
			{
				status: 404,
				body: (): string =>
					JSON.stringify({
						statusCode: 404,
						body: { status: 'NOT_FOUND', message: 'Workflow not found api-applicant-status' },
					}),
			},
		],
		[
			'an HTML page with HTTP 200',
			{
				status: 200,
				contentType: 'text/html',
				body: (): string => '<html><body>Personr</body></html>',
			},
		],
		[
			'a 429',
			{ status: 429, body: (): string => JSON.stringify({ message: 'Too many requests' }) },
		],
	])('%s: an error, not valid, and no login', async (_case, answer) => {
		const store = await staleStore(bubbleUnauthorized(401));
		server.everyCall = answer;
		const result = await runPersonrNode(
			server.asPersonr,
			{ resource: 'token', operation: 'verifyToken' },
			{ credentials: store },
		);
		expect(result.outputOf('Personr')).toEqual([]);
		expect(result.errorOf('Personr')).toBeDefined();
		expect(server.logins()).toBe(0);
	});
});
