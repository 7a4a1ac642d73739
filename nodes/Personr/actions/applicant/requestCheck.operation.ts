import { idOperation } from '../idOperation';

export const { description, execute } = idOperation({
	resource: 'applicant',
	operation: 'requestCheck',
	endpoint: 'api-request-applicant-check',
	idDescription:
		'ID of the applicant whose documents are all uploaded. The check takes about two minutes; then use Get Status.',
});
