import { startPersonrServer, type PersonrServer } from '../../local-server/server';
import { call, eventually, loginToken, textAt } from '../local-server/helpers';
import { HEADER, TOKEN } from './notifications';
import { startWebhookHost, type WebhookHost } from './webhook-host';

/**
 * The local Personr server completes a requested check after checkDelayMs and POSTs its result
 * notification to the configured webhook: here, the Personr Trigger behind n8n's webhook handling.
 */
describe('Personr Trigger with notifications from the local Personr server', () => {
	let server: PersonrServer;
	let host: WebhookHost;
	let apiToken: string;
	const log: string[] = [];

	beforeEach(async () => {
		host = await startWebhookHost({
			credential: { headerName: 'X-Personr-Webhook-Token', token: TOKEN },
		});
		server = await startPersonrServer({
			checkDelayMs: 50,
			webhookUrl: host.url,
			webhookHeaderName: HEADER,
			webhookToken: TOKEN,
			log: (line) => log.push(line),
		});
		apiToken = await loginToken(server);
	});

	afterEach(async () => {
		await server.close();
		await host.close();
		log.length = 0;
	});

	async function personr(endpoint: string, json: Record<string, unknown>): Promise<unknown> {
		const answer = await call(server.liveBaseUrl, endpoint, { token: apiToken, json });
		if (answer.status !== 200) throw new Error(`${endpoint}: ${answer.status} ${answer.text}`);
		return answer.json;
	}

	it('starts a run with an approved applicant, mapped field for field', async () => {
		const created = await personr('api-applicant-create', {
			email: 'jane@example.com',
			phone: '+61400000000',
			flowName: 'Standard KYC',
			nameFirst: 'Jane',
			nameLast: 'Citizen',
			sourceKey: 'crm',
			externalUserId: ['user-42'],
		});
		const applicantId = textAt(created, 'response', 'applicantId');

		await personr('api-request-applicant-check', { applicantId });
		const delivered = await host.nextCall();

		expect(delivered.status).toBe(200);
		const [item] = delivered.workflowData?.[0] ?? [];
		expect(item.json).toMatchObject({
			applicantId,
			actionStatus: 'Reviewed',
			reviewAnswer: 'Approved',
			rejectLabels: [],
			extFirstName: 'JANE',
			extLastName: 'CITIZEN',
			sourceKey: 'crm',
			externalUserId: ['user-42'],
		});
		expect(typeof item.json.receivedAt).toBe('string');
		expect(JSON.stringify(item.json)).not.toContain(TOKEN);
		expect(
			await eventually(
				async () => log.join('\n'),
				(text) => text.includes(`${applicantId} -> 200`),
			),
		).toContain(`webhook applicant ${applicantId} -> 200`);
	});

	it('starts a run with a rejected entity and its reject labels', async () => {
		const created = await personr('api-entity-create', {
			companyName: 'Reject',
			registrationNumber: '123 456 789',
			country: 'AUS',
			flowName: 'Standard KYB',
		});
		const applicantId = textAt(created, 'response', 'applicantId');

		await personr('api-request-applicant-check', { applicantId });
		const delivered = await host.nextCall();

		expect(delivered.workflowData?.[0]?.[0]?.json).toMatchObject({
			applicantId,
			status: 'Reviewed',
			reviewAnswer: 'Rejected',
			rejectLabels: ['SANCTIONS', 'WATCHLIST'],
			companyName: 'Reject',
		});
	});

	it('turns away a notification sent with another token: 401, no run', async () => {
		server.setWebhook(host.url, HEADER, 'whk_from-another-workspace');
		const created = await personr('api-applicant-create', {
			email: 'jane@example.com',
			phone: '+61400000000',
			flowName: 'Standard KYC',
		});
		const applicantId = textAt(created, 'response', 'applicantId');

		await personr('api-request-applicant-check', { applicantId });
		const delivered = await host.nextCall();

		expect(delivered.status).toBe(401);
		expect(delivered.workflowData).toBeUndefined();
		expect(
			await eventually(
				async () => log.join('\n'),
				(text) => text.includes(`${applicantId} -> 401`),
			),
		).toContain(`webhook applicant ${applicantId} -> 401`);
	});
});
