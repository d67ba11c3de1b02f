// Both engines for a test file: SQLite in a temporary folder, and PostgreSQL in a throwaway database of this
// file's own (created here, dropped at the end). PostgreSQL is at LOKET_TEST_DATABASE_URL (default: the local
// server, user postgres). When it is not reachable its variants are skipped with a note, unless
// LOKET_REQUIRE_POSTGRES is set: then they fail. Run the files with server/test/run.ts, which says on its last
// line when PostgreSQL was skipped.
//
//   forEachEngine((engine) => {
//     test('…', async () => { const store = await openStore(engine); … });
//   });

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import pg from 'pg';
import { memoryKek, type KeyEncryptionKey } from '../src/crypto/kek.js';

export interface TestEngine {
  name: 'sqlite' | 'postgres';
  /** PostgreSQL: this file's throwaway database */
  databaseUrl?: string;
  /** a fresh temporary folder (SQLite's file lives here; the service may keep other files here) */
  dataDir: string;
  /** the key-encryption key of this engine's database (in memory: a test's own; openStore(engine) uses it) */
  kek?: KeyEncryptionKey;
}

/** A new key-encryption key held in memory, for a test database. */
export const testKek = (): KeyEncryptionKey => memoryKek([randomBytes(32)]);

export const POSTGRES_URL = process.env.LOKET_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REQUIRE_POSTGRES = Boolean(process.env.LOKET_REQUIRE_POSTGRES);

export const where = (url: string) => {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}`;
};

/** undefined when PostgreSQL answers at `url`, else why not */
export async function postgresProblem(url = POSTGRES_URL): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

/** What a run says when PostgreSQL was not there (the test runner, run.ts, repeats it on its last line). */
export const skipNote = (problem: string) =>
  `PostgreSQL not reachable at ${where(POSTGRES_URL)} (${problem}): the PostgreSQL variants were skipped`;

/** A throwaway database on the PostgreSQL server; `drop()` removes it (after every client is gone). */
export async function createThrowawayDatabase(
  serverUrl = POSTGRES_URL,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `loket_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Declares `define(engine)` once per engine, each in a `describe` named after it. The engine's fields are
 * filled in before its tests run; every test may open stores on it (and should close them).
 */
export function forEachEngine(define: (engine: TestEngine) => void): void {
  describe('sqlite', () => {
    const engine: TestEngine = { name: 'sqlite', dataDir: '', kek: testKek() };
    before(() => {
      engine.dataDir = mkdtempSync(path.join(tmpdir(), 'loket-store-test-'));
    });
    define(engine);
    // Registered after the file's own hooks, so it runs after them (they close their stores first).
    after(() => rmSync(engine.dataDir, { recursive: true, force: true }));
  });

  describe('postgres', async () => {
    const problem = await postgresProblem();
    if (problem !== undefined) {
      const message = skipNote(problem);
      if (REQUIRE_POSTGRES)
        throw new Error(`${message.replace('were skipped', 'cannot run')}, and LOKET_REQUIRE_POSTGRES is set`);
      describe('skipped: PostgreSQL not reachable', { skip: message }, () => {});
      return;
    }
    const engine: TestEngine = { name: 'postgres', dataDir: '', kek: testKek() };
    let database: Awaited<ReturnType<typeof createThrowawayDatabase>> | undefined;
    before(async () => {
      database = await createThrowawayDatabase();
      engine.databaseUrl = database.url;
      engine.dataDir = mkdtempSync(path.join(tmpdir(), 'loket-store-test-'));
    });
    define(engine);
    // Registered after the file's own hooks, so it runs after them (they close their stores first).
    after(async () => {
      await database?.drop();
      rmSync(engine.dataDir, { recursive: true, force: true });
    });
  });
}

/**
 * PostgreSQL: ends every connection to the database of `databaseUrl` (as a failover or a restart would), to
 * test that the store recovers. An operator's action, not a query on the store's data.
 */
export async function terminateConnections(databaseUrl: string): Promise<number> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    const result = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [name],
    );
    return result.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

/**
 * SQL straight on the engine's database, around the store: as an attacker with the files (or an operator with
 * psql) would. Only the tests of what such a person can and cannot do use it. `?` placeholders on both engines.
 */
export async function rawSql<Row = Record<string, unknown>>(
  engine: TestEngine,
  text: string,
  params: unknown[] = [],
): Promise<Row[]> {
  if (engine.name === 'postgres') {
    let n = 0;
    const client = new pg.Client({ connectionString: engine.databaseUrl });
    await client.connect();
    try {
      return (
        await client.query(
          text.replace(/\?/g, () => `$${++n}`),
          params,
        )
      ).rows as Row[];
    } finally {
      await client.end();
    }
  }
  const { default: Sqlite } = await import('better-sqlite3');
  const db = new Sqlite(path.join(engine.dataDir, 'loket.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    const statement = db.prepare(text);
    if (statement.reader) return statement.all(...params) as Row[];
    statement.run(...params);
    return [];
  } finally {
    db.close();
  }
}

/** A fresh SQLite folder or a fresh PostgreSQL database for one test, when it needs an empty store. */
export async function freshEngine(engine: TestEngine): Promise<{ engine: TestEngine; dispose: () => Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'loket-store-test-'));
  if (engine.name === 'sqlite') {
    return {
      engine: { name: 'sqlite', dataDir, kek: testKek() },
      dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const database = await createThrowawayDatabase();
  return {
    engine: { name: 'postgres', databaseUrl: database.url, dataDir, kek: testKek() },
    async dispose() {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
