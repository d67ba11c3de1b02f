// Data access for the profile API and the item pages. Every data function is scoped to one `owner`
// ({ userId, partyId }: a citizen acting for themselves, partyId null, or for a party they hold a mandate of):
// an id that belongs to someone else, or to another of the citizen's identities, reads as "not found".

import { randomUUID } from 'node:crypto';

const isUnreadDossier = (d) => d.read_at === null || d.read_at < d.updated_at;

export function createStore(db) {
  const OWNER = 'user_id = @userId AND party_id IS @partyId';
  const q = {
    userById: db.prepare('SELECT * FROM users WHERE id = ?'),
    userByUsername: db.prepare('SELECT * FROM users WHERE username = ?'),
    mandates: db.prepare(`SELECT m.id AS login_hint, p.id, p.kind, p.name, p.identifier FROM mandates m
      JOIN parties p ON p.id = m.party_id WHERE m.user_id = ? ORDER BY m.position, m.id`),
    messages: db.prepare(`SELECT * FROM messages WHERE ${OWNER} ORDER BY created_at DESC, id`),
    message: db.prepare(`SELECT * FROM messages WHERE ${OWNER} AND id = @id`),
    readMessage: db.prepare(`UPDATE messages SET read_at = coalesce(read_at, @at),
      acknowledged_at = CASE WHEN kind = 'registered' THEN coalesce(acknowledged_at, @at) ELSE acknowledged_at END
      WHERE ${OWNER} AND id = @id`),
    dossiers: db.prepare(`SELECT * FROM dossiers WHERE ${OWNER} ORDER BY updated_at DESC, id`),
    dossier: db.prepare(`SELECT * FROM dossiers WHERE ${OWNER} AND id = @id`),
    dossierEvents: db.prepare(`SELECT e.dossier_id, e.status, e.at, e.note FROM dossier_events e
      JOIN dossiers d ON d.id = e.dossier_id WHERE d.user_id = @userId AND d.party_id IS @partyId ORDER BY e.at, e.id`),
    readDossier: db.prepare(`UPDATE dossiers SET read_at = @at WHERE ${OWNER} AND id = @id`),
    documents: db.prepare(`SELECT * FROM documents WHERE ${OWNER} ORDER BY created_at DESC, id`),
    document: db.prepare(`SELECT * FROM documents WHERE ${OWNER} AND id = @id`),
    readDocument: db.prepare(`UPDATE documents SET read_at = coalesce(read_at, @at) WHERE ${OWNER} AND id = @id`),
    facts: db.prepare(`SELECT * FROM facts WHERE ${OWNER} ORDER BY position, id`),
    insertCorrection: db.prepare(`INSERT INTO corrections (id, user_id, party_id, field, current_value, requested_value, reason, status, created_at)
      VALUES (@id, @userId, @partyId, @field, @currentValue, @requestedValue, @reason, 'received', @createdAt)`),
    correction: db.prepare('SELECT * FROM corrections WHERE id = ?'),
    grantParty: db.prepare('SELECT party_id FROM grant_parties WHERE grant_id = ?'),
    setGrantParty: db.prepare('INSERT INTO grant_parties (grant_id, party_id) VALUES (?, ?) ON CONFLICT (grant_id) DO UPDATE SET party_id = excluded.party_id'),
    purgeGrantParties: db.prepare(`DELETE FROM grant_parties WHERE grant_id NOT IN (SELECT id FROM oidc_models WHERE model = 'Grant')`),
  };
  const key = ({ userId, partyId = null }) => ({ userId, partyId });

  /** The parties a citizen may act for, in their order: `{ id, kind, name, identifier, login_hint }` rows. */
  const mandates = (userId) => q.mandates.all(userId);

  return {
    userById: (id) => q.userById.get(id),
    userByUsername: (username) => q.userByUsername.get(username),

    mandates,
    /** The party of one of the citizen's mandates by its id (a party id), or undefined. */
    partyOf: (userId, partyId) => (partyId ? mandates(userId).find((m) => m.id === partyId) : undefined),
    /**
     * The party a login hint asks for when `userId` signs in: one of their mandates, or undefined (acting for
     * themselves) for the hint `self`, no hint, or a hint that is not theirs.
     */
    partyForHint: (userId, hint) => (hint ? mandates(userId).find((m) => m.login_hint === hint) : undefined),

    /** The party an oidc grant acts for (a party id), or null. */
    grantParty: (grantId) => (grantId ? q.grantParty.get(grantId)?.party_id ?? null : null),
    setGrantParty(grantId, partyId) {
      if (partyId) q.setGrantParty.run(grantId, partyId);
    },
    purgeGrantParties: () => q.purgeGrantParties.run().changes,

    messages: (owner) => q.messages.all(key(owner)),
    message: (owner, id) => q.message.get({ ...key(owner), id }),
    /** Marks read (a registered letter: acknowledged). Returns [row, changed] or [undefined]. */
    markMessageRead(owner, id, at = new Date().toISOString()) {
      const before = q.message.get({ ...key(owner), id });
      if (!before) return [undefined, false];
      q.readMessage.run({ ...key(owner), id, at });
      return [q.message.get({ ...key(owner), id }), before.read_at === null];
    },

    dossiers(owner) {
      const history = new Map();
      for (const e of q.dossierEvents.all(key(owner))) {
        if (!history.has(e.dossier_id)) history.set(e.dossier_id, []);
        history.get(e.dossier_id).push(e);
      }
      return q.dossiers.all(key(owner)).map((d) => ({ ...d, history: history.get(d.id) ?? [] }));
    },
    dossier(owner, id) {
      return this.dossiers(owner).find((d) => d.id === id);
    },
    markDossierRead(owner, id, at = new Date().toISOString()) {
      const before = q.dossier.get({ ...key(owner), id });
      if (!before) return false;
      q.readDossier.run({ ...key(owner), id, at });
      return isUnreadDossier(before);
    },

    documents: (owner) => q.documents.all(key(owner)),
    document: (owner, id) => q.document.get({ ...key(owner), id }),
    markDocumentRead(owner, id, at = new Date().toISOString()) {
      const before = q.document.get({ ...key(owner), id });
      if (!before) return false;
      q.readDocument.run({ ...key(owner), id, at });
      return before.read_at === null;
    },

    facts: (owner) => q.facts.all(key(owner)),

    createCorrection(owner, { field, currentValue, requestedValue, reason }) {
      const row = {
        id: `cor_${randomUUID()}`,
        ...key(owner),
        field,
        currentValue: currentValue ?? null,
        requestedValue,
        reason,
        createdAt: new Date().toISOString(),
      };
      q.insertCorrection.run(row);
      return q.correction.get(row.id);
    },

    unreadCounts(owner) {
      return {
        messages: q.messages.all(key(owner)).filter((m) => m.read_at === null).length,
        dossiers: q.dossiers.all(key(owner)).filter(isUnreadDossier).length,
        documents: q.documents.all(key(owner)).filter((d) => d.read_at === null).length,
      };
    },
  };
}

/** Who an API call or a page acts as: the citizen, and the party they act for (null: themselves). */
export function ownerOf(user, party) {
  return { userId: user.id, partyId: party?.id ?? null };
}

export { isUnreadDossier };
