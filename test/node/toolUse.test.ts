import { PersonrApi } from '../../credentials/PersonrApi.credentials';
import { Personr } from '../../nodes/Personr/Personr.node';
import { forgetAllAccounts } from '../../nodes/Personr/session/session';
import { startPersonrServer, type PersonrServer } from '../../local-server/server';
import { runWorkflow, startNode, type WorkflowJson } from '../harness';
import { CREDENTIAL_ID, EMAIL, PASSWORD, personrStore } from '../support/personr';

let server: PersonrServer;

beforeAll(async () => {
	server = await startPersonrServer({ accounts: [{ email: EMAIL, password: PASSWORD }] });
});
afterAll(async () => await server.close());
beforeEach(() => forgetAllAccounts());

/** Get Token under the node type n8n gives the tool variant (`<package>.<node>Tool`) or the plain one. */
async function getToken(type: string) {
	const workflow: WorkflowJson = {
		nodes: [
			startNode(),
			{
				id: 'personr',
				name: 'Personr',
				type,
				typeVersion: 1,
				position: [200, 0],
				parameters: { resource: 'token', operation: 'getToken', options: {} },
				credentials: { personrApi: { id: CREDENTIAL_ID, name: 'Personr account' } },
			},
		],
		connections: { Start: { main: [[{ node: 'Personr', type: 'main', index: 0 }]] } },
	};
	const result = await runWorkflow({
		workflow,
		nodeTypes: { [type]: new Personr() },
		credentialTypes: [new PersonrApi()],
		credentials: personrStore(server),
	});
	const [item] = result.outputOf('Personr');
	return item?.json ?? {};
}

describe('Get Token as an AI tool', () => {
	it('gives a model no token and no Authorization header, only what the token is for and when it expires', async () => {
		const output = await getToken('n8n-nodes-personr.personrTool');
		const token = server.currentToken(EMAIL);
		expect(token).toBeDefined();
		expect(JSON.stringify(output)).not.toContain(String(token));
		expect(Object.keys(output).sort()).toEqual(['expiresAt', 'expiresIn', 'userId', 'withheld']);
		expect(output.withheld).toMatch(/not given to AI tools/);
	});

	it('still returns the token in a workflow, which is its purpose there', async () => {
		const output = await getToken('n8n-nodes-personr.personr');
		expect(output.token).toBe(server.currentToken(EMAIL));
		expect(output.authorizationHeader).toBe(`Bearer ${server.currentToken(EMAIL)}`);
	});
});
