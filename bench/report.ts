/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a benchmark report: it names the machine and the Node.js version */
import { cpus, loadavg, platform, release } from 'os';

import { CONCURRENT_EXECUTIONS, PARALLEL_ITEMS } from './staleToken';
import { EXECUTIONS } from './validToken';
import { ITEMS as OVERHEAD_ITEMS, REPETITIONS, WARM_UP } from './overhead';
import { BASELINE_ITEMS, FLAT_MEMORY_BYTES, ITEMS as TOKEN_ITEMS, RUNS } from './getToken';
import { LOADS } from './coldLoad';
import { LOADS as THROUGHPUT_LOADS } from './throughput';
import type { Row } from './support';

export const RUN_COMMAND = 'node --expose-gc .build/bench/run.js';

const COLUMNS: Array<[Exclude<keyof Row, 'group' | 'note'>, string]> = [
	['measurement', 'Measurement'],
	['ours', 'This package'],
	['baseline', 'Baseline'],
	['target', 'Target'],
	['verdict', 'Target met'],
];

/** A plain-text table for the terminal, grouped like RESULTS.md. */
export function textTable(rows: Row[]): string {
	const widths = COLUMNS.map(([key, title]) =>
		Math.max(title.length, ...rows.map((row) => row[key].length)),
	);
	const line = (cells: string[]) =>
		cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join(' | ');
	const out = [
		line(COLUMNS.map(([, title]) => title)),
		widths.map((width) => '-'.repeat(width)).join('-|-'),
	];
	let group = '';
	for (const row of rows) {
		if (row.group !== group) out.push(`[${(group = row.group)}]`);
		out.push(line(COLUMNS.map(([key]) => row[key])));
	}
	return out.join('\n');
}

function markdownTable(rows: Row[]): string {
	const cell = (text: string) => text.replace(/\|/g, '\\|');
	const out = [
		`| Group | ${COLUMNS.map(([, title]) => title).join(' | ')} |`,
		`|${' --- |'.repeat(COLUMNS.length + 1)}`,
	];
	for (const row of rows)
		out.push(`| ${cell(row.group)} | ${COLUMNS.map(([key]) => cell(row[key])).join(' | ')} |`);
	return out.join('\n');
}

export function machineFacts(): string {
	const cpu = cpus();
	const model = cpu[0]?.model.trim() ?? 'unknown model';
	// Timings depend on what else the machine is doing; the load average at the start says how busy it was.
	return `Node ${process.version}, ${cpu.length} CPU${cpu.length === 1 ? '' : 's'} (${model}), ${platform()} ${release()}, load average ${loadavg()[0]?.toFixed(2)}`;
}

/** Sections other suites record in RESULTS.md (the queue-mode suite's, from its heading on): a bench run keeps them. */
const OTHER_SUITES_HEADING = '\n## Queue mode';

export function otherSuitesSections(existing: string): string {
	const at = existing.indexOf(OTHER_SUITES_HEADING);
	return at < 0 ? '' : existing.slice(at);
}

