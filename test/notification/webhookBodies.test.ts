import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { readNotification } from '../../nodes/PersonrTrigger/notification';
import { credential, withToken } from '../trigger/notifications';
import { post, useWebhookHosts, type WebhookHost } from '../trigger/webhook-host';
import { APPLICANT_FLAT, APPLICANT_WRAPPED, ENTITY_FLAT, ENTITY_WRAPPED } from './pages';

const startHost = useWebhookHosts();
const hostWith = (parameters: INodeParameters = {}): Promise<WebhookHost> =>
	startHost({ credential, parameters });

/** The pages' examples made valid JSON, as n8n must receive them under application/json. */
const valid = (text: string): string =>
	text.replace(/,(\s*[}\]])/g, '$1').replace(/("flow": "KYB Basic")\n/, '$1,\n');
const NOW = '2026-01-01T00:00:00.000Z';

function itemOf(text: string): IDataObject {
	const notification = readNotification(undefined, text, NOW);
	if ('problem' in notification) throw new Error(notification.problem);
	return notification.item;
}

describe('Personr Trigger: every documented webhook body, one output shape', () => {
	it('applicants: the current flat body and the earlier wrapped one give the same documented fields', async () => {
		const { url, items } = await hostWith();
		for (const text of [APPLICANT_FLAT, APPLICANT_WRAPPED]) {
			expect((await post(url, valid(text), withToken)).status).toBe(200);
		}
		const [flat, wrapped] = items().map((item) => item.json);
		expect(flat).toMatchObject({
			resource: 'applicant',
			applicantId: '14000394983x200039203940',
			actionStatus: 'Reviewed',
			reviewAnswer: 'Rejected',
			rejectLabels: ['FORGERY', 'CRIMINAL'],
			extFirstName: 'JOHN',
			extDob: '1996-07-01',
			docCountryISO: 'AUS',
			docExpiry: '2035-12-01',
			applicantStatus: null,
			body: JSON.parse(valid(APPLICANT_FLAT)),
		});
		expect(wrapped).toMatchObject({
			resource: 'applicant',
			applicantId: '1699236591586x0000000000000000000',
			actionStatus: 'Reviewed',
			reviewAnswer: 'Approved',
			rejectLabels: [],
			extFirstName: 'JOHN DEREK',
			extLastName: 'SAMPLE',
			extDob: '1995-10-23',
			extStreetNumber: '123',
			extStreetName: 'SAMPLE LANE',
			extCity: 'PERTH',
			extPostCode: '6000',
			docCountryISO: 'AUS',
			docExpiry: null,
			applicantStatus: 'Reviewed',
			extractedState: 'WESTERN AUSTRALIA',
			body: JSON.parse(valid(APPLICANT_WRAPPED)),
		});
		// Every field the current page documents exists in both items, whichever revision Personr sends.
		for (const name of Object.keys(JSON.parse(APPLICANT_FLAT) as IDataObject)) {
			expect(flat).toHaveProperty([name]);
			expect(wrapped).toHaveProperty([name]);
		}
	});

	it('entities: the current flat body and the earlier wrapped one, told from applicants by documented fields', async () => {
		const { url, items } = await hostWith({ resources: ['entity'] });
		for (const text of [ENTITY_FLAT, ENTITY_WRAPPED, APPLICANT_FLAT]) {
			expect((await post(url, valid(text), withToken)).status).toBe(200);
		}
		const [flat, wrapped, ...others] = items().map((item) => item.json);
		expect(others).toEqual([]);
		expect(flat).toMatchObject({
			resource: 'entity',
			applicantId: '140000249274x80293840283',
			status: 'Reviewed',
			companyName: 'EXAMPLE LTD',
			flow: 'KYB Basic',
			entityCountry: null,
		});
		expect(wrapped).toMatchObject({
			resource: 'entity',
			applicantId: '4242424242424x424242424242424242',
			status: 'Reviewed',
			reviewAnswer: 'Approved',
			companyName: 'ABC Pty Ltd',
			registrationNumber: '000000000',
			entityCountry: 'AUS',
			createdDate: '12/09/2024',
			flow: null,
			body: JSON.parse(valid(ENTITY_WRAPPED)),
		});
	});

	it('the review-answer filter reads the wrapped revision too', async () => {
		const { url, items } = await hostWith({ reviewAnswers: ['rejected'] });
		expect((await post(url, valid(APPLICANT_WRAPPED), withToken)).json).toEqual({
			received: true,
			ignored: true,
		});
		expect((await post(url, valid(APPLICANT_FLAT), withToken)).json).toEqual({ received: true });
		expect(items().map((item) => item.json.applicantId)).toEqual(['14000394983x200039203940']);
	});

	it("a key sent twice keeps every value: n8n's parsed body holds the last, the raw body all of them", async () => {
		const { url, items } = await hostWith();
		const twice =
			'{"applicantId":"1x1","reviewAnswer":"Rejected","rejectLabels":["FORGERY"],"reviewAnswer":"Approved"}';
		await post(url, twice, withToken);
		expect(items()[0]?.json).toMatchObject({
			reviewAnswer: 'Approved',
			duplicateKeys: { reviewAnswer: ['Rejected', 'Approved'] },
		});
	});

	it("the pages' examples as printed (trailing comma, missing comma) are read whole when n8n hands them over as text", async () => {
		const { url, items } = await hostWith();
		for (const text of [APPLICANT_WRAPPED, ENTITY_FLAT])
			expect((await post(url, text, withToken, 'text/plain')).status).toBe(200);
		const [applicant, entity] = items().map((item) => item.json);
		expect(applicant).toMatchObject({
			applicantId: '1699236591586x0000000000000000000',
			malformedJson: ['trailing comma in response.result'],
		});
		expect(entity).toMatchObject({
			resource: 'entity',
			flow: 'KYB Basic',
			sourceKey: 'Example Source Key',
			malformedJson: ['missing comma in the body before "sourceKey"'],
		});
	});

	it('as application/json, n8n itself refuses the printed examples that are no JSON (422) before the Trigger runs', async () => {
		const { url, calls } = await hostWith();
		expect((await post(url, ENTITY_FLAT, withToken)).status).toBe(422);
		expect(calls).toHaveLength(0);
	});
});

describe('readNotification', () => {
	it('does not read a type field no page shows: entity fields decide', () => {
		expect(itemOf('{"type":"entity","applicantId":"1x1","reviewAnswer":"Approved"}').resource).toBe(
			'applicant',
		);
		expect(itemOf('{"applicantId":"1x1","registrationNumber":"123"}').resource).toBe('entity');
	});

	it('refuses a body with no applicantId in either revision', () => {
		expect(
			readNotification(undefined, '{"status":"success","response":{"result":{}}}', NOW),
		).toEqual({
			problem: 'The body has no applicantId: this is not a Personr result notification',
		});
	});

	it('keeps a key named __proto__ as data', () => {
		const item = itemOf('{"applicantId":"1x1","__proto__":{"polluted":true}}');
		expect(Object.getPrototypeOf(item.body)).toBe(Object.prototype);
		expect((item.body as IDataObject).polluted).toBeUndefined();
		expect(Object.keys(item.body as IDataObject)).toContain('__proto__');
	});

	it("falls back to n8n's parsed body when the raw body is no JSON (a form)", () => {
		const notification = readNotification({ applicantId: '1x1' }, 'applicantId=1x1', NOW);
		expect('item' in notification && notification.item.applicantId).toBe('1x1');
	});
});
