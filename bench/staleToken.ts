import type { PersonrServer } from '../local-server/server';
import {
	credentialSetup,
	failedItems,
	httpCredentialWorkflow,
	personrNodeWorkflow,
	run,
	staleTokenFields,
	verdict,
	type Row,
	type Variant,
} from './support';

export const PARALLEL_ITEMS = [1, 8, 50, 200];
export const CONCURRENT_EXECUTIONS = 8;

/** Same endpoint as the HTTP path's fixture, so both paths do the same work per item. */
export const CREATE_APPLICANT = {
	resource: 'applicant',
	operation: 'create',
	flowName: 'Standard KYC',
	email: 'jane@example.com',
	phone: '+61400000000',
};

interface Outcome {
	logins: number;
	failed: number;
}

async function staleRun(
	server: PersonrServer,
	path: 'node' | 'http',
	variant: Variant,
	items: number,
): Promise<Outcome> {
	const setup = credentialSetup(variant, path, server, await staleTokenFields(server));
	const workflow =
		path === 'node'
			? personrNodeWorkflow(CREATE_APPLICANT, items)
			: httpCredentialWorkflow(server, setup, items);
	const result = await run(workflow, setup);
	return {
		logins: server.counters.logins,
		failed: failedItems(result, path === 'node' ? 'Personr' : 'Create Applicant', items),
	};
}

/** E executions of a one-item Personr node workflow started together, sharing one stored credential (one n8n process). */
async function concurrentNodeRuns(
	server: PersonrServer,
	variant: Variant,
	executions: number,
): Promise<Outcome> {
	const setup = credentialSetup(variant, 'node', server, await staleTokenFields(server));
	const results = await Promise.all(
		Array.from({ length: executions }, () => run(personrNodeWorkflow(CREATE_APPLICANT, 1), setup)),
	);
	const failed = results.reduce((sum, result) => sum + failedItems(result, 'Personr', 1), 0);
	return { logins: server.counters.logins, failed };
}

const summary = ({ logins, failed }: Outcome, items: number) =>
	`${logins} login${logins === 1 ? '' : 's'}, ${failed}/${items} items failed`;

/**
 * 1. The credential holds a token Personr has revoked (someone logged in elsewhere) and K items need it at once.
 * Each run starts as a fresh n8n process: nothing in memory, only the stale token in the credential.
 */
export async function measureStaleToken(server: PersonrServer): Promise<Row[]> {
	const rows: Row[] = [];
	const paths = [
		{
			path: 'http' as const,
			label: 'HTTP Request node, predefined credential (items in parallel)',
		},
		{
			path: 'node' as const,
			label: 'Personr node, Create Applicant (10 items in flight, the default)',
		},
	];
	for (const { path, label } of paths) {
		for (const items of PARALLEL_ITEMS) {
			const ours = await staleRun(server, path, 'package', items);
			const baseline = await staleRun(server, path, 'textbook', items);
			rows.push({
				group: '1. stale token',
				measurement: `${label}, K=${items}`,
				ours: summary(ours, items),
				baseline: summary(baseline, items),
				target: '1 login, 0 failed',
				verdict: verdict(ours.logins === 1 && ours.failed === 0),
			});
		}
	}
	const ours = await concurrentNodeRuns(server, 'package', CONCURRENT_EXECUTIONS);
	const baseline = await concurrentNodeRuns(server, 'textbook', CONCURRENT_EXECUTIONS);
	rows.push({
		group: '1. stale token',
		measurement: `Personr node, Create Applicant, ${CONCURRENT_EXECUTIONS} concurrent executions of 1 item`,
		ours: summary(ours, CONCURRENT_EXECUTIONS),
		baseline: summary(baseline, CONCURRENT_EXECUTIONS),
		target: '1 login, 0 failed',
		verdict: verdict(ours.logins === 1 && ours.failed === 0),
	});
	return rows;
}
