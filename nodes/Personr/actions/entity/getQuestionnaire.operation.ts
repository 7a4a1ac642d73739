import { ENTITY_ID } from '../../helpers/company';
import { idOperation } from '../idOperation';

export const { description, execute } = idOperation({
	resource: 'entity',
	operation: 'getQuestionnaire',
	endpoint: 'api-entity-questionnaire',
	...ENTITY_ID,
});
