import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import { isTokenRejection, PersonrLoginError } from '../session/login';
import { clipped, NETWORK_REASONS, personrReason } from '../shared/bubble';
import { asRecord, parsedJson } from '../shared/json';
import { redactSecrets } from '../shared/redact';

export interface HttpFailure {
	status?: number;
	body?: unknown;
	headers: Record<string, unknown>;
	/** Network error code such as ECONNREFUSED, when no answer arrived. */
	code?: string;
	/** No request was sent because the login for a token failed; its message is already safe to show. */
	login?: PersonrLoginError;
	/**
	 * What n8n's own error said when nothing else of the failure survived: n8n 1.x keeps neither the cause nor
	 * the code of an error thrown inside its request helpers (e.g. by the credential's login), only its message.
	 */
	reported?: string;
	/** A 429 that was not waited out: Personr asked for too long a wait, or this request has waited long enough. */
	rateLimit?: { retryAfterSeconds?: number; waitedSeconds?: number };
}

export function parsedBody(body: unknown): unknown {
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
	if (typeof text !== 'string') return text;
	return parsedJson(text) ?? text;
}

/**
 * The failed login behind an error, if any: n8n runs the credential's preAuthentication inside
 * `httpRequestWithAuthentication` and wraps what it throws in a NodeApiError without an HTTP status.
 */
function loginFailureOf(error: unknown): PersonrLoginError | undefined {
	let layer: unknown = error;
	for (let depth = 0; depth < 4 && layer !== undefined && layer !== null; depth++) {
		if (layer instanceof PersonrLoginError) return layer;
		layer = asRecord(layer)?.cause;
	}
	return undefined;
}

/** Status, body and headers of a failed request, whichever layer of n8n wrapped it. */
export function httpFailureOf(error: unknown): HttpFailure {
	const login = loginFailureOf(error);
	if (login !== undefined) return { headers: {}, login };
	const layers = [error, asRecord(error)?.cause, asRecord(asRecord(error)?.cause)?.cause];
	for (const layer of layers) {
		const response = asRecord(asRecord(layer)?.response);
		if (response !== undefined && typeof response.status === 'number') {
			return {
				status: response.status,
				body: parsedBody(response.data),
				headers: asRecord(response.headers) ?? {},
			};
		}
	}
	const record = asRecord(error) ?? {};
	// n8n 1.x: NodeApiError drops its cause; it keeps the status (or a network code) in httpCode and an object body in context.data.
	const httpCode = typeof record.httpCode === 'string' ? record.httpCode : undefined;
	const status = httpCode !== undefined && /^\d{3}$/.test(httpCode) ? Number(httpCode) : undefined;
	const code = [
		record.code,
		asRecord(record.cause)?.code,
		status === undefined ? httpCode : undefined,
	].find((value) => typeof value === 'string' && value !== '') as string | undefined;
	if (status !== undefined) return { status, body: asRecord(record.context)?.data, headers: {} };
	const reported =
		code === undefined && typeof record.message === 'string' && record.message !== ''
			? record.message
			: undefined;
	return { headers: {}, code, ...(reported === undefined ? {} : { reported }) };
}

const LOWER_THE_PACE =
	'Lower Throughput → Parallel Requests or set Throughput → Max Requests per Minute in the Personr node, or send fewer items per run.';

function rateLimitSummary(
	{ retryAfterSeconds, waitedSeconds }: NonNullable<HttpFailure['rateLimit']>,
	said: string,
): string {
	if (retryAfterSeconds !== undefined) {
		return `Personr is limiting requests (HTTP 429)${said} and asked to wait ${Math.round(retryAfterSeconds)} s, longer than the node waits for one answer. ${LOWER_THE_PACE}`;
	}
	const waited = waitedSeconds === undefined ? '' : ` for ${Math.round(waitedSeconds)} s`;
	return `Personr kept limiting requests (HTTP 429)${said}${waited}, longer than the node waits. ${LOWER_THE_PACE}`;
}

function summary(failure: HttpFailure, endpoint: string, reason: string | undefined): string {
	const said = reason === undefined ? '' : `: ${reason}`;
	switch (true) {
		case failure.login !== undefined:
			return (failure.login as PersonrLoginError).message;
		case typeof failure.body === 'string' && failure.status === 200:
			return /^\s*</.test(failure.body as string)
				? `Personr answered ${endpoint} with an HTML page instead of JSON. Check the credential's environment and base URL.`
				: `Personr answered ${endpoint} with malformed JSON.`;
		case failure.status === 200:
			return `Personr reported an error for ${endpoint}${said}.`;
		case failure.status === 401 ||
			(failure.status !== undefined && isTokenRejection(asRecord(failure.body))):
			return `Personr rejected the new token after logging in again (HTTP ${failure.status})${said}. Another login for this Personr user may keep replacing it: give n8n a dedicated Personr user.`;
		case failure.status === 403:
			return `Personr refused access to ${endpoint} (HTTP 403)${said}. The token's user may lack the permission.`;
		case failure.status === 404:
			return `Personr has no endpoint ${endpoint} at this base URL (HTTP 404)${said}. Check the credential's environment and base URL.`;
		case failure.status === 429:
			return rateLimitSummary(failure.rateLimit ?? {}, said);
		case failure.status !== undefined && failure.status >= 500:
			return `Personr failed with a server error (HTTP ${failure.status})${said}. Try again later.`;
		case failure.status !== undefined && failure.status >= 300 && failure.status < 400:
			return `Personr answered ${endpoint} with a redirect (HTTP ${failure.status}), which is not followed so the token is never sent to another host. Check the credential's base URL.`;
		case failure.status !== undefined:
			return `Personr rejected the request to ${endpoint} (HTTP ${failure.status})${said}.`;
		case failure.reported !== undefined:
			// On n8n 2.x the same failure is found as its cause (a failed login, whose message is meant for the user).
			return failure.reported as string;
		default: {
			const network =
				failure.code === undefined
					? undefined
					: (NETWORK_REASONS[failure.code] ?? `network error ${failure.code}`);
			return `Could not reach Personr for ${endpoint}: ${network ?? 'no answer arrived'}.`;
		}
	}
}

/** A readable error for a failed Personr call; no token or password survives in it, nor the raw response. */
export function personrApiError(
	node: INode,
	failure: HttpFailure,
	endpoint: string,
	itemIndex: number,
	secrets: ReadonlyArray<string | undefined> = [],
): NodeApiError {
	const said = personrReason(failure.body);
	// Redacted before it is shortened, so that the cut cannot leave part of a secret behind.
	const reason = said === undefined ? undefined : clipped(redactSecrets(said, secrets));
	const message = redactSecrets(summary(failure, endpoint, reason), secrets);
	const description = reason === undefined ? undefined : `Personr said: ${reason}`;
	// Built from a fresh object: NodeApiError copies a wrapped response body into the execution data.
	return new NodeApiError(
		node,
		{
			message,
			httpCode: failure.status === undefined ? undefined : String(failure.status),
		} as JsonObject,
		{
			itemIndex,
			message,
			description,
			httpCode: failure.status === undefined ? undefined : String(failure.status),
		},
	);
}
