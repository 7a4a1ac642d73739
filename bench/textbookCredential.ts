import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import { PersonrApi } from '../credentials/PersonrApi.credentials';
import { checkBaseUrl } from '../nodes/Personr/session/baseUrl';

/**
 * The baseline: the credential a user would write by following n8n's built-in Metabase credential.
 * Same fields and header as the package's credential, but preAuthentication simply logs in every time
 * n8n asks (empty token or a rejected request): no sharing between concurrent callers, no check of the
 * held token, no memory of the newest one.
 */
export class PersonrTextbookApi implements ICredentialType {
	name = 'personrTextbookApi';

	displayName = 'Personr API (textbook login)';

	properties: INodeProperties[] = new PersonrApi().properties;

	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		const base = checkBaseUrl(credentials);
		if ('problem' in base) throw new Error(base.problem);
		const basic = Buffer.from(
			`${String(credentials.email)}:${String(credentials.password)}`,
			'utf8',
		).toString('base64');
		const answer = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${base.baseUrl}/api-basic-auth`,
			headers: { Authorization: `Basic ${basic}` },
			json: true,
		})) as { response: { token: string } };
		return { token: answer.response.token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.token}}' } },
	};
}

/**
 * The textbook credential registered under the name the Personr node asks for ('personrApi'). The node's
 * transport hard-codes that name, so this is how the node runs with the baseline login behaviour; each
 * benchmark run has its own credential registry, so it never sits next to the real one.
 */
export function textbookAsPersonrApi(): PersonrTextbookApi {
	const credential = new PersonrTextbookApi();
	credential.name = 'personrApi';
	return credential;
}
