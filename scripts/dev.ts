/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- a command-line tool, not node code: it prints its progress, reads its arguments and signals, packs the package with npm, starts n8n and the local server, and rethrows a failed start once it has stopped what it started */
// A local n8n to click through: a real n8n with this package installed, the bundled Personr-compatible
// server, an owner account, the example credential and the example workflows.
//
//   node .build/scripts/dev.js [--version 1|2] [--port <n8n port>]   (npm run dev builds first)
//
// The n8n user folder (.cache/dev-n8n-<version>) is kept between runs, so workflows and credentials made
// in the editor survive a restart. Each start installs the freshly packed package; the example credential
// and workflows are imported again only when examples/ or the local server's port (8787 unless busy)
// changed. The owner account is created on the first start only.
//
// As a module: import { startDev } from './dev'; const dev = await startDev({ version: '2' });
// → { editorUrl, owner, personr, version, n8n, stop() }.

import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startPersonrServer, type PersonrServer } from '../local-server/server';
import { EXAMPLE_CREDENTIAL_ID, LIVE_URL, type Workflow } from '../e2e/examples';
import { install, ROOT } from '../e2e/install-n8n';
import { createN8nInstance, type N8nInstance, type N8nServer } from '../e2e/n8n';

const PERSONR_PORT = 8787;
const N8N_PORT = 5678;

// A local-only account: printing it is the point. n8n requires 8+ characters, a digit and an uppercase letter.
export const OWNER = {
	email: 'dev@n8n-personr.local',
	password: 'PersonrDev1',
	firstName: 'Personr',
	lastName: 'Developer',
};
// The local server's default account (the same one `npm run local-server` prints).
export const PERSONR_ACCOUNT = { email: 'demo@personr.local', password: 'demo-password' };

export interface DevOptions {
	version?: string | number;
	n8nPort?: number;
	personrPort?: number;
	userFolder?: string;
	log?: (line: string) => void;
	personrLog?: (line: string) => void;
}

/** The dev account; `loginWorks` is checked only when the account already existed. */
export type Owner = typeof OWNER & { created: boolean; loginWorks?: boolean };

/** A running dev setup, as startDev() returns it. */
export interface Dev {
	version: string;
	editorUrl: string;
	owner: Owner;
	personr: { url: string; liveBaseUrl: string; account: typeof PERSONR_ACCOUNT };
	userFolder: string;
	n8n: N8nInstance;
	server: N8nServer;
	stop(): Promise<void>;
}

/** A path relative to the repository when inside it (as the README writes them), absolute otherwise. */
const shortPath = (p: string): string =>
	path.relative(ROOT, p).startsWith('..') ? p : path.relative(ROOT, p);

/** Resolves true when nothing listens on 127.0.0.1:port. */
function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const probe = net.createServer();
		probe.once('error', () => resolve(false));
		probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
	});
}

/** The wanted port, or 0 (any free one) when something already listens there. */
async function portOrAny(port: number): Promise<number> {
	return (await portIsFree(port)) ? port : 0;
}

/** A note for the log when a wanted port was busy and another one was taken. */
const tookOther = (wanted: number, url: string): string =>
	wanted && new URL(url).port !== String(wanted) ? ` (port ${wanted} was busy)` : '';

function packPackage(): { tgz: string; dir: string } {
	// The local server needs no such check: this file is built beside it and imports it.
	const node = 'dist/nodes/Personr/Personr.node.js';
	if (!fs.existsSync(path.join(ROOT, node))) {
		throw new Error(
			`${node} is missing: run npm run build && npx tsc -p tsconfig.tools.json first (npm run dev does both)`,
		);
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'personr-dev-pack-'));
	const out = execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], {
		cwd: ROOT,
		encoding: 'utf8',
	});
	return { tgz: path.join(dir, out.trim().split('\n').pop() as string), dir };
}

/**
 * The example workflows pointed at the local server. Unlike e2e/examples.ts's adapt(), ids and names are
 * kept: these are the workflows a developer opens in the editor.
 */
function exampleWorkflows(baseUrl: string): Workflow[] {
	const dir = path.join(ROOT, 'examples');
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map(
			(f) =>
				JSON.parse(
					fs.readFileSync(path.join(dir, f), 'utf8').split(LIVE_URL).join(baseUrl),
				) as Workflow,
		);
}

/** What n8n's /rest/settings answers, as far as it is read here. */
interface Settings {
	data?: { userManagement?: { showSetupOnFirstLoad?: boolean } };
}

