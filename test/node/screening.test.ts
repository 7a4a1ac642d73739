import type { INodeParameters } from 'n8n-workflow';

import type { PersonrServer } from '../../local-server/server';
import { createApplicant, lastBody, runNode, runOk, useLocalServer } from './support';

let server: PersonrServer;
useLocalServer((started) => {
	server = started;
});

describe('AML → Get Results', () => {
	it('passes the unwrapped answer through in full, and simplified drops the empty placeholders', async () => {
		const applicantId = await createApplicant(server, { nameFirst: 'Jane', nameLast: 'Citizen' });
		const [full] = await runOk(server, {
			resource: 'aml',
			operation: 'getResults',
			applicantId,
			simplify: false,
		});
		expect(lastBody(server, 'api-aml-results')).toEqual({ applicantId });
		expect(Object.keys(full?.json ?? {})).toEqual(['aml']);
		expect(full?.json.aml).toMatchObject({
			type: 'Individual',
			name: ['Jane Citizen'],
			alias: [null],
			category: [null],
		});

		const [simple] = await runOk(server, {
			resource: 'aml',
			operation: 'getResults',
			applicantId,
			simplify: true,
		});
		expect(simple?.json).toEqual({
			applicantId,
			searchId: (full?.json.aml as Record<string, unknown>).searchId,
			type: 'Individual',
			name: ['Jane Citizen'],
		});
	});
});

describe('Database Verification', () => {
	const person = (extra: INodeParameters = {}): INodeParameters => ({
		resource: 'databaseVerification',
		operation: 'verifyPerson',
		flowName: 'AU Database',
		firstName: 'Jane',
		lastName: 'Citizen',
		sourceCountry: 'AUS',
		...extra,
	});

	it('Verify Person sends the person with the date of birth as YYYY-MM-DD and returns the unwrapped answer', async () => {
		const optional = {
			middleName: 'Q',
			email: 'jane@example.com',
			idNumber: 'D1234567',
			street: '1 Example Street',
			city: 'Perth',
			stateTerritory: 'WA',
			postCode: '6000',
			country: 'NZL',
		};
		const [item] = await runOk(
			server,
			person({
				sourceCountry: '={{ "aus" }}',
				additionalFields: { ...optional, dob: '1990-01-31T00:00:00' },
			}),
		);
		expect(lastBody(server, 'api-database-verification')).toEqual({
			flowName: 'AU Database',
			firstName: 'Jane',
			lastName: 'Citizen',
			sourceCountry: 'AUS',
			...optional,
			dob: '1990-01-31',
		});
		expect(item?.json).toMatchObject({ flow: 'AU Database', status: 'Pending' });
		expect(item?.json.applicantId).toMatch(/^\d+x\d+$/);
	});

	it.each([
		[
			'an ISO date-time with a zone keeps its calendar date',
			'={{ "1985-12-01T23:30:00.000+08:00" }}',
			'1985-12-01',
		],
		['a Luxon DateTime from an expression', '={{ DateTime.fromISO("2001-02-03") }}', '2001-02-03'],
	])('Verify Person accepts %s', async (_title, dob, sent) => {
		await runOk(server, person({ additionalFields: { dob } }));
		expect(lastBody(server, 'api-database-verification').dob).toBe(sent);
	});

	it.each([
		[
			{ dob: '={{ "31/01/1990" }}' },
			'"Date of Birth" must be a date such as 1990-01-31, got "31/01/1990"',
		],
		[
			{ dob: '={{ "1990-02-30" }}' },
			'"Date of Birth" must be a date such as 1990-01-31, got "1990-02-30"',
		],
		[
			{ country: '={{ "XXX" }}' },
			'"Country" must be an ISO 3166-1 alpha-3 country code, got "XXX"',
		],
	])('Verify Person refuses %j before any request', async (additionalFields, message) => {
		const { error } = await runNode(server, person({ additionalFields }));
		expect(error?.message).toBe(message);
		expect(server.counters.requests).toBe(0);
	});

	it('Verify Company sends the company to api-entity-database-verification', async () => {
		const [item] = await runOk(server, {
			resource: 'databaseVerification',
			operation: 'verifyCompany',
			flowName: 'AU Registry',
			companyName: 'Example Pty Ltd',
			registrationNumber: '123456789',
			country: 'AUS',
			additionalFields: { sourceKey: 'onboarding', externalUserId: 'c-1,c-2' },
		});
		expect(lastBody(server, 'api-entity-database-verification')).toEqual({
			flowName: 'AU Registry',
			companyName: 'Example Pty Ltd',
			registrationNumber: '123456789',
			country: 'AUS',
			sourceKey: 'onboarding',
			externalUserId: ['c-1', 'c-2'],
		});
		expect(item?.json).toMatchObject({ flow: 'AU Registry', status: 'Pending' });
	});
});

describe('Workspace → Switch', () => {
	it('switches and returns the unwrapped current workspace', async () => {
		const [item] = await runOk(server, {
			resource: 'workspace',
			operation: 'switch',
			workspace: 'compliance',
		});
		expect(lastBody(server, 'api-change-workspace')).toEqual({ workspace: 'compliance' });
		expect(item?.json).toEqual({ currentWorkspace: 'Compliance' });
		const applicantId = await createApplicant(server);
		const [details] = await runOk(server, { resource: 'applicant', operation: 'get', applicantId });
		expect(details?.json.workspace).toBe('Compliance');
		await runOk(server, { resource: 'workspace', operation: 'switch', workspace: 'Main' });
	});

	it('reports Personr’s HTTP 200 "status":"error" answer as an error with its reason', async () => {
		const { error } = await runNode(server, {
			resource: 'workspace',
			operation: 'switch',
			workspace: 'Nowhere',
		});
		expect(error?.message).toBe(
			'Personr reported an error for api-change-workspace: Workspace not found.',
		);
		expect(error?.httpCode).toBe('200');
		expect(server.counters.logins).toBe(1);
	});
});
