import { randomInt } from 'crypto';
import {
	sleep,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestOptions,
} from 'n8n-workflow';

import { httpFailureOf, type HttpFailure } from './errors';
import { TOKEN_REJECTION_STATUSES, tokenVerdict } from '../session/login';
import { lendingStoredReader, reportRejected } from '../session/session';

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
 * One call signed by the Personr API credential. n8n renews the token once when Personr rejects it (n8n 2.40+: on
 * every status Bubble's rejection may come with; n8n 1.x: on a 401 only). When even that token is rejected,
 * another process (a queue-mode worker) has probably logged in since, and saved its token in the database: this
 * reports the rejection, waits a short random time, re-reads the credential and tries again, instead of failing
 * the item. When n8n did not renew at all (n8n 1.x and a rejection with another status than 401), the next round
 * sends the credential without its token, which makes n8n ask the credential for one and save it. `justRead` is
 * the credential as the caller has just read it; n8n renews the token into that object.
 */
export async function authenticatedRequest(
	this: PersonrCaller,
	itemIndex: number,
	options: IHttpRequestOptions,
	justRead?: ICredentialDataDecryptedObject,
): Promise<AuthenticatedAnswer> {
	const stored = this.getNode().credentials?.personrApi;
	/** A token Personr rejected and n8n did not replace. */
	let unreplaced: unknown;
	for (let round = 0; ; round++) {
		// The caller's fresh read serves the first round; later rounds look for a token saved since.
		let credentials =
			round === 0 && justRead !== undefined
				? justRead
				: await this.getCredentials('personrApi', itemIndex);
		if (unreplaced !== undefined && credentials.token === unreplaced)
			credentials = { ...credentials, token: '' };
		const sent = credentials.token;
		try {
			// While n8n renews, this run can read the database for the renewal: see session.ts.
			const readStored = async () => await this.getCredentials('personrApi', itemIndex);
			const answer: unknown = await lendingStoredReader(
				credentials,
				readStored,
				async () =>
					await this.helpers.httpRequestWithAuthentication.call(this, 'personrApi', options, {
						// The node's own copy, so that the token n8n renews into it can be read back afterwards.
						credentialsDecrypted: {
							id: stored?.id ?? '',
							name: stored?.name ?? '',
							type: 'personrApi',
							data: credentials,
						},
						preAuthenticationRetryStatusCode: TOKEN_REJECTION_STATUSES,
					}),
			);
			return { answer, credentials };
		} catch (error) {
			const failure = httpFailureOf(error);
			const rejected =
				failure.status !== undefined &&
				tokenVerdict(failure.status, failure.body).kind === 'rejected';
			const retry = rejected || failure.login?.failure === 'undecided';
			if (!retry || round + 1 >= MAX_TOKEN_ROUNDS) return { credentials, failure };
			if (rejected) {
				await reportRejected(credentials);
				unreplaced = credentials.token === sent && sent !== '' ? sent : undefined;
			}
			await sleep(randomInt(REREAD_JITTER_MS.min, REREAD_JITTER_MS.max + 1));
		}
	}
}
