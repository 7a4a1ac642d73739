import type { INodeParameters } from 'n8n-workflow';

import type { PersonrServer } from '../../local-server/server';
import {
	createApplicant,
	createEntity,
	fileItem,
	lastBody,
	PDF,
	requestsTo,
	runNode,
	runOk,
	useLocalServer,
	waitUntilReviewed,
} from './support';

let server: PersonrServer;
useLocalServer((started) => {
	server = started;
});

const entity = (operation: string, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'entity',
	operation,
	...extra,
});

describe('Entity → Create', () => {
	it('sends the company, its alpha-3 country and the additional fields, and returns the unwrapped entity', async () => {
		const [item] = await runOk(
			server,
			entity('create', {
				flowName: 'Standard KYB',
				companyName: 'Example Pty Ltd',
				registrationNumber: '123456789',
				country: '={{ "aus" }}',
				additionalFields: {
					createApplicant: true,
					applicantFlow: 'Director KYC',
					uboFlow: 'UBO KYC',
					externalUserId: 'acct-9',
					sourceKey: 'web',
				},
			}),
		);
		expect(lastBody(server, 'api-entity-create')).toEqual({
			flowName: 'Standard KYB',
			companyName: 'Example Pty Ltd',
			registrationNumber: '123456789',
			country: 'AUS',
			createApplicant: true,
			applicantFlow: 'Director KYC',
			uboFlow: 'UBO KYC',
			externalUserId: ['acct-9'],
			sourceKey: 'web',
		});
		expect(item?.json).toMatchObject({
			companyName: 'Example Pty Ltd',
			country: 'AUS',
			applicantStatus: 'Created',
		});
		expect(item?.json.applicantId).toMatch(/^\d+x\d+$/);
	});

	it('refuses a country name instead of a code before any request', async () => {
		const { error } = await runNode(
			server,
			entity('create', {
				flowName: 'KYB',
				companyName: 'X',
				registrationNumber: '1',
				country: '={{ "Australia" }}',
			}),
		);
		expect(error?.message).toBe(
			'"Country" must be an ISO 3166-1 alpha-3 country code, got "Australia"',
		);
		expect(server.counters.requests).toBe(0);
	});
});

