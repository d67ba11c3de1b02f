// The DPoP proofs the profile API accepted (migration 0012): one row per proof, keyed by a hash of its key's
// thumbprint and its jti, kept until the proof is too old to be accepted anyway.

import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { DpopProofStore } from './store.js';

const now = () => new Date().toISOString();

export function createDpopProofStore(db: Kysely<Database>): DpopProofStore {
  return {
    async remember(idHash, expiresAt, at = now()) {
      // One statement, so two instances given the same proof at once cannot both accept it: the insert wins, or
      // the conflict takes over a row that has expired (not yet purged); a live row is left as it is.
      const result = await db
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
    },
    async purgeExpired(at = now()) {
      const result = await db.deleteFrom('dpop_proofs').where('expires_at', '<=', at).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
