import { config } from '@n8n/node-cli/eslint';

// node-cli's config (the one `n8n-node cloud-support` expects verbatim) on everything n8n loads: nodes/ and
// credentials/. The test and tool folders are left out for now: they run a local HTTP server, spawn n8n and
// print to a terminal, which the community rules forbid (no-restricted-imports of http/net/fs/child_process,
// no-restricted-globals process/setTimeout/__dirname, no-dangerous-functions, no-console).
export default [
	...config,
	{ ignores: ['dist/**', '.build/**', '.cache/**', 'node_modules/**', 'test/**', 'local-server/**', 'scripts/**', 'e2e/**', 'bench/**', '*.js', '*.mjs'] },
];
