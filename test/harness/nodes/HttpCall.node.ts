/* eslint-disable @n8n/community-nodes/no-deprecated-workflow-functions, @n8n/community-nodes/icon-validation -- a stand-in for n8n's HTTP Request node, which uses the deprecated request helpers; never listed in n8n */
import {
	ExecutionBaseError,
	NodeApiError,
	NodeConnectionTypes,
	jsonParse,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IRequestOptions,
	type JsonObject,
} from 'n8n-workflow';

/**
 * What n8n's HTTP Request node (v4) does, reduced to the parts that matter for credentials:
 * - every item's request is started before any is awaited (no batching by default), so
 *   parallel items race through preAuthentication exactly as in n8n;
 * - with a predefined credential type it goes through the deprecated
 *   `helpers.requestWithAuthentication`, which re-runs preAuthentication and retries once on
 *   ANY error, not just 401;
 * - with `authentication: 'none'` it uses `helpers.request` with the `headers` parameter
 *   (an object or a JSON string; values may be expressions such as `={{ $json.authorization }}`);
 * - with continueOnFail, a failed item becomes `{ json: { error }, pairedItem }`.
 *
 * The real node has full access to every credential type; a test node does not, so it is
 * constructed with the names of the types it may use (runWorkflow passes all it was given).
 */
export class HttpCall implements INodeType {
	description: INodeTypeDescription;

	constructor(credentialTypeNames: string[] = []) {
		this.description = {
			displayName: 'Test HTTP Call',
			name: 'httpCall',
			group: ['output'],
			version: 1,
			description: 'Makes an HTTP request the way the HTTP Request node does',
			defaults: { name: 'HTTP Call' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: credentialTypeNames.map((name) => ({ name, required: false })),
			properties: [
				{
					displayName: 'Authentication',
					name: 'authentication',
					type: 'options',
					options: [
						{ name: 'None', value: 'none' },
						{ name: 'Predefined Credential Type', value: 'predefinedCredentialType' },
					],
					default: 'none',
				},
				{
					displayName: 'Credential Type',
					name: 'credentialType',
					type: 'string',
					default: '',
					displayOptions: { show: { authentication: ['predefinedCredentialType'] } },
				},
				{ displayName: 'Method', name: 'method', type: 'string', default: 'GET' },
				{ displayName: 'URL', name: 'url', type: 'string', default: '' },
				{ displayName: 'Headers', name: 'headers', type: 'json', default: '{}' },
				{ displayName: 'Body', name: 'body', type: 'json', default: '' },
			],
		};
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const authentication = this.getNodeParameter('authentication', 0) as string;
		const credentialType =
			authentication === 'predefinedCredentialType'
				? (this.getNodeParameter('credentialType', 0) as string)
				: undefined;

		const requests: Array<Promise<unknown>> = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const headers = asObject(this.getNodeParameter('headers', itemIndex, {}));
			const body = this.getNodeParameter('body', itemIndex, '') as string | IDataObject;
			const options: IRequestOptions = {
				method: this.getNodeParameter('method', itemIndex) as IHttpRequestMethods,
				uri: this.getNodeParameter('url', itemIndex) as string,
				headers,
				json: true,
			};
			if (body !== '') options.body = typeof body === 'string' ? jsonParse(body) : body;

			const request = credentialType
				? this.helpers.requestWithAuthentication.call(
						this,
						credentialType,
						options,
						undefined,
						itemIndex,
					)
				: this.helpers.request(options);
			// Settled below; without this an early rejection is reported as unhandled.
			request.catch(() => {});
			requests.push(request);
		}

		const results = await Promise.allSettled(requests);
		const returnItems: INodeExecutionData[] = [];
		results.forEach((result, itemIndex) => {
			const pairedItem = { item: itemIndex };
			if (result.status === 'rejected') {
				if (!this.continueOnFail()) {
					if (result.reason instanceof ExecutionBaseError) throw result.reason;
					throw new NodeApiError(this.getNode(), result.reason as JsonObject, { itemIndex });
				}
				returnItems.push({ json: { error: result.reason as IDataObject }, pairedItem });
				return;
			}
			const response = result.value;
			const bodies = Array.isArray(response) ? response : [response];
			for (const json of bodies) {
				returnItems.push({
					json: typeof json === 'object' && json !== null ? (json as IDataObject) : { data: json },
					pairedItem,
				});
			}
		});
		return [returnItems];
	}
}

function asObject(value: unknown): IDataObject {
	if (typeof value === 'string') return value.trim() === '' ? {} : jsonParse<IDataObject>(value);
	return (value ?? {}) as IDataObject;
}
