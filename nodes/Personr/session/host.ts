import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { checkBaseUrl } from './baseUrl';

/**
 * What `authenticate` receives. The Personr node passes IHttpRequestOptions (`url`, `baseURL`); the HTTP Request
 * node passes its legacy request options (`uri`, redirect flags), cast to the same type by n8n.
 */
export type SignableRequest = IHttpRequestOptions & {
	uri?: string | { href?: string };
	followRedirect?: boolean;
	followAllRedirects?: boolean;
	sendCredentialsOnCrossOriginRedirect?: boolean;
};

function targetOf(request: SignableRequest): URL | undefined {
	const uri = typeof request.uri === 'string' ? request.uri : request.uri?.href;
	const address = request.url || uri || '';
	const base = request.baseURL;
	if (URL.canParse(address)) return new URL(address);
	if (base !== undefined && URL.canParse(address, base)) return new URL(address, base);
	return undefined;
}

/**
 * Why the credential's token must not go with this request, or undefined when it may. The token belongs to
 * the Personr origin of the credential (scheme, host and port, as a browser judges it): any other address,
 * plain http to an https Personr, or a look-alike host is refused. URL parsing decides the host, so
 * `https://enterprise.personr.co@evil.com` is evil.com.
 */
export function signingRefusal(
	credentials: ICredentialDataDecryptedObject,
	request: SignableRequest,
): string | undefined {
	const base = checkBaseUrl(credentials);
	if ('problem' in base) return base.problem;
	const personr = new URL(base.baseUrl).origin;
	const target = targetOf(request);
	if (target === undefined) {
		return `The Personr API credential signs only requests to ${personr}, and the address of this request could not be read.`;
	}
	if (target.origin === personr) return undefined;
	return (
		`The Personr API credential signs only requests to ${personr}; this request goes to ${target.origin}. ` +
		'Use another credential for other services, or change the URL to the Personr API.'
	);
}

/**
 * The signed request, allowed to leave for Personr's own host only. Redirects are not followed:
 * n8n would copy the Authorization header to wherever Personr's answer points (the HTTP Request node up to
 * version 4.3 does so for every origin), and Personr's API never redirects.
 */
export function onlyToPersonr(
	credentials: ICredentialDataDecryptedObject,
	request: SignableRequest,
): SignableRequest {
	const refusal = signingRefusal(credentials, request);
	if (refusal !== undefined) throw new Error(refusal);
	return {
		...request,
		disableFollowRedirect: true,
		followRedirect: false,
		followAllRedirects: false,
		sendCredentialsOnCrossOriginRedirect: false,
	};
}
