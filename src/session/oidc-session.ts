import type { User, UserManager } from 'oidc-client-ts';
import { loadOnce } from '../internal/load-once.js';
import { toIdentities, toParty } from '../model/identity.js';
import type { ProfileUser } from '../model/profile.js';
import { isOwnCallback } from './detect.js';
import { createDpopProof, removeStoredDpopKeys } from './dpop-proof.js';
import {
  expiresIn,
  isExpired,
  parseStoredUser,
  StoredUserEntry,
  toStorageString,
  type StoredUser,
} from './stored-user.js';
import { oidcUserKey, sessionChannelName, type TabMessage } from './tab-channel.js';
import type { Session, SessionState } from './types.js';

export interface OidcSessionOptions {
  authority: string;
  clientId: string;
  scope?: string;
  /** The one callback path of this site (default "/"), registered at the provider. */
  callbackPath?: string;
  /** The language of the provider's sign-in page. */
  locale?: string;
  /** A user another tab handed over (oidc-client-ts storage string) and its token generation. */
  handedOver?: { user: string; generation: number };
  /** `auth.silentSignIn`: without tokens, sign in through the provider's session, quietly (signInSilently). */
  silentSignIn?: boolean;
}

/** Where `auth.silentSignIn` expects the silent callback page (`dist/loket-silent.html`) on the site. */
export const SILENT_CALLBACK_PATH = '/loket/loket-silent.html';

/** A silent sign-in is tried once per page load at most, whatever happens to the config or the headers. */
let silentTried = false;

/** Renew this long before the access token expires. */
const RENEW_MARGIN_S = 30;
const DEFAULT_SCOPE = 'openid profile offline_access loket:profile';
const REQUEST_TIMEOUT_S = 10;
/** The ID token claim that says when the session ends (epoch seconds; the reference backend sends it). */
export const SESSION_EXPIRES_CLAIM = 'session_expires_at';
/** A smaller offset is the request's latency more than a clock difference: not worth correcting by. */
const NEGLIGIBLE_OFFSET_MS = 2_000;
/** Set when a sign-out could not reach the provider: the next sign-in asks for the password again. */
const PROMPT_LOGIN_KEY = 'loket:prompt-login';
/**
 * How long a tab without the refresh token waits for the tab that holds it to say it is renewing (ms), twice (a
 * holder that is reloading misses the first ask), and then for the renewed tokens.
 */
const HOLDER_ACK_MS = 1500;
const HOLDER_RENEW_MS = (REQUEST_TIMEOUT_S + 5) * 1000;

/** A same-origin path (`/a?b#c`), never `//host` or a URL: where to return after sign-in. */
export function isSameOriginPath(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.includes('\\');
}

/**
 * The citizen from the ID token's claims. `on_behalf_of` (whom they act for) and `identities` (every capacity,
 * `[{ login_hint, on_behalf_of? }]`) come with the ID token, so the header needs no API request for them.
 */
export function toProfileUser(user: Pick<StoredUser, 'profile'>): ProfileUser {
  const claims = user.profile;
  const onBehalfOf = toParty(claims.on_behalf_of);
  const identities = toIdentities(claims.identities, 'login_hint', 'on_behalf_of');
  return {
    id: claims.sub,
    givenName: String(claims.given_name ?? ''),
    familyName: String(claims.family_name ?? ''),
    ...(typeof claims.locale === 'string' && { language: claims.locale }),
    ...(onBehalfOf && { onBehalfOf }),
    ...(identities && { identities }),
  };
}

/**
 * When the session ends in this browser's clock (ms): the `session_expires_at` claim shifted by the measured
 * clock offset. Undefined without a well-formed claim.
 */
export function sessionExpiresAt(user: Pick<StoredUser, 'profile'>, clockOffsetMs: number): number | undefined {
  const claim = user.profile[SESSION_EXPIRES_CLAIM];
  if (typeof claim !== 'number' || !Number.isFinite(claim) || claim <= 0) return undefined;
  return claim * 1000 + clockOffsetMs;
}

/**
 * The oidc mode: authorization code + PKCE with oidc-client-ts, tokens in sessionStorage, sign-in and sign-out
 * in one tab reaching every tab. oidc-client-ts is loaded (oidc-client.ts) only to talk with the provider: a page
 * view with a valid access token reads the stored tokens and signs its proofs itself (stored-user.ts,
 * dpop-proof.ts). Tokens are sender-constrained with DPoP (RFC 9449): the key pair is made by
 * the browser, not extractable, kept in IndexedDB (oidc-client-ts's IndexedDbDPoPStore, one per origin, so every
 * tab of the site signs with it); every token request and API call carries a proof. The refresh token stays in
 * the tab that signed in (the holder): the other tabs get access and ID tokens only (BroadcastChannel), and ask
 * the holder to renew, which it does once for all (Web Locks).
 */
