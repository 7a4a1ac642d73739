const { src, dest } = require('gulp');

// `n8n-node build` compiles with tsc and copies only images (*.png, *.svg) and __schema__ JSON; n8n also reads
// each node's codex file (categories, aliases, documentation links) from beside the compiled node in dist.
function buildCodex() {
	return src('nodes/**/*.node.json').pipe(dest('dist/nodes'));
}

exports['build:codex'] = buildCodex;
