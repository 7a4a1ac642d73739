/* eslint-disable no-console, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- a benchmark: it packs the package with npm, runs it in real n8n and reports progress */
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { startPersonrServer, type PersonrServer } from '../local-server/server';
import { MAX_WINDOW } from '../nodes/Personr/transport/window';
import { verdict, type Row } from './support';

/*
 * Runs in real n8n (both lines, installed by e2e/install-n8n.ts) rather than in the in-process engine: the
 * baseline is n8n's own HTTP Request node, whose parallel sending and Batching option are the point of comparison.
 */

type Sender =
	| { kind: 'personr'; parallelRequests?: number }
	| { kind: 'http'; batch?: { size: number; intervalMs: number } };
interface Load {
	items: number;
	perMinute?: number;
	/** Against the server that slows as more calls are in flight (e2e/throughput.ts SLOWING). */
	slowing?: boolean;
	/** After the same sender has sent as many items in the same run (e2e/throughput.ts ThroughputCase.warm). */
	warm?: boolean;
}
interface Case extends Load {
	key: string;
	sender: Sender;
}
interface Outcome {
	wallMs: number;
	failed: number;
	firstError?: string;
	inOrder: boolean;
	rateLimited: number;
	logins: number;
}
interface ThroughputModule {
	ACCOUNT: { email: string; password: string };
	ANSWER_DELAY_MS: number;
	SLOWING: { answerDelayMs: number; loadDelay: { beyond: number; perCallMs: number } };
	physicalLimitMs(load: Load, parallel: number): number;
	throughputBench(
		n8n: unknown,
		server: PersonrServer,
		cases: Case[],
	): Promise<{ run(key: string): Promise<Outcome> }>;
}

export const LOADS: Load[] = [
	{ items: 1000 },
	{ items: 1000, perMinute: 15000 },
	{ items: 1000, perMinute: 1000 },
	{ items: 100, perMinute: 600 },
	{ items: 1000, slowing: true },
	{ items: 1000, warm: true },
];
/** The fixed window of earlier versions: a saved Parallel Requests of 10 now caps the adaptive window there. */
const FIXED_WINDOW = 10;
/** Every row within this many times its physical limit, with 0 failed items. */
const TARGET_RATIO = 1.3;

const loadKey = (load: Load) =>
	`${load.items}${load.perMinute ? `@${load.perMinute}` : ''}${load.slowing ? ' slowing' : ''}${load.warm ? ' warm' : ''}`;
/** Batching a user would set for a per-minute limit: that many items a second, one batch a second. */
const batchFor = (perMinute: number) => ({ size: Math.floor(perMinute / 60), intervalMs: 1000 });

/**
 * Run before the measured cases and not reported: it logs the account in, which happens once per account and
 * not once per run, so that no measured case pays for it and the first one is not set apart from the others.
 */
const LOG_IN: Case = { key: 'log in', items: 1, sender: { kind: 'personr' } };

