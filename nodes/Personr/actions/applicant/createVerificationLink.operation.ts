import { idOperation } from '../idOperation';

export const { description, execute } = idOperation({
	resource: 'applicant',
	operation: 'createVerificationLink',
	endpoint: 'api-verificationlink-create',
	// Personr's parameter table says applicantId, but its examples and its own Power Automate connector send `applicant`.
	sendAs: 'applicant',
	idDescription: 'ID of the applicant to create a hosted verification link for',
});
