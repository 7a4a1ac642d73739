import { startPersonrServer, type PersonrServer } from '../../local-server/server';
import { at, call, eventually, loginToken, startReceiver, textAt } from './helpers';

let server: PersonrServer;
let token: string;
const api = (endpoint: string, json: unknown) =>
	call(server.liveBaseUrl, endpoint, { token, json });
const reviewed = (endpoint: string, applicantId: string) =>
	eventually(
		() => api(endpoint, { applicantId }),
		(answer) => at(answer.json, 'response', 'applicantStatus') === 'Reviewed',
	);

beforeAll(async () => {
	server = await startPersonrServer({
		checkDelayMs: 30,
		accounts: [{ email: 'kyb@example.com', password: 'pw', workspaces: ['Head office', 'Branch'] }],
	});
	token = await loginToken(server, 'kyb@example.com', 'pw');
});
afterAll(() => server.close());

async function createEntity(companyName = 'Acme Pty Ltd'): Promise<string> {
	const answer = await api('api-entity-create', {
		companyName,
		registrationNumber: '123456789',
		country: 'AUS',
		flowName: 'Know Your Business',
	});
	return textAt(answer.json, 'response', 'applicantId');
}

async function createApplicant(nameLast = 'Harding'): Promise<string> {
	const answer = await api('api-applicant-create', {
		email: 's@example.com',
		phone: '1',
		flowName: 'KYC',
		nameFirst: 'Simone',
		nameLast,
	});
	return textAt(answer.json, 'response', 'applicantId');
}

