/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- a command-line tool, not node code: it prints its progress, reads its arguments and signals, writes screenshots, and runs apt-get and npm to install the browser and its driver */
// Checks the package in n8n's editor, in a real (headless) browser, and saves the README's screenshots.
//
//   node .build/scripts/ui-check.js [--version 2|1] [--out docs]   (npm run ui:check builds first)
//
// It starts the same setup as `npm run dev` (scripts/dev.ts) in a throw-away user folder on free ports,
// logs in as the owner, opens a new workflow, adds the Personr node through the node creator, opens a
// new "Personr API" credential, and saves and tests it against the local Personr server. It fails when the
// node, its operations or the credential fields (Email, Password, Environment, Login Method) do not render,
// and when the Resource or Operation list differs from the node's own (n8n adds "Custom API Call" entries to
// nodes whose credential authenticates declaratively: this node has its own, once, and must get no other).
//
// What it needs is installed on first use, outside package.json: Debian's chromium (apt-get, as root) and
// playwright-core (only the driver, no bundled browsers) into .cache/ui/.

import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanEnv, ROOT } from '../e2e/install-n8n';
import { startDev, type Dev } from './dev';

// The parts of playwright-core's API used here. It is installed at run time into .cache/ui/, outside
// package.json, so its own types are not available when this file is compiled.
interface Box {
	x: number;
	y: number;
	width: number;
	height: number;
}

interface ScreenshotOptions {
	path?: string;
	animations?: 'disabled' | 'allow';
	clip?: Box;
}

interface WaitForOptions {
	state?: 'attached' | 'detached' | 'visible' | 'hidden';
	timeout?: number;
}

interface Locator {
	first(): Locator;
	last(): Locator;
	locator(selector: string): Locator;
	filter(options: { hasText?: string | RegExp }): Locator;
	getByText(text: string | RegExp, options?: { exact?: boolean }): Locator;
	waitFor(options?: WaitForOptions): Promise<void>;
	isVisible(): Promise<boolean>;
	click(): Promise<void>;
	fill(value: string): Promise<void>;
	inputValue(): Promise<string>;
	innerText(): Promise<string>;
	allTextContents(): Promise<string[]>;
	boundingBox(): Promise<Box | null>;
}

/** A `<style>` element added to the page; the function runs in the browser. */
interface StyleHandle {
	evaluate(pageFunction: (style: { remove(): void }) => void): Promise<unknown>;
}

interface Page {
	goto(url: string): Promise<unknown>;
	locator(selector: string): Locator;
	waitForURL(url: (url: URL) => boolean, options?: { timeout?: number }): Promise<void>;
	waitForTimeout(ms: number): Promise<void>;
	setViewportSize(size: { width: number; height: number }): Promise<void>;
	addStyleTag(options: { content: string }): Promise<StyleHandle>;
	screenshot(options?: ScreenshotOptions): Promise<Buffer>;
	keyboard: { press(key: string): Promise<void> };
}

interface BrowserContext {
	pages(): Page[];
	newPage(): Promise<Page>;
	setDefaultTimeout(ms: number): void;
	close(): Promise<void>;
}

interface PlaywrightCore {
	chromium: {
		launchPersistentContext(
			userDataDir: string,
			options: {
				executablePath: string;
				headless: boolean;
				viewport: { width: number; height: number };
				args: string[];
			},
		): Promise<BrowserContext>;
	};
}

/** A saved screenshot. */
interface Shot {
	file: string;
	bytes: number;
}

type Shoot = (name: string, target?: Page, options?: ScreenshotOptions) => Promise<void>;

