import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { resourceProperties } from './actions/resources';
import { router } from './actions/router';
import { MAX_WINDOW } from './transport/window';

export class Personr implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Personr',
		name: 'personr',
		icon: { light: 'file:../../icons/personr.svg', dark: 'file:../../icons/personr.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Identity verification, KYC/AML and KYB with Personr',
		defaults: { name: 'Personr' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'personrApi', required: true }],
		properties: [
			...resourceProperties,
			{
				displayName: 'Throughput',
				name: 'throughput',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Parallel Requests',
						name: 'parallelRequests',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: MAX_WINDOW },
						default: MAX_WINDOW,
						description:
							'The most items sent to Personr at the same time. The node starts at 10 (or this, if lower) and finds the pace on its own: more while Personr answers quickly, fewer when it limits the rate (HTTP 429) or answers more slowly under the load. When Personr limits the rate, every request for the account slows down and waits instead of failing.',
					},
					{
						displayName: 'Max Requests per Minute',
						name: 'maxRequestsPerMinute',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description:
							"Spaces out the requests for this Personr account to at most this many a minute, e.g. to leave room for other workflows. 0 means no limit of its own: the node follows Personr's 429 answers.",
					},
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
