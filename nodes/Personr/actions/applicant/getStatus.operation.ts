import type { IDataObject } from 'n8n-workflow';

import { idOperation } from '../idOperation';

const IDENTITY_FIELDS = [
	'extractedFirstName',
	'extractedLastName',
	'extractedBirthDate',
	'documentCountry',
];
const ADDRESS_FIELDS: Record<string, string> = {
	extractedStreetNum: 'streetNumber',
	extractedStreet: 'street',
	extractedCity: 'city',
	extractedState: 'state',
	extractedPostCode: 'postCode',
};

/** Those of `names` that `source` has, renamed by `rename`. */
function present(
	source: IDataObject,
	names: string[],
	rename: (name: string) => string = (name) => name,
): IDataObject {
	return Object.fromEntries(
		names
			.filter((name) => source[name] !== undefined && source[name] !== null)
			.map((name) => [rename(name), source[name]]),
	);
}

/** The fields a workflow usually branches on, at most ten (the address as one object); the full status carries much more. */
function simplified(status: IDataObject, applicantId: string): IDataObject {
	const result = (status.result ?? {}) as IDataObject;
	const address = present(
		status,
		Object.keys(ADDRESS_FIELDS),
		(name) => ADDRESS_FIELDS[name] as string,
	);
	return {
		applicantId,
		applicantStatus: status.applicantStatus,
		applicantActionStatus: status.applicantActionStatus,
		reviewAnswer: result.reviewAnswer ?? status.reviewAnswer,
		rejectLabels: result.rejectLabels ?? status.rejectLabels ?? [],
		...present(status, IDENTITY_FIELDS),
		...(Object.keys(address).length > 0 ? { extractedAddress: address } : {}),
	};
}

export const { description, execute } = idOperation({
	resource: 'applicant',
	operation: 'getStatus',
	endpoint: 'api-applicant-status',
	simplify: {
		description:
			'Whether to return only the status, the review answer, the reject labels, the extracted name, birth date, document country and address instead of the full result',
		output: simplified,
	},
});
