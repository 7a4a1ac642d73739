import { ENTITY_ID } from '../../helpers/company';
import { idOperation } from '../idOperation';

export const { description, execute } = idOperation({
	resource: 'entity',
	operation: 'createVerificationLink',
	endpoint: 'api-entity-verificationlink-create',
	// As for applicants: the examples and Personr's own connector send `applicant`, not applicantId.
	sendAs: 'applicant',
	...ENTITY_ID,
});
