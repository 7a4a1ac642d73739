import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { authenticatedRequest } from './authenticated';
import { checkBaseUrl } from './baseUrl';
import { personrApiError } from './errors';
import { TOKEN_CHECK, tokenVerdict, type PersonrToken } from './login';
import { accountFromCredentials, credentialSecrets, RENEWAL_HEADER, savedToken } from './session';

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
export async function confirmedToken(this: IExecuteFunctions, itemIndex: number, renewAfter?: number): Promise<ConfirmedToken> {
	const before = await this.getCredentials('personrApi', itemIndex);
	const base = checkBaseUrl(before);
	if ('problem' in base) throw new NodeOperationError(this.getNode(), base.problem, { itemIndex });
	const endpoint = TOKEN_CHECK.endpoint;
	// Taken now: n8n renews the token into `before` itself.
	const tokenBefore = before.token;
	const used = await authenticatedRequest.call(this, itemIndex, {
		method: 'POST',
		url: `${base.baseUrl}/${endpoint}`,
		body: TOKEN_CHECK.body,
		json: true,
		disableFollowRedirect: true,
		headers: renewAfter === undefined ? {} : { [RENEWAL_HEADER]: String(renewAfter) },
	}, before);
	const { failure } = used;
	// The placeholder applicant does not exist: Personr's JSON 4xx other than 401 accepts the token too.
	if (failure !== undefined && (failure.login !== undefined || tokenVerdict(failure.status, failure.body).kind !== 'accepted')) {
		// Read after the call: a renewal on the way put a new token in the credential.
		const secrets = [...credentialSecrets(used.credentials), String(tokenBefore ?? '')];
		throw personrApiError(this.getNode(), failure, endpoint, itemIndex, secrets);
	}
	const token = await savedToken(used.credentials, accountFromCredentials(used.credentials));
	if (token === undefined) {
		throw new NodeOperationError(this.getNode(), 'Personr accepted the token, but the credential holds none for this account.', { itemIndex });
	}
	return { token, renewed: token.token !== tokenBefore };
}
