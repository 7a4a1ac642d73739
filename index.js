// n8n loads the nodes and credentials from the paths in package.json's "n8n" section and never requires this
// file. It exists so that the package's "main" entry resolves: without it, require.resolve('n8n-nodes-personr')
// (used by tools that locate an installed package) fails. Nothing is exported on purpose: the classes are only
// meaningful inside n8n, which loads them itself.
module.exports = {};
