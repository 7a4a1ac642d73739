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

const show = { resource: ['entity'], operation: ['create'] };

export const description: INodeProperties[] = [
	...companyFields(show, 'Exact name of the Personr KYB flow the entity goes through'),
	additionalFieldsCollection(show, [
		{
			displayName: 'Applicant Flow',
			name: 'applicantFlow',
			type: 'string',
			default: '',
			description: 'Flow for the applicant created with the entity (with Create Applicant)',
		},
		{
			displayName: 'Create Applicant',
			name: 'createApplicant',
			type: 'boolean',
			default: false,
			description:
				'Whether to also create an applicant (the person acting for the company) on the Applicant Flow',
		},
		externalUserIdOption,
		sourceKeyOption,
		{
			displayName: 'UBO Flow',
			name: 'uboFlow',
			type: 'string',
			default: '',
			description: 'Flow the ultimate beneficial owners found for this entity are verified with',
		},
	]),
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
		{ json: asJson(await personrApiRequest.call(this, itemIndex, 'api-entity-create', body)) },
	];
}
