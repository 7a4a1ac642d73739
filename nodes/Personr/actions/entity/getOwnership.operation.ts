import type { IDataObject } from 'n8n-workflow';

import { ENTITY_ID } from '../../helpers/company';
import { withoutEmpty } from '../../helpers/fields';
import { idOperation } from '../idOperation';

/** One entry per owner; Personr sends a single owner as an object. */
function owners(answer: IDataObject): IDataObject[] {
	const insight = answer.ownershipInsight;
	const list = Array.isArray(insight)
		? insight
		: insight === undefined || insight === null
			? []
			: [insight];
	return list
		.filter((owner): owner is IDataObject => typeof owner === 'object' && owner !== null)
		.map(withoutEmpty);
}

export const { description, execute } = idOperation({
	resource: 'entity',
	operation: 'getOwnership',
	endpoint: 'api-retrieve-ubo',
	...ENTITY_ID,
	simplify: {
		description:
			'Whether to return the owners as a list without the empty placeholders Personr fills unknown fields with',
		output: (answer: IDataObject, applicantId: string) => ({ applicantId, owners: owners(answer) }),
	},
});