async function rest<T = unknown>(
	baseUrl: string,
	method: string,
	route: string,
	body?: object,
): Promise<{ status: number; json: T | undefined; text: string }> {
	const res = await fetch(`${baseUrl}/rest/${route}`, {
		method,
		headers: body ? { 'content-type': 'application/json' } : {},
		body: body ? JSON.stringify(body) : undefined,
	});
	const text = await res.text();
	let json: T | undefined;
	try {
		json = JSON.parse(text) as T;
	} catch {
		json = undefined;
	}
	return { status: res.status, json, text };
}

/**
 * Creates the owner account on a fresh instance, through the same REST call the "Set up owner account"
 * page makes (POST /rest/owner/setup, unauthenticated while no owner exists; n8n 1.123 and 2.40 alike).
 * On an instance that already has an owner it only checks that the dev account can log in.
 */
async function ensureOwner(baseUrl: string): Promise<Owner> {
	const settings = await rest<Settings>(baseUrl, 'GET', 'settings');
	const showSetup = settings.json?.data?.userManagement?.showSetupOnFirstLoad;
	if (showSetup === undefined)
		throw new Error(`unexpected answer from /rest/settings (HTTP ${settings.status})`);
	if (showSetup) {
		const setup = await rest(baseUrl, 'POST', 'owner/setup', OWNER);
		if (setup.status !== 200)
			throw new Error(`owner setup failed (HTTP ${setup.status}): ${setup.text.slice(0, 300)}`);
		return { ...OWNER, created: true };
	}
	// 1.123 and 2.40 both name the login field emailOrLdapLoginId.
	const login = await rest(baseUrl, 'POST', 'login', {
		emailOrLdapLoginId: OWNER.email,
		password: OWNER.password,
	});
	return { ...OWNER, created: false, loginWorks: login.status === 200 };
}

/**
 * Imports the example credential and workflows, unless exactly these were imported into this user folder
 * last time: each import is a separate n8n process (5-10 s), and skipping it keeps edits made in the
 * editor. A changed examples/ folder or a new Personr port (8787 was taken) imports them again.
 */
async function importExamples(
	n8n: N8nInstance,
	userFolder: string,
	personrBaseUrl: string,
): Promise<{ imported: boolean; count: number }> {
	const credential = {
		id: EXAMPLE_CREDENTIAL_ID,
		name: 'Personr account',
		type: 'personrApi',
		data: {
			...PERSONR_ACCOUNT,
			environment: 'custom',
			baseUrl: personrBaseUrl,
			loginMethod: 'basicAuth',
		},
	};
	const workflows = exampleWorkflows(personrBaseUrl);
	const hash = crypto
		.createHash('sha256')
		.update(JSON.stringify({ credential, workflows }))
		.digest('hex');
	const stateFile = path.join(userFolder, 'personr-dev-imported.json');
	const last = fs.existsSync(stateFile)
		? (JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { hash?: string }).hash
		: undefined;
	if (last === hash) return { imported: false, count: workflows.length };
	// Importing replaces the records with the same ids (the credential's saved token goes too: the
	// server that issued it kept its tokens in memory only).
	await n8n.importCredentials([credential]);
	await n8n.importWorkflow(workflows);
	fs.writeFileSync(stateFile, JSON.stringify({ hash }, null, 2));
	return { imported: true, count: workflows.length };
}

/**
 * Starts n8n (version '1' or '2') with the package, the local Personr server and the examples.
 * Options: version ('2'), n8nPort (5678, or a free one if taken; 0 for any), personrPort (8787, likewise),
 * userFolder (default .cache/dev-n8n-<version>), log (progress lines; default console.log),
 * personrLog (one line per request to the local server).
 */
