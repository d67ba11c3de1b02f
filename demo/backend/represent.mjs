// Rows -> profile API JSON (see openapi/profile-api.yaml). Optional fields are left out, never null.

import { isUnreadDossier } from './store.mjs';

/** The login hint of the identity "for myself". */
export const SELF_HINT = 'self';

/** A party (a mandates or parties row) as the API's `Party`. */
export const party = (row) => compact({ kind: row.kind, name: row.name, identifier: row.identifier });

/**
 * Every identity of a citizen, themselves first, as the API's `Identity` list; undefined when they may act
 * for nobody else (the field is then left out).
 */
export const identities = (mandates) => (mandates.length
  ? [{ loginHint: SELF_HINT }, ...mandates.map((m) => ({ loginHint: m.login_hint, onBehalfOf: party(m) }))]
  : undefined);

const compact = (object) => Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined && v !== null));

export function createRepresenter(issuer) {
  const href = {
    message: (id) => `${issuer}/berichten/${encodeURIComponent(id)}`,
    dossier: (id) => `${issuer}/dossiers/${encodeURIComponent(id)}`,
    document: (id) => `${issuer}/documenten/${encodeURIComponent(id)}`,
    file: (id) => `${issuer}/api/me/documents/${encodeURIComponent(id)}/file`,
  };

  /** `acting`: the party acted for (a mandates row) or undefined; `mandates`: all of the citizen's. */
  const me = (user, acting, mandates = []) => compact({
    id: user.id,
    givenName: user.given_name,
    familyName: user.family_name,
    language: user.language,
    onBehalfOf: acting ? party(acting) : undefined,
    identities: identities(mandates),
  });

  const message = (m) => compact({
    id: m.id,
    kind: m.kind,
    title: m.title,
    createdAt: m.created_at,
    href: href.message(m.id),
    read: m.read_at !== null,
    sender: m.sender,
    body: m.body,
    readAt: m.read_at,
    acknowledgedAt: m.acknowledged_at,
  });

  const dossier = (d) => compact({
    id: d.id,
    kind: 'dossier',
    title: d.title,
    createdAt: d.created_at,
    href: href.dossier(d.id),
    read: !isUnreadDossier(d),
    reference: d.reference,
    status: d.status,
    decision: d.decision,
    updatedAt: d.updated_at,
    history: d.history.map((e) => compact({ status: e.status, at: e.at, note: e.note })),
  });

  const document = (d) => compact({
    id: d.id,
    kind: 'document',
    title: d.title,
    createdAt: d.created_at,
    href: href.document(d.id),
    read: d.read_at !== null,
    documentType: d.document_type,
    validUntil: d.valid_until,
    file: { href: href.file(d.id), mediaType: 'application/pdf', name: d.file_name },
  });

  const fact = (f) => compact({ id: f.id, kind: f.kind, label: f.label, value: f.value, validUntil: f.valid_until });

  const correction = (c) => compact({
    id: c.id,
    field: c.field,
    currentValue: c.current_value,
    requestedValue: c.requested_value,
    reason: c.reason,
    status: c.status,
    createdAt: c.created_at,
  });

  /** Item: the common part of every kind; for a dossier, createdAt is its last status change. */
  const item = ({ id, kind, title, createdAt, href: link, read }) => ({ id, kind, title, createdAt, href: link, read });

  /** `owner`: { userId, partyId } (see store.mjs). */
  function summary(store, owner, limit = 5) {
    const items = [
      ...store.messages(owner).map((m) => item(message(m))),
      ...store.dossiers(owner).map((d) => item({ ...dossier(d), createdAt: d.updated_at })),
      ...store.documents(owner).map((d) => item(document(d))),
    ];
    items.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id.localeCompare(b.id)));
    return { unread: store.unreadCounts(owner), latest: items.slice(0, limit) };
  }

  return { href, me, message, dossier, document, fact, correction, summary };
}
