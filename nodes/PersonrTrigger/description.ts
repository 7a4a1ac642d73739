import type { INodeProperties } from 'n8n-workflow';

import { REGISTERED } from './registration';

const automatic = { show: { authentication: [REGISTERED] } };

export const properties: INodeProperties[] = [
	{
		displayName:
			"Copy the Production URL (Webhook URLs above) into Personr's dashboard → Dev space → Webhooks, then activate the workflow. To try it first, paste the Test URL and listen for a test event.",
		name: 'setupNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { authentication: ['headerToken', 'none'] } },
	},
	{
		displayName:
			'Activating this workflow registers its Production URL with Personr as the webhook of the workspace below, and REPLACES the URL that workspace had: Personr keeps one webhook per workspace, so whatever received its results before (another workflow, another system) stops receiving them, and if another workflow registers later, this one stops. Needs a Personr user with the Administrator role.',
		name: 'registrationNotice',
		type: 'notice',
		default: '',
		displayOptions: automatic,
	},
	{
		displayName:
			"Listen for test event registers nothing (it would take the workspace's one URL from the Production URL): activate the workflow and look at its executions. Deactivating leaves the URL registered, as Personr offers no way to remove one: Personr keeps posting there and n8n answers 404 until you register another URL.",
		name: 'registrationLimitsNotice',
		type: 'notice',
		default: '',
		displayOptions: automatic,
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{
				name: 'Header Token (Manual Setup)',
				value: 'headerToken',
				description:
					"URL entered in Personr's dashboard by hand; accept only calls carrying the webhook token you stored in a Personr Webhook credential",
			},
			{
				name: 'None (Manual Setup)',
				value: 'none',
				description:
					"URL entered in Personr's dashboard by hand; accept any call to the URL, including forged results",
			},
			{
				name: 'Register With Personr (Personr API Credential)',
				value: REGISTERED,
				description:
					"On activation, register the Production URL as the workspace's webhook (replacing its current one) and accept only calls carrying the bearer token Personr generates for it",
			},
		],
		// Saved workflows that kept the default store no value: it must stay the manual setup they were built with.
		default: 'headerToken',
	},
	{
		displayName: 'Workspace',
		name: 'workspace',
		type: 'string',
		default: '',
		placeholder: 'e.g. Main',
		displayOptions: automatic,
		description:
			"Name of the Personr workspace whose results this workflow receives. On activation the credential's Personr user is switched to it first (as Workspace → Switch does, which also moves where applicants created afterwards with this user land). Empty: the user's current workspace, whichever it is then; results of applicants created in another workspace go to that workspace's webhook, not here.",
	},
	{
		displayName: 'Resources',
		name: 'resources',
		type: 'multiOptions',
		options: [
			{ name: 'Applicant', value: 'applicant', description: 'People (identity verification, KYC)' },
			{ name: 'Entity', value: 'entity', description: 'Companies (KYB)' },
		],
		default: ['applicant', 'entity'],
		required: true,
		description:
			'Which results start the workflow. Others are acknowledged and dropped. A result counts as an entity when it carries fields only entity results have (companyName, registrationNumber, entityType, …), otherwise as an applicant.',
	},
	{
		displayName: 'Review Answers',
		name: 'reviewAnswers',
		type: 'multiOptions',
		options: [
			{ name: 'Approved', value: 'approved' },
			{ name: 'Rejected', value: 'rejected' },
			{
				name: 'Without Answer',
				value: 'none',
				description: 'Notifications with no review answer yet, or another value',
			},
		],
		default: ['approved', 'rejected', 'none'],
		required: true,
		description: 'Which review answers start the workflow. Others are acknowledged and dropped.',
	},
];
