import { itemError, useFaultServer } from './support';
import { loginAttempts, rateLimited, statusCalls } from './scenarios';

// The bounded wait shortened from minutes to 2 s; everything else in the pacing module is the real one.
jest.mock('../../nodes/Personr/transport/pacing', () => ({
	...jest.requireActual('../../nodes/Personr/transport/pacing'),
	MAX_RATE_LIMIT_WAIT_SECONDS: 2,
}));

jest.setTimeout(30_000);
const context = useFaultServer();
const USED_UP =
	/^Personr kept limiting requests \(HTTP 429\): Injected HTTP 429 \(ERROR\) for \d+ s, longer than the node waits\. Lower Throughput → Parallel Requests or set Throughput → Max Requests per Minute in the Personr node, or send fewer items per run\.$/;

describe('HTTP 429 on every answer: the bounded wait is used up', () => {
	it('the item fails with an error that says so and what to change', async () => {
		const { error } = await rateLimited(context, 'Personr node', { retryAfterSeconds: 1 });
		expect(error?.message).toMatch(USED_UP);
		expect(error?.httpCode).toBe('429');
		expect(error?.context?.itemIndex).toBe(0);
		expect(statusCalls(context)).toBeGreaterThanOrEqual(2);
		expect(loginAttempts(context)).toBe(0);
	});

	it('5 items with continue on fail: 5 paired error items, no login', async () => {
		const { output, error } = await rateLimited(
			context,
			'Personr node',
			{ retryAfterSeconds: 1 },
			{ count: 5, continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual(
			[0, 1, 2, 3, 4].map((item) => ({ item })),
		);
		for (const item of output) expect(itemError(item)).toMatch(USED_UP);
		expect(loginAttempts(context)).toBe(0);
	});
});
