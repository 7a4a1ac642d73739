import { idOperation } from '../idOperation';

export const { description, execute } = idOperation({
	resource: 'applicant',
	operation: 'get',
	endpoint: 'api-applicant-details',
});
