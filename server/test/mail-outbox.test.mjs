// Issue 14, the mail outbox, through the service (HTTP, and the store's interface where a test needs to see
// the queue): a confirmation mail queued while the mail server is down survives a restart of the service on the
// same database and arrives after it (its link still works); an erased citizen's queued mail never goes out;
// the SQLite file holds no queued address in plain text; two instances on one database deliver each queued mail
// once; shutdown waits for the mail being sent and leaves the others queued. Runs on SQLite and PostgreSQL
// (LOKET_TEST_ENGINE).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, test } from 'node:test';
import { startMailCatcher } from '../../demo/mail-catcher.mjs';
import {
  api,
  auditRows,
  browse,
  CookieJar,
  ENGINE,
  form,
  lastAuditId,
  SITE,
  startSmtpServer,
  startTestBackend,
  testDatabase,
} from './helpers.mjs';
import { hostLogin } from './publish-helpers.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** an SMTP URL where nothing listens: every attempt fails at once (ECONNREFUSED) */
async function deadSmtpUrl() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `smtp://127.0.0.1:${port}`;
}

async function waitUntil(check, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function requestNotices(backend, jar, email) {
  const res = await api(backend, '/me/preferences', {
    method: 'PUT',
    headers: { cookie: jar.header(), origin: SITE, 'content-type': 'application/json' },
    body: JSON.stringify({ emailNotices: { email } }),
  });
  assert.equal(res.status, 200, await res.clone().text());
}

const linkIn = (mail) =>
  /https?:\/\/\S+\/voorkeuren\/e-mail\/bevestigen\?token=[A-Za-z0-9_-]+&lang=[a-z]{2}/.exec(mail.text)?.[0];

/** opens the confirmation link (on whichever instance) and presses its button */
async function confirmThrough(backend, link) {
  const jar = new CookieJar();
  const url = new URL(link);
  const page = await browse(jar, `${backend.issuer}${url.pathname}${url.search}`);
  const html = await page.text();
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  const lang = /name="lang" value="([^"]+)"/.exec(html)?.[1];
  return browse(jar, `${backend.issuer}/voorkeuren/e-mail/bevestigen`, {
    ...form({ token, lang }),
    headers: { ...form({}).headers, origin: backend.issuer, 'sec-fetch-site': 'same-origin' },
  });
}

/** SQLite's file, WAL and SHM */
const sqliteBytes = (dataDir) =>
  Buffer.concat(
    readdirSync(dataDir)
      .filter((f) => f.startsWith('loket.sqlite'))
      .map((f) => readFileSync(path.join(dataDir, f))),
  );

describe('the mail outbox: mails outlive a stop', () => {
  test('a confirmation queued while the mail server is down arrives after a restart on the same database; an erased citizen mail never goes out; no address in the SQLite file', async () => {
    const database = await testDatabase();
    const catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
    const delays = { mailRetryDelaysMs: [1500, 1500, 1500, 1500, 1500, 1500] };
    let backend = await startTestBackend({ database, smtpUrl: await deadSmtpUrl(), ...delays });
    try {
      const anna = await hostLogin(backend, 'anna');
      const chloe = await hostLogin(backend, 'chloe');
      const annaId = (await backend.store.userByUsername('anna')).id;
      const chloeId = (await backend.store.userByUsername('chloe')).id;
      await requestNotices(backend, anna, 'anna.outbox@example.be');
      await requestNotices(backend, chloe, 'chloe.outbox@example.be');

      // both tried once, refused, waiting for their next attempt
      await waitUntil(async () => {
        const entries = await backend.store.mailOutbox.entries();
        return entries.length === 2 && entries.every((e) => e.attempts >= 1 && !e.leasedUntil);
      }, 'a failed first attempt of both mails');
      const [entry] = await backend.store.mailOutbox.entries(annaId);
      assert.equal(entry.kind, 'confirmation');
      assert.match(entry.lastError, /^E[A-Z]+$/, 'the error code (nodemailer: ESOCKET), nothing else');

      if (ENGINE === 'sqlite') {
        const bytes = sqliteBytes(database.dataDir);
        assert.ok(bytes.includes(Buffer.from(annaId)), 'the scan sees the clear ids');
        for (const address of ['anna.outbox@example.be', 'chloe.outbox@example.be', 'outbox@example'])
          assert.ok(!bytes.includes(Buffer.from(address)), `no queued address in the SQLite file (${address})`);
      }

      // chloe is erased: her queued mail goes with her
      assert.equal(await backend.store.eraseCitizen(chloeId), true);
      assert.deepEqual(
        (await backend.store.mailOutbox.entries()).map((e) => e.userId),
        [annaId],
      );

      await backend.close();
      backend = await startTestBackend({ database, smtpUrl: catcher.smtpUrl, ...delays });
      const mail = await catcher.waitFor((m) => m.to.includes('anna.outbox@example.be'));
      assert.equal(mail.subject, 'Bevestig je e-mailadres voor meldingen');
      await waitUntil(async () => (await backend.store.mailOutbox.entries()).length === 0, 'an empty outbox');
      assert.equal((await confirmThrough(backend, linkIn(mail))).status, 200, 'the link works after the restart');
      await sleep(500);
      assert.deepEqual(
        catcher.mails().map((m) => m.to.join()),
        ['anna.outbox@example.be'],
        'one mail, and none for the erased citizen',
      );
      const rows = await auditRows(backend);
      assert.equal(
        rows.filter((r) => r.operation === 'send-mail' && r.concerns === annaId && r.outcome === 'ok').length,
        1,
      );
    } finally {
      await backend.close();
      await catcher.close();
      await database.dispose();
    }
  });
});

