const { src, dest, parallel } = require('gulp');

// tsc compiles only TypeScript; n8n also loads icons and the node's codex file from dist.
function buildIcons() {
	return src('icons/*.{png,svg}').pipe(dest('dist/icons'));
}

function buildCodex() {
	return src('nodes/**/*.node.json').pipe(dest('dist/nodes'));
}

exports['build:assets'] = parallel(buildIcons, buildCodex);