function casesOf(): Case[] {
	const cases: Case[] = [LOG_IN];
	for (const load of LOADS) {
		const key = loadKey(load);
		cases.push({ key: `${key} personr`, ...load, sender: { kind: 'personr' } });
		cases.push({
			key: `${key} personr-fixed`,
			...load,
			sender: { kind: 'personr', parallelRequests: FIXED_WINDOW },
		});
		cases.push({ key: `${key} http`, ...load, sender: { kind: 'http' } });
		if (load.perMinute)
			cases.push({
				key: `${key} http-batched`,
				...load,
				sender: { kind: 'http', batch: batchFor(load.perMinute) },
			});
	}
	return cases;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
const described = (outcome: Outcome) =>
	`${seconds(outcome.wallMs)}, ${outcome.failed} failed, ${outcome.rateLimited} × 429, ${outcome.logins} login${outcome.logins === 1 ? '' : 's'}`;

function rowsFor(line: string, results: Map<string, Outcome>, module: ThroughputModule): Row[] {
	const rows: Row[] = [];
	const group = `6. throughput, n8n ${line}`;
	for (const load of LOADS) {
		const key = loadKey(load);
		const personr = results.get(`${key} personr`) as Outcome;
		const fixed = results.get(`${key} personr-fixed`) as Outcome;
		const http = results.get(`${key} http`) as Outcome;
		const batched = results.get(`${key} http-batched`);
		const server = load.slowing
			? `${module.SLOWING.answerDelayMs} ms per call + ${module.SLOWING.loadDelay.perCallMs} ms for each call in flight beyond ${module.SLOWING.loadDelay.beyond}`
			: `${module.ANSWER_DELAY_MS} ms per call, ${load.perMinute ? `${load.perMinute.toLocaleString('en')}/min limit` : 'no limit'}`;
		const physical = module.physicalLimitMs(load, MAX_WINDOW);
		const warm = load.warm
			? `, right after the same node sent ${load.items.toLocaleString('en')} items in the same run (a process that has been working)`
			: '';
		const baseline = [
			`Parallel Requests ${FIXED_WINDOW} (the fixed window of earlier versions): ${described(fixed)}`,
			`HTTP Request node: ${described(http)}`,
		];
		if (batched && load.perMinute) {
			const batch = batchFor(load.perMinute);
			baseline.push(
				`with Batching ${batch.size} items / ${batch.intervalMs} ms: ${described(batched)}`,
			);
		}
		const bound = physical * TARGET_RATIO;
		let met = personr.failed === 0 && personr.wallMs <= bound;
		let note: string | undefined;
		if (!personr.inOrder) {
			met = false;
			note = 'output items were not in input order';
		}
		if (!met && personr.firstError) note = `first error: ${personr.firstError}`;
		if (!met && note === undefined)
			note = `${(personr.wallMs / physical).toFixed(2)} × the physical limit`;
		rows.push({
			group,
			measurement: `${load.items.toLocaleString('en')} items, ${server}${warm}; physical limit (at most ${MAX_WINDOW} in flight) ${seconds(physical)}`,
			ours: `Personr node, defaults: ${described(personr)}`,
			baseline: baseline.join('; '),
			target: `0 failed, ≤ ${TARGET_RATIO} × physical limit (${seconds(bound)})`,
			verdict: verdict(met),
			note,
		});
	}
	return rows;
}

/** The throughput table on n8n 1.x and 2.x: one `n8n execute` per case, all cases of a line in one n8n user folder. */
export async function measureThroughput(root: string): Promise<Row[]> {
	const { install, VERSIONS } = await import('../e2e/install-n8n');
	const { createN8nInstance } = await import('../e2e/n8n');
	const module = await import('../e2e/throughput');
	await install('all');
	const packed = mkdtempSync(join(tmpdir(), 'personr-bench-'));
	const tarball = join(
		packed,
		execFileSync('npm', ['pack', '--pack-destination', packed, '--silent'], {
			cwd: root,
			encoding: 'utf8',
		})
			.trim()
			.split('\n')
			.pop() as string,
	);
	const server = await startPersonrServer({ accounts: [module.ACCOUNT] });
	const rows: Row[] = [];
	try {
		for (const version of Object.keys(VERSIONS)) {
			const n8n = createN8nInstance({ version });
			try {
				await n8n.installPackageTarball(tarball);
				const cases = casesOf();
				const bench = await module.throughputBench(n8n, server, cases);
				const results = new Map<string, Outcome>();
				await bench.run(LOG_IN.key);
				for (const testCase of cases.filter((c) => c !== LOG_IN)) {
					const outcome = await bench.run(testCase.key);
					results.set(testCase.key, outcome);
					console.error(`  n8n ${n8n.version}, ${testCase.key}: ${described(outcome)}`);
				}
				rows.push(...rowsFor(n8n.version, results, module));
			} finally {
				await n8n.cleanup();
			}
		}
	} finally {
		await server.close();
		rmSync(packed, { recursive: true, force: true });
	}
	return rows;
}
