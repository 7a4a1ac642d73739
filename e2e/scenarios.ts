/* eslint-disable no-console, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-hardcoded-secrets -- the end-to-end suite's command line: it packs the package, prints its progress and uses a fixed test webhook token, not a secret */
// The end-to-end suite: the packed package inside real n8n (1.x on Node 20, 2.x on Node 24) against the
// local Personr server. Usage: node .build/e2e/scenarios.js [--version 1|2|all]
// Needs `npm run build && tsc -p tsconfig.tools.json` first (npm run test:e2e does both).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPersonrServer } from '../local-server/server';
import { AGENT_ACCOUNT, agentScenarios, type AgentContext } from './agent';
import { adapt, example, type Workflow, type WorkflowNode } from './examples';
import { install, ROOT } from './install-n8n';
import { createN8nInstance, type RunData } from './n8n';
import { scanForSecrets, type Transcript } from './secrets';
import { ACCOUNT as THROUGHPUT_ACCOUNT, ANSWER_DELAY_MS, throughputBench } from './throughput';
import { node, chain, resultWebhook, startSink } from './workflow';

type Account = { email: string; password: string };
interface Report {
	passed: string[];
	failed: string[];
}

const httpRequestNode = (): WorkflowNode =>
	example('http-request-predefined-credential').nodes.find(
		(n) => n.type === 'n8n-nodes-base.httpRequest',
	) as WorkflowNode;

const ACCOUNTS = {
	main: { email: 'n8n-e2e@personr.local', password: 'e2e pass: wörd ünïcode' },
	body: { email: 'n8n-e2e-body@personr.local', password: 'body-method:secret' },
	dev: { email: 'n8n-e2e-dev@personr.local', password: 'dev-secret-password' },
	// The automatic Trigger setup registers this account's workspace webhook; no other scenario uses it.
	hook: { email: 'n8n-e2e-hook@personr.local', password: 'hook-secret-password' },
};
const WRONG_PASSWORD = 'definitely-wrong: password';
const WEBHOOK_HEADER = 'x-personr-webhook-token';
const WEBHOOK_TOKEN = 'e2e-webhook-shared-token';

/** Manual Trigger → Set (a list of n) → Split Out → HTTP Request with the credential: n items in one node run. */
function manyItems(id: string, baseUrl: string, credentialId: string, count: number): Workflow {
	const http = httpRequestNode();
	return adapt(
		{
			nodes: [
				node('Start', 'n8n-nodes-base.manualTrigger', 1, {}),
				node('List', 'n8n-nodes-base.set', 3.4, {
					mode: 'raw',
					jsonOutput: JSON.stringify({ item: Array.from({ length: count }, (_, i) => i) }),
					options: {},
				}),
				node('Split', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'item', options: {} }),
				{ ...http, name: 'Create Applicant' },
			],
			connections: chain('Start', 'List', 'Split', 'Create Applicant'),
			settings: { executionOrder: 'v1' },
		},
		{ id, baseUrl, credentialId },
	);
}

/** Webhook → HTTP Request with the credential, answering with the last node's output. */
function webhookWorkflow(
	id: string,
	baseUrl: string,
	credentialId: string,
	hookPath: string,
): Workflow {
	const http = httpRequestNode();
	return adapt(
		{
			nodes: [
				node(
					'Webhook',
					'n8n-nodes-base.webhook',
					2,
					{ httpMethod: 'POST', path: hookPath, responseMode: 'lastNode', options: {} },
					{ webhookId: hookPath },
				),
				{ ...http, name: 'Create Applicant' },
			],
			connections: chain('Webhook', 'Create Applicant'),
			settings: { executionOrder: 'v1' },
		},
		{ id, baseUrl, credentialId },
	);
}

// A 1×1 PNG, so the onboarding can upload a real image.
const TINY_PNG =
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** The onboarding example with a real document: Set (base64) → Convert to File feeds Upload Document. */
function onboardingWithDocument(id: string, baseUrl: string, credentialId: string): Workflow {
	const workflow = adapt(example('onboarding-kyc'), { id, baseUrl, credentialId });
	const nodes = workflow.nodes.map((n) =>
		n.name === 'Upload Document' ? { ...n, disabled: false } : n,
	);
	nodes.push(
		node('Document', 'n8n-nodes-base.set', 3.4, {
			mode: 'raw',
			jsonOutput: JSON.stringify({ png: TINY_PNG }),
			options: {},
		}),
		node('To File', 'n8n-nodes-base.convertToFile', 1.1, {
			operation: 'toBinary',
			sourceProperty: 'png',
			options: { fileName: 'passport.png', mimeType: 'image/png' },
		}),
	);
	const connections: Record<string, unknown> = { ...workflow.connections };
	connections['Create Verification Link'] = {
		main: [[{ node: 'Document', type: 'main', index: 0 }]],
	};
	connections.Document = { main: [[{ node: 'To File', type: 'main', index: 0 }]] };
	connections['To File'] = { main: [[{ node: 'Upload Document', type: 'main', index: 0 }]] };
	return { ...workflow, nodes, connections };
}

