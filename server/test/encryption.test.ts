// Encryption at rest (issue 13), on both engines: what the database files (SQLite, its WAL and SHM) or a
// pg_dump reveal of the demo data and of values written now (nothing); a wrong key-encryption key (refused,
// nothing changed); rotation while reading (nothing lost; afterwards only the new key opens the database);
// erasure (the citizen's key and rows gone, an audit row says so); a value moved to another row (refused).

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  formatKeyFile,
  KekConfigError,
  kekFromEnvironment,
  keyFileKek,
  memoryKek,
  parseKeyFile,
  WrongKekError,
} from '../src/crypto/kek.js';
import { rotateKeyFile } from '../src/crypto/rotate.js';
import { loadDemoData, type DemoDataFile } from '../src/demo/demo-data.js';
import { resetDemoData } from '../src/demo/seed.js';
import { openStore, type Owner, type Store } from '../src/store/index.js';
import { forEachEngine, freshEngine, rawSql, testKek, type TestEngine } from './engines.js';

const data: DemoDataFile = await loadDemoData();
/** the demo citizens' national register numbers: the seed stores them, so the byte scan looks for them too */
const DEMO_NRNS = ['85073003328', '79021412561', '92051124633', '75031907776'];
/** valid numbers (mod-97) of citizens this test adds; not the demo citizens' (the number's index is unique) */
const NRNS = ['90010100123', '88020200254', '77030300390', '66040400429'];
const marker = randomBytes(4).toString('hex');
const KNOWN = {
  title: `Bouwvergunning Kapelstraat ${marker}`,
  body: `Uw aanvraag voor de Kapelstraat 17 is goedgekeurd ${marker}`,
  sender: `Dienst Omgeving ${marker}`,
  reason: `Verhuisd naar de Molenstraat ${marker}`,
  requested: `Molenstraat 4, 9999 Lindegem ${marker}`,
};

/**
 * The personal values of the demo data, five characters or more: a shorter one (Anna, Jan) would turn up in
 * the ciphertexts' base64 by chance now and then; the longer names of the same people are in the list.
 */
function personalValues(): string[] {
  const values = [
    ...data.users.flatMap((u) => [u.givenName, u.familyName]),
    ...data.parties.flatMap((p) => [p.name, p.identifier ?? '']),
    ...data.messages.flatMap((m) => [m.sender, m.title, m.body]),
    ...data.dossiers.flatMap((d) => [d.reference, d.title, ...d.history.map((h) => h.note ?? '')]),
    ...data.documents.flatMap((d) => [d.title, d.file]),
    ...data.facts.map((f) => f.value),
    ...DEMO_NRNS,
    ...NRNS,
    ...Object.values(KNOWN),
  ];
  return [...new Set(values.filter((v) => v.length >= 5))];
}

/** Every byte of the database: SQLite's file, WAL and SHM; PostgreSQL's pg_dump of the throwaway database. */
function databaseBytes(engine: TestEngine): Buffer {
  if (engine.name === 'postgres')
    return execFileSync('pg_dump', ['--no-owner', engine.databaseUrl!], { maxBuffer: 256 << 20 });
  const files = readdirSync(engine.dataDir).filter((f) => f.startsWith('loket.sqlite'));
  return Buffer.concat(files.map((f) => readFileSync(path.join(engine.dataDir, f))));
}

const found = (bytes: Buffer, values: string[]) => values.filter((v) => bytes.includes(Buffer.from(v, 'utf8')));

/** A fingerprint of the database's content: the hash of each SQLite file, or of the dump. */
function fingerprint(engine: TestEngine): string {
  if (engine.name === 'postgres') {
    // pg_dump (since 15.14) opens and closes its script with a random \restrict key: not the database's content
    const dump = databaseBytes(engine)
      .toString('utf8')
      .replace(/^\\(un)?restrict \S+$/gm, '');
    return createHash('sha256').update(dump).digest('hex');
  }
  return readdirSync(engine.dataDir)
    .sort()
    .map(
      (f) =>
        `${f}:${createHash('sha256')
          .update(readFileSync(path.join(engine.dataDir, f)))
          .digest('hex')}`,
    )
    .join(',');
}

