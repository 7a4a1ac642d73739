import { missingParameter } from '../bubble-errors';
import { applicantStatusBody } from '../results';
import { newSubjectBase, type Applicant } from '../state';
import { findApplicant, findEntity, findSubject, list, required, success, text, type CallContext, type Handler } from './context';

function createApplicant(ctx: CallContext): ReturnType<Handler> {
	const [email, phone, flowName] = required(ctx, 'email', 'phone', 'flowName') as [string, string, string];
	const { params } = ctx;
	const applicant = ctx.store.add<Applicant>({
		...newSubjectBase(ctx.account, flowName, text(params, 'sourceKey'), list(params, 'externalUserId')),
		kind: 'applicant',
		email,
		phone,
		nameFirst: text(params, 'nameFirst'),
		nameLast: text(params, 'nameLast'),
		documents: [],
	});
	return success({
		applicantId: applicant.id,
		email,
		phone,
		nameFirst: applicant.nameFirst,
		nameLast: applicant.nameLast,
		flowName,
		sourceKey: applicant.sourceKey,
		externalUserId: applicant.externalUserId,
		applicantStatus: applicant.status,
	});
}

/** The docs' table names the field applicantId while their examples send `applicant`; accept both. */
function linkTarget(ctx: CallContext): string {
	const id = text(ctx.params, 'applicant') ?? text(ctx.params, 'applicantId');
	if (id === undefined) throw missingParameter(ctx.endpoint, 'applicant');
	return id;
}

export function verificationLink(path: 'verification' | 'entity-verification'): Handler {
	return (ctx) => {
		const id = linkTarget(ctx);
		const subject = path === 'verification' ? findApplicant(ctx, id) : findEntity(ctx, id);
		const link = `${ctx.publicUrl}/${path}/${subject.id}`;
		return success({ verificationLink: link, customLink: link });
	};
}

function requestCheck(ctx: CallContext): ReturnType<Handler> {
	const [id] = required(ctx, 'applicantId') as [string];
	ctx.checks.start(findSubject(ctx, id));
	return { status: 200, body: { response: 'success' } };
}

function applicantStatus(ctx: CallContext): ReturnType<Handler> {
	const [id] = required(ctx, 'applicantId') as [string];
	return success(applicantStatusBody(findApplicant(ctx, id)));
}

function applicantDetails(ctx: CallContext): ReturnType<Handler> {
	const [id] = required(ctx, 'applicantId') as [string];
	const applicant = findApplicant(ctx, id);
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
