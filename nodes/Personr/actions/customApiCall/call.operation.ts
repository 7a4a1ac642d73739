import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { personrApiRequest } from '../../transport/request';
import { asJson, requiredString, stringField } from '../../helpers/fields';

const show = { resource: ['customApiCall'], operation: ['call'] };

/** Logging in through a plain call would replace the credential's token and invalidate it everywhere. */
const LOGIN_ENDPOINTS = ['api-basic-auth', 'api-token-generate'];

export const description: INodeProperties[] = [
	stringField(
		show,
		'endpoint',
		'Endpoint',
		'Name of the Personr API workflow to POST to: the part after /api/1.1/wf/ (the base URL comes from the credential)',
		'api-applicant-status',
	),
	{
		displayName: 'Body Content Type',
		name: 'bodyContentType',
		type: 'options',
		options: [
			{ name: 'JSON', value: 'json' },
			{ name: 'Form URL-Encoded', value: 'form' },
		],
		default: 'json',
		description: 'How the body is sent; Personr reads both',
		displayOptions: { show },
	},
	{
		displayName: 'Body (JSON)',
		name: 'jsonBody',
		type: 'json',
		default: '{}',
		description: 'The request body as a JSON object, e.g. {"applicantId": "…"}',
		displayOptions: { show: { ...show, bodyContentType: ['json'] } },
	},
	{
		displayName: 'Body Fields',
		name: 'formFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Field',
		default: {},
		description: 'The request body as form fields',
		displayOptions: { show: { ...show, bodyContentType: ['form'] } },
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						description: 'Name of the field, e.g. applicantId',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'Value of the field',
					},
				],
			},
		],
	},
];

function checkedEndpoint(this: IExecuteFunctions, itemIndex: number): string {
	const endpoint = requiredString.call(this, itemIndex, 'endpoint', 'Endpoint');
	if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(endpoint) || endpoint.includes('..')) {
		throw new NodeOperationError(
			this.getNode(),
			`"Endpoint" must be the name of a Personr API workflow such as api-applicant-status, got "${endpoint}"`,
			{
				itemIndex,
				description:
					'Only letters, digits, "-", "_" and "." are allowed: no slashes, spaces or "..". The base URL comes from the credential.',
			},
		);
	}
	if (LOGIN_ENDPOINTS.includes(endpoint.toLowerCase())) {
		throw new NodeOperationError(
			this.getNode(),
			`"${endpoint}" cannot be called here: a new token would invalidate the credential's token`,
			{
				itemIndex,
				description: 'Use the Token resource to get or renew the token.',
			},
		);
	}
	return endpoint;
}

function jsonBody(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const raw = this.getNodeParameter('jsonBody', itemIndex, '{}') as unknown;
	let body: unknown = raw;
	if (typeof raw === 'string') {
		try {
			body = raw.trim() === '' ? {} : (JSON.parse(raw) as unknown);
		} catch (error) {
			throw new NodeOperationError(
				this.getNode(),
				`"Body (JSON)" is not valid JSON: ${(error as Error).message}`,
				{ itemIndex },
			);
		}
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw new NodeOperationError(
			this.getNode(),
			'"Body (JSON)" must be a JSON object such as {"applicantId": "…"}',
			{ itemIndex },
		);
	}
	return body as IDataObject;
}

function formBody(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const fields = this.getNodeParameter('formFields.field', itemIndex, []) as Array<{
		name?: string;
		value?: unknown;
	}>;
	const body: IDataObject = {};
	for (const { name = '', value = '' } of fields) {
		const key = name.trim();
		if (key === '') continue;
		// A repeated name becomes a list, as Bubble reads repeated form keys.
		const previous = body[key];
		body[key] =
			previous === undefined
				? (value as string)
				: [...(Array.isArray(previous) ? previous : [previous]), value as string];
	}
	return body;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const endpoint = checkedEndpoint.call(this, itemIndex);
	const form = this.getNodeParameter('bodyContentType', itemIndex, 'json') === 'form';
	const body = form ? formBody.call(this, itemIndex) : jsonBody.call(this, itemIndex);
	return [
		{ json: asJson(await personrApiRequest.call(this, itemIndex, endpoint, body, { form })) },
	];
}
