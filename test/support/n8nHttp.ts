import 'reflect-metadata';
import { OutboundHttp } from '@n8n/backend-network';
import { Container } from '@n8n/di';
import type { IHttpRequestOptions } from 'n8n-workflow';

import type { HttpRequester } from '../../nodes/Personr/transport/login';

/** n8n's own outbound HTTP client, the one behind `this.helpers.httpRequest` in n8n 2.x. */
export function n8nHttp(): HttpRequester & { requests: IHttpRequestOptions[] } {
	const requests: IHttpRequestOptions[] = [];
	return {
		requests,
		httpRequest: async (options: IHttpRequestOptions) => {
			requests.push(options);
			return await Container.get(OutboundHttp).requests().request(options);
		},
	};
}
