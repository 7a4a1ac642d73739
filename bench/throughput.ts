import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { startPersonrServer, type PersonrServer } from '../local-server/server';
import { verdict, type Row } from './support';

/*
 * Runs in real n8n (both lines, installed by e2e/install-n8n.js) rather than in the in-process engine: the
 * baseline is n8n's own HTTP Request node, whose parallel sending and Batching option are the point of comparison.
 */

type Sender = { kind: 'personr'; parallelRequests?: number } | { kind: 'http'; batch?: { size: number; intervalMs: number } };
interface Case {
	key: string;
	items: number;
	perMinute?: number;
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
	physicalLimitMs(load: { items: number; perMinute?: number }, parallel: number): number;
	throughputBench(n8n: unknown, server: PersonrServer, cases: Case[]): Promise<{ run(key: string): Promise<Outcome> }>;
}
interface N8nInstance {
	version: string;
	installPackageTarball(tgz: string): Promise<unknown>;
	cleanup(): Promise<void>;
}

export const LOADS: Array<{ items: number; perMinute?: number }> = [
	{ items: 100 },
	{ items: 1000 },
	{ items: 100, perMinute: 1000 },
	{ items: 1000, perMinute: 1000 },
	{ items: 100, perMinute: 600 },
];
const DEFAULT_PARALLEL = 10;
const SEQUENTIAL_TARGET_RATIO = 0.2;
const LIMITED_TARGET_RATIO = 1.1;

const loadKey = (load: { items: number; perMinute?: number }) => `${load.items}${load.perMinute ? `@${load.perMinute}` : ''}`;
/** Batching a user would set for a per-minute limit: that many items a second, one batch a second. */
const batchFor = (perMinute: number) => ({ size: Math.floor(perMinute / 60), intervalMs: 1000 });

function casesOf(): Case[] {
	const cases: Case[] = [];
	for (const load of LOADS) {
		const key = loadKey(load);
		cases.push({ key: `${key} personr`, ...load, sender: { kind: 'personr' } });
		cases.push({ key: `${key} http`, ...load, sender: { kind: 'http' } });
		if (load.perMinute) cases.push({ key: `${key} http-batched`, ...load, sender: { kind: 'http', batch: batchFor(load.perMinute) } });
		if (load.items === 100 && !load.perMinute) cases.push({ key: `${key} personr-sequential`, ...load, sender: { kind: 'personr', parallelRequests: 1 } });
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
		const http = results.get(`${key} http`) as Outcome;
		const batched = results.get(`${key} http-batched`);
		const limit = load.perMinute ? `${load.perMinute.toLocaleString('en')}/min limit` : 'no limit';
		const physical = module.physicalLimitMs(load, DEFAULT_PARALLEL);
		const baseline = [`HTTP Request node: ${described(http)}`];
		if (batched && load.perMinute) {
			const batch = batchFor(load.perMinute);
			baseline.push(`with Batching ${batch.size} items / ${batch.intervalMs} ms: ${described(batched)}`);
		}
		let target = '—';
		let met: boolean | undefined;
		let note: string | undefined;
		const sequential = results.get(`${key} personr-sequential`);
		if (sequential) {
			baseline.push(`Personr node one item after another (Parallel Requests 1): ${described(sequential)}`);
			target = `≤ ${SEQUENTIAL_TARGET_RATIO} × one after another (${seconds(sequential.wallMs * SEQUENTIAL_TARGET_RATIO)})`;
			met = personr.failed === 0 && personr.wallMs <= sequential.wallMs * SEQUENTIAL_TARGET_RATIO;
		} else if (load.perMinute === 1000 && load.items === 1000) {
			const bound = (load.items / load.perMinute) * 60000 * LIMITED_TARGET_RATIO;
			target = `0 failed, ≤ ${seconds(bound)}`;
			met = personr.failed === 0 && personr.wallMs <= bound;
		} else if (load.perMinute === 600) {
			target = '0 failed';
			met = personr.failed === 0;
		}
		if (!personr.inOrder) {
			met = false;
			note = 'output items were not in input order';
		}
		if (met === false && personr.firstError) note = `first error: ${personr.firstError}`;
		rows.push({
			group,
			measurement: `${load.items.toLocaleString('en')} items, ${limit}, ${module.ANSWER_DELAY_MS} ms per call; physical limit at ${DEFAULT_PARALLEL} in flight ${seconds(physical)}`,
			ours: `Personr node, defaults: ${described(personr)}`,
			baseline: baseline.join('; '),
			target,
			verdict: met === undefined ? '—' : verdict(met),
			note,
		});
	}
	return rows;
}

/** The throughput table on n8n 1.x and 2.x: one `n8n execute` per case, all cases of a line in one n8n user folder. */
export async function measureThroughput(root: string): Promise<Row[]> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { install, VERSIONS } = require(join(root, 'e2e', 'install-n8n.js')) as { install(which: string): Promise<void>; VERSIONS: Record<string, unknown> };
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { createN8nInstance } = require(join(root, 'e2e', 'n8n.js')) as { createN8nInstance(options: { version: string }): N8nInstance };
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const module = require(join(root, 'e2e', 'throughput.js')) as ThroughputModule;
	await install('all');
	const packed = mkdtempSync(join(tmpdir(), 'personr-bench-'));
	const tarball = join(packed, execFileSync('npm', ['pack', '--pack-destination', packed, '--silent'], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop() as string);
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
				for (const testCase of cases) {
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