describe('entities', () => {
	it('are created with the documented answer', async () => {
		const answer = await api('api-entity-create', {
			companyName: 'Acme Pty Ltd',
			registrationNumber: '123456789',
			country: 'AUS',
			flowName: 'Know Your Business',
			sourceKey: 'crm-7',
			createApplicant: true,
		});
		expect(answer.json).toEqual({
			status: 'success',
			response: {
				applicantId: expect.stringMatching(/^\d{13}x\d{18}$/),
				companyName: 'Acme Pty Ltd',
				registrationNumber: '123456789',
				country: 'AUS',
				flowName: 'Know Your Business',
				applicantStatus: 'Created',
			},
		});
	});

	it('require every documented parameter', async () => {
		const answer = await api('api-entity-create', {
			companyName: 'Acme',
			registrationNumber: '1',
			flowName: 'KYB',
		});
		expect(answer.json).toEqual({
			statusCode: 400,
			body: {
				status: 'MISSING_DATA',
				message: 'Missing parameter for workflow api-entity-create: parameter country',
			},
		});
	});

	it('get their own verification links, and applicant ids are not entities', async () => {
		const entityId = await createEntity();
		const link = await api('api-entity-verificationlink-create', { applicant: entityId });
		expect(at(link.json, 'response', 'verificationLink')).toBe(
			`${server.url}/entity-verification/${entityId}`,
		);
		const applicantId = await createApplicant();
		expect(
			(await api('api-entity-verificationlink-create', { applicant: applicantId })).status,
		).toBe(400);
		expect((await api('api-entity-status', { applicantId })).status).toBe(400);
		expect((await api('api-applicant-status', { applicantId: entityId })).status).toBe(400);
	});

	it('take documents by URL (no wrapper) and as base64', async () => {
		const entityId = await createEntity();
		const byUrl = await api('api-entity-document-upload', {
			applicantId: entityId,
			docSubType: 'INCORPORATION_CERT',
			docFile: 'https://files.example.com/cert.pdf',
		});
		expect(byUrl.json).toEqual({ applicantId: entityId, documentSubType: 'INCORPORATION_CERT' });
		const badUrl = await api('api-entity-document-upload', {
			applicantId: entityId,
			docSubType: 'X',
			docFile: 'ftp://files/cert.pdf',
		});
		expect(badUrl.status).toBe(400);

		const encoded = await api('api-entity-document-upload-encoded', {
			applicantId: entityId,
			docSubType: 'SHAREHOLDER_REGISTRY',
			fileName: 'reg.pdf',
			docFile: 'JVBERi0xLjQ=',
		});
		expect(encoded.json).toEqual({
			applicantId: entityId,
			documentSubType: 'SHAREHOLDER_REGISTRY',
		});
		const noSubType = await api('api-entity-document-upload', {
			applicantId: entityId,
			docFile: 'https://files.example.com/x.pdf',
		});
		expect(noSubType.json).toEqual({ applicantId: entityId, documentSubType: null });
		const badType = await api('api-entity-document-upload-encoded', {
			applicantId: entityId,
			docSubType: 'X',
			fileName: 'reg.docx',
			docFile: 'JVBERi0xLjQ=',
		});
		expect(at(badType.json, 'body', 'status')).toBe('INVALID_DATA');
		const missing = await api('api-entity-document-upload-encoded', {
			applicantId: entityId,
			docSubType: 'X',
			fileName: 'reg.pdf',
		});
		expect(at(missing.json, 'body', 'message')).toBe(
			'Missing parameter for workflow api-entity-document-upload-encoded: parameter docFile',
		);
	});

	it('link UBOs with a documented position and report problems in `errors`', async () => {
		const entityId = await createEntity();
		const person = await createApplicant();
		const parent = await createEntity('Holding Co Pty Ltd');
		const director = await api('api-add-ubo', {
			applicantId: entityId,
			uboApplicantId: person,
			position: 'Director',
		});
		expect(director.json).toEqual({
			status: 'success',
			applicantId: entityId,
			ubos: [{ applicantId: person, type: 'Individual', position: 'Director' }],
			errors: [],
		});
		const shareholder = await api('api-add-ubo', {
			applicantId: entityId,
			uboApplicantId: parent,
			position: 'Shareholder',
		});
		expect(at(shareholder.json, 'ubos')).toHaveLength(2);

		const badPosition = await api('api-add-ubo', {
			applicantId: entityId,
			uboApplicantId: person,
			position: 'CEO',
		});
		expect(badPosition.json).toMatchObject({
			status: 'error',
			errors: ['Invalid position CEO: use Director, Shareholder or Other'],
		});
		expect(at(badPosition.json, 'ubos')).toHaveLength(2);
		const unknown = await api('api-add-ubo', {
			applicantId: entityId,
			uboApplicantId: '1x1',
			position: 'Other',
		});
		expect(at(unknown.json, 'errors')).toEqual(['UBO applicant 1x1 not found']);

		const ownership = await api('api-retrieve-ubo', { applicantId: entityId });
		expect(ownership.json).toEqual({
			ownershipInsight: [
				expect.objectContaining({
					parentEntity: entityId,
					applicantId: person,
					uboType: 'Individual',
					name: 'SIMONE HARDING',
					inputtedPosition: 'Director',
				}),
				expect.objectContaining({
					applicantId: parent,
					uboType: 'Entity',
					name: 'HOLDING CO PTY LTD',
					registrationNumber: '123456789',
					shares: ['1000'],
				}),
			],
		});
	});

	it('are checked like applicants: Pending, then Reviewed with registry data, the documented entity webhook, questionnaire answers', async () => {
		const receiver = await startReceiver();
		server.setWebhook(receiver.url);
		try {
			const entityId = await createEntity();
			expect((await api('api-entity-questionnaire', { applicantId: entityId })).json).toMatchObject(
				{
					applicantId: entityId,
					flow: 'Know Your Business',
					questionnaire: [],
				},
			);
			expect((await api('api-request-applicant-check', { applicantId: entityId })).json).toEqual({
				response: 'success',
			});
			expect(
				at(
					(await api('api-entity-status', { applicantId: entityId })).json,
					'response',
					'applicantStatus',
				),
			).toBe('Pending');
			const hook = await receiver.next();
			expect(hook.body).toMatchObject({
				applicantId: entityId,
				status: 'Reviewed',
				reviewAnswer: 'Approved',
				companyName: 'Acme Pty Ltd',
				registrationNumber: '123456789',
				flow: 'Know Your Business',
				flowQuestions: ['Is the entity acting as a trustee?'],
				flowAnswers: ['No'],
			});
			expect(hook.body).not.toHaveProperty('type');
			expect(hook.headers['x-personr-webhook-token']).toBeUndefined();

			const status = await api('api-entity-status', { applicantId: entityId });
			expect(status.json).toEqual({
				status: 'success',
				response: expect.objectContaining({
					applicantStatus: 'Reviewed',
					reviewAnswer: 'Approved',
					createdDate: expect.stringMatching(/^\d{2}\/\d{2}\/\d{4}$/),
					rejectLabels: [],
					entityName: 'Acme Pty Ltd',
					registrationNumber: '123456789',
					entityCountry: 'AUS',
					externalUserId: [],
				}),
			});
			const questionnaire = await api('api-entity-questionnaire', { applicantId: entityId });
			expect(at(questionnaire.json, 'questionnaire', 0, 'flowAnswer')).toBe('No');
		} finally {
			server.setWebhook(undefined);
			await receiver.close();
		}
	});

	it('named "Reject" are rejected for sanctions, which shows in the AML results', async () => {
		const entityId = await createEntity('Reject');
		await api('api-request-applicant-check', { applicantId: entityId });
		const status = await reviewed('api-entity-status', entityId);
		expect(status.json).toMatchObject({
			response: { reviewAnswer: 'Rejected', rejectLabels: ['SANCTIONS', 'WATCHLIST'] },
		});
		const aml = await api('api-aml-results', { applicantId: entityId });
		expect(aml.json).toMatchObject({
			aml: {
				type: 'Company',
				name: ['Reject'],
				registrationNumber: ['123456789'],
				category: ['Sanctions', 'Watchlist'],
			},
		});
		expect(at(aml.json, 'status')).toBeUndefined();
	});
});

