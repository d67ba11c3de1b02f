// The audit logbook's hash chain and signed checkpoints, on both engines: appends from several stores at once
// make one chain; the verifier (and `npm run audit:verify`) finds a row changed, removed or inserted, the end
// cut off and a forged checkpoint, and names the first row concerned.
//
// The tampering below is raw SQL straight on the database, around the store (rawSql), as an attacker with the
// database files or a psql prompt would do it: the store has no way to change or remove an audit row.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { chainHash } from '../src/audit/chain.js';
import { verifyAuditChain, type VerifyReport } from '../src/audit/verify.js';
import { formatKeyFile, keyFileKek } from '../src/crypto/kek.js';
import { openStore, type AuditChainRow, type Store } from '../src/store/index.js';
import { forEachEngine, freshEngine, rawSql, type TestEngine } from './engines.js';

const ROWS = 25;
const here = path.dirname(fileURLToPath(import.meta.url));

async function appendRows(store: Store, n: number, from = 1) {
  for (let i = from; i < from + n; i++) {
    await store.appendAudit({
      clientIp: '192.0.2.1',
      subject: `sub-${i % 3}`,
      onBehalfOf: null,
      resource: `/api/me/messages/m${i}`,
      operation: 'read',
      outcome: 'ok',
      requestId: `req-${i}`,
      // every other row names the citizen whose data it touched; the others were written as before that column
      ...(i % 2 === 0 ? { concerns: `citizen-${i % 3}` } : {}),
    });
  }
}

/** A database with ROWS audit rows, checkpoints every 10 rows and at close. */
async function chainedDatabase(engine: TestEngine) {
  const fresh = await freshEngine(engine);
  const store = await openStore({ ...fresh.engine, auditCheckpoints: { rows: 10, ms: 3600_000 } });
  await appendRows(store, ROWS);
  await store.close();
  return fresh;
}

async function verify(engine: TestEngine): Promise<VerifyReport> {
  const store = await openStore({ ...engine, checkpointOnClose: false });
  try {
    return await verifyAuditChain(store);
  } finally {
    await store.close();
  }
}

const rowOf = async (engine: TestEngine, id: number) =>
  (await rawSql<AuditChainRow>(engine, 'select * from audit_log where id = ?', [id]))[0]!;

