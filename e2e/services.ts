/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- a test tool, not a node: it spawns Postgres and Redis, waits on timers, kills them on exit and throws plain errors */
// Throw-away Postgres and Redis for the queue-mode suite, from the Debian packages
// (`apt-get install -y postgresql redis-server`): each on a free loopback port, with its data
// in a temp directory, stopped and removed by stop() — and killed when this process exits.

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './n8n';

export const INSTALL_HINT =
	'install them with: apt-get update && apt-get install -y --no-install-recommends postgresql redis-server';

/** A detached server process and the output it printed. */
interface Daemon {
	logs(): string;
	dead(): boolean;
	kill(signal: NodeJS.Signals): void;
	stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface Postgres {
	port: number;
	database: string;
	/** The server's major version, e.g. '15'. */
	version: string;
	/** What n8n needs to use this database. */
	env: Record<string, string>;
	/** Rows of a query as arrays of strings. */
	query(sql: string): string[][];
	stop(): Promise<void>;
}

export interface Redis {
	port: number;
	/** What n8n needs to use this Redis as its queue. */
	env: Record<string, string>;
	stop(): Promise<void>;
}

const running = new Set<Daemon>();
process.on('exit', () => running.forEach((s) => s.kill('SIGKILL')));

function postgresBin(): string {
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root)
		? fs
				.readdirSync(root)
				.filter((v) => /^\d+$/.test(v))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	const found = versions
		.map((v) => path.join(root, v, 'bin'))
		.find((dir) => fs.existsSync(path.join(dir, 'postgres')));
	if (!found) throw new Error(`Postgres server binaries not found under ${root}: ${INSTALL_HINT}`);
	return found;
}

function redisBin(): string {
	try {
		return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
	} catch {
		throw new Error(`redis-server not found: ${INSTALL_HINT}`);
	}
}

// A detached process (its own group, so stop() reaches runuser's child too) with its output kept.
function daemon(command: string, args: string[], { cwd }: { cwd: string }): Daemon {
	const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout.on('data', (d: Buffer) => (output += d));
	child.stderr.on('data', (d: Buffer) => (output += d));
	const exited = new Promise((resolve) => child.on('close', resolve));
	let dead = false;
	exited.then(() => (dead = true));
	const handle: Daemon = {
		logs: () => output,
		dead: () => dead,
		kill(signal) {
			try {
				process.kill(-(child.pid as number), signal);
			} catch {
				/* already gone */
			}
		},
		async stop(signal = 'SIGTERM') {
			handle.kill(signal);
			const t = setTimeout(() => handle.kill('SIGKILL'), 10000);
			await exited;
			clearTimeout(t);
			running.delete(handle);
		},
	};
	running.add(handle);
	return handle;
}

async function waitFor(
	what: string,
	handle: Daemon,
	ready: () => boolean,
	timeoutMs = 60000,
): Promise<number> {
	const started = Date.now();
	for (;;) {
		if (ready()) return Date.now() - started;
		if (handle.dead()) throw new Error(`${what} exited early:\n${handle.logs().slice(-3000)}`);
		if (Date.now() - started > timeoutMs)
			throw new Error(`${what} not ready after ${timeoutMs} ms:\n${handle.logs().slice(-3000)}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

// Postgres refuses to run as root: as root, initdb and postgres run as the `postgres` user
// that the Debian package creates. Trust authentication, loopback TCP only, durability off
// (a throw-away database; fsync would only slow the suite down).
export async function startPostgres({
	database = 'n8n',
}: { database?: string } = {}): Promise<Postgres> {
	const bin = postgresBin();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'personr-pg-'));
	const asPostgres = process.getuid && process.getuid() === 0;
	const run = (exe: string, args: string[]): [string, string[]] =>
		asPostgres ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
	if (asPostgres) {
		const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
		const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
		fs.chownSync(dir, uid, gid);
	}
	const data = path.join(dir, 'data');
	const [initCmd, initArgs] = run(path.join(bin, 'initdb'), [
		'-D',
		data,
		'-A',
		'trust',
		'-U',
		'postgres',
		'-E',
		'UTF8',
		'--locale=C',
		'--no-sync',
	]);
	execFileSync(initCmd, initArgs, { cwd: dir, stdio: 'pipe' });
	const port = await freePort();
	const [cmd, args] = run(path.join(bin, 'postgres'), [
		'-D',
		data,
		'-p',
		String(port),
		'-k',
		dir,
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
		'-c',
		'max_connections=200',
	]);
	const server = daemon(cmd, args, { cwd: dir });
	const psqlBin = path.join(bin, 'psql');
	const psql = (sql: string, db = database): string =>
		execFileSync(
			psqlBin,
			[
				'-h',
				'127.0.0.1',
				'-p',
				String(port),
				'-U',
				'postgres',
				'-d',
				db,
				'-XAtq',
				'-F',
				'\t',
				'-c',
				sql,
			],
			{
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'pipe'],
				timeout: 30000,
			},
		);
	await waitFor('postgres', server, () => {
		try {
			psql('select 1', 'postgres');
			return true;
		} catch {
			return false;
		}
	});
	psql(`CREATE DATABASE ${database}`, 'postgres');
	return {
		port,
		database,
		version: path.basename(path.dirname(bin)),
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
		},
		query: (sql) =>
			psql(sql)
				.split('\n')
				.filter(Boolean)
				.map((line) => line.split('\t')),
		async stop() {
			await server.stop('SIGINT'); // fast shutdown: ends client sessions instead of waiting for them
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

export async function startRedis(): Promise<Redis> {
	const exe = redisBin();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'personr-redis-'));
	const port = await freePort();
	const server = daemon(
		exe,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
		],
		{ cwd: dir },
	);
	await waitFor('redis', server, () => /Ready to accept connections/.test(server.logs()));
	return {
		port,
		env: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) },
		async stop() {
			await server.stop('SIGTERM');
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}
