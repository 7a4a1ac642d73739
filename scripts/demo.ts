/* eslint-disable no-console, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- a command-line tool: it packs the package, runs n8n and prints its progress */
// The package's main job: the example Personr workflows run in a real n8n (installed once into .cache/)
// with the packed package, against the bundled Personr-compatible server — or, with PERSONR_EMAIL and
// PERSONR_PASSWORD set, against real Personr (token operations only: nothing is created there).
// Usage: node .build/scripts/demo.js [--version 1|2]   (npm run demo builds first)

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPersonrServer } from '../local-server/server';
import { adapt, example, LIVE_URL, type Workflow } from '../e2e/examples';
import { install, ROOT } from '../e2e/install-n8n';
import { createN8nInstance } from '../e2e/n8n';
import { resultWebhook, startSink } from '../e2e/workflow';

const LOCAL_ACCOUNT = { email: 'demo@personr.local', password: 'demo-password' };
const CREDENTIAL_ID = 'personrdemo';
const TRIGGER_HOOK_ID = 'personr-demo-results';

const masked = (token: unknown): string =>
	typeof token === 'string' && token.length > 12
		? `${token.slice(0, 8)}…(${token.length} chars)`
		: '(none)';
const show = (label: string, value: unknown): void =>
	console.log(`   ${label.padEnd(26)} ${value}`);

/** Real Personr from the environment, or undefined for the local server. Never printed back. */
function realPersonr():
	| { email: string; password: string; environment: string; baseUrl: string }
	| undefined {
	const {
		PERSONR_EMAIL: email,
		PERSONR_PASSWORD: password,
		PERSONR_ENVIRONMENT: environment = 'live',
		PERSONR_BASE_URL: baseUrl,
	} = process.env;
	if (!email || !password) return undefined;
	return { email, password, environment: baseUrl ? 'custom' : environment, baseUrl: baseUrl || '' };
}

/** A Manual Trigger in place of a schedule, so `n8n execute` can run the keep-alive example. */
function manualCopy(workflow: Workflow): Workflow {
	const nodes = workflow.nodes.map((n) =>
		n.type === 'n8n-nodes-base.scheduleTrigger'
			? { ...n, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} }
			: n,
	);
	return { ...workflow, nodes };
}

