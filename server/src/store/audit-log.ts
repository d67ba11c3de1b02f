// The audit log's rows: appended, read by the consultant's console and the tests; never updated. Hash-chained:
// each row carries the hash of the one before (audit/chain.ts). Appends are group-committed: the rows of
// concurrent requests go in one transaction (one commit, one fsync), and each append's promise settles only
// once its own row is committed. A transaction locks the chain's head row first (its UPDATE: a row lock to the end of the transaction on PostgreSQL, the database's write lock on SQLite), so
// instances sharing a database append one after the other and the chain has no forks. Every `rows` appends or
// `ms` milliseconds (and when the store closes) the head is signed: a checkpoint row, a JWS (EdDSA) under a key
// that only the key-encryption key unwraps, so cutting off the end of the log is caught too.

import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import { CHAINED_COLUMNS, chainHash, GENESIS, type CheckpointPayload } from '../audit/chain.js';
import { groupCommit } from './group-commit.js';
import { prepare } from './prepared.js';
import type { Database } from './schema.js';
import type { AuditChainRow, AuditEntry, AuditRow, Store } from './store.js';

const MAX_ROWS = 1000;
/** the most audit rows one group commit writes */
const MAX_BATCH = 200;
const INSERT_SIZES = [64, 16, 4, 1];

export interface CheckpointPolicy {
  /** sign after this many rows (default 100) */
  rows: number;
  /** or when the last checkpoint is older than this (default 5 minutes) */
  ms: number;
}

export const DEFAULT_CHECKPOINTS: CheckpointPolicy = { rows: 100, ms: 5 * 60_000 };

type AuditMethods = Pick<
  Store,
  'appendAudit' | 'auditRows' | 'auditChain' | 'auditCheckpoints' | 'auditCheckpoint' | 'auditVerificationKey'
>;

/**
 * A compact JWS (RFC 7515, alg EdDSA) over the checkpoint. Signed with node's synchronous Ed25519: Web Crypto
 * (which jose uses) would leave the chain's lock held across a trip to the thread pool, and another SQLite
 * connection of the same process waiting on that lock blocks the event loop. The verifier checks it with jose.
 */
export function signCheckpoint(key: KeyObject, payload: CheckpointPayload): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  const input = `${encode({ alg: 'EdDSA', typ: 'loket-audit-checkpoint' })}.${encode(payload)}`;
  return `${input}.${sign(null, Buffer.from(input, 'ascii'), key).toString('base64url')}`;
}

/** The payload of a checkpoint this key signed, or undefined. */
function signedPayload(jws: string, publicKey: KeyObject): CheckpointPayload | undefined {
  const [header, payload, signature] = jws.split('.');
  if (!header || !payload || !signature) return undefined;
  if (!verify(null, Buffer.from(`${header}.${payload}`, 'ascii'), publicKey, Buffer.from(signature, 'base64url')))
    return undefined;
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as CheckpointPayload;
}

