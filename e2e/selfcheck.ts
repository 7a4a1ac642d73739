/* eslint-disable no-console, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-hardcoded-secrets -- a command-line check, not a node: it prints its steps, runs `npm pack`, serves HTTP, reads argv and sets the exit code; its token is a made-up fixture value */
// Proves the e2e groundwork against real n8n:
//   node .build/e2e/selfcheck.js [--version 1|2|all]
// For each version: install (if needed), load a throw-away community package
// from an `npm pack` tarball, run a workflow through the CLI (Set with an
// expression -> the package's node -> HTTP Request with the package's
// credential as "Predefined Credential Type" against a local server), read the
// credential back, then start n8n with an active Webhook workflow and call it 3
// times concurrently. Prints a timing line per step; exits non-zero on failure.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { WorkflowNode } from './examples';
import { install, ROOT } from './install-n8n';
import { createN8nInstance } from './n8n';
import { chain, node } from './workflow';

const PKG = 'n8n-nodes-e2e-probe';
const TOKEN = 'probe-token-1234';

interface EchoServer {
	server: http.Server;
	seen: Array<{ method?: string; url?: string; headers: http.IncomingHttpHeaders }>;
	url: string;
}

/** [step label, milliseconds] per step, in order. */
type Timings = Array<[string, number]>;