async function main(): Promise<void> {
	const i = process.argv.indexOf('--version');
	const version = i > 0 ? process.argv[i + 1] : '2';
	const real = realPersonr();
	console.log(
		real
			? `Personr: the account from PERSONR_EMAIL / PERSONR_PASSWORD (${real.environment}); token operations only.`
			: 'Personr: the bundled local server (set PERSONR_EMAIL and PERSONR_PASSWORD, optionally PERSONR_ENVIRONMENT=development or PERSONR_BASE_URL, to use your account).',
	);

	console.log(`\nPreparing n8n (installed once into .cache/, several minutes the first time)…`);
	await install(version);
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'personr-demo-'));
	const packed = execFileSync('npm', ['pack', '--pack-destination', tmp, '--silent'], {
		cwd: ROOT,
		encoding: 'utf8',
	});
	const server = real
		? undefined
		: await startPersonrServer({ accounts: [LOCAL_ACCOUNT], checkDelayMs: 1000 });
	const sink = real ? undefined : await startSink();
	const baseUrl = real ? real.baseUrl || LIVE_URL : server!.liveBaseUrl;
	const n8n = createN8nInstance({ version });
	const logins = () => (server ? server.counters.logins : 'n/a');
	let failures = 0;
	const check = (ok: boolean, what: string): void => {
		if (!ok) failures++;
		show(ok ? 'ok' : 'FAILED', what);
	};

	try {
		await n8n.installPackageTarball(path.join(tmp, packed.trim().split('\n').pop() as string));
		const account = real || LOCAL_ACCOUNT;
		await n8n.importCredentials([
			{
				id: CREDENTIAL_ID,
				name: 'Personr account',
				type: 'personrApi',
				data: {
					email: account.email,
					password: account.password,
					environment: real ? real.environment : 'custom',
					baseUrl: real ? real.baseUrl : baseUrl,
					loginMethod: 'basicAuth',
				},
			},
		]);
		const workflows = {
			header: adapt(example('get-token-then-http-request'), {
				id: 'demoheader',
				baseUrl,
				credentialId: CREDENTIAL_ID,
			}),
			predefined: adapt(example('http-request-predefined-credential'), {
				id: 'demopredefined',
				baseUrl,
				credentialId: CREDENTIAL_ID,
			}),
			chain: adapt(example('applicant-chain-http-request'), {
				id: 'demochain',
				baseUrl,
				credentialId: CREDENTIAL_ID,
			}),
			onboarding: adapt(example('onboarding-kyc'), {
				id: 'demoonboarding',
				baseUrl,
				credentialId: CREDENTIAL_ID,
			}),
			keepAlive: adapt(manualCopy(example('keep-token-alive')), {
				id: 'demokeepalive',
				baseUrl,
				credentialId: CREDENTIAL_ID,
			}),
			...(sink
				? {
						trigger: resultWebhook('demotrigger', TRIGGER_HOOK_ID, CREDENTIAL_ID, sink.url, {
							automatic: true,
						}),
					}
				: {}),
		};
		await n8n.importWorkflow(real ? [workflows.keepAlive] : Object.values(workflows));
		console.log(
			`Running in n8n ${n8n.version} with n8n-nodes-personr installed as a community package.\n`,
		);

		if (real || !server || !sink) {
			console.log('1. Verify Token (keep-alive example) against your Personr account');
			const run = await n8n.execute('demokeepalive');
			const error = run.data.resultData.error;
			if (error)
				check(false, `${error.message}${error.description ? ` (${error.description})` : ''}`);
			else check(true, JSON.stringify(n8n.outputOf(run, 'Verify Token')[0]));
			return;
		}

		console.log(
			'1. Get Token → HTTP Request with {{ $json.authorizationHeader }} → create an applicant',
		);
		let run = await n8n.execute('demoheader');
		const [token] = n8n.outputOf(run, 'Get Token');
		const [created] = n8n.outputOf(run, 'Create Applicant');
		show('token', masked(token.token));
		show('user id', token.userId);
		show('expires at', `${token.expiresAt} (in ${token.expiresIn} s)`);
		show('applicant', `${created.response.applicantId} (${created.response.applicantStatus})`);
		check(logins() === 1, `logins so far: ${logins()}`);

		console.log(
			'\n2. HTTP Request with the predefined "Personr API" credential: create → verification link → status',
		);
		server.resetCounters();
		run = await n8n.execute('demochain');
		const link = n8n.outputOf(run, 'Verification Link')[0];
		const status = n8n.outputOf(run, 'Applicant Status')[0];
		show('verification link', link.response.verificationLink);
		show('status', status.response.applicantStatus);
		// Step 1's Get Token went through n8n's own renewal, so n8n saved its token: no login in this new process.
		check(
			logins() === 0,
			`logins: ${logins()} (Get Token's token was saved in the credential in step 1)`,
		);

		console.log('\n3. Personr node onboarding (KYC): create → link → request check → status');
		server.resetCounters();
		run = await n8n.execute('demoonboarding');
		const onboarding = n8n.outputOf(run, 'Get Status')[0];
		show('applicant', `${onboarding.applicantId}: ${onboarding.applicantStatus}`);
		show('verification link', n8n.outputOf(run, 'Create Verification Link')[0].verificationLink);
		check(logins() === 0, `logins: ${logins()} (the saved token was reused by a new n8n process)`);

		console.log(
			'\n4. The token is revoked at Personr (a login elsewhere); the next run renews it once',
		);
		server.revokeToken(LOCAL_ACCOUNT.email);
		server.resetCounters();
		run = await n8n.execute('demopredefined');
		const renewed = n8n.outputOf(run, 'Create Applicant')[0];
		show('rejected requests', server.counters.rejectedTokens);
		check(renewed.status === 'success' && logins() === 1, `call succeeded after ${logins()} login`);
		const saved = (await n8n.exportCredentials()).find((c) => c.id === CREDENTIAL_ID)!.data;
		check(
			saved.token === server.currentToken(LOCAL_ACCOUNT.email),
			`renewed token saved in the credential: ${masked(saved.token)}`,
		);

		console.log('\n5. Keep-alive (the weekly example, run once by hand): Verify Token');
		server.resetCounters();
		run = await n8n.execute('demokeepalive');
		const verified = n8n.outputOf(run, 'Verify Token')[0];
		show('result', JSON.stringify({ valid: verified.valid, renewed: verified.renewed }));
		check(verified.valid === true && logins() === 0, `logins: ${logins()}`);

		console.log(
			'\n6. Personr Trigger, automatic setup: activating registers its URL; a verified applicant runs it; a forged call gets 401',
		);
		await n8n.activateWorkflow('demotrigger');
		const hookPath = `${TRIGGER_HOOK_ID}/webhook`;
		const running = await n8n.start({ webhooks: [hookPath] });
		try {
			const url = running.webhookUrl(hookPath);
			const registered = server.registeredWebhook(LOCAL_ACCOUNT.email);
			show('registered with Personr', registered ? registered.url : '(nothing)');
			show('webhook token', masked(registered && registered.token));
			check(
				Boolean(registered && registered.url === url && registered.headerToken),
				"the Production URL is the workspace's webhook, token sent in the header",
			);
			const forged = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: 'Bearer forged' },
				body: '{"applicantId":"forged"}',
			});
			check(forged.status === 401, `forged result: HTTP ${forged.status}`);
			run = await n8n.execute('demoonboarding');
			const { applicantId } = n8n.outputOf(run, 'Get Status')[0];
			const result = await sink.resultFor(applicantId);
			show('result received', result ? `${result.applicantId}: ${result.reviewAnswer}` : '(none)');
			check(
				Boolean(result) && !sink.received.some((r) => r.applicantId === 'forged'),
				"Personr's result ran the workflow, the forged one did not",
			);
		} finally {
			await running.stop();
		}
	} finally {
		await n8n.cleanup();
		if (server) await server.close();
		if (sink) await sink.close();
		fs.rmSync(tmp, { recursive: true, force: true });
	}
	console.log(
		failures === 0
			? '\nDemo finished: all checks passed.'
			: `\nDemo finished: ${failures} check(s) failed.`,
	);
	process.exitCode = failures === 0 ? 0 : 1;
}

main().catch((error: Error) => {
	console.error(error.message || error);
	process.exit(1);
});
