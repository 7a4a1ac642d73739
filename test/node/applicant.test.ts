import type { PersonrServer } from '../../local-server/server';
import {
	createApplicant,
	lastBody,
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

describe('Applicant → Create', () => {
	it('sends the required and additional fields, lists split, and returns the unwrapped applicant', async () => {
		const [item, ...rest] = await runOk(server, {
			resource: 'applicant',
			operation: 'create',
			flowName: 'Standard KYC',
			email: ' jane@example.com ',
			phone: '+61400000000',
			additionalFields: {
				nameFirst: 'Jane',
				nameLast: 'Citizen',
				externalUserId: 'crm-1, crm-2',
				sourceKey: '',
			},
		});
		expect(rest).toHaveLength(0);
		expect(lastBody(server, 'api-applicant-create')).toEqual({
			flowName: 'Standard KYC',
			email: 'jane@example.com',
			phone: '+61400000000',
			nameFirst: 'Jane',
			nameLast: 'Citizen',
			externalUserId: ['crm-1', 'crm-2'],
		});
		expect(item?.json).toMatchObject({
			applicantStatus: 'Created',
			email: 'jane@example.com',
			nameFirst: 'Jane',
		});
		expect(item?.json.applicantId).toMatch(/^\d+x\d+$/);
		// The {"status":"success","response":…} envelope is gone.
		expect(item?.json).not.toHaveProperty('status');
		expect(item?.json).not.toHaveProperty('response');
		expect(item?.pairedItem).toEqual({ item: 0 });
	});

	it('reads expressions per item and pairs every output with its input', async () => {
		const emails = ['a@example.com', 'b@example.com', 'c@example.com'];
		const output = await runOk(
			server,
			{
				resource: 'applicant',
				operation: 'create',
				flowName: '={{ $json.flow }}',
				email: '={{ $json.email }}',
				phone: '=+6140000000{{ $itemIndex }}',
			},
			{ items: emails.map((email, index) => ({ json: { email, flow: `Flow ${index}` } })) },
		);
		expect(requestsTo(server, 'api-applicant-create').map((request) => request.body)).toEqual(
			emails.map((email, index) => ({
				email,
				flowName: `Flow ${index}`,
				phone: `+6140000000${index}`,
			})),
		);
		expect(output.map((item) => item.json.email)).toEqual(emails);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('refuses an empty required field before any request, naming it', async () => {
		const { error } = await runNode(server, {
			resource: 'applicant',
			operation: 'create',
			flowName: 'KYC',
			email: '={{ $json.missing }}',
			phone: '+61400000000',
		});
		expect(error?.message).toBe('"Email" is required but empty');
		expect(error?.context?.itemIndex).toBe(0);
		expect(server.counters.requests).toBe(0);
	});
});

describe('Applicant → operations on an applicant ID', () => {
	let applicantId: string;
	beforeAll(async () => {
		applicantId = await createApplicant(server, { nameFirst: 'Jane', nameLast: 'Citizen' });
	});

	it('Create Verification Link sends the ID as `applicant` and returns the links', async () => {
		const [item] = await runOk(server, {
			resource: 'applicant',
			operation: 'createVerificationLink',
			applicantId,
		});
		expect(lastBody(server, 'api-verificationlink-create')).toEqual({ applicant: applicantId });
		expect(item?.json).toEqual({
			verificationLink: `${server.url}/verification/${applicantId}`,
			customLink: `${server.url}/verification/${applicantId}`,
		});
	});

	it('Get returns the unwrapped details', async () => {
		const [item] = await runOk(server, {
			resource: 'applicant',
			operation: 'get',
			applicantId: ` ${applicantId} `,
		});
		expect(lastBody(server, 'api-applicant-details')).toEqual({ applicantId });
		expect(item?.json).toMatchObject({
			email: 'jane@example.com',
			nameFirst: 'Jane',
			nameLast: 'Citizen',
			flowName: 'Standard KYC',
			status: 'Created',
		});
		expect(item?.json).not.toHaveProperty('response');
	});

	it('Get Status, simplified, keeps the fields a workflow branches on', async () => {
		const [item] = await runOk(server, {
			resource: 'applicant',
			operation: 'getStatus',
			applicantId,
			simplify: true,
		});
		expect(lastBody(server, 'api-applicant-status')).toEqual({ applicantId });
		expect(item?.json).toEqual({
			applicantId,
			applicantStatus: 'Created',
			applicantActionStatus: 'Pending',
			reviewAnswer: undefined,
			rejectLabels: [],
		});
	});

	it('Request Check passes Personr’s unwrapped answer through, and the status then moves on', async () => {
		const [item] = await runOk(server, {
			resource: 'applicant',
			operation: 'requestCheck',
			applicantId,
		});
		expect(lastBody(server, 'api-request-applicant-check')).toEqual({ applicantId });
		expect(item?.json).toEqual({ response: 'success' });

		await waitUntilReviewed(server, applicantId, { resource: 'applicant', operation: 'getStatus' });
		const [simple] = await runOk(server, {
			resource: 'applicant',
			operation: 'getStatus',
			applicantId,
			simplify: true,
		});
		expect(simple?.json).toMatchObject({
			applicantStatus: 'Reviewed',
			reviewAnswer: 'Approved',
			extractedFirstName: 'JANE',
			extractedLastName: 'CITIZEN',
		});
		expect(simple?.json).not.toHaveProperty('result');
		// n8n's guideline: Simplify returns at most ten fields.
		expect(Object.keys(simple?.json ?? {})).toEqual([
			'applicantId',
			'applicantStatus',
			'applicantActionStatus',
			'reviewAnswer',
			'rejectLabels',
			'extractedFirstName',
			'extractedLastName',
			'extractedBirthDate',
			'documentCountry',
			'extractedAddress',
		]);
		expect(simple?.json.extractedAddress).toEqual({
			streetNumber: '123',
			street: 'SAMPLE LANE',
			city: 'PERTH',
			state: 'WESTERN AUSTRALIA',
			postCode: '6000',
		});

		const [full] = await runOk(server, {
			resource: 'applicant',
			operation: 'getStatus',
			applicantId,
			simplify: false,
		});
		expect(full?.json).toMatchObject({
			applicantStatus: 'Reviewed',
			result: { reviewAnswer: 'Approved', applicant: applicantId },
		});
		expect(full?.json).toHaveProperty('extractedStreet');
		expect(full?.json).not.toHaveProperty('status');
	});
});
