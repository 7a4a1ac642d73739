/* eslint-disable @n8n/community-nodes/no-restricted-globals -- a benchmark: it reads the heap (process.memoryUsage, after the gc that --expose-gc puts on globalThis) */
import type { IDataObject } from 'n8n-workflow';

import { Personr } from '../nodes/Personr/Personr.node';
import { forgetAllAccounts } from '../nodes/Personr/session/session';
import type { PersonrServer } from '../local-server/server';
import { HttpCall } from '../test/harness';
import { EMAIL, loadWorkflow } from '../test/support/personr';
import {
	PERSONR_TYPE,
	credentialSetup,
	failedItems,
	httpLoginWorkflow,
	run,
	timed,
	verdict,
	type Row,
} from './support';

export const ITEMS = 10_000;
export const RUNS = 4;
/** The baseline's logins all go out at once and each costs the local server real work: 1,000 keeps the run short. */
export const BASELINE_ITEMS = 1_000;
/**
 * "Flat": the runs after the first leave less than this on the heap once their output is dropped. The first run in a
 * process is shown but not judged: it also pays for what any first use leaves behind (compiled code, caches).
 */
export const FLAT_MEMORY_BYTES = 1024 * 1024;

const collectGarbage = (globalThis as { gc?: () => void }).gc;
const heapUsed = (): number => {
	collectGarbage?.();
	return process.memoryUsage().heapUsed;
};
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
const signed = (bytes: number): string => `${bytes >= 0 ? '+' : '−'}${mb(Math.abs(bytes))}`;

/** The baseline: one login per item through the HTTP Request node; how many of the tokens it got still work afterwards. */
async function baselineLogins(
	server: PersonrServer,
): Promise<{ logins: number; seconds: number; valid: number }> {
	server.resetCounters();
	const durations: number[] = [];
	const result = await run(
		httpLoginWorkflow(server, BASELINE_ITEMS),
		credentialSetup('package', 'node', server, {}),
		{
			'test.httpCall': timed(new HttpCall(), durations),
		},
	);
	const current = server.currentToken(EMAIL);
	const tokenOf = (json: IDataObject) => (json.response as { token?: string } | undefined)?.token;
	const valid = result
		.outputOf('Get Token')
		.filter((item) => tokenOf(item.json) === current).length;
	return { logins: server.counters.logins, seconds: (durations[0] ?? Number.NaN) / 1000, valid };
}

/** One Get Token run as in a fresh process; only numbers come back, so its output can be collected before measuring. */
async function getTokenRun(
	server: PersonrServer,
): Promise<{ perSecond: number; logins: number; failed: number }> {
	forgetAllAccounts();
	server.resetCounters();
	const durations: number[] = [];
	const workflow = loadWorkflow('get-token-items', server.liveBaseUrl, { Items: { count: ITEMS } });
	const result = await run(workflow, credentialSetup('package', 'node', server, {}), {
		[PERSONR_TYPE]: timed(new Personr(), durations),
	});
	return {
		perSecond: ITEMS / ((durations[0] ?? Number.NaN) / 1000),
		logins: server.counters.logins,
		failed: failedItems(result, 'Get Token', ITEMS),
	};
}

/**
 * 4. Get Token on 10,000 items, starting from a credential with no token in a fresh process, RUNS times in a row.
 * Throughput is items per second of the node's execute() (the baseline's too); memory is heapUsed after a full GC,
 * before the first run and after each run once its output is dropped (needs node --expose-gc).
 */
export async function measureGetToken(server: PersonrServer): Promise<Row[]> {
	const runs: Array<Awaited<ReturnType<typeof getTokenRun>>> = [];
	// Each run clears the server's request log; clear it now too, so earlier groups' requests do not count as "before".
	server.resetCounters();
	const heap: number[] = [heapUsed()];
	for (let attempt = 0; attempt < RUNS; attempt++) {
		runs.push(await getTokenRun(server));
		heap.push(heapUsed());
	}
	const throughputs = runs.map((outcome) => outcome.perSecond);
	const logins = runs.map((outcome) => outcome.logins);
	const failed = runs.reduce((sum, outcome) => sum + outcome.failed, 0);
	const baseline = await baselineLogins(server);
	const [before = 0] = heap;
	const afterFirst = heap[1] ?? 0;
	const afterLast = heap[heap.length - 1] ?? 0;
	const group = `4. Get Token, ${ITEMS.toLocaleString('en')} items`;
	const rows: Row[] = [
		{
			group,
			measurement: `logins per run of ${ITEMS.toLocaleString('en')} items (${RUNS} runs, fresh process each)`,
			ours: `${logins.join(', ')} (failed items: ${failed})`,
			baseline: `${BASELINE_ITEMS.toLocaleString('en')} items: ${baseline.logins} logins, ${baseline.valid} of the tokens still valid`,
			target: '1 login per run',
			verdict: verdict(logins.every((count) => count === 1) && failed === 0),
		},
		{
			group,
			measurement: 'throughput, items/s (best; worst run)',
			ours: `${Math.round(Math.max(...throughputs)).toLocaleString('en')}; ${Math.round(Math.min(...throughputs)).toLocaleString('en')}`,
			baseline: `${Math.round(BASELINE_ITEMS / baseline.seconds).toLocaleString('en')} (${BASELINE_ITEMS.toLocaleString('en')} items)`,
			target: '—',
			verdict: '—',
		},
	];
	rows.push(
		collectGarbage === undefined
			? {
					group,
					measurement: 'heap growth',
					ours: 'not measured: run node with --expose-gc',
					baseline: '—',
					target: 'flat',
					verdict: '—',
				}
			: {
					group,
					measurement: `heapUsed after GC: before → after run 1 → after run ${RUNS}`,
					ours: `${mb(before)} → ${mb(afterFirst)} → ${mb(afterLast)}: ${signed(afterLast - afterFirst)} over runs 2–${RUNS}`,
					baseline: '—',
					target: `flat: < ${mb(FLAT_MEMORY_BYTES)} over runs 2–${RUNS}`,
					verdict: verdict(afterLast - afterFirst < FLAT_MEMORY_BYTES),
				},
	);
	return rows;
}
