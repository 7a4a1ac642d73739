import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { personrApiRequest } from '../../transport/request';
import { ENTITY_ID, entityIdField } from '../../helpers/company';
import { asJson, oneOf, requiredStrings, stringField } from '../../helpers/fields';
import { withoutReportedErrors } from '../../helpers/reported';

const show = { resource: ['entity'], operation: ['addUbo'] };
const POSITIONS = ['Director', 'Shareholder', 'Other'] as const;

export const description: INodeProperties[] = [
	entityIdField(show),
	stringField(
		show,
		'uboApplicantId',
		'UBO Applicant ID',
		'ID of the applicant (or entity) who owns or controls the entity',
		'1670035114445x631333625381113500',
	),
	{
		displayName: 'Position',
		name: 'position',
		type: 'options',
		required: true,
		options: POSITIONS.map((position) => ({ name: position, value: position })),
		default: 'Director',
		description: "The UBO's position in the entity",
		displayOptions: { show },
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const body = {
		...requiredStrings.call(this, itemIndex, {
			applicantId: ENTITY_ID.idLabel,
			uboApplicantId: 'UBO Applicant ID',
		}),
		position: oneOf.call(this, itemIndex, 'position', 'Position', POSITIONS),
	};
	const answer = asJson(await personrApiRequest.call(this, itemIndex, 'api-add-ubo', body));
	return [{ json: withoutReportedErrors.call(this, itemIndex, answer, 'api-add-ubo') }];
}
