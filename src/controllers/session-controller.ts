import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FeedState } from '../backend/summary-feed.js';
import type { AuthConfig, LoketConfig } from '../config/types.js';
import type { LoketErrorCode } from '../events/events.js';
import { loadSignedIn } from '../internal/signed-in-loader.js';
import type { ProfileUser } from '../model/profile.js';
import { fetchHostUser, findOidcTrace, type OidcTrace } from '../session/detect.js';
import { withReturnUrl } from '../session/return-url.js';
import type { SessionRuntime } from '../session/runtime.js';
import type { SessionState } from '../session/types.js';

export interface SessionInputs {
  auth?: AuthConfig;
  api?: LoketConfig['api'];
  locale: string;
}

interface SessionHost extends ReactiveControllerHost, HTMLElement {}

export interface SessionEvents {
  onSessionChange(state: SessionState): void;
  onFeedChange(state: FeedState): void;
  onError(code: LoketErrorCode, message: string): void;
}

const DEFAULT_REFRESH_SECONDS = 60;

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The header's sign-in state. It decides from cheap checks (no network to the provider or the API) whether
 * anyone may be signed in, and only then loads the signed-in module, whose runtime does the rest.
 */
export class SessionController implements ReactiveController {
  state: SessionState = { status: 'signed-out' };
  feed: FeedState = { status: 'loading' };
  #inputs?: SessionInputs;
  #inputsKey?: string;
  #runtime?: SessionRuntime;
  #generation = 0;
  /** What the site said with `setSession` (host mode); undefined until it says something. */
  #hostUser?: ProfileUser | null;

  readonly #host: SessionHost;
  readonly #events: SessionEvents;

  constructor(host: SessionHost, events: SessionEvents) {
    this.#host = host;
    this.#events = events;
    host.addController(this);
  }

