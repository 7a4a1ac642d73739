import type { Applicant, Entity, Subject } from './state';

const SAMPLE_ADDRESS = {
	extractedStreetNum: '123',
	extractedStreet: 'SAMPLE LANE',
	extractedCity: 'PERTH',
	extractedState: 'WESTERN AUSTRALIA',
	extractedPostCode: '6000',
};

/** Document data only exists once reviewed; Bubble leaves empty fields out. */
export function extractedFields(applicant: Applicant): Record<string, string> {
	if (applicant.status !== 'Reviewed') return {};
	return {
		extractedFirstName: (applicant.nameFirst ?? 'JOHN').toUpperCase(),
		extractedLastName: (applicant.nameLast ?? 'SAMPLE').toUpperCase(),
		extractedBirthDate: applicant.dob ?? '1990-01-01',
		documentCountry: applicant.documents[0]?.docCountryISO ?? applicant.country ?? 'AUS',
		...SAMPLE_ADDRESS,
	};
}

/** A stable fake document number per applicant and type. */
export function documentNumber(applicant: Applicant, docType: string): string {
	const digits = applicant.id.split('x')[1]?.slice(0, 9) ?? '000000000';
	return `${docType.slice(0, 2).toUpperCase()}${digits}`;
}

function identityDocumentTypes(applicant: Applicant): string[] {
	return [...new Set(applicant.documents.map((doc) => doc.docType).filter((type) => type !== 'SELFIE'))];
}

export function applicantStatusBody(applicant: Applicant): Record<string, unknown> {
	const reviewed = applicant.status === 'Reviewed';
	const documentTypes = [...new Set(applicant.documents.map((doc) => doc.docType))];
	return {
		applicantStatus: applicant.status,
		applicantActionStatus: reviewed ? 'Reviewed' : 'Pending',
		result: {
			'Modified Date': applicant.modifiedAt,
			'Created Date': applicant.createdAt,
			reviewAnswer: applicant.reviewAnswer,
			applicant: applicant.id,
			rejectLabels: applicant.rejectLabels,
		},
		...extractedFields(applicant),
		documents: reviewed ? documentTypes : undefined,
		docNumber: reviewed ? identityDocumentTypes(applicant).map((type) => documentNumber(applicant, type)) : undefined,
		docCountry: reviewed ? [...new Set(applicant.documents.map((doc) => doc.docCountryISO).filter(Boolean))] : undefined,
		sourceKey: applicant.sourceKey,
		externalUserId: applicant.externalUserId,
	};
}

function australianDate(time: number): string {
	const date = new Date(time);
	const pad = (value: number) => String(value).padStart(2, '0');
	return `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;
}

export function entityRegistryFields(entity: Entity): Record<string, string> {
	if (entity.status !== 'Reviewed') return {};
	return {
		entityType: 'Australian Proprietary Company, Limited By Shares',
		incorporatedOn: '01/07/2015',
		entityCountry: entity.country,
		registrySource: 'Australian Securities & Investments Commission',
		registeredAddress: '123 Example Lane, Perth, 6000, WA, Australia',
	};
}

export function entityStatusBody(entity: Entity): Record<string, unknown> {
	return {
		applicantStatus: entity.status,
		reviewAnswer: entity.reviewAnswer,
		createdDate: australianDate(entity.createdAt),
		rejectLabels: entity.rejectLabels,
		entityName: entity.companyName,
		registrationNumber: entity.registrationNumber,
		...entityRegistryFields(entity),
		sourceKey: entity.sourceKey,
		externalUserId: entity.externalUserId,
	};
}

/** What Personr POSTs to the configured webhook once a check completes. */
export function webhookPayload(subject: Subject): Record<string, unknown> {
	const common = {
		type: subject.kind,
		applicantId: subject.id,
		applicantStatus: subject.status,
		actionStatus: subject.status === 'Reviewed' ? 'Reviewed' : 'Pending',
		reviewAnswer: subject.reviewAnswer,
		rejectLabels: subject.rejectLabels,
	};
	const details =
		subject.kind === 'applicant'
			? extractedFields(subject)
			: { entityName: subject.companyName, registrationNumber: subject.registrationNumber, ...entityRegistryFields(subject) };
	return { ...common, ...details, sourceKey: subject.sourceKey, externalUserId: subject.externalUserId };
}
