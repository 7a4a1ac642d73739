import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { checkBaseUrl } from '../../transport/baseUrl';
import { httpFailureOf, personrApiError } from '../../transport/errors';
import { TOKEN_CHECK } from '../../transport/login';

export const description: INodeProperties[] = [];

/**
 * Uses the token once with a read-only call. Personr drops tokens unused for 30 days, so a scheduled
 * run keeps the token alive; a rejected token is renewed by n8n through the credential, as for any call.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const before = await this.getCredentials('personrApi', itemIndex);
	const base = checkBaseUrl(before);
	if ('problem' in base) throw new NodeOperationError(this.getNode(), base.problem, { itemIndex });
	const endpoint = TOKEN_CHECK.endpoint;
	try {
		await this.helpers.httpRequestWithAuthentication.call(
			this,
			'personrApi',
			{ method: 'POST', url: `${base.baseUrl}/${endpoint}`, body: TOKEN_CHECK.body, json: true, disableFollowRedirect: true },
			{ preAuthenticationRetryStatusCode: 401 },
		);
	} catch (error) {
		const failure = httpFailureOf(error);
		// The placeholder applicant does not exist: any answer but 401 means the token was accepted.
		if (failure.status === undefined || failure.status === 401 || failure.status >= 500) {
			throw personrApiError(this.getNode(), failure, endpoint, itemIndex, [before.password as string | undefined]);
		}
	}
	const after = await this.getCredentials('personrApi', itemIndex);
	return [
		{
			json: {
				valid: true,
				renewed: after.token !== before.token,
				userId: after.userId ?? '',
				expiresAt: after.expiresAt === '' ? null : (after.expiresAt ?? null),
				checkedAt: new Date().toISOString(),
			},
		},
	];
}
