import type { INodeExecutionData } from 'n8n-workflow';

import type { PersonrServer } from '../../local-server/server';
import { forgetAllPacing } from '../../nodes/Personr/transport/pacing';
import { forgetAllAccounts } from '../../nodes/Personr/session/session';
import { INITIAL_WINDOW, MAX_WINDOW } from '../../nodes/Personr/transport/window';
import { personrStore } from '../support/personr';
import { EMAIL, runNode, runOk, serverLog, useLocalServer } from './support';

let server: PersonrServer;
useLocalServer((started) => (server = started));
beforeEach(() => {
	forgetAllPacing();
	server.setPace({});
});

const create = {
	resource: 'applicant',
	operation: 'create',
	flowName: 'Standard KYC',
	email: '={{ $json.email }}',
	phone: '+61400000000',
};
const people = (count: number): INodeExecutionData[] =>
	Array.from({ length: count }, (_, index) => ({ json: { email: `person${index}@example.com` } }));

/** Most calls the server had open at once during `run`. */
async function peakConcurrency<T>(run: () => Promise<T>): Promise<{ value: T; peak: number }> {
	let open = 0;
	let peak = 0;
	const original = server.requests.push.bind(server.requests);
	// The server records a request when it arrives and logs it when answered.
	server.requests.push = (...entries) => {
		open += entries.length;
		peak = Math.max(peak, open);
		return original(...entries);
	};
	serverLog.onLine = () => void (open -= 1);
	try {
		return { value: await run(), peak };
	} finally {
		server.requests.push = original;
	}
}

describe('items in parallel, with a bound', () => {
	it(`starts with ${INITIAL_WINDOW} items at a time and sends more while answers stay quick; the output keeps input order and pairing`, async () => {
		server.setPace({ answerDelayMs: 100 });
		const { value: output, peak } = await peakConcurrency(
			async () =>
				await runOk(server, create, { items: people(60), credentials: personrStore(server) }),
		);
		expect(peak).toBeGreaterThan(INITIAL_WINDOW);
		expect(peak).toBeLessThanOrEqual(MAX_WINDOW);
		expect(output.map((item) => item.pairedItem)).toEqual(people(60).map((_, item) => ({ item })));
		expect(output.map((item) => item.json.email)).toEqual(
			people(60).map((item) => item.json.email),
		);
	});

	it('a saved Throughput → Parallel Requests is the most in flight: 10 stays at 10, as it was when the window was fixed', async () => {
		server.setPace({ answerDelayMs: 100 });
		const parameters = { ...create, throughput: { parallelRequests: 10 } };
		const { peak } = await peakConcurrency(
			async () =>
				await runOk(server, parameters, { items: people(60), credentials: personrStore(server) }),
		);
		expect(peak).toBe(10);
	});

	it('under a window that grows, halves on 429s and grows again, continue on fail keeps every item in order and paired', async () => {
		// 1,200 a minute with a bucket of 20: the first burst beyond it meets 429s (Retry-After 1 s).
		server.setPace({ answerDelayMs: 20, rateLimitPerMinute: 1200 });
		const inputs = people(60).map((item, index) => ({
			json: { email: index % 7 === 3 ? '' : item.json.email },
		}));
		const { value, peak } = await peakConcurrency(
			async () =>
				await runNode(server, create, {
					items: inputs,
					credentials: personrStore(server),
					continueOnFail: true,
				}),
		);
		// The window did change: it grew past its start and met the limit.
		expect(peak).toBeGreaterThan(INITIAL_WINDOW);
		expect(server.counters.rateLimited).toBeGreaterThan(0);
		const { output, error } = value;
		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual(inputs.map((_, item) => ({ item })));
		expect(
			output.map((item) => (item.json.error === undefined ? item.json.email : 'error')),
		).toEqual(inputs.map((item, index) => (index % 7 === 3 ? 'error' : item.json.email)));
	});

	it('Throughput → Parallel Requests = 1 sends one item after another', async () => {
		server.setPace({ answerDelayMs: 20 });
		const { peak } = await peakConcurrency(
			async () =>
				await runOk(
					server,
					{ ...create, throughput: { parallelRequests: 1 } },
					{ items: people(5), credentials: personrStore(server) },
				),
		);
		expect(peak).toBe(1);
	});

	it('Throughput → Max Requests per Minute spaces the requests out: 600 a minute starts one every 100 ms', async () => {
		const store = personrStore(server);
		await runOk(server, create, { items: people(1), credentials: store });
		const arrivals: number[] = [];
		const original = server.requests.push.bind(server.requests);
		server.requests.push = (...entries) => {
			arrivals.push(...entries.map(() => Date.now()));
			return original(...entries);
		};
		try {
			await runOk(
				server,
				{ ...create, throughput: { maxRequestsPerMinute: 600 } },
				{ items: people(6), credentials: store },
			);
		} finally {
			server.requests.push = original;
		}
		expect(arrivals).toHaveLength(6);
		// Starts are paced 100 ms apart; each request's own way to the server varies a little, so the span is judged.
		expect((arrivals[5] as number) - (arrivals[0] as number)).toBeGreaterThanOrEqual(400);
	});

	it('without continue on fail, the error thrown is the first failing item in input order, even when a later one failed first', async () => {
		const store = personrStore(server);
		const [created] = await runOk(server, create, { items: people(1), credentials: store });
		server.setPace({ answerDelayMs: 200 });
		server.resetCounters();
		// Item 3 fails at Personr after 200 ms (no such applicant); item 7 fails at once, before any request (no ID).
		const ids = Array.from({ length: 12 }, (_, index) => ({
			json: {
				id:
					index === 3
						? '1700000000000x000000000000000000'
						: index === 7
							? ''
							: String(created?.json.applicantId),
			},
		}));
		const status = {
			resource: 'applicant',
			operation: 'getStatus',
			applicantId: '={{ $json.id }}',
		};
		const { error } = await runNode(
			server,
			{ ...status, throughput: { parallelRequests: 10 } },
			{ items: ids, credentials: store },
		);
		expect(error?.context?.itemIndex).toBe(3);
		// Nothing starts after a failure: items 0–9 were under way or done when item 7 failed, 10 and 11 never started.
		expect(server.counters.calls['api-applicant-status']).toBeLessThanOrEqual(10);
	});

	it('with continue on fail, every item has its own result or error, in input order', async () => {
		const inputs = people(12).map((item, index) => ({
			json: { email: index % 4 === 1 ? '' : item.json.email },
		}));
		const { output, error } = await runNode(server, create, {
			items: inputs,
			credentials: personrStore(server),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual(inputs.map((_, item) => ({ item })));
		expect(output.map((item) => item.json.error !== undefined)).toEqual(
			inputs.map((_, index) => index % 4 === 1),
		);
	});

	it('a stale token met by a 50-item run costs one login; all succeed', async () => {
		server.setPace({ answerDelayMs: 50 });
		const store = personrStore(server);
		await runOk(server, create, { items: people(1), credentials: store });
		server.revokeToken(EMAIL);
		forgetAllAccounts();
		server.resetCounters();
		const output = await runOk(server, create, { items: people(50), credentials: store });
		expect(output).toHaveLength(50);
		expect(server.counters.logins).toBe(1);
	});
});
