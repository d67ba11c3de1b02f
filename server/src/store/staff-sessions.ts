// Staff sessions (the service's staff pages, migration 0010): only a hash of the cookie value is stored, with
// an idle end that each request moves on and an absolute end.

import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { StaffSessionStore } from './store.js';

const now = () => new Date().toISOString();

export function createStaffSessionStore(db: Kysely<Database>): StaffSessionStore {
  return {
    async create(session) {
      await db
        .insertInto('staff_sessions')
        .values({
          id_hash: session.idHash,
          staff_id: session.staffId,
          created_at: now(),
          idle_expires_at: session.idleExpiresAt < session.expiresAt ? session.idleExpiresAt : session.expiresAt,
          expires_at: session.expiresAt,
        })
        .execute();
    },
    async find(idHash, at = now()) {
      const row = await db
        .selectFrom('staff_sessions')
        .select(['staff_id', 'created_at', 'expires_at'])
        .where('id_hash', '=', idHash)
        .where('idle_expires_at', '>', at)
        .where('expires_at', '>', at)
        .executeTakeFirst();
      return row && { staffId: row.staff_id, createdAt: row.created_at, expiresAt: row.expires_at };
    },
    async touch(idHash, idleExpiresAt) {
      await db
        .updateTable('staff_sessions')
        .set((eb) => ({
          idle_expires_at: eb
            .case()
            .when('expires_at', '<', idleExpiresAt)
            .then(eb.ref('expires_at'))
            .else(idleExpiresAt)
            .end(),
        }))
        .where('id_hash', '=', idHash)
        .execute();
    },
    async destroy(idHash) {
      await db.deleteFrom('staff_sessions').where('id_hash', '=', idHash).execute();
    },
    async purgeExpired(at = now()) {
      const result = await db
        .deleteFrom('staff_sessions')
        .where((eb) => eb.or([eb('idle_expires_at', '<=', at), eb('expires_at', '<=', at)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
