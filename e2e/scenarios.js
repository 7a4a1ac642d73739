#!/usr/bin/env node
'use strict';
// The end-to-end suite: the packed package inside real n8n (1.x on Node 20, 2.x on Node 24) against the
// local Personr server. Usage: node e2e/scenarios.js [--version 1|2|all]
// Needs `npm run build && tsc -p tsconfig.tools.json` first (npm run test:e2e does both).

const assert = require('assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { install, ROOT } = require('./install-n8n');
const { createN8nInstance } = require('./n8n');
const { scanForSecrets } = require('./secrets');
const { adapt, example } = require('./examples');
const { startPersonrServer } = require(path.join(ROOT, '.build', 'local-server', 'server.js'));

const ACCOUNTS = {
  main: { email: 'n8n-e2e@personr.local', password: 'e2e pass: wörd ünïcode' },
  body: { email: 'n8n-e2e-body@personr.local', password: 'body-method:secret' },
  dev: { email: 'n8n-e2e-dev@personr.local', password: 'dev-secret-password' },
};
const WRONG_PASSWORD = 'definitely-wrong: password';


const node = (name, type, typeVersion, parameters, extra = {}) => ({
  id: `${name}-${type}`.replace(/[^a-z0-9]/gi, '').slice(0, 36), name, type, typeVersion, position: [0, 0], parameters, ...extra,
});
const chain = (...names) =>
  Object.fromEntries(names.slice(0, -1).map((n, i) => [n, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]));

/** Manual Trigger → Set (a list of n) → Split Out → HTTP Request with the credential: n items in one node run. */
function manyItems(id, baseUrl, credentialId, count) {
  const http = example('http-request-predefined-credential').nodes.find((n) => n.type === 'n8n-nodes-base.httpRequest');
  return adapt(
    {
      nodes: [
        node('Start', 'n8n-nodes-base.manualTrigger', 1, {}),
        node('List', 'n8n-nodes-base.set', 3.4, {
          mode: 'raw',
          jsonOutput: JSON.stringify({ item: Array.from({ length: count }, (_, i) => i) }),
          options: {},
        }),
        node('Split', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'item', options: {} }),
        { ...http, name: 'Create Applicant' },
      ],
      connections: chain('Start', 'List', 'Split', 'Create Applicant'),
      settings: { executionOrder: 'v1' },
    },
    { id, baseUrl, credentialId },
  );
}

/** Webhook → HTTP Request with the credential, answering with the last node's output. */
function webhookWorkflow(id, baseUrl, credentialId, hookPath) {
  const http = example('http-request-predefined-credential').nodes.find((n) => n.type === 'n8n-nodes-base.httpRequest');
  return adapt(
    {
      nodes: [
        node('Webhook', 'n8n-nodes-base.webhook', 2, { httpMethod: 'POST', path: hookPath, responseMode: 'lastNode', options: {} }, { webhookId: hookPath }),
        { ...http, name: 'Create Applicant' },
      ],
      connections: chain('Webhook', 'Create Applicant'),
      settings: { executionOrder: 'v1' },
    },
    { id, baseUrl, credentialId },
  );
}

const personrGetToken = (id, credentialId) => ({
  id,
  name: id,
  nodes: [
    node('Start', 'n8n-nodes-base.manualTrigger', 1, {}),
    node('Get Token', 'n8n-nodes-personr.personr', 1, { resource: 'token', operation: 'getToken', options: {} }, {
      credentials: { personrApi: { id: credentialId, name: credentialId } },
    }),
  ],
  connections: chain('Start', 'Get Token'),
  settings: { executionOrder: 'v1' },
});

function packPackage(tmp) {
  const out = execFileSync('npm', ['pack', '--pack-destination', tmp, '--silent'], { cwd: ROOT, encoding: 'utf8' });
  return path.join(tmp, out.trim().split('\n').pop());
}

