/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- a made-up webhook token for tests */
/** Result notifications shaped like the ones Personr POSTs (see local-server/results.ts). */
export const TOKEN = 'whk_5f3c9a1e-7d2b-4c8e-9b61-0a4f2e7c3d19';
export const HEADER = 'x-personr-webhook-token';

export const approvedApplicant = {
	type: 'applicant',
	applicantId: '1712345678901x123456789012345678',
	applicantStatus: 'Reviewed',
	actionStatus: 'Reviewed',
	reviewAnswer: 'Approved',
	rejectLabels: [],
	extractedFirstName: 'JANE',
	extractedLastName: 'CITIZEN',
	extractedBirthDate: '1990-01-01',
	documentCountry: 'AUS',
	sourceKey: 'crm',
	externalUserId: ['user-42'],
};

export const rejectedEntity = {
	type: 'entity',
	applicantId: '1712345678902x223456789012345678',
	applicantStatus: 'Reviewed',
	actionStatus: 'Reviewed',
	reviewAnswer: 'Rejected',
	rejectLabels: ['SANCTIONS', 'WATCHLIST'],
	entityName: 'Reject',
	registrationNumber: '123 456 789',
	sourceKey: 'onboarding',
	externalUserId: ['company-7'],
};

export const credential = { headerName: HEADER, token: TOKEN };
export const withToken = { [HEADER]: TOKEN };
