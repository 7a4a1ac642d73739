import { NodeApiError, NodeOperationError, type IDataObject } from 'n8n-workflow';

import type { PersonrCaller } from '../../transport/authenticated';
import { isPlainObject } from '../../shared/json';
import { personrApiRequest } from '../../transport/request';

/** https://manual.personr.co/api-documentation/workspaces/webhook-configuration */
export const WEBHOOK_CONFIGURATION_ENDPOINT = 'api-webhook-configuration';

export const ADMINISTRATOR_ONLY =
	"Personr lets only users with the Administrator role configure the webhook. If the credential's Personr user is not an Administrator, give it that role in Personr, or enter the URL in Personr's dashboard (Dev space → Webhooks) and receive results with the Personr Trigger's manual setup.";

export interface WebhookConfigurationRequest {
	webhookUrl: string;
	generateToken: boolean;
	headerToken: boolean;
}

/** What Personr's answer says, read the same way whatever its exact field names. */
export interface WebhookConfiguration {
	webhookUrl?: string;
	/** The bearer token Personr sends; null when none was ever generated; undefined when the answer names none. */
	token?: string | null;
	/** Whether Personr sends the token in the header of each request. */
	tokenInHeader?: boolean;
	/** Only when Personr's answer names it: the page does not say that it does. */
	workspace?: string;
	/** The answer's fields that hold the token, so that output can withhold exactly those. */
	tokenFields: string[];
}

// The page describes the answer in words only ("the webhook endpoint you provided …, the bearer token …, and a
// boolean …"), so every likely spelling counts: keys compare in lower case without spaces, dashes or underscores.
const URL_KEYS = ['webhookurl', 'url', 'endpoint', 'webhookendpoint'];
const TOKEN_KEYS = [
	'token',
	'bearertoken',
	'webhooktoken',
	'authtoken',
	'authorizationtoken',
	'authenticationtoken',
	'webhookbearertoken',
];
const IN_HEADER_KEYS = [
	'headertoken',
	'sendtoken',
	'tokeninheader',
	'sendtokeninheader',
	'sendstoken',
	'tokensent',
];
const WORKSPACE_KEYS = ['workspace', 'currentworkspace', 'workspacename'];
const WRAPPER_KEYS = ['response', 'data', 'result', 'webhook', 'configuration'];

const normalised = (key: string): string => key.toLowerCase().replace(/[^a-z0-9]/g, '');

function knownKeys(record: IDataObject): boolean {
	return Object.keys(record).some((key) => [...URL_KEYS, ...TOKEN_KEYS].includes(normalised(key)));
}

/** The object holding the configuration: the answer itself, its only element, or one wrapper level down. */
export function configurationObject(answer: unknown): IDataObject | undefined {
	let value = answer;
	for (let depth = 0; depth < 3; depth++) {
		if (Array.isArray(value) && value.length === 1) value = value[0];
		if (!isPlainObject(value)) return undefined;
		if (knownKeys(value)) return value;
		const record = value;
		const wrapper = Object.keys(record).find(
			(key) => WRAPPER_KEYS.includes(normalised(key)) && typeof record[key] === 'object',
		);
		if (wrapper === undefined) return undefined;
		value = record[wrapper];
	}
	return undefined;
}

function yesNo(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	const text = String(value).trim().toLowerCase();
	if (['true', 'yes', '1'].includes(text)) return true;
	if (['false', 'no', '0'].includes(text)) return false;
	return undefined;
}

/** A token as Personr would put it in the header: "Bearer x" and "x" are the same token. */
function tokenValue(value: unknown): string | null | undefined {
	if (value === null) return null;
	if (typeof value !== 'string') return undefined;
	const token = value
		.trim()
		.replace(/^Bearer\s+/i, '')
		.trim();
	return token === '' ? null : token;
}

export function readWebhookConfiguration(answer: unknown): WebhookConfiguration {
	const record = configurationObject(answer) ?? {};
	const fields = (keys: string[]) =>
		Object.keys(record).filter((key) => keys.includes(normalised(key)));
	const first = (keys: string[]): unknown => {
		const [key] = fields(keys);
		return key === undefined ? undefined : record[key];
	};
	const url = first(URL_KEYS);
	const workspace = first(WORKSPACE_KEYS);
	const tokenFields = fields(TOKEN_KEYS);
	return {
		webhookUrl: typeof url === 'string' ? url.trim() : undefined,
		token: tokenFields.length === 0 ? undefined : tokenValue(record[tokenFields[0] as string]),
		tokenInHeader: yesNo(first(IN_HEADER_KEYS)),
		workspace:
			typeof workspace === 'string' && workspace.trim() !== '' ? workspace.trim() : undefined,
		tokenFields,
	};
}

/** Personr's answer reports a refusal (as the role check would) rather than an outage or a rate limit. */
function isRefusal(error: NodeApiError): boolean {
	return ['200', '400', '403'].includes(String(error.httpCode));
}

/**
 * Sets the workspace's one webhook. Personr marks all three fields required, so both booleans are always sent.
 * A refusal gets the Administrator hint: the page names the role as the condition, not the error Personr gives.
 */
export async function configureWebhook(
	this: PersonrCaller,
	itemIndex: number,
	request: WebhookConfigurationRequest,
): Promise<{ answer: unknown; configuration: WebhookConfiguration }> {
	try {
		const answer = await personrApiRequest.call(this, itemIndex, WEBHOOK_CONFIGURATION_ENDPOINT, {
			...request,
		});
		return { answer, configuration: readWebhookConfiguration(answer) };
	} catch (error) {
		const failure =
			error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: new NodeOperationError(this.getNode(), error instanceof Error ? error : String(error), {
						itemIndex,
					});
		if (failure instanceof NodeApiError && isRefusal(failure)) {
			failure.description = [failure.description, ADMINISTRATOR_ONLY]
				.filter((part) => part)
				.join(' ');
		}
		throw failure;
	}
}
