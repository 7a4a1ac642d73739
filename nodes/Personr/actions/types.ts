import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/** Facts shared by every item of one node run. */
export interface RunContext {
	/** Epoch ms when this node run started; "force a new token" means newer than this. */
	startedAt: number;
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
