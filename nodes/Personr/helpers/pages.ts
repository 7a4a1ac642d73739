import type { IExecuteFunctions } from 'n8n-workflow';

/** The page of Personr's API documentation (https://manual.personr.co/api-documentation/) each operation follows. */
const PAGES: Readonly<Record<string, string>> = {
	'applicant.create': 'Creating an applicant',
	'applicant.createVerificationLink': 'Generating a verification link',
	'applicant.uploadDocument': 'Uploading documents to an applicant',
	'applicant.requestCheck': 'Requesting to start the verification process',
	'applicant.getStatus': 'Retrieving applicant verification results',
	'applicant.downloadDocuments': 'Downloading verified documents',
	'entity.create': 'Creating an entity',
	'entity.createVerificationLink': 'Generating a verification link',
	'entity.uploadDocument': 'Uploading documents to an entity',
	'entity.addUbo': 'Linking a UBO to an entity',
	'entity.requestCheck': 'Requesting to start the verification process',
	'entity.getStatus': 'Retrieving entity verification results',
	'entity.getOwnership': 'Retrieving entity ownership structures',
	'entity.getQuestionnaire': 'Retrieving entity questionnaire answers',
	'aml.getResults': 'Retrieving AML results',
	'databaseVerification.verifyPerson': 'Verifying applicant identity data',
	'databaseVerification.verifyCompany': 'Verifying entity information',
	'workspace.switch': 'Switching Workspaces',
};

/** The title of the Personr page the item's operation follows, when there is one. */
export function pageOf(this: IExecuteFunctions, itemIndex: number): string | undefined {
	const resource = String(this.getNodeParameter('resource', itemIndex, ''));
	const operation = String(this.getNodeParameter('operation', itemIndex, ''));
	return PAGES[`${resource}.${operation}`];
}

/** Why a required field must not be empty, in Personr's words where its page says so. */
export function requiredBecause(this: IExecuteFunctions, itemIndex: number, name: string): string {
	const page = pageOf.call(this, itemIndex);
	const rule =
		page === undefined
			? `Personr needs ${name}`
			: `Personr's page "${page}" marks ${name} as required`;
	return `${rule}. Fill it in, or check that the expression returns a value for this item.`;
}
