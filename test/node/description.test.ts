import type { INodeProperties } from 'n8n-workflow';

import { COUNTRY_CODES, COUNTRY_OPTIONS } from '../../nodes/Personr/helpers/countries';
import { Personr } from '../../nodes/Personr/Personr.node';
import { operationsByResource, RESOURCES } from '../../nodes/Personr/actions/resources';

const { properties } = new Personr().description;

const OPERATIONS: Record<string, string[]> = {
	applicant: [
		'create',
		'createVerificationLink',
		'downloadDocuments',
		'get',
		'getStatus',
		'requestCheck',
		'uploadDocument',
	],
	entity: [
		'addUbo',
		'create',
		'createVerificationLink',
		'getOwnership',
		'getQuestionnaire',
		'getStatus',
		'requestCheck',
		'uploadDocument',
	],
	aml: ['getResults'],
	databaseVerification: ['verifyCompany', 'verifyPerson'],
	workspace: ['configureWebhook', 'switch'],
	token: ['getToken', 'verifyToken'],
	customApiCall: ['call'],
};

function operationParameter(resource: string): INodeProperties {
	const found = properties.find(
		(property) =>
			property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource),
	);
	if (!found) throw new Error(`no Operation parameter for ${resource}`);
	return found;
}

describe('Personr node description', () => {
	it('offers the resources with stable camelCase values', () => {
		const resource = properties.find((property) => property.name === 'resource');
		expect(
			(resource?.options as Array<{ value: string }>).map((option) => option.value).sort(),
		).toEqual([
			'aml',
			'applicant',
			'customApiCall',
			'databaseVerification',
			'entity',
			'token',
			'workspace',
		]);
		expect(new Personr().description.usableAsTool).toBe(true);
	});

	it("builds the Resource options and the router's table from one registry", () => {
		const resource = properties.find((property) => property.name === 'resource');
		expect(resource?.options).toEqual(
			RESOURCES.map(({ name, value }) => ({ name, value })).sort((a, b) =>
				a.name.localeCompare(b.name, 'en'),
			),
		);
		expect(RESOURCES.map(({ value }) => value).sort()).toEqual(Object.keys(OPERATIONS).sort());
		expect(Object.keys(operationsByResource).sort()).toEqual(Object.keys(OPERATIONS).sort());
	});

	it.each(Object.entries(OPERATIONS))(
		'%s: every operation has an action text and an implementation',
		(resource, values) => {
			const options = operationParameter(resource).options as Array<{
				name: string;
				value: string;
				action?: string;
				description?: string;
			}>;
			expect(options.map((option) => option.value).sort()).toEqual(values);
			for (const option of options) {
				expect(option.action).toMatch(/^[A-Z]/);
				expect(option.description).toBeTruthy();
			}
			expect(options.map((option) => option.name)).toEqual(
				[...options.map((option) => option.name)].sort((a, b) => a.localeCompare(b, 'en')),
			);
			expect(Object.keys(operationsByResource[resource] ?? {}).sort()).toEqual(values);
		},
	);

	it('describes every parameter of these resources, so that a person or an AI agent can fill it in', () => {
		const mine = properties.filter((property) =>
			Object.keys(OPERATIONS).some((resource) =>
				property.displayOptions?.show?.resource?.includes(resource),
			),
		);
		const undescribed = mine.filter(
			(property) =>
				property.name !== 'operation' &&
				!property.description &&
				property.type !== 'collection' &&
				property.type !== 'notice',
		);
		expect(undescribed.map((property) => property.name)).toEqual([]);
		const required = mine.filter((property) => property.required);
		expect(required.length).toBeGreaterThan(20);
	});
});

describe('countries', () => {
	it('lists the 249 ISO 3166-1 alpha-3 codes once each, as sorted options', () => {
		expect(COUNTRY_CODES.size).toBe(249);
		expect([...COUNTRY_CODES].every((code) => /^[A-Z]{3}$/.test(code))).toBe(true);
		for (const code of ['AUS', 'NZL', 'GBR', 'USA', 'ALA', 'ATA', 'SSD', 'CUW', 'BES'])
			expect(COUNTRY_CODES.has(code)).toBe(true);
		for (const code of ['AU', 'UK', 'XKX', 'ANT', 'EUR'])
			expect(COUNTRY_CODES.has(code)).toBe(false);
		expect(COUNTRY_OPTIONS).toHaveLength(249);
		expect(COUNTRY_OPTIONS.find((option) => option.value === 'AUS')?.name).toBe('Australia (AUS)');
		const names = COUNTRY_OPTIONS.map((option) => option.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
	});
});
