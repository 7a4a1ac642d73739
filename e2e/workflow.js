'use strict';
// Building blocks of the workflows the suites import into n8n.

/** A node; its id is derived from its name and type, so it is stable and unique within a workflow. */
const node = (name, type, typeVersion, parameters, extra = {}) => ({
  id: `${name}-${type}`.replace(/[^a-z0-9]/gi, '').slice(0, 36), name, type, typeVersion, position: [0, 0], parameters, ...extra,
});

/** Connections that run the named nodes one after another. */
const chain = (...names) =>
  Object.fromEntries(names.slice(0, -1).map((n, i) => [n, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]));

module.exports = { node, chain };
