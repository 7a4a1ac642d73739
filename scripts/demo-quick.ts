/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals -- a command-line tool: it prints the demo's results and sets the exit code */
/*
 * A quick demo without installing n8n: Personr workflows run by n8n's workflow engine
 * (n8n-core's WorkflowExecute, in this process) against the bundled Personr-compatible server.
 */
import { forgetAllAccounts } from '../nodes/Personr/session/session';
import { startPersonrServer } from '../local-server/server';
import {
	personrStore,
	runPersonrWorkflow,
	EMAIL,
	PASSWORD,
	CREDENTIAL_ID,
} from '../test/support/personr';

function masked(token: unknown): string {
	const text = String(token ?? '');
	return text.length > 12 ? `${text.slice(0, 8)}…(${text.length} chars)` : '(none)';
}

function line(label: string, value: unknown): void {
	console.log(`  ${label.padEnd(28)} ${String(value)}`);
}

async function main(): Promise<void> {
	const server = await startPersonrServer({ accounts: [{ email: EMAIL, password: PASSWORD }] });
	console.log(`Local Personr server: ${server.liveBaseUrl} (account ${EMAIL})\n`);
	let failures = 0;
	const check = (ok: boolean, what: string) => {
		if (!ok) failures++;
		line(ok ? 'check ok' : 'CHECK FAILED', what);
	};

	try {
		const store = personrStore(server);

		console.log('1. Get Token → Create Applicant (HTTP call with {{ $json.authorizationHeader }})');
		let run = await runPersonrWorkflow('get-token-then-http', server, store);
		const token = run.outputOf('Get Token')[0]?.json ?? {};
		const applicant = run.outputOf('Create Applicant')[0]?.json ?? {};
		line('token', masked(token.token));
		line('user id', token.userId);
		line('expires at', `${String(token.expiresAt)} (in ${String(token.expiresIn)} s)`);
		line('applicant created', JSON.stringify(applicant.response ?? applicant));
		line('logins', server.counters.logins);
		check(
			server.counters.logins === 1 && applicant.status === 'success',
			'one login, applicant created',
		);

		console.log(
			'\n2. Create Applicant with the predefined "Personr API" credential (token saved in the credential)',
		);
		server.resetCounters();
		run = await runPersonrWorkflow('http-predefined-credential', server, store);
		line('applicant created', JSON.stringify(run.outputOf('Create Applicant')[0]?.json.response));
		line('logins', server.counters.logins);
		check(server.counters.logins === 0, 'the token from step 1 was picked up, no new login');

		console.log(
			'\n3. The token is revoked at Personr (a login elsewhere); the next run renews it once',
		);
		forgetAllAccounts();
		server.revokeToken(EMAIL);
		server.resetCounters();
		run = await runPersonrWorkflow('http-predefined-credential', server, store);
		line('rejected requests', server.counters.rejectedTokens);
		line('logins', server.counters.logins);
		line('renewed token saved', masked(store.get(CREDENTIAL_ID).data.token));
		check(
			run.errorOf('Create Applicant') === undefined && server.counters.logins === 1,
			'renewed once, call succeeded',
		);

		console.log('\n4. 20 parallel items, stale token: logins collapse into one');
		forgetAllAccounts();
		server.revokeToken(EMAIL);
		server.resetCounters();
		run = await runPersonrWorkflow('http-predefined-credential', server, store, {
			Items: { count: 20 },
		});
		const succeeded = run
			.outputOf('Create Applicant')
			.filter((item) => item.json.status === 'success').length;
		line('items succeeded', `${succeeded} / 20`);
		line('logins', server.counters.logins);
		check(
			succeeded === 20 && server.counters.logins === 1,
			'exactly one login, all 20 items succeeded',
		);
	} finally {
		await server.close();
	}
	console.log(failures === 0 ? '\nAll demo checks passed.' : `\n${failures} demo check(s) failed.`);
	process.exitCode = failures === 0 ? 0 : 1;
}

void main();
