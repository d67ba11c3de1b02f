// The DPoP proofs the profile API accepted (migration 0012): one row per proof, keyed by a hash of its key's
// thumbprint and its jti, kept until the proof is too old to be accepted anyway.

import type { Kysely, Transaction } from 'kysely';
import { groupCommit } from './group-commit.js';
import type { Database } from './schema.js';
import type { DpopProofStore } from './store.js';

const now = () => new Date().toISOString();
/** the most proofs one batched transaction records */
const MAX_BATCH = 200;

type Remember = { idHash: string; expiresAt: string; at: string };

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

  const recordTogether = groupCommit(
    (batch: Remember[]) =>
      db.transaction().execute(async (trx) => {
        const fresh: boolean[] = [];
        for (const proof of batch) fresh.push(await record(trx, proof));
        return fresh;
      }),
    MAX_BATCH,
  );

  return {
    remember(idHash, expiresAt, at = now()) {
      const proof = { idHash, expiresAt, at };
      return batched ? recordTogether(proof) : record(db, proof);
    },
    async purgeExpired(at = now()) {
      const result = await db.deleteFrom('dpop_proofs').where('expires_at', '<=', at).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
