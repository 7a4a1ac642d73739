import {
	NodeOperationError,
	type IBinaryKeyData,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { personrApiRequest } from '../../transport/request';
import { extensionForMimeType, sniffMimeType } from '../../helpers/binary';
import { applicantIdField, asJson, requiredString } from '../../helpers/fields';

const show = { resource: ['applicant'], operation: ['downloadDocuments'] };

export const description: INodeProperties[] = [
	applicantIdField(show, 'ID of a verified applicant whose document images to download'),
	{
		displayName: 'Include Document Information',
		name: 'includeInformation',
		type: 'boolean',
		default: false,
		description:
			'Whether to also get document numbers and expiry dates. Personr then returns the identity documents only (no selfie).',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Output Binary Field Prefix',
				name: 'binaryPrefix',
				type: 'string',
				default: 'document_',
				description:
					'The documents are put in binary fields named with this prefix and their position: document_0, document_1, …',
			},
		],
	},
];

function list(value: unknown): unknown[] {
	return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

/** Document type of image `index`: types and images pair up unless Personr lists one type for several sides. */
function typeOf(types: unknown[], imageCount: number, index: number): string {
	const type =
		types.length === imageCount ? types[index] : new Set(types).size === 1 ? types[0] : undefined;
	return typeof type === 'string' && type !== '' ? type : 'document';
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const applicantId = requiredString.call(this, itemIndex, 'applicantId', 'Applicant ID');
	const withInformation = this.getNodeParameter('includeInformation', itemIndex, false) as boolean;
	const prefix =
		String(this.getNodeParameter('options.binaryPrefix', itemIndex, 'document_')).trim() ||
		'document_';
	const endpoint = withInformation ? 'api-document-download-information' : 'api-document-download';
	const { base64, ...information } = asJson(
		await personrApiRequest.call(this, itemIndex, endpoint, { applicantId }),
	);

	const images = list(base64);
	const types = list(information.IdDocType);
	const perType = new Map<string, number>();
	const binary: IBinaryKeyData = {};
	const documents: IDataObject[] = [];
	for (const [index, image] of images.entries()) {
		if (typeof image !== 'string' || image.trim() === '') {
			throw new NodeOperationError(
				this.getNode(),
				`Personr returned document ${index} of applicant ${applicantId} without its contents`,
				{ itemIndex },
			);
		}
		// Tolerate a data URL as well as bare base64.
		const buffer = Buffer.from(image.replace(/^data:[^,]*,/, ''), 'base64');
		const mimeType = sniffMimeType(buffer) ?? 'application/octet-stream';
		const docType = typeOf(types, images.length, index);
		const number = (perType.get(docType) ?? 0) + 1;
		perType.set(docType, number);
		const fileName = `${applicantId}_${docType}_${number}.${extensionForMimeType(mimeType) ?? 'bin'}`;
		const property = `${prefix}${index}`;
		binary[property] = await this.helpers.prepareBinaryData(buffer, fileName, mimeType);
		documents.push({ binaryProperty: property, docType, fileName, mimeType, bytes: buffer.length });
	}
	return [{ json: { applicantId, ...information, documents }, binary }];
}
