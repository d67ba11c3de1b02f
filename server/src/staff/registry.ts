// The staff registry: the service's own staff (not citizens) and their roles, from a JSON file the service reads
// like any municipality's config (LOKET_STAFF_FILE; the demo's is demo/data/staff.json; `npm run staff` edits
// it). Read again when the file changes, so that a member removed from it loses access at their next request.
//
//   { "staff": [ { "id": "stf-consulent", "username": "consulent", "name": "Demo consultant",
//                  "role": "security-consultant", "passwordHash": "scrypt$…" } ] }

import { readFileSync, statSync } from 'node:fs';

/** The staff roles and what each may open. */
export const STAFF_ROLES = Object.freeze(['security-consultant', 'behandelaar'] as const);
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffMember {
  /** opaque and stable: audit rows name `staff:<id>` */
  id: string;
  username: string;
  /** shown on the staff pages only (never to citizens, never in the logbook) */
  name: string;
  role: StaffRole;
  /** scrypt$N$r$p$salt$hash (server/src/auth/passwords.ts) */
  passwordHash: string;
}

/** The audit subject of a staff member. */
export const staffSubject = (id: string) => `staff:${id}`;

/** The demo's registry: the same path from src/staff and from dist/staff. */
export const DEMO_STAFF_FILE = new URL('../../../demo/data/staff.json', import.meta.url).pathname;

export class StaffRegistryError extends Error {
  constructor(file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'StaffRegistryError';
  }
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const USERNAME = /^[a-z0-9._-]{1,64}$/;

/** Checks a registry file's content; throws StaffRegistryError naming the field and the form it expects. */
export function parseStaffFile(file: string, text: string): StaffMember[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new StaffRegistryError(file, `not valid JSON (${(error as Error).message})`);
  }
  const list = (data as { staff?: unknown })?.staff;
  if (!Array.isArray(list)) throw new StaffRegistryError(file, '"staff" must be an array of staff members');
  const ids = new Set<string>();
  const usernames = new Set<string>();
  return list.map((entry: Record<string, unknown>, i) => {
    const at = `staff[${i}]`;
    const text = (name: string, pattern?: RegExp, form = 'a non-empty string') => {
      const value = entry?.[name];
      if (typeof value !== 'string' || !value.trim() || (pattern && !pattern.test(value)))
        throw new StaffRegistryError(file, `${at}.${name} must be ${form}`);
      return value;
    };
    const member: StaffMember = {
      id: text('id', ID, 'letters, digits, _ or - (at most 64)'),
      username: text('username', USERNAME, 'lower-case letters, digits, ., _ or - (at most 64)'),
      name: text('name'),
      role: text('role') as StaffRole,
      passwordHash: text('passwordHash', /^scrypt\$/, 'a hash made by `npm run staff -- add` (scrypt$…)'),
    };
    if (!STAFF_ROLES.includes(member.role))
      throw new StaffRegistryError(file, `${at}.role must be one of ${STAFF_ROLES.join(', ')}`);
    if (ids.has(member.id)) throw new StaffRegistryError(file, `${at}.id ${member.id} is used twice`);
    if (usernames.has(member.username))
      throw new StaffRegistryError(file, `${at}.username ${member.username} is used twice`);
    ids.add(member.id);
    usernames.add(member.username);
    return member;
  });
}

export interface StaffRegistry {
  /** the file, or undefined when no registry is configured (no one can sign in as staff) */
  readonly file: string | undefined;
  byUsername(username: string): StaffMember | undefined;
  byId(id: string): StaffMember | undefined;
  /** the role of an audit subject `staff:<id>` (for "who looked at my data"), or undefined */
  roleOfSubject(subject: string | null): StaffRole | undefined;
  list(): StaffMember[];
}

/**
 * Reads the registry (throws StaffRegistryError for a bad file: the service does not start with it). Later
 * changes are read on the next look-up after the file's modification time changed; a bad change keeps the
 * last good list and is reported through `onError`.
 */
export function loadStaffRegistry(
  file: string | undefined,
  onError: (error: Error) => void = (error) => console.error('loket staff:', error.message),
): StaffRegistry {
  let members: StaffMember[] = [];
  let stamp = '';
  const read = (strict: boolean) => {
    if (!file) return;
    try {
      const stat = statSync(file);
      const next = `${stat.mtimeMs}:${stat.size}`;
      if (next === stamp) return;
      members = parseStaffFile(file, readFileSync(file, 'utf8'));
      stamp = next;
    } catch (error) {
      const failure =
        error instanceof StaffRegistryError ? error : new StaffRegistryError(file, (error as Error).message);
      if (strict) throw failure;
      onError(failure);
    }
  };
  read(true);
  const current = () => {
    read(false);
    return members;
  };
  const byId = (id: string) => current().find((m) => m.id === id);
  return {
    file,
    byUsername: (username) => current().find((m) => m.username === username),
    byId,
    roleOfSubject: (subject) => (subject?.startsWith('staff:') ? byId(subject.slice(6))?.role : undefined),
    list: () => [...current()],
  };
}
