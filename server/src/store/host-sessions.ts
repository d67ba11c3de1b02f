// Host-mode sessions (the site's server owns the sign-in): only a hash of the cookie value is stored.

import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { HostSessionStore } from './store.js';

export function createHostSessionStore(db: Kysely<Database>): HostSessionStore {
  return {
    async create(session) {
      await db
        .insertInto('host_sessions')
        .values({
          id_hash: session.idHash,
          user_id: session.userId,
          party_id: session.partyId,
          created_at: new Date().toISOString(),
          expires_at: session.expiresAt,
        })
        .execute();
    },
    async find(idHash) {
      const row = await db
        .selectFrom('host_sessions')
        .select(['user_id', 'party_id', 'created_at', 'expires_at'])
        .where('id_hash', '=', idHash)
        .where('expires_at', '>', new Date().toISOString())
        .executeTakeFirst();
      return (
        row && { userId: row.user_id, partyId: row.party_id, createdAt: row.created_at, expiresAt: row.expires_at }
      );
    },
    async touch(idHash, expiresAt) {
      await db
        .updateTable('host_sessions')
        .set({ expires_at: expiresAt })
        .where('id_hash', '=', idHash)
        .where('expires_at', '>', new Date().toISOString())
        .execute();
    },
    async destroy(idHash) {
      await db.deleteFrom('host_sessions').where('id_hash', '=', idHash).execute();
    },
    async purgeExpired(now = new Date().toISOString()) {
      const result = await db.deleteFrom('host_sessions').where('expires_at', '<', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
