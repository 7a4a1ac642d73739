import { randomBytes } from 'crypto';

import { invalidData } from '../bubble-errors';
import type { WebhookConfig } from '../checks';
import type { AccountState, Subject } from '../state';
import type { Reply } from '../types';
import { flag, given, success, type CallContext, type Handler } from './context';

/** https://manual.personr.co/api-documentation/workspaces/webhook-configuration */
export const ADMINISTRATOR = 'Administrator';

/** One per workspace of an account: "Personr supports one webhook endpoint per account/workspace". */
export interface RegisteredWebhook {
	url: string;
	/** null until a token is generated for this workspace. */
	token: string | null;
	/** Whether the token is sent, as `Authorization: Bearer <token>`, with each result. */
	headerToken: boolean;
}

/**
 * The page does not say how a non-Administrator is refused. This server answers as api-change-workspace
 * reports its failures: HTTP 200 with `status: "error"`. The node reads any refusal the same way.
 */
const NOT_ADMINISTRATOR: Reply = {
	status: 200,
	body: {
		status: 'error',
		response: 'This endpoint can only be used by users with the Administrator role',
	},
};

const newWebhookToken = (): string => `whk_${randomBytes(24).toString('base64url')}`;

function checkedUrl(value: string): string {
	let url: URL | undefined;
	try {
		url = new URL(value.trim());
	} catch {
		url = undefined;
	}
	if (url === undefined || !['http:', 'https:'].includes(url.protocol))
		throw invalidData(`webhookUrl is not a valid URL: ${value}`);
	return value.trim();
}

/**
 * Sets the URL of the token user's current workspace, replacing the previous one. The answer carries what the
 * page lists: the URL, the token (a new one with generateToken, else the current one or null) and the flag.
 */
function configureWebhook(ctx: CallContext): Reply {
	if (ctx.account.role !== ADMINISTRATOR) return NOT_ADMINISTRATOR;
	// webhookUrl, generateToken and headerToken are marked required: a call without one was refused before this ran.
	const webhookUrl = checkedUrl(given(ctx, 'webhookUrl'));
	const previous = ctx.account.webhooks.get(ctx.account.currentWorkspace);
	const registered: RegisteredWebhook = {
		url: webhookUrl,
		token: flag(ctx.params, 'generateToken') ? newWebhookToken() : (previous?.token ?? null),
		headerToken: flag(ctx.params, 'headerToken'),
	};
	ctx.account.webhooks.set(ctx.account.currentWorkspace, registered);
	return success({
		webhookUrl: registered.url,
		token: registered.token,
		headerToken: registered.headerToken,
	});
}

export const webhookConfigurationEndpoints: Record<string, Handler> = {
	'api-webhook-configuration': configureWebhook,
};

/** Where a subject's result goes when its workspace has a registered webhook, and with which header. */
export function registeredTarget(
	account: AccountState | undefined,
	subject: Subject,
): WebhookConfig | undefined {
	const registered = account?.webhooks.get(subject.workspace);
	if (registered === undefined) return undefined;
	const withToken = registered.headerToken && registered.token !== null;
	return withToken
		? { url: registered.url, headerName: 'Authorization', token: `Bearer ${registered.token}` }
		: { url: registered.url };
}
