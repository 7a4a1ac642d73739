/* eslint-disable no-console, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- the benchmark's command line: it finds the repository, prints the results and writes bench/RESULTS.md */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';

import { startPersonrServer, type PersonrServer } from '../local-server/server';
import { EMAIL, PASSWORD } from '../test/support/personr';
import { measureColdLoad } from './coldLoad';
import { measureGetToken } from './getToken';
import { measureOverhead } from './overhead';
import {
	machineFacts,
	otherSuitesSections,
	resultsMarkdown,
	RUN_COMMAND,
	textTable,
} from './report';
import { measureStaleToken } from './staleToken';
import { measureThroughput } from './throughput';
import type { Row } from './support';
import { measureValidToken } from './validToken';

const GROUPS: Record<string, (server: PersonrServer, root: string) => Promise<Row[]> | Row[]> = {
	stale: (server) => measureStaleToken(server),
	valid: (server) => measureValidToken(server),
	overhead: (server) => measureOverhead(server),
	'get-token': (server) => measureGetToken(server),
	load: (_server, root) => measureColdLoad(root),
	throughput: (_server, root) => measureThroughput(root),
};

/** The repository root, whether this runs compiled in .build/bench or elsewhere from the repository. */
function repositoryRoot(): string {
	for (let folder = __dirname; dirname(folder) !== folder; folder = dirname(folder)) {
		if (existsSync(join(folder, 'tsconfig.tools.json'))) return folder;
	}
	return process.cwd();
}

async function main(): Promise<void> {
	const chosen = process.argv.slice(2);
	const unknown = chosen.filter((name) => !(name in GROUPS));
	if (unknown.length > 0)
		throw new Error(
			`Unknown group ${unknown.join(', ')}; usage: ${RUN_COMMAND} [${Object.keys(GROUPS).join('|')}]…`,
		);
	const groups = chosen.length > 0 ? chosen : Object.keys(GROUPS);
	const root = repositoryRoot();
	if (groups.includes('load') && !existsSync(join(root, 'dist', 'nodes')))
		throw new Error('dist/ is missing: run npm run build first');

	const started = performance.now();
	const date = new Date();
	const machine = machineFacts();
	const server = await startPersonrServer({ accounts: [{ email: EMAIL, password: PASSWORD }] });
	const rows: Row[] = [];
	try {
		for (const group of groups) {
			const groupStarted = performance.now();
			rows.push(...(await GROUPS[group](server, root)));
			console.error(`${group}: ${((performance.now() - groupStarted) / 1000).toFixed(1)} s`);
		}
	} finally {
		await server.close();
	}
	console.log(textTable(rows));
	const missed = rows.filter((row) => row.verdict === 'missed').length;
	console.log(`\n${missed === 0 ? 'Every target met.' : `${missed} target(s) missed.`}`);
	// A partial run must not replace the full record.
	if (chosen.length === 0) {
		const file = join(root, 'bench', 'RESULTS.md');
		const kept = existsSync(file) ? otherSuitesSections(readFileSync(file, 'utf8')) : '';
		writeFileSync(
			file,
			resultsMarkdown(rows, (performance.now() - started) / 1000, date, machine) + kept,
		);
		console.log('Written: bench/RESULTS.md');
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
