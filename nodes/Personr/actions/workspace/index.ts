import { defineResource } from '../resource';
import * as switchWorkspace from './switch.operation';

export const { operations, description } = defineResource('workspace', [
	{
		name: 'Switch',
		value: 'switch',
		description: "Switch the token user's current workspace, where new applicants and entities are created",
		action: 'Switch workspace',
		operation: switchWorkspace,
	},
]);
