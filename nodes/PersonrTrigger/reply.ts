import type { IDataObject, IWebhookResponseData } from 'n8n-workflow';

/** The part of the response object used here: plain Node.js, which n8n's Express response extends. */
export interface WebhookResponse {
	writeHead(status: number, headers: Record<string, string>): unknown;
	end(body: string): unknown;
}

/**
 * Writes the answer itself: n8n's own reply when a trigger starts a run differs between versions
 * and depends on response settings a trigger does not declare. This way Personr always gets JSON.
 */
export function reply(
	response: WebhookResponse,
	status: number,
	body: IDataObject,
): IWebhookResponseData {
	response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
	response.end(JSON.stringify(body));
	return { noWebhookResponse: true };
}
