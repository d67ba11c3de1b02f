import type { FeedState, SummaryFeed } from '../backend/summary-feed.js';
import type { AuthConfig, LoketConfig } from '../config/types.js';
import type { LoketErrorCode } from '../events/events.js';
import type { ProfileUser } from '../model/profile.js';
import { HostSession } from './host-session.js';
import { OidcSession } from './oidc-session.js';
import type { Session, SessionState } from './types.js';

export interface RuntimeInputs {
  auth: Exclude<AuthConfig, { mode: 'none' }>;
  api?: LoketConfig['api'];
  locale: string;
  /** Another tab's user, handed over (oidc). */
  handedOver?: { user: string; generation: number };
  /** The user the site set with `setSession` (host). */
  hostUser?: ProfileUser | null;
}

export interface RuntimeCallbacks {
  onState(state: SessionState): void;
  onFeed(state: FeedState): void;
  onError(code: LoketErrorCode, message: string): void;
  createFeed(session: Session, user: ProfileUser, onChange: (state: FeedState) => void, onUnauthorized: () => void): SummaryFeed | undefined;
}

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

  constructor(
    private readonly inputs: RuntimeInputs,
    private readonly callbacks: RuntimeCallbacks,
  ) {
    if (inputs.auth.mode === 'host') {
      this.hostSession = new HostSession(inputs.auth);
      this.session = this.hostSession;
    } else {
      this.session = new OidcSession({ ...inputs.auth, locale: inputs.locale, handedOver: inputs.handedOver });
    }
    this.unsubscribe = this.session.subscribe((state) => this.apply(state));
  }

  /** Restores the session: an oidc callback, stored or handed-over tokens, or the host's user or session URL. */
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

  setHostUser(user: ProfileUser | null) {
    this.hostSession?.set(user);
  }

  async refresh() {
    await this.feed?.refresh();
  }

  dispose() {
    this.feed?.stop();
    this.unsubscribe();
    this.session.dispose();
  }

  private apply(state: SessionState) {
    const before = this.state;
    this.state = state;
    if (state.status === 'signed-in' && state.user && (before.user?.id !== state.user.id || !this.feed)) {
      this.startFeed(state.user);
    } else if (state.status === 'signed-out') {
      this.feed?.forget();
      this.feed = undefined;
    }
    if (state.ended) this.callbacks.onError('session-ended', 'the provider or the profile API no longer accepts the session; signed out');
    this.callbacks.onState(state);
  }

  private startFeed(user: ProfileUser) {
    this.feed?.stop();
    this.feed = this.callbacks.createFeed(
      this.session,
      user,
      (state) => this.callbacks.onFeed(state),
      () => void this.session.forget(),
    );
    void this.feed?.start();
  }
}
