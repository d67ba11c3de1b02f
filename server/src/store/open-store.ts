// The store's one factory: picks the engine, opens it, runs the migrations, and assembles the Store.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { kekFromEnvironment, type KeyEncryptionKey } from '../crypto/kek.js';
import { createAuditLog, DEFAULT_CHECKPOINTS, type CheckpointPolicy } from './audit-log.js';
import { createLocalChangeFeed, createPostgresChangeFeed, type ClosableChangeFeed } from './change-feed.js';
import { createContentReader, createContentWriter } from './content.js';
import { createHostSessionStore } from './host-sessions.js';
import { createStaffSessionStore } from './staff-sessions.js';
import { createDpopProofStore } from './dpop-proofs.js';
import { checkCanary, openKeyring, rewrapAll, userKeyId, type Keyring } from './keyring.js';
import { migrationsFor, type Engine } from './migrations.js';
import { createOidcModelStore } from './oidc-models.js';
import { createMailOutboxStore } from './mail-outbox.js';
import { createPreferencesStore } from './preferences.js';
import { createPublishStore } from './publish.js';
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
  /**
   * The key-encryption key that wraps the data keys (never in the database). The service passes the one of its
   * options (`kekFile`, LOKET_KEK_FILE through config.ts). Default, for the CLIs and tests: the key file named by
   * LOKET_KEK_FILE (outside production, created when missing: demo/.keys/kek without the variable).
   * A database whose keys it does not unwrap is refused (WrongKekError) before anything is written.
   */
  kek?: KeyEncryptionKey;
  /** when the audit chain's head is signed (default: every 100 rows or 5 minutes, and at close) */
  auditCheckpoints?: CheckpointPolicy;
  /** sign the chain's head at close (default true; the verifier, which must not sign what it checks: false) */
  checkpointOnClose?: boolean;
}

type ClosePolicy = CheckpointPolicy & { onClose: boolean };

export const SQLITE_FILE = 'loket.sqlite';
const SQLITE_BUSY_TIMEOUT_MS = 5000;
const MIGRATION_LOCK_TIMEOUT_MS = 30_000;

const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//i.test(url);

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const onError = options.onError ?? ((error: Error) => console.error('loket store:', error.message));
  const kek = options.kek ?? kekFromEnvironment();
  const policy = { ...(options.auditCheckpoints ?? DEFAULT_CHECKPOINTS), onClose: options.checkpointOnClose ?? true };
  if (options.databaseUrl !== undefined && options.databaseUrl !== '') {
    if (!isPostgresUrl(options.databaseUrl))
      throw new Error('databaseUrl must be a postgres:// URL (leave it out for SQLite)');
    return openPostgres(options.databaseUrl, options.poolSize ?? 10, onError, kek, policy);
  }
  if (!options.dataDir) throw new Error('openStore needs a databaseUrl (PostgreSQL) or a dataDir (SQLite)');
  return openSqlite(options.dataDir, kek, policy, onError);
}

