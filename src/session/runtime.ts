import type { FeedState, SummaryFeed } from '../backend/summary-feed.js';
import type { AuthConfig, LoketConfig } from '../config/types.js';
import { LoketIdentitySwitchRequestEvent, type LoketErrorCode } from '../events/events.js';
import { partyKey } from '../model/identity.js';
import type { ProfileUser } from '../model/profile.js';
import { ExpiryTimer, systemClock, type TimerClock } from './expiry-timer.js';
import { HostSession } from './host-session.js';
import { OidcSession } from './oidc-session.js';
import { registerExtend } from '../internal/session-actions.js';
import type { OidcTrace } from './detect.js';
import type { Session, SessionState } from './types.js';

export interface RuntimeInputs {
  auth: Exclude<AuthConfig, { mode: 'none' }>;
  api?: LoketConfig['api'];
  locale: string;
  /** What showed that someone may be signed in (oidc): a callback, stored tokens, another tab's user (handed over). */
  trace?: OidcTrace;
  /** The user the site set with `setSession` (host). */
  hostUser?: ProfileUser | null;
  /** The session's own (oidc, host); tests give one they drive. */
  session?: Session;
  /** The expiry timer's time source; tests give one they move. */
  clock?: TimerClock;
}

export interface RuntimeCallbacks {
  onState(state: SessionState): void;
  onFeed(state: FeedState): void;
  onError(code: LoketErrorCode, message: string): void;
  /** `subject`: whose summary, the citizen and whom they act for (a cache key; no request carries it). */
  createFeed(
    session: Session,
    subject: string,
    onChange: (state: FeedState) => void,
    onUnauthorized: () => void,
  ): SummaryFeed | undefined;
}

/** The summary feed's key: the same citizen acting for someone else has another summary. */
const feedSubject = (user: ProfileUser) => `${user.id}${user.onBehalfOf ? ` ${partyKey(user.onBehalfOf)}` : ''}`;

/**
 * The signed-in half of a header's session, loaded with the signed-in module: the oidc or host session and,
 * while someone is signed in, the summary feed.
 */
export class SessionRuntime {
  state: SessionState = { status: 'unknown' };
  private readonly session: Session;
  private readonly hostSession?: HostSession;
  private readonly unsubscribe: () => void;
  private feed?: SummaryFeed;
  /** The session's end as the provider said it: warns before it and ends the session at it. */
  private readonly expiry: ExpiryTimer;

  constructor(
    private readonly inputs: RuntimeInputs,
    private readonly callbacks: RuntimeCallbacks,
  ) {
    this.expiry = new ExpiryTimer(
      {
        onExpiringChange: () => this.publish(),
        // The provider would refuse the next refresh anyway: end it now rather than at the next API call.
        onExpired: () => void this.session.forget(),
      },
      inputs.clock ?? systemClock,
    );
    if (inputs.session) {
      this.session = inputs.session;
    } else if (inputs.auth.mode === 'host') {
      this.hostSession = new HostSession(inputs.auth);
      this.session = this.hostSession;
    } else {
      const { trace } = inputs;
      this.session = new OidcSession({
        ...inputs.auth,
        locale: inputs.locale,
        handedOver: trace?.kind === 'other-tab' ? trace : undefined,
      });
    }
    this.unsubscribe = this.session.subscribe((state) => this.apply(state));
    document.addEventListener('visibilitychange', this.onVisibilityChange);
  }

  /**
   * Restores the session: an oidc callback, stored or handed-over tokens (without any, `auth.silentSignIn` asks
   * the provider's session once a page load), or the host's user or session URL.
   */
  async start(): Promise<void> {
    if (this.session instanceof OidcSession) await this.session.start();
    else if (this.inputs.hostUser !== undefined) this.hostSession?.set(this.inputs.hostUser);
    else await this.hostSession?.load();
  }

  signIn() {
    return this.session.signIn();
  }

  async signOut(): Promise<boolean> {
    if (this.state.status !== 'signed-in') return false;
    await this.session.signOut();
    return true;
  }

  /**
   * Signs in again for another of the citizen's identities (one of `user.identities`). With a `target`, first
   * fires the cancelable `loket-identity-switch-request` on it. Resolves false when nobody is signed in, the hint
   * is not one of the citizen's identities, a listener cancelled, or the switch cannot start (reported as
   * `sign-in-unavailable`, e.g. host mode without `auth.switchUrl`).
   */
  async switchIdentity(loginHint: string, target?: EventTarget): Promise<boolean> {
    const user = this.state.status === 'signed-in' ? this.state.user : undefined;
    const identity = user?.identities?.find((candidate) => candidate.loginHint === loginHint);
    if (!identity) return false;
    if (target && !target.dispatchEvent(new LoketIdentitySwitchRequestEvent(identity.loginHint, identity.onBehalfOf)))
      return false;
    try {
      await this.session.switchIdentity(identity.loginHint);
      return true;
    } catch (error) {
      this.callbacks.onError(
        'sign-in-unavailable',
        `switching identity could not start (${error instanceof Error ? error.message : String(error)})`,
      );
      return false;
    }
  }

  setHostUser(user: ProfileUser | null) {
    this.hostSession?.set(user);
  }

  async refresh() {
    await this.feed?.refresh();
  }

  /**
   * Extends the session now (the citizen chose "Stay signed in"): resolves false when nobody is signed in, the
   * mode has no end, or the provider refused or could not be reached (a refusal ends the session).
   */
  async extend(): Promise<boolean> {
    if (this.state.status !== 'signed-in' || !this.session.extend) return false;
    return this.session.extend();
  }

  dispose() {
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.expiry.stop();
    this.feed?.stop();
    this.unsubscribe();
    this.session.dispose();
  }

  /** Timers of a hidden tab run late (or not at all while the computer sleeps): catch up when it shows again. */
  private readonly onVisibilityChange = () => {
    if (document.visibilityState === 'visible') this.expiry.check();
  };

  private apply(sessionState: SessionState) {
    const before = this.state;
    this.expiry.set(sessionState.status === 'signed-in' ? sessionState.expiresAt : undefined);
    const state = this.withExpiring(sessionState);
    this.state = state;
    if (
      state.status === 'signed-in' &&
      state.user &&
      (!before.user || feedSubject(before.user) !== feedSubject(state.user) || !this.feed)
    ) {
      this.startFeed(state.user);
    } else if (state.status === 'signed-out') {
      this.feed?.forget();
      this.feed = undefined;
    }
    if (state.ended)
      this.callbacks.onError(
        'session-ended',
        'the provider or the profile API no longer accepts the session; signed out',
      );
    this.callbacks.onState(state);
  }

  /** The session's state with the warning flag, registered so the profile menu can extend it. */
  private withExpiring(state: SessionState): SessionState {
    const published: SessionState = { ...state };
    if (this.expiry.expiring) published.expiring = true;
    else delete published.expiring;
    return registerExtend(published, () => this.extend());
  }

  /** The warning started or stopped without a change of the session. */
  private publish() {
    this.state = this.withExpiring(this.state);
    this.callbacks.onState(this.state);
  }

  private startFeed(user: ProfileUser) {
    this.feed?.stop();
    this.feed = this.callbacks.createFeed(
      this.session,
      feedSubject(user),
      (state) => this.callbacks.onFeed(state),
      () => void this.session.forget(),
    );
    void this.feed?.start();
  }
}
