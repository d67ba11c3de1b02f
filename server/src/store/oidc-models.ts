// oidc-provider's state (sessions, grants, interactions, codes, refresh tokens, ...). The id of a token, a code
// or a session IS its secret value, so rows are keyed by its SHA-256 and the payload is stored without it
// (`jti`): whoever reads the database gets no working token. The uid and user code are hashed the same way.

import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { OidcModelStore } from './store.js';

/** Rows stay a little past their expiry: the provider checks expiry itself and reports it properly. */
const GRACE_MS = 60_000;

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

type Payload = Record<string, unknown>;

export function createOidcModelStore(db: Kysely<Database>): OidcModelStore {
  const live = (row: { payload: string; expires_at: string | null } | undefined, id?: string): Payload | undefined => {
    if (!row) return undefined;
    if (row.expires_at !== null && Date.parse(row.expires_at) + GRACE_MS < Date.now()) return undefined;
    const payload = JSON.parse(row.payload) as Payload;
    // Only a lookup by id knows the id; by uid or user code the provider only reads the model (it never saves it back).
    return id === undefined ? payload : { ...payload, jti: id };
  };
  const columns = ['payload', 'expires_at'] as const;

  return {
    async upsert(model, id, payload, expiresInSeconds) {
      const stored = { ...payload };
      delete stored.jti;
      const row = {
        model,
        id_hash: sha256(id),
        payload: JSON.stringify(stored),
        // A Grant's own id is its grant id: kept in the clear (not a secret) so its party can be found and purged.
        grant_id: model === 'Grant' ? id : typeof payload.grantId === 'string' ? payload.grantId : null,
        uid_hash: typeof payload.uid === 'string' ? sha256(payload.uid) : null,
        user_code_hash: typeof payload.userCode === 'string' ? sha256(payload.userCode) : null,
        expires_at:
          typeof expiresInSeconds === 'number' ? new Date(Date.now() + expiresInSeconds * 1000).toISOString() : null,
      };
      await db
        .insertInto('oidc_models')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['model', 'id_hash']).doUpdateSet((eb) => ({
            payload: eb.ref('excluded.payload'),
            grant_id: eb.ref('excluded.grant_id'),
            uid_hash: eb.ref('excluded.uid_hash'),
            user_code_hash: eb.ref('excluded.user_code_hash'),
            expires_at: eb.ref('excluded.expires_at'),
          })),
        )
        .execute();
    },

    async find(model, id) {
      const row = await db
        .selectFrom('oidc_models')
        .select(columns)
        .where('model', '=', model)
        .where('id_hash', '=', sha256(id))
        .executeTakeFirst();
      return live(row, id);
    },

    async findByUid(model, uid) {
      const row = await db
        .selectFrom('oidc_models')
        .select(columns)
        .where('model', '=', model)
        .where('uid_hash', '=', sha256(uid))
        .executeTakeFirst();
      return live(row);
    },

    async findByUserCode(model, userCode) {
      const row = await db
        .selectFrom('oidc_models')
        .select(columns)
        .where('model', '=', model)
        .where('user_code_hash', '=', sha256(userCode))
        .executeTakeFirst();
      return live(row);
    },

    async consume(model, id) {
      // Read and write in one transaction: two instances redeeming the same code at once must not both win.
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('oidc_models')
          .select('payload')
          .where('model', '=', model)
          .where('id_hash', '=', sha256(id))
          .executeTakeFirst();
        if (!row) return;
        const payload = { ...(JSON.parse(row.payload) as Payload), consumed: Math.floor(Date.now() / 1000) };
        await trx
          .updateTable('oidc_models')
          .set({ payload: JSON.stringify(payload) })
          .where('model', '=', model)
          .where('id_hash', '=', sha256(id))
          .execute();
      });
    },

    async destroy(model, id) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('oidc_models').where('model', '=', model).where('id_hash', '=', sha256(id)).execute();
        if (model === 'Grant') await trx.deleteFrom('grant_parties').where('grant_id', '=', id).execute();
      });
    },

    async revokeByGrantId(model, grantId) {
      await db.deleteFrom('oidc_models').where('model', '=', model).where('grant_id', '=', grantId).execute();
    },

    async purgeExpired() {
      const cutoff = new Date(Date.now() - GRACE_MS).toISOString();
      const result = await db
        .deleteFrom('oidc_models')
        .where('expires_at', 'is not', null)
        .where('expires_at', '<', cutoff)
        .executeTakeFirst();
      // A grant's party goes when the grant does (grant ids are stored in the clear: they are not secrets).
      await db
        .deleteFrom('grant_parties')
        .where(
          'grant_id',
          'not in',
          db
            .selectFrom('oidc_models')
            .select('grant_id')
            .where('model', '=', 'Grant')
            .where('grant_id', 'is not', null)
            .$narrowType<{ grant_id: string }>(),
        )
        .execute();
      return Number(result.numDeletedRows);
    },
  };
}
