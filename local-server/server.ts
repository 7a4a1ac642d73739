/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- the local server, not a node: an HTTP server with timers that do not keep the process alive; errors it does not answer propagate as they are */
import { createServer, type IncomingMessage, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

import { methodNotAllowed, unauthorized, unknownWorkflow, unreadableBody } from './bubble-errors';
import { BodyError, parseBody, readBody, redactBody, redactHeaders } from './body';
import { CheckRunner } from './checks';
import { ENDPOINTS, LOGIN_ENDPOINTS, login } from './endpoints';
import { registeredTarget } from './endpoints/webhookConfiguration';
import { FaultState } from './faults';
import { RateLimiter } from './rate-limit';
import { DEFAULT_ACCOUNT, Store } from './state';
import {
	ReplyError,
	type ApiVersion,
	type Fault,
	type PaceOptions,
	type Params,
	type PersonrCounters,
	type PersonrServer,
	type PersonrServerOptions,
	type RecordedRequest,
	type Reply,
} from './types';

export type {
	Fault,
	PaceOptions,
	PersonrAccount,
	PersonrCounters,
	PersonrServer,
	PersonrServerOptions,
	RecordedRequest,
} from './types';

export const DEFAULT_TOKEN_LIFETIME_SECONDS = 31_536_000;
export const DEFAULT_CHECK_DELAY_MS = 2_000;
/** Long benchmark runs must not grow the request log without bound. */
const MAX_RECORDED_REQUESTS = 10_000;

const BASE_PATHS: ReadonlyArray<[string, ApiVersion]> = [
	['/version-test/api/1.1/wf/', 'development'],
	['/api/1.1/wf/', 'live'],
];

interface Route {
	path: string;
	endpoint: string;
	version: ApiVersion;
}

function routeOf(url: string): Route | undefined {
	const path = url.split('?')[0] ?? '/';
	for (const [prefix, version] of BASE_PATHS) {
		if (!path.startsWith(prefix)) continue;
		const endpoint = path.slice(prefix.length).replace(/\/+$/, '');
		return endpoint && !endpoint.includes('/') ? { path, endpoint, version } : undefined;
	}
	return undefined;
}

function bearerToken(authorization: string | undefined): string | undefined {
	return /^Bearer\s+(\S.*)$/i.exec(authorization?.trim() ?? '')?.[1]?.trim();
}

/** Endpoint names come from the URL; keep log lines tidy whatever a client sends. */
function printable(endpoint: string): string {
	return endpoint.replace(/[^\w.-]/g, '?').slice(0, 80);
}

function send(res: ServerResponse, reply: Reply): void {
	let payload: string | Buffer = '';
	let contentType = reply.contentType ?? 'application/json';
	if (reply.raw !== undefined) payload = reply.raw;
	else if (reply.body !== undefined) payload = JSON.stringify(reply.body);
	else contentType = reply.contentType ?? 'text/plain';
	res.writeHead(reply.status, {
		'Content-Type': contentType,
		'Content-Length': Buffer.byteLength(payload),
		...reply.headers,
	});
	res.end(payload);
}

function emptyCounters(): PersonrCounters {
	return {
		logins: 0,
		failedLogins: 0,
		calls: {},
		rejectedTokens: 0,
		requests: 0,
		byVersion: { live: 0, development: 0 },
		rateLimited: 0,
	};
}

function urlHost(host: string): string {
	if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
	return host.includes(':') ? `[${host}]` : host;
}

export async function startPersonrServer(
	options: PersonrServerOptions = {},
): Promise<PersonrServer> {
	const log = options.log ?? (() => undefined);
	const loginDelayMs = options.loginDelayMs ?? 0;
	const tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
	const store = new Store(options.accounts ?? [DEFAULT_ACCOUNT], tokenLifetimeSeconds);
	const checks = new CheckRunner(
		options.checkDelayMs ?? DEFAULT_CHECK_DELAY_MS,
		{ url: options.webhookUrl, headerName: options.webhookHeaderName, token: options.webhookToken },
		log,
	);
	checks.payloadForm = options.webhookForm ?? 'flat';
	checks.registered = (subject) => registeredTarget(store.account(subject.owner), subject);
	const faults = new FaultState();
	const counters = emptyCounters();
	const requests: RecordedRequest[] = [];
	let answerDelayMs = 0;
	let loadDelay: PaceOptions['loadDelay'];
	let openCalls = 0;
	let limiter: RateLimiter | undefined;
	const setPace = (pace: PaceOptions): void => {
		answerDelayMs = Math.max(0, pace.answerDelayMs ?? 0);
		loadDelay = pace.loadDelay;
		limiter = pace.rateLimitPerMinute
			? new RateLimiter(pace.rateLimitPerMinute, pace.rateLimitRetryAfter ?? true)
			: undefined;
	};
	setPace(options);
	const pendingPauses = new Set<() => void>();
	let closed = false;
	let publicUrl = '';

	function pause(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const done = () => {
				pendingPauses.delete(done);
				clearTimeout(timer);
				resolve();
			};
			const timer = setTimeout(done, ms);
			timer.unref();
			pendingPauses.add(done);
		});
	}

	function record(req: IncomingMessage, route: Route): RecordedRequest {
		counters.requests += 1;
		counters.byVersion[route.version] += 1;
		counters.calls[route.endpoint] = (counters.calls[route.endpoint] ?? 0) + 1;
		const entry: RecordedRequest = {
			method: req.method ?? 'GET',
			path: route.path,
			endpoint: route.endpoint,
			version: route.version,
			headers: redactHeaders(req.headers),
			body: undefined,
			status: 0,
		};
		requests.push(entry);
		if (requests.length > MAX_RECORDED_REQUESTS)
			requests.splice(0, requests.length - MAX_RECORDED_REQUESTS);
		return entry;
	}

	function callLogin(
		route: Route,
		params: Params,
		authorization: string | undefined,
		clientPort: number | undefined,
	): Reply | 'hang' {
		const faulted = faults.forLogin();
		if (faulted) return faulted;
		try {
			const outcome = login(route.endpoint, params, authorization, store, tokenLifetimeSeconds);
			if (outcome.succeeded) {
				counters.logins += 1;
				options.onLogin?.(clientPort);
			} else counters.failedLogins += 1;
			return outcome.reply;
		} catch (error) {
			if (!(error instanceof ReplyError)) throw error;
			counters.failedLogins += 1;
			return error.reply;
		}
	}

	function callEndpoint(route: Route, params: Params, authorization: string | undefined): Reply {
		const handler = ENDPOINTS[route.endpoint];
		if (!handler) return unknownWorkflow(route.endpoint);
		const sent = bearerToken(authorization);
		const early = faults.beforeAuth(route.endpoint, sent, unauthorized);
		if (early) {
			if (early.rejectsToken) counters.rejectedTokens += 1;
			return early.reply;
		}
		const account = sent === undefined ? undefined : store.accountForToken(sent);
		if (!account) {
			counters.rejectedTokens += 1;
			return unauthorized(sent);
		}
		const broken = faults.afterAuth();
		if (broken) return broken;
		try {
			return handler({ endpoint: route.endpoint, params, account, store, checks, publicUrl });
		} catch (error) {
			if (error instanceof ReplyError) return error.reply;
			throw error;
		}
	}

	async function answer(
		req: IncomingMessage,
		route: Route,
		entry: RecordedRequest,
	): Promise<Reply | 'hang'> {
		let params: Params;
		try {
			params = parseBody(await readBody(req), req.headers['content-type']);
		} catch (error) {
			if (error instanceof BodyError) return unreadableBody(error.message, error.status);
			throw error;
		}
		entry.body = redactBody(params);
		if (req.method !== 'POST') return methodNotAllowed(req.method ?? 'GET');
		const isLogin = LOGIN_ENDPOINTS.has(route.endpoint);
		const limited = isLogin ? undefined : limiter?.take();
		if (limited) {
			counters.rateLimited += 1;
			return limited;
		}
		if (!isLogin) openCalls += 1;
		// This call included: the 11th open call is the first beyond 10.
		const loaded =
			isLogin || loadDelay === undefined
				? 0
				: Math.max(0, openCalls - loadDelay.beyond) * loadDelay.perCallMs;
		const delay = faults.delayMs() + (isLogin ? 0 : answerDelayMs + loaded);
		try {
			if (delay > 0) await pause(delay);
		} finally {
			if (!isLogin) openCalls -= 1;
		}
		if (closed) return 'hang';
		const authorization = req.headers.authorization;
		if (!isLogin) return callEndpoint(route, params, authorization);
		if (loginDelayMs > 0) await pause(loginDelayMs);
		if (closed) return 'hang';
		return callLogin(route, params, authorization, req.socket.remotePort);
	}

	/** Verification links handed out by the fake lead to a page that says what it is. */
	function servePage(req: IncomingMessage, res: ServerResponse): void {
		const path = (req.url ?? '/').split('?')[0] ?? '/';
		const link = /^\/(verification|entity-verification)\/([\w]+)$/.exec(path);
		if (req.method === 'GET' && (link || path === '/')) {
			const text = link
				? `<!doctype html><title>Personr local verification</title><p>Local Personr server: verification page for ${link[2]}.</p>`
				: `<!doctype html><title>Personr local server</title><p>POST to ${publicUrl}/api/1.1/wf/&lt;endpoint&gt;</p>`;
			send(res, { status: 200, raw: text, contentType: 'text/html; charset=utf-8' });
			return;
		}
		send(res, unknownWorkflow(printable(path)));
	}

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const started = performance.now();
		const route = routeOf(req.url ?? '/');
		if (!route) {
			req.resume();
			servePage(req, res);
			return;
		}
		const entry = record(req, route);
		const prefix = route.version === 'development' ? '/version-test' : '';
		const name = `${entry.method} ${prefix}/api/1.1/wf/${printable(route.endpoint)}`;
		const reply = await answer(req, route, entry);
		if (reply === 'hang') {
			if (!closed) log(`${name} -> (no answer: login hang fault)`);
			return;
		}
		if (closed || res.destroyed) return;
		entry.status = reply.status;
		send(res, reply);
		log(`${name} -> ${reply.status} (${Math.round(performance.now() - started)} ms)`);
	}

	const server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			log(`internal error: ${error instanceof Error ? error.message : String(error)}`);
			if (!res.headersSent && !res.destroyed)
				send(res, { status: 500, body: { statusCode: 500, message: 'Local server error' } });
		});
	});

	const host = options.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port } = server.address() as AddressInfo;
	publicUrl = `http://${urlHost(host)}:${port}`;

	let closing: Promise<void> | undefined;
	return {
		url: publicUrl,
		liveBaseUrl: `${publicUrl}/api/1.1/wf`,
		developmentBaseUrl: `${publicUrl}/version-test/api/1.1/wf`,
		counters,
		issuedTokens: store.issuedTokens,
		requests,
		currentToken: (email) => store.currentToken(email),
		revokeToken: (email) => store.revoke(email),
		expireToken: (email) => store.revoke(email),
		resetCounters() {
			// Reset in place: callers may hold references to these objects.
			counters.logins = 0;
			counters.failedLogins = 0;
			counters.rejectedTokens = 0;
			counters.requests = 0;
			for (const key of Object.keys(counters.calls)) delete counters.calls[key];
			counters.byVersion.live = 0;
			counters.byVersion.development = 0;
			counters.rateLimited = 0;
			requests.length = 0;
		},
		setFault: (fault: Fault | undefined) => faults.set(fault),
		setPace,
		setWebhook(url, headerName, token) {
			checks.webhook = { url, headerName, token };
		},
		setWebhookForm(form) {
			checks.payloadForm = form;
		},
		setRole(email, role) {
			const account = store.account(email);
			if (account === undefined) throw new Error(`no account ${email}`);
			account.role = role;
		},
		registeredWebhook(email, workspace) {
			const account = store.account(email);
			return account?.webhooks.get(workspace ?? account.currentWorkspace);
		},
		close() {
			closing ??= new Promise<void>((resolve) => {
				closed = true;
				checks.close();
				for (const release of [...pendingPauses]) release();
				server.close(() => resolve());
				// Hanging logins and keep-alive sockets would otherwise hold close() open forever.
				server.closeAllConnections();
			});
			return closing;
		},
	};
}
