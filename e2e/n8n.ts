/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-hardcoded-secrets -- drives real n8n through its command line: it spawns it, waits on timers and gives it a fixed encryption key, not a secret */
// Drives a real n8n (installed by e2e/install-n8n.ts) headless, through its CLI.
//
//   import { createN8nInstance } from './n8n';
//   const n8n = createN8nInstance({ version: '2' });
//   await n8n.installPackageTarball('n8n-nodes-personr-0.1.0.tgz');
//   await n8n.importCredentials([{ id: 'c1', name: 'P', type: 'personrApi', data: { ... } }]);
//   const id = await n8n.importWorkflow(workflowJson);
//   const run = await n8n.execute(id);          // n8n's run data, parsed
//   n8n.outputOf(run, 'Personr');               // => [{...json}, ...]
//   await n8n.cleanup();

import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { VERSIONS, nodeEnv, cleanEnv } from './install-n8n';

/** An n8n error in run data: the fields the suites read. */
export interface N8nError {
	message: string;
	description?: string;
	[key: string]: unknown;
}

/**
 * An item's JSON as a node under test produced it. Typed loosely on purpose: the suites read it field by field
 * and assert on what they find.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OutputJson = Record<string, any>;

export interface N8nItem {
	json: OutputJson;
	pairedItem?: { item: number };
	[key: string]: unknown;
}

/** One run of one node in n8n's run data. */
export interface TaskData {
	executionTime: number;
	error?: N8nError;
	data?: { main: Array<N8nItem[] | null> };
	[key: string]: unknown;
}

/** What `n8n execute --rawOutput` prints: the execution, with the CLI result beside it (not enumerable). */
export interface RunData {
	data: {
		resultData: {
			error?: N8nError;
			runData: Record<string, TaskData[]>;
			lastNodeExecuted?: string;
		};
	};
	cli?: CliResult;
	[key: string]: unknown;
}

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
	ms: number;
}

/** An error from the CLI, with what the command printed. */
export type CliError = Error & { result?: CliResult };

/** A long-running n8n process (`start`, `worker`). */
export interface N8nProcess {
	process: ChildProcess;
	pid: number | undefined;
	dead: boolean;
	startupMs?: number;
	logs(): string;
	stop(): Promise<void>;
}

/** `n8n start`: the process and where it answers. */
export interface N8nServer extends N8nProcess {
	port: number;
	baseUrl: string;
	webhookUrl(p: string): string;
	waitForWebhook(p: string, options?: { timeoutMs?: number }): Promise<number>;
}

export type N8nInstance = ReturnType<typeof createN8nInstance>;

/** A workflow to import; an id is generated when it has none. */
export type ImportedWorkflow = object & { id?: string };

// Fixed so that credentials exported from one run can be re-imported in the next.
export const ENCRYPTION_KEY = 'n8n-e2e-fixed-encryption-key-not-a-secret';
// Only these are inherited: n8n reads hundreds of N8N_*/DB_*/EXECUTIONS_* variables,
// and a stray one on a developer's machine must not change what the suite sees.
const INHERITED_ENV = ['HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ', 'USER'];

const newId = () => crypto.randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 16);

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

// Kills a process started with `detached: true` together with its children
// (n8n 2.x forks a task runner that would otherwise outlive it).
function killTree(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
	try {
		process.kill(-(child.pid as number), signal);
	} catch {
		/* already gone */
	}
}

// Detached n8n processes would outlive a test run that dies or forgets to
// stop them: kill whatever is still running when this process exits.
const live = new Set<ChildProcess>();
function track(child: ChildProcess): ChildProcess {
	live.add(child);
	child.on('close', () => live.delete(child));
	return child;
}
process.on('exit', () => live.forEach((c) => killTree(c, 'SIGKILL')));

// Finds n8n's run data in the output of `n8n execute --rawOutput`. Besides the
// JSON, stdout carries start-up noise (2.x: task broker, python runner and
// license lines; both: migrations on first use, and on a failed run the error
// lines after the JSON). The run data is printed with JSON.stringify(_, null, 2),
// so it starts with a line that is exactly "{" and ends with the next line that
// is exactly "}"; a log line never is just a brace.
export function extractRunData(stdout: string): RunData | undefined {
	const lines = stripVTControlCharacters(stdout).split(/\r?\n/);
	for (let start = lines.indexOf('{'); start !== -1; start = lines.indexOf('{', start + 1)) {
		const end = lines.indexOf('}', start + 1);
		if (end === -1) break;
		try {
			const data = JSON.parse(lines.slice(start, end + 1).join('\n')) as RunData | null;
			if (data && data.data && data.data.resultData) return data;
		} catch {
			/* not the run data: keep looking */
		}
	}
	return undefined;
}

