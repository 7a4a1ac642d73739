import type { INodeParameters } from 'n8n-workflow';

import type { PersonrServer } from '../../local-server/server';
import { TOKEN_CHECK } from '../../nodes/Personr/session/login';
import { createApplicant, requestsTo, runNode, runOk, useLocalServer } from './support';

let server: PersonrServer;
let applicantId: string;
useLocalServer((started) => {
	server = started;
});
beforeAll(async () => {
	applicantId = await createApplicant(server, { nameFirst: 'Jane' });
});

const call = (extra: INodeParameters): INodeParameters => ({
	resource: 'customApiCall',
	operation: 'call',
	...extra,
});

describe('Custom API Call', () => {
	it('POSTs a JSON body to the named workflow and unwraps the answer', async () => {
		const [item] = await runOk(
			server,
			call({
				endpoint: ' api-applicant-details ',
				bodyContentType: 'json',
				jsonBody: JSON.stringify({ applicantId }),
			}),
		);
		const [request] = requestsTo(server, 'api-applicant-details');
		expect(request?.method).toBe('POST');
		expect(request?.headers['content-type']).toMatch(/^application\/json/);
		expect(request?.headers.authorization).toBe('Bearer [redacted]');
		expect(request?.body).toEqual({ applicantId });
		expect(item?.json).toMatchObject({ nameFirst: 'Jane', email: 'jane@example.com' });
		expect(item?.json).not.toHaveProperty('response');
	});

	it('takes the JSON body from an expression per item', async () => {
		const output = await runOk(
			server,
			call({
				endpoint: 'api-applicant-status',
				jsonBody: '={{ JSON.stringify({ applicantId: $json.id }) }}',
			}),
			{
				items: [{ json: { id: applicantId } }, { json: { id: applicantId } }],
			},
		);
		// Without the read-only call that proves the credential's first token after its login.
		const sent = requestsTo(server, 'api-applicant-status')
			.map((request) => request.body)
			.filter((body) => JSON.stringify(body) !== JSON.stringify(TOKEN_CHECK.body));
		expect(sent).toEqual([{ applicantId }, { applicantId }]);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('sends form fields URL-encoded, a repeated name as a list', async () => {
		const [item] = await runOk(
			server,
			call({
				endpoint: 'api-applicant-create',
				bodyContentType: 'form',
				formFields: {
					field: [
						{ name: 'flowName', value: 'Standard KYC' },
						{ name: 'email', value: 'form@example.com' },
						{ name: 'phone', value: '+61 400 000 000' },
						{ name: 'externalUserId', value: 'a&b' },
						{ name: 'externalUserId', value: 'c=d' },
					],
				},
			}),
		);
		const [request] = requestsTo(server, 'api-applicant-create');
		expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(request?.body).toEqual({
			flowName: 'Standard KYC',
			email: 'form@example.com',
			phone: '+61 400 000 000',
			externalUserId: ['a&b', 'c=d'],
		});
		expect(item?.json).toMatchObject({ email: 'form@example.com', flowName: 'Standard KYC' });
	});

	it('passes an answer without the success envelope through unchanged', async () => {
		const [item] = await runOk(
			server,
			call({ endpoint: 'api-aml-results', jsonBody: { applicantId } }),
		);
		expect(Object.keys(item?.json ?? {})).toEqual(['aml']);
	});

	it.each([
		'api-applicant/status',
		'../api-basic-auth',
		'api applicant',
		'api-a..b',
		'https://enterprise.personr.co/api/1.1/wf/api-applicant-status',
		'.hidden',
	])('refuses the endpoint %j before any request', async (endpoint) => {
		const { error } = await runNode(server, call({ endpoint, jsonBody: '{}' }));
		expect(error?.message).toBe(
			`"Endpoint" must be the name of a Personr API workflow such as api-applicant-status, got "${endpoint}"`,
		);
		expect(server.counters.requests).toBe(0);
	});

	it.each(['api-basic-auth', 'API-Token-Generate'])(
		'refuses the login endpoint %s, which would replace the token',
		async (endpoint) => {
			const { error } = await runNode(server, call({ endpoint, jsonBody: '{}' }));
			expect(error?.message).toBe(
				`"${endpoint}" cannot be called here: a new token would invalidate the credential's token`,
			);
			expect(server.counters.requests).toBe(0);
		},
	);

	it.each([
		['{"applicantId": ', '"Body (JSON)" is not valid JSON'],
		['[1, 2]', '"Body (JSON)" must be a JSON object'],
	])('refuses the body %j before any request', async (jsonBody, message) => {
		const { error } = await runNode(server, call({ endpoint: 'api-applicant-status', jsonBody }));
		expect(error?.message).toContain(message);
		expect(server.counters.requests).toBe(0);
	});

	it('reports an endpoint Personr does not have, without logging in again', async () => {
		const { error } = await runNode(server, call({ endpoint: 'api-not-there', jsonBody: '{}' }));
		expect(error?.message).toBe(
			"Personr has no endpoint api-not-there at this base URL (HTTP 404): Workflow not found api-not-there (NOT_FOUND). Check the credential's environment and base URL.",
		);
		expect(server.counters.logins).toBe(1);
		expect(server.counters.calls['api-not-there']).toBe(1);
	});
});
