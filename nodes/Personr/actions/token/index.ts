import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import * as getToken from './getToken.operation';

export const operations: Record<string, Operation> = { getToken };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['token'] } },
		options: [
			{
				name: 'Get Token',
				value: 'getToken',
				description: "Return the credential's current API token (logging in only when it has none)",
				action: 'Get a token',
			},
		],
		default: 'getToken',
	},
	...getToken.description,
];
