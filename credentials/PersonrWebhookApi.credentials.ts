import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The token Personr sends with each webhook call, checked by the Personr Trigger. Kept in a
 * credential so that it is stored encrypted and not in the workflow. Personr does not document the
 * header's name, hence a field for it.
 */
export class PersonrWebhookApi implements ICredentialType {
	name = 'personrWebhookApi';

	displayName = 'Personr Webhook API';

	icon: Icon = { light: 'file:../icons/personr.svg', dark: 'file:../icons/personr.dark.svg' };

	documentationUrl = 'https://manual.personr.co/api-documentation/';

	properties: INodeProperties[] = [
		{
			displayName:
				"Copy both values from Personr's dashboard → Dev space → Webhooks. The Test button only checks that they can travel in an HTTP header: Personr cannot be asked to confirm them.",
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			placeholder: 'e.g. x-webhook-token',
			default: '',
			required: true,
			description: 'Name of the header Personr sends the webhook token in (not case-sensitive)',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The webhook token Personr generated',
		},
	];
}
