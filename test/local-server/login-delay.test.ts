/* eslint-disable @n8n/community-nodes/no-restricted-imports -- a test: it holds raw HTTP connections to the local server */
import { once } from 'events';
import { Agent, request } from 'http';
import { connect } from 'net';
import { sleep } from 'n8n-workflow';

import { startPersonrServer, type PersonrServer } from '../../local-server/server';
import { basic, DEMO } from './helpers';

/** A login over a TCP connection opened and connected first, so the test knows the port the server sees. */
async function login(
	server: PersonrServer,
	password: string,
): Promise<{ status: number; localPort: number | undefined }> {
	const url = new URL(`${server.liveBaseUrl}/api-basic-auth`);
	const socket = connect(Number(url.port), url.hostname);
	await once(socket, 'connect');
	const localPort = socket.localPort;
	return await new Promise((resolve, reject) => {
		// An agent of its own whose only connection is that socket (http.request ignores a createConnection option when there is an agent).
		const agent = new Agent();
		agent.createConnection = () => socket;
		const options = {
			method: 'POST',
			agent,
			headers: { authorization: basic(DEMO.email, password) },
		};
		const req = request(url, options, (res) => {
			res.resume();
			res.on('end', () => {
				socket.destroy();
				resolve({ status: res.statusCode ?? 0, localPort });
			});
		});
		req.on('error', reject);
		req.end();
	});
}

describe('loginDelayMs and onLogin', () => {
	const ports: Array<number | undefined> = [];
	let server: PersonrServer;
	beforeAll(async () => {
		server = await startPersonrServer({
			accounts: [DEMO],
			loginDelayMs: 400,
			onLogin: (port) => ports.push(port),
		});
	});
	afterAll(() => server.close());

	it('answers a login only after the delay and reports the client port of each successful login', async () => {
		const pending = login(server, DEMO.password);
		await sleep(150);
		expect(server.counters.logins).toBe(0);
		const answer = await pending;
		expect(answer.status).toBe(200);
		expect(server.counters.logins).toBe(1);
		expect(ports).toEqual([answer.localPort]);
		expect((await login(server, 'wrong')).status).toBe(400);
		expect(ports).toHaveLength(1);
	});
});
