import { sleep } from 'n8n-workflow';

import { startPersonrServer, type PersonrServer } from '../../local-server/server';
import { at, basic, call, DEMO, loginToken, type CallOptions } from './helpers';

let server: PersonrServer;
let token: string;
const login = () =>
	call(server.liveBaseUrl, 'api-basic-auth', { authorization: basic(DEMO.email, DEMO.password) });
const workspace = (options: Pick<CallOptions, 'redirect'> = {}) =>
	call(server.liveBaseUrl, 'api-change-workspace', {
		token,
		json: { workspace: 'Main' },
		...options,
	});

beforeAll(async () => {
	server = await startPersonrServer();
});
afterAll(() => server.close());
beforeEach(async () => {
	server.setFault(undefined);
	token = await loginToken(server);
	server.resetCounters();
});

describe('loginStatus', () => {
	it('answers logins with the given status and a Bubble-like JSON body by default', async () => {
		server.setFault({ kind: 'loginStatus', status: 500 });
		const answer = await login();
		expect(answer.status).toBe(500);
		expect(answer.headers.get('content-type')).toBe('application/json');
		expect(answer.json).toEqual({
			statusCode: 500,
			body: { status: 'ERROR', message: 'Injected HTTP 500' },
		});
		expect(server.counters).toMatchObject({
			logins: 0,
			failedLogins: 0,
			calls: { 'api-basic-auth': 1 },
		});
		expect((await workspace()).status).toBe(200); // calls are untouched
	});

	it('can answer 200 with an HTML page (a captive portal or maintenance page)', async () => {
		server.setFault({
			kind: 'loginStatus',
			status: 200,
			body: '<html><body>Maintenance</body></html>',
		});
		const answer = await login();
		expect(answer.status).toBe(200);
		expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(answer.text).toBe('<html><body>Maintenance</body></html>');
	});

	it('can answer 200 JSON without a token, with an explicit content type', async () => {
		server.setFault({
			kind: 'loginStatus',
			status: 200,
			body: '{"status":"success","response":{}}',
			contentType: 'application/json; charset=utf-8',
		});
		const answer = await call(server.liveBaseUrl, 'api-token-generate', { json: DEMO });
		expect(answer.json).toEqual({ status: 'success', response: {} });
		expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(server.currentToken(DEMO.email)).toBe(token);
	});
});

describe('loginHang', () => {
	it('never answers a login, and close() still finishes by destroying the connection', async () => {
		const local = await startPersonrServer();
		local.setFault({ kind: 'loginHang' });
		const pending = call(local.liveBaseUrl, 'api-basic-auth', {
			authorization: basic(DEMO.email, DEMO.password),
		}).then(
			() => 'answered',
			() => 'connection closed',
		);
		const early = await Promise.race([pending, sleep(300).then(() => 'still waiting')]);
		expect(early).toBe('still waiting');
		expect(local.requests).toEqual([
			expect.objectContaining({ endpoint: 'api-basic-auth', status: 0 }),
		]);
		const started = Date.now();
		await local.close();
		expect(Date.now() - started).toBeLessThan(1000);
		expect(await pending).toBe('connection closed');
	});
});

describe('callStatus', () => {
	it('answers the next `times` calls with the status and Retry-After, then recovers; logins are untouched', async () => {
		server.setFault({ kind: 'callStatus', status: 429, retryAfterSeconds: 7, times: 2 });
		expect((await login()).status).toBe(200);
		token = server.currentToken(DEMO.email) as string;
		const first = await workspace();
		expect(first.status).toBe(429);
		expect(first.headers.get('retry-after')).toBe('7');
		expect((await workspace()).status).toBe(429);
		expect((await workspace()).status).toBe(200);
	});

	it('applies to every call when `times` is not given, with a custom body', async () => {
		server.setFault({ kind: 'callStatus', status: 503, body: 'upstream unavailable' });
		for (let attempt = 0; attempt < 3; attempt++) {
			const answer = await workspace();
			expect(answer.status).toBe(503);
			expect(answer.text).toBe('upstream unavailable');
			expect(answer.headers.get('retry-after')).toBeNull();
		}
	});

	it('applies before authentication, like a rate limiter in front of the app', async () => {
		server.setFault({ kind: 'callStatus', status: 429 });
		const answer = await call(server.liveBaseUrl, 'api-change-workspace', {
			token: 'not-a-token',
			json: { workspace: 'Main' },
		});
		expect(answer.status).toBe(429);
		expect(server.counters.rejectedTokens).toBe(0);
	});
});

