import type { INodePropertyOptions } from 'n8n-workflow';

/** Applicant document types (docType) from Personr's "Supported Documents and Types". */
export const DOCUMENT_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Driver’s Licence', value: 'DRIVERS' },
	{
		name: 'ID Card',
		value: 'ID_CARD',
		description:
			'Proof of age, photo card, electoral ID, firearms licence or any other identity card',
	},
	{ name: 'Passport', value: 'PASSPORT' },
	{
		name: 'Residence Permit',
		value: 'RESIDENCE_PERMIT',
		description:
			'Visa, residence or citizenship certificate, work permit, student pass, green card and the like',
	},
	{
		name: 'Selfie',
		value: 'SELFIE',
		description: 'Photo of the person clearly in frame; has no side',
	},
	{
		name: 'Utility Bill',
		value: 'UTILITY_BILL',
		description:
			'Utility, telecommunications or bank statement, mortgage statement, lease agreement and the like',
	},
];

export const SELFIE = 'SELFIE';

/** Document sides (docSubType); a document without a back side is sent as FRONT_SIDE. */
export const DOCUMENT_SIDES = ['FRONT_SIDE', 'BACK_SIDE'] as const;
