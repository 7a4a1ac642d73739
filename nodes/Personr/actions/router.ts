import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { PersonrLoginError } from '../transport/login';
import * as aml from './aml';
import * as applicant from './applicant';
import * as customApiCall from './customApiCall';
import * as databaseVerification from './databaseVerification';
import * as entity from './entity';
import * as token from './token';
import * as workspace from './workspace';
import type { Operation, RunContext } from './types';

const operations: Record<string, Record<string, Operation>> = {
	applicant: applicant.operations,
	entity: entity.operations,
	aml: aml.operations,
	databaseVerification: databaseVerification.operations,
	workspace: workspace.operations,
	token: token.operations,
	customApiCall: customApiCall.operations,
};

function operationFor(this: IExecuteFunctions, itemIndex: number): Operation {
	const resource = this.getNodeParameter('resource', itemIndex) as string;
	const operation = this.getNodeParameter('operation', itemIndex) as string;
	const found = operations[resource]?.[operation];
	if (found === undefined) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of resource "${resource}" is not supported`, {
			itemIndex,
		});
	}
	return found;
}

/** One error type per cause, always carrying the item it belongs to. */
export function asNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		// The constructors return an existing node error unchanged, so the index has to be set on it.
		error.context.itemIndex = itemIndex;
		return error;
	}
	if (error instanceof PersonrLoginError) {
		return new NodeApiError(node, { message: error.message } as JsonObject, { itemIndex, message: error.message });
	}
	return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const run: RunContext = { startedAt: Date.now() };
	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const operation = operationFor.call(this, itemIndex);
			const results = await operation.execute.call(this, itemIndex, run);
			for (const result of results) returnData.push({ ...result, pairedItem: { item: itemIndex } });
		} catch (error) {
			const nodeError = asNodeError(this.getNode(), error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			returnData.push({
				json: { error: nodeError.message, ...(nodeError.description ? { description: nodeError.description } : {}) },
				pairedItem: { item: itemIndex },
			});
		}
	}
	return [returnData];
}