describe('Entity → operations on an entity', () => {
	let entityId: string;
	let personId: string;
	beforeAll(async () => {
		entityId = await createEntity(server);
		personId = await createApplicant(server, { nameFirst: 'Jane', nameLast: 'Director' });
	});

	it('Create Verification Link sends the ID as `applicant`', async () => {
		const [item] = await runOk(server, entity('createVerificationLink', { applicantId: entityId }));
		expect(lastBody(server, 'api-entity-verificationlink-create')).toEqual({ applicant: entityId });
		expect(item?.json.verificationLink).toBe(`${server.url}/entity-verification/${entityId}`);
	});

	it('Upload Document from a URL uses api-entity-document-upload and passes its unwrapped answer through', async () => {
		const [item] = await runOk(
			server,
			entity('uploadDocument', {
				applicantId: entityId,
				docSubType: 'Certificate of incorporation',
				source: 'url',
				documentUrl: 'https://example.com/cert.pdf',
			}),
		);
		expect(lastBody(server, 'api-entity-document-upload')).toEqual({
			applicantId: entityId,
			docSubType: 'Certificate of incorporation',
			docFile: 'https://example.com/cert.pdf',
		});
		expect(item?.json).toEqual({
			applicantId: entityId,
			documentSubType: 'Certificate of incorporation',
		});
	});

	it("Upload Document sends no docSubType when Document Type is empty (optional on Personr's page)", async () => {
		// The bundled server still requires docSubType; the answer Personr documents stands in for it.
		server.setFault({
			kind: 'callStatus',
			status: 200,
			body: JSON.stringify({ applicantId: entityId }),
		});
		try {
			await runOk(
				server,
				entity('uploadDocument', {
					applicantId: entityId,
					docSubType: '',
					source: 'url',
					documentUrl: 'https://example.com/cert.pdf',
				}),
			);
		} finally {
			server.setFault(undefined);
		}
		expect(lastBody(server, 'api-entity-document-upload')).toEqual({
			applicantId: entityId,
			docFile: 'https://example.com/cert.pdf',
		});
	});

	it('Upload Document refuses a URL that is not http(s) before any request', async () => {
		const { error } = await runNode(
			server,
			entity('uploadDocument', {
				applicantId: entityId,
				docSubType: 'Trust deed',
				source: 'url',
				documentUrl: 'ftp://example.com/deed.pdf',
			}),
		);
		expect(error?.message).toBe(
			'"Document URL" must be an http(s) URL, got "ftp://example.com/deed.pdf"',
		);
		expect(server.counters.requests).toBe(0);
	});

	it('Upload Document from binary data uses api-entity-document-upload-encoded with fileName and base64 docFile', async () => {
		const [item] = await runOk(
			server,
			entity('uploadDocument', {
				applicantId: entityId,
				docSubType: 'Trust deed',
				source: 'binary',
				binaryPropertyName: 'data',
			}),
			{
				items: [fileItem(PDF, { fileName: 'deed.pdf', mimeType: 'application/pdf' })],
			},
		);
		expect(lastBody(server, 'api-entity-document-upload-encoded')).toEqual({
			applicantId: entityId,
			docSubType: 'Trust deed',
			fileName: 'deed.pdf',
			docFile: PDF.toString('base64'),
		});
		expect(item?.json).toEqual({ applicantId: entityId, documentSubType: 'Trust deed' });
	});

	it('Upload Document from binary data refuses other file types before any request', async () => {
		const { error } = await runNode(
			server,
			entity('uploadDocument', {
				applicantId: entityId,
				docSubType: 'Trust deed',
				source: 'binary',
				binaryPropertyName: 'data',
			}),
			{
				items: [
					fileItem(PDF, {
						fileName: 'deed.docx',
						mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
					}),
				],
			},
		);
		expect(error?.message).toContain('is a .docx file');
		expect(server.counters.requests).toBe(0);
	});

	it('Add UBO links an applicant with its position and passes the unwrapped answer through', async () => {
		const [item] = await runOk(
			server,
			entity('addUbo', {
				applicantId: entityId,
				uboApplicantId: personId,
				position: 'Shareholder',
			}),
		);
		expect(lastBody(server, 'api-add-ubo')).toEqual({
			applicantId: entityId,
			uboApplicantId: personId,
			position: 'Shareholder',
		});
		expect(item?.json).toEqual({
			status: 'success',
			applicantId: entityId,
			ubos: [{ applicantId: personId, type: 'Individual', position: 'Shareholder' }],
			errors: [],
		});
	});

	it('Add UBO turns Personr’s HTTP 200 error list into an error with its reason', async () => {
		const { error } = await runNode(
			server,
			entity('addUbo', { applicantId: entityId, uboApplicantId: '1x1', position: 'Director' }),
		);
		expect(error?.message).toBe(
			'Personr reported an error for api-add-ubo: UBO applicant 1x1 not found.',
		);
		expect(error?.description).toBe('Personr said: UBO applicant 1x1 not found');
	});

	it('Add UBO refuses a position other than Director, Shareholder or Other before any request', async () => {
		const { error } = await runNode(
			server,
			entity('addUbo', {
				applicantId: entityId,
				uboApplicantId: personId,
				position: '={{ "CEO" }}',
			}),
		);
		expect(error?.message).toBe(
			'"Position" must be one of Director, Shareholder, Other, got "CEO"',
		);
		expect(server.counters.requests).toBe(0);
	});

	it('Get Status, Get Ownership and Get Questionnaire after a check, simplified and in full', async () => {
		await runOk(
			server,
			entity('addUbo', { applicantId: entityId, uboApplicantId: personId, position: 'Director' }),
		);
		const [check] = await runOk(server, entity('requestCheck', { applicantId: entityId }));
		expect(lastBody(server, 'api-request-applicant-check')).toEqual({ applicantId: entityId });
		expect(check?.json).toEqual({ response: 'success' });
		await waitUntilReviewed(server, entityId, { resource: 'entity', operation: 'getStatus' });

		const [status] = await runOk(
			server,
			entity('getStatus', { applicantId: entityId, simplify: true }),
		);
		expect(status?.json).toEqual({
			applicantId: entityId,
			applicantStatus: 'Reviewed',
			reviewAnswer: 'Approved',
			rejectLabels: [],
			entityName: 'Example Pty Ltd',
			registrationNumber: '123456789',
		});
		const [fullStatus] = await runOk(
			server,
			entity('getStatus', { applicantId: entityId, simplify: false }),
		);
		expect(fullStatus?.json).toMatchObject({
			applicantStatus: 'Reviewed',
			registrySource: expect.any(String),
			entityCountry: 'AUS',
		});

		const [ownership] = await runOk(
			server,
			entity('getOwnership', { applicantId: entityId, simplify: true }),
		);
		expect(lastBody(server, 'api-retrieve-ubo')).toEqual({ applicantId: entityId });
		const owners = ownership?.json.owners as Array<Record<string, unknown>>;
		expect(owners.map((owner) => [owner.applicantId, owner.inputtedPosition, owner.name])).toEqual([
			[personId, 'Shareholder', 'JANE DIRECTOR'],
			[personId, 'Director', 'JANE DIRECTOR'],
		]);
		// Bubble's "null" placeholders are gone from the simplified owners.
		expect(owners[1]).not.toHaveProperty('address');
		expect(owners[1]).not.toHaveProperty('shares');
		const [fullOwnership] = await runOk(
			server,
			entity('getOwnership', { applicantId: entityId, simplify: false }),
		);
		expect(Object.keys(fullOwnership?.json ?? {})).toEqual(['ownershipInsight']);
		expect(
			(fullOwnership?.json.ownershipInsight as Array<Record<string, unknown>>)[1]?.address,
		).toBe('null');

		const [questionnaire] = await runOk(
			server,
			entity('getQuestionnaire', { applicantId: entityId }),
		);
		expect(lastBody(server, 'api-entity-questionnaire')).toEqual({ applicantId: entityId });
		expect(questionnaire?.json).toMatchObject({
			applicantId: entityId,
			flow: 'Standard KYB',
			questionnaire: [{ internalQuestionId: 'trustee', flowAnswer: 'No' }],
		});
		expect(requestsTo(server, 'api-entity-status').length).toBeGreaterThanOrEqual(2);
	});
});
