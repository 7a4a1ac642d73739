import { defineResource } from '../resource';
import * as addUbo from './addUbo.operation';
import * as create from './create.operation';
import * as createVerificationLink from './createVerificationLink.operation';
import * as getOwnership from './getOwnership.operation';
import * as getQuestionnaire from './getQuestionnaire.operation';
import * as getStatus from './getStatus.operation';
import * as requestCheck from './requestCheck.operation';
import * as uploadDocument from './uploadDocument.operation';

export const { operations, description } = defineResource('entity', [
	{
		name: 'Create',
		value: 'create',
		description: 'Create an entity (company) on a KYB flow',
		action: 'Create entity',
		operation: create,
	},
	{
		name: 'Add UBO',
		value: 'addUbo',
		description:
			'Link an applicant as ultimate beneficial owner (director, shareholder or other) of an entity',
		action: 'Add UBO to entity',
		operation: addUbo,
	},
	{
		name: 'Create Verification Link',
		value: 'createVerificationLink',
		description: 'Create a link to Personr’s hosted KYB verification for the entity',
		action: 'Create entity verification link',
		operation: createVerificationLink,
	},
	{
		name: 'Get Ownership',
		value: 'getOwnership',
		description: "Get the entity's ownership structure: its UBOs, their positions and shares",
		action: 'Get entity ownership',
		operation: getOwnership,
	},
	{
		name: 'Get Questionnaire',
		value: 'getQuestionnaire',
		description: "Get the answers to the entity flow's questionnaire",
		action: 'Get entity questionnaire answers',
		operation: getQuestionnaire,
	},
	{
		name: 'Get Status',
		value: 'getStatus',
		description: "Get an entity's verification status, result and registry data",
		action: 'Get entity status',
		operation: getStatus,
	},
	{
		name: 'Request Check',
		value: 'requestCheck',
		description: 'Start the verification once every document the flow requires is uploaded',
		action: 'Request entity check',
		operation: requestCheck,
	},
	{
		name: 'Upload Document',
		value: 'uploadDocument',
		description: 'Upload one corporate document from a URL or a binary field (JPG, PNG or PDF)',
		action: 'Upload entity document',
		operation: uploadDocument,
	},
]);
