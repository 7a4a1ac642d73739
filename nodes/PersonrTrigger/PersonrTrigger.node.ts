import {
	NodeConnectionTypes,
	NodeOperationError,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IHookFunctions,
	type INodeCredentialTestResult,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { properties } from './description';
import { readNotification } from './notification';
import { reply, type WebhookResponse } from './reply';
import { isRegistered, register, registrationOf, REGISTERED, unregister } from './registration';
import { bearerMatches, readWebhookSecret, tokenMatches } from './secret';

function authenticationOf(context: IHookFunctions | IWebhookFunctions): string {
	return context.getNodeParameter('authentication', 'headerToken') as string;
}

/** Whether the request may start a run, as the node's Authentication says. */
async function isAuthorized(this: IWebhookFunctions): Promise<boolean> {
	const authentication = authenticationOf(this);
	if (authentication === REGISTERED) {
		const { tokenSha256 } = registrationOf(this);
		// Without a registration (never activated) no request can be Personr's.
		return typeof tokenSha256 === 'string' && bearerMatches(this.getHeaderData(), tokenSha256);
	}
	if (authentication !== 'headerToken') return true;
	const secret = readWebhookSecret(await this.getCredentials('personrWebhookApi'));
	// A misconfigured credential is the workflow owner's problem: fail the run where they can see it.
	if (typeof secret === 'string')
		throw new NodeOperationError(this.getNode(), `Personr Webhook credential: ${secret}`);
	return tokenMatches(this.getHeaderData(), secret);
}

export class PersonrTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Personr Trigger',
		name: 'personrTrigger',
		icon: { light: 'file:../../icons/personr.svg', dark: 'file:../../icons/personr.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["resources"].join(", ") + " results" }}',
		// n8n shows this text for the Personr node and this trigger together in its node panel.
		description:
			'Identity verification, KYC/AML and KYB with Personr: starts a workflow when a verification result arrives',
		defaults: { name: 'Personr Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'personrWebhookApi',
				required: true,
				testedBy: 'personrWebhookApiTest',
				displayOptions: { show: { authentication: ['headerToken'] } },
			},
			{
				name: 'personrApi',
				required: true,
				displayOptions: { show: { authentication: [REGISTERED] } },
			},
		],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties,
	};

	methods = {
		credentialTest: {
			// Personr offers no endpoint to check a webhook token against, so this can only prove that the
			// header name and token are usable: that a request could ever carry them.
			async personrWebhookApiTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const secret = readWebhookSecret(credential.data ?? {});
				if (typeof secret === 'string') return { status: 'Error', message: secret };
				return {
					status: 'OK',
					message: 'Header name and token are usable. Personr cannot be asked to confirm them.',
				};
			},
		},
	};

	// With the manual setup the URL is entered in Personr's dashboard by hand: nothing to check, create or delete.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return authenticationOf(this) === REGISTERED ? isRegistered.call(this) : true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return authenticationOf(this) === REGISTERED ? await register.call(this) : true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return authenticationOf(this) === REGISTERED ? unregister.call(this) : true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const response = this.getResponseObject() as WebhookResponse;

		if (!(await isAuthorized.call(this)))
			return reply(response, 401, { received: false, error: 'Unauthorized' });

		// The raw bytes keep what n8n's parsed body cannot: every value of a key sent twice, a body sent as text.
		const { rawBody } = this.getRequestObject() as { rawBody?: Buffer };
		const notification = readNotification(this.getBodyData(), rawBody, new Date().toISOString());
		if ('problem' in notification)
			return reply(response, 400, { received: false, error: notification.problem });

		const resources = this.getNodeParameter('resources', []) as string[];
		const answers = this.getNodeParameter('reviewAnswers', []) as string[];
		if (!resources.includes(notification.resource) || !answers.includes(notification.answer)) {
			// Still a 200: Personr delivered correctly, this workflow just does not want this result.
			return reply(response, 200, { received: true, ignored: true });
		}

		reply(response, 200, { received: true });
		return {
			noWebhookResponse: true,
			workflowData: [this.helpers.returnJsonArray(notification.item)],
		};
	}
}
