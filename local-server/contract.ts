import endpointData from '../contract/endpoints.json';
import webhookData from '../contract/webhooks.json';

/** `required` is Personr's own mark: true "(required)", false "(optional)", null when the page marks nothing. */
export interface DocumentedParam {
	name: string;
	type: string;
	required: boolean | null;
	mark: string;
	/** The name the page's examples send when it differs from the Body table's. */
	examplesSend?: string;
	fields?: DocumentedParam[];
}

export interface DocumentedExchange {
	revision: string;
	encoding?: string;
	status?: number | null;
	body: unknown;
	bodyText?: string;
	reading?: string;
	partial?: boolean;
	page?: string;
	when?: string;
}

export interface DocumentedEndpoint {
	name: string;
	title: string;
	pages: string[];
	auth: 'basic' | 'bearer' | 'none';
	params: DocumentedParam[];
	requests: DocumentedExchange[];
	answers: DocumentedExchange[];
	errors: DocumentedExchange[];
}

export type WebhookForm = 'flat' | 'wrapped';

export interface DocumentedWebhook {
	revision: string;
	form: WebhookForm;
	body: Record<string, unknown>;
	bodyText?: string;
}

export const CONTRACT_ENDPOINTS =
	endpointData.endpoints as unknown as readonly DocumentedEndpoint[];

export const CONTRACT_WEBHOOKS = {
	applicant: webhookData.applicant.revisions as unknown as readonly DocumentedWebhook[],
	entity: webhookData.entity.revisions as unknown as readonly DocumentedWebhook[],
};

const BY_NAME = new Map(CONTRACT_ENDPOINTS.map((endpoint) => [endpoint.name, endpoint]));

export function documentedEndpoint(name: string): DocumentedEndpoint | undefined {
	return BY_NAME.get(name);
}

/** The parameters Personr marks required, in the page's order; Bubble refuses a call without any of them. */
export function requiredParams(endpoint: string): readonly DocumentedParam[] {
	return documentedEndpoint(endpoint)?.params.filter((param) => param.required === true) ?? [];
}
