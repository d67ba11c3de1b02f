// Store rows -> the profile API's JSON (openapi/profile-api.yaml). Optional fields are left out, never null.
// Links are absolute, on the public URL.

import type {
  CorrectionRow,
  DocumentRow,
  DossierRow,
  FactRow,
  MandateRow,
  MessageRow,
  Owner,
  UserRow,
} from '../store/store.js';
import { isUnreadDossier, type CitizenServices } from '../services/citizen.js';

/** The login hint of the identity "for myself". */
export const SELF_HINT = 'self';

type Compact<T> = { [K in keyof T]: Exclude<T[K], null> };
const compact = <T extends object>(object: T): Compact<T> =>
  Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined && v !== null)) as Compact<T>;

/** A party (a mandate) as the API's `Party`. */
export const party = (row: Pick<MandateRow, 'kind' | 'name' | 'identifier'>) =>
  compact({ kind: row.kind, name: row.name, identifier: row.identifier });

/** Every identity of a citizen, themselves first; undefined when they may act for nobody else. */
export const identities = (mandates: MandateRow[]) =>
  mandates.length
    ? [{ loginHint: SELF_HINT }, ...mandates.map((m) => ({ loginHint: m.loginHint, onBehalfOf: party(m) }))]
    : undefined;

export interface Item {
  id: string;
  kind: string;
  title: string;
  createdAt: string;
  href: string;
  read: boolean;
}

export type Representer = ReturnType<typeof createRepresenter>;

export function createRepresenter(publicUrl: string) {
  const href = {
    message: (id: string) => `${publicUrl}/berichten/${encodeURIComponent(id)}`,
    dossier: (id: string) => `${publicUrl}/dossiers/${encodeURIComponent(id)}`,
    document: (id: string) => `${publicUrl}/documenten/${encodeURIComponent(id)}`,
    file: (id: string) => `${publicUrl}/api/me/documents/${encodeURIComponent(id)}/file`,
  };

  /** `acting`: the party acted for, or undefined; `mandates`: all of the citizen's. */
  const me = (user: UserRow, acting: MandateRow | undefined, mandates: MandateRow[] = []) =>
    compact({
      id: user.id,
      givenName: user.givenName,
      familyName: user.familyName,
      language: user.language,
      onBehalfOf: acting ? party(acting) : undefined,
      identities: identities(mandates),
    });

  const message = (m: MessageRow) =>
    compact({
      id: m.id,
      kind: m.kind,
      title: m.title,
      createdAt: m.createdAt,
      href: href.message(m.id),
      read: m.readAt !== null,
      sender: m.sender,
      body: m.body,
      readAt: m.readAt,
      acknowledgedAt: m.acknowledgedAt,
      validUntil: m.validUntil,
    });

  const dossier = (d: DossierRow) =>
    compact({
      id: d.id,
      kind: 'dossier',
      title: d.title,
      createdAt: d.createdAt,
      href: href.dossier(d.id),
      read: !isUnreadDossier(d),
      reference: d.reference,
      status: d.status,
      decision: d.decision,
      updatedAt: d.updatedAt,
      history: d.history.map((e) => compact({ status: e.status, at: e.at, note: e.note })),
      applicationHref: d.href,
    });

  const document = (d: DocumentRow) =>
    compact({
      id: d.id,
      kind: 'document',
      title: d.title,
      createdAt: d.createdAt,
      href: href.document(d.id),
      read: d.readAt !== null,
      documentType: d.documentType,
      validUntil: d.validUntil,
      file: { href: href.file(d.id), mediaType: 'application/pdf', name: d.fileName },
    });

  const fact = (f: FactRow) =>
    compact({
      id: f.id,
      kind: f.kind,
      label: f.label,
      value: f.value,
      validUntil: f.validUntil,
      correctedAt: f.correctedAt,
      correction: f.correctedBy,
    });

  const correction = (c: CorrectionRow) =>
    compact({
      id: c.id,
      field: c.field,
      currentValue: c.currentValue,
      requestedValue: c.requestedValue,
      reason: c.reason,
      status: c.status,
      createdAt: c.createdAt,
      answer: c.answer,
      decidedAt: c.decidedAt,
      factId: c.factId,
      appliedAt: c.appliedAt,
      // the value the correction replaced, once applied (while open the officer compares with it: not given out)
      previousValue: c.appliedAt ? c.factValue : null,
    });

  /** Unread counts and the latest `limit` items of any kind, newest first (for a dossier, createdAt is its last
   * status change); the store reads and decrypts only what they show. */
  async function summary(citizen: CitizenServices, owner: Owner, limit = 5) {
    const { unread, latest } = await citizen.summary(owner, limit);
    return {
      unread,
      latest: latest.map((r): Item => ({
        id: r.id,
        kind: r.kind,
        title: r.title,
        createdAt: r.createdAt,
        href: href[r.kind === 'registered' ? 'message' : r.kind](r.id),
        read: r.read,
      })),
    };
  }

  return { href, me, message, dossier, document, fact, correction, summary };
}
