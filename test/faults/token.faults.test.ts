import * as n8nWorkflow from 'n8n-workflow';

import { MAX_TOKEN_ROUNDS } from '../../nodes/Personr/transport/authenticated';
import { MAX_LOGINS_PER_WINDOW, setRenewalJitter } from '../../nodes/Personr/session/session';
import { MAX_WINDOW } from '../../nodes/Personr/transport/window';
import { CREDENTIAL_ID } from '../support/personr';
import { n8nHttp } from '../support/n8nHttp';
import { otherProcessSession } from '../support/otherProcess';
import { FAULT_EMAIL, itemError, serverLog, storeWithToken, useFaultServer } from './support';
import {
	everyTokenRejected,
	loginAttempts,
	runPath,
	STATUS,
	statusCalls,
	tokenRevokedMidRun,
} from './scenarios';

const context = useFaultServer();
const pairs = (count: number) => Array.from({ length: count }, (_, item) => ({ item }));
const REJECTED_NEW_TOKEN =
	'Personr rejected the new token after logging in again (HTTP 401): Invalid or expired token: [redacted] (Unauthorized). Another login for this Personr user may keep replacing it: give n8n a dedicated Personr user.';

describe('the saved token is revoked in the middle of a 50-item run (another login elsewhere)', () => {
	it('Personr node: exactly one login, all 50 items succeed, the new token is saved', async () => {
		const { output, error, credentials } = await tokenRevokedMidRun(
			context,
			'Personr node',
			50,
			10,
		);
		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual(pairs(50));
		expect(output.every((item) => item.json.applicantStatus === 'Created')).toBe(true);
		expect(loginAttempts(context)).toBe(1);
		// Up to MAX_WINDOW items are in flight when the token is revoked. Each rejected call is sent once more through n8n's
		// renewal (rejected again), then retried with the new token; the saved token is checked once before logging in.
		const rejected = context.server.counters.rejectedTokens;
		expect(rejected).toBeGreaterThanOrEqual(3);
		expect(rejected).toBeLessThanOrEqual(2 * MAX_WINDOW + 1);
		expect(statusCalls(context)).toBe(50 + rejected);
		expect(credentials.get(CREDENTIAL_ID).data.token).toBe(
			context.server.currentToken(FAULT_EMAIL),
		);
	});

	it('HTTP Request node (50 parallel items): exactly one login, all 50 items succeed', async () => {
		const { output, error } = await tokenRevokedMidRun(context, 'HTTP Request node', 50, 10);
		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual(pairs(50));
		expect(output.every((item) => item.json.status === 'success')).toBe(true);
		expect(loginAttempts(context)).toBe(1);
		// At most: every item once, each rejected one once more, one check of the saved token.
		expect(statusCalls(context)).toBeLessThanOrEqual(50 + 40 + 1);
	});
});

describe('another process (a queue-mode worker) renews while every request of this one waits for its own renewal', () => {
	it('Personr node: the renewal reads the database through the run and takes the saved token instead of logging in', async () => {
		const credentials = await storeWithToken(context);
		const other = otherProcessSession(0);
		// Long enough for the other worker to check, log in and save before this process looks.
		setRenewalJitter(300, 300);
		context.server.revokeToken(FAULT_EMAIL);
		let othersRenewal: Promise<void> | undefined;
		serverLog.onLine = (line) => {
			if (othersRenewal !== undefined || !line.includes(`/${STATUS} -> 401`)) return;
			othersRenewal = (async () => {
				const stored = credentials.get(CREDENTIAL_ID).data;
				await other.signRequest(stored, { url: '/' });
				const fields = await other.preAuthenticate(n8nHttp(), stored);
				credentials.update(CREDENTIAL_ID, {
					...stored,
					...fields,
				} as n8nWorkflow.ICredentialDataDecryptedObject);
			})();
		};
		const { output, error } = await runPath(context, 'Personr node', { count: 5, credentials });
		await othersRenewal;
		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual(pairs(5));
		expect(output.every((item) => item.json.applicantStatus === 'Created')).toBe(true);
		// The other worker's login only.
		expect(loginAttempts(context)).toBe(1);
		expect(credentials.get(CREDENTIAL_ID).data.token).toBe(
			context.server.currentToken(FAULT_EMAIL),
		);
	});
});

describe('Personr rejects every token, even one it has just issued', () => {
	// After n8n's own renewal, the node re-reads the credential and tries again (another worker may have
	// logged in): a few rounds, never more logins than the per-account bound, then a clear error.
	const LOGIN_LIMIT =
		'n8n logged in to Personr 3 times in the last 30 s for this user and Personr kept rejecting the new tokens: another login for the same Personr user keeps replacing them. Give n8n a dedicated Personr user.';

	it('Personr node, saved token: one login per round, then a clear error instead of a loop', async () => {
		const { error } = await everyTokenRejected(context, 'Personr node');
		expect(error?.message).toBe(REJECTED_NEW_TOKEN);
		expect(error?.httpCode).toBe('401');
		expect(error?.context?.itemIndex).toBe(0);
		expect(loginAttempts(context)).toBe(MAX_TOKEN_ROUNDS);
		// The call, its resend through n8n's renewal, the check of the saved token, then per round the retry with the new token.
		expect(statusCalls(context)).toBe(MAX_TOKEN_ROUNDS * 2 + 2);
	});

	it('Personr node, no saved token: stops at the bound on logins', async () => {
		const { error } = await everyTokenRejected(context, 'Personr node', { savedToken: false });
		// The credential's first token is proven right after the login: each round's new token is refused there.
		expect(error?.message).toBe(
			'Personr logged in but then rejected the new token. Another login for this Personr user may have replaced it: try again, and give n8n a dedicated Personr user.',
		);
		expect(error?.context?.itemIndex).toBe(0);
		// n8n 1.x keeps only the message of an error thrown inside the credential's login (n8n-workflow 1.x has no
		// WorkflowExpression export), so the node cannot tell that another round might help, and stops after one.
		const onN8n1 = !('WorkflowExpression' in n8nWorkflow);
		expect(loginAttempts(context)).toBe(onN8n1 ? 1 : MAX_LOGINS_PER_WINDOW);
	});

	it('Personr node, 20 items with continue on fail: no more logins than the bound overall, 20 paired error items', async () => {
		const { output, error } = await everyTokenRejected(context, 'Personr node', {
			count: 20,
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual(pairs(20));
		for (const item of output) expect([REJECTED_NEW_TOKEN, LOGIN_LIMIT]).toContain(itemError(item));
		expect(loginAttempts(context)).toBe(MAX_LOGINS_PER_WINDOW);
	});

	it('HTTP Request node, 20 parallel items with continue on fail: one login, 20 paired error items', async () => {
		const { output } = await everyTokenRejected(context, 'HTTP Request node', {
			count: 20,
			continueOnFail: true,
		});
		expect(output.map((item) => item.pairedItem)).toEqual(pairs(20));
		for (const item of output)
			expect(itemError(item)).toBe('Authorization failed - please check your credentials');
		expect(loginAttempts(context)).toBeLessThanOrEqual(MAX_LOGINS_PER_WINDOW);
		expect(statusCalls(context)).toBeLessThanOrEqual(20 * 2 + 1);
	});
});
