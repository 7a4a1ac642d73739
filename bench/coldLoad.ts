/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- a benchmark: it times fresh node processes loading the package and stops with a plain Error when one cannot */
import { execFileSync } from 'child_process';
import { join } from 'path';

import { median, ms, type Row } from './support';

export const LOADS = 7;

const CREDENTIAL = 'dist/credentials/PersonrApi.credentials.js';
const NODE = 'dist/nodes/Personr/Personr.node.js';

/**
 * Milliseconds a fresh `node` process spends in require() of `modules`, after requiring `preload` (untimed).
 * n8n has n8n-workflow loaded long before it loads a community package, so that case is measured separately.
 */
function loadTime(root: string, modules: string[], preload: string[] = []): number {
	const script = `
		const { performance } = require('perf_hooks');
		for (const name of ${JSON.stringify(preload)}) require(name);
		const started = performance.now();
		for (const file of ${JSON.stringify(modules.map((module) => join(root, module)))}) require(file);
		process.stdout.write(String(performance.now() - started));
	`;
	const once = (): number => {
		try {
			return Number(
				execFileSync(process.execPath, ['-e', script], {
					cwd: root,
					encoding: 'utf8',
					stdio: ['ignore', 'pipe', 'pipe'],
				}),
			);
		} catch (error) {
			const stderr = String((error as { stderr?: unknown }).stderr ?? '');
			const reason = /^\w*Error: .*$/m.exec(stderr)?.[0] ?? (error as Error).message;
			throw new Error(`Loading ${modules.join(' and ')} failed (is dist/ built?): ${reason}`);
		}
	};
	return median(Array.from({ length: LOADS }, once));
}

interface PackSummary {
	size: number;
	unpackedSize: number;
	entryCount: number;
}

/** What `npm pack` would publish (from the current dist/), without writing the tarball. */
function packSummary(root: string): PackSummary {
	const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: root,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	const [summary] = JSON.parse(output) as PackSummary[];
	if (summary === undefined) throw new Error('npm pack --dry-run printed no package');
	return summary;
}

/** 5. Load time of the built modules in a fresh process (median of LOADS) and the size of the published package. */
export function measureColdLoad(root: string): Row[] {
	const group = '5. load and size';
	const row = (measurement: string, value: string): Row => ({
		group,
		measurement,
		ours: value,
		baseline: '—',
		target: '—',
		verdict: '—',
	});
	const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
	const pack = packSummary(root);
	return [
		row(
			`require() of the credential, fresh process (median of ${LOADS})`,
			ms(loadTime(root, [CREDENTIAL])),
		),
		row(`require() of the node, fresh process (median of ${LOADS})`, ms(loadTime(root, [NODE]))),
		row(
			`require() of credential + node with n8n-workflow already loaded, as in n8n (median of ${LOADS})`,
			ms(loadTime(root, [CREDENTIAL, NODE], ['n8n-workflow'])),
		),
		row(
			'npm pack: tarball size; unpacked; files',
			`${kb(pack.size)}; ${kb(pack.unpackedSize)}; ${pack.entryCount} files`,
		),
	];
}
