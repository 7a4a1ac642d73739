import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { confirmedToken } from '../../transport/tokenCheck';

export const description: INodeProperties[] = [];

/**
 * Uses the token once with a read-only call. Personr drops tokens unused for 30 days, so a scheduled
 * run keeps the token alive; a rejected token is renewed through the credential, as for any call.
 * `valid` is reported only when Personr's answer proves it; anything else is an error.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { token, renewed } = await confirmedToken.call(this, itemIndex);
	return [
		{
			json: {
				valid: true,
				renewed,
				userId: token.userId,
				expiresAt: Number.isFinite(token.expiresAt)
					? new Date(token.expiresAt).toISOString()
					: null,
				checkedAt: new Date().toISOString(),
			},
		},
	];
}