export function createAuditLog(
  db: Kysely<Database>,
  signingKey: KeyObject,
  policy: CheckpointPolicy = DEFAULT_CHECKPOINTS,
  onError: (error: Error) => void = (error) => console.error('loket store:', error.message),
): AuditMethods {
  const publicKey = createPublicKey(signingKey);
  // the inserts of 64, 16, 4 and 1 rows, compiled once (a 64-row insert is costly to build and compile)
  type Chained = Insertable<Database['audit_log']>;
  // every hashed column (one list, in audit/chain.ts) and the chain's own two
  const COLUMNS = [...CHAINED_COLUMNS, 'prev_hash', 'hash'] as const;
  const inserts = new Map(
    INSERT_SIZES.map((size) => [
      size,
      prepare((v: Record<string, unknown>) =>
        db
          .insertInto('audit_log')
          .values(
            Array.from(
              { length: size },
              (_, i) => Object.fromEntries(COLUMNS.map((c) => [c, v[`${i} ${c}`]])) as unknown as Chained,
            ),
          ),
      ),
    ]),
  );
  const insertValues = (rows: Chained[]) => {
    const values: Record<string, unknown> = {};
    rows.forEach((row, i) => {
      for (const c of COLUMNS) values[`${i} ${c}`] = row[c] ?? null;
    });
    return values;
  };

  /**
   * Whether the rows since the last checkpoint still chain from the row it signed to the head: a checkpoint
   * signs only a chain that holds, so that tampering since the last one is not signed over.
   */
  const holdsSinceLastCheckpoint = async (trx: Kysely<Database>, head: Database['audit_head']): Promise<boolean> => {
    const last = await trx
      .selectFrom('audit_checkpoints')
      .select('jws')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const signed = last ? signedPayload(last.jws, publicKey) : { lastId: 0, lastHash: GENESIS, at: '' };
    if (!signed) return false;
    const rows = await trx.selectFrom('audit_log').selectAll().where('id', '>=', signed.lastId).orderBy('id').execute();
    let prev = { id: signed.lastId, hash: signed.lastHash };
    for (const row of rows) {
      const id = Number(row.id);
      if (id === signed.lastId) {
        if (row.hash !== signed.lastHash) return false;
        continue;
      }
      if (
        id !== prev.id + 1 ||
        row.prev_hash !== prev.hash ||
        chainHash(row.prev_hash ?? '', { ...row, id }) !== row.hash
      )
        return false;
      prev = { id, hash: row.hash };
    }
    return prev.id === Number(head.last_id) && prev.hash === head.last_hash;
  };
  /** Runs `work` holding the chain's head (locked by its first statement, an update). */
  const withHead = <T>(work: (trx: Kysely<Database>, head: Database['audit_head']) => Promise<T>) =>
    db.transaction().execute(async (trx) => {
      // the lock and the head in one statement (one round trip on PostgreSQL)
      const head = await trx
        .updateTable('audit_head')
        .set((eb) => ({ pending: eb('pending', '+', 0) }))
        .where('id', '=', 1)
        .returningAll()
        .executeTakeFirstOrThrow();
      return work(trx, { ...head, last_id: Number(head.last_id), pending: Number(head.pending) });
    });

  /** false (and no checkpoint) when the chain since the last one does not hold */
  const checkpoint = async (trx: Kysely<Database>, head: Database['audit_head'], at: string): Promise<boolean> => {
    if (!(await holdsSinceLastCheckpoint(trx, head))) {
      onError(
        new Error(`the audit chain does not hold since its last checkpoint: not signed (run npm run audit:verify)`),
      );
      return false;
    }
    const jws = signCheckpoint(signingKey, { lastId: Number(head.last_id), lastHash: head.last_hash, at });
    await trx
      .insertInto('audit_checkpoints')
      .values({ last_id: Number(head.last_id), jws, created_at: at })
      .execute();
    return true;
  };

  /** Appends `entries` to the chain in one transaction (one commit, one fsync on SQLite), in order. */
  const appendBatch = (entries: AuditEntry[]) =>
    withHead(async (trx, head) => {
      let last = { id: head.last_id, hash: head.last_hash };
      const rows = entries.map((entry) => {
        const row = {
          id: last.id + 1,
          at: entry.at ?? new Date().toISOString(),
          client_ip: entry.clientIp,
          subject: entry.subject,
          on_behalf_of: entry.onBehalfOf,
          resource: entry.resource,
          operation: entry.operation,
          outcome: entry.outcome,
          request_id: entry.requestId ?? null,
          concerns: entry.concerns ?? null,
        };
        const hash = chainHash(last.hash, row);
        const chained = { ...row, prev_hash: last.hash, hash };
        last = { id: row.id, hash };
        return chained;
      });
      // a few statements of fixed sizes (64, 16, 4, 1 rows): few round trips under the lock, few SQL texts to prepare
      for (let at = 0; at < rows.length;) {
        const size = INSERT_SIZES.find((n) => n <= rows.length - at)!;
        await trx.executeQuery(inserts.get(size)!(insertValues(rows.slice(at, at + size))));
        at += size;
      }
      const now = new Date().toISOString();
      const pending = head.pending + rows.length;
      const due =
        pending >= policy.rows ||
        head.checkpoint_at === null ||
        Date.parse(now) - Date.parse(head.checkpoint_at) >= policy.ms;
      const next = { ...head, last_id: last.id, last_hash: last.hash };
      const signed = due && (await checkpoint(trx, next, now));
      await trx
        .updateTable('audit_head')
        .set({
          last_id: last.id,
          last_hash: last.hash,
          pending: signed ? 0 : pending,
          ...(due ? { checkpoint_at: now } : {}),
        })
        .where('id', '=', 1)
        .execute();
    });

  // the rows of concurrent requests, committed together; each append settles once its own row is committed
  const append = groupCommit(async (entries: AuditEntry[]) => {
    await appendBatch(entries);
    return entries.map(() => undefined);
  }, MAX_BATCH);

  return {
    appendAudit: append,

    async auditCheckpoint() {
      await withHead(async (trx, head) => {
        if (head.pending === 0 && head.checkpoint_at !== null) return;
        const now = new Date().toISOString();
        if (await checkpoint(trx, head, now))
          await trx.updateTable('audit_head').set({ pending: 0, checkpoint_at: now }).where('id', '=', 1).execute();
      });
    },

    async auditChain(afterId = 0, limit = MAX_ROWS) {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((r): AuditChainRow => ({
        ...r,
        id: Number(r.id),
        prev_hash: r.prev_hash ?? '',
        hash: r.hash ?? '',
      }));
    },

    async auditCheckpoints() {
      const rows = await db.selectFrom('audit_checkpoints').select(['id', 'last_id', 'jws']).orderBy('id').execute();
      const head = await db
        .selectFrom('audit_head')
        .select(['last_id', 'last_hash'])
        .where('id', '=', 1)
        .executeTakeFirst();
      return {
        checkpoints: rows.map((r) => ({ id: Number(r.id), lastId: Number(r.last_id), jws: r.jws })),
        head: head ? { lastId: Number(head.last_id), lastHash: head.last_hash } : { lastId: 0, lastHash: GENESIS },
      };
    },

    auditVerificationKey: () => createPublicKey(signingKey),

    async auditRows(query = {}) {
      let select = db.selectFrom('audit_log').selectAll();
      if (query.afterId !== undefined) select = select.where('id', '>', query.afterId);
      if (query.beforeId !== undefined) select = select.where('id', '<', query.beforeId);
      if (query.subject !== undefined) select = select.where('subject', '=', query.subject);
      if (query.onBehalfOf !== undefined) select = select.where('on_behalf_of', '=', query.onBehalfOf);
      if (query.concerns !== undefined) select = select.where('concerns', '=', query.concerns);
      if (query.notSubject !== undefined) {
        const actor = query.notSubject;
        select = select.where((eb) => eb.or([eb('subject', 'is', null), eb('subject', '!=', actor)]));
      }
      if (query.resource !== undefined) select = select.where('resource', '=', query.resource);
      if (query.operation !== undefined) select = select.where('operation', '=', query.operation);
      if (query.from !== undefined) select = select.where('at', '>=', query.from);
      if (query.to !== undefined) select = select.where('at', '<', query.to);
      if (query.clientIp !== undefined) select = select.where('client_ip', '=', query.clientIp);
      if (query.outcome !== undefined) select = select.where('outcome', '=', query.outcome);
      if (query.subjectOrConcerns !== undefined) {
        const id = query.subjectOrConcerns;
        select = select.where((eb) => eb.or([eb('subject', '=', id), eb('concerns', '=', id)]));
      }
      const limit = Math.max(1, Math.min(MAX_ROWS, query.limit ?? 100));
      const rows = await select
        .orderBy('id', query.newestFirst ? 'desc' : 'asc')
        .limit(limit)
        .execute();
      return rows.map((r): AuditRow => ({
        id: Number(r.id),
        at: r.at,
        clientIp: r.client_ip,
        subject: r.subject,
        onBehalfOf: r.on_behalf_of,
        resource: r.resource,
        operation: r.operation,
        outcome: r.outcome as AuditRow['outcome'],
        requestId: r.request_id,
        concerns: r.concerns,
      }));
    },
  };
}

/** Empties the log and starts a new chain (the demo's reset with clearAudit). */
export async function clearAuditChain(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('audit_log').execute();
  await db.deleteFrom('audit_checkpoints').execute();
  await db
    .updateTable('audit_head')
    .set({ last_id: 0, last_hash: GENESIS, pending: 0, checkpoint_at: null })
    .where('id', '=', 1)
    .execute();
}
