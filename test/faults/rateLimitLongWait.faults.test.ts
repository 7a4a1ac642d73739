import {
	itemError,
	items,
	personrNode,
	serverLog,
	statusParameters,
	storeWithToken,
	useFaultServer,
} from './support';
import { STATUS, statusCalls } from './scenarios';

// A Retry-After "too long to wait out" shortened from over a minute to over 1 s; the pause itself is the real one.
jest.mock('../../nodes/Personr/transport/pacing', () => ({
	...jest.requireActual('../../nodes/Personr/transport/pacing'),
	MAX_RETRY_AFTER_SECONDS: 1,
}));

const context = useFaultServer();

describe('a Retry-After longer than the node waits out', () => {
	it("fails the item that got it, and pauses the account's next request for the Retry-After", async () => {
		const credentials = await storeWithToken(context);
		const answeredAt: number[] = [];
		serverLog.onLine = (line) => {
			if (line.includes(`/${STATUS} -> `)) answeredAt.push(performance.now());
		};
		context.server.setFault({ kind: 'callStatus', status: 429, retryAfterSeconds: 2, times: 1 });
		// One item after another: the second is sent only after the first failed.
		const parameters = statusParameters(context, { throughput: { parallelRequests: 1 } });
		const { output, error } = await personrNode(context.server, parameters, {
			items: items(2),
			continueOnFail: true,
			credentials,
		});
		expect(error).toBeUndefined();
		expect(itemError(output[0])).toMatch(
			/^Personr is limiting requests \(HTTP 429\): .* asked to wait 2 s, longer than the node waits/,
		);
		expect(output[1]?.json.applicantStatus).toBe('Created');
		expect(statusCalls(context)).toBe(2);
		// Lower bound only: the second request was not sent before the pause Personr asked for was over.
		expect((answeredAt[1] ?? 0) - (answeredAt[0] ?? 0)).toBeGreaterThanOrEqual(1900);
	});
});
