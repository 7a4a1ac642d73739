import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { personrApiRequest } from '../transport/request';
import { applicantIdField, asJson, requiredString, simplifyField } from '../helpers/fields';
import type { Operation } from './types';

export interface IdOperationConfig {
	resource: string;
	operation: string;
	endpoint: string;
	/** Label of the ID parameter (default "Applicant ID"); entities are addressed by their applicantId too. */
	idLabel?: string;
	idDescription?: string;
	/** The body field Personr reads the ID from (default `applicantId`). */
	sendAs?: string;
	/** Adds a Simplify switch (on by default) whose output is `output(answer, id)`. */
	simplify?: { description: string; output: (answer: IDataObject, id: string) => IDataObject };
}

/** An operation that sends one subject's ID to one endpoint and returns Personr's answer. */
export function idOperation(config: IdOperationConfig): Operation {
	const show = { resource: [config.resource], operation: [config.operation] };
	const label = config.idLabel ?? 'Applicant ID';
	const { simplify } = config;
	const description: INodeProperties[] = [applicantIdField(show, config.idDescription, label)];
	if (simplify) description.push(simplifyField(show, simplify.description));

	async function execute(
		this: IExecuteFunctions,
		itemIndex: number,
	): Promise<INodeExecutionData[]> {
		const id = requiredString.call(this, itemIndex, 'applicantId', label);
		const answer = asJson(
			await personrApiRequest.call(this, itemIndex, config.endpoint, {
				[config.sendAs ?? 'applicantId']: id,
			}),
		);
		const simplified =
			simplify !== undefined && (this.getNodeParameter('simplify', itemIndex, true) as boolean);
		return [{ json: simplified ? simplify.output(answer, id) : answer }];
	}
	return { description, execute };
}
