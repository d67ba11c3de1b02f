// The mail outbox (issue 14), through the store's interface, on SQLite and PostgreSQL: a queued mail decrypts
// for its sender and for nobody in the database's bytes (no address, no confirmation token in the SQLite file,
// its WAL, or a pg_dump); a claim is a lease (a second instance gets nothing until it runs out, then takes the
// row over; the first one's late report changes nothing); a failed attempt waits for its time; one notice per
// citizen waits at a time; two stores on one database claiming at once each claim a row once; erasure, turning
// notices off and another address remove the citizen's queued mails.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { openStore, type Store } from '../src/store/index.js';
import { forEachEngine, type TestEngine } from './engines.js';

const ANNA = 'outbox-anna';
const BART = 'outbox-bart';
const later = (ms: number) => new Date(Date.now() + ms).toISOString();

/** Every byte of the database: SQLite's file, WAL and SHM; PostgreSQL's pg_dump. */
function databaseBytes(engine: TestEngine): Buffer {
  if (engine.name === 'postgres')
    return execFileSync('pg_dump', ['--no-owner', engine.databaseUrl!], { maxBuffer: 256 << 20 });
  const files = readdirSync(engine.dataDir).filter((f) => f.startsWith('loket.sqlite'));
  return Buffer.concat(files.map((f) => readFileSync(path.join(engine.dataDir, f))));
}

const mail = (userId: string, to: string, extra: { text?: string; coalesceKey?: string; subject?: string } = {}) => ({
  userId,
  kind: 'notice',
  to,
  subject: extra.subject ?? 'Je hebt een nieuw bericht van Gemeente Lindegem',
  text: extra.text ?? 'Bekijk het op https://loket.example/berichten',
  headers: { 'list-unsubscribe': '<https://loket.example/voorkeuren>' },
  ...(extra.coalesceKey ? { coalesceKey: extra.coalesceKey } : {}),
});

