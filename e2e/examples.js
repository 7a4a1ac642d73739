'use strict';
// The example workflows in examples/, pointed at another Personr base URL and credential.

const fs = require('fs');
const path = require('path');

// Runs compiled, from .build/e2e/.
const ROOT = path.resolve(__dirname, '..', '..');
const LIVE_URL = 'https://enterprise.personr.co/api/1.1/wf';
const EXAMPLE_CREDENTIAL_ID = 'personr-demo';

const example = (name) => JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', `${name}.json`), 'utf8'));

/** A copy of a workflow with Personr's live base URL and the example credential id replaced. */
function adapt(workflow, { id, baseUrl, credentialId }) {
	const text = JSON.stringify(workflow)
		.split(LIVE_URL).join(baseUrl)
		.split(JSON.stringify(EXAMPLE_CREDENTIAL_ID)).join(JSON.stringify(credentialId));
	return { ...JSON.parse(text), id, name: id, active: false };
}

module.exports = { LIVE_URL, EXAMPLE_CREDENTIAL_ID, example, adapt };
