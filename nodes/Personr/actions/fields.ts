import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

/** A required text parameter, trimmed; an empty value is refused before any request. */
export function requiredString(this: IExecuteFunctions, itemIndex: number, name: string, label: string): string {
	const value = String(this.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (value === '') {
		throw new NodeOperationError(this.getNode(), `"${label}" is required but empty`, {
			itemIndex,
			description: 'Fill it in, or check that the expression returns a value for this item.',
		});
	}
	return value;
}

/** The "Additional Fields" collection as a request body: empty values dropped, list fields split on commas. */
export function additionalFields(
	this: IExecuteFunctions,
	itemIndex: number,
	{ list = [] }: { list?: string[] } = {},
): IDataObject {
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = {};
	for (const [name, value] of Object.entries(fields)) {
		if (value === '' || value === undefined || value === null) continue;
		body[name] = list.includes(name) && typeof value === 'string'
			? value.split(',').map((part) => part.trim()).filter((part) => part !== '')
			: value;
	}
	return body;
}

/** Personr's answer as one item's JSON: objects as they are, anything else under `response`. */
export function asJson(answer: unknown): IDataObject {
	return typeof answer === 'object' && answer !== null && !Array.isArray(answer)
		? (answer as IDataObject)
		: { response: answer as IDataObject[keyof IDataObject] };
}

/** The Applicant ID parameter most operations start from. */
export function applicantIdField(show: Record<string, string[]>, description = 'ID of the applicant, as returned by Create'): INodeProperties {
	return {
		displayName: 'Applicant ID',
		name: 'applicantId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '1670035114445x631333625381113500',
		description,
		displayOptions: { show },
	};
}