export async function startDev({
	version: requested = '2',
	n8nPort = N8N_PORT,
	personrPort = PERSONR_PORT,
	userFolder,
	log = console.log,
	personrLog,
}: DevOptions = {}): Promise<Dev> {
	const version = String(requested);
	if (!['1', '2'].includes(version))
		throw new Error(`unknown n8n version '${version}' (use 1 or 2)`);
	const started = Date.now();
	const step = (msg: string): void =>
		log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${msg}`);

	step(`n8n ${version}.x: checking the install in .cache/ (several minutes the first time)`);
	await install(version);
	const { tgz, dir: packDir } = packPackage();

	const folder = userFolder || path.join(ROOT, '.cache', `dev-n8n-${version}`);
	const n8n = createN8nInstance({ version, userFolder: folder });
	let personr: PersonrServer | undefined;
	let server: N8nServer | undefined;
	const stop = async (): Promise<void> => {
		// Both, even when one of them fails to stop.
		await Promise.allSettled([server?.stop(), personr?.close()]);
	};

	try {
		let pkg;
		try {
			pkg = await n8n.installPackageTarball(tgz);
		} finally {
			fs.rmSync(packDir, { recursive: true, force: true });
		}
		step(`installed ${pkg.name}@${pkg.version} into ${shortPath(folder)}`);

		personr = await startPersonrServer({
			port: await portOrAny(personrPort),
			accounts: [PERSONR_ACCOUNT],
			...(personrLog ? { log: personrLog } : {}),
		});
		step(`local Personr server on ${personr.url}${tookOther(personrPort, personr.url)}`);

		const examples = await importExamples(n8n, folder, personr.liveBaseUrl);
		step(
			examples.imported
				? `imported the credential '${EXAMPLE_CREDENTIAL_ID}' and ${examples.count} example workflows`
				: 'example credential and workflows unchanged since the last start: kept as they are',
		);

		server = await n8n.start({ port: await portOrAny(n8nPort) });
		step(`n8n ${n8n.version} started on ${server.baseUrl}${tookOther(n8nPort, server.baseUrl)}`);

		const owner = await ensureOwner(server.baseUrl);
		step(owner.created ? 'owner account created' : 'owner account already set up');

		return {
			version: n8n.version,
			editorUrl: server.baseUrl,
			owner,
			personr: { url: personr.url, liveBaseUrl: personr.liveBaseUrl, account: PERSONR_ACCOUNT },
			userFolder: folder,
			n8n,
			server,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

function parseArgs(argv: string[]): { version?: string; n8nPort?: number; help?: boolean } {
	const options: { version?: string; n8nPort?: number; help?: boolean } = {};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2);
		const value = () => (inline !== undefined ? inline : argv[++i]);
		if (flag === '--version') options.version = value();
		else if (flag === '--port') options.n8nPort = Number(value());
		else if (flag === '--help' || flag === '-h') options.help = true;
		else throw new Error(`unknown argument '${argv[i]}'`);
	}
	return options;
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	if (options.help) {
		console.log(
			'Usage: node .build/scripts/dev.js [--version 1|2] [--port <n8n port>]   (default: n8n 2.x on port 5678)',
		);
		return;
	}
	// Ctrl+C while starting: exiting runs e2e/n8n.ts's exit hook, which kills the n8n processes started so
	// far (they run in their own process group, so the terminal's SIGINT does not reach them).
	const interrupted = () => {
		console.log('\nInterrupted while starting.');
		process.exit(130);
	};
	process.on('SIGINT', interrupted);
	process.on('SIGTERM', interrupted);
	const dev = await startDev({
		...options,
		personrLog: (line) => console.log(`[personr] ${line}`),
	});
	const { owner } = dev;
	console.log(`
n8n ${dev.version} with n8n-nodes-personr is running.

  Editor:     ${dev.editorUrl}
  Log in:     ${owner.email} / ${owner.password}   (a local dev account)${
		owner.created || owner.loginWorks
			? ''
			: `
              This password no longer works: it was changed in this user folder. Remove
              ${shortPath(dev.userFolder)} to start over.`
	}
  Personr:    ${dev.personr.liveBaseUrl}   (account ${dev.personr.account.email} / ${dev.personr.account.password})
  Credential: "Personr account" (${EXAMPLE_CREDENTIAL_ID}), used by the example workflows "Personr: …"
  Data:       ${shortPath(dev.userFolder)} (kept between runs; the examples are imported again,
              replacing edits, when examples/ or the Personr port change)

Press Ctrl+C to stop.
`);

	// n8n's own log from here on (start-up noise is over), so errors in the editor can be traced.
	for (const stream of [dev.server.process.stdout, dev.server.process.stderr]) {
		stream?.on('data', (chunk: Buffer) => {
			for (const line of String(chunk).split('\n')) if (line.trim()) console.log(`[n8n] ${line}`);
		});
	}

	let stopping = false;
	const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal}: stopping n8n and the Personr server…`);
		await dev.stop();
		console.log('Stopped.');
		process.exit(0);
	};
	process.off('SIGINT', interrupted);
	process.off('SIGTERM', interrupted);
	process.on('SIGINT', () => void shutdown('SIGINT'));
	process.on('SIGTERM', () => void shutdown('SIGTERM'));
	dev.server.process.on('close', (code) => {
		if (stopping) return;
		console.error(`n8n exited unexpectedly (code ${code}); stopping.`);
		void dev.stop().then(() => process.exit(1));
	});
}

if (require.main === module) {
	main().catch((error: unknown) => {
		console.error(error instanceof Error ? error.message : String(error));
		process.exit(1);
	});
}