forEachEngine((engine) => {
  let store: Store;

  before(async () => {
    store = await openStore(engine);
    for (const [id, username] of [
      [ANNA, 'outbox-anna'],
      [BART, 'outbox-bart'],
    ] as const)
      await store.insertUser({
        id,
        username,
        passwordHash: 'scrypt$x',
        givenName: 'Anna',
        familyName: 'Peeters',
        language: 'nl',
      });
  });
  after(async () => {
    await store?.close();
  });

  /** empties the outbox between tests (every row claimed and reported sent) */
  async function drain(s: Store = store) {
    for (const entry of await s.mailOutbox.entries()) await s.mailOutbox.delivered(entry.id);
  }

  test('a queued mail: claimed and decrypted by its sender; nothing personal in the entries; the address and a confirmation token are not in the database bytes', async () => {
    await drain();
    const address = `anna.${randomBytes(4).toString('hex')}@example.be`;
    const token = randomBytes(32).toString('base64url');
    const text = `Bevestig: https://loket.example/voorkeuren/e-mail/bevestigen?token=${token}&lang=nl`;
    const id = await store.mailOutbox.enqueue({ ...mail(ANNA, address, { text }), kind: 'confirmation' });
    assert.ok(id);

    const [entry] = await store.mailOutbox.entries(ANNA);
    assert.deepEqual(Object.keys(entry!).sort(), [
      'attempts',
      'createdAt',
      'id',
      'kind',
      'lastError',
      'leasedUntil',
      'nextAttemptAt',
      'userId',
    ]);
    assert.equal(entry!.kind, 'confirmation');
    assert.equal(entry!.attempts, 0);
    assert.ok(!JSON.stringify(entry).includes(address));

    // the byte scan: both values are in the database as ciphertext only (and the scan can see clear values)
    const bytes = databaseBytes(engine);
    assert.ok(bytes.includes(Buffer.from(id!)), 'the scan sees the clear id');
    assert.ok(!bytes.includes(Buffer.from(address)), 'no address in the database');
    assert.ok(!bytes.includes(Buffer.from(token)), 'no confirmation token in the database');

    const [claimed] = await store.mailOutbox.claim({ leaseMs: 60_000 });
    assert.equal(claimed!.id, id);
    assert.equal(claimed!.to, address);
    assert.equal(claimed!.text, text);
    assert.equal(claimed!.attempts, 1);
    assert.deepEqual(claimed!.headers, { 'list-unsubscribe': '<https://loket.example/voorkeuren>' });
    await store.mailOutbox.delivered(id!);
    assert.deepEqual(await store.mailOutbox.entries(), []);
    assert.equal(await store.mailOutbox.nextDueAt(), undefined);
  });

  test('a lease: a second instance gets nothing while it holds, takes the row over once it ran out; the first one then reports in vain', async () => {
    await drain();
    const other = await openStore(engine);
    try {
      const id = await store.mailOutbox.enqueue(mail(ANNA, 'anna@example.be'));
      const [first] = await store.mailOutbox.claim({ leaseMs: 60_000 });
      assert.equal(first!.id, id);
      assert.deepEqual(await other.mailOutbox.claim({ leaseMs: 60_000 }), [], 'held: not claimed twice');
      assert.ok((await other.mailOutbox.entries())[0]!.leasedUntil);
      assert.ok((await other.mailOutbox.nextDueAt())! > new Date().toISOString(), 'due when the lease runs out');

      // the first instance died; after its lease the other one takes the row over
      const [taken] = await other.mailOutbox.claim({ leaseMs: 60_000, at: later(61_000) });
      assert.equal(taken!.id, id);
      assert.equal(taken!.attempts, 2, 'the dead instance attempt counts');
      assert.equal(taken!.to, 'anna@example.be');
      assert.equal(await store.mailOutbox.retryLater(id!, first!.lease, later(1000), 'ECONNRESET'), false);
      assert.equal(await store.mailOutbox.giveUp(id!, first!.lease), false, 'not the first instance row any more');
      assert.equal((await store.mailOutbox.entries()).length, 1);
      await other.mailOutbox.delivered(id!);
      assert.deepEqual(await store.mailOutbox.entries(), []);
    } finally {
      await other.close();
    }
  });

  test('a failed attempt waits for its time, with its error code; giving up removes the row', async () => {
    await drain();
    const id = await store.mailOutbox.enqueue(mail(BART, 'bart@example.be'));
    const [claimed] = await store.mailOutbox.claim({ leaseMs: 60_000 });
    const retryAt = later(30_000);
    assert.equal(await store.mailOutbox.retryLater(id!, claimed!.lease, retryAt, '451'), true);
    const [entry] = await store.mailOutbox.entries();
    assert.deepEqual(
      [entry!.attempts, entry!.lastError, entry!.nextAttemptAt, entry!.leasedUntil],
      [1, '451', retryAt, null],
    );
    assert.deepEqual(await store.mailOutbox.claim({ leaseMs: 60_000 }), [], 'not before its time');
    assert.equal(await store.mailOutbox.nextDueAt(), retryAt);
    const [again] = await store.mailOutbox.claim({ leaseMs: 60_000, at: later(31_000) });
    assert.equal(again!.attempts, 2);
    assert.equal(await store.mailOutbox.giveUp(id!, again!.lease), true);
    assert.deepEqual(await store.mailOutbox.entries(), []);
  });

  test('one notice per citizen waits at a time (coalesce key); once it is sent another is queued', async () => {
    await drain();
    const key = `notice:${ANNA}`;
    const first = await store.mailOutbox.enqueue(mail(ANNA, 'anna@example.be', { coalesceKey: key }));
    assert.ok(first);
    assert.equal(await store.mailOutbox.enqueue(mail(ANNA, 'anna@example.be', { coalesceKey: key })), undefined);
    assert.ok(await store.mailOutbox.enqueue(mail(BART, 'bart@example.be', { coalesceKey: `notice:${BART}` })));
    const [claimed] = await store.mailOutbox.claim({ leaseMs: 60_000 });
    assert.equal(claimed!.id, first);
    assert.equal(
      await store.mailOutbox.enqueue(mail(ANNA, 'anna@example.be', { coalesceKey: key })),
      undefined,
      'nor while it is being sent',
    );
    await store.mailOutbox.delivered(first!);
    assert.ok(await store.mailOutbox.enqueue(mail(ANNA, 'anna@example.be', { coalesceKey: key })));
    await drain();
  });

  test('two stores on one database claiming at once: every row claimed exactly once', async () => {
    await drain();
    const other = await openStore(engine);
    try {
      const ids = new Set<string>();
      for (let i = 0; i < 40; i++)
        ids.add((await store.mailOutbox.enqueue(mail(i % 2 ? ANNA : BART, `n${i}@example.be`)))!);
      const claimedBy = async (s: Store) => {
        const got: string[] = [];
        for (;;) {
          const rows = await s.mailOutbox.claim({ leaseMs: 60_000, limit: 3 });
          if (rows.length === 0) {
            // what is left is held by the other store
            if ((await s.mailOutbox.entries()).every((e) => e.leasedUntil)) return got;
            continue;
          }
          got.push(...rows.map((r) => r.id));
        }
      };
      const [a, b] = await Promise.all([claimedBy(store), claimedBy(other)]);
      assert.equal(a.length + b.length, 40, `claimed ${a.length} + ${b.length}`);
      assert.deepEqual(new Set([...a, ...b]), ids, 'each row once');
      await drain();
    } finally {
      await other.close();
    }
  });

  test('erasure, turning notices off and another address remove the citizen queued mails, and only theirs', async () => {
    await drain();
    const keep = await store.mailOutbox.enqueue(mail(BART, 'bart@example.be'));
    await store.preferences.requestEmail(ANNA, {
      email: 'anna@example.be',
      language: 'nl',
      token: 'token-1',
      expiresAt: later(3600_000),
    });
    await store.mailOutbox.enqueue(mail(ANNA, 'anna@example.be'));
    await store.preferences.requestEmail(ANNA, {
      email: 'anna.new@example.be',
      language: 'nl',
      token: 'token-2',
      expiresAt: later(3600_000),
    });
    assert.deepEqual(await store.mailOutbox.entries(ANNA), [], 'another address: the old one gets nothing');
    await store.mailOutbox.enqueue(mail(ANNA, 'anna.new@example.be'));
    assert.equal(await store.preferences.removeEmail(ANNA), true);
    assert.deepEqual(await store.mailOutbox.entries(ANNA), [], 'notices off: nothing queued for her');

    await store.mailOutbox.enqueue(mail(ANNA, 'anna@example.be'));
    await store.mailOutbox.enqueue(mail(ANNA, 'anna@example.be', { subject: 'tweede' }));
    assert.equal((await store.mailOutbox.entries(ANNA)).length, 2);
    assert.equal(await store.eraseCitizen(ANNA), true);
    assert.deepEqual(await store.mailOutbox.entries(ANNA), []);
    assert.deepEqual(
      (await store.mailOutbox.entries()).map((e) => e.id),
      [keep],
      'another citizen mail stays',
    );
    await drain();
  });
});