// Records every request and answers with what it saw, so a workflow's output
// shows which header arrived.
function startEchoServer(): Promise<EchoServer> {
	const seen: EchoServer['seen'] = [];
	const server = http.createServer((req, res) => {
		seen.push({ method: req.method, url: req.url, headers: req.headers });
		res.setHeader('content-type', 'application/json');
		if (req.url === '/fail') res.statusCode = 401;
		res.end(JSON.stringify({ url: req.url, probeToken: req.headers['x-probe-token'] || null }));
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () =>
			resolve({ server, seen, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
		),
	);
}

function packProbe(tmp: string): string {
	const src = path.join(ROOT, 'e2e', 'fixtures', 'probe-package');
	const name = execFileSync('npm', ['pack', '--pack-destination', tmp, '--silent'], {
		cwd: src,
		encoding: 'utf8',
	});
	return path.join(tmp, name.trim().split('\n').pop() as string);
}

async function timed<T>(label: string, times: Timings, fn: () => Promise<T>): Promise<T> {
	const t = Date.now();
	const result = await fn();
	times.push([label, Date.now() - t]);
	console.log(`  ${label}: ${((Date.now() - t) / 1000).toFixed(1)}s`);
	return result;
}

async function check(version: string, tgz: string, echo: EchoServer): Promise<Timings> {
	const times: Timings = [];
	const n8n = createN8nInstance({ version });
	console.log(`\n== n8n ${n8n.version} (user folder ${n8n.userFolder})`);
	try {
		await timed('installPackageTarball', times, () => n8n.installPackageTarball(tgz));
		const [credId] = await timed('import:credentials (first command: runs migrations)', times, () =>
			n8n.importCredentials([{ name: 'Probe', type: 'probeApi', data: { token: TOKEN } }]),
		);

		const hookPath = `selfcheck-${version}`;
		const httpNode = (urlPath: string): WorkflowNode =>
			node(
				'HTTP',
				'n8n-nodes-base.httpRequest',
				4.2,
				{
					url: `=${echo.url}${urlPath}`,
					authentication: 'predefinedCredentialType',
					nodeCredentialType: 'probeApi',
					options: {},
				},
				{ credentials: { probeApi: { id: credId, name: 'Probe' } } },
			);
		const [wfId, failId, hookId] = await timed('import:workflow (3 at once)', times, () =>
			n8n.importWorkflow([
				{
					name: 'selfcheck manual',
					nodes: [
						node('Start', 'n8n-nodes-base.manualTrigger', 1, {}),
						node('Set', 'n8n-nodes-base.set', 3.4, {
							assignments: {
								assignments: [{ id: 'a', name: 'answer', value: '={{ 40 + 2 }}', type: 'number' }],
							},
							options: {},
						}),
						node('Probe', `${PKG}.probe`, 1, { greeting: '=hi {{ $json.answer }}' }),
						httpNode('/echo?answer={{ $json.answer }}'),
					],
					connections: chain('Start', 'Set', 'Probe', 'HTTP'),
				},
				{
					name: 'selfcheck failing',
					nodes: [node('Start', 'n8n-nodes-base.manualTrigger', 1, {}), httpNode('/fail')],
					connections: chain('Start', 'HTTP'),
				},
				{
					name: 'selfcheck webhook',
					nodes: [
						node(
							'Webhook',
							'n8n-nodes-base.webhook',
							2,
							{ httpMethod: 'POST', path: hookPath, responseMode: 'lastNode', options: {} },
							{ webhookId: crypto.randomUUID() },
						),
						node('Probe', `${PKG}.probe`, 1, { greeting: '=n={{ $json.body.n }}' }),
					],
					connections: chain('Webhook', 'Probe'),
				},
			]),
		);
		const run = await timed('execute', times, () => n8n.execute(wfId));
		assert.deepEqual(n8n.outputOf(run, 'Set'), [{ answer: 42 }]);
		assert.deepEqual(n8n.outputOf(run, 'Probe'), [{ answer: 42, probed: true, greeting: 'hi 42' }]);
		assert.deepEqual(n8n.outputOf(run, 'HTTP'), [{ url: '/echo?answer=42', probeToken: TOKEN }]);

		// A failed run still yields its run data (exit code 1, noise after the JSON).
		const failed = await timed('execute (failing workflow)', times, () => n8n.execute(failId));
		assert.equal(failed.cli?.code, 1);
		assert.match(failed.data.resultData.error?.message ?? '', /401|Authorization/);
		assert.throws(() => n8n.outputOf(failed, 'HTTP'), /workflow failed/);

		const creds = await timed('export:credentials --decrypted', times, () =>
			n8n.exportCredentials(),
		);
		const saved = creds.find((c) => c.id === credId);
		assert.equal(saved?.type, 'probeApi');
		assert.equal(saved?.data.token, TOKEN);

		await timed('activate', times, () => n8n.activateWorkflow(hookId));
		const server = await timed('start (until ready)', times, () =>
			n8n.start({ webhooks: [hookPath] }),
		);
		const replies = await timed('3 concurrent webhook calls', times, () =>
			Promise.all(
				[1, 2, 3].map(async (n) => {
					const res = await fetch(server.webhookUrl(hookPath), {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({ n }),
					});
					const text = await res.text();
					assert.equal(
						res.status,
						200,
						`webhook answered ${res.status}: ${text}\n${server.logs().slice(-2000)}`,
					);
					return JSON.parse(text) as { greeting: string; probed: boolean };
				}),
			),
		);
		replies.forEach((r, i) => {
			assert.equal(r.greeting, `n=${i + 1}`);
			assert.equal(r.probed, true);
		});
		await timed('stop', times, () => server.stop());
		return times;
	} finally {
		await n8n.cleanup();
	}
}

async function main() {
	const i = process.argv.indexOf('--version');
	const which = i > 0 ? process.argv[i + 1] : 'all';
	const versions = which === 'all' ? ['1', '2'] : [which];
	const started = Date.now();
	for (const v of versions) await install(v);

	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-probe-'));
	const echo = await startEchoServer();
	const results: Record<string, Timings> = {};
	try {
		const tgz = packProbe(tmp);
		for (const v of versions) results[v] = await check(v, tgz, echo);
	} finally {
		echo.server.close();
		fs.rmSync(tmp, { recursive: true, force: true });
	}
	assert.ok(
		echo.seen.every((r) => r.headers['x-probe-token'] === TOKEN),
		'every request carried the credential header',
	);
	console.log('\nseconds per step:');
	for (const [label] of results[versions[0]]) {
		const cells = versions.map((v) =>
			((results[v].find((r) => r[0] === label) || [0, NaN])[1] / 1000).toFixed(1),
		);
		console.log(
			`  ${label.padEnd(52)} ${cells.map((c, i) => `v${versions[i]} ${c.padStart(5)}`).join('  ')}`,
		);
	}
	console.log(
		`\nselfcheck passed for n8n ${versions.join(', ')} in ${Math.round((Date.now() - started) / 1000)}s`,
	);
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