export function createN8nInstance({
	version,
	userFolder,
	env: extraEnv = {},
}: {
	version: string | number;
	userFolder?: string;
	env?: Record<string, string>;
}) {
	const v = VERSIONS[String(version)];
	if (!v) throw new Error(`unknown n8n version '${version}' (use '1' or '2')`);
	const n8nMain = path.join(v.dir, 'node_modules', 'n8n', 'bin', 'n8n');
	if (!fs.existsSync(path.join(v.dir, '.installed.json'))) {
		throw new Error(
			`n8n ${v.n8n} is not installed: run npx tsc -p tsconfig.tools.json && node .build/e2e/install-n8n.js --version ${version}`,
		);
	}
	const ownsFolder = !userFolder;
	const folder = userFolder || fs.mkdtempSync(path.join(os.tmpdir(), `n8n-e2e-v${version}-`));
	fs.mkdirSync(folder, { recursive: true });
	const { env: installEnv, nodeBin } = nodeEnv(v.node24);
	const nodesDir = path.join(folder, '.n8n', 'nodes');

	const env: Record<string, string | undefined> = { PATH: installEnv.PATH };
	for (const k of INHERITED_ENV) if (process.env[k] !== undefined) env[k] = process.env[k];
	Object.assign(env, {
		N8N_USER_FOLDER: folder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		// `execute` prints a failed run's data at info level; at debug level the
		// run data itself goes through the logger (colored, with metadata) instead
		// of plain stdout. So pin the level rather than inherit it.
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		// Only the loopback interface: nothing here should be reachable from outside.
		N8N_LISTEN_ADDRESS: '127.0.0.1',
	});
	if (v.node24) {
		// 2.x always runs a task runner (N8N_RUNNERS_ENABLED is obsolete there).
		// Its mcp-registry module fetches api.n8n.io at start-up: unreachable here,
		// it would log a stack trace on every start.
		env.N8N_DISABLED_MODULES = 'mcp-registry';
		// By default 2.40 activates published workflows in the background after
		// "Editor is now accessible" (a webhook called right then can answer 404).
		// Off, `start` activates them before that line, as 1.x does.
		env.N8N_USE_WORKFLOW_PUBLICATION_SERVICE = 'false';
	} else {
		// 1.x: no task runner process (none of our nodes needs one).
		env.N8N_RUNNERS_ENABLED = 'false';
		// The default 'vm' expression engine needs isolated-vm, which ships
		// prebuilds for Node 22/24 only and does not compile on Node 20.
		env.N8N_EXPRESSION_ENGINE = 'legacy';
		// 1.x warns at start-up about these; take the values that are 2.x's
		// defaults, so both versions run alike (pooled SQLite in WAL mode, no $env).
		Object.assign(env, {
			DB_SQLITE_POOL_SIZE: '2',
			N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true',
			N8N_GIT_NODE_DISABLE_BARE_REPOS: 'true',
		});
	}
	Object.assign(env, extraEnv);

	// Every n8n 2.x process (CLI commands included) opens a task broker on
	// N8N_RUNNERS_BROKER_PORT (default 5679): give each its own port so that
	// commands can run next to a started server or another instance.
	async function processEnv(more: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
		return { ...env, N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...more };
	}

	const tmpFile = (name: string, content: unknown): string => {
		const file = path.join(folder, `${name}-${newId()}.json`);
		fs.writeFileSync(
			file,
			typeof content === 'string' ? content : JSON.stringify(content, null, 2),
		);
		return file;
	};

	// Runs `n8n <args>`; resolves { code, stdout, stderr, ms }. Rejects on a
	// non-zero exit unless allowFailure, and on timeout (killing the tree).
	async function cli(
		args: string[],
		{
			allowFailure = false,
			timeoutMs = 180000,
		}: { allowFailure?: boolean; timeoutMs?: number } = {},
	): Promise<CliResult> {
		const started = Date.now();
		// stdout goes to a file: n8n exits right after printing the run data, and through a pipe the end of a
		// large run (1,000 items) was seen cut off under load, with exit code 0. Writes to a file are synchronous.
		const stdoutFile = path.join(folder, `stdout-${newId()}.txt`);
		const stdoutFd = fs.openSync(stdoutFile, 'w');
		const child = track(
			spawn(nodeBin, [n8nMain, ...args], {
				cwd: folder,
				env: await processEnv(),
				detached: true,
				stdio: ['ignore', stdoutFd, 'pipe'],
			}),
		);
		fs.closeSync(stdoutFd);
		let stderr = '';
		child.stderr?.on('data', (d) => (stderr += d));
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killTree(child, 'SIGKILL');
		}, timeoutMs);
		const code = await new Promise<number>((resolve, reject) => {
			child.on('error', reject);
			child.on('close', (c) => resolve(c === null ? -1 : c));
		});
		clearTimeout(timer);
		const stdout = fs.readFileSync(stdoutFile, 'utf8');
		fs.rmSync(stdoutFile);
		const result: CliResult = { code, stdout, stderr, ms: Date.now() - started };
		if (timedOut || (code !== 0 && !allowFailure)) {
			const tail = (s: string): string => s.split('\n').slice(-25).join('\n');
			const why = timedOut ? `timed out after ${timeoutMs} ms` : `exited ${code}`;
			const err: CliError = new Error(
				`n8n ${args.join(' ')} ${why}\n--- stdout\n${tail(stdout)}\n--- stderr\n${tail(stderr)}`,
			);
			err.result = result;
			throw err;
		}
		return result;
	}

	// Installs an `npm pack` tarball the way n8n's community-packages service
	// does (1.123 and 2.40 alike): unpack into .n8n/nodes/node_modules/<name>,
	// drop dev/peer/optional dependencies from its package.json (otherwise npm 7+
	// would install a second n8n-workflow as a peer), install the remaining
	// dependencies with scripts off, and record it in .n8n/nodes/package.json.
	// n8n finds packages by globbing node_modules for `n8n-nodes-*` and
	// `@*/n8n-nodes-*`; no database record is needed for the nodes to load.
	async function installPackageTarball(
		tgzPath: string,
	): Promise<{ name: string; version: string; dir: string }> {
		const tgz = path.resolve(tgzPath);
		const manifest = JSON.parse(
			execFileSync('tar', ['-xzOf', tgz, 'package/package.json'], { encoding: 'utf8' }),
		) as { name: string; version: string; dependencies?: Record<string, string> };
		const { name } = manifest;
		if (!/^(@[a-z0-9][\w.-]*\/)?n8n-nodes-[\w.-]+$/.test(name)) {
			throw new Error(
				`n8n only loads packages named n8n-nodes-* or @scope/n8n-nodes-*, not '${name}'`,
			);
		}
		const pkgDir = path.join(nodesDir, 'node_modules', ...name.split('/'));
		fs.rmSync(pkgDir, { recursive: true, force: true });
		fs.mkdirSync(pkgDir, { recursive: true });
		execFileSync('tar', ['-xzf', tgz, '-C', pkgDir, '--strip-components=1']);
		const kept: Record<string, unknown> = { ...manifest };
		for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies'])
			delete kept[field];
		fs.writeFileSync(path.join(pkgDir, 'package.json'), JSON.stringify(kept, null, 2));
		// n8n always runs this install; with no dependencies it is a no-op, so skip
		// the npm start-up time then.
		if (Object.keys(manifest.dependencies || {}).length > 0) {
			const npmArgs = [
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
			];
			execFileSync('npm', npmArgs, {
				cwd: pkgDir,
				env: { ...cleanEnv(), PATH: env.PATH },
				stdio: 'pipe',
			});
		}
		const listFile = path.join(nodesDir, 'package.json');
		const list = fs.existsSync(listFile)
			? (JSON.parse(fs.readFileSync(listFile, 'utf8')) as { dependencies: Record<string, string> })
			: { name: 'installed-nodes', private: true, dependencies: {} };
		list.dependencies = { ...list.dependencies, [name]: manifest.version };
		fs.writeFileSync(listFile, JSON.stringify(list, null, 2));
		return { name, version: manifest.version, dir: pkgDir };
	}

	// Credentials: [{ id?, name, type, data: { plain fields } }]. A plain `data`
	// object is encrypted on import. Returns the ids (generated when missing).
	async function importCredentials(
		credentials: Array<{ id?: string; name: string; type: string; data: Record<string, unknown> }>,
	): Promise<string[]> {
		const list = credentials.map((c) => ({ id: newId(), ...c }));
		const file = tmpFile('credentials', list);
		await cli(['import:credentials', `--input=${file}`]);
		fs.rmSync(file);
		return list.map((c) => c.id);
	}

	// A workflow object (returns its id) or an array of them (returns the ids;
	// one CLI call for all saves ~4 s per workflow). Each needs an id (generated
	// when missing) and, for `execute`, a Manual Trigger. Import always leaves
	// workflows inactive.
	async function importWorkflow(workflows: ImportedWorkflow): Promise<string>;
	async function importWorkflow(workflows: ImportedWorkflow[]): Promise<string[]>;
	async function importWorkflow(
		workflows: ImportedWorkflow | ImportedWorkflow[],
	): Promise<string | string[]> {
		const list = ([] as ImportedWorkflow[]).concat(workflows).map((w) => {
			const id = w.id || newId();
			return { id, name: id, active: false, settings: {}, connections: {}, ...w };
		});
		const file = tmpFile('workflows', list);
		await cli(['import:workflow', `--input=${file}`]);
		fs.rmSync(file);
		return Array.isArray(workflows) ? list.map((w) => w.id) : list[0].id;
	}

	// Runs a workflow once and returns n8n's run data ({ data: { resultData } ...}).
	// A failed workflow also resolves (exit code 1, but the run data is printed):
	// check run.data.resultData.error, or use outputOf() which throws on it.
	async function execute(workflowId: string, opts: { timeoutMs?: number } = {}): Promise<RunData> {
		const result = await cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
			...opts,
			allowFailure: true,
		});
		const run = extractRunData(result.stdout);
		if (!run) {
			const err: CliError = new Error(
				`n8n execute --id=${workflowId} printed no run data (exit ${result.code})\n` +
					`--- stdout\n${result.stdout.slice(-3000)}\n--- stderr\n${result.stderr.slice(-3000)}`,
			);
			err.result = result;
			throw err;
		}
		Object.defineProperty(run, 'cli', { value: result, enumerable: false });
		return run;
	}

	async function exportCredentials({ decrypted = true }: { decrypted?: boolean } = {}): Promise<
		Array<Record<string, unknown> & { id: string; data: Record<string, unknown> }>
	> {
		const file = path.join(folder, `export-${newId()}.json`);
		await cli([
			'export:credentials',
			'--all',
			`--output=${file}`,
			...(decrypted ? ['--decrypted'] : []),
		]);
		const list = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<
			Record<string, unknown> & { id: string; data: Record<string, unknown> }
		>;
		fs.rmSync(file);
		return list;
	}

	// Marks an imported workflow active, for the next `start` to register its
	// triggers and webhooks (a running server does not notice).
	async function activateWorkflow(workflowId: string): Promise<CliResult> {
		// 1.x: update:workflow sets active + activeVersionId. 2.x: activating is
		// "publishing" (update:workflow --active=true still works but is deprecated).
		const args = v.node24
			? ['publish:workflow', `--id=${workflowId}`]
			: ['update:workflow', `--id=${workflowId}`, '--active=true'];
		return cli(args);
	}

	const servers = new Set<N8nProcess>();

	// Spawns a long-running n8n command (`start`, `worker`) and returns its handle;
	// `ready` is awaited by the caller.
	async function launch(args: string[], env: Record<string, string>): Promise<N8nProcess> {
		const child = track(
			spawn(nodeBin, [n8nMain, ...args], {
				cwd: folder,
				env: await processEnv(env),
				detached: true,
				stdio: ['ignore', 'pipe', 'pipe'],
			}),
		);
		let output = '';
		child.stdout?.on('data', (d) => (output += d));
		child.stderr?.on('data', (d) => (output += d));
		const exited = new Promise((resolve) => child.on('close', resolve));
		const handle: N8nProcess = {
			process: child,
			pid: child.pid,
			dead: false,
			logs: () => output,
			async stop() {
				servers.delete(handle);
				killTree(child, 'SIGTERM');
				const t = setTimeout(() => killTree(child, 'SIGKILL'), 10000);
				await exited;
				clearTimeout(t);
				killTree(child, 'SIGKILL'); // leftover children (task runner)
			},
		};
		exited.then(() => (handle.dead = true));
		servers.add(handle);
		return handle;
	}

	// Waits until `handle` printed `text` and `check()` (optional) resolves true.
	async function waitReady(
		handle: N8nProcess,
		what: string,
		text: string,
		timeoutMs: number,
		check: () => Promise<boolean> = async () => true,
	): Promise<void> {
		const started = Date.now();
		for (;;) {
			if (handle.dead) throw new Error(`n8n ${what} exited early:\n${handle.logs().slice(-4000)}`);
			if (Date.now() - started > timeoutMs) {
				await handle.stop();
				throw new Error(
					`n8n ${what} not ready after ${timeoutMs} ms:\n${handle.logs().slice(-4000)}`,
				);
			}
			if (handle.logs().includes(text) && (await check())) return;
			await new Promise((r) => setTimeout(r, 250));
		}
	}

	// Starts `n8n start`; resolves once the server answers /healthz and has
	// printed "Editor is now accessible", which n8n does only after it activated
	// the workflows (/healthz alone answers before webhooks are registered).
	// `env`: variables for this process only (e.g. EXECUTIONS_MODE=queue).
	async function start({
		port,
		webhooks = [],
		timeoutMs = 120000,
		env: startEnv = {},
	}: {
		port?: number;
		webhooks?: string[];
		timeoutMs?: number;
		env?: Record<string, string>;
	} = {}): Promise<N8nServer> {
		port = port || (await freePort());
		const started = Date.now();
		const server = (await launch(['start'], {
			N8N_PORT: String(port),
			N8N_HOST: '127.0.0.1',
			...startEnv,
		})) as N8nServer;
		const baseUrl = `http://127.0.0.1:${port}`;
		Object.assign(server, {
			port,
			baseUrl,
			webhookUrl: (p: string) => `${baseUrl}/webhook/${p.replace(/^\//, '')}`,
			// Waits until a production webhook is registered, without running it:
			// a CORS preflight (OPTIONS with an Origin) lists the path's registered
			// methods in Access-Control-Allow-Methods ("OPTIONS" alone when none).
			async waitForWebhook(
				p: string,
				{ timeoutMs: wait = 60000 }: { timeoutMs?: number } = {},
			): Promise<number> {
				const t = Date.now();
				for (;;) {
					const res = await fetch(server.webhookUrl(p), {
						method: 'OPTIONS',
						headers: { origin: baseUrl },
					}).catch(() => undefined);
					const methods = (res && res.headers.get('access-control-allow-methods')) || '';
					if (methods.split(/,\s*/).some((m) => m && m !== 'OPTIONS')) return Date.now() - t;
					if (server.dead)
						throw new Error(
							`n8n exited while waiting for webhook ${p}:\n${server.logs().slice(-4000)}`,
						);
					if (Date.now() - t > wait)
						throw new Error(
							`webhook ${p} not registered after ${wait} ms:\n${server.logs().slice(-4000)}`,
						);
					await new Promise((r) => setTimeout(r, 200));
				}
			},
		});
		await waitReady(server, 'start', 'Editor is now accessible', timeoutMs, () =>
			fetch(`${baseUrl}/healthz`).then(
				(r) => r.ok,
				() => false,
			),
		);
		for (const p of webhooks) await server.waitForWebhook(p, { timeoutMs });
		server.startupMs = Date.now() - started;
		return server;
	}

	// Starts `n8n worker` (queue mode: pass EXECUTIONS_MODE=queue and the
	// QUEUE_BULL_REDIS_* variables in `env`); resolves once it printed that it is
	// ready, i.e. listens on the queue. Its health server stays off (no port).
	async function worker({
		concurrency = 10,
		timeoutMs = 120000,
		env: workerEnv = {},
	}: {
		concurrency?: number;
		timeoutMs?: number;
		env?: Record<string, string>;
	} = {}): Promise<N8nProcess> {
		const started = Date.now();
		const handle = await launch(['worker', `--concurrency=${concurrency}`], workerEnv);
		await waitReady(handle, 'worker', 'n8n worker is now ready', timeoutMs);
		handle.startupMs = Date.now() - started;
		return handle;
	}

	async function cleanup(): Promise<void> {
		await Promise.all([...servers].map((s) => s.stop()));
		if (ownsFolder) fs.rmSync(folder, { recursive: true, force: true });
	}

	return {
		version: v.n8n,
		userFolder: folder,
		env,
		cli,
		installPackageTarball,
		importCredentials,
		importWorkflow,
		execute,
		outputOf,
		exportCredentials,
		activateWorkflow,
		start,
		worker,
		cleanup,
	};
}

// The items a node produced in a run: [{...json}, ...] (its first output).
// Throws with n8n's error message when the run failed.
export function outputOf(
	run: RunData,
	nodeName: string,
	{ output = 0, runIndex = 0 }: { output?: number; runIndex?: number } = {},
): OutputJson[] {
	const { error, runData } = run.data.resultData;
	if (error) {
		const e: Error & { n8nError?: N8nError } = new Error(
			`workflow failed: ${error.message}${error.description ? ` (${error.description})` : ''}`,
		);
		e.n8nError = error;
		throw e;
	}
	const task = runData[nodeName] && runData[nodeName][runIndex];
	if (!task)
		throw new Error(`node '${nodeName}' did not run (ran: ${Object.keys(runData).join(', ')})`);
	return ((task.data!.main || [])[output] || []).map((item) => item.json);
}
