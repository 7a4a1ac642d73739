import type {
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
	INodeTypeDescription,
} from 'n8n-workflow';

import { PersonrApi } from '../../credentials/PersonrApi.credentials';
import { Personr } from '../../nodes/Personr/Personr.node';
import { PersonrTrigger } from '../../nodes/PersonrTrigger/PersonrTrigger.node';

// n8n's UX guidelines, checked on the node descriptions as n8n receives them. Much of the description
// is built by functions (country lists, shared fields), which n8n's lint cannot see into.

const NODES: INodeTypeDescription[] = [new Personr().description, new PersonrTrigger().description];

interface Found {
	path: string;
	property: INodeProperties;
}

function isProperty(entry: unknown): entry is INodeProperties {
	return (
		typeof entry === 'object' &&
		entry !== null &&
		'type' in entry &&
		'displayName' in entry &&
		'name' in entry
	);
}

/** Every parameter, including those inside collections and fixed collections, with a readable path. */
function allParameters(properties: INodeProperties[], prefix: string): Found[] {
	return properties.flatMap((property) => {
		const path = `${prefix}${property.name}`;
		const nested = (property.options ?? []).flatMap((option) => {
			if (isProperty(option)) return allParameters([option], `${path}.`);
			const values = (option as INodePropertyCollection).values;
			return Array.isArray(values)
				? allParameters(values, `${path}.${(option as INodePropertyCollection).name}.`)
				: [];
		});
		return [{ path, property }, ...nested];
	});
}

const PARAMETERS: Found[] = NODES.flatMap((node) =>
	allParameters(node.properties, `${node.name}:`),
);
const personr = new Personr().description;
const resourceNames = new Map(
	(
		personr.properties.find((property) => property.name === 'resource')
			?.options as INodePropertyOptions[]
	).map((option) => [String(option.value), option.name]),
);
const operationLists = personr.properties.filter((property) => property.name === 'operation');

function operationOptions(): Array<{ resource: string; option: INodePropertyOptions }> {
	return operationLists.flatMap((list) =>
		(list.displayOptions?.show?.resource ?? []).flatMap((resource) =>
			(list.options as INodePropertyOptions[]).map((option) => ({
				resource: String(resource),
				option,
			})),
		),
	);
}

describe('n8n UX guidelines on the built descriptions', () => {
	it('walks every parameter, nested ones and function-built lists included', () => {
		expect(PARAMETERS.length).toBeGreaterThan(60);
		expect(PARAMETERS.some(({ path }) => path === 'personr:additionalFields.country')).toBe(true);
		expect(operationOptions().length).toBe(23);
	});

	it('action texts carry no articles ("Create applicant", not "Create an applicant")', () => {
		const withArticles = operationOptions()
			.map(({ option }) => option.action ?? '')
			.filter((action) => /\b(a|an|the)\b/i.test(action));
		expect(withArticles).toEqual([]);
	});

	it('operation names do not repeat their resource', () => {
		const repeating = operationOptions()
			.filter(({ resource, option }) =>
				option.name.toLowerCase().includes((resourceNames.get(resource) ?? resource).toLowerCase()),
			)
			.map(({ resource, option }) => `${resource}: ${option.name}`);
		expect(repeating).toEqual([]);
	});

	it('placeholders of input fields start with "e.g."', () => {
		const inputs = PARAMETERS.filter(
			({ property }) =>
				property.placeholder !== undefined &&
				!['collection', 'fixedCollection'].includes(property.type),
		);
		expect(inputs.length).toBeGreaterThan(0);
		expect(
			inputs
				.filter(({ property }) => !String(property.placeholder).startsWith('e.g. '))
				.map(({ path }) => path),
		).toEqual([]);
	});

	it('every option list defaults to one of its options', () => {
		const lists = PARAMETERS.filter(
			({ property }) => property.type === 'options' && !property.typeOptions?.loadOptionsMethod,
		);
		expect(lists.length).toBeGreaterThan(10);
		const wrong = lists
			.filter(
				({ property }) =>
					!(property.options as INodePropertyOptions[]).some(
						(option) => option.value === property.default,
					),
			)
			.map(({ path, property }) => `${path} = ${JSON.stringify(property.default)}`);
		expect(wrong).toEqual([]);
	});

	it('multi-option lists default to some of their options', () => {
		for (const { path, property } of PARAMETERS.filter(
			({ property: p }) => p.type === 'multiOptions',
		)) {
			const values = (property.options as INodePropertyOptions[]).map((option) => option.value);
			expect({
				path,
				outside: (property.default as string[]).filter((value) => !values.includes(value)),
			}).toEqual({ path, outside: [] });
		}
	});

	it('booleans are described with "Whether …"', () => {
		const booleans = PARAMETERS.filter(({ property }) => property.type === 'boolean');
		expect(booleans.length).toBeGreaterThan(3);
		expect(
			booleans
				.filter(({ property }) => !/^Whether /.test(property.description ?? ''))
				.map(({ path }) => path),
		).toEqual([]);
	});

	it('Applicant → Upload Document: Document Country is required (as on "Uploading documents to an applicant"), Side is optional', () => {
		const find = (name: string) =>
			PARAMETERS.find(
				({ path, property }) =>
					path === `personr:${name}` &&
					property.displayOptions?.show?.resource?.includes('applicant') &&
					property.displayOptions?.show?.operation?.includes('uploadDocument'),
			);
		expect(find('docCountryISO')?.property.required).toBe(true);
		expect(find('docCountryISO')?.property.default).toBe('AUS');
		expect(
			(find('docCountryISO')?.property.options as INodePropertyOptions[]).some(
				(option) => option.value === '',
			),
		).toBe(false);
		expect(find('docSubType')?.property.required).toBeFalsy();
		expect(
			(find('docSubType')?.property.options as INodePropertyOptions[]).map(
				(option) => option.value,
			),
		).toEqual(['FRONT_SIDE', 'BACK_SIDE', '']);
	});

	it('Entity → Upload Document: Document Type (docSubType) is optional, as on "Uploading documents to an entity"', () => {
		const type = PARAMETERS.find(
			({ path, property }) =>
				path === 'personr:docSubType' &&
				property.displayOptions?.show?.resource?.includes('entity'),
		);
		expect(type?.property.required).toBeFalsy();
	});

	it('n8n adds no second "Custom API Call": the credential authenticates by a function, which n8n drops when it serialises types', () => {
		// n8n appends its own "Custom API Call" to the Resource and every Operation list when the credential's
		// serialised description has `authenticate` (a declarative one survives JSON, a function does not).
		const serialised = JSON.parse(JSON.stringify(new PersonrApi())) as Record<string, unknown>;
		expect(typeof new PersonrApi().authenticate).toBe('function');
		expect(serialised).not.toHaveProperty('authenticate');
		const resources = personr.properties.find((property) => property.name === 'resource')
			?.options as INodePropertyOptions[];
		expect(resources.filter((option) => option.name === 'Custom API Call')).toHaveLength(1);
	});
});
