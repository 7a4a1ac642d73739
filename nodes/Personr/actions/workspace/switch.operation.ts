import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { personrApiRequest } from '../../transport/request';
import { asJson, requiredString, stringField } from '../../helpers/fields';

const show = { resource: ['workspace'], operation: ['switch'] };

export const description: INodeProperties[] = [
	stringField(
		show,
		'workspace',
		'Workspace Name',
		"Name of the workspace to switch the credential's Personr user to. Applicants and entities created afterwards land in it, for every workflow using this user.",
		'Main',
	),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const workspace = requiredString.call(this, itemIndex, 'workspace', 'Workspace Name');
	return [
		{
			json: asJson(
				await personrApiRequest.call(this, itemIndex, 'api-change-workspace', { workspace }),
			),
		},
	];
}
