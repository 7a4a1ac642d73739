import { PersonrApi } from '../../credentials/PersonrApi.credentials';
import type { PersonrServer } from '../../local-server/server';
import { Personr } from '../../nodes/Personr/Personr.node';
import { readWebhookConfiguration } from '../../nodes/Personr/actions/workspace/webhookConfiguration';
import { runWorkflow, startNode, type WorkflowJson } from '../harness';
import { CREDENTIAL_ID, personrStore } from '../support/personr';
import { EMAIL, lastBody, runNode, runOk, useLocalServer } from './support';

let server: PersonrServer;
useLocalServer((started) => (server = started));

const configure = (fields: Record<string, unknown> = {}) => ({
	resource: 'workspace',
	operation: 'configureWebhook',
	webhookUrl: 'https://example.com/personr-results',
	...fields,
});

describe('Workspace → Configure Webhook', () => {
	it("sets the workspace's webhook and outputs Personr's answer, token included, in a workflow", async () => {
		const [item] = await runOk(server, configure());

		const registered = server.registeredWebhook(EMAIL);
		expect(registered).toMatchObject({
			url: 'https://example.com/personr-results',
			headerToken: true,
		});
		expect(item?.json).toEqual({
			webhookUrl: 'https://example.com/personr-results',
			token: registered?.token,
			headerToken: true,
		});
		expect(lastBody(server, 'api-webhook-configuration')).toEqual({
			webhookUrl: 'https://example.com/personr-results',
			generateToken: true,
			headerToken: true,
		});
	});

	it('sends both switches off when asked: the page marks them required', async () => {
		const [item] = await runOk(server, configure({ generateToken: false, headerToken: false }));

		expect(lastBody(server, 'api-webhook-configuration')).toMatchObject({
			generateToken: false,
			headerToken: false,
		});
		expect(item?.json).toMatchObject({ headerToken: false });
	});

	it('refuses a URL that is not a web address before any request', async () => {
		const { error } = await runNode(server, configure({ webhookUrl: 'ftp://example.com/x' }));

		expect(error?.message).toMatch(/"Webhook URL" must be an http:\/\/ or https:\/\/ URL/);
		expect(server.counters.calls['api-webhook-configuration']).toBeUndefined();
	});

	it("a non-Administrator gets Personr's refusal and what to do; continue-on-fail keeps the item", async () => {
		server.setRole(EMAIL, 'Member');
		try {
			const { error } = await runNode(server, configure());
			expect(error?.message).toMatch(/Administrator role/);
			expect(error?.description).toMatch(
				/only users with the Administrator role configure the webhook/,
			);

			const { output } = await runNode(server, configure(), { continueOnFail: true });
			expect(output).toHaveLength(1);
			expect(output[0]?.json.error).toMatch(/Administrator role/);
			expect(output[0]?.pairedItem).toEqual({ item: 0 });
		} finally {
			server.setRole(EMAIL, 'Administrator');
		}
	});

	it('gives an AI tool what was configured, never the token', async () => {
		const workflow: WorkflowJson = {
			nodes: [
				startNode(),
				{
					id: 'personr',
					name: 'Personr',
					type: 'n8n-nodes-personr.personrTool',
					typeVersion: 1,
					position: [200, 0],
					parameters: configure(),
					credentials: { personrApi: { id: CREDENTIAL_ID, name: 'Personr account' } },
				},
			],
			connections: { Start: { main: [[{ node: 'Personr', type: 'main', index: 0 }]] } },
		};
		const result = await runWorkflow({
			workflow,
			nodeTypes: { 'n8n-nodes-personr.personrTool': new Personr() },
			credentialTypes: [new PersonrApi()],
			credentials: personrStore(server),
		});
		const [item] = result.outputOf('Personr');
		const token = String(server.registeredWebhook(EMAIL)?.token);

		expect(JSON.stringify(item?.json)).not.toContain(token);
		expect(item?.json).toEqual({
			webhookUrl: 'https://example.com/personr-results',
			tokenInHeader: true,
			hasToken: true,
			withheld: 'The webhook token is not given to AI tools.',
		});
	});
});

describe("reading Personr's answer", () => {
	it.each([
		[
			'as the local server answers',
			{ webhookUrl: 'u', token: 't', headerToken: true },
			{ webhookUrl: 'u', token: 't', tokenInHeader: true, tokenFields: ['token'] },
		],
		[
			'with a Bearer prefix and text flags',
			{ 'Webhook URL': 'u', 'Bearer Token': 'Bearer t', 'Header Token': 'no' },
			{ webhookUrl: 'u', token: 't', tokenInHeader: false, tokenFields: ['Bearer Token'] },
		],
		[
			'wrapped',
			{ response: { data: { url: 'u', webhook_token: null, send_token: 'true' } } },
			{ webhookUrl: 'u', token: null, tokenInHeader: true, tokenFields: ['webhook_token'] },
		],
		[
			'in a list of one, naming the workspace',
			[{ url: 'u', token: '', workspace: 'Main' }],
			{ webhookUrl: 'u', token: null, workspace: 'Main', tokenFields: ['token'] },
		],
		['without any known field', { ok: true }, { tokenFields: [] }],
	])('%s', (_case, answer, expected) => {
		const read = readWebhookConfiguration(answer);
		expect(
			Object.fromEntries(Object.entries(read).filter(([, value]) => value !== undefined)),
		).toEqual(expected);
	});
});
