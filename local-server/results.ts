import type { WebhookForm } from './contract';
import type { Applicant, Entity, Subject } from './state';

const SAMPLE_ADDRESS = {
	street: 'SAMPLE LANE',
	streetNumber: '123',
	city: 'PERTH',
	state: 'WESTERN AUSTRALIA',
	postCode: '6000',
};
export const SAMPLE_DOCUMENT_EXPIRY = '2030-12-31';

/** Ids Personr shows next to a result (the user's company, the verification run), derived so they stay stable. */
function relatedId(id: string, salt: string): string {
	const [time, digits = ''] = id.split('x');
	return `${time}x${[...`${salt}${digits}`].reverse().join('').slice(0, digits.length)}`;
}

interface ExtractedData {
	firstName: string;
	lastName: string;
	birthDate: string;
	country: string;
}

/** What the document check read; only a reviewed applicant has it. */
function extracted(applicant: Applicant): ExtractedData {
	return {
		firstName: (applicant.nameFirst ?? 'JOHN').toUpperCase(),
		lastName: (applicant.nameLast ?? 'SAMPLE').toUpperCase(),
		birthDate: applicant.dob ?? '1990-01-01',
		country: applicant.documents[0]?.docCountryISO ?? applicant.country ?? 'AUS',
	};
}

/** The earlier revision's extracted fields, still part of the current status answer; Bubble leaves them out until reviewed. */
export function extractedFields(applicant: Applicant): Record<string, string> {
	if (applicant.status !== 'Reviewed') return {};
	const data = extracted(applicant);
	return {
		extractedFirstName: data.firstName,
		extractedLastName: data.lastName,
		extractedBirthDate: data.birthDate,
		documentCountry: data.country,
		extractedStreetNum: SAMPLE_ADDRESS.streetNumber,
		extractedStreet: SAMPLE_ADDRESS.street,
		extractedCity: SAMPLE_ADDRESS.city,
		extractedState: SAMPLE_ADDRESS.state,
		extractedPostCode: SAMPLE_ADDRESS.postCode,
	};
}

/** A stable fake document number per applicant and type. */
export function documentNumber(applicant: Applicant, docType: string): string {
	const digits = applicant.id.split('x')[1]?.slice(0, 9) ?? '000000000';
	return `${docType.slice(0, 2).toUpperCase()}${digits}`;
}

function identityDocumentTypes(applicant: Applicant): string[] {
	return [
		...new Set(applicant.documents.map((doc) => doc.docType).filter((type) => type !== 'SELFIE')),
	];
}

/** `{applicantStatus, applicantActionStatus, result, extracted…}`: the earlier revision of the status answer and of the wrapped webhook. */
function earlierStatusBody(applicant: Applicant): Record<string, unknown> {
	const reviewed = applicant.status === 'Reviewed';
	return {
		applicantStatus: applicant.status,
		applicantActionStatus: reviewed ? 'Reviewed' : 'Pending',
		result: {
			'Modified Date': applicant.modifiedAt,
			'Created Date': applicant.createdAt,
			reviewAnswer: applicant.reviewAnswer,
			applicant: applicant.id,
			company: relatedId(applicant.id, 'company'),
			rejectLabels: applicant.rejectLabels,
			verification: reviewed ? relatedId(applicant.id, 'verification') : undefined,
		},
		...extractedFields(applicant),
	};
}

/** The current revision of the status answer: the earlier fields, then IP, documents and the caller's own keys. */
export function applicantStatusBody(applicant: Applicant): Record<string, unknown> {
	const reviewed = applicant.status === 'Reviewed';
	const session = reviewed
		? {
				ipAddress: '127.0.0.1',
				ipTimezone: 'Australia/Perth',
				ipCountry: 'Australia',
				ipCity: 'Perth',
			}
		: {};
	return {
		...earlierStatusBody(applicant),
		...session,
		documents: reviewed ? [...new Set(applicant.documents.map((doc) => doc.docType))] : undefined,
		docNumber: reviewed
			? identityDocumentTypes(applicant).map((type) => documentNumber(applicant, type))
			: undefined,
		docCountry: reviewed
			? [...new Set(applicant.documents.map((doc) => doc.docCountryISO).filter(Boolean))]
			: undefined,
		sourceKey: applicant.sourceKey,
		externalUserId: applicant.externalUserId,
	};
}

