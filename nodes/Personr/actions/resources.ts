import type { INodeProperties } from 'n8n-workflow';

import * as aml from './aml';
import * as applicant from './applicant';
import * as customApiCall from './customApiCall';
import * as databaseVerification from './databaseVerification';
import * as entity from './entity';
import * as token from './token';
import * as workspace from './workspace';
import type { Operation } from './types';

export interface Resource {
	/** Shown in the Resource list. */
	name: string;
	/** Stable value saved in workflows. */
	value: string;
	operations: Record<string, Operation>;
	/** The resource's Operation parameter and its operations' fields. */
	description: INodeProperties[];
}

/** Every resource of the node: the one list the node description and the router are built from. */
export const RESOURCES: readonly Resource[] = [
	{ name: 'Applicant', value: 'applicant', ...applicant },
	{ name: 'Entity', value: 'entity', ...entity },
	{ name: 'AML', value: 'aml', ...aml },
	{ name: 'Database Verification', value: 'databaseVerification', ...databaseVerification },
	{ name: 'Workspace', value: 'workspace', ...workspace },
	{ name: 'Token', value: 'token', ...token },
	{ name: 'Custom API Call', value: 'customApiCall', ...customApiCall },
];

/** The Resource parameter (options sorted by name) followed by every resource's parameters. */
export const resourceProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: RESOURCES.map(({ name, value }) => ({ name, value })).sort((a, b) =>
			a.name.localeCompare(b.name, 'en'),
		),
		default: 'token',
	},
	...RESOURCES.flatMap((resource) => resource.description),
];

/** The operation table the router looks items up in: resource value → operation value → operation. */
export const operationsByResource: Readonly<Record<string, Record<string, Operation>>> =
	Object.fromEntries(RESOURCES.map((resource) => [resource.value, resource.operations]));
