// oidc-provider storage adapter on the backend's SQLite database, so sessions, grants and refresh tokens
// survive a restart of the demo. One table, `oidc_models`, keyed by (model, id).

const GRACE_SECONDS = 60; // keep rows a little past their expiry: the provider checks expiry itself

const now = () => Math.floor(Date.now() / 1000);

/** @returns a factory for oidc-provider's `adapter` option */
export function createSqliteAdapter(db) {
  const stmt = {
    upsert: db.prepare(`INSERT INTO oidc_models (model, id, payload, grant_id, uid, user_code, expires_at)
      VALUES (@model, @id, @payload, @grantId, @uid, @userCode, @expiresAt)
      ON CONFLICT (model, id) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id,
        uid = excluded.uid, user_code = excluded.user_code, expires_at = excluded.expires_at`),
    find: db.prepare('SELECT payload, expires_at FROM oidc_models WHERE model = ? AND id = ?'),
    findByUid: db.prepare('SELECT payload, expires_at FROM oidc_models WHERE model = ? AND uid = ?'),
    findByUserCode: db.prepare('SELECT payload, expires_at FROM oidc_models WHERE model = ? AND user_code = ?'),
    destroy: db.prepare('DELETE FROM oidc_models WHERE model = ? AND id = ?'),
    revokeByGrantId: db.prepare('DELETE FROM oidc_models WHERE grant_id = ?'),
  };

  const live = (row) => {
    if (!row) return undefined;
    if (row.expires_at !== null && row.expires_at + GRACE_SECONDS < now()) return undefined;
    return JSON.parse(row.payload);
  };

  class SqliteAdapter {
    constructor(model) {
      this.model = model;
    }

    async upsert(id, payload, expiresIn) {
      stmt.upsert.run({
        model: this.model,
        id,
        payload: JSON.stringify(payload),
        grantId: payload.grantId ?? null,
        uid: payload.uid ?? null,
        userCode: payload.userCode ?? null,
        expiresAt: typeof expiresIn === 'number' ? now() + expiresIn : null,
      });
    }

    async find(id) {
      return live(stmt.find.get(this.model, id));
    }

    async findByUid(uid) {
      return live(stmt.findByUid.get(this.model, uid));
    }

    async findByUserCode(userCode) {
      return live(stmt.findByUserCode.get(this.model, userCode));
    }

    async consume(id) {
      const row = stmt.find.get(this.model, id);
      if (!row) return;
      const payload = JSON.parse(row.payload);
      payload.consumed = now();
      db.prepare('UPDATE oidc_models SET payload = ? WHERE model = ? AND id = ?').run(JSON.stringify(payload), this.model, id);
    }

    async destroy(id) {
      stmt.destroy.run(this.model, id);
    }

    async revokeByGrantId(grantId) {
      stmt.revokeByGrantId.run(grantId);
    }
  }

  return (model) => new SqliteAdapter(model);
}

/** Deletes expired rows. */
export function purgeExpiredOidcModels(db) {
  return db.prepare('DELETE FROM oidc_models WHERE expires_at IS NOT NULL AND expires_at + ? < ?').run(GRACE_SECONDS, now()).changes;
}
