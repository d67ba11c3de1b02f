// The DPoP proofs the profile API accepted (migration 0012): one row per proof, keyed by a hash of its key's
// thumbprint and its jti, kept until the proof is too old to be accepted anyway.

import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { DpopProofStore } from './store.js';

const now = () => new Date().toISOString();
/** the most proofs one batched transaction records */
const MAX_BATCH = 200;

type Remember = { idHash: string; expiresAt: string; at: string };
type Waiting = Remember & { resolve: (fresh: boolean) => void; reject: (error: unknown) => void };

/**
 * `batched` (SQLite): the proofs of the requests in one turn of the event loop are recorded in one transaction,
 * one commit instead of one each (the commit costs more than the insert). Each still gets its own answer. On
 * PostgreSQL each goes alone, on a connection of its own, so concurrent requests do not wait for each other.
 */
export function createDpopProofStore(db: Kysely<Database>, { batched = false } = {}): DpopProofStore {
  // One statement, so two instances given the same proof at once cannot both accept it: the insert wins, or
  // the conflict takes over a row that has expired (not yet purged); a live row is left as it is.
  const record = async (executor: Kysely<Database> | Transaction<Database>, { idHash, expiresAt, at }: Remember) => {
    const result = await executor
      .insertInto('dpop_proofs')
      .values({ id_hash: idHash, expires_at: expiresAt })
      .onConflict((oc) =>
        oc
          .column('id_hash')
          .doUpdateSet((eb) => ({ expires_at: eb.ref('excluded.expires_at') }))
          .where('dpop_proofs.expires_at', '<=', at),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  };

  const queue: Waiting[] = [];
  let flushing = false;
  const flush = async () => {
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, MAX_BATCH);
        try {
          const fresh = await db.transaction().execute(async (trx) => {
            const answers: boolean[] = [];
            for (const proof of batch) answers.push(await record(trx, proof));
            return answers;
          });
          batch.forEach((w, i) => w.resolve(fresh[i]!));
        } catch {
          // nothing of the batch was recorded: each again, alone, so one failure fails only its own request
          for (const w of batch) await record(db, w).then(w.resolve, w.reject);
        }
      }
    } finally {
      flushing = false;
    }
  };

  return {
    remember(idHash, expiresAt, at = now()) {
      if (!batched) return record(db, { idHash, expiresAt, at });
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ idHash, expiresAt, at, resolve, reject });
        if (!flushing) {
          flushing = true;
          setImmediate(() => void flush());
        }
      });
    },
    async purgeExpired(at = now()) {
      const result = await db.deleteFrom('dpop_proofs').where('expires_at', '<=', at).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