async function runVersion(version, tgz, report) {
  const server = await startPersonrServer({ accounts: Object.values(ACCOUNTS) });
  const n8n = createN8nInstance({ version });
  const transcripts = [];
  const record = (label, value) => transcripts.push({ label, text: typeof value === 'string' ? value : JSON.stringify(value) });
  const scenario = async (name, body) => {
    const started = Date.now();
    try {
      await body();
      report.passed.push(`n8n ${n8n.version}: ${name}`);
      console.log(`  ok    ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (error) {
      report.failed.push(`n8n ${n8n.version}: ${name}: ${error.message}`);
      console.log(`  FAIL  ${name}\n${String(error.stack || error.message).split('\n').map((l) => `        ${l}`).join('\n')}`);
    }
  };
  const execute = async (id) => {
    const run = await n8n.execute(id);
    record(`execute ${id}`, run);
    record(`execute ${id} logs`, run.cli.stdout + run.cli.stderr);
    return run;
  };
  const savedCredential = async (id) => (await n8n.exportCredentials()).find((c) => c.id === id).data;
  console.log(`\n== n8n ${n8n.version}`);
  try {
    await n8n.installPackageTarball(tgz);
    const credential = (name, account, extra = {}) => ({
      id: name,
      name,
      type: 'personrApi',
      data: { email: account.email, password: account.password, environment: 'custom', baseUrl: server.liveBaseUrl, loginMethod: 'basicAuth', ...extra },
    });
    await n8n.importCredentials([
      credential('personrmain', ACCOUNTS.main),
      credential('personrwrong', { ...ACCOUNTS.main, password: WRONG_PASSWORD }),
      credential('personrbody', ACCOUNTS.body, { loginMethod: 'bodyParameters' }),
      credential('personrdev', ACCOUNTS.dev, { baseUrl: `${server.developmentBaseUrl}/` }),
    ]);
    const base = server.liveBaseUrl;
    const hookPath = `personr-e2e-${version}`;
    await n8n.importWorkflow([
      adapt(example('get-token-then-http-request'), { id: 'wfheader', baseUrl: base, credentialId: 'personrmain' }),
      adapt(example('http-request-predefined-credential'), { id: 'wfpredefined', baseUrl: base, credentialId: 'personrmain' }),
      personrGetToken('wfgettoken', 'personrmain'),
      manyItems('wfmany', base, 'personrmain', 20),
      webhookWorkflow('wfwebhook', base, 'personrmain', hookPath),
      personrGetToken('wfwrongtoken', 'personrwrong'),
      adapt(example('http-request-predefined-credential'), { id: 'wfwronghttp', baseUrl: base, credentialId: 'personrwrong' }),
      adapt(example('http-request-predefined-credential'), { id: 'wfbody', baseUrl: base, credentialId: 'personrbody' }),
      adapt(example('http-request-predefined-credential'), { id: 'wfdev', baseUrl: server.developmentBaseUrl, credentialId: 'personrdev' }),
    ]);
    await n8n.activateWorkflow('wfwebhook');

    await scenario('1. fresh credential: Get Token → HTTP Request with the header, one login', async () => {
      server.resetCounters();
      const run = await execute('wfheader');
      const [token] = n8n.outputOf(run, 'Get Token');
      assert.equal(token.token, server.currentToken(ACCOUNTS.main.email));
      assert.equal(token.authorizationHeader, `Bearer ${token.token}`);
      const [created] = n8n.outputOf(run, 'Create Applicant');
      assert.equal(created.status, 'success');
      assert.equal(server.counters.logins, 1);
    });

    await scenario('2. HTTP Request with the predefined credential; a new process needs no login', async () => {
      server.resetCounters();
      assert.equal(n8n.outputOf(await execute('wfpredefined'), 'Create Applicant')[0].status, 'success');
      // Get Token's login in scenario 1 was not saved (a node cannot save credentials) and its process is gone.
      assert.equal(server.counters.logins, 1);
      server.resetCounters();
      assert.equal(n8n.outputOf(await execute('wfpredefined'), 'Create Applicant')[0].status, 'success');
      assert.equal(server.counters.logins, 0);
    });

    await scenario('3. revoked token: renewed once, persisted, then Get Token returns it without a login', async () => {
      server.revokeToken(ACCOUNTS.main.email);
      server.resetCounters();
      assert.equal(n8n.outputOf(await execute('wfpredefined'), 'Create Applicant')[0].status, 'success');
      assert.equal(server.counters.logins, 1);
      const renewed = server.currentToken(ACCOUNTS.main.email);
      assert.equal((await savedCredential('personrmain')).token, renewed, 'renewed token persisted');
      server.resetCounters();
      await execute('wfpredefined');
      assert.equal(server.counters.logins, 0);
      const [token] = n8n.outputOf(await execute('wfgettoken'), 'Get Token');
      assert.equal(token.token, renewed);
      assert.equal(server.counters.logins, 0);
    });

    await scenario('4. 20 items through the HTTP Request node with a stale token: 1 login, 20 successes', async () => {
      server.revokeToken(ACCOUNTS.main.email);
      server.resetCounters();
      const items = n8n.outputOf(await execute('wfmany'), 'Create Applicant');
      assert.equal(items.length, 20);
      assert.equal(items.filter((item) => item.status === 'success').length, 20);
      assert.equal(server.counters.logins, 1);
    });

    await scenario('5. 10 concurrent webhook executions in a running n8n with a stale token: 1 login, 10 successes', async () => {
      const running = await n8n.start({ webhooks: [hookPath] });
      try {
        server.revokeToken(ACCOUNTS.main.email);
        server.resetCounters();
        const answers = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            fetch(running.webhookUrl(hookPath), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ i }) }).then(
              async (response) => ({ status: response.status, body: await response.text() }),
            ),
          ),
        );
        record('webhook answers', answers);
        record('n8n start logs', running.logs());
        assert.deepEqual(answers.map((a) => a.status), Array(10).fill(200));
        assert.equal(answers.filter((a) => JSON.parse(a.body).status === 'success').length, 10);
        assert.equal(server.counters.logins, 1);
      } finally {
        await running.stop();
      }
    });

    await scenario("6. wrong password: the run fails with Personr's reason and no secret anywhere", async () => {
      server.resetCounters();
      for (const id of ['wfwrongtoken', 'wfwronghttp']) {
        const run = await execute(id);
        const error = run.data.resultData.error;
        assert.ok(error, `${id} should fail`);
        const shown = `${error.message} ${error.description ?? ''}`;
        assert.match(shown, /rejected the email or password/);
        assert.match(shown, /We didn’t find an account with those login credentials/);
      }
      assert.ok(server.counters.failedLogins <= 2, `at most one failed login per run, saw ${server.counters.failedLogins}`);
    });

    await scenario('7. body-parameter login and /version-test/ paths work', async () => {
      server.resetCounters();
      assert.equal(n8n.outputOf(await execute('wfbody'), 'Create Applicant')[0].status, 'success');
      assert.equal(server.counters.calls['api-token-generate'], 1);
      assert.equal(server.counters.calls['api-basic-auth'] ?? 0, 0);
      server.resetCounters();
      assert.equal(n8n.outputOf(await execute('wfdev'), 'Create Applicant')[0].status, 'success');
      assert.ok(server.counters.byVersion.development >= 2);
      assert.equal(server.counters.byVersion.live, 0);
    });

    await scenario('secret scan: no password, Basic value or issued token in any execution JSON or log', async () => {
      const secrets = [
        ...Object.values(ACCOUNTS).map((a) => a.password),
        WRONG_PASSWORD,
        ...Object.values(ACCOUNTS).map((a) => Buffer.from(`${a.email}:${a.password}`).toString('base64')),
        Buffer.from(`${ACCOUNTS.main.email}:${WRONG_PASSWORD}`).toString('base64'),
      ];
      // Get Token's purpose is to output the token: those runs are scanned for passwords only.
      const hits = scanForSecrets(
        transcripts.filter((t) => !/wfheader|wfgettoken/.test(t.label)),
        [...secrets, ...server.issuedTokens],
      ).concat(scanForSecrets(transcripts, secrets));
      assert.deepEqual(hits, []);
    });
  } finally {
    await n8n.cleanup();
    await server.close();
  }
}

async function main() {
  const i = process.argv.indexOf('--version');
  const which = i > 0 ? process.argv[i + 1] : 'all';
  const versions = which === 'all' ? ['1', '2'] : [which];
  await install(which);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'personr-e2e-'));
  const tgz = packPackage(tmp);
  const report = { passed: [], failed: [] };
  for (const version of versions) await runVersion(version, tgz, report);
  fs.rmSync(tmp, { recursive: true, force: true });
  if (report.failed.length > 0) console.log(`\nFailures:\n${report.failed.map((f) => `- ${f.split('\n')[0]}`).join('\n')}`);
  console.log(`\n${report.passed.length} passed, ${report.failed.length} failed`);
  process.exitCode = report.failed.length === 0 ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
