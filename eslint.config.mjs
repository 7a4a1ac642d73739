import { config } from '@n8n/node-cli/eslint';

export default [
	...config,
	{ ignores: ['dist/**', '.build/**', '.cache/**', 'node_modules/**', 'test/**', 'local-server/**', 'scripts/**', 'e2e/**', 'bench/**', '*.js', '*.mjs'] },
];
