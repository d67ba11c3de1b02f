// Signing in with a username and password (the demo's citizens; a municipality would use its own identity
// provider). Throttled per account and per address (auth/sign-in-throttle.ts): an attempt during a wait is
// refused before any password is checked. A right password stored with older scrypt parameters is hashed
// again with today's. The answer says whom to audit: the subject only when the username is known.

import { hashPassword, needsRehash, verifyPassword } from '../auth/passwords.js';
import { SignInBusyError, type SignInThrottle } from '../auth/sign-in-throttle.js';
import type { MandateRow, UserRow } from '../store/store.js';
import type { CitizenServices } from './citizen.js';

export type SignInAttempt =
  | {
      kind: 'checked';
      /** the citizen when the password is right */
      user: UserRow | undefined;
      /** the party the login hint asks for, when it is one of theirs */
      party: MandateRow | undefined;
      /** for the audit row: the known user's id, right password or not */
      subject: string | null;
    }
  /** refused unchecked: this account or address must wait (whole seconds, at least 1) */
  | { kind: 'throttled'; retryAfterSeconds: number; subject: null; user: undefined; party: undefined }
  /** refused unchecked: too many checks waiting on this instance */
  | { kind: 'busy'; retryAfterSeconds: number; subject: null; user: undefined; party: undefined };

export function createSignIn({
  store,
  citizen,
  throttle,
}: {
  store: {
    userByUsername(username: string): Promise<UserRow | undefined>;
    setPasswordHash(userId: string, passwordHash: string): Promise<void>;
  };
  citizen: CitizenServices;
  throttle: SignInThrottle;
}) {
  return async function checkCredentials(
    usernameInput: unknown,
    passwordInput: unknown,
    loginHint: unknown,
    address: string | undefined,
  ): Promise<SignInAttempt> {
    const username = String(usernameInput ?? '')
      .trim()
      .toLowerCase()
      .slice(0, 100);
    const refused = { subject: null, user: undefined, party: undefined } as const;
    const wait = throttle.waitMs(username, address);
    if (wait > 0) return { kind: 'throttled', retryAfterSeconds: Math.ceil(wait / 1000), ...refused };
    const password = String(passwordInput ?? '').slice(0, 200);
    let candidate: UserRow | undefined;
    let ok: boolean;
    try {
      ({ candidate, ok } = await throttle.limit(async () => {
        const found = username ? await store.userByUsername(username) : undefined;
        // an unknown username costs as much as a known one (verifyPassword hashes all the same)
        return { candidate: found, ok: await verifyPassword(password, found?.passwordHash) };
      }));
    } catch (error) {
      if (error instanceof SignInBusyError) return { kind: 'busy', retryAfterSeconds: 5, ...refused };
      throw error;
    }
    if (!ok || !candidate) {
      throttle.failed(username, address);
      return { kind: 'checked', user: undefined, party: undefined, subject: candidate?.id ?? null };
    }
    throttle.succeeded(username);
    if (needsRehash(candidate.passwordHash)) {
      try {
        await store.setPasswordHash(candidate.id, await throttle.limit(() => hashPassword(password)));
      } catch (error) {
        if (!(error instanceof SignInBusyError)) throw error; // busy: upgraded at a later sign-in
      }
    }
    const party = await citizen.partyForHint(candidate.id, loginHint);
    return { kind: 'checked', user: candidate, party, subject: candidate.id };
  };
}

export type CheckCredentials = ReturnType<typeof createSignIn>;
