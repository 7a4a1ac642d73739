import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { personrApiRequest } from '../../transport/request';
import { applicantIdField, asJson, requiredString } from '../fields';

const show = { resource: ['applicant'], operation: ['getStatus'] };

export const description: INodeProperties[] = [
	applicantIdField(show),
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			'Whether to return only the status, the review answer, the reject labels and the extracted identity fields instead of the full result',
		displayOptions: { show },
	},
];

/** The fields a workflow usually branches on; the full status carries much more. */
function simplified(status: IDataObject, applicantId: string): IDataObject {
	const result = (status.result ?? {}) as IDataObject;
	const extracted = Object.fromEntries(Object.entries(status).filter(([key]) => key.startsWith('extracted')));
	return {
		applicantId,
		applicantStatus: status.applicantStatus,
		applicantActionStatus: status.applicantActionStatus,
		reviewAnswer: result.reviewAnswer ?? status.reviewAnswer,
		rejectLabels: result.rejectLabels ?? status.rejectLabels ?? [],
		...extracted,
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const applicantId = requiredString.call(this, itemIndex, 'applicantId', 'Applicant ID');
	const status = asJson(await personrApiRequest.call(this, itemIndex, 'api-applicant-status', { applicantId }));
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	return [{ json: simplify ? simplified(status, applicantId) : status }];
}
