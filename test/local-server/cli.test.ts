/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- a test of the command line: it compiles it into a temporary folder and spawns it with node */
import { spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import {
	cpSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import * as ts from 'typescript';

import { DEFAULT_CLI_PORT, parseCliArgs } from '../../local-server/cli-args';
import { basic, call } from './helpers';

describe('parseCliArgs', () => {
	it('defaults to port 8787 and the demo account', () => {
		expect(parseCliArgs([])).toEqual({ help: false, port: DEFAULT_CLI_PORT });
		expect(DEFAULT_CLI_PORT).toBe(8787);
	});

	it('reads every flag, in both spellings', () => {
		expect(
			parseCliArgs([
				'--port',
				'0',
				'--email=a@b.c',
				'--password',
				'p: w',
				'--check-delay-ms',
				'50',
				'--webhook-url',
				'http://127.0.0.1:1/h',
				'--webhook-header',
				'X-T',
				'--webhook-token=t',
				'--webhook-form',
				'wrapped',
			]),
		).toEqual({
			help: false,
			port: 0,
			accounts: [{ email: 'a@b.c', password: 'p: w' }],
			checkDelayMs: 50,
			webhookUrl: 'http://127.0.0.1:1/h',
			webhookHeaderName: 'X-T',
			webhookToken: 't',
			webhookForm: 'wrapped',
		});
	});

	it('refuses unknown flags, missing values and bad numbers', () => {
		expect(() => parseCliArgs(['--nope', '1'])).toThrow('Unknown option --nope');
		expect(() => parseCliArgs(['--port'])).toThrow('--port needs a value');
		expect(() => parseCliArgs(['--port', 'eighty'])).toThrow('--port needs a whole number');
		expect(() => parseCliArgs(['--webhook-form', 'nested'])).toThrow(
			'--webhook-form needs flat or wrapped',
		);
	});
});

/** Transpiles local-server/ to plain JS beside a copy of contract/, so the real CLI can run as its own process. */
function buildCli(outDir: string): string {
	const sourceRoot = join(__dirname, '..', '..', 'local-server');
	cpSync(join(__dirname, '..', '..', 'contract'), join(outDir, 'contract'), { recursive: true });
	const walk = (dir: string): string[] =>
		readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
			entry.isDirectory()
				? walk(join(dir, entry.name))
				: entry.name.endsWith('.ts')
					? [join(dir, entry.name)]
					: [],
		);
	for (const file of walk(sourceRoot)) {
		const output = ts.transpileModule(readFileSync(file, 'utf8'), {
			compilerOptions: {
				module: ts.ModuleKind.CommonJS,
				target: ts.ScriptTarget.ES2022,
				esModuleInterop: true,
			},
		});
		const target = join(outDir, 'local-server', relative(sourceRoot, file)).replace(/\.ts$/, '.js');
		mkdirSync(join(target, '..'), { recursive: true });
		writeFileSync(target, output.outputText);
	}
	return join(outDir, 'local-server', 'cli.js');
}

function waitForOutput(
	child: ChildProcessWithoutNullStreams,
	pattern: RegExp,
	output: { text: string },
): Promise<RegExpExecArray> {
	return new Promise((resolve, reject) => {
		const check = () => {
			const match = pattern.exec(output.text);
			if (match) {
				child.stdout.off('data', check);
				resolve(match);
			}
		};
		child.stdout.on('data', check);
		child.once('exit', (code) => reject(new Error(`CLI exited with ${code}: ${output.text}`)));
		check();
	});
}

describe('the CLI', () => {
	let outDir: string;
	let cli: string;
	beforeAll(() => {
		outDir = mkdtempSync(join(tmpdir(), 'personr-cli-'));
		cli = buildCli(outDir);
	});
	afterAll(() => rmSync(outDir, { recursive: true, force: true }));

	it('starts, prints the base URLs and account, logs requests without secrets, and stops on SIGTERM', async () => {
		const password = 'cli: pässword';
		const child = spawn(process.execPath, [
			cli,
			'--port',
			'0',
			'--email',
			'cli@example.com',
			'--password',
			password,
		]);
		const output = { text: '' };
		child.stdout.on('data', (chunk: Buffer) => (output.text += chunk.toString('utf8')));
		child.stderr.on('data', (chunk: Buffer) => (output.text += chunk.toString('utf8')));
		try {
			await waitForOutput(child, /Press Ctrl\+C/, output);
			const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output.text)?.[1];
			expect(output.text).toContain(`${url}/version-test/api/1.1/wf`);
			expect(output.text).toContain('cli@example.com');

			const login = await call(`${url}/api/1.1/wf`, 'api-basic-auth', {
				authorization: basic('cli@example.com', password),
			});
			expect(login.status).toBe(200);
			const token = (login.json as { response: { token: string } }).response.token;
			await call(`${url}/api/1.1/wf`, 'api-applicant-status', {
				token,
				json: { applicantId: 'x' },
			});
			await waitForOutput(child, /api-applicant-status -> 400/, output);
			expect(output.text).toMatch(/POST \/api\/1\.1\/wf\/api-basic-auth -> 200/);
			expect(output.text).not.toContain(token);
			expect(output.text).not.toContain(basic('cli@example.com', password).slice(6));

			const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			expect(await exited).toBe(0);
		} finally {
			if (child.exitCode === null) child.kill('SIGKILL');
		}
	});

	it('explains its usage on a bad flag and exits with 2', async () => {
		const child = spawn(process.execPath, [cli, '--bogus', 'x']);
		let errors = '';
		child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
		const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
		expect(code).toBe(2);
		expect(errors).toContain('Unknown option --bogus');
		expect(errors).toContain('Usage:');
	});
});
