/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a test: it reads the repository's CHANGELOG.md */
import fs from 'fs';
import path from 'path';

// These scripts stay JavaScript (they run before any build), type-checked through JSDoc by tsconfig.tools.json.
import * as guard from '../../scripts/publish-guard.js';
import * as release from '../../scripts/release.js';
import own from '../../package.json';

const ACTIONS = {
	GITHUB_ACTIONS: 'true',
	GITHUB_SERVER_URL: 'https://github.com',
	GITHUB_REPOSITORY: 'Acme/n8n-nodes-personr',
};
const named = (url: unknown) => ({ name: 'n8n-nodes-personr', repository: url });

describe('publish guard: package.json "repository" must name the repository the workflow runs in', () => {
	it('refuses while package.json has no repository, saying what to add', () => {
		const problem = guard.repositoryProblem(named(undefined), ACTIONS);
		expect(problem).toMatch(/no "repository"/);
		expect(problem).toContain('"url": "git+https://github.com/Acme/n8n-nodes-personr.git"');
	});

	it.each([
		'git+https://github.com/Acme/n8n-nodes-personr.git',
		'https://github.com/acme/n8n-nodes-personr',
		'https://github.com/Acme/n8n-nodes-personr/',
		'git@github.com:Acme/n8n-nodes-personr.git',
		'github:Acme/n8n-nodes-personr',
		'Acme/n8n-nodes-personr',
	])('accepts %s', (url) => {
		expect(guard.repositoryProblem(named(url), ACTIONS)).toBeUndefined();
		expect(guard.repositoryProblem(named({ type: 'git', url }), ACTIONS)).toBeUndefined();
	});

	it.each([
		[
			'another owner',
			'https://github.com/someone-else/n8n-nodes-personr.git',
			/names github.com\/someone-else\/n8n-nodes-personr, but this workflow runs in github.com\/acme\/n8n-nodes-personr/,
		],
		[
			'another repository',
			'https://github.com/Acme/n8n-nodes-personr-fork',
			/but this workflow runs in/,
		],
		['another host', 'https://gitlab.com/Acme/n8n-nodes-personr', /names gitlab.com/],
		['not an address', { type: 'git' }, /not a repository address/],
	])('refuses %s', (_what, url, message) => {
		expect(guard.repositoryProblem(named(url), ACTIONS)).toMatch(message);
	});

	it('compares with a GitHub Enterprise server too', () => {
		const env = { ...ACTIONS, GITHUB_SERVER_URL: 'https://git.example.com' };
		expect(
			guard.repositoryProblem(named('https://git.example.com/Acme/n8n-nodes-personr.git'), env),
		).toBeUndefined();
		expect(
			guard.repositoryProblem(named('https://github.com/Acme/n8n-nodes-personr.git'), env),
		).toMatch(/but this workflow runs in git.example.com/);
	});

	it('refuses outside GitHub Actions', () => {
		expect(guard.repositoryProblem(named('Acme/n8n-nodes-personr'), {})).toMatch(
			/runs in GitHub Actions/,
		);
	});
});

describe('publish guard as prepublishOnly', () => {
	const pkg = { ...named('Acme/n8n-nodes-personr'), publishConfig: { provenance: true } };

	it('refuses a local publish and says how to release', () => {
		expect(guard.publishProblem(pkg, {})).toMatch(
			/not published from a local machine.*npm run release/,
		);
	});

	it('refuses a publish without provenance, even in GitHub Actions', () => {
		expect(guard.publishProblem({ ...pkg, publishConfig: {} }, ACTIONS)).toMatch(
			/without npm provenance/,
		);
		expect(
			guard.publishProblem(
				{ ...pkg, publishConfig: {} },
				{ ...ACTIONS, npm_config_provenance: 'true' },
			),
		).toBeUndefined();
	});

	it('lets the publish workflow publish, and only from the named repository', () => {
		expect(guard.publishProblem(pkg, ACTIONS)).toBeUndefined();
		expect(guard.publishProblem({ ...pkg, repository: undefined }, ACTIONS)).toMatch(
			/no "repository"/,
		);
	});

	it('this package sets publishConfig.provenance, so npm itself refuses a publish that cannot be signed', () => {
		expect(own.publishConfig?.provenance).toBe(true);
		expect(own.scripts.prepublishOnly).toBe('node scripts/publish-guard.js');
	});
});

describe('release: CHANGELOG.md', () => {
	const CHANGELOG = [
		'# Changelog',
		'',
		'## [Unreleased]',
		'',
		'<!-- entries go here -->',
		'',
		'### Fixed',
		'',
		'- Document Country is optional.',
		'',
		'## [0.1.0] - 2026-11-01',
		'',
		'- First release.',
		'',
	].join('\n');

	it('moves the Unreleased notes under the new version and leaves an empty Unreleased section', () => {
		const released = release.releaseChangelog(CHANGELOG, '0.2.0', '2026-12-01');
		expect(released).toContain(
			'## [Unreleased]\n\n<!-- entries go here -->\n\n## [0.2.0] - 2026-12-01\n\n### Fixed\n\n- Document Country is optional.\n\n## [0.1.0]',
		);
		expect(release.unreleasedNotes(released)).toBe('');
	});

	it('refuses a release with no notes, and a version that has a section already', () => {
		const empty =
			'# Changelog\n\n## [Unreleased]\n\n<!-- entries go here -->\n\n### Added\n\n## [0.1.0] - 2026-11-01\n\n- First release.\n';
		expect(release.unreleasedNotes(empty)).toBe('');
		expect(() => release.releaseChangelog(empty, '0.2.0', '2026-12-01')).toThrow(
			/lists no changes/,
		);
		expect(() => release.releaseChangelog(CHANGELOG, '0.1.0', '2026-12-01')).toThrow(
			/already has a section for 0.1.0/,
		);
		expect(() => release.unreleasedNotes('# Changelog\n')).toThrow(/no "## \[Unreleased\]"/);
	});

	it("the project's CHANGELOG.md has an Unreleased section", () => {
		const text = fs.readFileSync(path.join(__dirname, '..', '..', 'CHANGELOG.md'), 'utf8');
		expect(() => release.unreleasedNotes(text)).not.toThrow();
	});
});
