import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { isPlainObject } from '../shared/json';
import { checkedCountry } from './countries';
import { requiredBecause } from './pages';

type Show = Record<string, string[]>;

function refuse(
	this: IExecuteFunctions,
	itemIndex: number,
	message: string,
	description: string,
): NodeOperationError {
	return new NodeOperationError(this.getNode(), message, { itemIndex, description });
}

/** A required text parameter, trimmed; an empty value is refused before any request. */
export function requiredString(
	this: IExecuteFunctions,
	itemIndex: number,
	name: string,
	label: string,
): string {
	const value = String(this.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (value === '') {
		throw refuse.call(
			this,
			itemIndex,
			`"${label}" is required but empty`,
			requiredBecause.call(this, itemIndex, name),
		);
	}
	return value;
}

/** Several required text parameters at once, keyed by parameter name (which is also Personr's field name). */
export function requiredStrings(
	this: IExecuteFunctions,
	itemIndex: number,
	labels: Record<string, string>,
): IDataObject {
	return Object.fromEntries(
		Object.entries(labels).map(([name, label]) => [
			name,
			requiredString.call(this, itemIndex, name, label),
		]),
	);
}

/** A required parameter restricted to `allowed` (options can still be set by an expression). */
export function oneOf(
	this: IExecuteFunctions,
	itemIndex: number,
	name: string,
	label: string,
	allowed: readonly string[],
): string {
	const value = requiredString.call(this, itemIndex, name, label);
	if (!allowed.includes(value)) {
		throw refuse.call(
			this,
			itemIndex,
			`"${label}" must be one of ${allowed.join(', ')}, got "${value}"`,
			'Values are case-sensitive.',
		);
	}
	return value;
}

/** Dates as Personr wants them (YYYY-MM-DD), from a date picker, an ISO string, a JS Date or a Luxon DateTime. */
export function dateOnly(
	this: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	label: string,
): string {
	let text = typeof value === 'string' ? value.trim() : '';
	if (value instanceof Date && !Number.isNaN(value.getTime())) text = value.toISOString();
	const luxon = value as { toISODate?: () => string | null } | null;
	if (typeof luxon?.toISODate === 'function') text = luxon.toISODate() ?? '';
	// The calendar date as entered: a date-time's zone must not move it to another day.
	const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(text);
	const date = match
		? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
		: undefined;
	if (
		match &&
		date &&
		date.getUTCDate() === Number(match[3]) &&
		date.getUTCMonth() === Number(match[2]) - 1
	) {
		return `${match[1]}-${match[2]}-${match[3]}`;
	}
	throw refuse.call(
		this,
		itemIndex,
		`"${label}" must be a date such as 1990-01-31, got "${String(value)}"`,
		'Pick a date, or give an ISO 8601 date (YYYY-MM-DD) by expression.',
	);
}

export interface AdditionalFieldRules {
	/** Fields holding a comma-separated list, sent as an array. */
	list?: string[];
	/** Fields holding an ISO 3166-1 alpha-3 country, by name → label for errors. */
	countries?: Record<string, string>;
	/** Date fields sent as YYYY-MM-DD, by name → label for errors. */
	dates?: Record<string, string>;
}

/** The "Additional Fields" collection as a request body: empty values dropped, lists split, countries and dates checked. */
export function additionalFields(
	this: IExecuteFunctions,
	itemIndex: number,
	{ list = [], countries = {}, dates = {} }: AdditionalFieldRules = {},
): IDataObject {
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = {};
	for (const [name, value] of Object.entries(fields)) {
		if (value === '' || value === undefined || value === null) continue;
		if (name in countries)
			body[name] = checkedCountry.call(this, itemIndex, value, countries[name] as string);
		else if (name in dates)
			body[name] = dateOnly.call(this, itemIndex, value, dates[name] as string);
		else if (list.includes(name) && typeof value === 'string')
			body[name] = value
				.split(',')
				.map((part) => part.trim())
				.filter((part) => part !== '');
		else body[name] = typeof value === 'string' ? value.trim() : value;
	}
	return body;
}

/** Personr's answer as one item's JSON: objects as they are, anything else under `response`. */
export function asJson(answer: unknown): IDataObject {
	return isPlainObject(answer) ? answer : { response: answer as IDataObject[keyof IDataObject] };
}

/** Drops what Bubble fills empty fields with (`null`, `"null"`, `[null]`, `[]`) so the output shows only real data. */
export function withoutEmpty(value: IDataObject): IDataObject {
	const empty = (entry: unknown): boolean =>
		entry === null ||
		entry === undefined ||
		entry === 'null' ||
		entry === '' ||
		(Array.isArray(entry) && entry.every(empty));
	return Object.fromEntries(Object.entries(value).filter(([, entry]) => !empty(entry)));
}

/** A required text parameter shown for `show`; `example` becomes its "e.g. …" placeholder. */
export function stringField(
	show: Show,
	name: string,
	displayName: string,
	description: string,
	example?: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		required: true,
		default: '',
		description,
		displayOptions: { show },
		...(example ? { placeholder: `e.g. ${example}` } : {}),
	};
}

/** The Applicant ID parameter most operations start from (entities are addressed by their applicantId too). */
export function applicantIdField(
	show: Show,
	description = 'ID of the applicant, as returned by Create',
	displayName = 'Applicant ID',
): INodeProperties {
	return stringField(
		show,
		'applicantId',
		displayName,
		description,
		'1670035114445x631333625381113500',
	);
}

export function flowNameField(
	show: Show,
	description = 'Exact name of the Personr flow (verification level) to use',
): INodeProperties {
	return stringField(show, 'flowName', 'Flow Name', description, 'Standard KYC');
}

export function simplifyField(show: Show, description: string): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description,
		displayOptions: { show },
	};
}

/** An "Additional Fields" collection. */
export function additionalFieldsCollection(
	show: Show,
	options: INodeProperties[],
): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options,
	};
}

/** Optional fields several create operations share. */
export const externalUserIdOption: INodeProperties = {
	displayName: 'External User IDs',
	name: 'externalUserId',
	type: 'string',
	default: '',
	description:
		'Your own identifiers for this subject, comma-separated; returned in results and webhooks',
};

export const sourceKeyOption: INodeProperties = {
	displayName: 'Source Key',
	name: 'sourceKey',
	type: 'string',
	default: '',
	description: 'Tag to group subjects by source, returned in results and webhooks',
};