  hostConnected() {
    // Put back after a removal (frameworks do that): start the session again on the next update.
    if (this.#inputs) this.#host.requestUpdate();
  }

  hostDisconnected() {
    this.#teardown();
    this.#inputsKey = undefined;
    this.#generation++; // a restore still under way belongs to the removed header
  }

  /** Starts over when the auth or API config changed. */
  configure(inputs: SessionInputs) {
    this.#inputs = inputs;
    // An update can still run after the header was removed: a detached header starts nothing (hostConnected
    // asks for an update when it is put back).
    if (!this.#host.isConnected) return;
    const key = JSON.stringify([inputs.auth, inputs.api]);
    if (key === this.#inputsKey) return;
    this.#inputsKey = key;
    this.#teardown();
    // In a task of its own, not in the update that shows the config: even the cheap checks cost a few ms on a
    // page's first view (the first sessionStorage read, a BroadcastChannel), and the bar need not wait for them.
    const generation = ++this.#generation;
    setTimeout(() => {
      if (generation === this.#generation) void this.#restore(generation);
    });
  }

  async #restore(generation: number) {
    const auth = this.#inputs?.auth;
    try {
      if (auth?.mode === 'oidc') {
        const trace = await findOidcTrace(auth.authority, auth.clientId);
        // No trace, but the page says the citizen is signed in at the provider: the runtime asks it (once a page)
        if ((trace || auth.silentSignIn) && generation === this.#generation) {
          // tokens stored here or in another tab may still be valid: only a callback or a silent sign-in is sure
          // to talk to the provider
          const toProvider = !trace || trace.kind === 'callback';
          await (await this.#load(generation, { trace, toProvider }))?.start();
          return;
        }
      } else if (auth?.mode === 'host' && (auth.sessionUrl || this.#hostUser !== undefined)) {
        // Ask the session URL here first: an anonymous visitor then never downloads the signed-in module.
        const user = this.#hostUser !== undefined ? this.#hostUser : await fetchHostUser(auth.sessionUrl!);
        if (user && generation === this.#generation) {
          await (await this.#load(generation, { hostUser: user }))?.start();
          return;
        }
      }
      if (generation === this.#generation) this.#setState({ status: 'signed-out' });
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#events.onError('sign-in-unavailable', `the session could not be restored (${describeError(error)})`);
      this.#setState({ status: 'signed-out' });
    }
  }

  /** Loads the signed-in module and creates the runtime (once per config). */
  async #load(
    generation: number,
    start: { trace?: OidcTrace; hostUser?: ProfileUser | null; toProvider?: boolean } = {},
  ) {
    const auth = this.#inputs?.auth;
    if (!auth || auth.mode === 'none') return undefined;
    const module = await loadSignedIn({ toProvider: start.toProvider });
    if (generation !== this.#generation) return undefined;
    const api = this.#inputs?.api;
    this.#runtime ??= new module.SessionRuntime(
      {
        auth,
        api,
        locale: this.#inputs?.locale ?? 'nl',
        trace: start.trace,
        hostUser: start.hostUser ?? this.#hostUser,
      },
      {
        onState: (state) => this.#setState(state),
        onFeed: (state) => {
          this.feed = state;
          this.#events.onFeedChange(state);
          this.#host.requestUpdate();
        },
        onError: (code, message) => this.#events.onError(code, message),
        createFeed: (session, subject, onChange, onUnauthorized) =>
          api &&
          module.createSummaryFeed({
            session,
            baseUrl: api.baseUrl,
            subject,
            refreshSeconds: api.refreshSeconds ?? DEFAULT_REFRESH_SECONDS,
            onChange,
            onUnauthorized,
          }),
      },
    );
    return this.#runtime;
  }

  /** Starts sign-in; resolves false (and reports why) when it cannot start. */
  async signIn(): Promise<boolean> {
    const auth = this.#inputs?.auth;
    try {
      if (auth?.mode === 'host') {
        location.assign(withReturnUrl(auth.loginUrl));
        return true;
      }
      if (auth?.mode !== 'oidc') return false;
      const runtime = this.#runtime ?? (await this.#load(this.#generation, { toProvider: true }));
      await runtime?.signIn();
      return runtime !== undefined;
    } catch (error) {
      this.#events.onError('sign-in-unavailable', `sign-in could not start (${describeError(error)})`);
      return false;
    }
  }

  /** Signs out; a provider that cannot be reached is reported (the tokens are gone all the same). */
  async signOut(): Promise<boolean> {
    try {
      return (await this.#runtime?.signOut()) ?? false;
    } catch (error) {
      this.#events.onError(
        'sign-out-incomplete',
        `the provider could not be reached to end its session (${describeError(error)})`,
      );
      return false;
    }
  }

  /**
   * Signs in again for another identity of the citizen. The runtime checks the hint, fires the cancelable request
   * on `target` when given, and reports a switch that cannot start; resolves false then.
   */
  async switchIdentity(loginHint: string, target?: EventTarget): Promise<boolean> {
    return !!(await this.#runtime?.switchIdentity(loginHint, target));
  }

  /** Host mode: the site says who is signed in (`null`: nobody). */
  /** Resolves once the header shows the new state (the signed-in module may have to load first). */
  async setHostUser(user: ProfileUser | null): Promise<void> {
    this.#hostUser = user;
    if (this.#runtime) this.#runtime.setHostUser(user);
    // A new generation: a restore still under way (the session URL's answer) must not undo what the site said.
    else if (this.#inputs?.auth?.mode === 'host') await this.#restore(++this.#generation);
  }

  /** Reads the profile API again now. */
  async refresh(): Promise<void> {
    await this.#runtime?.refresh();
  }

  #setState(state: SessionState) {
    const before = this.state;
    this.state = state;
    // Without a profile API there is nothing to load: the menu shows the name, links and sign-out.
    this.feed = state.status === 'signed-in' && !this.#inputs?.api ? { status: 'ready' } : this.feed;
    if (state.status !== 'signed-in') this.feed = { status: 'loading' };
    if (before.status !== state.status || JSON.stringify(before.user) !== JSON.stringify(state.user)) {
      this.#events.onSessionChange(state);
    }
    this.#host.requestUpdate();
  }

  #teardown() {
    this.#runtime?.dispose();
    this.#runtime = undefined;
  }
}
