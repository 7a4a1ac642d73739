import type { IDataObject } from 'n8n-workflow';

export type Resource = 'applicant' | 'entity';

/** `none` covers notifications without a final answer (missing or another value). */
export type Answer = 'approved' | 'rejected' | 'none';

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why a body cannot be a Personr result notification, or undefined when it can. */
export function notificationProblem(body: unknown): string | undefined {
	if (!isObject(body)) return 'Expected a JSON object in the request body';
	// Personr identifies applicants and entities alike by applicantId; nothing downstream works without it.
	if (typeof body.applicantId !== 'string' || body.applicantId.trim() === '') {
		return 'The body has no applicantId: this is not a Personr result notification';
	}
	return undefined;
}

// Fields only entity (KYB) results carry, for notifications that do not name their type.
const ENTITY_FIELDS = ['entityName', 'registrationNumber', 'companyName'];

export function resourceOf(body: IDataObject): Resource {
	const type = typeof body.type === 'string' ? body.type.trim().toLowerCase() : '';
	if (type === 'entity' || type === 'applicant') return type;
	return ENTITY_FIELDS.some((field) => body[field] !== undefined && body[field] !== null) ? 'entity' : 'applicant';
}

export function answerOf(body: IDataObject): Answer {
	// The status endpoint nests the answer under `result`; accept that shape as well.
	const nested = isObject(body.result) ? body.result.reviewAnswer : undefined;
	const raw = body.reviewAnswer ?? nested;
	const answer = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
	return answer === 'approved' || answer === 'rejected' ? answer : 'none';
}
