import { request } from 'http';

import { startPersonrServer, type PersonrServer } from '../../local-server/server';
import { basic, DEMO } from './helpers';

/** A login through a plain http.request, so the test knows its own TCP port. */
function login(server: PersonrServer, password: string): Promise<{ status: number; localPort: number | undefined }> {
	return new Promise((resolve, reject) => {
		let localPort: number | undefined;
		// A socket of its own (no keep-alive pool), so that its port is the one the server sees for this login.
		const options = { method: 'POST', agent: false, headers: { authorization: basic(DEMO.email, password) } };
		const req = request(`${server.liveBaseUrl}/api-basic-auth`, options, (res) => {
			localPort ??= res.socket?.localPort;
			res.resume();
			res.on('end', () => resolve({ status: res.statusCode ?? 0, localPort }));
		});
		// Under load the socket may already be connected when it is handed over.
		req.on('socket', (socket) => {
			localPort = socket.localPort;
			socket.once('connect', () => (localPort = socket.localPort));
		});
		req.on('error', reject);
		req.end();
	});
}

describe('loginDelayMs and onLogin', () => {
	const ports: Array<number | undefined> = [];
	let server: PersonrServer;
	beforeAll(async () => {
		server = await startPersonrServer({ accounts: [DEMO], loginDelayMs: 400, onLogin: (port) => ports.push(port) });
	});
	afterAll(() => server.close());

	it('answers a login only after the delay and reports the client port of each successful login', async () => {
		const pending = login(server, DEMO.password);
		await new Promise((resolve) => setTimeout(resolve, 150));
		expect(server.counters.logins).toBe(0);
		const answer = await pending;
		expect(answer.status).toBe(200);
		expect(server.counters.logins).toBe(1);
		expect(ports).toEqual([answer.localPort]);
		expect((await login(server, 'wrong')).status).toBe(400);
		expect(ports).toHaveLength(1);
	});
});
