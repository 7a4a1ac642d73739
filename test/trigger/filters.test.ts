import type { INodeParameters } from 'n8n-workflow';

import { approvedApplicant, credential, rejectedEntity, withToken } from './notifications';
import { post, useWebhookHosts, type WebhookHost } from './webhook-host';

const startHost = useWebhookHosts();
const hostWith = (parameters: INodeParameters = {}): Promise<WebhookHost> =>
	startHost({ credential, parameters });

function withoutType<T extends { type: string }>(notification: T): Omit<T, 'type'> {
	const copy: Partial<T> = { ...notification };
	delete copy.type;
	return copy as Omit<T, 'type'>;
}

const untypedApplicant = withoutType(approvedApplicant);
const untypedEntity = withoutType(rejectedEntity);
const pending = {
	...approvedApplicant,
	applicantStatus: 'Pending',
	actionStatus: 'Pending',
	reviewAnswer: undefined,
};

describe('Personr Trigger: which notifications start the workflow', () => {
	it('by default starts a run for applicants and entities, approved, rejected or without answer', async () => {
		const { url, items } = await hostWith();

		for (const body of [approvedApplicant, rejectedEntity, pending, untypedEntity]) {
			expect((await post(url, body, withToken)).json).toEqual({ received: true });
		}

		expect(items().map((item) => item.json.applicantId)).toEqual([
			approvedApplicant.applicantId,
			rejectedEntity.applicantId,
			pending.applicantId,
			untypedEntity.applicantId,
		]);
	});

	it('acknowledges a resource left out with 200 and starts no run', async () => {
		const { url, calls, items } = await hostWith({ resources: ['entity'] });

		const dropped = await post(url, approvedApplicant, withToken);
		const kept = await post(url, rejectedEntity, withToken);

		expect(dropped.status).toBe(200);
		expect(dropped.json).toEqual({ received: true, ignored: true });
		expect(calls[0].workflowData).toBeUndefined();
		expect(kept.json).toEqual({ received: true });
		expect(items().map((item) => item.json.applicantId)).toEqual([rejectedEntity.applicantId]);
	});

	it('tells an entity without a type from its entity fields, and anything else is an applicant', async () => {
		const entities = await hostWith({ resources: ['entity'] });
		await post(entities.url, untypedEntity, withToken);
		await post(entities.url, untypedApplicant, withToken);
		expect(entities.items().map((item) => item.json.applicantId)).toEqual([
			untypedEntity.applicantId,
		]);

		const applicants = await hostWith({ resources: ['applicant'] });
		await post(applicants.url, untypedEntity, withToken);
		await post(applicants.url, untypedApplicant, withToken);
		expect(applicants.items().map((item) => item.json.applicantId)).toEqual([
			untypedApplicant.applicantId,
		]);
	});

	it('reads the type and the review answer case-insensitively', async () => {
		const { url, items } = await hostWith({ resources: ['entity'], reviewAnswers: ['rejected'] });

		await post(url, { ...rejectedEntity, type: 'Entity', reviewAnswer: 'REJECTED' }, withToken);

		expect(items()).toHaveLength(1);
	});

	it('filters by review answer; a missing or unknown answer counts as "without answer"', async () => {
		const { url, items } = await hostWith({ reviewAnswers: ['rejected'] });

		const approved = await post(url, approvedApplicant, withToken);
		await post(url, rejectedEntity, withToken);
		await post(url, pending, withToken);
		await post(url, { ...approvedApplicant, reviewAnswer: 'Maybe' }, withToken);

		expect(approved.json).toEqual({ received: true, ignored: true });
		expect(items().map((item) => item.json.reviewAnswer)).toEqual(['Rejected']);

		const withoutAnswer = await hostWith({ reviewAnswers: ['none'] });
		await post(withoutAnswer.url, approvedApplicant, withToken);
		await post(withoutAnswer.url, pending, withToken);
		expect(withoutAnswer.items().map((item) => item.json.applicantStatus)).toEqual(['Pending']);
	});

	it('finds the answer nested under result, as the status endpoint returns it', async () => {
		const { url, items } = await hostWith({ reviewAnswers: ['approved'] });

		await post(url, { applicantId: 'a1', result: { reviewAnswer: 'Approved' } }, withToken);

		expect(items()).toHaveLength(1);
	});

	it('needs both filters to agree', async () => {
		const { url, items } = await hostWith({
			resources: ['applicant'],
			reviewAnswers: ['rejected'],
		});

		await post(url, approvedApplicant, withToken);
		await post(url, rejectedEntity, withToken);
		await post(url, { ...approvedApplicant, reviewAnswer: 'Rejected' }, withToken);

		expect(items()).toHaveLength(1);
		expect(items()[0].json).toMatchObject({ type: 'applicant', reviewAnswer: 'Rejected' });
	});

	it('keeps a receivedAt that Personr sends itself', async () => {
		const { url, items } = await hostWith();

		await post(url, { ...approvedApplicant, receivedAt: 'from Personr' }, withToken);

		expect(items()[0].json.receivedAt).toBe('from Personr');
	});
});

describe('Personr Trigger: bodies that are no result notification', () => {
	it.each([
		['a JSON array', [approvedApplicant], 'application/json', 'Expected a JSON object'],
		['a JSON string', '"hello"', 'application/json', 'Expected a JSON object'],
		['JSON null', 'null', 'application/json', 'Expected a JSON object'],
		['plain text', 'applicantId=1', 'text/plain', 'Expected a JSON object'],
		['an empty body', '', 'application/json', 'Expected a JSON object'],
		[
			'an object without applicantId',
			{ reviewAnswer: 'Approved' },
			'application/json',
			'no applicantId',
		],
		['an empty applicantId', { applicantId: ' ' }, 'application/json', 'no applicantId'],
		['a numeric applicantId', { applicantId: 42 }, 'application/json', 'no applicantId'],
	])(
		'answers 400 with the reason and starts no run for %s',
		async (_case, body, contentType, reason) => {
			const { url, calls } = await hostWith();

			const answer = await post(url, body, withToken, contentType);

			expect(answer.status).toBe(400);
			expect(answer.json).toEqual({ received: false, error: expect.stringContaining(reason) });
			expect(calls).toHaveLength(1);
			expect(calls[0].workflowData).toBeUndefined();
		},
	);

	it('accepts a form-encoded notification, which n8n parses into an object', async () => {
		const { url, items } = await hostWith();

		const answer = await post(
			url,
			'applicantId=a1&reviewAnswer=Approved',
			withToken,
			'application/x-www-form-urlencoded',
		);

		expect(answer.status).toBe(200);
		expect(items()[0].json).toMatchObject({ applicantId: 'a1', reviewAnswer: 'Approved' });
	});

	it('never reaches the node with JSON that does not parse: n8n answers 422 itself', async () => {
		const { url, calls } = await hostWith();

		const answer = await post(url, '{"applicantId": ', withToken);

		expect(answer.status).toBe(422);
		expect(calls).toHaveLength(0);
	});
});
