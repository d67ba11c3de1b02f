// Signing in with a username and password (the demo's citizens; a municipality would use its own identity
// provider). The answer says whom to audit: the subject only when the username is known.

import { verifyPassword } from '../auth/passwords.js';
import type { MandateRow, UserRow } from '../store/store.js';
import type { CitizenServices } from './citizen.js';

export interface SignInAttempt {
  /** the citizen when the password is right */
  user: UserRow | undefined;
  /** the party the login hint asks for, when it is one of theirs */
  party: MandateRow | undefined;
  /** for the audit row: the known user's id, right password or not */
  subject: string | null;
}

export function createSignIn({
  store,
  citizen,
}: {
  store: { userByUsername(username: string): Promise<UserRow | undefined> };
  citizen: CitizenServices;
}) {
  return async function checkCredentials(
    usernameInput: unknown,
    passwordInput: unknown,
    loginHint?: unknown,
  ): Promise<SignInAttempt> {
    const username = String(usernameInput ?? '')
      .trim()
      .toLowerCase()
      .slice(0, 100);
    const candidate = username ? await store.userByUsername(username) : undefined;
    // an unknown username costs as much as a known one (verifyPassword hashes all the same)
    const ok = await verifyPassword(String(passwordInput ?? '').slice(0, 200), candidate?.passwordHash);
    const user = ok ? candidate : undefined;
    const party = user ? await citizen.partyForHint(user.id, loginHint) : undefined;
    return { user, party, subject: candidate?.id ?? null };
  };
}

export type CheckCredentials = ReturnType<typeof createSignIn>;
