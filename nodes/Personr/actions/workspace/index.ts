import { defineResource } from '../resource';
import * as configureWebhook from './configureWebhook.operation';
import * as switchWorkspace from './switch.operation';

export const { operations, description } = defineResource('workspace', [
	{
		name: 'Switch',
		value: 'switch',
		description:
			"Switch the token user's current workspace, where new applicants and entities are created",
		action: 'Switch workspace',
		operation: switchWorkspace,
	},
	{
		name: 'Configure Webhook',
		value: 'configureWebhook',
		description:
			"Set the URL (and bearer token) Personr posts the current workspace's verification results to, replacing the previous one",
		action: 'Configure workspace webhook',
		operation: configureWebhook,
	},
]);
