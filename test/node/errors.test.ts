import { MAX_TOKEN_ROUNDS } from '../../nodes/Personr/transport/authenticated';
import type { INodeParameters } from 'n8n-workflow';

import type { PersonrServer } from '../../local-server/server';
import { forgetAllAccounts } from '../../nodes/Personr/session/session';
import { personrStore } from '../support/personr';
import {
	createApplicant,
	EMAIL,
	PASSWORD,
	requestsTo,
	runNode,
	runOk,
	serverLog,
	useLocalServer,
} from './support';

let server: PersonrServer;
let applicantId: string;
useLocalServer((started) => {
	server = started;
});
beforeAll(async () => {
	applicantId = await createApplicant(server);
});

const status = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'applicant',
	operation: 'getStatus',
	applicantId,
	simplify: true,
	...extra,
});

/** A credential that already holds a valid token, as after earlier runs; counters are reset. */
async function storeWithToken() {
	const store = personrStore(server);
	await runOk(server, status(), { credentials: store });
	forgetAllAccounts();
	server.resetCounters();
	return store;
}

describe('Personr’s error shapes become one readable error with Personr’s reason', () => {
	it.each([
		[
			'nested body.status / body.message',
			{
				status: 400,
				body: JSON.stringify({
					statusCode: 400,
					body: {
						status: 'MISSING_DATA',
						message: 'Missing parameter for workflow api-applicant-status: parameter applicantId',
					},
				}),
			},
			'Personr rejected the request to api-applicant-status (HTTP 400): Missing parameter for workflow api-applicant-status: parameter applicantId (MISSING_DATA).',
			'400',
		],
		[
			'top-level reason / message',
			{
				status: 400,
				body: JSON.stringify({
					statusCode: 400,
					reason: 'INVALID_DATA',
					message: 'Applicant is archived',
					args: { bubble_code: 'X' },
				}),
			},
			'Personr rejected the request to api-applicant-status (HTTP 400): Applicant is archived (INVALID_DATA).',
			'400',
		],
		[
			'a server error',
			{
				status: 503,
				body: JSON.stringify({
					statusCode: 503,
					body: { status: 'ERROR', message: 'Bubble is down' },
				}),
			},
			'Personr failed with a server error (HTTP 503): Bubble is down (ERROR). Try again later.',
			'503',
		],
	])('%s', async (_title, fault, message, httpCode) => {
		const store = await storeWithToken();
		server.setFault({ kind: 'callStatus', ...fault });
		const { error } = await runNode(server, status(), { credentials: store });
		expect(error?.message).toBe(message);
		expect(error?.httpCode).toBe(httpCode);
		expect(error?.context?.itemIndex).toBe(0);
		// Not a token problem: no new login, no retry.
		expect(server.counters.logins).toBe(0);
		expect(server.counters.calls['api-applicant-status']).toBe(1);
	});

	it('HTTP 200 with "status":"error"', async () => {
		server.setFault({ kind: 'statusError', message: 'Flow not found' });
		const { error } = await runNode(server, status());
		expect(error?.message).toBe(
			'Personr reported an error for api-applicant-status: Flow not found.',
		);
		expect(error?.description).toBe('Personr said: Flow not found');
		expect(error?.httpCode).toBe('200');
	});

	it('malformed JSON with HTTP 200', async () => {
		const store = await storeWithToken();
		server.setFault({ kind: 'malformedJson' });
		const { error } = await runNode(server, status(), { credentials: store });
		expect(error?.message).toBe('Personr answered api-applicant-status with malformed JSON.');
	});

	it('a 401 error_class / translation body echoing a token: redacted, after one renewal per round', async () => {
		const store = await storeWithToken();
		const echoed = 'bus|4242424242424x424242424242424242|4343434343434x434343434343434343';
		const body = {
			error_class: 'Unauthorized',
			args: { code: '1x2' },
			message: null,
			translation: `Invalid or expired token: ${echoed}`,
		};
		server.setFault({ kind: 'callStatus', status: 401, body: JSON.stringify(body) });
		const { error, result } = await runNode(server, status(), { credentials: store });
		expect(error?.message).toContain(
			'(HTTP 401): Invalid or expired token: [redacted] (Unauthorized).',
		);
		expect(error?.context?.itemIndex).toBe(0);
		expect(server.counters.logins).toBe(MAX_TOKEN_ROUNDS);
		expect(JSON.stringify(result.run.data.resultData)).not.toContain('4242424242424x');
	});

	it('the auth layer’s error_class / translation, with the echoed token redacted, after one renewal per round', async () => {
		const store = await storeWithToken();
		const heldToken = server.currentToken(EMAIL) as string;
		server.setFault({ kind: 'rejectAllTokens' });
		const { error, result } = await runNode(server, status(), { credentials: store });
		expect(error?.message).toBe(
			'Personr rejected the new token after logging in again (HTTP 401): Invalid or expired token: [redacted] (Unauthorized). Another login for this Personr user may keep replacing it: give n8n a dedicated Personr user.',
		);
		expect(error?.httpCode).toBe('401');
		expect(server.counters.logins).toBe(MAX_TOKEN_ROUNDS);
		const runData = JSON.stringify(result.run.data.resultData);
		for (const token of [heldToken, ...server.issuedTokens]) expect(runData).not.toContain(token);
		expect(runData).not.toContain(PASSWORD);
	});
});

