import { applicantStatusBody } from '../results';
import { newSubjectBase, type Applicant } from '../state';
import {
	findApplicant,
	findEntity,
	findSubject,
	given,
	list,
	success,
	text,
	type CallContext,
	type Handler,
} from './context';

/** The answer carries exactly the page's keys: sourceKey and externalUserId are kept but not echoed. */
function createApplicant(ctx: CallContext): ReturnType<Handler> {
	const { params } = ctx;
	const applicant = ctx.store.add<Applicant>({
		...newSubjectBase(
			ctx.account,
			given(ctx, 'flowName'),
			text(params, 'sourceKey'),
			list(params, 'externalUserId'),
		),
		kind: 'applicant',
		email: given(ctx, 'email'),
		phone: given(ctx, 'phone'),
		nameFirst: text(params, 'nameFirst'),
		nameLast: text(params, 'nameLast'),
		documents: [],
	});
	return success({
		applicantId: applicant.id,
		email: applicant.email,
		phone: applicant.phone,
		nameFirst: applicant.nameFirst,
		nameLast: applicant.nameLast,
		flowName: applicant.flowName,
		applicantStatus: applicant.status,
	});
}

/** The page's table names the field applicantId while its examples send `applicant`; both are accepted. */
export function verificationLink(path: 'verification' | 'entity-verification'): Handler {
	return (ctx) => {
		const id = text(ctx.params, 'applicant') ?? given(ctx, 'applicantId');
		const subject = path === 'verification' ? findApplicant(ctx, id) : findEntity(ctx, id);
		const link = `${ctx.publicUrl}/${path}/${subject.id}`;
		return success({ verificationLink: link, customLink: link });
	};
}

function requestCheck(ctx: CallContext): ReturnType<Handler> {
	ctx.checks.start(findSubject(ctx, given(ctx, 'applicantId')));
	return { status: 200, body: { response: 'success' } };
}

function applicantStatus(ctx: CallContext): ReturnType<Handler> {
	return success(applicantStatusBody(findApplicant(ctx, given(ctx, 'applicantId'))));
}

/** No Personr page documents this endpoint; the shape is the package's own reading. */
function applicantDetails(ctx: CallContext): ReturnType<Handler> {
	const applicant = findApplicant(ctx, text(ctx.params, 'applicantId') ?? '');
	return success({
		email: applicant.email,
		phone: applicant.phone,
		nameFirst: applicant.nameFirst,
		nameLast: applicant.nameLast,
		tags: [],
		flowName: applicant.flowName,
		status: applicant.status,
		workspace: applicant.workspace,
	});
}

export const applicantEndpoints: Record<string, Handler> = {
	'api-applicant-create': createApplicant,
	'api-verificationlink-create': verificationLink('verification'),
	'api-request-applicant-check': requestCheck,
	'api-applicant-status': applicantStatus,
	'api-applicant-details': applicantDetails,
};