export class OidcSession implements Session {
  state: SessionState = { status: 'unknown' };
  /** oidc-client-ts's UserManager, loaded on first use (see createUserManager). */
  private readonly manager: () => Promise<UserManager>;
  /** The tokens oidc-client-ts stored, read without it. */
  private readonly users: StoredUserEntry;
  private readonly channel?: BroadcastChannel;
  private readonly listeners = new Set<(state: SessionState) => void>();
  private readonly generationKey: string;
  private readonly lockName: string;
  private generation = 0;
  /** This browser's clock minus the provider's (ms); undefined until measured here or by another tab. */
  private clockOffsetMs?: number;
  /** Who waits for the holder's answer to a renewal request (see renewThroughHolder). */
  private readonly holderWaiters = new Set<(message: TabMessage) => void>();

  constructor(private readonly options: OidcSessionOptions) {
    const callbackUrl = new URL(options.callbackPath ?? '/', location.origin).href;
    this.manager = loadOnce(async () =>
      (await import('./oidc-client.js')).createUserManager({
        authority: options.authority,
        clientId: options.clientId,
        scope: options.scope ?? DEFAULT_SCOPE,
        callbackUrl,
        silentCallbackUrl: new URL(SILENT_CALLBACK_PATH, location.origin).href,
        locale: options.locale,
        requestTimeoutSeconds: REQUEST_TIMEOUT_S,
      }),
    );
    this.users = new StoredUserEntry(oidcUserKey(options.authority, options.clientId));
    const channelName = sessionChannelName(options.authority, options.clientId);
    this.generationKey = `loket:token-generation:${options.clientId}`;
    this.lockName = `loket:renew:${channelName}`;
    if (typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(channelName);
      this.channel.onmessage = (event: MessageEvent<TabMessage>) => void this.onTabMessage(event.data);
    }
  }

