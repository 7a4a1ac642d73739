import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { personrApiRequest } from '../../transport/request';
import { countryField, countryOption, countryParameter } from '../../helpers/countries';
import {
	additionalFields,
	additionalFieldsCollection,
	asJson,
	flowNameField,
	requiredStrings,
	stringField,
} from '../../helpers/fields';

const show = { resource: ['databaseVerification'], operation: ['verifyPerson'] };

const text = (name: string, displayName: string, description: string) => ({
	displayName,
	name,
	type: 'string' as const,
	default: '',
	description,
});

export const description: INodeProperties[] = [
	flowNameField(show, 'Exact name of the Personr flow that defines which data sources are checked'),
	stringField(show, 'firstName', 'First Name', "Person's first (given) name", 'Jane'),
	stringField(show, 'lastName', 'Last Name', "Person's last (family) name", 'Citizen'),
	countryField(
		show,
		'sourceCountry',
		'Source Country',
		'Country whose data sources the person is checked against',
	),
	additionalFieldsCollection(show, [
		text('city', 'City', 'City or suburb of the residential address'),
		countryOption(
			'country',
			'Country',
			'Country of the residential address, if not the source country',
		),
		{
			displayName: 'Date of Birth',
			name: 'dob',
			type: 'dateTime',
			default: '',
			description: 'Date of birth; only the date is sent (YYYY-MM-DD)',
		},
		{ ...text('email', 'Email', "Person's email address"), placeholder: 'e.g. name@email.com' },
		text('idNumber', 'ID Number', 'Number of an identity document, e.g. a driver’s licence number'),
		text('middleName', 'Middle Name', "Person's middle name(s)"),
		text('phone', 'Phone', "Person's phone number, international format"),
		text('postCode', 'Post Code', 'Post code of the residential address'),
		text(
			'stateTerritory',
			'State or Territory',
			'State or territory of the residential address, e.g. WA',
		),
		text('street', 'Street', 'Street address, e.g. 1 Example Street'),
	]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const body = {
		...requiredStrings.call(this, itemIndex, {
			flowName: 'Flow Name',
			firstName: 'First Name',
			lastName: 'Last Name',
		}),
		sourceCountry: countryParameter.call(this, itemIndex, 'sourceCountry', 'Source Country'),
		...additionalFields.call(this, itemIndex, {
			countries: { country: 'Country' },
			dates: { dob: 'Date of Birth' },
		}),
	};
	return [
		{
			json: asJson(
				await personrApiRequest.call(this, itemIndex, 'api-database-verification', body),
			),
		},
	];
}