function australianDate(time: number): string {
	const date = new Date(time);
	const pad = (value: number) => String(value).padStart(2, '0');
	return `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;
}

const REGISTRY = {
	entityType: 'Australian Proprietary Company, Limited By Shares',
	incorporatedOn: '01/07/2015',
	registrySource: 'Australian Securities & Investments Commission',
	registeredAddress: '123 Example Lane, Perth, 6000, WA, Australia',
	representativeEmail: 'representative@example.com',
	representativePhone: '0400000000',
};

/** What the registry check found; only a reviewed entity has it. */
export function entityRegistryFields(entity: Entity): Record<string, string> {
	if (entity.status !== 'Reviewed') return {};
	return {
		entityType: REGISTRY.entityType,
		incorporatedOn: REGISTRY.incorporatedOn,
		entityCountry: entity.country,
		registrySource: REGISTRY.registrySource,
		registeredAddress: REGISTRY.registeredAddress,
		representativeEmail: REGISTRY.representativeEmail,
		representativePhone: REGISTRY.representativePhone,
	};
}

function earlierEntityBody(entity: Entity): Record<string, unknown> {
	return {
		applicantStatus: entity.status,
		reviewAnswer: entity.reviewAnswer,
		createdDate: australianDate(entity.createdAt),
		rejectLabels: entity.rejectLabels,
		entityName: entity.companyName,
		registrationNumber: entity.registrationNumber,
		...entityRegistryFields(entity),
	};
}

export function entityStatusBody(entity: Entity): Record<string, unknown> {
	return {
		...earlierEntityBody(entity),
		sourceKey: entity.sourceKey,
		externalUserId: entity.externalUserId,
	};
}

/** The questionnaire the local server's flows ask, as (question, answer) pairs. */
export function flowAnswers(entity: Entity): Array<{ question: string; answer: string }> {
	return entity.status === 'Reviewed'
		? [{ question: 'Is the entity acting as a trustee?', answer: 'No' }]
		: [];
}

/** The current "Setting up a webhook" body for applicants: flat, with ext* names. */
function flatApplicantHook(applicant: Applicant): Record<string, unknown> {
	const data = extracted(applicant);
	return {
		applicantId: applicant.id,
		actionStatus: 'Reviewed',
		reviewAnswer: applicant.reviewAnswer,
		rejectLabels: applicant.rejectLabels,
		extFirstName: data.firstName,
		extLastName: data.lastName,
		extDob: data.birthDate,
		extStreetNumber: SAMPLE_ADDRESS.streetNumber,
		extStreetName: SAMPLE_ADDRESS.street,
		extCity: SAMPLE_ADDRESS.city,
		extPostCode: SAMPLE_ADDRESS.postCode,
		extCountry: 'AUSTRALIA',
		docCountryISO: data.country,
		docExpiry: SAMPLE_DOCUMENT_EXPIRY,
		sourceKey: applicant.sourceKey,
		externalUserId: applicant.externalUserId,
	};
}

/** The current "Setting up a webhook" body for entities: flat, with companyName, status and flow. */
function flatEntityHook(entity: Entity): Record<string, unknown> {
	const answers = flowAnswers(entity);
	return {
		applicantId: entity.id,
		status: entity.status,
		reviewAnswer: entity.reviewAnswer,
		rejectLabels: entity.rejectLabels,
		entityType: REGISTRY.entityType.toUpperCase(),
		registrySource: REGISTRY.registrySource.toUpperCase(),
		registeredAddress: REGISTRY.registeredAddress.toUpperCase(),
		companyName: entity.companyName,
		registrationNumber: entity.registrationNumber,
		incorporatedOn: '2015-07-01',
		representativeEmail: REGISTRY.representativeEmail,
		representativePhone: REGISTRY.representativePhone,
		flowQuestions: answers.map((pair) => pair.question),
		flowAnswers: answers.map((pair) => pair.answer),
		flow: entity.flowName,
		sourceKey: entity.sourceKey,
		externalUserId: entity.externalUserId,
	};
}

/** The earlier revision: `{status, response}` around the status answer of that revision (entities add the flow's answers). */
function wrappedHook(subject: Subject): Record<string, unknown> {
	if (subject.kind === 'applicant')
		return { status: 'success', response: earlierStatusBody(subject) };
	const answers = flowAnswers(subject);
	return {
		status: 'success',
		response: {
			applicantId: subject.id,
			...earlierEntityBody(subject),
			flowQuestions: answers.map((pair) => pair.question),
			flowAnswers: answers.map((pair) => pair.answer),
		},
	};
}

/** What Personr POSTs to the configured webhook once a check completes, in the revision asked for. */
export function webhookPayload(
	subject: Subject,
	form: WebhookForm = 'flat',
): Record<string, unknown> {
	if (form === 'wrapped') return wrappedHook(subject);
	return subject.kind === 'applicant' ? flatApplicantHook(subject) : flatEntityHook(subject);
}
