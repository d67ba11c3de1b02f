// The store's one factory: picks the engine, opens it, runs the migrations, and assembles the Store.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { createAuditLog } from './audit-log.js';
import { createLocalChangeFeed, createPostgresChangeFeed, type ClosableChangeFeed } from './change-feed.js';
import { createContentReader, createContentWriter } from './content.js';
import { createHostSessionStore } from './host-sessions.js';
import { migrationsFor, type Engine } from './migrations.js';
import { createOidcModelStore } from './oidc-models.js';
import type { Database } from './schema.js';
import { withStatementCache } from './sqlite-statements.js';
import { createServiceKeys } from './service-keys.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /** `postgres://…` (or `postgresql://…`): PostgreSQL; absent: SQLite under `dataDir` */
  databaseUrl?: string;
  /** SQLite: the folder of `loket.sqlite`, created with mode 0700 when missing */
  dataDir?: string;
  /** PostgreSQL: connections per instance (default 10) */
  poolSize?: number;
  /** errors the store recovers from by itself (the change feed's connection dropped, an idle client failed) */
  onError?: (error: Error) => void;
}

export const SQLITE_FILE = 'loket.sqlite';
const SQLITE_BUSY_TIMEOUT_MS = 5000;
const MIGRATION_LOCK_TIMEOUT_MS = 30_000;

const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//i.test(url);

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const onError = options.onError ?? ((error: Error) => console.error('loket store:', error.message));
  if (options.databaseUrl !== undefined && options.databaseUrl !== '') {
    if (!isPostgresUrl(options.databaseUrl)) throw new Error('databaseUrl must be a postgres:// URL (leave it out for SQLite)');
    return openPostgres(options.databaseUrl, options.poolSize ?? 10, onError);
  }
  if (!options.dataDir) throw new Error('openStore needs a databaseUrl (PostgreSQL) or a dataDir (SQLite)');
  return openSqlite(options.dataDir);
}

async function openPostgres(connectionString: string, poolSize: number, onError: (error: Error) => void): Promise<Store> {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // An idle client that loses its connection emits here; without a listener the process would crash.
  pool.on('error', onError);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    // Kysely's migrator holds an advisory lock on PostgreSQL: instances starting together migrate once.
    await migrate(db, 'postgres');
    const changes = await createPostgresChangeFeed(db, connectionString, onError);
    return assemble(db, 'postgres', changes);
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

async function openSqlite(dataDir: string): Promise<Store> {
  // The folder holds personal data (and, until issue 13, the provider's keys): its owner only.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const sqlite = new SqliteDatabase(path.join(dataDir, SQLITE_FILE));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  try {
    await withSqliteWriteLock(sqlite, () => migrate(db, 'sqlite'));
    return assemble(db, 'sqlite', createLocalChangeFeed());
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/**
 * Runs `work` inside BEGIN IMMEDIATE on the one connection Kysely uses, so that two processes opening the same
 * file migrate one after the other (Kysely's migrator takes no lock on SQLite). The lock is retried
 * asynchronously: a blocking busy wait would also stall another store of this same process that holds it.
 */
async function withSqliteWriteLock<T>(sqlite: SqliteDatabase.Database, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + MIGRATION_LOCK_TIMEOUT_MS;
  sqlite.pragma('busy_timeout = 0');
  try {
    for (;;) {
      try {
        sqlite.exec('BEGIN IMMEDIATE');
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
        await sleep(10 + Math.random() * 40);
      }
    }
  } finally {
    sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  }
  try {
    const result = await work();
    sqlite.exec('COMMIT');
    return result;
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw error;
  }
}

async function migrate(db: Kysely<Database>, engine: Engine): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationsFor(engine) });
  const { error } = await migrator.migrateToLatest();
  // Kysely also refuses a database that ran migrations this version does not know (a newer service).
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

function assemble(db: Kysely<Database>, engine: Engine, changes: ClosableChangeFeed): Store {
  let closing: Promise<void> | undefined;
  return {
    engine,
    ...createContentReader(db),
    ...createContentWriter(db),
    ...createAuditLog(db),
    oidc: createOidcModelStore(db),
    hostSessions: createHostSessionStore(db),
    changes,
    loadOrCreateKeys: createServiceKeys(db),
    writeBatch: (write) => db.transaction().execute((trx) => write(createContentWriter(trx))),
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close() {
      closing ??= (async () => {
        await changes.close();
        await db.destroy();
      })();
      return closing;
    },
  };
}
