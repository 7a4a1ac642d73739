import { defineResource } from '../resource';
import * as call from './call.operation';

export const { operations, description } = defineResource('customApiCall', [
	{
		name: 'Call',
		value: 'call',
		description:
			'POST to any Personr API workflow with the credential’s token, e.g. one Personr added after this node',
		action: 'Make custom API call',
		operation: call,
	},
]);
