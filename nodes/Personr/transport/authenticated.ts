import { randomInt } from 'crypto';
import {
	sleep,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestOptions,
} from 'n8n-workflow';

import { httpFailureOf, type HttpFailure } from './errors';
import { reportRejected } from './session';

/** Rounds after n8n's own renewal failed: each re-reads the credential, where another process may have saved a newer token. */
export const MAX_TOKEN_ROUNDS = 3;
const REREAD_JITTER_MS = { min: 100, max: 700 };

/** Who calls Personr: a node run, or the Personr Trigger registering its webhook on activation. */
export type PersonrCaller = IExecuteFunctions | IHookFunctions;

export interface AuthenticatedAnswer {
	answer?: unknown;
	/** The credential as this call used it: after a renewal, with the token n8n saved. */
	credentials: ICredentialDataDecryptedObject;
	/** Why the call failed, when it did; the caller words the error. */
	failure?: HttpFailure;
}

/**
 * One call signed by the Personr API credential. n8n renews the token once on a 401; when even that
 * token is rejected, another process (a queue-mode worker) has probably logged in since, and saved
 * its token in the database: this reports the rejection, waits a short random time, re-reads the
 * credential and tries again, instead of failing the item. `justRead` is the credential as the caller
 * has just read it; n8n renews the token into that object.
 */
export async function authenticatedRequest(
	this: PersonrCaller,
	itemIndex: number,
	options: IHttpRequestOptions,
	justRead?: ICredentialDataDecryptedObject,
): Promise<AuthenticatedAnswer> {
	const stored = this.getNode().credentials?.personrApi;
	for (let round = 0; ; round++) {
		// The caller's fresh read serves the first round; later rounds look for a token saved since.
		const credentials = round === 0 && justRead !== undefined ? justRead : await this.getCredentials('personrApi', itemIndex);
		try {
			const answer: unknown = await this.helpers.httpRequestWithAuthentication.call(this, 'personrApi', options, {
				// The node's own copy, so that the token n8n renews into it can be read back afterwards.
				credentialsDecrypted: { id: stored?.id ?? '', name: stored?.name ?? '', type: 'personrApi', data: credentials },
				preAuthenticationRetryStatusCode: [401],
			});
			return { answer, credentials };
		} catch (error) {
			const failure = httpFailureOf(error);
			const retry = failure.status === 401 || failure.login?.failure === 'undecided';
			if (!retry || round + 1 >= MAX_TOKEN_ROUNDS) return { credentials, failure };
			if (failure.status === 401) await reportRejected(credentials);
			await sleep(randomInt(REREAD_JITTER_MS.min, REREAD_JITTER_MS.max + 1));
		}
	}
}
