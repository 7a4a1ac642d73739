#!/usr/bin/env node
// @ts-check
'use strict';
// Publishing happens only in the GitHub Actions publish workflow, with npm provenance, from the public
// repository that package.json names (n8n requires provenance for verified community nodes, and npm
// rejects a provenance publish whose package.json `repository` is not the repository the workflow runs in).
//
//   node scripts/publish-guard.js                as prepublishOnly: refuses any publish but that one
//   node scripts/publish-guard.js --repository   only the `repository` check (the workflow's first step)
//
// The project .npmrc skips lifecycle scripts, so a plain local `npm publish` would not run this guard:
// package.json's publishConfig.provenance makes npm itself refuse a publish outside a CI that can sign.

const fs = require('fs');
const path = require('path');

const HOW_TO_RELEASE =
	'To release: `npm run release -- <patch|minor|major|x.y.z>` (tests, version, CHANGELOG, tag), then push the commit and the tag; the Publish workflow (.github/workflows/publish.yml) publishes the tag with provenance.';

/** @typedef {{ repository?: unknown, publishConfig?: { provenance?: unknown } }} PackageJson */

/**
 * host/owner/repo of a package.json `repository` (string or object), lower-cased; undefined when absent or unreadable.
 * @param {unknown} repository
 * @returns {string | undefined}
 */
function repositoryHome(repository) {
	const url =
		typeof repository === 'object' && repository !== null
			? /** @type {{ url?: unknown }} */ (repository).url
			: undefined;
	const raw = typeof repository === 'string' ? repository : typeof url === 'string' ? url : '';
	const text = raw.trim();
	if (text === '') return undefined;
	const shorthand = /^(?:github:)?([\w.-]+)\/([\w.-]+)$/.exec(text);
	if (shorthand)
		return `github.com/${shorthand[1]}/${shorthand[2].replace(/\.git$/, '')}`.toLowerCase();
	const address =
		/^(?:git\+)?(?:https?|git|ssh):\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(
			text,
		);
	if (address) return `${address[1]}/${address[2]}/${address[3]}`.toLowerCase();
	const scp = /^(?:[^@]+@)?([^:/]+):([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(text);
	if (scp) return `${scp[1]}/${scp[2]}/${scp[3]}`.toLowerCase();
	return undefined;
}

/**
 * Why package.json's `repository` does not name the repository this workflow runs in; undefined when it does.
 * @param {PackageJson} pkg
 * @param {NodeJS.ProcessEnv} env
 * @returns {string | undefined}
 */
function repositoryProblem(pkg, env) {
	if (!env.GITHUB_REPOSITORY || !env.GITHUB_SERVER_URL) {
		return 'GITHUB_REPOSITORY and GITHUB_SERVER_URL are not set: this check runs in GitHub Actions.';
	}
	const workflowHome =
		`${env.GITHUB_SERVER_URL.replace(/^https?:\/\//, '').replace(/\/$/, '')}/${env.GITHUB_REPOSITORY}`.toLowerCase();
	const example = `"repository": { "type": "git", "url": "git+${env.GITHUB_SERVER_URL.replace(/\/$/, '')}/${env.GITHUB_REPOSITORY}.git" }`;
	if (pkg.repository === undefined) {
		return `package.json has no "repository". npm provenance needs it to name the public repository this workflow runs in, and n8n's verification fetches the source from there. If ${workflowHome} is the package's public home, add ${example} (and "bugs"), commit, and tag again.`;
	}
	const named = repositoryHome(pkg.repository);
	if (named === undefined)
		return `package.json "repository" (${JSON.stringify(pkg.repository)}) is not a repository address; expected ${example}.`;
	if (named !== workflowHome) {
		return `package.json "repository" names ${named}, but this workflow runs in ${workflowHome}. Publish from the repository package.json names, or correct "repository" if ${workflowHome} is the public home.`;
	}
	return undefined;
}

/**
 * Why this `npm publish` must not go ahead; undefined for the publish workflow's own publish.
 * @param {PackageJson} pkg
 * @param {NodeJS.ProcessEnv} env
 * @returns {string | undefined}
 */
function publishProblem(pkg, env) {
	if (env.GITHUB_ACTIONS !== 'true')
		return `This package is not published from a local machine. ${HOW_TO_RELEASE}`;
	const provenance =
		env.npm_config_provenance === 'true' ||
		(pkg.publishConfig && pkg.publishConfig.provenance === true);
	if (!provenance)
		return `Publishing without npm provenance is refused (n8n requires it). ${HOW_TO_RELEASE}`;
	return repositoryProblem(pkg, env);
}

/** @param {string[]} argv */
function main(argv) {
	const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
	const problem = argv.includes('--repository')
		? repositoryProblem(pkg, process.env)
		: publishProblem(pkg, process.env);
	if (problem === undefined) return 0;
	console.error(`\nnpm publish refused: ${problem}\n`);
	// GitHub shows ::error lines on the run's summary page.
	if (process.env.GITHUB_ACTIONS === 'true')
		console.log(`::error title=Publish refused::${problem}`);
	return 1;
}

module.exports = { repositoryHome, repositoryProblem, publishProblem };

if (require.main === module) process.exitCode = main(process.argv.slice(2));