async function openPostgres(
  connectionString: string,
  poolSize: number,
  onError: (error: Error) => void,
  kek: KeyEncryptionKey,
  policy: ClosePolicy,
): Promise<Store> {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // An idle client that loses its connection emits here; without a listener the process would crash.
  pool.on('error', onError);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    // The key-encryption key first: a wrong one stops the start before the migrations write anything.
    await checkCanary(db, kek);
    // Kysely's migrator holds an advisory lock on PostgreSQL: instances starting together migrate once.
    await migrate(db, 'postgres');
    const keys = await openKeyring(db, kek);
    const changes = await createPostgresChangeFeed(db, connectionString, onError);
    return assemble(db, 'postgres', changes, keys, policy, onError);
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

async function openSqlite(
  dataDir: string,
  kek: KeyEncryptionKey,
  policy: ClosePolicy,
  onError: (error: Error) => void,
): Promise<Store> {
  // The folder holds personal data (and, until issue 13, the provider's keys): its owner only.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const sqlite = new SqliteDatabase(path.join(dataDir, SQLITE_FILE));
  sqlite.pragma('journal_mode = WAL');
  // A commit is on disk before the answer that depends on it leaves (an audit row, an accepted proof), also on
  // power loss: the WAL is synced at every commit. better-sqlite3 builds with NORMAL as the WAL default (synced
  // only at checkpoints); group commits keep the syncs to a few per turn of the event loop.
  sqlite.pragma('synchronous = FULL');
  if (sqlite.pragma('synchronous', { simple: true }) !== 2)
    throw new Error('SQLite did not take synchronous = FULL: the audit log would not be durable');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  try {
    // The key-encryption key first: a wrong one stops the start before the migrations write anything.
    await checkCanary(db, kek);
    await withSqliteWriteLock(sqlite, () => migrate(db, 'sqlite'));
    const keys = await openKeyring(db, kek);
    return assemble(db, 'sqlite', createLocalChangeFeed(), keys, policy, onError);
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

function assemble(
  db: Kysely<Database>,
  engine: Engine,
  changes: ClosableChangeFeed,
  keys: Keyring,
  policy: ClosePolicy,
  onError: (error: Error) => void,
): Store {
  let closing: Promise<void> | undefined;
  const audit = createAuditLog(db, keys.auditSigningKey, policy, onError);
  return {
    engine,
    ...createContentReader(db, keys),
    ...createContentWriter(db, keys),
    ...audit,
    blindIndex: keys.blindIndex,
    async eraseCitizen(userId, context = {}) {
      const erased = await db.transaction().execute(async (trx) => {
        // the key first: once it is gone, no copy of the rows (a backup, a WAL) can be read again
        await trx.deleteFrom('data_keys').where('id', '=', userKeyId(userId)).execute();
        // their queued mails (the foreign key would take them with the user's row too: said here, not left to it)
        await trx.deleteFrom('mail_outbox').where('user_id', '=', userId).execute();
        const result = await trx.deleteFrom('users').where('id', '=', userId).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
      keys.forget(userKeyId(userId));
      await audit.appendAudit({
        clientIp: context.clientIp ?? null,
        subject: context.actor ?? null,
        onBehalfOf: null,
        resource: `citizen/${userId}`,
        operation: 'erase',
        outcome: erased ? 'ok' : 'not_found',
        requestId: context.requestId ?? null,
      });
      return erased;
    },
    async rewrapDataKeys(options = {}) {
      const context = options.context ?? {};
      const entry = (outcome: 'ok' | 'error') => ({
        clientIp: context.clientIp ?? null,
        subject: context.actor ?? null,
        onBehalfOf: null,
        resource: 'data-keys',
        operation: 'key-rotation',
        outcome,
        requestId: context.requestId ?? null,
      });
      try {
        const done = await rewrapAll(db, keys.kek, options);
        await audit.appendAudit(entry('ok'));
        return done;
      } catch (error) {
        await audit.appendAudit(entry('error')).catch(() => {});
        throw error;
      }
    },
    oidc: createOidcModelStore(db),
    hostSessions: createHostSessionStore(db),
    staffSessions: createStaffSessionStore(db),
    dpopProofs: createDpopProofStore(db, { batched: engine === 'sqlite' }),
    changes,
    publish: createPublishStore(db, keys),
    preferences: createPreferencesStore(db, keys),
    mailOutbox: createMailOutboxStore(db, keys),
    loadOrCreateKeys: createServiceKeys(db, keys.serviceKeysKey),
    writeBatch: (write) => db.transaction().execute((trx) => write(createContentWriter(trx, keys))),
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
        // the chain's head signed as it is now, so that cutting off its end is caught
        if (policy.onClose) await audit.auditCheckpoint().catch(() => {});
        await changes.close();
        await db.destroy();
      })();
      return closing;
    },
  };
}
