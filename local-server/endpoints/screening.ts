import { invalidData } from '../bubble-errors';
import { newSubjectBase, type Applicant, type Subject } from '../state';
import { findSubject, given, list, success, text, type CallContext, type Handler } from './context';
import { createEntityRecord } from './entities';

/** Bubble list fields with no value come back as `[null]`, as in Personr's example. */
const none = [null];

/**
 * The keys of Personr's example in its order; the stored pages are cut after `ethnicity`, and the category,
 * notes and description the page's text speaks of follow under those names (the package's reading).
 */
function amlBody(subject: Subject): Record<string, unknown> {
	const [time, digits = ''] = subject.id.split('x');
	const hit = subject.reviewAnswer === 'Rejected';
	const isPerson = subject.kind === 'applicant';
	const name = isPerson
		? [subject.nameFirst, subject.nameLast].filter(Boolean).join(' ')
		: subject.companyName;
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
		dateOfDeath: none,
		gender: none,
		stockTicker: none,
		birthCountry: none,
		birthPlace: none,
		fatherName: none,
		motherName: none,
		education: none,
		political: none,
		religion: none,
		nationality: none,
		ethnicity: none,
		category: hit ? ['Sanctions', 'Watchlist'] : none,
		notes: hit ? ['Listed on a test sanctions list'] : none,
		description: hit ? ['Matched because the local server rejects names equal to "Reject"'] : none,
	};
}

/** The stored pages do not show this endpoint's Body table, so nothing is refused as missing: no id finds nothing. */
function amlResults(ctx: CallContext): ReturnType<Handler> {
	return {
		status: 200,
		body: { aml: amlBody(findSubject(ctx, text(ctx.params, 'applicantId') ?? '')) },
	};
}

/** Database checks create the subject and start its check in one call. */
function databaseVerification(ctx: CallContext): ReturnType<Handler> {
	const { params } = ctx;
	const flowName = given(ctx, 'flowName');
	const dob = text(params, 'dob');
	if (dob !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(dob))
		throw invalidData('dob must be formatted as YYYY-MM-DD');
	const applicant = ctx.store.add<Applicant>({
		...newSubjectBase(
			ctx.account,
			flowName,
			text(params, 'sourceKey'),
			list(params, 'externalUserId'),
		),
		kind: 'applicant',
		email: text(params, 'email'),
		phone: text(params, 'phone'),
		nameFirst: given(ctx, 'firstName'),
		middleName: text(params, 'middleName'),
		nameLast: given(ctx, 'lastName'),
		dob,
		idNumber: text(params, 'idNumber'),
		country: text(params, 'country') ?? given(ctx, 'sourceCountry'),
		documents: [],
	});
	ctx.checks.start(applicant);
	return success({ applicantId: applicant.id, flow: flowName, status: applicant.status });
}

function entityDatabaseVerification(ctx: CallContext): ReturnType<Handler> {
	const flowName = given(ctx, 'flowName');
	const entity = createEntityRecord(
		ctx,
		flowName,
		given(ctx, 'companyName'),
		given(ctx, 'registrationNumber'),
		given(ctx, 'country'),
	);
	ctx.checks.start(entity);
	return success({ applicantId: entity.id, flow: flowName, status: entity.status });
}

export const screeningEndpoints: Record<string, Handler> = {
	'api-aml-results': amlResults,
	'api-database-verification': databaseVerification,
	'api-entity-database-verification': entityDatabaseVerification,
};
