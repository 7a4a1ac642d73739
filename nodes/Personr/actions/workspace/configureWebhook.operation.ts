import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { asJson, requiredString, stringField } from '../../helpers/fields';
import { isToolUse } from '../../helpers/toolUse';
import { configureWebhook } from './webhookConfiguration';

const show = { resource: ['workspace'], operation: ['configureWebhook'] };

export const description: INodeProperties[] = [
	{
		displayName:
			"Personr keeps one webhook per workspace: this replaces the URL (and, with Generate Token, the token) of the credential user's current workspace, whatever received results before. Only a Personr Administrator can. To receive results in n8n, the Personr Trigger's automatic setup does this for you on activation.",
		name: 'configureWebhookNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	stringField(
		show,
		'webhookUrl',
		'Webhook URL',
		'Where Personr should POST every verification result of the workspace',
		'https://example.com/personr-results',
	),
	{
		displayName: 'Generate Token',
		name: 'generateToken',
		type: 'boolean',
		default: true,
		description:
			"Whether Personr generates a new bearer token (the previous one stops being sent). Off: the answer holds the current token, or null if none was ever generated. The token appears in this node's output so that you can hand it to the receiving system; AI tools never see it.",
		displayOptions: { show },
	},
	{
		displayName: 'Send Token in Header',
		name: 'headerToken',
		type: 'boolean',
		default: true,
		description:
			'Whether Personr sends the bearer token in the header of each request (Authorization: Bearer …)',
		displayOptions: { show },
	},
];

function checkedUrl(this: IExecuteFunctions, itemIndex: number): string {
	const value = requiredString.call(this, itemIndex, 'webhookUrl', 'Webhook URL');
	let url: URL | undefined;
	try {
		url = new URL(value);
	} catch {
		url = undefined;
	}
	if (url === undefined || !['http:', 'https:'].includes(url.protocol)) {
		throw new NodeOperationError(
			this.getNode(),
			`"Webhook URL" must be an http:// or https:// URL, got "${value}"`,
			{
				itemIndex,
				description:
					'Personr posts results to this address, so it must be a full web address that Personr can reach.',
			},
		);
	}
	return value;
}

/**
 * A workflow gets Personr's answer as it is, token included: with Generate Token the previous token stops being
 * sent, and the receiving system can only check requests if the workflow can hand it the new one (as Get Token
 * outputs the API token). An AI tool gets only the fields named below, never the token: a model's context is
 * no place for a secret, and it needs none to report what was configured.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const webhookUrl = checkedUrl.call(this, itemIndex);
	const generateToken = this.getNodeParameter('generateToken', itemIndex, true) as boolean;
	const headerToken = this.getNodeParameter('headerToken', itemIndex, true) as boolean;
	const { answer, configuration } = await configureWebhook.call(this, itemIndex, {
		webhookUrl,
		generateToken,
		headerToken,
	});
	if (!isToolUse(this)) return [{ json: asJson(answer) }];
	const forTools: IDataObject = {
		webhookUrl: configuration.webhookUrl ?? webhookUrl,
		tokenInHeader: configuration.tokenInHeader ?? null,
		hasToken: typeof configuration.token === 'string',
		withheld: 'The webhook token is not given to AI tools.',
	};
	if (configuration.workspace !== undefined) forTools.workspace = configuration.workspace;
	return [{ json: forTools }];
}
