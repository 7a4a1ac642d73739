import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { personrApiRequest } from '../../transport/request';
import { binaryPropertyField, documentFromBinary } from '../binary';
import { optionalCountryField, optionalCountryParameter } from '../countries';
import { DOCUMENT_SIDES, DOCUMENT_TYPE_OPTIONS, SELFIE } from '../documentTypes';
import { applicantIdField, asJson, oneOf, requiredString } from '../fields';

const show = { resource: ['applicant'], operation: ['uploadDocument'] };

export const description: INodeProperties[] = [
	applicantIdField(show),
	{
		displayName: 'Document Type',
		name: 'docType',
		type: 'options',
		required: true,
		options: DOCUMENT_TYPE_OPTIONS,
		default: 'PASSPORT',
		description:
			'Kind of document. Upload every document and side the flow requires (e.g. ID front, ID back, selfie) in separate calls, then use Request Check. Another type enabled by Personr can be given by expression.',
		displayOptions: { show },
	},
	{
		displayName: 'Side',
		name: 'docSubType',
		type: 'options',
		required: true,
		options: [
			{ name: 'Front Side', value: 'FRONT_SIDE', description: 'Also for documents without a back side' },
			{ name: 'Back Side', value: 'BACK_SIDE' },
		],
		default: 'FRONT_SIDE',
		description: 'Which side of the document the file shows (selfies have none)',
		displayOptions: { show, hide: { docType: [SELFIE] } },
	},
	optionalCountryField(show, 'docCountryISO', 'Document Country', 'Country that issued the document, if known'),
	binaryPropertyField(show),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const applicantId = requiredString.call(this, itemIndex, 'applicantId', 'Applicant ID');
	const docType = requiredString.call(this, itemIndex, 'docType', 'Document Type');
	const body: IDataObject = { applicantId, docType };
	// Personr wants no side at all for a selfie.
	if (docType !== SELFIE) body.docSubType = oneOf.call(this, itemIndex, 'docSubType', 'Side', DOCUMENT_SIDES);
	const docCountryISO = optionalCountryParameter.call(this, itemIndex, 'docCountryISO', 'Document Country');
	if (docCountryISO !== undefined) body.docCountryISO = docCountryISO;
	const file = await documentFromBinary.call(this, itemIndex);
	body.docFile = { filename: file.fileName, contents: file.contents };
	return [{ json: asJson(await personrApiRequest.call(this, itemIndex, 'api-document-upload', body)) }];
}
