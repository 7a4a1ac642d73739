import { MAX_RETRY_AFTER_SECONDS } from '../../nodes/Personr/transport/request';
import { itemError, useFaultServer } from './support';
import { loginAttempts, rateLimited, statusCalls } from './scenarios';

const context = useFaultServer();
const LIMITED =
	'Personr is limiting requests (HTTP 429): Injected HTTP 429 (ERROR). Space out the requests (Settings → Retry On Fail, or fewer items per run).';

describe('HTTP 429 through the Personr node', () => {
	it('without Retry-After: no retry, a clear error, no login', async () => {
		const { error } = await rateLimited(context, 'Personr node');
		expect(error?.message).toBe(LIMITED);
		expect(error?.httpCode).toBe('429');
		expect(error?.context?.itemIndex).toBe(0);
		expect(statusCalls(context)).toBe(1);
		expect(loginAttempts(context)).toBe(0);
	});

	it('with Retry-After, once: waits as asked, then succeeds on the second attempt', async () => {
		const { output, error, answeredAt } = await rateLimited(context, 'Personr node', { retryAfterSeconds: 1, times: 1 });
		expect(error).toBeUndefined();
		expect(output[0]?.json.applicantStatus).toBe('Created');
		expect(statusCalls(context)).toBe(2);
		expect(loginAttempts(context)).toBe(0);
		// A lower bound only (a retry must not come before Personr's Retry-After); nothing here bounds how long it takes.
		expect((answeredAt[1] ?? 0) - (answeredAt[0] ?? 0)).toBeGreaterThanOrEqual(950);
	});

	it('with Retry-After on every answer: a bounded number of attempts (1 + 2 retries), then a clear error', async () => {
		const { error } = await rateLimited(context, 'Personr node', { retryAfterSeconds: 0 });
		expect(error?.message).toBe(LIMITED);
		expect(statusCalls(context)).toBe(3);
		expect(loginAttempts(context)).toBe(0);
	});

	it(`with a Retry-After above ${MAX_RETRY_AFTER_SECONDS} s: does not wait it out, fails at once with a clear error`, async () => {
		const { error } = await rateLimited(context, 'Personr node', { retryAfterSeconds: MAX_RETRY_AFTER_SECONDS + 90 });
		expect(error?.message).toBe(LIMITED);
		expect(statusCalls(context)).toBe(1);
	});

	it('5 items with continue on fail: every item bounded to 3 attempts, 5 paired error items', async () => {
		const { output } = await rateLimited(context, 'Personr node', { retryAfterSeconds: 0 }, { count: 5, continueOnFail: true });
		expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		for (const item of output) expect(itemError(item)).toBe(LIMITED);
		expect(statusCalls(context)).toBe(15);
		expect(loginAttempts(context)).toBe(0);
	});
});

describe('HTTP 429 through the HTTP Request node', () => {
	it('5 parallel items with continue on fail: the check before a login meets the 429 too, which proves nothing, so no login and a clear error', async () => {
		const { output } = await rateLimited(context, 'HTTP Request node', { retryAfterSeconds: 0 }, { count: 5, continueOnFail: true });
		expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
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
