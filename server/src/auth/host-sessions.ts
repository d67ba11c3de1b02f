// Host-mode sessions: the site's server owns the session, the browser holds a random cookie value and the
// store keeps only its hash (someone who reads the database gets no working session).
//
// A session ends `idleSeconds` after its last use (each use starts that time again, written at most once a
// minute, or a quarter of the idle time when that is shorter) and at the latest `ttlSeconds` after the sign-in,
// like the provider's sessions and refresh tokens.

import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../store/store.js';

export const HOST_COOKIE = 'loket_host_session';

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

export type HostSessions = ReturnType<typeof createHostSessions>;

export function createHostSessions(
  store: Store,
  ttlSeconds: number,
  idleSeconds = ttlSeconds,
  now: () => number = Date.now,
) {
  const idle = Math.min(idleSeconds, ttlSeconds) * 1000;
  const endFor = (createdAt: number, at: number) => Math.min(createdAt + ttlSeconds * 1000, at + idle);
  // a use moves the end only when it moves it by more than this (one write a minute at most per session)
  const touchStep = Math.min(60_000, idle / 4);
  return {
    ttlSeconds,
    idleSeconds: idle / 1000,
    /** @returns the cookie value. `partyId`: whom the citizen acts for (null: themselves). */
    async create(userId: string, partyId: string | null = null): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      const at = now();
      const expiresAt = new Date(endFor(at, at)).toISOString();
      await store.hostSessions.create({ idHash: sha256(token), userId, partyId, expiresAt });
      return token;
    },
    /** the live session of a cookie value, or undefined; a use moves its idle end */
    async sessionFor(token: string | undefined): Promise<{ userId: string; partyId: string | null } | undefined> {
      if (!token) return undefined;
      const idHash = sha256(token);
      const row = await store.hostSessions.find(idHash);
      const at = now();
      if (!row || Date.parse(row.expiresAt) <= at) return undefined;
      const end = endFor(Date.parse(row.createdAt), at);
      if (end - Date.parse(row.expiresAt) > touchStep)
        await store.hostSessions.touch(idHash, new Date(end).toISOString());
      return { userId: row.userId, partyId: row.partyId };
    },
    async destroy(token: string | undefined): Promise<void> {
      if (token) await store.hostSessions.destroy(sha256(token));
    },
    purge: () => store.hostSessions.purgeExpired(new Date(now()).toISOString()),
  };
}
