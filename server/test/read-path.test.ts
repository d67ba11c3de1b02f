// What the speed-ups of the read path (docs/performance.md) must not change, on both engines: the summary
// reads only the newest five of each kind and still shows the latest five overall; audit appends made at
// once are group-committed into one chain, each settling only once its own row is stored; a data key kept in
// memory is gone with the citizen (erased) and survives a key rotation.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { verifyAuditChain } from '../src/audit/verify.js';
import { createRepresenter } from '../src/http/represent.js';
import { createCitizenServices } from '../src/services/citizen.js';
import { DecryptionError } from '../src/crypto/envelope.js';
import { openStore, type Owner, type Store } from '../src/store/index.js';
import { forEachEngine, freshEngine } from './engines.js';

const MINUTE = 60_000;
const at = (minutesAgo: number) => new Date(Date.UTC(2026, 0, 1, 12) - minutesAgo * MINUTE).toISOString();
const owner: Owner = { userId: 'user-r', partyId: null };

forEachEngine((engine) => {
  let store: Store;
  let dispose: () => Promise<void>;
  before(async () => {
    const fresh = await freshEngine(engine);
    dispose = fresh.dispose;
    store = await openStore({ ...fresh.engine, auditCheckpoints: { rows: 7, ms: 3600_000 } });
    await store.writeBatch(async (w) => {
      await w.insertUser({
        id: owner.userId,
        username: 'rita',
        passwordHash: 'scrypt$x',
        givenName: 'Rita',
        familyName: 'R',
        language: 'nl',
      });
      // eight messages newer than everything else, then older dossiers and documents, interleaved
      for (let i = 0; i < 8; i++) {
        await w.insertMessage({
          id: `msg-${i}`,
          owner,
          kind: 'message',
          sender: 'S',
          title: `m${i}`,
          body: 'b',
          createdAt: at(i),
        });
      }
      for (let i = 0; i < 7; i++) {
        await w.insertDossier({
          id: `dos-${i}`,
          owner,
          reference: `R-${i}`,
          title: `d${i}`,
          history: [{ status: 'received', at: at(3.5 + i * 2), note: null }],
        });
        await w.insertDocument({
          id: `doc-${i}`,
          owner,
          documentType: 'certificate',
          title: `c${i}`,
          fileName: 'c.pdf',
          createdAt: at(4.5 + i * 2),
        });
      }
    });
  });
  after(async () => {
    await store.close();
    await dispose();
  });

  test('the summary reads the newest five of each kind and shows the latest five overall, as from every item', async () => {
    const citizen = createCitizenServices(store);
    const represent = createRepresenter('https://loket.example');
    const summary = await represent.summary(citizen, owner);
    // the same, computed from every item of every kind
    const all = [
      ...(await citizen.messages(owner)).map((m) => ({ title: m.title, at: m.createdAt })),
      ...(await citizen.dossiers(owner)).map((d) => ({ title: d.title, at: d.updatedAt })),
      ...(await citizen.documents(owner)).map((d) => ({ title: d.title, at: d.createdAt })),
    ].sort((a, b) => (a.at < b.at ? 1 : -1));
    assert.deepEqual(
      summary.latest.map((i) => i.title),
      all.slice(0, 5).map((i) => i.title),
    );
    assert.deepEqual(
      summary.latest.map((i) => i.title),
      ['m0', 'm1', 'm2', 'm3', 'd0'],
    );
    assert.deepEqual(summary.unread, { messages: 8, dossiers: 7, documents: 7 });
  });

  test('audit rows appended at once are group-committed into one chain; each settles once its row is stored', async () => {
    const before = (await store.auditRows({ newestFirst: true, limit: 1 }))[0]?.id ?? 0;
    const N = 60;
    const seen: boolean[] = [];
    await Promise.all(
      Array.from({ length: N }, (_, i) =>
        store
          .appendAudit({
            clientIp: null,
            subject: owner.userId,
            onBehalfOf: null,
            resource: `/api/me/messages/msg-${i}`,
            operation: 'read',
            outcome: 'ok',
            requestId: `gc-${i}`,
          })
          .then(async () => {
            // settled: its row is there (and committed: another read sees it)
            const rows = await store.auditRows({ afterId: before, resource: `/api/me/messages/msg-${i}` });
            seen[i] = rows.some((r) => r.requestId === `gc-${i}`);
          }),
      ),
    );
    assert.equal(seen.filter(Boolean).length, N, 'every append found its row once it settled');
    const rows = await store.auditRows({ afterId: before, limit: 1000 });
    assert.equal(rows.length, N);
    assert.deepEqual(
      rows.map((r) => r.requestId),
      Array.from({ length: N }, (_, i) => `gc-${i}`),
      'in the order they were asked for',
    );
    const report = await verifyAuditChain(store);
    assert.equal(report.ok, true, JSON.stringify(report));
    assert.ok(report.checkpoints >= 1, 'checkpoints are still signed within batches');
  });

  test("a data key in memory: erasure makes the citizen's rows unreadable at once; a rotation does not", async () => {
    await store.writeBatch(async (w) => {
      await w.insertUser({
        id: 'user-e',
        username: 'erik',
        passwordHash: 'scrypt$x',
        givenName: 'Erik',
        familyName: 'E',
        language: null,
      });
      await w.insertMessage({
        id: 'msg-e',
        owner: { userId: 'user-e', partyId: null },
        kind: 'message',
        sender: 'S',
        title: 'hello',
        body: 'b',
        createdAt: at(0),
      });
    });
    const erik: Owner = { userId: 'user-e', partyId: null };
    assert.equal((await store.messages(erik))[0]?.title, 'hello', 'read once: the key is in memory');
    await store.rewrapDataKeys();
    assert.equal((await store.messages(erik))[0]?.title, 'hello', 'after a rotation: same data key, wrapped anew');
    await store.eraseCitizen('user-e');
    const left = await store.messages(erik).then(
      (rows) => rows,
      (error: unknown) => error,
    );
    assert.ok(
      Array.isArray(left) ? left.length === 0 : left instanceof DecryptionError,
      'no message of an erased citizen can be read',
    );
    assert.equal(await store.userById('user-e'), undefined);
  });
});
