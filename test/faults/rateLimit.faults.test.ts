import { sleep } from 'n8n-workflow';

import { MAX_RETRY_AFTER_SECONDS } from '../../nodes/Personr/transport/pacing';
import { CredentialStore } from '../harness';
import { CREDENTIAL_ID } from '../support/personr';
import {
	FAULT_EMAIL,
	itemError,
	personrNode,
	serverLog,
	statusParameters,
	storeWithToken,
	useFaultServer,
} from './support';
import { loginAttempts, rateLimited, STATUS, statusCalls } from './scenarios';

const context = useFaultServer();
const pairs = (count: number) => Array.from({ length: count }, (_, item) => ({ item }));

describe('HTTP 429 through the Personr node', () => {
	it('without Retry-After: pauses (1 s, then longer while 429s keep coming), retries and succeeds, no login', async () => {
		const { output, error, answeredAt } = await rateLimited(context, 'Personr node', { times: 2 });
		expect(error).toBeUndefined();
		expect(output[0]?.json.applicantStatus).toBe('Created');
		expect(statusCalls(context)).toBe(3);
		expect(loginAttempts(context)).toBe(0);
		// Lower bounds only: no retry before the pause is over.
		expect((answeredAt[1] ?? 0) - (answeredAt[0] ?? 0)).toBeGreaterThanOrEqual(950);
		expect((answeredAt[2] ?? 0) - (answeredAt[1] ?? 0)).toBeGreaterThanOrEqual(1950);
	});

	it('with Retry-After, once: waits as asked, then succeeds on the second attempt', async () => {
		const { output, error, answeredAt } = await rateLimited(context, 'Personr node', {
			retryAfterSeconds: 1,
			times: 1,
		});
		expect(error).toBeUndefined();
		expect(output[0]?.json.applicantStatus).toBe('Created');
		expect(statusCalls(context)).toBe(2);
		expect(loginAttempts(context)).toBe(0);
		expect((answeredAt[1] ?? 0) - (answeredAt[0] ?? 0)).toBeGreaterThanOrEqual(950);
	});

	it(`with a Retry-After above ${MAX_RETRY_AFTER_SECONDS} s: does not wait it out, fails at once saying so and what to change`, async () => {
		const { error } = await rateLimited(context, 'Personr node', {
			retryAfterSeconds: MAX_RETRY_AFTER_SECONDS + 90,
		});
		expect(error?.message).toBe(
			`Personr is limiting requests (HTTP 429): Injected HTTP 429 (ERROR) and asked to wait ${MAX_RETRY_AFTER_SECONDS + 90} s, longer than the node waits for one answer. Lower Throughput → Parallel Requests or set Throughput → Max Requests per Minute in the Personr node, or send fewer items per run.`,
		);
		expect(error?.httpCode).toBe('429');
		expect(error?.context?.itemIndex).toBe(0);
		expect(statusCalls(context)).toBe(1);
	});

	it('10 parallel items, 429 on the first 10 answers: every item is retried after the shared pause and succeeds, in order', async () => {
		const { output, error } = await rateLimited(
			context,
			'Personr node',
			{ retryAfterSeconds: 1, times: 10 },
			{ count: 10 },
		);
		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual(pairs(10));
		expect(output.every((item) => item.json.applicantStatus === 'Created')).toBe(true);
		expect(statusCalls(context)).toBe(20);
		expect(loginAttempts(context)).toBe(0);
	});
});

describe('pacing is shared by everything calling Personr for one account in the process', () => {
	/**
	 * Runs a second one-item getStatus run shortly after the server answered the first run's 429 (Retry-After 2),
	 * once the first run has taken note of it; returns when the 429 was sent and when the second run's call was answered.
	 */
	async function runAfterFirst429(
		email: string,
		baseUrl?: string,
	): Promise<{ limitedAt: number; answeredAt: number }> {
		const first = await storeWithToken(context);
		const record = first.get(CREDENTIAL_ID);
		// The same Personr user and token, as a second credential (or a second n8n workflow) would hold them.
		const second = new CredentialStore([
			{
				...record,
				data: { ...record.data, email, ...(baseUrl ? { environment: 'custom', baseUrl } : {}) },
			},
		]);
		let limitedAt = 0;
		let answeredAt = 0;
		let startSecond: () => void = () => undefined;
		const limited = new Promise<void>((resolve) => (startSecond = resolve));
		serverLog.onLine = (line) => {
			if (line.includes(`/${STATUS} -> 429`) && limitedAt === 0) {
				limitedAt = performance.now();
				startSecond();
			} else if (line.includes(`/${STATUS} -> 200`) && limitedAt !== 0 && answeredAt === 0)
				answeredAt = performance.now();
		};
		context.server.setFault({ kind: 'callStatus', status: 429, retryAfterSeconds: 2, times: 1 });
		const parameters = statusParameters(context);
		const runs = [
			personrNode(context.server, parameters, { credentials: first }),
			limited.then(async () => {
				await sleep(300);
				return await personrNode(context.server, parameters, { credentials: second });
			}),
		];
		const results = await Promise.all(runs);
		for (const result of results) expect(result.error).toBeUndefined();
		return { limitedAt, answeredAt };
	}

	it("a 429 met by one execution pauses another execution's request for the same account (email in any case)", async () => {
		const { limitedAt, answeredAt } = await runAfterFirst429(FAULT_EMAIL.toUpperCase());
		expect(answeredAt - limitedAt).toBeGreaterThanOrEqual(1900);
		expect(loginAttempts(context)).toBe(0);
	});

	it('does not pause the requests of another base URL', async () => {
		// The same server under its development base URL: another base URL is another Personr app, with a limit of its own.
		const { limitedAt, answeredAt } = await runAfterFirst429(
			FAULT_EMAIL,
			context.server.developmentBaseUrl,
		);
		expect(answeredAt - limitedAt).toBeLessThan(1900);
	});
});

describe('HTTP 429 through the HTTP Request node', () => {
	it('5 parallel items with continue on fail: the check before a login meets the 429 too, which proves nothing, so no login and a clear error', async () => {
		const { output } = await rateLimited(
			context,
			'HTTP Request node',
			{ retryAfterSeconds: 0 },
			{ count: 5, continueOnFail: true },
		);
		expect(output.map((item) => item.pairedItem)).toEqual(
			[0, 1, 2, 3, 4].map((item) => ({ item })),
		);
		for (const item of output) {
			expect(itemError(item)).toBe(
				'Personr could not say whether the saved token is still valid (Personr is limiting requests (HTTP 429)), so n8n did not log in again and nothing was changed. Try again in a moment.',
			);
		}
		// A login would invalidate the token for everyone else using this Personr user.
		expect(loginAttempts(context)).toBe(0);
		// The five calls and one shared check, tried three times.
		expect(statusCalls(context)).toBeLessThanOrEqual(5 + 3);
	});
});
