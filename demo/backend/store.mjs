// Data access for the profile API and the item pages. Every function is scoped to one citizen (userId):
// an id that belongs to someone else reads as "not found".

import { randomUUID } from 'node:crypto';

const isUnreadDossier = (d) => d.read_at === null || d.read_at < d.updated_at;

export function createStore(db) {
  const q = {
    userById: db.prepare('SELECT * FROM users WHERE id = ?'),
    userByUsername: db.prepare('SELECT * FROM users WHERE username = ?'),
    messages: db.prepare('SELECT * FROM messages WHERE user_id = ? ORDER BY created_at DESC, id'),
    message: db.prepare('SELECT * FROM messages WHERE user_id = ? AND id = ?'),
    readMessage: db.prepare(`UPDATE messages SET read_at = coalesce(read_at, @at),
      acknowledged_at = CASE WHEN kind = 'registered' THEN coalesce(acknowledged_at, @at) ELSE acknowledged_at END
      WHERE user_id = @userId AND id = @id`),
    dossiers: db.prepare('SELECT * FROM dossiers WHERE user_id = ? ORDER BY updated_at DESC, id'),
    dossier: db.prepare('SELECT * FROM dossiers WHERE user_id = ? AND id = ?'),
    dossierEvents: db.prepare(`SELECT e.dossier_id, e.status, e.at, e.note FROM dossier_events e
      JOIN dossiers d ON d.id = e.dossier_id WHERE d.user_id = ? ORDER BY e.at, e.id`),
    readDossier: db.prepare('UPDATE dossiers SET read_at = ? WHERE user_id = ? AND id = ?'),
    documents: db.prepare('SELECT * FROM documents WHERE user_id = ? ORDER BY created_at DESC, id'),
    document: db.prepare('SELECT * FROM documents WHERE user_id = ? AND id = ?'),
    readDocument: db.prepare('UPDATE documents SET read_at = coalesce(read_at, ?) WHERE user_id = ? AND id = ?'),
    facts: db.prepare('SELECT * FROM facts WHERE user_id = ? ORDER BY position, id'),
    insertCorrection: db.prepare(`INSERT INTO corrections (id, user_id, field, current_value, requested_value, reason, status, created_at)
      VALUES (@id, @userId, @field, @currentValue, @requestedValue, @reason, 'received', @createdAt)`),
    correction: db.prepare('SELECT * FROM corrections WHERE id = ?'),
  };

  return {
    userById: (id) => q.userById.get(id),
    userByUsername: (username) => q.userByUsername.get(username),

    messages: (userId) => q.messages.all(userId),
    message: (userId, id) => q.message.get(userId, id),
    /** Marks read (a registered letter: acknowledged). Returns [row, changed] or [undefined]. */
    markMessageRead(userId, id, at = new Date().toISOString()) {
      const before = q.message.get(userId, id);
      if (!before) return [undefined, false];
      q.readMessage.run({ userId, id, at });
      return [q.message.get(userId, id), before.read_at === null];
    },

    dossiers(userId) {
      const history = new Map();
      for (const e of q.dossierEvents.all(userId)) {
        if (!history.has(e.dossier_id)) history.set(e.dossier_id, []);
        history.get(e.dossier_id).push(e);
      }
      return q.dossiers.all(userId).map((d) => ({ ...d, history: history.get(d.id) ?? [] }));
    },
    dossier(userId, id) {
      return this.dossiers(userId).find((d) => d.id === id);
    },
    markDossierRead(userId, id, at = new Date().toISOString()) {
      const before = q.dossier.get(userId, id);
      if (!before) return false;
      q.readDossier.run(at, userId, id);
      return isUnreadDossier(before);
    },

    documents: (userId) => q.documents.all(userId),
    document: (userId, id) => q.document.get(userId, id),
    markDocumentRead(userId, id, at = new Date().toISOString()) {
      const before = q.document.get(userId, id);
      if (!before) return false;
      q.readDocument.run(at, userId, id);
      return before.read_at === null;
    },

    facts: (userId) => q.facts.all(userId),

    createCorrection(userId, { field, currentValue, requestedValue, reason }) {
      const row = {
        id: `cor_${randomUUID()}`,
        userId,
        field,
        currentValue: currentValue ?? null,
        requestedValue,
        reason,
        createdAt: new Date().toISOString(),
      };
      q.insertCorrection.run(row);
      return q.correction.get(row.id);
    },

    unreadCounts(userId) {
      return {
        messages: q.messages.all(userId).filter((m) => m.read_at === null).length,
        dossiers: q.dossiers.all(userId).filter(isUnreadDossier).length,
        documents: q.documents.all(userId).filter((d) => d.read_at === null).length,
      };
    },
  };
}

export { isUnreadDossier };
