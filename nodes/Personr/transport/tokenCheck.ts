import {
	NodeOperationError,
	type IExecuteFunctions,
	type IN8nHttpFullResponse,
} from 'n8n-workflow';

import { authenticatedRequest } from './authenticated';
import { checkBaseUrl } from '../session/baseUrl';
import { parsedBody, personrApiError, type HttpFailure } from './errors';
import { TOKEN_CHECK, tokenVerdict, type PersonrToken } from '../session/login';
import {
	accountFromCredentials,
	credentialSecrets,
	RENEWAL_HEADER,
	savedToken,
} from '../session/session';

export interface ConfirmedToken {
	token: PersonrToken;
	/** Whether the credential now holds another token than before the check. */
	renewed: boolean;
}

/**
 * The credential's token, proven by Personr accepting it in the read-only call. The call goes through
 * n8n's own authentication, so a token obtained on the way (none saved, rejected, or `renewAfter`
 * asked for one from a login since then) is saved in the credential like any renewal.
 */
export async function confirmedToken(
	this: IExecuteFunctions,
	itemIndex: number,
	renewAfter?: number,
): Promise<ConfirmedToken> {
	const before = await this.getCredentials('personrApi', itemIndex);
	const base = checkBaseUrl(before);
	if ('problem' in base) throw new NodeOperationError(this.getNode(), base.problem, { itemIndex });
	const endpoint = TOKEN_CHECK.endpoint;
	// Taken now: n8n renews the token into `before` itself.
	const tokenBefore = before.token;
	// Status answers come back unthrown first: the placeholder applicant's JSON 4xx must not make n8n renew (it
	// renews on every status a rejection may carry). A token the answer rejects is sent once more, thrown this time,
	// through n8n's renewal. A forced renewal is rejected by design, so it goes through the renewal at once.
	const call = async (throwing: boolean) => {
		const used = await authenticatedRequest.call(
			this,
			itemIndex,
			{
				method: 'POST',
				url: `${base.baseUrl}/${endpoint}`,
				body: TOKEN_CHECK.body,
				json: true,
				disableFollowRedirect: true,
				ignoreHttpStatusErrors: !throwing,
				returnFullResponse: !throwing,
				headers: renewAfter === undefined ? {} : { [RENEWAL_HEADER]: String(renewAfter) },
			},
			before,
		);
		if (used.failure !== undefined) return { credentials: used.credentials, failure: used.failure };
		const full = throwing ? undefined : (used.answer as IN8nHttpFullResponse);
		const answered: HttpFailure = {
			status: full?.statusCode ?? 200,
			body: parsedBody(full === undefined ? used.answer : full.body),
			headers: full?.headers ?? {},
		};
		// Only a 2xx that is Personr's JSON (an HTML page answers 200 too) needs no further look.
		const settled =
			answered.status !== undefined &&
			answered.status < 300 &&
			tokenVerdict(answered.status, answered.body).kind === 'accepted';
		return { credentials: used.credentials, failure: settled ? undefined : answered };
	};
	let used = await call(renewAfter !== undefined);
	if (
		renewAfter === undefined &&
		used.failure?.status !== undefined &&
		tokenVerdict(used.failure.status, used.failure.body).kind === 'rejected'
	) {
		used = await call(true);
	}
	const { failure } = used;
	// The placeholder applicant does not exist: Personr's JSON 4xx other than a rejection accepts the token too.
	if (
		failure !== undefined &&
		(failure.login !== undefined || tokenVerdict(failure.status, failure.body).kind !== 'accepted')
	) {
		// Read after the call: a renewal on the way put a new token in the credential.
		const secrets = [...credentialSecrets(used.credentials), String(tokenBefore ?? '')];
		throw personrApiError(this.getNode(), failure, endpoint, itemIndex, secrets);
	}
	const token = await savedToken(used.credentials, accountFromCredentials(used.credentials));
	if (token === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			'Personr accepted the token, but the credential holds none for this account.',
			{ itemIndex },
		);
	}
	return { token, renewed: token.token !== tokenBefore };
}
