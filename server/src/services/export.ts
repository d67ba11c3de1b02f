// "Download al mijn gegevens" (issue 14; GDPR art. 15 and 20): everything the service holds about a citizen, for
// the identity they act as (themselves, or a party of one of their mandates), gathered in one place. No HTTP,
// no SQL: the JSON format (versioned, openapi/profile-api.yaml `Export`) is written by http/represent-export.ts
// and the readable page by pages/rights.ts, both from what this returns. Nothing is marked read.

import { createHash } from 'node:crypto';
import type { AuditRow, CorrectionRow, MandateRow, MessageRow, Store } from '../store/store.js';
import type { AccessEntry, AccessLog } from './access-log.js';
import type { Citizen, CitizenServices } from './citizen.js';
import type { PublishServices } from './publish.js';

/** The citizen's choices (the choices module's `store.preferences.get`), when this service has them. */
export interface PreferencesSource {
  get(userId: string): Promise<{
    correspondence: 'digital' | 'paper';
    email: string | null;
    emailLanguage: string | null;
    emailConfirmedAt: string | null;
    emailTokenExpiresAt: string | null;
  }>;
}

/** A file the citizen can download, described (the bytes are not in the export: see docs/privacy.md). */
export interface ExportedFile {
  itemId: string;
  kind: 'document' | 'letter';
  name: string;
  size: number;
  sha256: string;
}

export interface ExportedLetter {
  messageId: string;
  status: 'sent' | 'acknowledged' | 'unclaimed';
  acknowledgedAt: string | null;
  receipt: string | null;
}

export interface CollectedExport {
  exportedAt: string;
  who: Citizen;
  mandates: MandateRow[];
  facts: Awaited<ReturnType<CitizenServices['facts']>>;
  messages: MessageRow[];
  dossiers: Awaited<ReturnType<CitizenServices['dossiers']>>;
  documents: Awaited<ReturnType<CitizenServices['documents']>>;
  files: ExportedFile[];
  letters: ExportedLetter[];
  /** which supplier published an item (items the municipality wrote itself have none) */
  publishers: { itemId: string; kind: 'message' | 'dossier' | 'document' | 'letter'; supplier: string }[];
  corrections: CorrectionRow[];
  preferences?: Awaited<ReturnType<PreferencesSource['get']>>;
  accessLog: AccessEntry[];
  ownActivity: AuditRow[];
}

export type ExportService = ReturnType<typeof createExportService>;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export function createExportService({
  store,
  citizen,
  publish,
  accessLog,
  preferences,
}: {
  store: Store;
  citizen: CitizenServices;
  publish: PublishServices;
  accessLog: AccessLog;
  preferences?: PreferencesSource | undefined;
}) {
  async function collect(who: Citizen): Promise<CollectedExport> {
    const { owner, user } = who;
    const exportedAt = new Date().toISOString();
    const [mandates, facts, messages, dossiers, documents, corrections, access, ownActivity, choices] =
      await Promise.all([
        citizen.mandates(user.id),
        citizen.facts(owner),
        citizen.messages(owner),
        citizen.dossiers(owner),
        citizen.documents(owner),
        store.corrections(owner),
        accessLog.all(user.id),
        accessLog.ownActivity(user.id),
        preferences?.get(user.id),
      ]);
    const files: ExportedFile[] = [];
    const letters: ExportedLetter[] = [];
    const publishers: CollectedExport['publishers'] = [];
    // one file at a time: a citizen's files are decrypted (or made) one after the other, not all in memory
    for (const doc of documents) {
      const bytes = await citizen.documentFile(who, doc);
      files.push({ itemId: doc.id, kind: 'document', name: doc.fileName, size: bytes.length, sha256: sha256(bytes) });
      const published = await store.publish.ownItem(owner, 'document', doc.id);
      if (published) publishers.push({ itemId: doc.id, kind: 'document', supplier: published.clientName });
    }
    for (const dossier of dossiers) {
      const published = await store.publish.ownItem(owner, 'dossier', dossier.id);
      if (published) publishers.push({ itemId: dossier.id, kind: 'dossier', supplier: published.clientName });
    }
    for (const message of messages) {
      const kind = message.kind === 'registered' ? 'letter' : 'message';
      const published = await store.publish.ownItem(owner, kind, message.id);
      if (published) publishers.push({ itemId: message.id, kind, supplier: published.clientName });
      if (message.kind !== 'registered') continue;
      const letter = await publish.ownLetter(owner, message.id);
      const bytes = letter ? await publish.file(owner, 'letter', message.id) : undefined;
      if (bytes)
        files.push({
          itemId: message.id,
          kind: 'letter',
          name: `brief-${message.id}.pdf`,
          size: bytes.length,
          sha256: sha256(bytes),
        });
      letters.push({
        messageId: message.id,
        status: letter?.status ?? (message.acknowledgedAt ? 'acknowledged' : 'sent'),
        acknowledgedAt: message.acknowledgedAt,
        receipt: letter?.receipt ?? null,
      });
    }
    return {
      exportedAt,
      who,
      mandates,
      facts,
      messages,
      dossiers,
      documents,
      files,
      letters,
      publishers,
      corrections,
      ...(choices ? { preferences: choices } : {}),
      accessLog: access,
      ownActivity,
    };
  }

  return { collect };
}
