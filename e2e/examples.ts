/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- an end-to-end helper: it reads the example workflows from the repository */
// The example workflows in examples/, pointed at another Personr base URL and credential.

import fs from 'node:fs';
import path from 'node:path';

// Runs compiled, from .build/e2e/.
const ROOT = path.resolve(__dirname, '..', '..');
export const LIVE_URL = 'https://enterprise.personr.co/api/1.1/wf';
export const EXAMPLE_CREDENTIAL_ID = 'personr-demo';

/** A workflow as n8n imports it; the suites read and change only a few of its fields. */
export type Workflow = Record<string, unknown> & {
	id?: string;
	name?: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
};
export type WorkflowNode = Record<string, unknown> & {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
};

export const example = (name: string): Workflow =>
	JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', `${name}.json`), 'utf8')) as Workflow;

/** A copy of a workflow with Personr's live base URL and the example credential id replaced. */
export function adapt(
	workflow: Workflow,
	{ id, baseUrl, credentialId }: { id: string; baseUrl: string; credentialId: string },
): Workflow & { id: string; name: string; active: boolean } {
	const text = JSON.stringify(workflow)
		.split(LIVE_URL)
		.join(baseUrl)
		.split(JSON.stringify(EXAMPLE_CREDENTIAL_ID))
		.join(JSON.stringify(credentialId));
	return { ...(JSON.parse(text) as Workflow), id, name: id, active: false };
}
