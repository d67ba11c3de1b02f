// The export's JSON (issue 14, "Download al mijn gegevens"): format `loket-export`, version 1, described by the
// `Export` schema of openapi/profile-api.yaml and field by field in docs/privacy.md. Items have the shapes of the
// profile API's lists (Message, Dossier, Document, Fact, Correction), so a tool that reads the API reads these.
// Optional fields are left out, never null. Links are absolute, on the public URL.

import contentDisposition from 'content-disposition';
import { MAX_ACCESS_PAGE_SIZE, type AccessEntry } from '../services/access-log.js';
import type { CollectedExport } from '../services/export.js';
import { HttpError } from './problem.js';
import { party, type Representer } from './represent.js';

export const EXPORT_FORMAT = 'loket-export';
export const EXPORT_VERSION = 1;

const defined = <T extends object>(object: T) =>
  Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined && v !== null)) as {
    [K in keyof T]: Exclude<T[K], null>;
  };

/** An access-log entry as the API's `AccessLogEntry`. */
export function accessLogEntry(entry: AccessEntry) {
  const { actor } = entry;
  return {
    id: entry.id,
    at: entry.at,
    actor:
      actor.kind === 'supplier'
        ? { kind: actor.kind, clientId: actor.clientId, name: actor.name }
        : actor.kind === 'staff'
          ? defined({ kind: actor.kind, role: actor.role })
          : { kind: actor.kind },
    operation: entry.operation,
    source: entry.source,
    outcome: entry.outcome,
  };
}

export type ExportDocument = ReturnType<typeof exportDocument>;

export function exportDocument(issuer: string, represent: Representer, data: CollectedExport) {
  const { user, party: acting } = data.who;
  const fileHref = (file: CollectedExport['files'][number]) =>
    file.kind === 'document'
      ? represent.href.file(file.itemId)
      : `${issuer}/berichten/${encodeURIComponent(file.itemId)}/brief`;
  const choices = data.preferences;
  return defined({
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: data.exportedAt,
    service: issuer,
    subject: defined({
      id: user.id,
      username: user.username,
      givenName: user.givenName,
      familyName: user.familyName,
      language: user.language,
      nationalRegisterNumber: user.nationalRegisterNumber,
      createdAt: user.createdAt,
    }),
    actingFor: acting ? party(acting) : undefined,
    mandates: data.mandates.map((m) => ({ ...party(m), loginHint: m.loginHint })),
    facts: data.facts.map(represent.fact),
    messages: data.messages.map(represent.message),
    dossiers: data.dossiers.map(represent.dossier),
    documents: data.documents.map(represent.document),
    files: data.files.map((file) => ({
      itemId: file.itemId,
      kind: file.kind,
      name: file.name,
      mediaType: 'application/pdf',
      size: file.size,
      sha256: file.sha256,
      href: fileHref(file),
    })),
    letters: data.letters.map((letter) =>
      defined({
        messageId: letter.messageId,
        status: letter.status,
        acknowledgedAt: letter.acknowledgedAt,
        receipt: letter.receipt,
      }),
    ),
    publishers: data.publishers.map((p) => ({ itemId: p.itemId, kind: p.kind, supplier: p.supplier })),
    corrections: data.corrections.map(represent.correction),
    preferences: choices ? { correspondence: choices.correspondence } : undefined,
    emailNotices: choices?.email
      ? defined({
          address: choices.email,
          language: choices.emailLanguage,
          confirmedAt: choices.emailConfirmedAt,
          confirmationPendingUntil: choices.emailConfirmedAt ? null : choices.emailTokenExpiresAt,
        })
      : undefined,
    accessLog: data.accessLog.map(accessLogEntry),
    ownActivity: data.ownActivity.map((row) =>
      defined({
        id: row.id,
        at: row.at,
        operation: row.operation,
        resource: row.resource,
        outcome: row.outcome,
        clientIp: row.clientIp,
        actedForParty: row.onBehalfOf ? true : undefined,
      }),
    ),
  });
}

/**
 * The export's file name, e.g. `loket-export-chloé-dubois-2026-12-06.json`, as an attachment: RFC 6266, with
 * `filename*` (RFC 5987, UTF-8) beside an ASCII fallback when the name is not plain ASCII.
 */
export function exportDisposition(user: { givenName: string; familyName: string }, exportedAt: string): string {
  const name = `${user.givenName} ${user.familyName}`
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  const fileName = `loket-export-${name ? `${name}-` : ''}${exportedAt.slice(0, 10)}.json`;
  // the quoted `filename` is plain ASCII (accents dropped, anything else a dash): browsers differ on other bytes
  const ascii = fileName
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]/g, '-');
  return contentDisposition(fileName, { fallback: ascii });
}

/** `before` and `limit` of GET /me/access-log (query strings), or a 422 naming the field. */
export function accessLogQuery(query: Record<string, string | undefined>): { before?: number; limit?: number } {
  const whole = (name: 'before' | 'limit', max: number) => {
    const value = query[name];
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < 1 || n > max) {
      const detail = `must be a whole number from 1 to ${max}`;
      throw new HttpError(422, `The request is not valid: /${name} ${detail}.`, {
        extra: { errors: [{ pointer: `/${name}`, detail }] },
      });
    }
    return n;
  };
  const before = whole('before', Number.MAX_SAFE_INTEGER);
  const limit = whole('limit', MAX_ACCESS_PAGE_SIZE);
  return { ...(before !== undefined ? { before } : {}), ...(limit !== undefined ? { limit } : {}) };
}
