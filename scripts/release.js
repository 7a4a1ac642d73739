#!/usr/bin/env node
// @ts-check
'use strict';
// Prepares a release; publishing is the Publish workflow's job (on the pushed tag, with npm provenance).
//
//   npm run release -- <patch|minor|major|x.y.z>
//
// Refuses a dirty work tree and an empty "Unreleased" section in CHANGELOG.md, runs `npm test`, sets the
// version (package.json and package-lock.json), moves "Unreleased" under the new version with today's
// date, commits, and creates the tag v<version>. It pushes nothing and publishes nothing.

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const CHANGELOG = path.join(ROOT, 'CHANGELOG.md');
const UNRELEASED = /^## \[Unreleased\][^\n]*\n/m;
// The heading and a guiding comment right under it, which stays with the Unreleased section.
const UNRELEASED_WITH_GUIDE = /^## \[Unreleased\][^\n]*\n(?:\s*<!--[\s\S]*?-->\n)?/m;

/**
 * The entries under "## [Unreleased]" (up to the next version heading), trimmed.
 * @param {string} changelog
 */
function unreleasedNotes(changelog) {
	const start = UNRELEASED.exec(changelog);
	if (!start) throw new Error('CHANGELOG.md has no "## [Unreleased]" heading');
	const rest = changelog.slice(start.index + start[0].length);
	const next = /^## \[/m.exec(rest);
	const section = next ? rest.slice(0, next.index) : rest;
	// Empty "### Added" style headings and HTML comments are not notes.
	return section
		.replace(/<!--[\s\S]*?-->/g, '')
		.split('\n')
		.filter((line) => line.trim() !== '' && !/^###\s/.test(line))
		.join('\n')
		.trim();
}

/**
 * CHANGELOG.md with the Unreleased notes under "## [version] - date" and a fresh, empty Unreleased section.
 * @param {string} changelog
 * @param {string} version
 * @param {string} date
 */
function releaseChangelog(changelog, version, date) {
	if (unreleasedNotes(changelog) === '')
		throw new Error(
			'the "Unreleased" section of CHANGELOG.md lists no changes: describe the release there first',
		);
	if (new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\]`, 'm').test(changelog))
		throw new Error(`CHANGELOG.md already has a section for ${version}`);
	return changelog.replace(UNRELEASED_WITH_GUIDE, (head) => `${head}\n## [${version}] - ${date}\n`);
}

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ capture?: boolean }} [options]
 */
function run(cmd, args, options = {}) {
	const result = spawnSync(cmd, args, {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: options.capture ? 'pipe' : 'inherit',
	});
	if (result.status !== 0)
		throw new Error(
			`${cmd} ${args.join(' ')} failed${options.capture ? `: ${result.stderr.trim()}` : ''}`,
		);
	return options.capture ? result.stdout.trim() : '';
}

/** @param {string[]} argv */
function main(argv) {
	const bump = argv[0];
	if (!bump || !/^(patch|minor|major|\d+\.\d+\.\d+(-[\w.]+)?)$/.test(bump)) {
		throw new Error('usage: npm run release -- <patch|minor|major|x.y.z>');
	}
	const dirty = run('git', ['status', '--porcelain'], { capture: true });
	if (dirty !== '') throw new Error(`the work tree has uncommitted changes:\n${dirty}`);
	const changelog = fs.readFileSync(CHANGELOG, 'utf8');
	if (unreleasedNotes(changelog) === '')
		throw new Error(
			'the "Unreleased" section of CHANGELOG.md lists no changes: describe the release there first',
		);

	run('npm', ['test']);
	// The first release may keep the version package.json already has.
	run('npm', ['version', bump, '--no-git-tag-version', '--allow-same-version'], { capture: true });
	const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const tag = `v${version}`;
	if (run('git', ['tag', '--list', tag], { capture: true }) !== '')
		throw new Error(`tag ${tag} exists already`);
	fs.writeFileSync(
		CHANGELOG,
		releaseChangelog(changelog, version, new Date().toISOString().slice(0, 10)),
	);

	run('git', ['add', 'package.json', 'package-lock.json', 'CHANGELOG.md']);
	run('git', ['commit', '-m', `Release ${version}`]);
	run('git', ['tag', '-a', tag, '-m', `Release ${version}`]);
	const branch = run('git', ['rev-parse', '--abbrev-ref', 'HEAD'], { capture: true });
	console.log(`\nRelease ${version} committed and tagged ${tag}. Nothing was pushed or published.`);
	console.log(`Publish it by pushing both: git push origin ${branch} ${tag}`);
	console.log('The Publish workflow then tests and publishes the tag with npm provenance.');
}

module.exports = { unreleasedNotes, releaseChangelog };

if (require.main === module) {
	try {
		main(process.argv.slice(2));
	} catch (error) {
		console.error(`\nrelease refused: ${error instanceof Error ? error.message : String(error)}`);
		process.exitCode = 1;
	}
}
