import { ENTITY_ID } from '../../helpers/company';
import { idOperation } from '../idOperation';

export const { description, execute } = idOperation({
	resource: 'entity',
	operation: 'requestCheck',
	endpoint: 'api-request-applicant-check',
	...ENTITY_ID,
});
