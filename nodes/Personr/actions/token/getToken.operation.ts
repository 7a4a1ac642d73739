import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { confirmedToken, type ConfirmedToken } from '../../transport/tokenCheck';
import { withheldFromTools } from '../../helpers/toolUse';
import type { RunContext } from '../types';

export const description: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { resource: ['token'], operation: ['getToken'] } },
		options: [
			{
				displayName: 'Force New Token',
				name: 'forceNewToken',
				type: 'boolean',
				default: false,
				description:
					'Whether to log in anew even if the credential holds a token. Warning: Personr then invalidates the previous token, so anything still using it (other workflows, other tools) stops working until it renews.',
			},
		],
	},
];

/**
 * One read-only check serves every item of the run: 10,000 items must not cost 10,000 calls against Personr's
 * rate limit. An item that met another item's failed check makes its own, so its error names its own item.
 */
async function checkedOncePerRun(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
	renewAfter?: number,
): Promise<ConfirmedToken> {
	const key = String(renewAfter ?? '');
	const shared = run.tokenChecks.get(key);
	if (shared !== undefined) {
		try {
			return await shared;
		} catch {
			return await confirmedToken.call(this, itemIndex, renewAfter);
		}
	}
	const own = confirmedToken.call(this, itemIndex, renewAfter);
	run.tokenChecks.set(key, own);
	own.catch(() => run.tokenChecks.delete(key));
	return await own;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const forceNewToken = this.getNodeParameter('options.forceNewToken', itemIndex, false) as boolean;
	// Forcing means "from a login since this node run started", so many items still share one login.
	const { token } = await checkedOncePerRun.call(
		this,
		itemIndex,
		run,
		forceNewToken ? run.startedAt : undefined,
	);
	const knownExpiry = Number.isFinite(token.expiresAt);
	return [
		{
			json: withheldFromTools(
				this,
				{
					token: token.token,
					userId: token.userId,
					expiresAt: knownExpiry ? new Date(token.expiresAt).toISOString() : null,
					expiresIn: knownExpiry
						? Math.max(0, Math.floor((token.expiresAt - Date.now()) / 1000))
						: null,
					authorizationHeader: `Bearer ${token.token}`,
				},
				['token', 'authorizationHeader'],
			),
		},
	];
}
