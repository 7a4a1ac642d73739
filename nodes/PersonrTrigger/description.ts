import type { INodeProperties } from 'n8n-workflow';

export const properties: INodeProperties[] = [
	{
		displayName:
			"Copy the Production URL (Webhook URLs above) into Personr's dashboard → Dev space → Webhooks, then activate the workflow. To try it first, paste the Test URL and listen for a test event.",
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{
				name: 'Header Token',
				value: 'headerToken',
				description: 'Accept only calls carrying the webhook token Personr generated (recommended)',
			},
			{
				name: 'None',
				value: 'none',
				description: 'Accept any call to the URL, including forged results',
			},
		],
		default: 'headerToken',
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