/** `machine` is taken when the run starts (machineFacts()), so the load average describes the run, not its end. */
export function resultsMarkdown(rows: Row[], seconds: number, date: Date, machine: string): string {
	const missed = rows.filter((row) => row.verdict === 'missed');
	const flatMb = (FLAT_MEMORY_BYTES / 1024 / 1024).toFixed(0);
	return `# Benchmark results

Written by \`npm run bench\` on ${date.toISOString().slice(0, 10)} (${machine}); the measurements took ${seconds.toFixed(0)} s.

Every row runs this package and its baseline side by side in one run, against the bundled local Personr server.
Groups 1–5 run in one process with n8n's workflow engine (so the server's work is part of every timing); group 6
runs real n8n.
The **baseline** is the textbook credential (\`bench/textbookCredential.ts\`): the same fields and Bearer header as
the Personr API credential, but its preAuthentication simply logs in whenever n8n asks, as n8n's built-in Metabase
credential does. Where the package offers something the textbook credential has no counterpart for (Get Token),
the baseline is what a user would build instead, and the row says so.

## Results

${markdownTable(rows)}

## Targets missed

${missed.length === 0 ? 'None.' : missed.map((row) => `- ${row.group}: ${row.measurement} — ${row.ours} (target ${row.target}).${row.note ? ` ${row.note}` : ''}`).join('\n')}

## How to reproduce

\`\`\`sh
npm ci
npm run bench        # build, compile the bench, run every group, rewrite this file
\`\`\`

After one \`npm run bench\` (or \`npm run build && npx tsc -p tsconfig.tools.json\`), a single group can be run
again without rewriting this file: \`${RUN_COMMAND} <group>\` with \`stale\`, \`valid\`, \`overhead\`,
\`get-token\`, \`load\` or \`throughput\`. \`--expose-gc\` is needed only for the heap figures of \`get-token\`.
\`throughput\` runs real n8n 1.x and 2.x and installs them into \`.cache/\` on first use (several minutes, once).

## What each group measures

1. **Stale token** (\`stale\`, bench/staleToken.ts). The stored credential holds a token Personr has revoked
   (a login happened elsewhere) and n8n has just started (nothing in memory). K = ${PARALLEL_ITEMS.join(', ')} items go
   through (a) the HTTP Request node with the credential as predefined credential type (\`test.httpCall\`, which
   starts every item's request before awaiting any, and re-runs preAuthentication and retries once on any error,
   like n8n's node), creating one applicant per item; (b) the Personr node creating an applicant per item, with its
   default of 10 items in flight; (c) ${CONCURRENT_EXECUTIONS} executions of a one-item Personr node workflow started together in one
   process, sharing the stored credential. Logins are counted by the server; failed items are error items under
   "continue on fail". The Personr node asks for the credential type \`personrApi\` by name, so for its baseline the
   textbook credential is registered under that name in a run of its own (no product code changed).
2. **Valid token** (\`valid\`, bench/validToken.ts). The stored token is valid; ${EXECUTIONS} executions in a row, each as in a
   fresh process (in-memory state cleared), through the HTTP Request node with the credential, the Personr node
   (Create Applicant) and Get Token. Get Token's baseline is an HTTP Request node POSTing \`api-basic-auth\` with the
   Basic header, the documented way to get a token without this package.
3. **Per-item overhead** (\`overhead\`, bench/overhead.ts). N = ${OVERHEAD_ITEMS} items, ${REPETITIONS} measured repetitions after
   ${WARM_UP} warm-up, contenders interleaved. Time per item = the node's own execute() time / N (engine setup excluded).
   The Personr node runs Get Applicant Status (\`api-applicant-status\`, with the credential, Parallel Requests 1, output simplified by
   default). The like-for-like reference is a bare node that POSTs the same body with a Bearer header through
   \`this.helpers.httpRequest\`, one item after another as the Personr node then does (its parallel sending is
   measured in group 6). Also shown: the HTTP Request node
   with the header (items in parallel); the bare node signing its requests with the Personr API credential through
   \`httpRequestWithAuthentication\` as the Personr node does, which separates n8n's credential handling from the
   Personr node's own code; and a raw \`fetch()\` loop outside n8n. Ratio = Personr node / reference, of the medians
   and of the p95s (nearest rank over the repetitions); the target is ≤ ×1.10 for both.
4. **Get Token on ${TOKEN_ITEMS.toLocaleString('en')} items** (\`get-token\`, bench/getToken.ts). A credential without a token, a fresh
   process, ${RUNS} runs. Throughput = items / the node's execute() time. Memory = \`process.memoryUsage().heapUsed\`
   after \`global.gc()\`, before the first run and after each run once its output is dropped; "flat" means the runs
   after the first leave less than ${flatMb} MB on the heap (the first run in a process is shown but not judged: it
   also pays for whatever any first use leaves behind, such as compiled code). The baseline fetches a token per item
   with an HTTP Request node calling \`api-basic-auth\`, on ${BASELINE_ITEMS.toLocaleString('en')} items (all logins in parallel, as that node
   sends them; fewer items keep the run short), and counts how many of the tokens it got are still valid afterwards.
5. **Load and size** (\`load\`, bench/coldLoad.ts). \`require()\` time of \`dist/credentials/PersonrApi.credentials.js\` and
   \`dist/nodes/Personr/Personr.node.js\` in a fresh \`node\` process, median of ${LOADS}; once cold (n8n-workflow loaded by the
   node's require) and once with n8n-workflow loaded first, as inside n8n. Package size from
   \`npm pack --dry-run --json\`. No baseline or target.
6. **Throughput** (\`throughput\`, bench/throughput.ts and e2e/throughput.ts). Not in the in-process engine: the packed
   package in real n8n 1.123 and 2.40, one \`n8n execute\` process per case, so no token, pacing or window memory carries
   over. Manual Trigger → Set → Split Out → Create Applicant, against the local server answering every call after 200 ms,
   ${THROUGHPUT_LOADS.map((load) => `${load.items.toLocaleString('en')} items${load.perMinute ? ` at ${load.perMinute.toLocaleString('en')}/min` : load.slowing ? ' against a server that slows under load' : ' without a limit'}`).join(', ')} (the server answers 429 with
   Retry-After beyond the limit, a token bucket holding one second's worth, as Bubble limits an app; the slowing server
   answers after 100 ms + 20 ms for each call in flight beyond 10). Contenders: the Personr node with its defaults (the
   adaptive window, at most 50 in flight); the Personr node with Parallel Requests 10 (the fixed window of earlier
   versions); the HTTP Request node with the predefined credential, with its defaults (all items at once) and, under a
   limit, with Batching set to that limit (limit/60 items every 1,000 ms). Wall time is the node's own execution time
   from n8n's run data; failed items are error items under "continue on fail"; 429s and logins are counted by the
   server. Physical limit at most 50 in flight = max(⌈N / 50⌉ × 200 ms, N / limit); on the slowing server, the best
   of ⌈N / n⌉ × (its answer time at n in flight) for n ≤ 50 (n = 10: 100 ms). Target: the Personr node's defaults
   within 1.3 × the physical limit with 0 failed items, on both lines.
`;
}
