import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { personrApiRequest } from '../../transport/request';
import {
	additionalFields,
	additionalFieldsCollection,
	asJson,
	externalUserIdOption,
	flowNameField,
	requiredStrings,
	sourceKeyOption,
	stringField,
} from '../../helpers/fields';

const show = { resource: ['applicant'], operation: ['create'] };

export const description: INodeProperties[] = [
	flowNameField(
		show,
		'Exact name of the Personr flow (verification level) the applicant goes through',
	),
	stringField(show, 'email', 'Email', "Applicant's email address", 'name@email.com'),
	stringField(
		show,
		'phone',
		'Phone',
		"Applicant's phone number, international format",
		'+61400000000',
	),
	additionalFieldsCollection(show, [
		externalUserIdOption,
		{ displayName: 'First Name', name: 'nameFirst', type: 'string', default: '' },
		{ displayName: 'Last Name', name: 'nameLast', type: 'string', default: '' },
		sourceKeyOption,
	]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const body = {
		...requiredStrings.call(this, itemIndex, {
			flowName: 'Flow Name',
			email: 'Email',
			phone: 'Phone',
		}),
		...additionalFields.call(this, itemIndex, { list: ['externalUserId'] }),
	};
	return [
		{ json: asJson(await personrApiRequest.call(this, itemIndex, 'api-applicant-create', body)) },
	];
}
