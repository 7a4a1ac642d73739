/* eslint-disable @n8n/community-nodes/node-usable-as-tool -- its reference node is never offered to AI agents */
import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { Personr } from '../nodes/Personr/Personr.node';
import type { PersonrServer } from '../local-server/server';
import { HttpCall, type WorkflowJson } from '../test/harness';
import {
	PERSONR_TYPE,
	credentialSetup,
	freshTokenFields,
	median,
	ms,
	percentile,
	personrNodeWorkflow,
	run,
	timed,
	verdict,
	type Row,
} from './support';

export const ITEMS = 200;
export const REPETITIONS = 9;
export const WARM_UP = 1;
const ENDPOINT = 'api-applicant-status';

/**
 * The reference for the Personr node: the same POST through `this.helpers.httpRequest` (the client the Personr node
 * uses), one item after another like the Personr node with Parallel Requests 1, and nothing else. With "Use Credential" it signs the request
 * with the Personr API credential instead of a header (`httpRequestWithAuthentication`, as the Personr node does),
 * which separates n8n's credential handling from the Personr node's own work.
 */
class SequentialHttp implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sequential HTTP',
		name: 'sequentialHttp',
		group: ['output'],
		version: 1,
		description: 'One POST per item, awaited in turn',
		defaults: { name: 'Sequential HTTP' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'personrApi', required: false }],
		properties: [
			{ displayName: 'Use Credential', name: 'useCredential', type: 'boolean', default: false },
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
			{ displayName: 'Token', name: 'token', type: 'string', default: '' },
			{ displayName: 'Applicant ID', name: 'applicantId', type: 'string', default: '' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const output: INodeExecutionData[] = [];
		const items = this.getInputData();
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const request = {
				method: 'POST' as const,
				url: this.getNodeParameter('url', itemIndex) as string,
				body: { applicantId: this.getNodeParameter('applicantId', itemIndex) as string },
				json: true,
			};
			const json = (
				this.getNodeParameter('useCredential', itemIndex) === true
					? await this.helpers.httpRequestWithAuthentication.call(this, 'personrApi', request)
					: await this.helpers.httpRequest({
							...request,
							headers: {
								Authorization: `Bearer ${this.getNodeParameter('token', itemIndex) as string}`,
							},
						})
			) as IDataObject;
			output.push({ json, pairedItem: { item: itemIndex } });
		}
		return [output];
	}
}

/** Start → Items(N) → one node of `type` with `parameters` (and the Personr API credential). */
function itemsInto(type: string, parameters: IDataObject): WorkflowJson {
	const workflow = personrNodeWorkflow({}, ITEMS);
	const node = workflow.nodes.find((candidate) => candidate.name === 'Personr');
	if (node === undefined) throw new Error('workflow has no Personr node');
	Object.assign(node, { type, parameters, onError: undefined });
	return workflow;
}

interface Contender {
	label: string;
	/** Per-item milliseconds of each measured repetition. */
	samples: number[];
	once(): Promise<number>;
}

/**
 * 3. Per-item cost of the Personr node against a bare HTTP call to the same local endpoint, in the same engine and
 * process (the local server included). Time is the node's execute() only, divided by N; repetitions are interleaved
 * so that drift hits every contender alike.
 */
