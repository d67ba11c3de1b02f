// "Wie bekeek mijn gegevens" (issue 14, GDPR art. 15 and the transparency promised in issue 13): who else
// touched a citizen's data, and when, read from the audit logbook by `concerns`. The citizen's own requests
// are left out; suppliers are named by their registered display name, staff only by their role (through a
// StaffDirectory), never by name; no client address is given out. No HTTP, no SQL.

import type { Outcome } from '../audit/audit-log.js';
import type { AuditRow, Store } from '../store/store.js';
import { isKnownStaffRole, type KnownStaffRole, type StaffDirectory } from './staff-directory.js';

/** Who accessed: a supplier (a publish client), a staff member by role, or someone the log does not name. */
export type AccessActor =
  | { kind: 'supplier'; clientId: string; name: string }
  | { kind: 'staff'; role: KnownStaffRole | null }
  | { kind: 'citizen' }
  | { kind: 'unknown' };

/** Which of the citizen's data, from the row's resource (its path). */
export const ACCESS_SOURCES = Object.freeze([
  'messages',
  'letters',
  'dossiers',
  'documents',
  'preferences',
  'personal-data',
  'corrections',
  'audit-log',
  'other',
] as const);
export type AccessSource = (typeof ACCESS_SOURCES)[number];

export interface AccessEntry {
  /** the audit row's id: a reference the citizen can quote to the municipality's data protection officer */
  id: number;
  at: string;
  actor: AccessActor;
  /** the row's operation: publish, read, search, download, update, create, ... */
  operation: string;
  source: AccessSource;
  outcome: Outcome;
}

export interface AccessPage {
  entries: AccessEntry[];
  /** pass as `before` for the next (older) page; absent on the last page */
  next?: number;
}

export const ACCESS_PAGE_SIZE = 20;
export const MAX_ACCESS_PAGE_SIZE = 100;

const SOURCES: [RegExp, AccessSource][] = [
  [/^\/api\/publish\/messages\b/, 'messages'],
  [/^\/api\/publish\/letters\b/, 'letters'],
  [/^\/api\/publish\/documents\b/, 'documents'],
  [/^\/api\/publish\/dossiers\b/, 'dossiers'],
  [/^\/api\/publish\/citizens\/[^/]+\/preferences\b/, 'preferences'],
  [/^\/(api\/me\/messages|berichten)\b/, 'messages'],
  [/^\/(api\/me\/dossiers|dossiers)\b/, 'dossiers'],
  [/^\/(api\/me\/documents|documenten)\b/, 'documents'],
  [/^\/(api\/me\/data|gegevens)\b/, 'personal-data'],
  [/^\/(api\/me\/corrections|behandeling)\b/, 'corrections'],
  [/^\/(api\/me\/preferences|voorkeuren)\b/, 'preferences'],
  [/^\/audit\b/, 'audit-log'],
];

export const sourceOf = (resource: string): AccessSource =>
  SOURCES.find(([pattern]) => pattern.test(resource))?.[1] ?? 'other';

export type AccessLog = ReturnType<typeof createAccessLog>;

export function createAccessLog({ store, staff }: { store: Store; staff: StaffDirectory }) {
  /** Actors of a set of rows: the publish clients read once, each staff id's role asked once. */
  async function actorsOf(rows: AuditRow[]): Promise<(row: AuditRow) => AccessActor> {
    const clients = rows.some((r) => r.subject?.startsWith('client:'))
      ? new Map((await store.publish.clients()).map((c) => [c.id, c.name]))
      : new Map<string, string>();
    const staffIds = [...new Set(rows.flatMap((r) => (r.subject?.startsWith('staff:') ? [r.subject.slice(6)] : [])))];
    const roles = new Map(
      await Promise.all(staffIds.map(async (id) => [id, await staff.roleOf(id).catch(() => undefined)] as const)),
    );
    return ({ subject }) => {
      if (subject?.startsWith('client:')) {
        const clientId = subject.slice(7);
        return { kind: 'supplier', clientId, name: clients.get(clientId) ?? clientId };
      }
      if (subject?.startsWith('staff:')) {
        const role = roles.get(subject.slice(6));
        return { kind: 'staff', role: isKnownStaffRole(role) ? role : null };
      }
      return subject ? { kind: 'citizen' } : { kind: 'unknown' };
    };
  }

  async function toEntries(rows: AuditRow[]): Promise<AccessEntry[]> {
    const actor = await actorsOf(rows);
    return rows.map((row) => ({
      id: row.id,
      at: row.at,
      actor: actor(row),
      operation: row.operation,
      source: sourceOf(row.resource),
      outcome: row.outcome,
    }));
  }

  /** One page, newest first: rows older than `before` (an entry's id), at most `limit`. */
  async function page(userId: string, { before, limit = ACCESS_PAGE_SIZE }: { before?: number; limit?: number } = {}) {
    const size = Math.max(1, Math.min(MAX_ACCESS_PAGE_SIZE, limit));
    const rows = await store.auditRows({
      concerns: userId,
      notSubject: userId,
      newestFirst: true,
      limit: size + 1,
      ...(before !== undefined ? { beforeId: before } : {}),
    });
    const entries = await toEntries(rows.slice(0, size));
    return rows.length > size ? { entries, next: entries.at(-1)!.id } : { entries };
  }

  /** Every entry, newest first (the export). */
  async function all(userId: string): Promise<AccessEntry[]> {
    const out: AccessEntry[] = [];
    for (let before: number | undefined; ;) {
      const { entries, next } = await page(userId, { limit: MAX_ACCESS_PAGE_SIZE, ...(before ? { before } : {}) });
      out.push(...entries);
      if (next === undefined) return out;
      before = next;
    }
  }

  /** The citizen's own requests (their own activity, with their own client address), newest first: the export. */
  async function ownActivity(userId: string): Promise<AuditRow[]> {
    const out: AuditRow[] = [];
    for (let before: number | undefined; ;) {
      const rows = await store.auditRows({
        subject: userId,
        newestFirst: true,
        limit: 1000,
        ...(before ? { beforeId: before } : {}),
      });
      out.push(...rows);
      if (rows.length < 1000) return out;
      before = rows.at(-1)!.id;
    }
  }

  return { page, all, ownActivity };
}
