import { invalidData } from '../bubble-errors';
import { solidPng } from '../png';
import { documentNumber, SAMPLE_DOCUMENT_EXPIRY } from '../results';
import type { Applicant, StoredDocument } from '../state';
import type { Params } from '../types';
import {
	fileProblems,
	findApplicant,
	given,
	success,
	text,
	type CallContext,
	type Handler,
} from './context';

/** Applicants verified through a link have no uploads here, so they get generated stand-in images. */
const STAND_IN_DOCUMENTS: StoredDocument[] = [
	{
		docType: 'PASSPORT',
		docSubType: 'FRONT_SIDE',
		docCountryISO: 'AUS',
		filename: 'passport.png',
		contents: solidPng(2, 2, [32, 64, 160]).toString('base64'),
	},
	{
		docType: 'SELFIE',
		docCountryISO: 'AUS',
		filename: 'selfie.png',
		contents: solidPng(2, 2, [224, 172, 105]).toString('base64'),
	},
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
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as Params)
		: undefined;
}

/**
 * Personr's answer has no status wrapper and reports refused uploads in `errors` (HTTP 200); the pages show no
 * non-empty list, so problems are written as plain sentences. A document with errors is not kept.
 */
function uploadDocument(ctx: CallContext): ReturnType<Handler> {
	const file = fileObject(ctx.params, 'docFile');
	const applicant = findApplicant(ctx, given(ctx, 'applicantId'));
	const filename = file && text(file, 'filename');
	const contents = file && text(file, 'contents');
	if (filename === undefined || contents === undefined)
		throw invalidData('docFile needs a filename and base64 contents');
	const docType = given(ctx, 'docType');
	const docSubType = text(ctx.params, 'docSubType');
	const country = given(ctx, 'docCountryISO');
	const errors = fileProblems(filename, contents);
	if (errors.length === 0) {
		applicant.documents.push({ docType, docSubType, docCountryISO: country, filename, contents });
		applicant.modifiedAt = Date.now();
	}
	const answer = {
		applicantId: applicant.id,
		documentType: docType,
		documentSubType: docSubType ?? null,
		country,
		errors,
		warnings: [],
	};
	return { status: 200, body: answer };
}

function downloadDocuments(ctx: CallContext): ReturnType<Handler> {
	const documents = documentsOf(findApplicant(ctx, given(ctx, 'applicantId')));
	return success({
		IdDocType: documents.map((doc) => doc.docType),
		base64: documents.map((doc) => doc.contents),
	});
}

/** One entry per identity document (both sides share it); selfies are not part of this answer. */
function downloadDocumentInformation(ctx: CallContext): ReturnType<Handler> {
	const applicant = findApplicant(ctx, given(ctx, 'applicantId'));
	const images = documentsOf(applicant).filter((doc) => doc.docType !== 'SELFIE');
	const types = [...new Set(images.map((doc) => doc.docType))];
	return success({
		IdDocType: types,
		docExpiries: types.map(() => SAMPLE_DOCUMENT_EXPIRY),
		docNumbers: types.map((type) => documentNumber(applicant, type)),
		base64: images.map((doc) => doc.contents),
	});
}

export const documentEndpoints: Record<string, Handler> = {
	'api-document-upload': uploadDocument,
	'api-document-download': downloadDocuments,
	'api-document-download-information': downloadDocumentInformation,
};
