import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { personrApiRequest } from '../../transport/request';
import { binaryPropertyField, documentFromBinary } from '../../helpers/binary';
import { countryField, countryParameter } from '../../helpers/countries';
import { DOCUMENT_SIDES, DOCUMENT_TYPE_OPTIONS, SELFIE } from '../../helpers/documentTypes';
import { applicantIdField, asJson, oneOf, requiredString } from '../../helpers/fields';
import { withoutReportedErrors } from '../../helpers/reported';

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
		options: [
			{
				name: 'Front Side',
				value: 'FRONT_SIDE',
				description: 'Also for documents without a back side, as Personr advises',
			},
			{ name: 'Back Side', value: 'BACK_SIDE' },
			{ name: 'Not Specified', value: '', description: 'Send no side' },
		],
		default: 'FRONT_SIDE',
		description:
			'Which side of the document the file shows: FRONT_SIDE, BACK_SIDE or none (optional for Personr). Double-sided documents need both sides, one call each; selfies have none.',
		displayOptions: { show, hide: { docType: [SELFIE] } },
	},
	countryField(
		show,
		'docCountryISO',
		'Document Country',
		'Country that issued the document (required by Personr, for selfies too)',
	),
	binaryPropertyField(show),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const applicantId = requiredString.call(this, itemIndex, 'applicantId', 'Applicant ID');
	const docType = requiredString.call(this, itemIndex, 'docType', 'Document Type');
	const body: IDataObject = { applicantId, docType };
	// Personr wants no side at all for a selfie; for other documents the side is optional.
	const side =
		docType === SELFIE
			? ''
			: String(this.getNodeParameter('docSubType', itemIndex, '') ?? '').trim();
	if (side !== '')
		body.docSubType = oneOf.call(this, itemIndex, 'docSubType', 'Side', DOCUMENT_SIDES);
	body.docCountryISO = countryParameter.call(this, itemIndex, 'docCountryISO', 'Document Country');
	const file = await documentFromBinary.call(this, itemIndex);
	body.docFile = { filename: file.fileName, contents: file.contents };
	const answer = asJson(await personrApiRequest.call(this, itemIndex, 'api-document-upload', body));
	return [{ json: withoutReportedErrors.call(this, itemIndex, answer, 'api-document-upload') }];
}
