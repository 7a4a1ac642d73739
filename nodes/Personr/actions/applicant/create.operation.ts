import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { personrApiRequest } from '../../transport/request';
import { additionalFields, asJson, requiredString } from '../fields';

const show = { resource: ['applicant'], operation: ['create'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Flow Name',
		name: 'flowName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Standard KYC',
		description: 'Exact name of the Personr flow (verification level) the applicant goes through',
		displayOptions: { show },
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
		description: "Applicant's email address",
		displayOptions: { show },
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+61400000000',
		description: "Applicant's phone number, international format",
		displayOptions: { show },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'External User IDs', name: 'externalUserId', type: 'string', default: '', description: 'Your own identifiers for this person, comma-separated' },
			{ displayName: 'First Name', name: 'nameFirst', type: 'string', default: '' },
			{ displayName: 'Last Name', name: 'nameLast', type: 'string', default: '' },
			{ displayName: 'Source Key', name: 'sourceKey', type: 'string', default: '', description: 'Tag to group applicants by source, returned in webhooks' },
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const body: IDataObject = {
		flowName: requiredString.call(this, itemIndex, 'flowName', 'Flow Name'),
		email: requiredString.call(this, itemIndex, 'email', 'Email'),
		phone: requiredString.call(this, itemIndex, 'phone', 'Phone'),
		...additionalFields.call(this, itemIndex, { list: ['externalUserId'] }),
	};
	const applicant = await personrApiRequest.call(this, itemIndex, 'api-applicant-create', body);
	return [{ json: asJson(applicant) }];
}
