import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
} from 'n8n-workflow';

import { authenticatedRequest, type PersonrCaller } from './authenticated';
import { checkBaseUrl } from '../session/baseUrl';
import { isPlainObject } from '../shared/json';
import { parsedBody, personrApiError, type HttpFailure } from './errors';
import { tokenVerdict } from '../session/login';
import {
	MAX_RATE_LIMIT_WAIT_SECONDS,
	MAX_RETRY_AFTER_SECONDS,
	pacingKey,
	rateLimited,
	takeTurn,
} from './pacing';
import { credentialSecrets } from '../session/session';
import { throughputOf } from './throughput';
import { enterWindow } from './window';

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

/** Form fields as Bubble reads them: lists as repeated keys, objects as `name[key]`. */
export function formEncoded(body: PersonrBody): string {
	const form = new URLSearchParams();
	const add = (name: string, value: unknown): void => {
		if (value === undefined || value === null) return;
		if (Array.isArray(value)) for (const entry of value) add(name, entry);
		else if (isPlainObject(value))
			for (const [key, inner] of Object.entries(value)) add(`${name}[${key}]`, inner);
		else form.append(name, String(value));
	};
	for (const [name, value] of Object.entries(body)) add(name, value);
	return form.toString();
}

type Attempt = ({ answer: unknown; failure?: undefined } | { failure: HttpFailure }) & {
	/** The credential as the attempt used it: after a renewal, with the new token. */
	credentials: ICredentialDataDecryptedObject;
};

/** One attempt: the answer, or what went wrong. Status errors come back as answers so that their headers survive on n8n 1.x. */
async function attempt(
	this: PersonrCaller,
	itemIndex: number,
	options: IHttpRequestOptions,
	justRead: ICredentialDataDecryptedObject | undefined,
): Promise<Attempt> {
	const { answer, failure, credentials } = await authenticatedRequest.call(
		this,
		itemIndex,
		options,
		justRead,
	);
	if (failure !== undefined) return { failure, credentials };
	const response = answer as IN8nHttpFullResponse;
	if (response.statusCode < 300) return { answer: response.body, credentials };
	return {
		failure: {
			status: response.statusCode,
			body: parsedBody(response.body),
			headers: response.headers,
		},
		credentials,
	};
}

/**
 * POSTs to a Personr endpoint with the credential's token, at the pace Personr allows this account.
 * Returns Personr's answer with the `{"status":"success","response":…}` envelope removed.
 */
export async function personrApiRequest(
	this: PersonrCaller,
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
		...(form
			? {
					body: formEncoded(body),
					headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				}
			: { body }),
		json: true,
		timeout: REQUEST_TIMEOUT_MS,
		// A redirect could carry the Bearer token to another host.
		disableFollowRedirect: true,
		ignoreHttpStatusErrors: true,
		returnFullResponse: true,
	};
	// Grows with every token an attempt used: a renewal puts a new one in the credential, and Personr may echo it.
	const secrets = credentialSecrets(credentials);
	const pacing = pacingKey(base.baseUrl, String(credentials.email ?? ''));
	const { maxInFlight, maxPerMinute } = throughputOf(this);
	let limitedSince: number | undefined;
	let renewed = false;
	let renewNow = false;

	// Read above for the first attempt; a later one (after a pause or a renewal) reads the credential again.
	let justRead: ICredentialDataDecryptedObject | undefined = credentials;
	for (;;) {
		// A place in the window first, then a turn: a request waiting for room does not hold a start time the pacer reserved.
		const slot = await enterWindow(pacing, maxInFlight);
		let outcome: Awaited<ReturnType<typeof attempt>>;
		let turn;
		try {
			turn = await takeTurn(pacing, maxPerMinute);
			const sentAt = Date.now();
			outcome = await attempt.call(
				this,
				itemIndex,
				renewNow ? { ...options, ignoreHttpStatusErrors: false } : options,
				justRead,
			);
			const status = outcome.failure?.status;
			slot.leave(
				status === 429
					? 'rateLimited'
					: status === undefined
						? { answerMs: Date.now() - sentAt }
						: undefined,
			);
		} finally {
			slot.leave();
		}
		justRead = undefined;
		renewNow = false;
		secrets.push(
			...credentialSecrets(outcome.credentials).filter((secret) => !secrets.includes(secret)),
		);
		const { failure } = outcome;
		if (failure === undefined)
			return unwrap.call(this, outcome.answer, endpoint, itemIndex, secrets);

		if (failure.status === 429) {
			const retryAfter = retryAfterSeconds(failure.headers);
			limitedSince ??= Date.now();
			const waitedSeconds = (Date.now() - limitedSince) / 1000;
			// Every request of the account pauses, whether or not this one waits the pause out.
			const pauseSeconds = rateLimited(pacing, turn, retryAfter) / 1000;
			if (retryAfter !== undefined && retryAfter > MAX_RETRY_AFTER_SECONDS) {
				throw personrApiError(
					this.getNode(),
					{ ...failure, rateLimit: { retryAfterSeconds: retryAfter } },
					endpoint,
					itemIndex,
					secrets,
				);
			}
			if (waitedSeconds + pauseSeconds > MAX_RATE_LIMIT_WAIT_SECONDS) {
				throw personrApiError(
					this.getNode(),
					{ ...failure, rateLimit: { waitedSeconds } },
					endpoint,
					itemIndex,
					secrets,
				);
			}
			continue;
		}

		// Status errors are not thrown, so n8n's own renewal has not run yet: when Personr's answer rejects the token
		// (a 401, or Bubble's "Invalid or expired token" with any status), send once more through it.
		if (!renewed && tokenVerdict(failure.status, failure.body).kind === 'rejected') {
			renewed = renewNow = true;
			continue;
		}

		throw personrApiError(this.getNode(), failure, endpoint, itemIndex, secrets);
	}
}

function unwrap(
	this: PersonrCaller,
	answer: unknown,
	endpoint: string,
	itemIndex: number,
	secrets: ReadonlyArray<string | undefined>,
): unknown {
	// n8n hands over raw text when the body is not JSON; Personr also reports some failures with HTTP 200.
	if (typeof answer === 'string' || (isPlainObject(answer) && answer.status === 'error')) {
		throw personrApiError(
			this.getNode(),
			{ status: 200, body: answer, headers: {} },
			endpoint,
			itemIndex,
			secrets,
		);
	}
	if (isPlainObject(answer) && answer.status === 'success' && 'response' in answer)
		return answer.response;
	return answer;
}