describe('the mail outbox: shutdown', () => {
  test('close() stops claiming and waits for the mail being sent; the others stay queued and go out after the restart, none twice', async () => {
    const database = await testDatabase();
    const catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
    const held = [];
    let holding = false;
    // a slow mail server: each mail's DATA is answered after 800 ms
    const slow = await startSmtpServer((stream, _session, callback) => {
      holding = true;
      stream.resume();
      stream.on('end', () =>
        setTimeout(() => {
          holding = false;
          held.push(Date.now());
          callback();
        }, 800),
      );
    });
    let backend = await startTestBackend({ database, smtpUrl: slow.url });
    try {
      const users = await Promise.all(
        ['anna', 'bart', 'chloe'].map(async (name) => (await backend.store.userByUsername(name)).id),
      );
      for (const [i, userId] of users.entries())
        await backend.store.mailOutbox.enqueue({
          userId,
          kind: 'notice',
          to: `shutdown${i}@example.be`,
          subject: `Stop ${i}`,
          text: 'Je hebt een nieuw bericht.',
        });
      await waitUntil(() => holding, 'the first mail in the SMTP exchange');
      await backend.close();
      assert.equal(held.length, 1, 'close() waited for the mail being sent, and claimed no other');

      backend = await startTestBackend({ database, smtpUrl: catcher.smtpUrl });
      await waitUntil(() => catcher.mails().length >= 2, 'the two mails left');
      await waitUntil(async () => (await backend.store.mailOutbox.entries()).length === 0, 'an empty outbox');
      await sleep(300);
      assert.equal(catcher.mails().length, 2, 'the mail sent before the stop is not sent again');
    } finally {
      await backend.close();
      await slow.close();
      await catcher.close();
      await database.dispose();
    }
  });
});

describe('the mail outbox: several instances', () => {
  test('two instances on one database deliver each queued mail once', async () => {
    const database = await testDatabase();
    const catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
    const options = { database, smtpUrl: catcher.smtpUrl, mailPollMs: 50 };
    const first = await startTestBackend(options);
    let second;
    try {
      second = await startTestBackend(options);
      const before = await lastAuditId(first);
      const users = await Promise.all(
        ['anna', 'bart', 'chloe', 'jan'].map(async (name) => (await first.store.userByUsername(name)).id),
      );
      // queued through one instance's store, found by both loops (each looks every 50 ms)
      const count = 40;
      await Promise.all(
        Array.from({ length: count }, (_, i) =>
          first.store.mailOutbox.enqueue({
            userId: users[i % users.length],
            kind: 'notice',
            to: `citizen${i % users.length}@example.be`,
            subject: `Melding ${i}`,
            text: 'Je hebt een nieuw bericht.',
          }),
        ),
      );
      await waitUntil(() => catcher.mails().length >= count, `${count} mails`, 30_000);
      await waitUntil(async () => (await first.store.mailOutbox.entries()).length === 0, 'an empty outbox');
      await sleep(500);
      const subjects = catcher.mails().map((m) => m.subject);
      assert.equal(subjects.length, count, 'no mail twice');
      assert.deepEqual([...new Set(subjects)].sort(), Array.from({ length: count }, (_, i) => `Melding ${i}`).sort());
      const sent = (await auditRows(first, before)).filter((r) => r.operation === 'send-mail');
      assert.equal(sent.length, count, 'one audit row per mail');
    } finally {
      await second?.close();
      await first.close();
      await catcher.close();
      await database.dispose();
    }
  });
});
