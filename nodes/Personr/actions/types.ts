import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { ConfirmedToken } from '../transport/tokenCheck';

/** Facts shared by every item of one node run. */
export interface RunContext {
	/** Epoch ms when this node run started; "force a new token" means newer than this. */
	startedAt: number;
	/** Get Token's check, shared by the run's items (keyed by whether a new token was forced). */
	tokenChecks: Map<string, Promise<ConfirmedToken>>;
}

export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
) => Promise<INodeExecutionData[]>;

export interface Operation {
	description: INodeProperties[];
	execute: OperationExecute;
}
