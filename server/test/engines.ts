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
import { createThrowawayDatabase, postgresProblem, skipNote } from './databases.mjs';

export {
  createThrowawayDatabase,
  POSTGRES_URL,
  postgresProblem,
  skipNote,
  terminateConnections,
  where,
} from './databases.mjs';

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

const REQUIRE_POSTGRES = Boolean(process.env.LOKET_REQUIRE_POSTGRES);

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
