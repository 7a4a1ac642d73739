import { defineResource } from '../resource';
import * as getResults from './getResults.operation';

export const { operations, description } = defineResource('aml', [
	{
		name: 'Get Results',
		value: 'getResults',
		description:
			'Get the AML screening results (sanctions, watchlists, PEP) of an applicant or entity',
		action: 'Get AML results',
		operation: getResults,
	},
]);
