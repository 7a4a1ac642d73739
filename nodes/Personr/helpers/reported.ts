import {
	NodeApiError,
	type IDataObject,
	type IExecuteFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { redactSecrets } from '../shared/redact';

/** Where a failure keeps Personr's whole answer, so that continue-on-fail can output it with the error. */
export const PERSONR_ANSWER = 'personrAnswer';

function listed(value: unknown): string[] {
	if (!Array.isArray(value)) return [];
	return value
		.filter((entry) => entry !== null && entry !== undefined && entry !== '')
		.map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry)));
}

/**
 * Personr's answer, once it is known not to list errors. Some endpoints (api-document-upload, api-add-ubo) answer
 * HTTP 200 with `errors` (and `warnings`) next to the result: an answer with errors fails the item with Personr's
 * own messages and keeps the whole answer with the error; warnings stay in the answer, which is the output.
 */
export function withoutReportedErrors(
	this: IExecuteFunctions,
	itemIndex: number,
	answer: IDataObject,
	endpoint: string,
): IDataObject {
	const errors = listed(answer.errors);
	if (errors.length === 0) return answer;
	const warnings = listed(answer.warnings);
	const message = redactSecrets(
		`Personr reported ${errors.length === 1 ? 'an error' : `${errors.length} errors`} for ${endpoint}: ${errors.join('; ')}`,
	);
	const description =
		warnings.length === 0 ? undefined : redactSecrets(`Personr's warnings: ${warnings.join('; ')}`);
	const error = new NodeApiError(this.getNode(), { message } as JsonObject, {
		itemIndex,
		message,
		description,
	});
	error.context[PERSONR_ANSWER] = answer;
	throw error;
}