forEachEngine((engine) => {
  test('an untouched chain verifies; three processes appending at once make one chain', async () => {
    const keys = mkdtempSync(path.join(tmpdir(), 'loket-kek-'));
    const file = path.join(keys, 'kek');
    writeFileSync(file, formatKeyFile([randomBytes(32)]), { mode: 0o600 });
    const fresh = await freshEngine(engine);
    const where = { ...fresh.engine, kek: keyFileKek(file) };
    try {
      const store = await openStore({ ...where, auditCheckpoints: { rows: 10, ms: 3600_000 } });
      await appendRows(store, ROWS);
      await store.close();
      const worker = path.join(here, 'audit-append-worker.ts');
      const runs = await Promise.all(
        ['a', 'b', 'c'].map(
          (tag) =>
            new Promise<number | null>((resolve) => {
              const child = spawn(
                process.execPath,
                ['--import', 'tsx', worker, fresh.engine.dataDir, fresh.engine.databaseUrl ?? '', '20', tag],
                {
                  stdio: ['ignore', 'inherit', 'inherit'],
                  env: { ...process.env, LOKET_KEK_FILE: file },
                },
              );
              child.on('exit', resolve);
            }),
        ),
      );
      assert.deepEqual(runs, [0, 0, 0]);
      const report = await verify(where);
      assert.deepEqual(report.problems, []);
      assert.equal(report.ok, true);
      assert.equal(report.rows, ROWS + 60);
      assert.equal(report.signedThrough, ROWS + 60, 'the last close signed the head');
      assert.ok(report.checkpoints >= 6);
    } finally {
      rmSync(keys, { recursive: true, force: true });
      await fresh.dispose();
    }
  });

  test('rows are found by the citizen they concern', async () => {
    const fresh = await chainedDatabase(engine);
    try {
      const store = await openStore({ ...fresh.engine, checkpointOnClose: false });
      try {
        const rows = await store.auditRows({ concerns: 'citizen-1', limit: 1000 });
        // rows 4, 10, 16, 22: even, and i % 3 === 1
        assert.deepEqual(
          rows.map((r) => [r.id, r.concerns]),
          [4, 10, 16, 22].map((id) => [id, 'citizen-1']),
        );
        assert.equal((await store.auditRows({ afterId: 2, limit: 1 }))[0]!.concerns, null, 'row 3 names no one');
      } finally {
        await store.close();
      }
    } finally {
      await fresh.dispose();
    }
  });

  const cases: {
    name: string;
    tamper: (e: TestEngine) => Promise<void>;
    kind: string;
    rowId: number;
    message: RegExp;
  }[] = [
    {
      name: 'a row changed',
      tamper: (e) => rawSql(e, "update audit_log set resource = '/api/me/nothing' where id = 7").then(() => {}),
      kind: 'changed',
      rowId: 7,
      message: /row 7 was changed/,
    },
    {
      name: 'a row changed and its hash computed again',
      tamper: async (e) => {
        const row = { ...(await rowOf(e, 7)), outcome: 'denied' };
        await rawSql(e, 'update audit_log set outcome = ?, hash = ? where id = 7', [
          'denied',
          chainHash(row.prev_hash, row),
        ]);
      },
      kind: 'changed',
      rowId: 7,
      message: /row 7 was changed/,
    },
    {
      name: 'a row removed',
      tamper: (e) => rawSql(e, 'delete from audit_log where id = 12').then(() => {}),
      kind: 'removed',
      rowId: 12,
      message: /row 12 was removed/,
    },
    {
      name: 'a row inserted (the rows after it renumbered to make room)',
      tamper: async (e) => {
        const before = await rowOf(e, 15);
        await rawSql(e, 'update audit_log set id = id + 1000 where id > 15');
        await rawSql(e, 'update audit_log set id = id - 999 where id > 1000');
        const forged = {
          id: 16,
          at: before.at,
          client_ip: '192.0.2.99',
          subject: 'sub-1',
          on_behalf_of: null,
          resource: '/api/me/alibi',
          operation: 'read',
          outcome: 'ok',
          request_id: null,
        };
        await rawSql(
          e,
          'insert into audit_log (id, at, client_ip, subject, on_behalf_of, resource, operation, outcome, request_id, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [
            16,
            forged.at,
            forged.client_ip,
            forged.subject,
            null,
            forged.resource,
            'read',
            'ok',
            null,
            before.hash,
            chainHash(before.hash, forged),
          ],
        );
      },
      kind: 'inserted',
      rowId: 16,
      message: /row 16 was inserted/,
    },
    {
      name: 'the end cut off (and the head row set back to match)',
      tamper: async (e) => {
        const last = await rowOf(e, 22);
        await rawSql(e, 'delete from audit_log where id > 22');
        await rawSql(e, 'update audit_head set last_id = 22, last_hash = ? where id = 1', [last.hash]);
      },
      kind: 'truncated',
      rowId: 23,
      message: /cut off after row 22/,
    },
    {
      name: 'the citizen a row concerns changed',
      tamper: (e) => rawSql(e, "update audit_log set concerns = 'someone-else' where id = 8").then(() => {}),
      kind: 'changed',
      rowId: 8,
      message: /row 8/,
    },
    {
      name: 'the citizen a row concerns removed',
      tamper: (e) => rawSql(e, 'update audit_log set concerns = null where id = 10').then(() => {}),
      kind: 'changed',
      rowId: 10,
      message: /row 10/,
    },
    {
      name: 'a checkpoint forged',
      tamper: async (e) => {
        const [cp] = await rawSql<{ id: number; jws: string }>(
          e,
          'select id, jws from audit_checkpoints order by id desc limit 1',
        );
        const [header, , signature] = cp!.jws.split('.');
        const payload = Buffer.from(
          JSON.stringify({ lastId: 3, lastHash: 'f'.repeat(64), at: new Date().toISOString() }),
        ).toString('base64url');
        await rawSql(e, 'update audit_checkpoints set jws = ? where id = ?', [
          `${header}.${payload}.${signature}`,
          cp!.id,
        ]);
      },
      kind: 'checkpoint',
      rowId: 25,
      message: /no valid signature/,
    },
  ];

  for (const c of cases) {
    test(`the verifier catches ${c.name}, and names row ${c.rowId}`, async () => {
      const fresh = await chainedDatabase(engine);
      try {
        assert.equal((await verify(fresh.engine)).ok, true, 'intact before');
        await c.tamper(fresh.engine);
        const report = await verify(fresh.engine);
        assert.equal(report.ok, false);
        const [first] = report.problems;
        assert.deepEqual([first?.kind, first?.rowId], [c.kind, c.rowId], JSON.stringify(report.problems));
        assert.match(first!.message, c.message);
      } finally {
        await fresh.dispose();
      }
    });
  }

  test('a chain tampered with since its last checkpoint is not signed over: appends go on, the store reports it, the verifier still names the row', async () => {
    const fresh = await freshEngine(engine);
    try {
      const first = await openStore({
        ...fresh.engine,
        auditCheckpoints: { rows: 10, ms: 3600_000 },
        checkpointOnClose: false,
      });
      await appendRows(first, ROWS);
      await first.close();
      const before = await verify(fresh.engine);
      assert.ok(before.ok && before.signedThrough < 23, `signed through ${before.signedThrough}`);
      await rawSql(fresh.engine, "update audit_log set subject = 'someone-else' where id = 23");
      const errors: string[] = [];
      const second = await openStore({
        ...fresh.engine,
        auditCheckpoints: { rows: 3, ms: 3600_000 },
        onError: (e) => errors.push(e.message),
      });
      await appendRows(second, 7, 100);
      await second.close();
      assert.ok(
        errors.some((m) => /does not hold since its last checkpoint/.test(m)),
        errors.join('; '),
      );
      const report = await verify(fresh.engine);
      assert.deepEqual([report.problems[0]?.kind, report.problems[0]?.rowId], ['changed', 23]);
      assert.equal(report.signedThrough, before.signedThrough, 'no checkpoint signed the tampered chain');
      assert.equal(report.rows, ROWS + 7);
    } finally {
      await fresh.dispose();
    }
  });

  test('npm run audit:verify: exit 0 on an intact log, 1 and the row on a tampered one, 2 with a wrong key-encryption key', async () => {
    const keys = mkdtempSync(path.join(tmpdir(), 'loket-kek-'));
    const file = path.join(keys, 'kek');
    writeFileSync(file, formatKeyFile([randomBytes(32)]), { mode: 0o600 });
    const fresh = await freshEngine(engine);
    try {
      const store = await openStore({ ...fresh.engine, kek: keyFileKek(file) });
      await appendRows(store, 5);
      await store.close();
      const cli = (kekFile: string) =>
        spawnSync(
          process.execPath,
          [path.join(here, '../dist/bin/audit-verify.js'), '--data-dir', fresh.engine.dataDir],
          {
            encoding: 'utf8',
            env: {
              ...process.env,
              LOKET_KEK_FILE: kekFile,
              LOKET_DATABASE_URL: fresh.engine.databaseUrl ?? '',
              NODE_ENV: 'production',
            },
          },
        );
      const intact = cli(file);
      assert.equal(intact.status, 0, intact.stderr + intact.stdout);
      assert.match(intact.stdout, /intact\. 5 rows/);
      await rawSql(fresh.engine, "update audit_log set subject = 'someone-else' where id = 3");
      const tampered = cli(file);
      assert.equal(tampered.status, 1, tampered.stderr);
      assert.match(tampered.stdout, /TAMPERED\. row 3 was changed/);
      const other = path.join(keys, 'other');
      writeFileSync(other, formatKeyFile([randomBytes(32)]), { mode: 0o600 });
      const wrong = cli(other);
      assert.equal(wrong.status, 2);
      assert.match(wrong.stderr, /wrong key-encryption key/);
    } finally {
      rmSync(keys, { recursive: true, force: true });
      await fresh.dispose();
    }
  });
});
