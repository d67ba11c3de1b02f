// The demo citizens and their content, as a data file (demo/data/citizens.json): read and checked here, its
// relative times ("-5h", "+330d") turned into times at the moment of seeding.

import { readFile } from 'node:fs/promises';
import type {
  DocumentType,
  DossierEventRow,
  Language,
  NewDocument,
  NewDossier,
  NewFact,
  NewMandate,
  NewMessage,
  NewParty,
  Owner,
  PartyKind,
} from '../store/store.js';

/** The repository's demo data: the same path from src/demo and from dist/demo. */
export const DEMO_DATA_FILE = new URL('../../../demo/data/citizens.json', import.meta.url);

interface OwnedEntry {
  id: string;
  /** the citizen's username */
  user: string;
  /** a party's id: the item is the citizen's as that party's representative */
  party?: string;
}

/** The file's shape. */
export interface DemoDataFile {
  password: string;
  /** the password's hash (scrypt$…), so that seeding needs no scrypt; hashed at seeding when absent or outdated */
  passwordHash?: string;
  users: {
    id: string;
    username: string;
    givenName: string;
    familyName: string;
    language: Language | null;
    nationalRegisterNumber?: string;
  }[];
  parties: { id: string; loginHint: string; username: string; kind: PartyKind; name: string; identifier?: string }[];
  messages: (OwnedEntry & {
    kind: 'message' | 'registered';
    sender: string;
    created: string;
    read?: string;
    title: string;
    body: string;
  })[];
  dossiers: (OwnedEntry & {
    reference: string;
    title: string;
    decision?: 'granted' | 'refused';
    read?: string;
    history: { status: string; at: string; note?: string }[];
  })[];
  documents: (OwnedEntry & {
    type: DocumentType;
    title: string;
    file: string;
    created: string;
    read?: string;
    validUntil?: string;
  })[];
  facts: (OwnedEntry & { kind: string; label: string; value: string; validUntil?: string })[];
}

/** The demo's content at one moment, ready for the store's writers. */
export interface DemoContent {
  password: string;
  passwordHash?: string;
  users: {
    id: string;
    username: string;
    givenName: string;
    familyName: string;
    language: Language | null;
    nationalRegisterNumber?: string;
  }[];
  parties: NewParty[];
  mandates: NewMandate[];
  messages: NewMessage[];
  dossiers: NewDossier[];
  documents: NewDocument[];
  facts: NewFact[];
}

const UNIT_MS = { d: 24 * 3600_000, h: 3600_000, m: 60_000 } as const;
const RELATIVE = /^([+-])((?:\d+[dhm])+)$/;

/** "-3h1m" -> milliseconds from now (negative: before). */
function offsetMs(relative: string, field: string): number {
  const match = RELATIVE.exec(relative);
  if (!match)
    throw new Error(`demo data: ${field} is "${relative}", expected a relative time such as "-5h", "-3h1m" or "+330d"`);
  let ms = 0;
  for (const [, amount, unit] of match[2]!.matchAll(/(\d+)([dhm])/g))
    ms += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  return match[1] === '-' ? -ms : ms;
}

export async function loadDemoData(file: URL | string = DEMO_DATA_FILE): Promise<DemoDataFile> {
  const data = JSON.parse(await readFile(file, 'utf8')) as DemoDataFile;
  for (const key of ['users', 'parties', 'messages', 'dossiers', 'documents', 'facts'] as const) {
    if (!Array.isArray(data[key])) throw new Error(`demo data: "${key}" must be a list`);
  }
  if (typeof data.password !== 'string' || data.password === '')
    throw new Error('demo data: "password" must be a string');
  if (
    data.passwordHash !== undefined &&
    (typeof data.passwordHash !== 'string' || !data.passwordHash.startsWith('scrypt$'))
  )
    throw new Error('demo data: "passwordHash" must be a hash made by server/src/auth/passwords.ts (scrypt$…)');
  return data;
}

/** The file's content with its times taken from `now` (ms since the epoch). */
export function demoContentAt(data: DemoDataFile, now: number): DemoContent {
  const at = (relative: string, field: string) => new Date(now + offsetMs(relative, field)).toISOString();
  const date = (relative: string, field: string) => at(relative, field).slice(0, 10);
  const userIds = new Map(data.users.map((u) => [u.username, u.id]));
  const partyIds = new Set(data.parties.map((p) => p.id));
  const ownerOf = (entry: OwnedEntry): Owner => {
    const userId = userIds.get(entry.user);
    if (!userId) throw new Error(`demo data: ${entry.id} names an unknown user "${entry.user}"`);
    if (entry.party !== undefined && !partyIds.has(entry.party))
      throw new Error(`demo data: ${entry.id} names an unknown party "${entry.party}"`);
    return { userId, partyId: entry.party ?? null };
  };

  return {
    password: data.password,
    passwordHash: data.passwordHash,
    users: data.users.map((u) => ({ ...u })),
    parties: data.parties.map((p) => ({ id: p.id, kind: p.kind, name: p.name, identifier: p.identifier ?? null })),
    mandates: data.parties.map((p, position) => {
      const userId = userIds.get(p.username);
      if (!userId) throw new Error(`demo data: party ${p.id} names an unknown user "${p.username}"`);
      return { id: p.loginHint, userId, partyId: p.id, position };
    }),
    messages: data.messages.map((m) => {
      const readAt = m.read === undefined ? null : at(m.read, `${m.id}.read`);
      return {
        id: m.id,
        owner: ownerOf(m),
        kind: m.kind,
        sender: m.sender,
        title: m.title,
        body: m.body,
        createdAt: at(m.created, `${m.id}.created`),
        readAt,
        // a registered letter that was read was acknowledged then (today's rule)
        acknowledgedAt: m.kind === 'registered' ? readAt : null,
      };
    }),
    dossiers: data.dossiers.map((d) => ({
      id: d.id,
      owner: ownerOf(d),
      reference: d.reference,
      title: d.title,
      decision: d.decision ?? null,
      readAt: d.read === undefined ? null : at(d.read, `${d.id}.read`),
      history: d.history.map((e, i): DossierEventRow => ({
        status: e.status,
        at: at(e.at, `${d.id}.history[${i}].at`),
        note: e.note ?? null,
      })),
    })),
    documents: data.documents.map((d) => ({
      id: d.id,
      owner: ownerOf(d),
      documentType: d.type,
      title: d.title,
      fileName: d.file,
      createdAt: at(d.created, `${d.id}.created`),
      readAt: d.read === undefined ? null : at(d.read, `${d.id}.read`),
      validUntil: d.validUntil === undefined ? null : date(d.validUntil, `${d.id}.validUntil`),
    })),
    facts: data.facts.map((f, position) => ({
      id: f.id,
      owner: ownerOf(f),
      kind: f.kind,
      label: f.label,
      value: f.value,
      validUntil: f.validUntil === undefined ? null : date(f.validUntil, `${f.id}.validUntil`),
      position,
    })),
  };
}
