import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import * as create from './create.operation';
import * as getStatus from './getStatus.operation';

export const operations: Record<string, Operation> = { create, getStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['applicant'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create an applicant on a verification flow',
				action: 'Create an applicant',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				description: "Get an applicant's verification status, result and extracted data",
				action: 'Get the status of an applicant',
			},
		],
		default: 'create',
	},
	...create.description,
	...getStatus.description,
];
