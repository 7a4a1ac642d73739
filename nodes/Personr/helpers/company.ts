import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { countryField, countryParameter } from './countries';
import { applicantIdField, flowNameField, requiredStrings, stringField } from './fields';

type Show = Record<string, string[]>;

/** The company identification entity creation and the company registry check share. */
export function companyFields(show: Show, flowDescription: string): INodeProperties[] {
	return [
		flowNameField(show, flowDescription),
		stringField(
			show,
			'companyName',
			'Company Name',
			'Registered name of the company',
			'Example Pty Ltd',
		),
		stringField(
			show,
			'registrationNumber',
			'Registration Number',
			'Company registration number in its country, e.g. an ACN or ABN',
			'123456789',
		),
		countryField(show, 'country', 'Country', 'Country the company is registered in'),
	];
}

export function companyBody(this: IExecuteFunctions, itemIndex: number): IDataObject {
	return {
		...requiredStrings.call(this, itemIndex, {
			flowName: 'Flow Name',
			companyName: 'Company Name',
			registrationNumber: 'Registration Number',
		}),
		country: countryParameter.call(this, itemIndex, 'country', 'Country'),
	};
}

export const ENTITY_ID = {
	idLabel: 'Entity ID',
	idDescription: 'ID of the entity (Personr calls it applicantId), as returned by Create',
};

/** The entity's ID parameter (named applicantId, as Personr names it). */
export function entityIdField(show: Show): INodeProperties {
	return applicantIdField(show, ENTITY_ID.idDescription, ENTITY_ID.idLabel);
}