describe('token renewal', () => {
	it('a token revoked mid-run is renewed exactly once, and every item succeeds', async () => {
		const store = await storeWithToken();
		// Another login elsewhere replaces the token right after the first item's call.
		serverLog.onLine = (line) => {
			if (line.includes('api-applicant-status -> 200')) {
				serverLog.onLine = undefined;
				server.revokeToken(EMAIL);
			}
		};
		const output = await runOk(server, status(), {
			credentials: store,
			items: [{ json: {} }, { json: {} }, { json: {} }, { json: {} }],
		});
		expect(output.map((item) => [item.json.applicantStatus, item.pairedItem])).toEqual(
			[0, 1, 2, 3].map((item) => ['Created', { item }]),
		);
		expect(server.counters.logins).toBe(1);
		expect(
			requestsTo(server, 'api-applicant-status').filter((request) => request.status === 401).length,
		).toBeGreaterThanOrEqual(1);
		expect(store.get('personr-1').data.token).toBe(server.currentToken(EMAIL));
	});

	it('a 429 with Retry-After is waited out and retried without a login', async () => {
		const store = await storeWithToken();
		server.setFault({ kind: 'callStatus', status: 429, retryAfterSeconds: 0, times: 1 });
		const [item] = await runOk(server, status(), { credentials: store });
		expect(item?.json.applicantStatus).toBe('Created');
		expect(server.counters.calls['api-applicant-status']).toBe(2);
		expect(server.counters.logins).toBe(0);
	});
});

describe('continue on fail and item indexes', () => {
	const items = [{ json: { id: 'known' } }, { json: { id: 'missing' } }, { json: { id: 'known' } }];
	const parameters = () =>
		status({ applicantId: `={{ $json.id === "missing" ? "1x404" : "${applicantId}" }}` });

	it('without it, the run fails with the failing item’s index', async () => {
		const { error, output } = await runNode(server, parameters(), { items });
		expect(error?.message).toBe(
			'Personr rejected the request to api-applicant-status (HTTP 400): Applicant not found (NOT_FOUND).',
		);
		expect(error?.context?.itemIndex).toBe(1);
		expect(output).toEqual([]);
	});

	it('with it, the failed item becomes an error item paired with its input, the others succeed', async () => {
		const { error, output } = await runNode(server, parameters(), { items, continueOnFail: true });
		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0]?.json.applicantStatus).toBe('Created');
		expect(output[1]?.json).toEqual({
			error:
				'Personr rejected the request to api-applicant-status (HTTP 400): Applicant not found (NOT_FOUND).',
			description: 'Personr said: Applicant not found (NOT_FOUND)',
		});
		expect(output[2]?.json.applicantStatus).toBe('Created');
	});

	it('with it, a validation error before any request is an error item too', async () => {
		const { output } = await runNode(
			server,
			{
				resource: 'applicant',
				operation: 'uploadDocument',
				applicantId,
				docType: 'SELFIE',
				docCountryISO: 'AUS',
				binaryPropertyName: 'data',
			},
			{ continueOnFail: true },
		);
		expect(output).toHaveLength(1);
		expect(String(output[0]?.json.error)).toContain("binary file 'data'");
		expect(output[0]?.pairedItem).toEqual({ item: 0 });
		expect(server.counters.requests).toBe(0);
	});
});

describe('an operation the node does not have', () => {
	it.each([
		['an unknown operation', { resource: 'applicant', operation: 'archive' }],
		['an inherited key as the operation', { resource: 'applicant', operation: 'constructor' }],
	])('%s is refused before any request, naming it', async (_case, parameters) => {
		server.resetCounters();
		const { error } = await runNode(server, parameters);
		expect(error?.message).toBe(
			`The operation "${parameters.operation}" of resource "${parameters.resource}" is not supported`,
		);
		expect(server.counters.requests).toBe(0);
	});
});