const CHROMIUM = '/usr/bin/chromium';
const PLAYWRIGHT_VERSION = '1.65.1';
const UI_CACHE = path.join(ROOT, '.cache', 'ui');
const VIEWPORT = { width: 1440, height: 900 };
// The node creator's action list is taller than the window: this height shows all of it.
const TALL_VIEWPORT = { width: 1440, height: 1700 };
// The node's Resource list and the Applicant operations, as the node defines them (n8n adds none).
const RESOURCES = [
	'AML',
	'Applicant',
	'Custom API Call',
	'Database Verification',
	'Entity',
	'Token',
	'Workspace',
];
const APPLICANT_OPERATIONS = [
	'Create',
	'Create Verification Link',
	'Download Documents',
	'Get',
	'Get Status',
	'Request Check',
	'Upload Document',
];
const CREDENTIAL_FIELDS = [
	{ label: 'Email', name: 'email' },
	{ label: 'Password', name: 'password' },
	{ label: 'Environment', name: 'environment' },
	{ label: 'Login Method', name: 'loginMethod' },
];

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
// Relative to the repository when inside it (docs/…), absolute otherwise.
const shortPath = (p: string): string =>
	path.relative(ROOT, p).startsWith('..') ? p : path.relative(ROOT, p);
const say = (msg: string): void => console.log(`[${elapsed().padStart(6)}] ${msg}`);

class CheckFailed extends Error {}
function fail(msg: string): never {
	throw new CheckFailed(msg);
}

/** What a failure report shows: the message of a failed check, the stack of anything else. */
const reason = (error: unknown): unknown =>
	error instanceof CheckFailed ? error.message : (error instanceof Error && error.stack) || error;

function run(cmd: string, args: string[], options: SpawnSyncOptions = {}): boolean {
	const res = spawnSync(cmd, args, { stdio: 'inherit', ...options });
	return res.status === 0;
}

/** Debian's chromium package; apt-get needs root, so others get the command to run instead. */
function ensureChromium(): void {
	if (fs.existsSync(CHROMIUM)) return;
	if (typeof process.getuid === 'function' && process.getuid() !== 0) {
		fail(`${CHROMIUM} is missing. Install it first: sudo apt-get install -y chromium`);
	}
	say(`${CHROMIUM} is missing: installing Debian's chromium package (apt-get, about a minute)`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const install = () =>
		run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { env });
	// The package lists may be missing or stale on a fresh machine: update them only when needed.
	if (!install() && !(run('apt-get', ['update'], { env }) && install()))
		fail('apt-get install chromium failed');
	if (!fs.existsSync(CHROMIUM)) fail(`chromium was installed but ${CHROMIUM} does not exist`);
}

/** playwright-core at a pinned version in .cache/ui/, so package.json does not carry a browser driver. */
async function loadPlaywright(): Promise<PlaywrightCore> {
	const pkgDir = path.join(UI_CACHE, 'node_modules', 'playwright-core');
	const installed = () => {
		try {
			return (
				JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as {
					version?: string;
				}
			).version;
		} catch {
			return undefined;
		}
	};
	if (installed() !== PLAYWRIGHT_VERSION) {
		say(`installing playwright-core@${PLAYWRIGHT_VERSION} into ${path.relative(ROOT, UI_CACHE)}/`);
		fs.mkdirSync(UI_CACHE, { recursive: true });
		fs.writeFileSync(
			path.join(UI_CACHE, 'package.json'),
			JSON.stringify(
				{ private: true, dependencies: { 'playwright-core': PLAYWRIGHT_VERSION } },
				null,
				2,
			),
		);
		// cleanEnv: under `npm run`, npm's own settings (this repo's prefix among them) must not leak in.
		const ok = run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock'], {
			cwd: UI_CACHE,
			env: cleanEnv(),
		});
		if (!ok || installed() !== PLAYWRIGHT_VERSION) fail('npm install playwright-core failed');
	}
	return (await import(pkgDir)) as PlaywrightCore;
}

function parseArgs(argv: string[]): { version: string; out: string } {
	const options = { version: '2', out: path.join(ROOT, 'docs') };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2);
		const value = () => (inline !== undefined ? inline : argv[++i]);
		if (flag === '--version') options.version = value();
		else if (flag === '--out') options.out = path.resolve(value());
		else
			throw new Error(
				`unknown argument '${argv[i]}' (usage: node .build/scripts/ui-check.js [--version 2|1] [--out docs])`,
			);
	}
	return options;
}

/**
 * Opens a parameter's option list, checks that it shows exactly `expected` (in order), screenshots the
 * field with its open list, and closes it.
 */
