import { invalidData } from '../bubble-errors';
import { entityStatusBody, flowAnswers } from '../results';
import { newSubjectBase, type Entity, type UboPosition } from '../state';
import { verificationLink } from './applicants';
import {
	fileProblems,
	findEntity,
	flag,
	given,
	list,
	success,
	text,
	type CallContext,
	type Handler,
} from './context';
import { fileObject } from './documents';

export function createEntityRecord(
	ctx: CallContext,
	flowName: string,
	companyName: string,
	registrationNumber: string,
	country: string,
): Entity {
	const { params } = ctx;
	return ctx.store.add<Entity>({
		...newSubjectBase(
			ctx.account,
			flowName,
			text(params, 'sourceKey'),
			list(params, 'externalUserId'),
		),
		kind: 'entity',
		companyName,
		registrationNumber,
		country,
		uboFlow: text(params, 'uboFlow'),
		createApplicant: flag(params, 'createApplicant'),
		applicantFlow: text(params, 'applicantFlow'),
		documents: [],
		ubos: [],
	});
}

/** The answer carries exactly the page's keys: sourceKey and externalUserId are kept but not echoed. */
function createEntity(ctx: CallContext): ReturnType<Handler> {
	const entity = createEntityRecord(
		ctx,
		given(ctx, 'flowName'),
		given(ctx, 'companyName'),
		given(ctx, 'registrationNumber'),
		given(ctx, 'country'),
	);
	return success({
		applicantId: entity.id,
		companyName: entity.companyName,
		registrationNumber: entity.registrationNumber,
		country: entity.country,
		flowName: entity.flowName,
		applicantStatus: entity.status,
	});
}

/** Personr fetches the document from the URL itself; locally the URL is only checked and kept. docSubType is optional. */
function uploadEntityDocument(ctx: CallContext): ReturnType<Handler> {
	const entity = findEntity(ctx, given(ctx, 'applicantId'));
	const docSubType = text(ctx.params, 'docSubType');
	let url: URL;
	try {
		url = new URL(given(ctx, 'docFile'));
	} catch {
		throw invalidData('docFile must be the URL of the document');
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:')
		throw invalidData('docFile must be an http or https URL');
	entity.documents.push({ docSubType, url: url.href });
	entity.modifiedAt = Date.now();
	return { status: 200, body: { applicantId: entity.id, documentSubType: docSubType ?? null } };
}

function uploadEncodedEntityDocument(ctx: CallContext): ReturnType<Handler> {
	// A multipart file part arrives as a file object; its contents are the base64 payload.
	const file = fileObject(ctx.params, 'docFile');
	const contents = file ? text(file, 'contents') : text(ctx.params, 'docFile');
	if (contents === undefined)
		throw invalidData('docFile must be the base64 contents of the document');
	const entity = findEntity(ctx, given(ctx, 'applicantId'));
	const fileName = given(ctx, 'fileName');
	const [problem] = fileProblems(fileName, contents);
	if (problem !== undefined) throw invalidData(problem);
	const docSubType = text(ctx.params, 'docSubType');
	entity.documents.push({ docSubType, fileName, contents });
	entity.modifiedAt = Date.now();
	return { status: 200, body: { applicantId: entity.id, documentSubType: docSubType ?? null } };
}

const POSITIONS: readonly UboPosition[] = ['Director', 'Shareholder', 'Other'];

/** Problems with the link are reported in `errors`, next to the UBOs linked so far. */
function addUbo(ctx: CallContext): ReturnType<Handler> {
	const entity = findEntity(ctx, given(ctx, 'applicantId'));
	const uboApplicantId = given(ctx, 'uboApplicantId');
	const position = given(ctx, 'position');
	const ubo = ctx.store.find(ctx.account, uboApplicantId);
	const errors: string[] = [];
	if (!POSITIONS.includes(position as UboPosition))
		errors.push(`Invalid position ${position}: use Director, Shareholder or Other`);
	if (!ubo) errors.push(`UBO applicant ${uboApplicantId} not found`);
	if (ubo?.id === entity.id) errors.push('An entity cannot be its own UBO');
	if (ubo && errors.length === 0) {
		const known = entity.ubos.some(
			(item) => item.applicantId === ubo.id && item.position === position,
		);
		if (!known)
			entity.ubos.push({
				applicantId: ubo.id,
				type: ubo.kind === 'applicant' ? 'Individual' : 'Entity',
				position: position as UboPosition,
			});
		entity.modifiedAt = Date.now();
	}
	return {
		status: 200,
		body: {
			status: errors.length ? 'error' : 'success',
			applicantId: entity.id,
			ubos: entity.ubos,
			errors,
		},
	};
}

function entityStatus(ctx: CallContext): ReturnType<Handler> {
	return success(entityStatusBody(findEntity(ctx, given(ctx, 'applicantId'))));
}

/** Several owners come back as a list under the one key (the docs print them as repeated keys). */
function retrieveUbo(ctx: CallContext): ReturnType<Handler> {
	const entity = findEntity(ctx, given(ctx, 'applicantId'));
	const reviewed = entity.status === 'Reviewed';
	const ownershipInsight = entity.ubos.map((link) => {
		const owner = ctx.store.find(ctx.account, link.applicantId);
		const name =
			owner?.kind === 'entity'
				? owner.companyName.toUpperCase()
				: [owner?.nameFirst, owner?.nameLast].filter(Boolean).join(' ').toUpperCase() || 'null';
		return {
			parentEntity: entity.id,
			applicantId: link.applicantId,
			uboType: link.type,
			name,
			detectedPosition: reviewed ? [link.position] : [],
			inputtedPosition: link.position,
			address: 'null',
			registrationNumber: owner?.kind === 'entity' ? owner.registrationNumber : 'null',
			shares: link.position === 'Shareholder' ? ['1000'] : [],
			shareClass: link.position === 'Shareholder' ? ['ORD'] : [],
		};
	});
	return { status: 200, body: { ownershipInsight } };
}

function questionnaire(ctx: CallContext): ReturnType<Handler> {
	const entity = findEntity(ctx, given(ctx, 'applicantId'));
	return {
		status: 200,
		body: {
			applicantId: entity.id,
			flow: entity.flowName,
			sourceKey: entity.sourceKey,
			externalUserId: entity.externalUserId,
			selectedProducts: [],
			selectedProductIds: [],
			selectedPlans: [],
			selectedPlanIds: [],
			questionnaire: flowAnswers(entity).map((pair, index) => ({
				flowQuestion: pair.question,
				questionId: `${entity.id.split('x')[0]}x${index + 1}`,
				internalQuestionId: 'trustee',
				flowAnswer: pair.answer,
			})),
		},
	};
}

export const entityEndpoints: Record<string, Handler> = {
	'api-entity-create': createEntity,
	'api-entity-verificationlink-create': verificationLink('entity-verification'),
	'api-entity-document-upload': uploadEntityDocument,
	'api-entity-document-upload-encoded': uploadEncodedEntityDocument,
	'api-add-ubo': addUbo,
	'api-entity-status': entityStatus,
	'api-retrieve-ubo': retrieveUbo,
	'api-entity-questionnaire': questionnaire,
};