export async function measureOverhead(server: PersonrServer): Promise<Row[]> {
	const fields = await freshTokenFields(server);
	const token = String(fields.token);
	const url = `${server.liveBaseUrl}/${ENDPOINT}`;
	const created = await fetch(`${server.liveBaseUrl}/api-applicant-create`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({
			flowName: 'Standard KYC',
			email: 'jane@example.com',
			phone: '+61400000000',
		}),
	});
	const applicantId = ((await created.json()) as { response: { applicantId: string } }).response
		.applicantId;
	const setup = credentialSetup('package', 'node', server, fields);

	const viaNode = (workflow: WorkflowJson, type: string, node: INodeType) => async () => {
		const durations: number[] = [];
		const result = await run(workflow, setup, { [type]: timed(node, durations) });
		if (result.run.data.resultData.error !== undefined)
			throw new Error(`${type} failed: ${result.run.data.resultData.error.message}`);
		return (durations[0] ?? Number.NaN) / ITEMS;
	};
	const personrWorkflow = personrNodeWorkflow(
		{
			resource: 'applicant',
			operation: 'getStatus',
			applicantId,
			throughput: { parallelRequests: 1 },
		},
		ITEMS,
	);
	const contenders: Contender[] = [
		{
			label: 'Personr node, Get Applicant Status, one item after another',
			samples: [],
			once: viaNode(personrWorkflow, PERSONR_TYPE, new Personr()),
		},
		{
			label: 'bare HTTP node, Bearer header, sequential',
			samples: [],
			once: viaNode(
				itemsInto('bench.sequentialHttp', { url, token, applicantId }),
				'bench.sequentialHttp',
				new SequentialHttp(),
			),
		},
		{
			label: 'bare HTTP node with the credential, sequential',
			samples: [],
			once: viaNode(
				itemsInto('bench.sequentialHttp', { useCredential: true, url, applicantId }),
				'bench.sequentialHttp',
				new SequentialHttp(),
			),
		},
		{
			label: 'HTTP Request node with the header, parallel items',
			samples: [],
			once: viaNode(
				itemsInto('test.httpCall', {
					authentication: 'none',
					method: 'POST',
					url,
					headers: JSON.stringify({ Authorization: `Bearer ${token}` }),
					body: JSON.stringify({ applicantId }),
				}),
				'test.httpCall',
				new HttpCall(),
			),
		},
		{
			label: 'raw fetch() loop outside n8n',
			samples: [],
			async once() {
				const started = performance.now();
				for (let item = 0; item < ITEMS; item++) {
					const response = await fetch(url, {
						method: 'POST',
						headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
						body: JSON.stringify({ applicantId }),
					});
					await response.json();
				}
				return (performance.now() - started) / ITEMS;
			},
		},
	];

	for (let repetition = 0; repetition < WARM_UP + REPETITIONS; repetition++) {
		for (const contender of contenders) {
			const perItem = await contender.once();
			if (repetition >= WARM_UP) contender.samples.push(perItem);
		}
	}

	const [personr, bare, withCredential, parallel, raw] = contenders as [
		Contender,
		Contender,
		Contender,
		Contender,
		Contender,
	];
	const stats = (contender: Contender) =>
		`${ms(median(contender.samples))} median, ${ms(percentile(contender.samples, 95))} p95`;
	const group = '3. per-item overhead';
	const rows: Row[] = [];
	const ratios = (against: Contender) => ({
		median: median(personr.samples) / median(against.samples),
		p95: percentile(personr.samples, 95) / percentile(against.samples, 95),
	});
	// How much of the gap to the bare call the bare call also pays once it signs its requests with the same credential.
	const gap = median(personr.samples) - median(bare.samples);
	const signing = median(withCredential.samples) - median(bare.samples);
	const signed =
		'the bare node signing each request with the same credential through n8n (httpRequestWithAuthentication)';
	const notes = new Map<Contender, string>([
		[
			bare,
			signing >= gap
				? `The Personr node takes ${ms(gap)} per item more than the bare node (medians); ${signed} takes ${ms(signing)} more: the gap is the cost of signing with the credential, not the Personr node's own work.`
				: `Of the ${ms(gap)} per item the Personr node takes beyond the bare node (medians), ${signed} pays ${ms(signing)} (${Math.round((Math.max(0, signing) / gap) * 100)}%) too; the rest is the Personr node's own work.`,
		],
		[
			parallel,
			"The Personr node sends one item's request after the other; the HTTP Request node sends all items' requests at once.",
		],
	]);
	// The target compares against the bare call; the other comparisons show where the difference comes from.
	for (const against of [bare, parallel, withCredential]) {
		const ratio = ratios(against);
		const judged = against !== withCredential;
		rows.push({
			group,
			measurement: `ms/item, N=${ITEMS} ×${REPETITIONS}: ${personr.label} vs ${against.label}`,
			ours: stats(personr),
			baseline: stats(against),
			target: '—',
			verdict: '—',
		});
		rows.push({
			group,
			measurement: `ratio Personr node / ${against.label} (median; p95)`,
			ours: `×${ratio.median.toFixed(2)}; ×${ratio.p95.toFixed(2)}`,
			baseline: '—',
			target: judged ? '≤ ×1.10' : '—',
			verdict: judged ? verdict(ratio.median <= 1.1 && ratio.p95 <= 1.1) : '—',
			note: notes.get(against),
		});
	}
	rows.push({
		group,
		measurement: `ms/item, N=${ITEMS} ×${REPETITIONS}: ${raw.label} (reference)`,
		ours: '—',
		baseline: stats(raw),
		target: '—',
		verdict: '—',
	});
	return rows;
}
