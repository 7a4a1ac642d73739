import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { DEVELOPMENT_BASE_URL, LIVE_BASE_URL } from '../nodes/Personr/session/baseUrl';
import { onlyToPersonr } from '../nodes/Personr/session/host';
import { TOKEN_CHECK } from '../nodes/Personr/session/login';
import { preAuthenticate, signRequest } from '../nodes/Personr/session/session';

export class PersonrApi implements ICredentialType {
	name = 'personrApi';

	displayName = 'Personr API';

	icon: Icon = { light: 'file:../icons/personr.svg', dark: 'file:../icons/personr.dark.svg' };

	documentationUrl = 'https://manual.personr.co/api-documentation/';

	properties: INodeProperties[] = [
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'e.g. n8n-service@company.com',
			default: '',
			required: true,
			description:
				'Email of the Personr user the API token is generated for. A dedicated service account is recommended.',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Live', value: 'live', description: LIVE_BASE_URL },
				{ name: 'Development', value: 'development', description: DEVELOPMENT_BASE_URL },
				{ name: 'Custom', value: 'custom', description: 'Another Personr-compatible base URL' },
			],
			default: 'live',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			placeholder: 'e.g. https://enterprise.personr.co/api/1.1/wf',
			default: '',
			required: true,
			description: 'Root of the workflow API, ending in /api/1.1/wf (http or https)',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Login Method',
			name: 'loginMethod',
			type: 'options',
			options: [
				{
					name: 'Basic Authentication',
					value: 'basicAuth',
					description:
						'POST api-basic-auth with an Authorization: Basic header (recommended by Personr)',
				},
				{
					name: 'Body Parameters',
					value: 'bodyParameters',
					description: 'POST api-token-generate with email and password as form fields',
				},
			],
			default: 'basicAuth',
		},
		{
			displayName:
				'Generating a token invalidates the previous one. n8n shares one token per account and renews it by itself; avoid using the same Personr user elsewhere.',
			name: 'renewalNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'User ID',
			name: 'userId',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Expires At',
			name: 'expiresAt',
			type: 'hidden',
			default: '',
		},
		{
			// Binds the saved token to the account that obtained it (see session/binding.ts).
			displayName: 'Token Account',
			name: 'tokenAccount',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
	];

	/** n8n calls this when the token is empty, after a failed request, and when the credential is tested. */
	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		return await preAuthenticate(this.helpers, credentials);
	}

	// A function rather than n8n's generic `=Bearer {{$credentials.token}}`: evaluating that expression
	// on every request is most of the per-item cost of a call (measured in bench/RESULTS.md).
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		// Signed first, so that n8n's renewal after a refused request knows this credential was in use.
		return onlyToPersonr(credentials, await signRequest(credentials, requestOptions));
	}

	// preAuthentication has just logged in (a Test always does); this proves Personr accepts the token. Status errors are
	// ignored because only Bubble's "Unauthorized" body means a rejected token (an unknown applicant is fine).
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{$credentials.environment === "custom" ? String($credentials.baseUrl).trim().replace(/\\/+$/, "") : ($credentials.environment === "development" ? "${DEVELOPMENT_BASE_URL}" : "${LIVE_BASE_URL}")}}`,
			url: `/${TOKEN_CHECK.endpoint}`,
			method: 'POST',
			body: TOKEN_CHECK.body,
			json: true,
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error_class',
					value: 'Unauthorized',
					message:
						'Personr logged in but then rejected the new token. Another login for this user may have replaced it: try again.',
				},
			},
		],
	};
}
