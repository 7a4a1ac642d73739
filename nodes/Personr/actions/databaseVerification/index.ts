import { defineResource } from '../resource';
import * as verifyCompany from './verifyCompany.operation';
import * as verifyPerson from './verifyPerson.operation';

export const { operations, description } = defineResource('databaseVerification', [
	{
		name: 'Verify Person',
		value: 'verifyPerson',
		description: "Check a person's identity data against government and commercial data sources",
		action: 'Verify person against databases',
		operation: verifyPerson,
	},
	{
		name: 'Verify Company',
		value: 'verifyCompany',
		description: 'Check a company against its business registry',
		action: 'Verify company against registries',
		operation: verifyCompany,
	},
]);
