// The demo seed: the citizens of demo/data/citizens.json, written through the store, on both engines.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { needsRehash, verifyPassword } from '../src/auth/passwords.js';
import { demoContentAt, loadDemoData, type DemoDataFile } from '../src/demo/demo-data.js';
import { resetDemoData, seedIfEmpty } from '../src/demo/seed.js';
import { openStore, type Owner, type Store } from '../src/store/index.js';
import { forEachEngine, freshEngine } from './engines.js';

const DAY = 24 * 3600_000;

const data: DemoDataFile = await loadDemoData();

test('the demo data file: what demo/data/citizens.mjs exports for scripts and tests', async () => {
  const citizens = (await import('../../demo/data/citizens.mjs' as string)) as {
    DEMO_USERS: { id: string; username: string }[];
    DEMO_PARTIES: { id: string; loginHint: string; username: string }[];
    DEMO_PASSWORD: string;
  };
  assert.deepEqual(
    citizens.DEMO_USERS.map((u) => u.username),
    ['anna', 'bart', 'chloe', 'jan'],
  );
  assert.deepEqual(citizens.DEMO_USERS, data.users);
  assert.deepEqual(
    citizens.DEMO_PARTIES.map((p) => p.loginHint),
    data.parties.map((p) => p.loginHint),
  );
  assert.equal(citizens.DEMO_PASSWORD, 'demo');
  // The ids the demo backend derived from its seed keys (stableId): kept, so existing expectations hold.
  assert.equal(citizens.DEMO_PARTIES[1]?.id, data.parties.find((p) => p.name === 'Bakkerij Peeters BV')?.id);
});

test("the file's passwordHash is its password's hash at today's parameters (seeding uses it without scrypt)", async () => {
  assert.ok(data.passwordHash, 'demo/data/citizens.json has a passwordHash');
  assert.equal(needsRehash(data.passwordHash), false, 'made with the current scrypt parameters');
  assert.equal(await verifyPassword(data.password, data.passwordHash), true, 'the hash of "password"');
});

test('a data file without passwordHash, or with an outdated one, is hashed at seeding', async () => {
  const outdated = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  for (const passwordHash of [undefined, outdated]) {
    const fresh = await freshEngine({ name: 'sqlite', dataDir: '' });
    const store = await openStore(fresh.engine);
    try {
      await resetDemoData(store, { ...data, passwordHash });
      const stored = (await store.userByUsername('anna'))!.passwordHash;
      assert.notEqual(stored, data.passwordHash, 'a hash of its own');
      assert.equal(needsRehash(stored), false);
      assert.equal(await verifyPassword(data.password, stored), true);
    } finally {
      await store.close();
      await fresh.dispose();
    }
  }
});

test('relative times: "-3h1m" before the moment, "+330d" a date after it', () => {
  const now = Date.parse('2026-06-15T12:00:00.000Z');
  const content = demoContentAt(data, now);
  const bakeryDossier = content.dossiers.find((d) => d.reference === 'TER-2026-0031');
  assert.equal(bakeryDossier?.history.at(-1)?.at, '2026-06-15T08:59:00.000Z');
  const card = content.facts.find((f) => f.kind === 'parking-card');
  assert.equal(card?.validUntil, new Date(now + 330 * DAY).toISOString().slice(0, 10));
  const letter = content.messages.find((m) => m.kind === 'registered' && m.owner.partyId === null);
  assert.equal(letter?.createdAt, '2026-06-15T07:00:00.000Z');
  assert.throws(
    () => demoContentAt({ ...data, messages: [{ ...data.messages[0]!, created: 'yesterday' }] }, now),
    /relative time/,
  );
  assert.throws(() => demoContentAt({ ...data, facts: [{ ...data.facts[0]!, user: 'nobody' }] }, now), /unknown user/);
});

forEachEngine((engine) => {
  let store: Store;
  before(async () => {
    store = await openStore(engine);
  });
  after(() => store?.close());

  const [anna, , chloe, jan] = [0, 1, 2, 3].map((i) => ({ userId: data.users[i]!.id, partyId: null }) as Owner);

  test('seedIfEmpty seeds a new database once', async () => {
    assert.equal(await seedIfEmpty(store, data), true);
    assert.equal(await seedIfEmpty(store, data), false);
    assert.equal(await store.userCount(), 4);
  });

  test('the demo citizens, their identities and content', async () => {
    const user = await store.userByUsername('anna');
    assert.equal(user?.id, anna!.userId);
    assert.match(user!.passwordHash, /^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    assert.equal(await verifyPassword('demo', user!.passwordHash), true);
    assert.equal(await verifyPassword('Demo', user!.passwordHash), false);
    assert.equal((await store.userByUsername('chloe'))?.givenName, 'Chloé');

    assert.ok((await store.messages(anna!)).length >= 4);
    assert.ok((await store.dossiers(anna!)).length >= 3);
    assert.ok((await store.documents(anna!)).length >= 3);
    assert.ok((await store.facts(anna!)).length >= 2);
    assert.equal((await store.documents(chloe!)).length, 1);

    const mandates = await store.mandates(jan!.userId);
    assert.deepEqual(
      mandates.map((m) => [m.name, m.loginHint]),
      data.parties.map((p) => [p.name, p.loginHint]),
    );
    const bakery: Owner = { userId: jan!.userId, partyId: mandates[1]!.id };
    assert.deepEqual(
      (await store.messages(bakery)).map((m) => m.kind),
      ['registered', 'message'],
    );
    assert.equal((await store.dossiers(bakery))[0]?.history.length, 3);
    assert.deepEqual(
      (await store.facts(bakery)).map((f) => f.kind),
      ['registered-office', 'company-number'],
    );
  });

  test('resetDemoData restores the seeded state: same ids, unread again; the audit log only when asked', async () => {
    const fresh = await store.unreadCounts(anna!);
    const ids = (await store.messages(anna!)).map((m) => m.id);
    const unread = (await store.messages(anna!)).find((m) => m.readAt === null);
    await store.markMessageRead(anna!, unread!.id);
    assert.equal((await store.unreadCounts(anna!)).messages, fresh.messages - 1);
    await store.appendAudit({
      clientIp: null,
      subject: anna!.userId,
      onBehalfOf: null,
      resource: '/api/me',
      operation: 'read',
      outcome: 'ok',
    });

    await resetDemoData(store, data);
    assert.deepEqual(await store.unreadCounts(anna!), fresh);
    assert.deepEqual(
      (await store.messages(anna!)).map((m) => m.id),
      ids,
    );
    assert.equal((await store.auditRows()).length, 1, 'kept');

    await resetDemoData(store, data, { clearAudit: true });
    assert.deepEqual(await store.auditRows(), []);
  });

  test('two instances seeding one new database together end with one demo', async () => {
    const empty = await freshEngine(engine);
    try {
      const [a, b] = await Promise.all([openStore(empty.engine), openStore(empty.engine)]);
      try {
        const seeded = await Promise.all([seedIfEmpty(a, data), seedIfEmpty(b, data)]);
        assert.ok(seeded.includes(true));
        assert.equal(await a.userCount(), 4);
        assert.equal((await b.messages(anna!)).length, (await store.messages(anna!)).length);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    } finally {
      await empty.dispose();
    }
  });
});
