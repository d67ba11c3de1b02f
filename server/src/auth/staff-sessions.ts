// Staff sessions: a random cookie value in the browser, its hash in the store. Each request moves the idle end
// on (up to the absolute end); the staff member must still be in the registry, else the session is over.

import { createHash, randomBytes } from 'node:crypto';
import type { StaffMember, StaffRegistry } from '../staff/registry.js';
import type { Store } from '../store/store.js';

export const STAFF_COOKIE = 'loket_staff_session';

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

export interface StaffSession {
  member: StaffMember;
  /** the cookie value: what the staff forms' CSRF token is bound to */
  sessionId: string;
}

export type StaffSessions = ReturnType<typeof createStaffSessions>;

export function createStaffSessions(
  store: Store,
  registry: StaffRegistry,
  { idleSeconds, maxSeconds }: { idleSeconds: number; maxSeconds: number },
) {
  return {
    idleSeconds,
    /** @returns the cookie value */
    async create(staffId: string): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      await store.staffSessions.create({
        idHash: sha256(token),
        staffId,
        idleExpiresAt: inSeconds(idleSeconds),
        expiresAt: inSeconds(maxSeconds),
      });
      return token;
    },
    /** the live session of a cookie value (its idle end moved on), or undefined */
    async sessionFor(token: string | undefined): Promise<StaffSession | undefined> {
      if (!token) return undefined;
      const found = await store.staffSessions.find(sha256(token));
      const member = found && registry.byId(found.staffId);
      if (!found || !member) return undefined;
      await store.staffSessions.touch(sha256(token), inSeconds(idleSeconds));
      return { member, sessionId: token };
    },
    async destroy(token: string | undefined): Promise<void> {
      if (token) await store.staffSessions.destroy(sha256(token));
    },
  };
}
