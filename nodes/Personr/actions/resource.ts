import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from './types';

export interface OperationEntry {
	/** Shown in the Operation list. */
	name: string;
	/** Stable value saved in workflows. */
	value: string;
	description: string;
	/** Shown in the node panel's action list and to AI agents. */
	action: string;
	operation: Operation;
}

/** A resource's Operation parameter (options sorted by name, the first entry by default) followed by every operation's fields. */
export function defineResource(
	resource: string,
	entries: OperationEntry[],
): { operations: Record<string, Operation>; description: INodeProperties[] } {
	const options = entries
		.map(({ name, value, description, action }) => ({ name, value, description, action }))
		.sort((a, b) => a.name.localeCompare(b.name, 'en'));
	const firstOperation = entries[0]?.value ?? '';
	return {
		operations: Object.fromEntries(entries.map((entry) => [entry.value, entry.operation])),
		description: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: [resource] } },
				options,
				default: firstOperation,
			},
			...entries.flatMap((entry) => entry.operation.description),
		],
	};
}
