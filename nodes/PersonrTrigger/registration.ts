import { NodeOperationError, type IDataObject, type IHookFunctions } from 'n8n-workflow';

import { configureWebhook } from '../Personr/actions/workspace/webhookConfiguration';
import { personrApiRequest } from '../Personr/transport/request';
import { tokenDigest } from './secret';

/** The Authentication value of the automatic setup; the manual ones keep their saved values. */
export const REGISTERED = 'registeredWithPersonr';

/**
 * What the trigger keeps in the workflow's static data. Of the token only its SHA-256: recognising Personr's
 * requests needs no more, and static data is saved with the workflow unencrypted, unlike a credential.
 */
export interface Registration {
	registeredUrl?: string;
	tokenSha256?: string;
	/** Only when known: named in the Workspace parameter or in Personr's answer. */
	workspace?: string;
	registeredAt?: string;
}

export function registrationOf(context: {
	getWorkflowStaticData(type: string): IDataObject;
}): Registration & IDataObject {
	return context.getWorkflowStaticData('node') as Registration & IDataObject;
}

function forget(registration: Registration & IDataObject): void {
	for (const key of ['registeredUrl', 'tokenSha256', 'workspace', 'registeredAt'])
		delete registration[key];
}

export const TEST_URL_NOT_REGISTERED =
	'Listen for test event cannot receive results with the automatic setup: Personr keeps one webhook URL per workspace, and registering the Test URL would take it from the Production URL and leave Personr posting to an address that stops answering after the test. Activate the workflow instead (that registers the Production URL) and look at its executions, or pin sample data to build the rest of the workflow.';

/** "Listen for test event" (and a manual run of the workflow) registers webhooks in manual mode. */
const isTest = (hook: IHookFunctions): boolean => hook.getMode() === 'manual';

function productionUrl(hook: IHookFunctions): string {
	const url = hook.getNodeWebhookUrl('default');
	if (url === undefined)
		throw new NodeOperationError(
			hook.getNode(),
			'n8n gave the Personr Trigger no webhook URL to register',
		);
	return url;
}

/** No read endpoint exists, so what this workflow registered last is all there is to go by. */
export function isRegistered(this: IHookFunctions): boolean {
	if (isTest(this)) return false;
	const registration = registrationOf(this);
	return (
		registration.registeredUrl === productionUrl(this) &&
		typeof registration.tokenSha256 === 'string'
	);
}

async function switchWorkspace(this: IHookFunctions, workspace: string): Promise<string> {
	const answer = await personrApiRequest.call(this, 0, 'api-change-workspace', { workspace });
	const current = (answer as IDataObject | undefined)?.currentWorkspace;
	return typeof current === 'string' && current !== '' ? current : workspace;
}

/**
 * Registers the Production URL with a freshly generated token. Every answer Personr could give that leaves
 * Personr's requests unrecognisable fails the activation, with what is now registered.
 */
export async function register(this: IHookFunctions): Promise<boolean> {
	if (isTest(this)) throw new NodeOperationError(this.getNode(), TEST_URL_NOT_REGISTERED);
	const webhookUrl = productionUrl(this);
	const wanted = String(this.getNodeParameter('workspace', '') ?? '').trim();
	const switched = wanted === '' ? undefined : await switchWorkspace.call(this, wanted);
	const { configuration } = await configureWebhook.call(this, 0, {
		webhookUrl,
		generateToken: true,
		headerToken: true,
	});
	const workspace = configuration.workspace ?? switched;
	const where =
		workspace === undefined
			? "the credential user's current Personr workspace"
			: `Personr workspace "${workspace}"`;
	const fail = (problem: string) =>
		new NodeOperationError(
			this.getNode(),
			`Personr registered ${webhookUrl} for ${where}, but ${problem}`,
			{
				description:
					'Nothing here accepts requests until this is resolved. Try activating again, or use the manual setup.',
			},
		);
	if (configuration.webhookUrl !== undefined && configuration.webhookUrl !== webhookUrl) {
		throw fail(`its answer names another URL (${configuration.webhookUrl}).`);
	}
	if (typeof configuration.token !== 'string')
		throw fail('its answer carries no bearer token to recognise its requests by.');
	if (configuration.tokenInHeader === false)
		throw fail('it says it will not send the token with its requests.');

	const registration = registrationOf(this);
	forget(registration);
	Object.assign(registration, {
		registeredUrl: webhookUrl,
		tokenSha256: tokenDigest(configuration.token),
		registeredAt: new Date().toISOString(),
		...(workspace === undefined ? {} : { workspace }),
	});
	this.logger.info(
		`Personr Trigger: registered ${webhookUrl} as the webhook of ${where}, replacing the URL it had`,
	);
	return true;
}

/**
 * Personr documents no way to remove a webhook, so deactivating only forgets the token: Personr keeps posting
 * to the URL, n8n answers those posts with 404, and the results stay retrievable in Personr.
 */
export function unregister(this: IHookFunctions): boolean {
	const registration = registrationOf(this);
	// Stopping "Listen for test event" comes here too, with the Test URL: it must not forget the production registration.
	if (
		registration.registeredUrl === undefined ||
		registration.registeredUrl !== this.getNodeWebhookUrl('default')
	)
		return true;
	const { registeredUrl, workspace } = registration;
	forget(registration);
	const where =
		workspace === undefined ? 'its Personr workspace' : `Personr workspace "${workspace}"`;
	this.logger.warn(
		`Personr Trigger deactivated: ${registeredUrl} stays registered as the webhook of ${where} (Personr offers no way to remove it), so Personr keeps posting results there and n8n answers 404. Register another URL in Personr (dashboard or Workspace → Configure Webhook) or activate the workflow again.`,
	);
	return true;
}
