import type { IDataObject } from 'n8n-workflow';

import { idOperation } from '../idOperation';

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

export const { description, execute } = idOperation({
	resource: 'applicant',
	operation: 'getStatus',
	endpoint: 'api-applicant-status',
	simplify: {
		description:
			'Whether to return only the status, the review answer, the reject labels and the extracted identity fields instead of the full result',
		output: simplified,
	},
});
