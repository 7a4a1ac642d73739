import type { PersonrServer } from '../local-server/server';
import { forgetAllAccounts } from '../nodes/Personr/session/session';
import type { WorkflowJson } from '../test/harness';
import { loadWorkflow } from '../test/support/personr';
import { CREATE_APPLICANT } from './staleToken';
import {
	credentialSetup,
	failedItems,
	freshTokenFields,
	httpCredentialWorkflow,
	httpLoginWorkflow,
	personrNodeWorkflow,
	run,
	verdict,
	type CredentialSetup,
	type Row,
} from './support';

export const EXECUTIONS = 100;

type TokenFields = Awaited<ReturnType<typeof freshTokenFields>>;

interface Path {
	label: string;
	/** The node whose items are checked for failures. */
	node: string;
	/** The stored credentials and the workflow for this package (baseline false) or for the baseline. */
	prepare(
		server: PersonrServer,
		fields: TokenFields,
		baseline: boolean,
	): { setup: CredentialSetup; workflow: WorkflowJson };
}

const PATHS: Path[] = [
	{
		label: 'HTTP Request node, predefined credential',
		node: 'Create Applicant',
		prepare(server, fields, baseline) {
			const setup = credentialSetup(baseline ? 'textbook' : 'package', 'http', server, fields);
			return { setup, workflow: httpCredentialWorkflow(server, setup, 1) };
		},
	},
	{
		label: 'Personr node, Create Applicant',
		node: 'Personr',
		prepare: (server, fields, baseline) => ({
			setup: credentialSetup(baseline ? 'textbook' : 'package', 'node', server, fields),
			workflow: personrNodeWorkflow(CREATE_APPLICANT, 1),
		}),
	},
	{
		label: 'Get Token (baseline: HTTP Request node calling api-basic-auth)',
		node: 'Get Token',
		prepare: (server, fields, baseline) => ({
			setup: credentialSetup('package', 'node', server, fields),
			workflow: baseline
				? httpLoginWorkflow(server, 1)
				: loadWorkflow('get-token-items', server.liveBaseUrl, { Items: { count: 1 } }),
		}),
	},
];

async function consecutiveRuns(
	server: PersonrServer,
	path: Path,
	baseline: boolean,
): Promise<{ logins: number; failed: number }> {
	const { setup, workflow } = path.prepare(server, await freshTokenFields(server), baseline);
	server.resetCounters();
	let failed = 0;
	for (let execution = 0; execution < EXECUTIONS; execution++) {
		// Every execution as if in a fresh process (a restart, or another queue-mode worker): only the stored token is known.
		forgetAllAccounts();
		failed += failedItems(await run(workflow, setup), path.node, 1);
	}
	return { logins: server.counters.logins, failed };
}

/** 2. M consecutive executions while the stored token is valid: nothing should log in. */
export async function measureValidToken(server: PersonrServer): Promise<Row[]> {
	const rows: Row[] = [];
	for (const path of PATHS) {
		const ours = await consecutiveRuns(server, path, false);
		const baseline = await consecutiveRuns(server, path, true);
		const text = ({ logins, failed }: typeof ours) => `${logins} logins, ${failed} failed`;
		rows.push({
			group: '2. valid token',
			measurement: `${path.label}, M=${EXECUTIONS} executions`,
			ours: text(ours),
			baseline: text(baseline),
			target: '0 logins',
			verdict: verdict(ours.logins === 0 && ours.failed === 0),
		});
	}
	return rows;
}
