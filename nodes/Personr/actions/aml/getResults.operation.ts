import type { IDataObject } from 'n8n-workflow';

import { isPlainObject } from '../../shared/json';
import { withoutEmpty } from '../../helpers/fields';
import { idOperation } from '../idOperation';

export const { description, execute } = idOperation({
	resource: 'aml',
	operation: 'getResults',
	endpoint: 'api-aml-results',
	idLabel: 'Applicant or Entity ID',
	idDescription: 'ID of the screened applicant or entity (its applicantId)',
	simplify: {
		description:
			'Whether to return the screening fields directly (not under "aml") and without the empty placeholders Personr fills unknown fields with',
		output: (answer: IDataObject, applicantId: string) => {
			const aml = answer.aml;
			return { applicantId, ...withoutEmpty(isPlainObject(aml) ? aml : answer) };
		},
	},
});