describe('AML results', () => {
	it('have no wrapper and no hits for a clean applicant', async () => {
		const applicantId = await createApplicant();
		const aml = await api('api-aml-results', { applicantId });
		expect(aml.json).toEqual({
			aml: expect.objectContaining({
				searchId: expect.stringMatching(/^\d{13}x\d+$/),
				type: 'Individual',
				name: ['Simone Harding'],
				category: [null],
			}),
		});
	});
});

describe('database verification', () => {
	it('creates a Pending applicant that gets Reviewed with the given identity', async () => {
		const answer = await api('api-database-verification', {
			flowName: 'Database Verification',
			firstName: 'Simone',
			lastName: 'Harding',
			sourceCountry: 'AUS',
			dob: '1985-10-27',
		});
		expect(answer.json).toEqual({
			status: 'success',
			response: {
				applicantId: expect.stringMatching(/^\d{13}x\d{18}$/),
				flow: 'Database Verification',
				status: 'Pending',
			},
		});
		const status = await reviewed(
			'api-applicant-status',
			textAt(answer.json, 'response', 'applicantId'),
		);
		expect(status.json).toMatchObject({
			response: {
				result: { reviewAnswer: 'Approved' },
				extractedFirstName: 'SIMONE',
				extractedBirthDate: '1985-10-27',
				documentCountry: 'AUS',
			},
		});
	});

	it('checks required fields and the date format', async () => {
		const missing = await api('api-database-verification', {
			flowName: 'DV',
			firstName: 'A',
			lastName: 'B',
		});
		expect(at(missing.json, 'body', 'message')).toBe(
			'Missing parameter for workflow api-database-verification: parameter sourceCountry',
		);
		const badDate = await api('api-database-verification', {
			flowName: 'DV',
			firstName: 'A',
			lastName: 'B',
			sourceCountry: 'AUS',
			dob: '27/10/1985',
		});
		expect(badDate.status).toBe(400);
	});

	it('for entities creates a Pending entity that gets Reviewed', async () => {
		const answer = await api('api-entity-database-verification', {
			flowName: 'KYB Basic',
			companyName: 'Personr Pty Ltd',
			registrationNumber: '42',
			country: 'AUS',
		});
		expect(answer.json).toMatchObject({ response: { flow: 'KYB Basic', status: 'Pending' } });
		const status = await reviewed(
			'api-entity-status',
			textAt(answer.json, 'response', 'applicantId'),
		);
		expect(status.json).toMatchObject({
			response: {
				reviewAnswer: 'Approved',
				entityName: 'Personr Pty Ltd',
				registrationNumber: '42',
			},
		});
	});
});

describe('api-change-workspace', () => {
	it('switches the workspace that new applicants land in', async () => {
		const switched = await api('api-change-workspace', { workspace: 'branch' });
		expect(switched.json).toEqual({ status: 'success', response: { currentWorkspace: 'Branch' } });
		const applicantId = await createApplicant();
		expect(
			at((await api('api-applicant-details', { applicantId })).json, 'response', 'workspace'),
		).toBe('Branch');
		await api('api-change-workspace', { workspace: 'Head office' });
	});

	it('reports an unknown workspace with HTTP 200 and status error', async () => {
		const answer = await api('api-change-workspace', { workspace: 'Nowhere' });
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({ status: 'error', response: 'Workspace not found' });
	});
});
