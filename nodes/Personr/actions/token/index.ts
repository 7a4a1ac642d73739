import { defineResource } from '../resource';
import * as getToken from './getToken.operation';
import * as verifyToken from './verifyToken.operation';

export const { operations, description } = defineResource('token', [
	{
		name: 'Get',
		value: 'getToken',
		description: "Return the credential's current API token (logging in only when it has none)",
		action: 'Get token',
		operation: getToken,
	},
	{
		name: 'Verify',
		value: 'verifyToken',
		description:
			'Use the token once with a read-only call: renews it if Personr rejects it, and keeps it alive (Personr drops tokens unused for 30 days)',
		action: 'Verify token',
		operation: verifyToken,
	},
]);
