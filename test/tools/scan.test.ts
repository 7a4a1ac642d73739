/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- a test of the scan script: it runs it with node on packages written to temporary folders */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

const SCAN = path.join(__dirname, '..', '..', 'scripts', 'scan.js');

function scan(
	flag: '--source' | '--unpacked',
	files: Record<string, string>,
): { status: number | null; output: string } {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-fixture-'));
	try {
		for (const [name, text] of Object.entries(files)) {
			fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
			fs.writeFileSync(path.join(dir, name), text);
		}
		const run = spawnSync(process.execPath, [SCAN, flag, dir], { encoding: 'utf8' });
		return { status: run.status, output: run.stdout + run.stderr };
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

const PACKAGE_JSON = JSON.stringify({
	name: 'n8n-nodes-fixture',
	version: '0.1.0',
	description: 'A fixture',
	keywords: ['n8n-community-node-package'],
	license: 'MIT',
	author: { name: 'Fixture', email: 'fixture@example.com' },
	n8n: { n8nNodesApiVersion: 1, nodes: ['dist/nodes/Fixture/Fixture.node.js'] },
	peerDependencies: { 'n8n-workflow': '*' },
});

describe('scripts/scan.js (n8n scanner lint)', () => {
	it('fails on a scanner error in the tarball (console use is an error there) and names it', () => {
		const { status, output } = scan('--unpacked', {
			'package.json': PACKAGE_JSON,
			'dist/nodes/Fixture/Fixture.node.js': "'use strict';\nconsole.log('hello');\n",
		});
		expect(output).toMatch(/no-console/);
		expect(output).toMatch(/n8n scan FAILED: 1 errors/);
		expect(status).toBe(1);
	}, 60_000);

	it('fails on a package.json the scanner rejects in the source (runtime dependencies)', () => {
		const { status, output } = scan('--source', {
			'package.json': JSON.stringify({
				...JSON.parse(PACKAGE_JSON),
				dependencies: { axios: '1.0.0' },
			}),
			'nodes/Fixture/Fixture.node.ts': 'export const fixture = 1;\n',
		});
		expect(output).toMatch(/n8n scan, source .*: [1-9]\d* errors/);
		expect(status).toBe(1);
	}, 60_000);
});
