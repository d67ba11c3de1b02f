// Host-mode sessions: the site's server owns the session, the browser holds a random cookie value and the
// store keeps only its hash (someone who reads the database gets no working session).

import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../store/store.js';

export const HOST_COOKIE = 'loket_host_session';

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

export type HostSessions = ReturnType<typeof createHostSessions>;

export function createHostSessions(store: Store, ttlSeconds: number) {
  return {
    ttlSeconds,
    /** @returns the cookie value. `partyId`: whom the citizen acts for (null: themselves). */
    async create(userId: string, partyId: string | null = null): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + ttlSeconds * 1000).toISOString();
      await store.hostSessions.create({ idHash: sha256(token), userId, partyId, expiresAt });
      return token;
    },
    /** the live session of a cookie value, or undefined */
    async sessionFor(token: string | undefined): Promise<{ userId: string; partyId: string | null } | undefined> {
      if (!token) return undefined;
      const row = await store.hostSessions.find(sha256(token));
      if (!row || row.expiresAt < new Date().toISOString()) return undefined;
      return { userId: row.userId, partyId: row.partyId };
    },
    async destroy(token: string | undefined): Promise<void> {
      if (token) await store.hostSessions.destroy(sha256(token));
    },
    purge: () => store.hostSessions.purgeExpired(new Date().toISOString()),
  };
}
