/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a test: it reads an example workflow from the repository */
import { readFileSync } from 'fs';
import { join } from 'path';

import { PersonrApi } from '../../credentials/PersonrApi.credentials';
import type { PersonrServer } from '../../local-server/server';
import { Personr } from '../../nodes/Personr/Personr.node';
import { CredentialStore, runWorkflow, type WorkflowJson } from '../harness';
import { credentialData } from '../support/personr';
import { requestsTo, useLocalServer } from './support';

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'onboarding-kyc.json');

let server: PersonrServer;
// A check as long as Personr's (minutes), so Get Status right after Request Check sees it pending.
useLocalServer(
	(started) => {
		server = started;
	},
	{ checkDelayMs: 120_000 },
);

function example(): WorkflowJson & { id: string } {
	return JSON.parse(readFileSync(EXAMPLE, 'utf8')) as WorkflowJson & { id: string };
}

describe('examples/onboarding-kyc.json', () => {
	it('is an importable workflow: an id, a Manual Trigger, Personr nodes with the demo credential, no sticky notes', () => {
		const workflow = example();
		expect(workflow.id).toEqual(expect.any(String));
		const types = workflow.nodes.map((node) => node.type);
		expect(types[0]).toBe('n8n-nodes-base.manualTrigger');
		expect(types.slice(1).every((type) => type === 'n8n-nodes-personr.personr')).toBe(true);
		expect(types).not.toContain('n8n-nodes-base.stickyNote');
		for (const node of workflow.nodes.slice(1)) {
			expect(node.credentials).toEqual({
				personrApi: { id: 'personr-demo', name: 'Personr account' },
			});
		}
		expect(workflow.nodes.map((node) => node.parameters.operation).slice(1)).toEqual([
			'create',
			'createVerificationLink',
			'uploadDocument',
			'requestCheck',
			'getStatus',
		]);
		const names = new Set(workflow.nodes.map((node) => node.name));
		for (const [from, outputs] of Object.entries(workflow.connections)) {
			expect(names.has(from)).toBe(true);
			for (const target of outputs.main?.flat() ?? [])
				expect(names.has(target?.node ?? '')).toBe(true);
		}
	});

	it('runs end to end against the local server (the optional upload stays disabled)', async () => {
		const credentials = new CredentialStore([
			{
				id: 'personr-demo',
				name: 'Personr account',
				type: 'personrApi',
				data: credentialData(server),
			},
		]);
		const result = await runWorkflow({
			workflow: example(),
			nodeTypes: [new Personr()],
			credentialTypes: [new PersonrApi()],
			credentials,
			inputItems: [{ json: {} }],
		});
		expect(result.run.data.resultData.error).toBeUndefined();
		const applicantId = result.outputOf('Create Applicant')[0]?.json.applicantId as string;
		expect(applicantId).toMatch(/^\d+x\d+$/);
		expect(result.outputOf('Create Verification Link')[0]?.json.verificationLink).toBe(
			`${server.url}/verification/${applicantId}`,
		);
		expect(requestsTo(server, 'api-document-upload')).toHaveLength(0);
		expect(
			requestsTo(server, 'api-request-applicant-check').map((request) => request.body),
		).toEqual([{ applicantId }]);
		expect(result.outputOf('Get Status')[0]?.json).toMatchObject({
			applicantId,
			applicantStatus: 'Pending',
		});
		expect(server.counters.logins).toBe(1);
	});
});
