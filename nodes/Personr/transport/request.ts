import {
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
} from 'n8n-workflow';

import { authenticatedRequest } from './authenticated';
import { checkBaseUrl } from './baseUrl';
import { personrApiError } from './errors';

/** Longest Retry-After honoured before a 429 is reported instead of waited out. */
export const MAX_RETRY_AFTER_SECONDS = 30;
const MAX_RATE_LIMIT_RETRIES = 2;
const REQUEST_TIMEOUT_MS = 120_000;

export type PersonrBody = IDataObject;

export interface PersonrRequestOptions {
	/** Send the body as `application/x-www-form-urlencoded` instead of JSON (Bubble reads both). */
	form?: boolean;
}

function retryAfterSeconds(headers: Record<string, unknown>): number | undefined {
	const raw = headers['retry-after'] ?? headers['Retry-After'];
	if (raw === undefined) return undefined;
	const seconds = Number(raw);
	if (Number.isFinite(seconds)) return Math.max(0, seconds);
	const date = Date.parse(String(raw));
	return Number.isFinite(date) ? Math.max(0, (date - Date.now()) / 1000) : undefined;
}

function isRecord(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Form fields as Bubble reads them: lists as repeated keys, objects as `name[key]`. */
export function formEncoded(body: PersonrBody): string {
	const form = new URLSearchParams();
	const add = (name: string, value: unknown): void => {
		if (value === undefined || value === null) return;
		if (Array.isArray(value)) for (const entry of value) add(name, entry);
		else if (isRecord(value)) for (const [key, inner] of Object.entries(value)) add(`${name}[${key}]`, inner);
		else form.append(name, String(value));
	};
	for (const [name, value] of Object.entries(body)) add(name, value);
	return form.toString();
}

/**
 * POSTs to a Personr endpoint with the credential's token. n8n renews the token on HTTP 401 (and only
 * then) through the credential, whose logins are shared across concurrent requests.
 * Returns Personr's answer with the `{"status":"success","response":…}` envelope removed.
 */
export async function personrApiRequest(
	this: IExecuteFunctions,
	itemIndex: number,
	endpoint: string,
	body: PersonrBody,
	{ form = false }: PersonrRequestOptions = {},
): Promise<unknown> {
	const credentials = await this.getCredentials('personrApi', itemIndex);
	const base = checkBaseUrl(credentials);
	if ('problem' in base) throw new NodeOperationError(this.getNode(), base.problem, { itemIndex });
	const options: IHttpRequestOptions = {
		method: 'POST',
		url: `${base.baseUrl}/${endpoint}`,
		// Encoded here, so that lists become repeated keys as Bubble reads them, whatever n8n's HTTP client would make of an object.
		...(form ? { body: formEncoded(body), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } } : { body }),
		json: true,
		timeout: REQUEST_TIMEOUT_MS,
		// A redirect could carry the Bearer token to another host.
		disableFollowRedirect: true,
	};
	const secrets = [credentials.password as string | undefined, credentials.token as string | undefined];

	for (let attempt = 0; ; attempt++) {
		const { answer, failure } = await authenticatedRequest.call(this, itemIndex, options);
		if (failure === undefined) return unwrap.call(this, answer, endpoint, itemIndex, secrets);
		const wait = failure.status === 429 ? retryAfterSeconds(failure.headers) : undefined;
		if (wait !== undefined && wait <= MAX_RETRY_AFTER_SECONDS && attempt < MAX_RATE_LIMIT_RETRIES) {
			await sleep(wait * 1000);
			continue;
		}
		throw personrApiError(this.getNode(), failure, endpoint, itemIndex, secrets);
	}
}

function unwrap(
	this: IExecuteFunctions,
	answer: unknown,
	endpoint: string,
	itemIndex: number,
	secrets: ReadonlyArray<string | undefined>,
): unknown {
	// n8n hands over raw text when the body is not JSON; Personr also reports some failures with HTTP 200.
	if (typeof answer === 'string' || (isRecord(answer) && answer.status === 'error')) {
		throw personrApiError(this.getNode(), { status: 200, body: answer, headers: {} }, endpoint, itemIndex, secrets);
	}
	if (isRecord(answer) && answer.status === 'success' && 'response' in answer) return answer.response;
	return answer;
}
