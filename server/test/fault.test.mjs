// A fault: two instances on one PostgreSQL database under load, one killed (SIGKILL). The other goes on
// serving; every request that was acknowledged (201) is stored, and so is its audit row (by request id).
// PostgreSQL only (several instances need it): skipped on SQLite.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { openStore } from '../dist/store/index.js';
import { DEMO_USERS } from '../dist/index.js';
import { auditRows, browse, CookieJar, ENGINE, form, SITE, testDatabase } from './helpers.mjs';

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin', 'server.js');

function startInstance(env) {
  const child = spawn(process.execPath, [BIN], {
    env: {
      ...process.env,
      LOKET_BACKEND_PORT: '0',
      LOKET_SITE_ORIGINS: SITE,
      LOKET_LOG: 'silent',
      LOKET_PUBLIC_URL: '',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const match = /listening on port (\d+)/.exec(stderr);
      if (match) resolve(`http://localhost:${match[1]}`);
    });
    exited.then(() => reject(new Error(`the instance exited: ${stderr}`)));
  });
  return { child, url, exited };
}

const database = ENGINE === 'postgres' ? await testDatabase() : undefined;
const instances = [];
after(async () => {
  for (const instance of instances) instance.child.kill('SIGKILL');
  await Promise.all(instances.map((i) => i.exited));
  await database?.dispose();
});

test(
  'one of two instances killed under load: the other serves on, nothing acknowledged is lost',
  { skip: ENGINE !== 'postgres' && 'PostgreSQL only (LOKET_TEST_ENGINE=postgres)' },
  async () => {
    const env = { LOKET_DATABASE_URL: database.databaseUrl, LOKET_DATA_DIR: database.dataDir };
    const a = startInstance(env);
    instances.push(a);
    const urlA = await a.url; // the first one creates the schema and seeds the demo
    const b = startInstance(env);
    instances.push(b);
    const urlB = await b.url;

    // a host-mode session made on A is good on B (sessions live in the database)
    const jar = new CookieJar();
    const page = await (await browse(jar, `${urlA}/host/login`)).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)[1];
    assert.equal(
      (await browse(jar, `${urlA}/host/login`, form({ username: 'anna', password: 'demo', csrf, return: `${SITE}/` })))
        .status,
      303,
    );

    const acknowledged = [];
    let failedOnA = 0;
    let sent = 0;
    const post = async (url) => {
      const n = sent++;
      try {
        const res = await browse(jar, `${url}/api/me/corrections`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ field: 'other', requestedValue: `value ${n}`, reason: `fault test ${n}` }),
        });
        const body = await res.json();
        if (res.status === 201) acknowledged.push({ id: body.id, requestId: res.headers.get('x-request-id'), url });
        else if (url === urlA) failedOnA += 1;
      } catch {
        if (url === urlA)
          failedOnA += 1; // the connection died with the instance: not acknowledged
        else throw new Error('B failed');
      }
    };
    // four clients, each alternating between A and B, until 3 s after A was killed
    let stop = false;
    const clients = [0, 1, 2, 3].map(async (c) => {
      for (let i = c; !stop; i += 1) await post(i % 2 ? urlB : urlA);
    });
    // under load until a dozen were acknowledged (a loaded machine serves fewer per second), at least 1.5 s
    const loadStarted = Date.now();
    while (Date.now() - loadStarted < 1500 || (acknowledged.length <= 10 && Date.now() - loadStarted < 30_000))
      await sleep(100);
    a.child.kill('SIGKILL');
    await a.exited;
    const killedAt = acknowledged.length;
    await sleep(3000);
    stop = true;
    await Promise.all(clients);

    const afterKill = acknowledged.slice(killedAt);
    assert.ok(killedAt > 10, `requests acknowledged before the kill: ${killedAt}`);
    console.log(
      `# acknowledged: ${killedAt} before the kill, ${acknowledged.length - killedAt} after (all by B); ${failedOnA} failed on A`,
    );
    assert.ok(afterKill.length > 10 && afterKill.every((r) => r.url === urlB), 'B serves on');
    assert.ok(failedOnA > 0, 'requests to A failed after the kill');
    assert.equal((await fetch(`${urlB}/readyz`)).status, 200);

    const store = await openStore({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
    try {
      const stored = new Set((await store.corrections({ userId: DEMO_USERS[0].id, partyId: null })).map((c) => c.id));
      const lost = acknowledged.filter((r) => !stored.has(r.id));
      assert.deepEqual(lost, [], 'every acknowledged correction is stored');
      const rows = await auditRows({ store });
      const audited = new Set(
        rows.filter((r) => r.resource === '/api/me/corrections' && r.outcome === 'ok').map((r) => r.requestId),
      );
      const unaudited = acknowledged.filter((r) => !audited.has(r.requestId));
      assert.deepEqual(unaudited, [], 'every acknowledged request has its audit row');
    } finally {
      await store.close();
    }
  },
);
