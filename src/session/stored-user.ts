/**
 * The citizen's tokens as oidc-client-ts keeps them in sessionStorage (its `User.toStorageString()` under
 * `oidc.user:<authority>:<client id>`), read and written without loading oidc-client-ts: a page view whose
 * access token is still valid signs its API calls with these and never needs the sign-in code. oidc-client-ts
 * reads the same entry when it is loaded (sign-in, renewal, sign-out), so there is one copy of the tokens.
 */
export interface StoredUser {
  access_token: string;
  token_type: string;
  id_token?: string;
  /** Only in the tab that holds the session (see OidcSession): the other tabs never get it. */
  refresh_token?: string;
  scope?: string;
  session_state?: string | null;
  /** The ID token's claims. */
  profile: { sub: string; [claim: string]: unknown };
  /** When the access token expires (epoch seconds). */
  expires_at?: number;
}

/** The fields of oidc-client-ts's storage string, in its order (`User.toStorageString`). */
const STORED_FIELDS = [
  'id_token',
  'session_state',
  'access_token',
  'refresh_token',
  'token_type',
  'scope',
  'profile',
  'expires_at',
] as const satisfies readonly (keyof StoredUser)[];

/** A storage string parsed, or null when it is not one (another tab's message, an entry of another version). */
export function parseStoredUser(text: string | null | undefined): StoredUser | null {
  if (!text) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const user = value as StoredUser;
  const wellFormed =
    typeof user === 'object' &&
    user !== null &&
    typeof user.access_token === 'string' &&
    typeof user.token_type === 'string' &&
    typeof user.profile === 'object' &&
    user.profile !== null &&
    typeof user.profile.sub === 'string' &&
    (user.expires_at === undefined || typeof user.expires_at === 'number');
  return wellFormed ? user : null;
}

/** The storage string of `user` (oidc-client-ts's form), without its refresh token when `withRefreshToken` is false. */
export function toStorageString(user: StoredUser, withRefreshToken = true): string {
  const fields: Partial<Record<keyof StoredUser, unknown>> = {};
  for (const field of STORED_FIELDS) if (withRefreshToken || field !== 'refresh_token') fields[field] = user[field];
  return JSON.stringify(fields);
}

/** Seconds until the access token expires (negative once it has), as oidc-client-ts counts them; undefined: never. */
export function expiresIn(user: Pick<StoredUser, 'expires_at'>): number | undefined {
  return user.expires_at === undefined ? undefined : user.expires_at - Math.floor(Date.now() / 1000);
}

export function isExpired(user: Pick<StoredUser, 'expires_at'>): boolean {
  const seconds = expiresIn(user);
  return seconds !== undefined && seconds <= 0;
}

/** This tab's entry (sessionStorage): read on every use, since oidc-client-ts and other tabs' messages write it too. */
export class StoredUserEntry {
  constructor(readonly key: string) {}

  get(): StoredUser | null {
    try {
      return parseStoredUser(sessionStorage.getItem(this.key));
    } catch {
      return null; // storage blocked: nobody is signed in here
    }
  }

  set(user: StoredUser): void {
    sessionStorage.setItem(this.key, toStorageString(user));
  }

  remove(): void {
    try {
      sessionStorage.removeItem(this.key);
    } catch {
      /* storage blocked: nothing stored */
    }
  }
}
