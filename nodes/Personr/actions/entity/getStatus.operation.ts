import type { IDataObject } from 'n8n-workflow';

import { ENTITY_ID } from '../../helpers/company';
import { idOperation } from '../idOperation';

export const { description, execute } = idOperation({
	resource: 'entity',
	operation: 'getStatus',
	endpoint: 'api-entity-status',
	...ENTITY_ID,
	simplify: {
		description:
			'Whether to return only the status, the review answer, the reject labels and the company name and number',
		output: (status: IDataObject, applicantId: string) => ({
			applicantId,
			applicantStatus: status.applicantStatus,
			reviewAnswer: status.reviewAnswer,
			rejectLabels: status.rejectLabels ?? [],
			entityName: status.entityName,
			registrationNumber: status.registrationNumber,
		}),
	},
});
