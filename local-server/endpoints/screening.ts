import { invalidData } from '../bubble-errors';
import { newSubjectBase, type Applicant, type Subject } from '../state';
import { findSubject, list, required, success, text, type CallContext, type Handler } from './context';
import { createEntityRecord } from './entities';

/** Bubble list fields with no value come back as `[null]`, as in Personr's example. */
const none = [null];

function amlBody(subject: Subject): Record<string, unknown> {
	const [time, digits = ''] = subject.id.split('x');
	const hit = subject.reviewAnswer === 'Rejected';
	const isPerson = subject.kind === 'applicant';
	const name = isPerson ? [subject.nameFirst, subject.nameLast].filter(Boolean).join(' ') : subject.companyName;
	return {
		searchId: `${time}x${[...digits].reverse().join('')}`,
		type: isPerson ? 'Individual' : 'Company',
		name: [name || null],
		alias: none,
		formerName: none,
		potentialAlias: none,
		registrationNumber: isPerson ? none : [subject.registrationNumber],
		idNumber: isPerson && subject.idNumber ? [subject.idNumber] : none,
		passportNumber: none,
		dateOfBirth: isPerson && subject.dob ? [subject.dob] : none,
		gender: none,
		nationality: none,
		category: hit ? ['Sanctions', 'Watchlist'] : none,
		notes: hit ? ['Listed on a test sanctions list'] : none,
		description: hit ? ['Matched because the local server rejects names equal to "Reject"'] : none,
	};
}

function amlResults(ctx: CallContext): ReturnType<Handler> {
	const [applicantId] = required(ctx, 'applicantId') as [string];
	return { status: 200, body: { aml: amlBody(findSubject(ctx, applicantId)) } };
}

/** Database checks create the subject and start its check in one call. */
function databaseVerification(ctx: CallContext): ReturnType<Handler> {
	const [flowName, firstName, lastName, sourceCountry] = required(ctx, 'flowName', 'firstName', 'lastName', 'sourceCountry') as [
		string,
		string,
		string,
		string,
	];
	const { params } = ctx;
	const dob = text(params, 'dob');
	if (dob !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(dob)) throw invalidData('dob must be formatted as YYYY-MM-DD');
	const applicant = ctx.store.add<Applicant>({
		...newSubjectBase(ctx.account, flowName, text(params, 'sourceKey'), list(params, 'externalUserId')),
		kind: 'applicant',
		email: text(params, 'email'),
		phone: text(params, 'phone'),
		nameFirst: firstName,
		middleName: text(params, 'middleName'),
		nameLast: lastName,
		dob,
		idNumber: text(params, 'idNumber'),
		country: text(params, 'country') ?? sourceCountry,
		documents: [],
	});
	ctx.checks.start(applicant);
	return success({ applicantId: applicant.id, flow: flowName, status: applicant.status });
}

function entityDatabaseVerification(ctx: CallContext): ReturnType<Handler> {
	const [flowName, companyName, registrationNumber, country] = required(
		ctx,
		'flowName',
		'companyName',
		'registrationNumber',
		'country',
	) as [string, string, string, string];
	const entity = createEntityRecord(ctx, flowName, companyName, registrationNumber, country);
	ctx.checks.start(entity);
	return success({ applicantId: entity.id, flow: flowName, status: entity.status });
}

export const screeningEndpoints: Record<string, Handler> = {
	'api-aml-results': amlResults,
	'api-database-verification': databaseVerification,
	'api-entity-database-verification': entityDatabaseVerification,
};
