import { invalidData, missingParameter } from '../bubble-errors';
import { solidPng } from '../png';
import { documentNumber } from '../results';
import type { Applicant, StoredDocument } from '../state';
import type { Params } from '../types';
import { checkBase64, checkFileName, findApplicant, required, success, text, type CallContext, type Handler } from './context';

/** Applicants verified through a link have no uploads here, so they get generated stand-in images. */
const STAND_IN_DOCUMENTS: StoredDocument[] = [
	{
		docType: 'PASSPORT',
		docSubType: 'FRONT_SIDE',
		docCountryISO: 'AUS',
		filename: 'passport.png',
		contents: solidPng(2, 2, [32, 64, 160]).toString('base64'),
	},
	{ docType: 'SELFIE', docCountryISO: 'AUS', filename: 'selfie.png', contents: solidPng(2, 2, [224, 172, 105]).toString('base64') },
];

function documentsOf(applicant: Applicant): StoredDocument[] {
	return applicant.documents.length > 0 ? applicant.documents : STAND_IN_DOCUMENTS;
}

/** Bubble file parameters arrive as an object, or as that object JSON-encoded in a form field. */
export function fileObject(params: Params, name: string): Params | undefined {
	let value = params[name];
	if (typeof value === 'string' && value.trim().startsWith('{')) {
		try {
			value = JSON.parse(value) as unknown;
		} catch {
			throw invalidData(`${name} is not a valid file object`);
		}
	}
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Params) : undefined;
}

function uploadDocument(ctx: CallContext): ReturnType<Handler> {
	const [applicantId, docType] = required(ctx, 'applicantId', 'docType') as [string, string];
	if (ctx.params.docFile === undefined || ctx.params.docFile === null || ctx.params.docFile === '') {
		throw missingParameter(ctx.endpoint, 'docFile');
	}
	const file = fileObject(ctx.params, 'docFile');
	const applicant = findApplicant(ctx, applicantId);
	const filename = file && text(file, 'filename');
	const contents = file && text(file, 'contents');
	if (filename === undefined || contents === undefined) throw invalidData('docFile needs a filename and base64 contents');
	checkFileName(filename);
	checkBase64(contents);
	const docSubType = text(ctx.params, 'docSubType');
	applicant.documents.push({ docType, docSubType, docCountryISO: text(ctx.params, 'docCountryISO'), filename, contents });
	applicant.modifiedAt = Date.now();
	return success({ applicantId: applicant.id, docType, docSubType });
}

function downloadDocuments(ctx: CallContext): ReturnType<Handler> {
	const [applicantId] = required(ctx, 'applicantId') as [string];
	const documents = documentsOf(findApplicant(ctx, applicantId));
	return success({ IdDocType: documents.map((doc) => doc.docType), base64: documents.map((doc) => doc.contents) });
}

/** One entry per identity document (both sides share it); selfies are not part of this answer. */
function downloadDocumentInformation(ctx: CallContext): ReturnType<Handler> {
	const [applicantId] = required(ctx, 'applicantId') as [string];
	const applicant = findApplicant(ctx, applicantId);
	const images = documentsOf(applicant).filter((doc) => doc.docType !== 'SELFIE');
	const types = [...new Set(images.map((doc) => doc.docType))];
	return success({
		IdDocType: types,
		docExpiries: types.map(() => '2030-12-31'),
		docNumbers: types.map((type) => documentNumber(applicant, type)),
		base64: images.map((doc) => doc.contents),
	});
}

export const documentEndpoints: Record<string, Handler> = {
	'api-document-upload': uploadDocument,
	'api-document-download': downloadDocuments,
	'api-document-download-information': downloadDocumentInformation,
};
