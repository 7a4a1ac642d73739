import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { router } from './actions/router';
import * as applicant from './actions/applicant';
import * as token from './actions/token';

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
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Applicant', value: 'applicant' },
					{ name: 'Token', value: 'token' },
				],
				default: 'token',
			},
			...applicant.description,
			...token.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
