import { isSafeUrl } from '../internal/url.js';
import { pickHostUser } from '../model/identity.js';
import type { ProfileUser } from '../model/profile.js';
import { fetchHostUser } from './detect.js';
import { withReturnUrl } from './return-url.js';
import type { Session, SessionState } from './types.js';

export interface HostSessionOptions {
  loginUrl: string;
  logoutUrl: string;
  /** A URL on the site's server that answers `{ user }` (200) or 401, read with the site's cookies. */
  sessionUrl?: string;
  /** Where switching identity goes: `{returnUrl}` and `{loginHint}` are filled in. */
  switchUrl?: string;
}

/** `switchUrl` with `{loginHint}` and `{returnUrl}` (the current page) filled in, both URL-encoded. */
export function switchTarget(switchUrl: string, loginHint: string): string {
  return withReturnUrl(switchUrl.replace('{loginHint}', encodeURIComponent(loginHint)));
}

/**
 * Host mode: the site's server owns the session (a cookie). The header learns who is signed in from
 * `window.loket.setSession()` or by reading `sessionUrl`; profile API requests carry the cookies.
 */
export class HostSession implements Session {
  state: SessionState = { status: 'unknown' };
  private readonly listeners = new Set<(state: SessionState) => void>();

  constructor(private readonly options: HostSessionOptions) {}

  subscribe(listener: (state: SessionState) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The site says who is signed in (`{ user }`), or that nobody is (`{ user: null }`). Only the fields the header
   * shows are kept: whom they act for and their identities when well-formed.
   */
  set(user: ProfileUser | null | undefined) {
    this.update(user ? { status: 'signed-in', user: pickHostUser(user) } : { status: 'signed-out' });
  }

  /** Reads the session URL. Without one, the state stays as the site last set it. */
  async load(): Promise<SessionState> {
    const url = this.options.sessionUrl;
    if (!url) {
      if (this.state.status === 'unknown') this.update({ status: 'signed-out' });
      return this.state;
    }
    try {
      this.set(await fetchHostUser(url));
    } catch (error) {
      // Unknown, not signed out: a failing session URL must not make a signed-in citizen look signed out.
      if (this.state.status === 'unknown') this.update({ status: 'signed-out' });
      throw error;
    }
    return this.state;
  }

  async signIn() {
    if (isSafeUrl(this.options.loginUrl)) location.assign(withReturnUrl(this.options.loginUrl));
  }

  /** Goes to the site's `switchUrl`, which signs the citizen in again for the identity and comes back here. */
  async switchIdentity(loginHint: string) {
    const url = this.options.switchUrl;
    if (!url) throw new Error('switching identity needs auth.switchUrl in host mode');
    const target = switchTarget(url, loginHint);
    if (!isSafeUrl(target)) throw new Error(`auth.switchUrl "${url}" is not an http(s) or relative URL`);
    location.assign(target);
  }

  async signOut() {
    this.update({ status: 'signed-out' });
    if (isSafeUrl(this.options.logoutUrl)) location.assign(withReturnUrl(this.options.logoutUrl));
  }

  async forget() {
    this.update({ status: 'signed-out', ended: true });
  }

  async authorize(_url: string, init: RequestInit): Promise<RequestInit> {
    return { ...init, credentials: 'include' };
  }

  async renew(): Promise<boolean> {
    if (!this.options.sessionUrl) {
      this.update({ status: 'signed-out' });
      return false;
    }
    const state = await this.load().catch(() => this.state);
    return state.status === 'signed-in';
  }

  dispose() {
    this.listeners.clear();
  }

  private update(state: SessionState) {
    const same = state.status === this.state.status && JSON.stringify(state.user) === JSON.stringify(this.state.user);
    this.state = state;
    if (!same) this.listeners.forEach((listener) => listener(state));
  }
}
