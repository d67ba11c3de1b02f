import type { ProfileUser } from '../model/profile.js';

export type SessionStatus = 'unknown' | 'signed-out' | 'signed-in';

/** Who is signed in, as the header shows it. Never holds tokens. */
export interface SessionState {
  status: SessionStatus;
  user?: ProfileUser;
  /** Signed out without asking: the provider or the API no longer accepts the session. */
  ended?: boolean;
  /**
   * When the session ends unless it is extended (ms since 1970, this browser's clock), from the provider's
   * `session_expires_at` claim; absent when the provider does not say (then nothing warns).
   */
  expiresAt?: number;
  /** The session ends soon: the header warns and offers to extend it (WCAG 2.2.1). */
  expiring?: boolean;
}

/** One way of being signed in (oidc or host), as the header's session controller drives it. */
export interface Session {
  readonly state: SessionState;
  /** Calls `listener` on every state change; returns a function that stops it. */
  subscribe(listener: (state: SessionState) => void): () => void;
  /** Leaves the page for the sign-in page. */
  signIn(): Promise<void>;
  /**
   * Leaves the page to sign in again for another identity of the citizen (`Identity.loginHint`), coming back to
   * this page. Rejects when the mode cannot switch (host mode without `auth.switchUrl`).
   */
  switchIdentity(loginHint: string): Promise<void>;
  /** Ends the session everywhere (all tabs, the provider) and leaves the page where the mode requires. */
  signOut(): Promise<void>;
  /**
   * Adds the credentials for one profile API request to `url`: a DPoP-bound token with a proof for this method and
   * URL, a bearer token, or cookies.
   */
  authorize(url: string, init: RequestInit): Promise<RequestInit>;
  /** Ends the session in this browser only (every tab) because it is no longer accepted: no redirect. */
  forget(): Promise<void>;
  /** After a 401: tries once to get fresh credentials. Resolves false when the session is over. */
  renew(): Promise<boolean>;
  /**
   * Extends the session now (oidc: a refresh-token grant, even while the access token is still valid); the new
   * `expiresAt` reaches every tab. Resolves false when the provider refuses or cannot be reached. Optional: a
   * session without an end (host mode) has nothing to extend.
   */
  extend?(): Promise<boolean>;
  dispose(): void;
}