async function checkDropdown(
	page: Page,
	field: Locator,
	expected: string[],
	file: string,
	shoot: Shoot,
): Promise<void> {
	const input = field.locator('input').first();
	// The whole list in one picture: element-plus scrolls lists taller than 274 px.
	const unclipped = await page.addStyleTag({
		content: '.el-select-dropdown__wrap { max-height: none !important; }',
	});
	await page.setViewportSize(TALL_VIEWPORT);
	await input.click();
	const lists = page.locator('.el-select-dropdown:visible, [role="listbox"]:visible');
	const options = lists.last().locator('.el-select-dropdown__item, [role="option"]');
	await options
		.first()
		.waitFor({ state: 'visible', timeout: 10000 })
		.catch(() => fail(`the list of ${file} did not open`));
	await page.waitForTimeout(300); // the list finishes its opening animation
	const shown = (await options.allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
	// An option's description is part of its text: compare the names at the start.
	const names = expected.map((name, i) => (shown[i] || '').startsWith(name));
	if (shown.length !== expected.length || names.includes(false)) {
		fail(`the list shows ${JSON.stringify(shown)}, expected ${JSON.stringify(expected)}`);
	}
	say(`list: ${shown.length} entries as expected (${expected.slice(0, 3).join(', ')}, …)`);
	const box = await field.boundingBox();
	const list = await lists.last().boundingBox();
	if (!box || !list) fail(`the list of ${file} has no size`);
	// From the parameter's label (above the field) to the end of the list.
	const x = Math.min(box.x, list.x) - 8;
	const y = Math.max(0, Math.min(box.y, list.y) - 32);
	const right = Math.max(box.x + box.width, list.x + list.width) + 8;
	const bottom = Math.max(box.y + box.height, list.y + list.height) + 8;
	await shoot(file, page, { clip: { x, y, width: right - x, height: bottom - y } });
	await page.keyboard.press('Escape');
	await options
		.first()
		.waitFor({ state: 'hidden', timeout: 5000 })
		.catch(() => {});
	await unclipped.evaluate((style) => style.remove());
	await page.setViewportSize(VIEWPORT);
}

/** The browser steps; each failure names what did not appear. `shots` collects the saved screenshots. */
async function checkEditor(page: Page, dev: Dev, outDir: string, shots: Shot[]): Promise<void> {
	const url = dev.editorUrl;
	const byTestId = (id: string): Locator => page.locator(`[data-test-id="${id}"]`);
	const visible = (locator: Locator, what: string, timeout = 30000): Promise<void> =>
		locator
			.first()
			.waitFor({ state: 'visible', timeout })
			.catch(() => fail(`${what} did not appear`));
	const shoot: Shoot = async (name, target = page, options = {}) => {
		const file = path.join(outDir, name);
		await target.screenshot({ path: file, animations: 'disabled', ...options });
		shots.push({ file, bytes: fs.statSync(file).size });
		say(`saved ${shortPath(file)} (${Math.round(fs.statSync(file).size / 1024)} KB)`);
	};

	say('sign in as the owner');
	await page.goto(`${url}/signin`);
	await visible(page.locator('input[type="password"]'), 'the sign-in form');
	await page
		.locator('input[name="emailOrLdapLoginId"], input[name="email"]')
		.first()
		.fill(dev.owner.email);
	await page.locator('input[type="password"]').fill(dev.owner.password);
	await byTestId('form-submit-button').click();
	await page
		.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 30000 })
		.catch(() => fail('sign-in did not succeed'));

	say('new workflow with a Manual Trigger');
	await page.goto(`${url}/workflow/new`);
	await visible(byTestId('canvas-plus-button'), 'the empty canvas');
	// A workflow's first node must be a trigger: in the trigger list the Personr entry shows only the
	// Personr Trigger's events. With a trigger in place, the node creator lists the Personr node's actions.
	await byTestId('canvas-plus-button').click();
	await byTestId('node-creator-search-bar').fill('Manual Trigger');
	const manual = byTestId('node-creator-item-name').filter({
		hasText: /^(Manual Trigger|Trigger manually)$/,
	});
	await visible(manual, 'the Manual Trigger in the node creator');
	await manual.first().click();
	await visible(byTestId('canvas-trigger-node'), 'the Manual Trigger on the canvas');
	// Some versions open the trigger's panel right away.
	if (await byTestId('ndv').isVisible()) await page.keyboard.press('Escape');

	say('node creator: search "Personr"');
	await byTestId('node-creator-plus-button').click();
	await byTestId('node-creator-search-bar').fill('Personr');
	const personr = byTestId('node-creator-item-name').filter({ hasText: /^Personr$/ });
	await visible(
		personr,
		'the Personr node in the node creator (is the package installed and loaded?)',
	);
	await personr.first().click();
	// The node's operations, listed by resource ("Create applicant", "Get token", ...).
	const actions = page.locator('[data-keyboard-nav-type="action"]');
	await visible(actions, "the Personr node's actions");
	const actionNames = (
		await actions.locator('[data-test-id="node-creator-item-name"]').allTextContents()
	).map((t) => t.trim());
	say(`Personr actions: ${actionNames.length} (${actionNames.slice(0, 3).join(', ')}, …)`);
	for (const expected of ['Create applicant', 'Get token']) {
		if (!actionNames.some((n) => n.toLowerCase() === expected.toLowerCase()))
			fail(`action '${expected}' is missing`);
	}
	await page.setViewportSize(TALL_VIEWPORT);
	await page.waitForTimeout(300); // the panel re-lays out after the resize
	// The panel from its top to just below the last action (the rest is empty space).
	const panel = await byTestId('node-creator').first().boundingBox();
	const last = await actions.last().boundingBox();
	if (!panel || !last) fail('the node creator panel has no size');
	const bottom = Math.min(panel.y + panel.height, last.y + last.height + 16);
	await shoot('personr-operations.png', page, {
		clip: { x: panel.x, y: panel.y, width: panel.width, height: bottom - panel.y },
	});
	await page.setViewportSize(VIEWPORT);

	say('add the action "Create applicant"');
	await actions
		.filter({ hasText: /^\s*Create applicant\s*$/i })
		.first()
		.click();
	await visible(byTestId('ndv'), 'the Personr node panel');
	for (const [name, value] of [
		['resource', 'Applicant'],
		['operation', 'Create'],
	]) {
		const input = byTestId(`parameter-input-${name}`).locator('input').first();
		await visible(input, `the node's ${name} parameter`);
		const shown = await input.inputValue();
		if (shown !== value) fail(`the node's ${name} shows '${shown}', expected '${value}'`);
	}
	await visible(byTestId('node-credentials-select'), "the node's credential selector");
	await page.waitForTimeout(300);
	await shoot('personr-node.png');

	await checkDropdown(
		page,
		byTestId('parameter-input-resource'),
		RESOURCES,
		'personr-resources.png',
		shoot,
	);
	await checkDropdown(
		page,
		byTestId('parameter-input-operation'),
		APPLICANT_OPERATIONS,
		'personr-applicant-operations.png',
		shoot,
	);

	say('credential: create new "Personr API"');
	await byTestId('node-credentials-select').click();
	await visible(
		byTestId('node-credentials-select-item-new'),
		'"Create new credential" in the credential selector',
	);
	await byTestId('node-credentials-select-item-new').click();
	const modal = page
		.locator('.editCredential-modal, [data-test-id="editCredential-modal"]')
		.first();
	await visible(modal, 'the credential dialog');
	await visible(
		modal.getByText('Personr API', { exact: true }),
		'the credential type "Personr API" in the dialog',
	);
	for (const field of CREDENTIAL_FIELDS) {
		await visible(
			modal.locator(`[data-test-id="parameter-input-${field.name}"]`),
			`the credential field ${field.label}`,
			10000,
		);
		await visible(
			modal.locator('label').filter({ hasText: new RegExp(`^\\s*${field.label}\\b`) }),
			`the label "${field.label}"`,
			10000,
		);
	}
	await page.waitForTimeout(300);
	await shoot('personr-credential.png');

	say('credential: save and test against the local Personr server');
	const field = (name: string): Locator =>
		modal.locator(`[data-test-id="parameter-input-${name}"] input`).first();
	await field('email').fill(dev.personr.account.email);
	await field('password').fill(dev.personr.account.password);
	await modal.locator('[data-test-id="parameter-input-environment"]').click();
	await page
		.locator('.el-select-dropdown__item:visible, [role="option"]:visible')
		.filter({ hasText: /^\s*Custom/ })
		.first()
		.click();
	await visible(
		modal.locator('[data-test-id="parameter-input-baseUrl"]'),
		'the Base URL field after choosing Custom',
	);
	await field('baseUrl').fill(dev.personr.liveBaseUrl);
	await modal.locator('[data-test-id="credential-save-button"]').click();
	// Saving runs the credential's test. A failed test keeps the dialog open with the error; n8n 2.x closes
	// the dialog after a successful one (1.x keeps it open), so a closed dialog is reopened to read the
	// result: opening a saved credential tests it again.
	const success = modal.getByText(/Connection tested successfully/i).first();
	const problem = modal.getByText(/Couldn.t connect|could not connect/i).first();
	const outcome = () =>
		Promise.race([
			success.waitFor({ timeout: 45000 }).then(() => 'ok'),
			problem.waitFor({ timeout: 45000 }).then(() => 'error'),
			modal.waitFor({ state: 'hidden', timeout: 45000 }).then(() => 'closed'),
		]).catch(() => 'timeout');
	let result = await outcome();
	if (result === 'closed') {
		await byTestId('credential-edit-button').first().click();
		await visible(modal, 'the saved credential in its dialog');
		result = await Promise.race([
			success.waitFor({ timeout: 45000 }).then(() => 'ok'),
			problem.waitFor({ timeout: 45000 }).then(() => 'error'),
		]).catch(() => 'timeout');
	}
	if (result !== 'ok') {
		const text = (await modal.innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 400);
		fail(`the credential test did not succeed (${result}): ${text}`);
	}
	say('credential test: "Connection tested successfully"');
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	ensureChromium();
	const { chromium } = await loadPlaywright();
	fs.mkdirSync(options.out, { recursive: true });

	// A throw-away n8n user folder: the check leaves nothing in the dev one, and starts from the same state.
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'personr-ui-check-n8n-'));
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'personr-ui-check-chromium-'));
	// Ctrl+C: exiting kills n8n (e2e/n8n.ts's exit hook) and the browser (playwright's); remove the folders.
	process.on('exit', () => {
		for (const dir of [userFolder, profile]) {
			try {
				fs.rmSync(dir, { recursive: true, force: true });
			} catch {
				/* a process may still be writing into it as it dies */
			}
		}
	});
	process.once('SIGINT', () => process.exit(130));
	process.once('SIGTERM', () => process.exit(130));
	const shots: Shot[] = [];
	let dev: Dev | undefined;
	let context: BrowserContext | undefined;
	let page: Page | undefined;
	let failed: unknown;
	try {
		dev = await startDev({
			version: options.version,
			userFolder,
			n8nPort: 0,
			personrPort: 0,
			log: (line) => say(`dev: ${line.replace(/^\[[^\]]*\]\s*/, '')}`),
		});
		const devReady = elapsed();
		say(`n8n ${dev.version} ready at ${dev.editorUrl} (after ${devReady})`);

		context = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM,
			headless: true,
			viewport: VIEWPORT,
			// The machine may have no network: without these, chromium keeps trying Google services.
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
		});
		context.setDefaultTimeout(30000);
		page = context.pages()[0] || (await context.newPage());
		await checkEditor(page, dev, options.out, shots);
	} catch (error) {
		failed = error;
	} finally {
		if (failed && page) {
			// Kept out of docs/: it would otherwise end up in a commit.
			const file = path.join(UI_CACHE, 'failure.png');
			await page.screenshot({ path: file }).then(
				() => console.error(`screenshot of the failure: ${shortPath(file)}`),
				() => {},
			);
		}
		if (context) await context.close().catch(() => {});
		if (dev) await dev.stop();
	}

	if (failed) {
		console.error(`\nUI check FAILED: ${reason(failed)}`);
		process.exit(1);
	}
	console.log(`\nUI check passed in ${elapsed()} (n8n ${dev!.version}). Screenshots:`);
	for (const s of shots) console.log(`  ${shortPath(s.file)}  ${Math.round(s.bytes / 1024)} KB`);
}

main().catch((error: unknown) => {
	console.error(`UI check FAILED: ${reason(error)}`);
	process.exit(1);
});
