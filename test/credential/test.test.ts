import { PersonrApi } from '../../credentials/PersonrApi.credentials';
import { forgetAllAccounts } from '../../nodes/Personr/session/session';
import { startPersonrServer, type PersonrServer } from '../../local-server/server';
import { testCredential } from '../harness';
import { credentialData, EMAIL, PASSWORD } from '../support/personr';

/* The credential's Test logs in, then proves with one read-only call that Personr's API accepts the new token. */
let server: PersonrServer;
beforeAll(async () => {
	server = await startPersonrServer({ accounts: [{ email: EMAIL, password: PASSWORD }] });
});
afterAll(async () => await server.close());
beforeEach(() => {
	forgetAllAccounts();
	server.setFault(undefined);
	server.resetCounters();
});

const test = (token = '') =>
	testCredential(new PersonrApi(), credentialData(server, token === '' ? {} : { token }));

describe('credential Test: the answer after the login', () => {
	it.each([
		["a 401 without Bubble's body", 401, '{"message":"Unauthorized"}'],
		['a 401 with an empty body', 401, ''],
		['an HTML page with HTTP 200', 200, '<!DOCTYPE html><html><body>Maintenance</body></html>'],
		['an HTML page after a line break', 200, '\n  <html><body>Maintenance</body></html>'],
		[
			"a 500 with Bubble's JSON",
			500,
			'{"statusCode":500,"body":{"status":"ERROR","message":"Server error"}}',
		],
		['a 502 HTML page', 502, '<html><body>Bad gateway</body></html>'],
		['a 503 with no body', 503, ''],
		[
			'Bubble\'s "Invalid or expired token" with HTTP 400',
			400,
			'{"error_class":"Unauthorized","args":{"code":"1"},"message":null,"translation":"Invalid or expired token: abc"}',
		],
	])('fails on %s', async (_case, status, body) => {
		server.setFault({ kind: 'callStatus', status, body });
		const outcome = await test();
		expect(server.counters.logins).toBe(1);
		expect(outcome.status).toBe('Error');
		expect(outcome.message).not.toContain('abc');
	});

	it('passes when Personr answers the check for the placeholder applicant with its JSON 400', async () => {
		const outcome = await test();
		expect(outcome).toMatchObject({ status: 'OK' });
		expect(server.counters.logins).toBe(1);
	});
});
