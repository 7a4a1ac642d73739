import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { PersonrLoginError } from '../session/login';
import { throughputOf } from '../transport/throughput';
import { PERSONR_ANSWER } from '../helpers/reported';
import { operationsByResource } from './resources';
import type { Operation, RunContext } from './types';

function operationFor(this: IExecuteFunctions, itemIndex: number): Operation {
	const resource = this.getNodeParameter('resource', itemIndex) as string;
	const operation = this.getNodeParameter('operation', itemIndex) as string;
	// Own keys only: a value such as "constructor" must not find an inherited member.
	const operations = Object.hasOwn(operationsByResource, resource)
		? operationsByResource[resource]
		: undefined;
	const found =
		operations !== undefined && Object.hasOwn(operations, operation)
			? operations[operation]
			: undefined;
	if (found === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
			{
				itemIndex,
			},
		);
	}
	return found;
}

/** One error type per cause, always carrying the item it belongs to. */
export function asNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		// The constructors return an existing node error unchanged, so the index has to be set on it.
		error.context.itemIndex = itemIndex;
		return error;
	}
	if (error instanceof PersonrLoginError) {
		return new NodeApiError(node, { message: error.message } as JsonObject, {
			itemIndex,
			message: error.message,
		});
	}
	return new NodeOperationError(node, error instanceof Error ? error : String(error), {
		itemIndex,
	});
}

type ItemOutcome = { results: INodeExecutionData[] } | { error: NodeApiError | NodeOperationError };

/**
 * Runs the items with a bounded number under way (their requests then wait for room in the account's
 * window); the output and errors are what running them one after another gives: items in input order,
 * each paired with its input, and without continue-on-fail the error of the first failing item in input
 * order. Items are started in order, so when one fails every item before it has been started and is
 * awaited; no new item starts after a failure.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const run: RunContext = { startedAt: Date.now(), tokenChecks: new Map() };
	const continueOnFail = this.continueOnFail();
	const outcomes: ItemOutcome[] = new Array(items.length);
	let next = 0;
	let failed = false;
	const worker = async (): Promise<void> => {
		while (next < items.length && !(failed && !continueOnFail)) {
			const itemIndex = next++;
			try {
				const operation = operationFor.call(this, itemIndex);
				outcomes[itemIndex] = { results: await operation.execute.call(this, itemIndex, run) };
			} catch (error) {
				outcomes[itemIndex] = { error: asNodeError(this.getNode(), error, itemIndex) };
				failed = true;
			}
		}
	};
	// As many items under way as the window may ever let through; the window in the transport decides how many are sent.
	await Promise.all(
		Array.from({ length: Math.min(throughputOf(this).maxInFlight, items.length) }, worker),
	);

	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const outcome = outcomes[itemIndex];
		// Only after a failure without continue-on-fail are items left unstarted; the failure comes first.
		if (outcome === undefined) continue;
		if ('error' in outcome) {
			const nodeError = outcome.error;
			if (!continueOnFail) throw nodeError;
			const answer = nodeError.context[PERSONR_ANSWER];
			returnData.push({
				json: {
					error: nodeError.message,
					...(nodeError.description ? { description: nodeError.description } : {}),
					// An answer that reported errors is Personr's data too: it stays with the error.
					...(answer !== undefined ? { personr: answer as IDataObject } : {}),
				},
				pairedItem: { item: itemIndex },
			});
			continue;
		}
		for (const result of outcome.results)
			returnData.push({ ...result, pairedItem: { item: itemIndex } });
	}
	return [returnData];
}
