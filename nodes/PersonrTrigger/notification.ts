import type { IDataObject } from 'n8n-workflow';

import { isPlainObject } from '../Personr/shared/json';
import { readReceivedJson } from './receivedJson';

export type Resource = 'applicant' | 'entity';

/** `none` covers notifications without a final answer (missing or another value). */
export type Answer = 'approved' | 'rejected' | 'none';

type Value = IDataObject[string];

/**
 * The documented fields of each resource, named as the current "Setting up a webhook" pages name them, each with
 * where the earlier revision (`{"status":"success","response":{…}}`) kept it, when it had it under another name.
 * Fields only that revision had keep their own name.
 * https://manual.personr.co/api-documentation/applicant-results/retrieving-applicant-verification-results/setting-up-a-webhook
 * https://manual.personr.co/api-documentation/entity-results/retrieving-entity-verification-results/setting-up-a-webhook
 */
const APPLICANT_FIELDS: Record<string, string[]> = {
	applicantId: ['result', 'applicant'],
	actionStatus: ['applicantActionStatus'],
	reviewAnswer: ['result', 'reviewAnswer'],
	rejectLabels: ['result', 'rejectLabels'],
	extFirstName: ['extractedFirstName'],
	extLastName: ['extractedLastName'],
	extDob: ['extractedBirthDate'],
	extStreetNumber: ['extractedStreetNum'],
	extStreetName: ['extractedStreet'],
	extCity: ['extractedCity'],
	extPostCode: ['extractedPostCode'],
	extCountry: [],
	docCountryISO: ['documentCountry'],
	docExpiry: [],
	sourceKey: [],
	externalUserId: [],
	applicantStatus: [],
	extractedState: [],
};

const ENTITY_FIELDS: Record<string, string[]> = {
	applicantId: [],
	status: ['applicantStatus'],
	reviewAnswer: [],
	rejectLabels: [],
	companyName: ['entityName'],
	registrationNumber: [],
	entityType: [],
	registrySource: [],
	registeredAddress: [],
	incorporatedOn: [],
	representativeEmail: [],
	representativePhone: [],
	flowQuestions: [],
	flowAnswers: [],
	flow: [],
	sourceKey: [],
	externalUserId: [],
	createdDate: [],
	entityCountry: [],
};

/** The value at `path` in the earlier revision's fields, if any. */
function earlier(fields: IDataObject, path: string[]): unknown {
	let value: unknown = fields;
	for (const key of path) value = isPlainObject(value) ? value[key] : undefined;
	return path.length === 0 ? undefined : value;
}

/** Fields only entity results carry, in either revision; applicant results carry none of them. */
const ENTITY_ONLY = [
	'companyName',
	'entityName',
	'registrationNumber',
	'entityType',
	'registrySource',
	'registeredAddress',
	'incorporatedOn',
	'entityCountry',
	'representativeEmail',
	'representativePhone',
	'flowQuestions',
	'flowAnswers',
];

export interface Notification {
	resource: Resource;
	answer: Answer;
	/** The workflow's item: the documented fields (null when not sent), the body as received and what reading it found. */
	item: IDataObject;
}

/** The fields the earlier revision wrapped, or the flat body itself. */
function fieldsOf(body: IDataObject): IDataObject {
	return body.status === 'success' && isPlainObject(body.response) ? body.response : body;
}

function answerOf(reviewAnswer: unknown): Answer {
	const answer = typeof reviewAnswer === 'string' ? reviewAnswer.trim().toLowerCase() : '';
	return answer === 'approved' || answer === 'rejected' ? answer : 'none';
}

/** The body as n8n parsed it, read again from the raw bytes where those keep more (duplicate keys, text bodies). */
function received(
	parsed: unknown,
	raw: Buffer | string | undefined,
): { body: unknown; notes: IDataObject } {
	const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : raw;
	const read = text === undefined || text.trim() === '' ? undefined : readReceivedJson(text);
	// A raw body that is no JSON (a form, say) leaves n8n's reading as the body.
	if (read === undefined) return { body: parsed, notes: {} };
	const notes: IDataObject = {};
	if (Object.keys(read.duplicateKeys).length > 0) notes.duplicateKeys = read.duplicateKeys;
	if (read.repairs.length > 0) notes.malformedJson = read.repairs;
	return { body: read.value, notes };
}

/**
 * A Personr result notification in one shape whatever revision of the "Setting up a webhook" pages it follows, or
 * why the body cannot be one. `raw` is the request's raw body when n8n kept it.
 */
export function readNotification(
	parsed: unknown,
	raw: Buffer | string | undefined,
	receivedAt: string,
): Notification | { problem: string } {
	const { body, notes } = received(parsed, raw);
	if (!isPlainObject(body)) return { problem: 'Expected a JSON object in the request body' };
	const fields = fieldsOf(body);
	const resource: Resource = ENTITY_ONLY.some(
		(name) => fields[name] !== undefined && fields[name] !== null,
	)
		? 'entity'
		: 'applicant';
	const documented: IDataObject = {};
	for (const [name, path] of Object.entries(
		resource === 'entity' ? ENTITY_FIELDS : APPLICANT_FIELDS,
	)) {
		documented[name] = (fields[name] ?? earlier(fields, path) ?? null) as Value;
	}
	// Personr identifies applicants and entities alike by applicantId; nothing downstream works without it.
	if (typeof documented.applicantId !== 'string' || documented.applicantId.trim() === '') {
		return { problem: 'The body has no applicantId: this is not a Personr result notification' };
	}
	return {
		resource,
		answer: answerOf(documented.reviewAnswer),
		// Fields Personr sent beyond the documented ones stay reachable at the top level too, and win over the
		// node's own additions; the documented ones (of either revision) win over all.
		item: { resource, receivedAt, ...fields, ...documented, body, ...notes },
	};
}
