#!/usr/bin/env node
// @ts-check
'use strict';
// n8n's verification scan (@n8n/scan-community-package) on this package, before it is published.
//
//   node scripts/scan.js                  the source folders, then the packed tarball (needs `npm run build`)
//   node scripts/scan.js --source DIR     only DIR, as a source checkout
//   node scripts/scan.js --unpacked DIR   only DIR, as an unpacked tarball
//
// The scanner itself only scans published packages (it checks provenance and fetches the attested
// source first). Its lint runs here with its own rule set and ESLint options, on the same files: the
// source's package.json and {nodes,credentials}/**/*.{js,ts,json}, and the tarball's **/*.js and
// package.json. Its analyzePackage() reports errors only; the same setup here prints warnings too.
// Exits 1 on any error.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const SCANNER = '@n8n/scan-community-package/scanner/scanner.mjs';
// ESLint and fast-glob as the scanner resolves them.
/** @param {string} name */
const fromScanner = (name) =>
	require(require.resolve(name, { paths: [path.dirname(require.resolve(SCANNER))] }));
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

/** What the scanner's analyzePackage() does, keeping warnings: { errors, warnings, files, report }. */
/**
 * @param {string} dir
 * @param {string[]} patterns
 * @returns {Promise<{ errors: number, warnings: number, files: number, report: string }>}
 */
async function lint(dir, patterns) {
	const { buildScanConfig } = await import(SCANNER);
	const { ESLint } = fromScanner('eslint');
	const glob = fromScanner('fast-glob');
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const files = glob.sync(patterns, {
		cwd: dir,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	if (files.length === 0) throw new Error(`no files to scan in ${dir} (${patterns.join(', ')})`);
	const results = await eslint.lintFiles(files);
	/** @param {'errorCount' | 'warningCount'} key */
	const count = (key) =>
		results.reduce(
			/** @param {number} sum @param {Record<typeof key, number>} result */ (sum, result) =>
				sum + result[key],
			0,
		);
	const report = await (await eslint.loadFormatter('stylish')).format(results);
	return {
		errors: count('errorCount'),
		warnings: count('warningCount'),
		files: files.length,
		report,
	};
}

/** `npm pack` of the repository, unpacked into a temporary folder (as the scanner unpacks a download). */
function packAndUnpack() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'personr-scan-'));
	const pack = spawnSync('npm', ['pack', '--silent', '--pack-destination', dir], {
		cwd: ROOT,
		encoding: 'utf8',
	});
	if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
	const tarball = path.join(dir, pack.stdout.trim().split('\n').pop() ?? '');
	const unpacked = path.join(dir, 'package');
	fs.mkdirSync(unpacked);
	const tar = spawnSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1'], {
		encoding: 'utf8',
	});
	if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
	return { dir, unpacked };
}

/**
 * @param {string} label
 * @param {string} dir
 * @param {string[]} patterns
 */
async function scan(label, dir, patterns) {
	const started = Date.now();
	const result = await lint(dir, patterns);
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	console.log(
		`n8n scan, ${label}: ${result.errors} errors, ${result.warnings} warnings in ${result.files} files (${seconds}s)`,
	);
	if (result.errors + result.warnings > 0) console.log(result.report);
	return result.errors;
}

/** @param {string[]} argv */
async function main(argv) {
	const [flag, dir] = argv;
	if (flag === '--source' && dir)
		return await scan(
			`source ${dir}`,
			path.resolve(dir),
			(await import(SCANNER)).SOURCE_FILE_PATTERNS,
		);
	if (flag === '--unpacked' && dir)
		return await scan(`tarball ${dir}`, path.resolve(dir), TARBALL_PATTERNS);
	if (flag !== undefined)
		throw new Error('usage: node scripts/scan.js [--source DIR | --unpacked DIR]');
	if (!fs.existsSync(path.join(ROOT, 'dist')))
		throw new Error('dist/ is missing: run `npm run build` first');
	let errors = await scan('source', ROOT, (await import(SCANNER)).SOURCE_FILE_PATTERNS);
	const packed = packAndUnpack();
	try {
		errors += await scan('packed tarball', packed.unpacked, TARBALL_PATTERNS);
	} finally {
		fs.rmSync(packed.dir, { recursive: true, force: true });
	}
	return errors;
}

main(process.argv.slice(2)).then(
	(errors) => {
		if (errors > 0) {
			console.error(
				`n8n scan FAILED: ${errors} errors (n8n's verification would reject this package)`,
			);
			process.exitCode = 1;
		}
	},
	(error) => {
		console.error(`n8n scan FAILED: ${error.message}`);
		process.exitCode = 1;
	},
);
