/* eslint-disable @n8n/community-nodes/node-usable-as-tool, @n8n/community-nodes/icon-validation, @n8n/community-nodes/require-node-description-fields -- a test node, never listed in n8n */
import {
	NodeConnectionTypes,
	NodeOperationError,
	jsonParse,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

/**
 * Emits `items` (a JSON array, given as a string or an array) when set, otherwise `count` items
 * `{ index }`. All outputs pair with the first input item, like a node that fans out one trigger.
 */
export class Items implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Items',
		name: 'items',
		group: ['transform'],
		version: 1,
		description: 'Emits test items',
		defaults: { name: 'Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Count', name: 'count', type: 'number', default: 1 },
			{ displayName: 'Items (JSON Array)', name: 'items', type: 'json', default: '' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0, '') as string | IDataObject[];
		let json: IDataObject[];
		if (raw === '' || raw === undefined) {
			const count = this.getNodeParameter('count', 0) as number;
			json = Array.from({ length: count }, (_, index) => ({ index }));
		} else {
			json = typeof raw === 'string' ? jsonParse<IDataObject[]>(raw) : raw;
			if (!Array.isArray(json)) {
				throw new NodeOperationError(this.getNode(), 'Parameter "items" must be a JSON array');
			}
		}
		return [json.map((item) => ({ json: item, pairedItem: { item: 0 } }))];
	}
}
