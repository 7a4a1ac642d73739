import { defineResource } from '../resource';
import * as create from './create.operation';
import * as createVerificationLink from './createVerificationLink.operation';
import * as downloadDocuments from './downloadDocuments.operation';
import * as get from './get.operation';
import * as getStatus from './getStatus.operation';
import * as requestCheck from './requestCheck.operation';
import * as uploadDocument from './uploadDocument.operation';

export const { operations, description } = defineResource('applicant', [
	{
		name: 'Create',
		value: 'create',
		description: 'Create an applicant on a verification flow',
		action: 'Create applicant',
		operation: create,
	},
	{
		name: 'Create Verification Link',
		value: 'createVerificationLink',
		description: 'Create a link to Personr’s hosted verification for the applicant to open',
		action: 'Create applicant verification link',
		operation: createVerificationLink,
	},
	{
		name: 'Download Documents',
		value: 'downloadDocuments',
		description:
			'Download the verified document images as binary files, optionally with document numbers and expiries',
		action: 'Download applicant documents',
		operation: downloadDocuments,
	},
	{
		name: 'Get',
		value: 'get',
		description: "Get an applicant's details: email, phone, names, tags, flow and status",
		action: 'Get applicant',
		operation: get,
	},
	{
		name: 'Get Status',
		value: 'getStatus',
		description: "Get an applicant's verification status, result and extracted data",
		action: 'Get applicant status',
		operation: getStatus,
	},
	{
		name: 'Request Check',
		value: 'requestCheck',
		description: 'Start the verification once every document the flow requires is uploaded',
		action: 'Request applicant check',
		operation: requestCheck,
	},
	{
		name: 'Upload Document',
		value: 'uploadDocument',
		description: 'Upload one document image or selfie (JPG, PNG or PDF) from a binary field',
		action: 'Upload applicant document',
		operation: uploadDocument,
	},
]);