  subscribe(listener: (state: SessionState) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Finishes a sign-in callback when this URL is one (and sends the citizen back to where they were), or
   * takes a user another tab handed over, or reads the stored one; with none of these and `silentSignIn`, asks
   * the provider's session (once a page load, see signInSilently).
   */
  async start(): Promise<SessionState> {
    const url = new URL(location.href);
    const { handedOver } = this.options;
    if (isOwnCallback(url)) await this.completeSignIn(url);
    else if (!handedOver || !(await this.adopt(handedOver.user, handedOver.generation))) await this.restoreStored();
    return this.state;
  }

  /** The tokens this tab stored (renewed when they expired); without any, `silentSignIn` asks the provider. */
  private async restoreStored() {
    const user = this.users.get();
    this.update(
      user && !isExpired(user)
        ? this.signedIn(user)
        : user
          ? await this.renewAfterLoad(user)
          : this.options.silentSignIn
            ? await this.signInSilently()
            : { status: 'signed-out' },
    );
  }

  /**
   * The silent sign-in of `auth.silentSignIn`: an authorization request with `prompt=none` in a hidden iframe
   * (oidc-client-ts's signinSilent without a refresh token), answered on the silent callback page, which hands
   * the answer back to this tab (dist/loket-silent.html). The code is bound to this browser's DPoP key like a
   * redirect's (`dpop_jkt`) and exchanged here with a proof, so this tab holds the refresh token, as a tab that
   * signed in by redirect does. Any failure (`login_required`: no session at the provider; a timeout; the
   * provider down; an ID token refused) leaves the citizen signed out, without a message: nobody asked for it.
   * Not after a sign-out that could not reach the provider: its session may still be there, and this tab was
   * signed out on purpose.
   */
  private async signInSilently(): Promise<SessionState> {
    if (silentTried || readFlag(PROMPT_LOGIN_KEY)) return { status: 'signed-out' };
    silentTried = true;
    try {
      const manager = await this.manager();
      const user = await manager.signinSilent({ silentRequestTimeoutInSeconds: REQUEST_TIMEOUT_S });
      if (user) {
        await this.checkIdToken(user);
        this.measureClockOffset(user);
        this.bumpGeneration();
        this.broadcastUser(user);
        return this.signedIn(user);
      }
    } catch {
      // signed out, quietly
    }
    return { status: 'signed-out' };
  }

  private async renewAfterLoad(user: StoredUser): Promise<SessionState> {
    const renewed = await this.renewShared(user).catch(() => user);
    return renewed ? this.signedIn(renewed) : { status: 'signed-out' };
  }

  private async completeSignIn(url: URL) {
    const clean = new URL(url);
    for (const name of ['code', 'state', 'session_state', 'iss', 'error', 'error_description'])
      clean.searchParams.delete(name);
    try {
      const manager = await this.manager();
      const user = await manager.signinRedirectCallback(url.href);
      await this.checkIdToken(user);
      this.measureClockOffset(user);
      this.bumpGeneration();
      this.broadcastUser(user);
      const back = isSameOriginPath(user.url_state) ? user.url_state : undefined;
      const here = clean.pathname + clean.search + clean.hash;
      if (back && new URL(back, location.origin).href !== new URL(here, location.origin).href) {
        // This page is left for the one the citizen came from (the tokens are stored, that page restores them):
        // saying "signed in" here would start the summary feed on a page about to go, whose request the
        // navigation aborts (when it is slow, as under load) and the next page makes again. Only a same-document
        // replace (nothing but the fragment differs) stays here and publishes the state.
        const leaves = withoutHash(new URL(back, location.href)) !== withoutHash(new URL(location.href));
        location.replace(back);
        if (leaves) return;
        this.update(this.signedIn(user));
        return;
      }
      this.update(this.signedIn(user));
      history.replaceState(history.state, '', here);
    } catch (error) {
      history.replaceState(history.state, '', clean.pathname + clean.search + clean.hash);
      // An identity switch given up at the provider leaves the tokens of the identity the citizen had.
      const kept = this.users.get();
      this.update(kept && !isExpired(kept) ? this.signedIn(kept) : { status: 'signed-out' });
      throw error;
    }
  }

  async signIn() {
    const returnTo = location.pathname + location.search + location.hash;
    const promptLogin = readFlag(PROMPT_LOGIN_KEY);
    const manager = await this.manager();
    await manager.signinRedirect({
      url_state: returnTo,
      ui_locales: this.options.locale,
      ...(promptLogin && { prompt: 'login' }),
    });
    writeFlag(PROMPT_LOGIN_KEY, false);
  }

  /**
   * Signs in again for another identity: `login_hint` names it, `prompt=login` asks the provider to
   * re-authenticate (acting for someone else is never just taken from the provider's session), and the citizen
   * comes back to this page. The current tokens stay until the new ones arrive.
   */
  async switchIdentity(loginHint: string) {
    const returnTo = location.pathname + location.search + location.hash;
    const manager = await this.manager();
    await manager.signinRedirect({
      url_state: returnTo,
      ui_locales: this.options.locale,
      login_hint: loginHint,
      prompt: 'login',
    });
  }

  async signOut() {
    const user = this.users.get();
    this.broadcast({ type: 'signed-out' });
    this.update({ status: 'signed-out' });
    if (!user) return;
    try {
      const manager = await this.manager();
      try {
        await manager.revokeTokens(['refresh_token']);
      } catch {
        // The provider may be down: the end-session redirect below still ends the provider session.
      }
      await manager.signoutRedirect({ id_token_hint: user.id_token });
    } catch (error) {
      // The tokens are gone here, but the provider may still know the citizen (a shared computer): the next
      // sign-in in this tab asks for the password.
      await this.removeUser();
      writeFlag(PROMPT_LOGIN_KEY, true);
      throw error;
    }
  }

  async forget() {
    await this.removeUser();
    this.broadcast({ type: 'signed-out', ended: true });
    this.update({ status: 'signed-out', ended: true });
  }

  async authorize(url: string, init: RequestInit): Promise<RequestInit> {
    let user = this.users.get();
    if (user && renewalDue(user)) user = await this.renewShared(user);
    if (!user) throw new Error('not signed in');
    const headers = new Headers(init.headers);
    if (user.token_type.toLowerCase() !== 'dpop') {
      headers.set('authorization', `Bearer ${user.access_token}`);
      return { ...init, headers };
    }
    // htu is the URL without query and fragment (RFC 9449 section 4.2); a new proof (new jti) per request
    const htu = new URL(url);
    htu.search = '';
    htu.hash = '';
    const proof = await createDpopProof(this.options.clientId, {
      url: htu.href,
      method: (init.method ?? 'GET').toUpperCase(),
      accessToken: user.access_token,
    });
    // the key is gone (the site's storage was cleared): the tokens bound to it are of no use any more
    if (!proof) throw new Error('not signed in');
    headers.set('authorization', `DPoP ${user.access_token}`);
    headers.set('dpop', proof);
    return { ...init, headers };
  }

  async renew(): Promise<boolean> {
    const user = this.users.get();
    if (!user) return false;
    return (await this.renewShared(user, true).catch(() => null)) !== null;
  }

  /**
   * Extends the session: a refresh-token grant now, under the renewal lock (another tab that extended while
   * this one waited counts: its tokens carry the new end). Resolves false when the provider refused (the
   * session has ended then, in every tab), could not be reached, or did not move the end (the session's
   * absolute limit: only signing in again helps).
   */
  async extend(): Promise<boolean> {
    const user = this.users.get();
    if (!user) return false;
    const endBefore = user.profile[SESSION_EXPIRES_CLAIM];
    const movedEnd = (candidate: StoredUser) => {
      const end = candidate.profile[SESSION_EXPIRES_CLAIM];
      return typeof end === 'number' && (typeof endBefore !== 'number' || end > endBefore);
    };
    const renewed = await this.renewShared(user, true, movedEnd).catch(() => null);
    return renewed !== null && movedEnd(renewed);
  }

  dispose() {
    this.channel?.close();
    this.listeners.clear();
    this.holderWaiters.clear();
  }

  /**
   * Renews once across all tabs: the tab that gets the lock renews, the others take its tokens. `enough` says
   * whether tokens another tab renewed meanwhile will do (default: their access token is not about to expire).
   */
  private async renewShared(
    stale: StoredUser,
    force = false,
    enough = (taken: StoredUser) => !renewalDue(taken),
  ): Promise<StoredUser | null> {
    if (!stale.refresh_token) {
      // Not the holder: tokens another tab renewed may be on their way; else the holder renews for this tab.
      if (this.storedGeneration() > this.generation) {
        const taken = await this.waitForGeneration(this.storedGeneration());
        if (taken && taken.access_token !== stale.access_token && enough(taken)) return taken;
      }
      return this.renewThroughHolder(force);
    }
    const renew = async (): Promise<StoredUser | null> => {
      const current = this.users.get();
      if (!current) return null;
      const renewedMeanwhile = current.access_token !== stale.access_token || this.storedGeneration() > this.generation;
      if (renewedMeanwhile) {
        const taken = await this.waitForGeneration(this.storedGeneration());
        if (taken && enough(taken)) return taken;
      } else if (!force && !renewalDue(current)) {
        return current;
      }
      try {
        const manager = await this.manager();
        const user = await manager.signinSilent({
          silentRequestTimeoutInSeconds: REQUEST_TIMEOUT_S,
          // openid (and profile) ask for a new ID token, so the session's new end arrives with it;
          // offline_access is not asked again (the provider refuses it on a refresh).
          extraTokenParams: { scope: this.refreshScope },
        });
        if (!user) return null;
        await this.checkIdToken(user);
        this.measureClockOffset(user);
        this.bumpGeneration();
        this.broadcastUser(user);
        this.update(this.signedIn(user));
        return user;
      } catch (error) {
        if (isGrantRevoked(error) || error instanceof IdTokenRefusedError) {
          await this.forget();
          return null;
        }
        throw error;
      }
    };
    return navigator.locks ? navigator.locks.request(this.lockName, renew) : renew();
  }

  /**
   * Asks the tab that holds the refresh token to renew (it says `renewing` at once, then sends the tokens to
   * every tab). No answer, twice: no tab holds it any more (the tab that signed in was closed), and the session
   * cannot go on in this browser: resolves null, as for a refused renewal. Rejects when the holder could not
   * reach the provider.
   */
  private async renewThroughHolder(force: boolean): Promise<StoredUser | null> {
    if (!this.channel) return null;
    const asked = this.generation;
    for (let attempt = 0; attempt < 2; attempt++) {
      const answer = await new Promise<'renewed' | 'failed' | 'ended' | 'silent'>((resolve) => {
        const finish = (result: 'renewed' | 'failed' | 'ended' | 'silent') => {
          clearTimeout(ackTimer);
          clearTimeout(renewTimer);
          this.holderWaiters.delete(listen);
          resolve(result);
        };
        let renewTimer: ReturnType<typeof setTimeout> | undefined;
        const ackTimer = setTimeout(() => finish('silent'), HOLDER_ACK_MS);
        const listen = (message: TabMessage) => {
          if (message.type === 'renewing' && message.generation === asked) {
            clearTimeout(ackTimer);
            renewTimer ??= setTimeout(() => finish('failed'), HOLDER_RENEW_MS);
          } else if (message.type === 'user' && this.generation > asked) finish('renewed');
          else if (message.type === 'renew-failed' && message.generation === asked) finish('failed');
          else if (message.type === 'signed-out') finish('ended');
        };
        this.holderWaiters.add(listen);
        this.broadcast({ type: 'renew', generation: asked, force });
      });
      if (answer === 'renewed') return this.users.get();
      if (answer === 'ended') return null;
      if (answer === 'failed') throw new Error('the tab that holds the session could not renew it');
    }
    return null;
  }

  /**
   * The holder's part: another tab asked for new tokens (its generation `asked`). Renewed (or current) tokens
   * newer than the asker's go to every tab; a token the asker has too is renewed even when it is not due (the
   * asker was refused with it, or extends the session).
   */
  private async renewFor(message: { generation: number; force: boolean }) {
    const user = this.users.get();
    if (!user?.refresh_token) return; // not the holder
    this.broadcast({ type: 'renewing', generation: message.generation });
    try {
      const renewed = await this.renewShared(user, message.force || this.generation <= message.generation);
      if (renewed && this.generation > message.generation) this.broadcastUser(renewed);
    } catch {
      this.broadcast({ type: 'renew-failed', generation: message.generation });
    }
  }

  /** Waits (briefly) until the tokens of `generation` have arrived from the tab that renewed them. */
  private async waitForGeneration(generation: number): Promise<StoredUser | null> {
    for (let waited = 0; this.generation < generation && waited < 2000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.users.get();
  }

  private async onTabMessage(message: TabMessage) {
    if (message?.type === 'hello') {
      const user = this.users.get();
      if (user && !isExpired(user)) this.broadcastUser(user);
    } else if (message?.type === 'user' && typeof message.user === 'string' && message.generation >= this.generation) {
      if (typeof message.clockOffset === 'number' && Number.isFinite(message.clockOffset))
        this.clockOffsetMs = message.clockOffset;
      await this.adopt(message.user, message.generation);
    } else if (message?.type === 'renew' && typeof message.generation === 'number') {
      await this.renewFor({ generation: message.generation, force: message.force === true });
    } else if (message?.type === 'signed-out') {
      // a sign-out in another tab: the refresh token is revoked here, where it is
      if (message.ended !== true) await this.revokeHeldRefreshToken();
      await this.removeUser();
      this.update({ status: 'signed-out', ...(message.ended === true && { ended: true }) });
    }
    if (message && typeof message === 'object') for (const waiter of [...this.holderWaiters]) waiter(message);
  }

  private async revokeHeldRefreshToken() {
    if (!this.users.get()?.refresh_token) return;
    try {
      await (await this.manager()).revokeTokens(['refresh_token']);
    } catch {
      // the provider may be down: the tab that signed out ends the provider session
    }
  }

  /**
   * Takes tokens another tab sent (never with a refresh token). The same access token as this tab's is nothing
   * new: the holder keeps its refresh token. New tokens replace this tab's, a refresh token too: the tab that
   * renewed used the one this tab may have had (a duplicated tab), and holds the new one.
   */
  private async adopt(storageString: string, generation: number): Promise<boolean> {
    const user = parseStoredUser(storageString);
    if (!user) return false; // not tokens: nothing to take
    const current = this.users.get();
    this.generation = Math.max(this.generation, generation);
    if (current && current.access_token === user.access_token) return true;
    this.users.set(user);
    this.update(this.signedIn(user));
    return true;
  }

  /**
   * Removes the tokens and the DPoP key, as oidc-client-ts's removeUser does: a session that ended leaves nothing
   * for the next sign-in on this computer. A key that cannot be deleted (IndexedDB unavailable) is replaced by
   * nothing worse than a key that stays: the tokens bound to it are gone.
   */
  private async removeUser() {
    this.users.remove();
    await removeStoredDpopKeys(this.options.clientId).catch(() => undefined);
  }

  /**
   * Sends this tab's tokens to the other tabs: access and ID token, never the refresh token, which stays in the
   * one tab that holds it (and renews for the others). A tab channel message copied by a script of the page
   * gives nothing that outlives the access token, and that is bound to this browser's DPoP key.
   */
  private broadcastUser(user: StoredUser) {
    this.broadcast({
      type: 'user',
      user: toStorageString(user, false),
      generation: this.generation,
      ...(this.clockOffsetMs !== undefined && { clockOffset: this.clockOffsetMs }),
    });
  }

  private storedGeneration(): number {
    try {
      return Number(localStorage.getItem(this.generationKey)) || 0;
    } catch {
      return 0;
    }
  }

  /** A counter (no personal data) in localStorage, so a tab waiting for the lock knows tokens were renewed. */
  private bumpGeneration() {
    this.generation = Math.max(this.generation, this.storedGeneration()) + 1;
    try {
      localStorage.setItem(this.generationKey, String(this.generation));
    } catch {
      /* without storage, tabs fall back to their own tokens */
    }
  }

  private broadcast(message: TabMessage) {
    this.channel?.postMessage(message);
  }

  /**
   * oidc-client-ts checks neither the `iss` nor the `aud` of an ID token (authts/oidc-client-ts#2475): one from
   * another provider (a mix-up) or for another client must not sign anyone in. On a refusal the tokens are
   * removed, so nothing of them is kept or restored.
   */
  private async checkIdToken(user: User): Promise<void> {
    const { iss, aud } = user.profile;
    const issuer = await (await this.manager()).metadataService.getIssuer();
    const audiences: unknown[] = Array.isArray(aud) ? aud : [aud];
    const problem =
      iss !== issuer
        ? `its issuer ${JSON.stringify(iss)} is not the provider's (${issuer})`
        : !audiences.includes(this.options.clientId)
          ? `its audience ${JSON.stringify(aud)} does not name this client (${this.options.clientId})`
          : undefined;
    if (!problem) return;
    await this.removeUser();
    throw new IdTokenRefusedError(problem);
  }

  private signedIn(user: StoredUser): SessionState {
    const expiresAt = sessionExpiresAt(user, this.clockOffsetMs ?? 0);
    return { status: 'signed-in', user: toProfileUser(user), ...(expiresAt !== undefined && { expiresAt }) };
  }

  /** The refresh request's scope: the configured one without offline_access (see the refresh above). */
  private get refreshScope(): string {
    return (this.options.scope ?? DEFAULT_SCOPE)
      .split(' ')
      .filter((scope) => scope && scope !== 'offline_access')
      .join(' ');
  }

  /**
   * A fresh ID token's `iat` is the provider's "now": the difference to this browser's clock (plus the
   * request's latency) is the offset `session_expires_at` needs, so a clock minutes off neither warns too early
   * nor ends the session too late. Measured in this tab only (at its sign-in or its own refresh: tokens restored
   * after a page load or handed over may be old), kept in memory: storage would hold one more key.
   */
  private measureClockOffset(user: StoredUser) {
    const issuedAt = user.profile.iat;
    if (typeof issuedAt !== 'number') return;
    const offset = Date.now() - issuedAt * 1000;
    // Hours off is a broken clock or a replayed token, nothing to correct by; under 2 s is mostly latency.
    this.clockOffsetMs = Math.abs(offset) > 24 * 3600_000 || Math.abs(offset) < NEGLIGIBLE_OFFSET_MS ? 0 : offset;
  }

  private update(state: SessionState) {
    const same =
      state.status === this.state.status &&
      state.expiresAt === this.state.expiresAt &&
      JSON.stringify(state.user) === JSON.stringify(this.state.user);
    this.state = state;
    if (!same) this.listeners.forEach((listener) => listener(state));
  }
}

/** The access token expires within the renewal margin (or says nothing of when: renew to be sure). */
function renewalDue(user: StoredUser): boolean {
  return (expiresIn(user) ?? 0) < RENEW_MARGIN_S;
}

function readFlag(key: string): boolean {
  try {
    return sessionStorage.getItem(key) === '1';
  } catch {
    return false;
  }
}

function writeFlag(key: string, on: boolean) {
  try {
    if (on) sessionStorage.setItem(key, '1');
    else sessionStorage.removeItem(key);
  } catch {
    /* storage blocked: nothing to remember */
  }
}

class IdTokenRefusedError extends Error {
  constructor(problem: string) {
    super(`the ID token is refused: ${problem}`);
  }
}

function isGrantRevoked(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { error?: string }).error === 'invalid_grant';
}

function withoutHash(url: URL): string {
  return url.href.replace(/#.*$/, '');
}
