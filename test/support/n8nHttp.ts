import type { IHttpRequestOptions } from 'n8n-workflow';

import type { HttpRequester } from '../../nodes/Personr/session/login';
import { n8nHttpRequest } from '../harness';

/** n8n's own outbound HTTP client (the one behind `this.helpers.httpRequest`), recording each request. */
export function n8nHttp(): HttpRequester & { requests: IHttpRequestOptions[] } {
	const requests: IHttpRequestOptions[] = [];
	return {
		requests,
		httpRequest: async (options: IHttpRequestOptions) => {
			requests.push(options);
			return await n8nHttpRequest(options);
		},
	};
}