describe('rejectAllTokens', () => {
	it('rejects every call, even with a token fresh from a login, echoing it like Bubble does', async () => {
		server.setFault({ kind: 'rejectAllTokens' });
		const fresh = await loginToken(server);
		const answer = await call(server.liveBaseUrl, 'api-change-workspace', {
			token: fresh,
			json: { workspace: 'Main' },
		});
		expect(answer.status).toBe(401);
		expect(at(answer.json, 'translation')).toBe(`Invalid or expired token: ${fresh}`);
		expect(server.counters).toMatchObject({ logins: 1, rejectedTokens: 1 });
		server.setFault(undefined);
		expect(
			(
				await call(server.liveBaseUrl, 'api-change-workspace', {
					token: fresh,
					json: { workspace: 'Main' },
				})
			).status,
		).toBe(200);
	});
});

describe('redirect', () => {
	it('sends every call elsewhere with a 302, but not logins', async () => {
		server.setFault({ kind: 'redirect', location: 'http://127.0.0.1:9/elsewhere' });
		const answer = await workspace({ redirect: 'manual' });
		expect(answer.status).toBe(302);
		expect(answer.headers.get('location')).toBe('http://127.0.0.1:9/elsewhere');
		expect((await login()).status).toBe(200);
	});
});

describe('largeResponse', () => {
	it('answers calls with a valid JSON body of exactly the requested size', async () => {
		server.setFault({ kind: 'largeResponse', bytes: 3_000_000 });
		const answer = await workspace();
		expect(answer.status).toBe(200);
		expect(Buffer.byteLength(answer.text)).toBe(3_000_000);
		expect(at(answer.json, 'status')).toBe('success');
		expect(answer.headers.get('content-length')).toBe('3000000');
	});
});

describe('slow', () => {
	it('delays every answer, logins included, without changing it', async () => {
		server.setFault({ kind: 'slow', delayMs: 250 });
		let started = Date.now();
		expect((await workspace()).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(240);
		started = Date.now();
		expect((await login()).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(240);
	});

	it('does not hold close() up', async () => {
		const local = await startPersonrServer();
		local.setFault({ kind: 'slow', delayMs: 60_000 });
		const pending = call(local.liveBaseUrl, 'api-basic-auth', {
			authorization: basic(DEMO.email, DEMO.password),
		}).catch(() => 'closed');
		await sleep(50);
		const started = Date.now();
		await local.close();
		expect(Date.now() - started).toBeLessThan(1000);
		expect(await pending).toBe('closed');
	});
});

describe('malformedJson', () => {
	it('answers calls with truncated JSON labelled as JSON', async () => {
		server.setFault({ kind: 'malformedJson' });
		const answer = await workspace();
		expect(answer.status).toBe(200);
		expect(answer.headers.get('content-type')).toBe('application/json');
		expect(() => JSON.parse(answer.text)).toThrow();
		expect((await login()).status).toBe(200);
	});
});

describe('statusError', () => {
	it('answers calls with HTTP 200 and status error, as some Personr workflows do', async () => {
		server.setFault({ kind: 'statusError', message: 'Flow not found' });
		const answer = await workspace();
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({ status: 'error', response: 'Flow not found' });
	});

	it('still lets a bad token get its 401 first', async () => {
		server.setFault({ kind: 'statusError', message: 'Flow not found' });
		const answer = await call(server.liveBaseUrl, 'api-change-workspace', {
			token: 'bad',
			json: { workspace: 'Main' },
		});
		expect(answer.status).toBe(401);
	});
});