const pgDumpHere = (() => {
  try {
    execFileSync('pg_dump', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

async function writeKnownValues(store: Store): Promise<Owner> {
  const users = await store.writeBatch(async (w) => {
    const ids = NRNS.map((_, i) => `user-nrn-${i}`);
    for (const [i, nrn] of NRNS.entries()) {
      await w.insertUser({
        id: ids[i]!,
        username: `burger${i}${marker}`,
        passwordHash: 'scrypt$x',
        givenName: `Voornaam${marker}${i}`,
        familyName: `Familienaam${marker}`,
        language: 'nl',
        nationalRegisterNumber: nrn,
      });
    }
    return ids;
  });
  const owner: Owner = { userId: users[0]!, partyId: null };
  await store.insertMessage({
    id: `msg-${marker}`,
    owner,
    kind: 'message',
    sender: KNOWN.sender,
    title: KNOWN.title,
    body: KNOWN.body,
    createdAt: new Date().toISOString(),
  });
  await store.createCorrection(owner, {
    field: 'address',
    currentValue: null,
    requestedValue: KNOWN.requested,
    reason: KNOWN.reason,
  });
  return owner;
}

forEachEngine((engine) => {
  let store: Store;
  let owner: Owner;
  before(async () => {
    store = await openStore(engine);
    await resetDemoData(store, data);
    owner = await writeKnownValues(store);
  });
  after(() => store?.close());

  test('the store reads back every value it encrypted; lookups by username and national register number go by blind index', async () => {
    const anna = await store.userByUsername('anna');
    assert.equal(anna?.givenName, 'Anna');
    assert.equal(anna?.familyName, 'Peeters');
    assert.equal((await store.userByNationalRegisterNumber(NRNS[2]!))?.id, 'user-nrn-2');
    assert.equal((await store.userByNationalRegisterNumber(NRNS[2]!))?.nationalRegisterNumber, NRNS[2]);
    assert.equal(await store.userByNationalRegisterNumber('00000000000'), undefined);
    const [message] = await store.messages(owner);
    assert.deepEqual([message?.title, message?.body, message?.sender], [KNOWN.title, KNOWN.body, KNOWN.sender]);
    assert.equal((await store.corrections(owner))[0]?.reason, KNOWN.reason);
    const jan = await store.userByUsername('jan');
    const mandates = await store.mandates(jan!.id);
    assert.ok(mandates.some((m) => m.name === 'Bakkerij Peeters BV' && m.identifier === 'BE0765432146'));
    const counts = await store.unreadCounts({ userId: anna!.id, partyId: null });
    assert.ok(counts.messages > 0, 'unread counts still come from clear columns');
    const index = store.blindIndex('nrn', NRNS[0]!);
    assert.equal(index, store.blindIndex('nrn', NRNS[0]!));
    assert.notEqual(index, store.blindIndex('username', NRNS[0]!), 'the kind is part of the index');
    const rows = await rawSql<{ username: string; username_index: string }>(
      engine,
      'select username, username_index from users where id = ?',
      [anna!.id],
    );
    assert.match(rows[0]!.username, /^e1\./, 'the username is stored encrypted');
    assert.equal(rows[0]!.username_index, store.blindIndex('username', 'anna'));
  });

  test(
    'a byte scan of the database finds none of the personal values (SQLite file, WAL and SHM; pg_dump)',
    { skip: engine.name === 'postgres' && !pgDumpHere && 'pg_dump is not on PATH' },
    async () => {
      const values = personalValues();
      assert.ok(values.length > 40, `${values.length} values to look for`);
      // the scan can find something: ids and times are stored clear
      const control = ['user-nrn-0', `msg-${marker}`];
      const bytesOpen = databaseBytes(engine);
      assert.deepEqual(found(bytesOpen, control), control, 'the scan sees the clear columns');
      assert.deepEqual(found(bytesOpen, values), [], 'no personal value in the database while it is open');
      if (engine.name === 'sqlite') {
        // closed: SQLite writes the WAL back into the file
        const fresh = await freshEngine(engine);
        try {
          const other = await openStore(fresh.engine);
          await resetDemoData(other, data);
          await writeKnownValues(other);
          await other.close();
          assert.ok(
            !existsSync(path.join(fresh.engine.dataDir, 'loket.sqlite-wal')) ||
              statSync(path.join(fresh.engine.dataDir, 'loket.sqlite-wal')).size === 0,
          );
          assert.deepEqual(found(databaseBytes(fresh.engine), values), [], 'none after a close either');
        } finally {
          await fresh.dispose();
        }
      }
    },
  );

  test('a value moved to another row, column or citizen does not decrypt (bound to its place)', async () => {
    const fresh = await freshEngine(engine);
    const other = await openStore(fresh.engine);
    try {
      await resetDemoData(other, data);
      const anna = (await other.userByUsername('anna'))!;
      const bart = (await other.userByUsername('bart'))!;
      // as an attacker with write access to the database would: bart's family name into anna's row
      const [row] = await rawSql<{ family_name: string }>(fresh.engine, 'select family_name from users where id = ?', [
        bart.id,
      ]);
      await rawSql(fresh.engine, 'update users set family_name = ? where id = ?', [row!.family_name, anna.id]);
      await assert.rejects(other.userById(anna.id), /does not decrypt/, "another citizen's value (another key)");
      assert.equal((await other.userById(bart.id))?.familyName, 'Claes');
      // within one citizen (the same key): a title into another of their messages, and into a body
      const annaSelf: Owner = { userId: anna.id, partyId: null };
      const [a, b] = await other.messages(annaSelf);
      const [stored] = await rawSql<{ title: string }>(fresh.engine, 'select title from messages where id = ?', [
        a!.id,
      ]);
      await rawSql(fresh.engine, 'update messages set title = ? where id = ?', [stored!.title, b!.id]);
      await assert.rejects(other.message(annaSelf, b!.id), /does not decrypt/, 'another row');
      assert.equal((await other.message(annaSelf, a!.id))?.title, a!.title);
      await rawSql(fresh.engine, 'update messages set body = ? where id = ?', [stored!.title, a!.id]);
      await assert.rejects(other.message(annaSelf, a!.id), /does not decrypt/, 'another column');
    } finally {
      await other.close();
      await fresh.dispose();
    }
  });

  test('a wrong key-encryption key: the store refuses to open, says why, and changes nothing', async () => {
    const fresh = await freshEngine(engine);
    try {
      const first = await openStore(fresh.engine);
      await resetDemoData(first, data);
      await first.appendAudit({
        clientIp: null,
        subject: null,
        onBehalfOf: null,
        resource: '/x',
        operation: 'read',
        outcome: 'ok',
      });
      await first.close();
      const before = fingerprint(fresh.engine);
      await assert.rejects(openStore({ ...fresh.engine, kek: testKek() }), (error: Error) => {
        assert.ok(error instanceof WrongKekError);
        assert.match(error.message, /LOKET_KEK_FILE does not unwrap this database's keys: wrong key-encryption key/);
        return true;
      });
      assert.equal(fingerprint(fresh.engine), before, 'the database is byte for byte as it was');
      const again = await openStore(fresh.engine);
      assert.equal((await again.userByUsername('anna'))?.givenName, 'Anna', 'the right key still opens it');
      await again.close();
    } finally {
      await fresh.dispose();
    }
  });

  test('keys:rotate while a service reads: nothing lost; afterwards the new key opens the database and the old does not', async () => {
    const fresh = await freshEngine(engine);
    const keysDir = mkdtempSync(path.join(tmpdir(), 'loket-kek-'));
    const file = path.join(keysDir, 'kek');
    const oldKey = randomBytes(32);
    writeFileSync(file, formatKeyFile([oldKey]), { mode: 0o600 });
    // the database without the test's own KEK: the key file's
    const where = { dataDir: fresh.engine.dataDir, databaseUrl: fresh.engine.databaseUrl };
    try {
      const running = await openStore({ ...where, kek: keyFileKek(file) });
      await resetDemoData(running, data);
      const anna = (await running.userByUsername('anna'))!;
      const annaSelf: Owner = { userId: anna.id, partyId: null };
      const expected = await running.messages(annaSelf);
      let reads = 0;
      let stop = false;
      const errors: Error[] = [];
      // the running service reads (its keys in memory), and instances that start during the rotation unwrap
      // every key they read, some under the old key, some under the new
      const check = async (s: Store) => {
        const [user, messages] = await Promise.all([s.userById(anna.id), s.messages(annaSelf)]);
        assert.equal(user?.givenName, 'Anna');
        assert.deepEqual(messages, expected);
        reads += 1;
      };
      const reader = (async () => {
        while (!stop) {
          try {
            await check(running);
            const starting = await openStore({ ...where, kek: keyFileKek(file) });
            try {
              await check(starting);
            } finally {
              await starting.close();
            }
          } catch (error) {
            errors.push(error as Error);
          }
          // better-sqlite3 answers synchronously: without this the loop would never let the rotation run
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      const result = await rotateKeyFile({
        file,
        store: where,
        batchSize: 2,
        graceMs: 50,
        onBatch: () => new Promise((resolve) => setTimeout(resolve, 40)),
      });
      // a citizen added by the running service after the rotation: wrapped with the new key
      await running.insertUser({
        id: 'user-after',
        username: 'after',
        passwordHash: 'x',
        givenName: 'Na',
        familyName: 'Rotatie',
        language: null,
      });
      stop = true;
      await reader;
      await running.close();
      assert.deepEqual(
        errors.map((e) => e.message),
        [],
        'every read during the rotation succeeded',
      );
      assert.ok(reads > 0, `${reads} reads during the rotation`);
      assert.ok(result.rewrapped >= data.users.length + data.parties.length, `${result.rewrapped} keys wrapped again`);
      const [newKey] = parseKeyFile(readFileSync(file, 'utf8'), file);
      assert.equal(parseKeyFile(readFileSync(file, 'utf8'), file).length, 1, 'the old key left the file');
      assert.ok(!newKey!.equals(oldKey));

      const withNew = await openStore({ ...where, kek: memoryKek([newKey!]) });
      assert.deepEqual(await withNew.messages(annaSelf), expected, 'everything reads with the new key alone');
      assert.equal((await withNew.userById('user-after'))?.familyName, 'Rotatie');
      assert.ok(
        (await withNew.auditRows({ operation: 'key-rotation' })).length > 0,
        'the rotation is in the audit log',
      );
      await withNew.close();
      await assert.rejects(
        openStore({ ...where, kek: memoryKek([oldKey]) }),
        WrongKekError,
        'and not with the old one',
      );
    } finally {
      rmSync(keysDir, { recursive: true, force: true });
      await fresh.dispose();
    }
  });

  test('eraseCitizen: the data key and the rows are gone, nothing of theirs reads; the erasure is an audit row', async () => {
    const target = (await store.userByUsername('bart'))!;
    const bartSelf: Owner = { userId: target.id, partyId: null };
    assert.ok((await store.messages(bartSelf)).length > 0);
    const [message] = await rawSql<{ id: string; title: string }>(
      engine,
      'select id, title from messages where user_id = ?',
      [target.id],
    );
    assert.equal(await store.eraseCitizen(target.id, { actor: 'staff-1', requestId: 'req-erase' }), true);
    assert.equal(await store.userById(target.id), undefined);
    assert.equal(await store.userByUsername('bart'), undefined);
    assert.deepEqual(await store.messages(bartSelf), []);
    assert.deepEqual(await store.dossiers(bartSelf), []);
    assert.deepEqual(
      await rawSql(engine, 'select id from data_keys where id = ?', [`user:${target.id}`]),
      [],
      'the data key is destroyed',
    );
    assert.deepEqual(await rawSql(engine, 'select id from messages where user_id = ?', [target.id]), []);
    // a copy of a row (a backup's) stays ciphertext: put it back, and it reads as nothing but an error
    await rawSql(
      engine,
      'insert into users (id, username, username_index, password_hash, given_name, family_name, created_at) values (?, ?, ?, ?, ?, ?, ?)',
      [target.id, 'e1.x', 'gone', 'x', 'e1.x', 'e1.x', new Date().toISOString()],
    );
    await rawSql(
      engine,
      'insert into messages (id, user_id, party_id, kind, sender, title, body, created_at) values (?, ?, null, ?, ?, ?, ?, ?)',
      [message!.id, target.id, 'message', message!.title, message!.title, message!.title, new Date().toISOString()],
    );
    await assert.rejects(store.messages(bartSelf), /does not decrypt|no data key/);
    await rawSql(engine, 'delete from users where id = ?', [target.id]);
    const [row] = await store.auditRows({ operation: 'erase', newestFirst: true, limit: 1 });
    assert.deepEqual(
      [row?.resource, row?.subject, row?.outcome, row?.requestId],
      [`citizen/${target.id}`, 'staff-1', 'ok', 'req-erase'],
    );
    assert.equal(await store.eraseCitizen(target.id), false, 'a second erasure finds no one');
  });
});

// The key file and the service's start (SQLite: the start itself is the same on both engines).

const serverBin = path.join(import.meta.dirname, '../dist/bin/server.js');
const startServer = (env: Record<string, string>) =>
  spawnSync(process.execPath, [serverBin], {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      LOKET_BACKEND_PORT: '0',
      LOKET_LOG: 'silent',
      LOKET_SEED_DEMO: 'false',
      NODE_ENV: '',
      ...env,
    },
  });

test('LOKET_KEK_FILE: created when missing outside production (32 bytes, mode 0600); in production a missing or unset file stops the start, naming the variable', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loket-kek-'));
  try {
    const file = path.join(dir, 'keys', 'kek');
    kekFromEnvironment({ LOKET_KEK_FILE: file });
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(parseKeyFile(readFileSync(file, 'utf8'), file)[0]!.length, 32);
    const again = readFileSync(file, 'utf8');
    kekFromEnvironment({ LOKET_KEK_FILE: file });
    assert.equal(readFileSync(file, 'utf8'), again, 'an existing file is kept');
    assert.throws(
      () => kekFromEnvironment({ NODE_ENV: 'production' }),
      (e: Error) => e instanceof KekConfigError && /LOKET_KEK_FILE is not set/.test(e.message),
    );
    assert.throws(
      () => kekFromEnvironment({ NODE_ENV: 'production', LOKET_KEK_FILE: path.join(dir, 'absent') }),
      (e: Error) => e instanceof KekConfigError && /LOKET_KEK_FILE=.*absent: no such file/.test(e.message),
    );
    assert.equal(existsSync(path.join(dir, 'absent')), false);
    writeFileSync(path.join(dir, 'short'), 'c2hvcnQ=\n');
    assert.throws(() => kekFromEnvironment({ LOKET_KEK_FILE: path.join(dir, 'short') }), /a key is 32 bytes/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('npm run server with the wrong key file: exit 2, one line saying why, the database unchanged', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loket-kek-'));
  const dataDir = path.join(dir, 'data');
  try {
    const right = path.join(dir, 'right');
    const wrong = path.join(dir, 'wrong');
    writeFileSync(right, formatKeyFile([randomBytes(32)]), { mode: 0o600 });
    writeFileSync(wrong, formatKeyFile([randomBytes(32)]), { mode: 0o600 });
    const store = await openStore({ dataDir, kek: keyFileKek(right) });
    await resetDemoData(store, data);
    await store.close();
    const engine: TestEngine = { name: 'sqlite', dataDir };
    const before = fingerprint(engine);
    const refused = startServer({ LOKET_DATA_DIR: dataDir, LOKET_KEK_FILE: wrong });
    assert.equal(refused.status, 2, refused.stderr);
    assert.match(
      refused.stderr,
      /^loket-server: LOKET_KEK_FILE does not unwrap this database's keys: wrong key-encryption key/m,
    );
    assert.equal(fingerprint(engine), before, 'nothing changed');
    // production mode with everything else it asks for (an https public URL), but no key file
    const production = startServer({
      LOKET_DATA_DIR: dataDir,
      NODE_ENV: 'production',
      LOKET_PUBLIC_URL: 'https://loket.example',
      LOKET_KEK_FILE: '',
    });
    assert.equal(production.status, 2, production.stderr);
    assert.match(production.stderr, /^loket-server: LOKET_KEK_FILE is not set/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
