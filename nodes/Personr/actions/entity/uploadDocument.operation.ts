import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { personrApiRequest } from '../../transport/request';
import { binaryPropertyField, documentFromBinary } from '../../helpers/binary';
import { ENTITY_ID, entityIdField } from '../../helpers/company';
import { asJson, requiredString, stringField } from '../../helpers/fields';
import { withoutReportedErrors } from '../../helpers/reported';

const show = { resource: ['entity'], operation: ['uploadDocument'] };

export const description: INodeProperties[] = [
	entityIdField(show),
	{
		...stringField(
			show,
			'docSubType',
			'Document Type',
			'Corporate document type, as listed in Personr’s entity document types (optional for Personr)',
			'Certificate of incorporation',
		),
		required: false,
	},
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Binary File',
				value: 'binary',
				description: 'A JPG, PNG or PDF file from a binary field of the input item',
			},
			{
				name: 'URL',
				value: 'url',
				description: 'A public URL Personr downloads the document from',
			},
		],
		default: 'binary',
		description: 'Where the document comes from',
		displayOptions: { show },
	},
	stringField(
		{ ...show, source: ['url'] },
		'documentUrl',
		'Document URL',
		'Publicly reachable http(s) URL of the document',
		'https://example.com/certificate.pdf',
	),
	binaryPropertyField({ ...show, source: ['binary'] }),
];

function documentUrl(this: IExecuteFunctions, itemIndex: number): string {
	const value = requiredString.call(this, itemIndex, 'documentUrl', 'Document URL');
	const url = URL.canParse(value) ? new URL(value) : undefined;
	if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
		throw new NodeOperationError(
			this.getNode(),
			`"Document URL" must be an http(s) URL, got "${value}"`,
			{ itemIndex },
		);
	}
	return url.href;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const body: IDataObject = {
		applicantId: requiredString.call(this, itemIndex, 'applicantId', ENTITY_ID.idLabel),
	};
	const docSubType = String(this.getNodeParameter('docSubType', itemIndex, '') ?? '').trim();
	if (docSubType !== '') body.docSubType = docSubType;
	const fromUrl = this.getNodeParameter('source', itemIndex, 'binary') === 'url';
	if (fromUrl) {
		body.docFile = documentUrl.call(this, itemIndex);
	} else {
		const file = await documentFromBinary.call(this, itemIndex);
		body.fileName = file.fileName;
		body.docFile = file.contents;
	}
	const endpoint = fromUrl ? 'api-entity-document-upload' : 'api-entity-document-upload-encoded';
	const answer = asJson(await personrApiRequest.call(this, itemIndex, endpoint, body));
	return [{ json: withoutReportedErrors.call(this, itemIndex, answer, endpoint) }];
}
