import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { personrApiRequest } from '../../transport/request';
import { companyBody, companyFields } from '../../helpers/company';
import {
	additionalFields,
	additionalFieldsCollection,
	asJson,
	externalUserIdOption,
	sourceKeyOption,
} from '../../helpers/fields';

const show = { resource: ['databaseVerification'], operation: ['verifyCompany'] };

export const description: INodeProperties[] = [
	...companyFields(show, 'Exact name of the Personr flow that defines the registry check'),
	additionalFieldsCollection(show, [externalUserIdOption, sourceKeyOption]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const body = {
		...companyBody.call(this, itemIndex),
		...additionalFields.call(this, itemIndex, { list: ['externalUserId'] }),
	};
	return [
		{
			json: asJson(
				await personrApiRequest.call(this, itemIndex, 'api-entity-database-verification', body),
			),
		},
	];
}
