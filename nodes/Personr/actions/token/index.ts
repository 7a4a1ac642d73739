import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import * as getToken from './getToken.operation';
import * as verifyToken from './verifyToken.operation';

export const operations: Record<string, Operation> = { getToken, verifyToken };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['token'] } },
		options: [
			{
				name: 'Get',
				value: 'getToken',
				description: "Return the credential's current API token (logging in only when it has none)",
				action: 'Get token',
			},
			{
				name: 'Verify',
				value: 'verifyToken',
				description:
					'Use the token once with a read-only call: renews it if Personr rejects it, and keeps it alive (Personr drops tokens unused for 30 days)',
				action: 'Verify token',
			},
		],
		default: 'getToken',
	},
	...getToken.description,
	...verifyToken.description,
];