const personrGetToken = (id: string, credentialId: string): Workflow => ({
	id,
	name: id,
	nodes: [
		node('Start', 'n8n-nodes-base.manualTrigger', 1, {}),
		node(
			'Get Token',
			'n8n-nodes-personr.personr',
			1,
			{ resource: 'token', operation: 'getToken', options: {} },
			{
				credentials: { personrApi: { id: credentialId, name: credentialId } },
			},
		),
	],
	connections: chain('Start', 'Get Token'),
	settings: { executionOrder: 'v1' },
});

function packPackage(tmp: string): string {
	const out = execFileSync('npm', ['pack', '--pack-destination', tmp, '--silent'], {
		cwd: ROOT,
		encoding: 'utf8',
	});
	return path.join(tmp, out.trim().split('\n').pop() as string);
}

async function runVersion(version: string, tgz: string, report: Report): Promise<void> {
	const server = await startPersonrServer({
		accounts: [...Object.values(ACCOUNTS), AGENT_ACCOUNT],
		checkDelayMs: 500,
	});
	const sink = await startSink();
	const n8n = createN8nInstance({ version });
	const transcripts: Transcript[] = [];
	const record = (label: string, value: unknown): void => {
		transcripts.push({ label, text: typeof value === 'string' ? value : JSON.stringify(value) });
	};
	const scenario = async (name: string, body: () => Promise<void>): Promise<void> => {
		const started = Date.now();
		try {
			await body();
			report.passed.push(`n8n ${n8n.version}: ${name}`);
			console.log(`  ok    ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
		} catch (caught) {
			const error = caught as Error;
			report.failed.push(`n8n ${n8n.version}: ${name}: ${error.message}`);
			console.log(
				`  FAIL  ${name}\n${String(error.stack || error.message)
					.split('\n')
					.map((l) => `        ${l}`)
					.join('\n')}`,
			);
		}
	};
	const execute = async (id: string): Promise<RunData> => {
		const run = await n8n.execute(id);
		record(`execute ${id}`, run);
		record(`execute ${id} logs`, run.cli!.stdout + run.cli!.stderr);
		return run;
	};
	const savedCredential = async (id: string) =>
		(await n8n.exportCredentials()).find((c) => c.id === id)!.data;
	console.log(`\n== n8n ${n8n.version}`);
	try {
		await n8n.installPackageTarball(tgz);
		const credential = (
			name: string,
			account: Account,
			extra: Record<string, unknown> = {},
		): ReturnType<AgentContext['credential']> => ({
			id: name,
			name,
			type: 'personrApi',
			data: {
				email: account.email,
				password: account.password,
				environment: 'custom',
				baseUrl: server.liveBaseUrl,
				loginMethod: 'basicAuth',
				...extra,
			},
		});
		await n8n.importCredentials([
			credential('personrmain', ACCOUNTS.main),
			credential('personrwrong', { ...ACCOUNTS.main, password: WRONG_PASSWORD }),
			credential('personrbody', ACCOUNTS.body, { loginMethod: 'bodyParameters' }),
			credential('personrdev', ACCOUNTS.dev, { baseUrl: `${server.developmentBaseUrl}/` }),
			credential('personrhookapi', ACCOUNTS.hook),
			{
				id: 'personrhook',
				name: 'personrhook',
				type: 'personrWebhookApi',
				data: { headerName: WEBHOOK_HEADER, token: WEBHOOK_TOKEN },
			},
		]);
		const base = server.liveBaseUrl;
		const hookPath = `personr-e2e-${version}`;
		const resultHookId = `personr-results-${version}`;
		const autoHookId = `personr-registered-${version}`;
		await n8n.importWorkflow([
			adapt(example('get-token-then-http-request'), {
				id: 'wfheader',
				baseUrl: base,
				credentialId: 'personrmain',
			}),
			adapt(example('http-request-predefined-credential'), {
				id: 'wfpredefined',
				baseUrl: base,
				credentialId: 'personrmain',
			}),
			personrGetToken('wfgettoken', 'personrmain'),
			manyItems('wfmany', base, 'personrmain', 20),
			webhookWorkflow('wfwebhook', base, 'personrmain', hookPath),
			personrGetToken('wfwrongtoken', 'personrwrong'),
			adapt(example('http-request-predefined-credential'), {
				id: 'wfwronghttp',
				baseUrl: base,
				credentialId: 'personrwrong',
			}),
			adapt(example('http-request-predefined-credential'), {
				id: 'wfbody',
				baseUrl: base,
				credentialId: 'personrbody',
			}),
			adapt(example('http-request-predefined-credential'), {
				id: 'wfdev',
				baseUrl: server.developmentBaseUrl,
				credentialId: 'personrdev',
			}),
			onboardingWithDocument('wfonboarding', base, 'personrmain'),
			resultWebhook('wfresult', resultHookId, 'personrhook', sink.url),
			resultWebhook('wfauto', autoHookId, 'personrhookapi', sink.url, { automatic: true }),
			onboardingWithDocument('wfautoonboarding', base, 'personrhookapi'),
		]);
		await n8n.activateWorkflow('wfwebhook');
		await n8n.activateWorkflow('wfresult');

		await scenario(
			'1. fresh credential: Get Token → HTTP Request with the header, one login',
			async () => {
				server.resetCounters();
				const run = await execute('wfheader');
				const [token] = n8n.outputOf(run, 'Get Token');
				assert.equal(token.token, server.currentToken(ACCOUNTS.main.email));
				assert.equal(token.authorizationHeader, `Bearer ${token.token}`);
				const [created] = n8n.outputOf(run, 'Create Applicant');
				assert.equal(created.status, 'success');
				assert.equal(server.counters.logins, 1);
			},
		);

		await scenario(
			'2. Get Token saved its token: the HTTP Request node with the predefined credential, in a new process, needs no login',
			async () => {
				server.resetCounters();
				assert.equal(
					n8n.outputOf(await execute('wfpredefined'), 'Create Applicant')[0].status,
					'success',
				);
				// Scenario 1's Get Token went through n8n's own renewal, so n8n saved the token it returned.
				assert.equal(server.counters.logins, 0);
				server.resetCounters();
				assert.equal(
					n8n.outputOf(await execute('wfpredefined'), 'Create Applicant')[0].status,
					'success',
				);
				assert.equal(server.counters.logins, 0);
			},
		);

		await scenario(
			'3. revoked token: renewed once, persisted, then Get Token returns it without a login',
			async () => {
				server.revokeToken(ACCOUNTS.main.email);
				server.resetCounters();
				assert.equal(
					n8n.outputOf(await execute('wfpredefined'), 'Create Applicant')[0].status,
					'success',
				);
				assert.equal(server.counters.logins, 1);
				const renewed = server.currentToken(ACCOUNTS.main.email);
				assert.equal(
					(await savedCredential('personrmain')).token,
					renewed,
					'renewed token persisted',
				);
				server.resetCounters();
				await execute('wfpredefined');
				assert.equal(server.counters.logins, 0);
				const [token] = n8n.outputOf(await execute('wfgettoken'), 'Get Token');
				assert.equal(token.token, renewed);
				assert.equal(server.counters.logins, 0);
			},
		);

		await scenario(
			'4. 20 items through the HTTP Request node with a stale token: 1 login, 20 successes',
			async () => {
				server.revokeToken(ACCOUNTS.main.email);
				server.resetCounters();
				const items = n8n.outputOf(await execute('wfmany'), 'Create Applicant');
				assert.equal(items.length, 20);
				assert.equal(items.filter((item) => item.status === 'success').length, 20);
				assert.equal(server.counters.logins, 1);
			},
		);

		await scenario(
			'5. 10 concurrent webhook executions in a running n8n with a stale token: 1 login, 10 successes',
			async () => {
				const running = await n8n.start({ webhooks: [hookPath] });
				try {
					server.revokeToken(ACCOUNTS.main.email);
					server.resetCounters();
					const answers = await Promise.all(
						Array.from({ length: 10 }, (_, i) =>
							fetch(running.webhookUrl(hookPath), {
								method: 'POST',
								headers: { 'content-type': 'application/json' },
								body: JSON.stringify({ i }),
							}).then(async (response) => ({
								status: response.status,
								body: await response.text(),
							})),
						),
					);
					record('webhook answers', answers);
					record('n8n start logs', running.logs());
					assert.deepEqual(
						answers.map((a) => a.status),
						Array(10).fill(200),
					);
					assert.equal(answers.filter((a) => JSON.parse(a.body).status === 'success').length, 10);
					assert.equal(server.counters.logins, 1);
				} finally {
					await running.stop();
				}
			},
		);

		await scenario(
			"6. wrong password: the run fails with Personr's reason and no secret anywhere",
			async () => {
				server.resetCounters();
				for (const id of ['wfwrongtoken', 'wfwronghttp']) {
					const run = await execute(id);
					const error = run.data.resultData.error;
					assert.ok(error, `${id} should fail`);
					const shown = `${error.message} ${error.description ?? ''}`;
					assert.match(shown, /rejected the email or password/);
					assert.match(shown, /We didn’t find an account with those login credentials/);
				}
				assert.ok(
					server.counters.failedLogins <= 2,
					`at most one failed login per run, saw ${server.counters.failedLogins}`,
				);
			},
		);

		await scenario('7. body-parameter login and /version-test/ paths work', async () => {
			server.resetCounters();
			assert.equal(n8n.outputOf(await execute('wfbody'), 'Create Applicant')[0].status, 'success');
			assert.equal(server.counters.calls['api-token-generate'], 1);
			assert.equal(server.counters.calls['api-basic-auth'] ?? 0, 0);
			server.resetCounters();
			assert.equal(n8n.outputOf(await execute('wfdev'), 'Create Applicant')[0].status, 'success');
			assert.ok(server.counters.byVersion.development >= 2);
			assert.equal(server.counters.byVersion.live, 0);
		});

		await scenario(
			'8. onboarding: create → link → upload → request check with the Personr node; the Personr Trigger receives the result',
			async () => {
				const running = await n8n.start({ webhooks: [`${resultHookId}/webhook`] });
				try {
					server.setWebhook(
						running.webhookUrl(`${resultHookId}/webhook`),
						WEBHOOK_HEADER,
						WEBHOOK_TOKEN,
					);
					const run = await execute('wfonboarding');
					const [created] = n8n.outputOf(run, 'Create Applicant');
					assert.match(n8n.outputOf(run, 'Create Verification Link')[0].verificationLink, /^http/);
					assert.equal(n8n.outputOf(run, 'Upload Document').length, 1);
					assert.equal(server.counters.calls['api-document-upload'] >= 1, true);
					const result = await sink.resultFor(created.applicantId);
					record('n8n start logs (results)', running.logs());
					assert.ok(result, 'the Personr Trigger handed over the verification result');
					assert.equal(result.reviewAnswer, 'Approved');
					assert.equal(JSON.stringify(sink.received).includes(WEBHOOK_TOKEN), false);
				} finally {
					server.setWebhook(undefined);
					await running.stop();
				}
			},
		);

		const webhookTokens: Array<string | null> = [];
		await scenario(
			'9. automatic Trigger setup: activation registers the URL; a verified applicant runs the workflow; a forged request gets 401',
			async () => {
				await n8n.activateWorkflow('wfauto');
				const autoPath = `${autoHookId}/webhook`;
				const running = await n8n.start({ webhooks: [autoPath] });
				try {
					const url = running.webhookUrl(autoPath);
					const registered = server.registeredWebhook(ACCOUNTS.hook.email);
					record('n8n start logs (registration)', running.logs());
					assert.ok(registered, 'activation registered a webhook');
					webhookTokens.push(registered.token);
					assert.equal(registered.url, url);
					assert.equal(registered.headerToken, true);
					assert.ok(
						running.logs().includes(`registered ${url} as the webhook`),
						'n8n logged where it registered',
					);

					const exported = path.join(n8n.userFolder, 'wfauto-export.json');
					await n8n.cli(['export:workflow', '--id=wfauto', `--output=${exported}`]);
					const saved = JSON.stringify(JSON.parse(fs.readFileSync(exported, 'utf8')));
					fs.rmSync(exported);
					assert.match(
						saved,
						/"tokenSha256":"[0-9a-f]{64}"/,
						'n8n saved the registration in the static data',
					);
					assert.equal(
						saved.includes(registered.token as string),
						false,
						'the token itself is not saved',
					);

					for (const headers of [
						{ authorization: 'Bearer forged-token' },
						{},
						{ authorization: registered.token },
					] as Array<Record<string, string>>) {
						const forged = await fetch(url, {
							method: 'POST',
							headers: { 'content-type': 'application/json', ...headers },
							body: JSON.stringify({ applicantId: 'forged', reviewAnswer: 'Approved' }),
						});
						assert.equal(
							forged.status,
							401,
							`forged request with ${JSON.stringify(Object.keys(headers))}`,
						);
					}

					const run = await execute('wfautoonboarding');
					const [created] = n8n.outputOf(run, 'Create Applicant');
					const result = await sink.resultFor(created.applicantId);
					record('n8n start logs (automatic results)', running.logs());
					assert.ok(result, 'the registered Personr Trigger handed over the verification result');
					assert.equal(result.reviewAnswer, 'Approved');
					assert.equal(
						sink.received.some((r) => r.applicantId === 'forged'),
						false,
						'no forged request started the workflow',
					);
					assert.equal(JSON.stringify(sink.received).includes(registered.token as string), false);
				} finally {
					await running.stop();
				}
			},
		);

		// Their own server: its 200 ms answer delay and rate limit must not slow down or limit the other scenarios.
		const paced = await startPersonrServer({ accounts: [THROUGHPUT_ACCOUNT] });
		try {
			const items = 100;
			const bench = await throughputBench(n8n, paced, [
				{ key: 'parallel', items, sender: { kind: 'personr' } },
				{ key: 'sequential', items, sender: { kind: 'personr', parallelRequests: 1 } },
				{ key: 'limited', items, perMinute: 600, sender: { kind: 'personr' } },
			]);
			await scenario(
				`throughput: ${items} items through the Personr node at ${ANSWER_DELAY_MS} ms per call in ≤ 0.2 × the time of one after another, in order`,
				async () => {
					const outcome = await bench.run('parallel');
					const sequential = await bench.run('sequential');
					console.log(
						`        parallel ${JSON.stringify(outcome)}\n        one after another ${JSON.stringify(sequential)}`,
					);
					for (const run of [outcome, sequential]) {
						assert.equal(run.failed, 0, run.firstError);
						assert.ok(run.inOrder, 'output items in input order, each paired with its input');
					}
					assert.ok(
						sequential.wallMs >= items * ANSWER_DELAY_MS,
						'Parallel Requests 1 sends one item after another',
					);
					assert.ok(
						outcome.wallMs <= 0.2 * sequential.wallMs,
						`${outcome.wallMs} ms vs ${sequential.wallMs} ms`,
					);
					assert.ok(outcome.logins <= 1, `${outcome.logins} logins`);
				},
			);
			await scenario(
				`rate limit: ${items} items with Personr limited to 600 requests/min (429 + Retry-After) all succeed`,
				async () => {
					const outcome = await bench.run('limited');
					console.log(`        ${JSON.stringify(outcome)}`);
					assert.ok(outcome.rateLimited > 0, 'the limit was met');
					assert.equal(outcome.failed, 0, outcome.firstError);
					assert.ok(outcome.inOrder, 'output items in input order, each paired with its input');
					assert.equal(outcome.logins, 0);
				},
			);
		} finally {
			await paced.close();
		}

		const agentTimings = await agentScenarios({ n8n, server, scenario, record, credential });
		console.log(`        agent timings (ms): ${JSON.stringify(agentTimings)}`);

		await scenario(
			'secret scan: no password, Basic value or issued token in any execution JSON or log',
			async () => {
				const secrets = [
					...Object.values(ACCOUNTS).map((a) => a.password),
					WRONG_PASSWORD,
					WEBHOOK_TOKEN,
					...Object.values(ACCOUNTS).map((a) =>
						Buffer.from(`${a.email}:${a.password}`).toString('base64'),
					),
					Buffer.from(`${ACCOUNTS.main.email}:${WRONG_PASSWORD}`).toString('base64'),
				];
				// Get Token's purpose is to output the token: those runs are scanned for passwords only.
				const hits = scanForSecrets(
					transcripts.filter((t) => !/wfheader|wfgettoken/.test(t.label)),
					[...secrets, ...server.issuedTokens],
				).concat(scanForSecrets(transcripts, [...secrets, ...webhookTokens]));
				assert.deepEqual(hits, []);
			},
		);
	} finally {
		await n8n.cleanup();
		await server.close();
		await sink.close();
	}
}

async function main(): Promise<void> {
	const i = process.argv.indexOf('--version');
	const which = i > 0 ? process.argv[i + 1] : 'all';
	const versions = which === 'all' ? ['1', '2'] : [which];
	await install(which);
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'personr-e2e-'));
	const tgz = packPackage(tmp);
	const report: Report = { passed: [], failed: [] };
	for (const version of versions) await runVersion(version, tgz, report);
	fs.rmSync(tmp, { recursive: true, force: true });
	if (report.failed.length > 0)
		console.log(`\nFailures:\n${report.failed.map((f) => `- ${f.split('\n')[0]}`).join('\n')}`);
	console.log(`\n${report.passed.length} passed, ${report.failed.length} failed`);
	process.exitCode = report.failed.length === 0 ? 0 : 1;
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
