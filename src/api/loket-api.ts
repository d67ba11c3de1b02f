import type { LoketHeader } from '../components/header/loket-header.js';
import { mergeConfig } from '../config/merge.js';
import type { AlertConfig, LoketConfig, PartialLoketConfig } from '../config/types.js';
import { formatIssues, validateAlert, validateConfig } from '../config/validate.js';
import type { ProfileUser } from '../model/profile.js';
import type { SessionState } from '../session/types.js';

/** Event names `on()` accepts, with or without the `loket-` prefix. */
export type LoketEventName =
  | 'ready'
  | 'error'
  | 'sign-in-request'
  | 'sign-out-request'
  | 'session-change'
  | 'notifications-change'
  | 'alert-dismiss';

function isUserArgument(value: unknown): value is ProfileUser {
  const user = value as ProfileUser;
  return (
    typeof user === 'object' && user !== null && typeof user.id === 'string' && user.id !== '' &&
    typeof user.givenName === 'string' && typeof user.familyName === 'string'
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function badArgument(method: string, argument: string, expected: string): Promise<never> {
  return Promise.reject(new TypeError(`loket.${method}: "${argument}" must be ${expected}`));
}

/**
 * `window.loket`: drive the header from the host page. The drop-in loads this class on the first call
 * (`loket-api.js`, see api/stub.ts), so it must not import the elements themselves, only their types. Every method returns a promise; a bad argument
 * rejects with a message naming the argument and the expected form.
 */
export class LoketApi {
  readonly version: string;
  #header?: LoketHeader;

  constructor(version: string) {
    this.version = version;
  }

  /** The mounted header, or the first one in the page. */
  #current(): LoketHeader | undefined {
    if (this.#header?.isConnected) return this.#header;
    this.#header = document.querySelector('loket-header') ?? undefined;
    return this.#header;
  }

  /** The mounted header, or an error telling the caller to mount first. */
  #required(method: string): LoketHeader {
    const header = this.#current();
    if (!header) throw new Error(`loket.${method}: no header is mounted; call loket.mount() first`);
    return header;
  }

  async #whenReady(header: LoketHeader): Promise<LoketHeader> {
    await header.ready;
    return header;
  }

  /**
   * Shows the header: in `target` (an element or a CSS selector; a `<loket-header>` is used as it is), or,
   * without one, in the header already in the page or at the top of `<body>`. A second mount warns and
   * keeps the one header (applying `config` to it, if given).
   */
  mount(target?: Element | string, config?: PartialLoketConfig): Promise<LoketHeader> {
    if (target !== undefined && typeof target !== 'string' && !(target instanceof Element)) {
      return badArgument('mount', 'target', 'an Element, a CSS selector string, or undefined');
    }
    if (config !== undefined && !isPlainObject(config)) {
      return badArgument('mount', 'config', 'a config object ({ municipality: { id, name, href }, ... })');
    }
    const mounted = this.#header?.isConnected ? this.#header : undefined;
    if (mounted) {
      console.warn('loket: mount() called while a header is mounted; keeping the one header');
      if (config) mounted.config = config;
      return this.#whenReady(mounted);
    }
    let container: Element | null | undefined;
    if (typeof target === 'string') {
      try {
        container = document.querySelector(target);
      } catch {
        return badArgument('mount', 'target', `a valid CSS selector; got ${JSON.stringify(target)}`);
      }
      if (!container) return badArgument('mount', 'target', `a selector that matches an element; ${JSON.stringify(target)} matches none`);
    } else {
      container = target;
    }
    let header: LoketHeader | null =
      container?.localName === 'loket-header' ? (container as LoketHeader) : (container ?? document).querySelector('loket-header');
    if (!header) {
      header = document.createElement('loket-header');
      if (container) container.append(header);
      else document.body.prepend(header);
    }
    if (config) header.config = config;
    this.#header = header;
    return this.#whenReady(header);
  }

  /** Removes the header from the page. Resolves false when there was none. */
  async unmount(): Promise<boolean> {
    const header = this.#current();
    if (!header) return false;
    header.remove();
    this.#header = undefined;
    return true;
  }

  /**
   * Changes part of the config: objects merge field by field, arrays replace, `null` removes a field.
   * Rejects (after applying what is valid) when a changed field is invalid.
   */
  async configure(partial: PartialLoketConfig): Promise<PartialLoketConfig> {
    if (!isPlainObject(partial)) return badArgument('configure', 'partial', 'an object with the config fields to change');
    const header = this.#required('configure');
    const next = mergeConfig(header.config ?? {}, partial);
    header.config = next;
    await header.ready;
    const changedKeys = Object.keys(partial);
    const issues = validateConfig(mergeConfig(header.effectiveConfig ?? {}, partial)).issues.filter((issue) =>
      changedKeys.some((key) => issue.path === key || issue.path.startsWith(`${key}.`) || issue.path.startsWith(`${key}[`)),
    );
    if (issues.length > 0) throw new TypeError(`loket.configure: invalid config:\n${formatIssues(issues)}`);
    return this.getConfig() as Promise<PartialLoketConfig>;
  }

  /** A copy of the config as rendered (valid fields only), or undefined when nothing is mounted. */
  async getConfig(): Promise<PartialLoketConfig | undefined> {
    const header = this.#current();
    if (!header) return undefined;
    await header.ready;
    const config = header.effectiveConfig;
    return config && structuredClone(config);
  }

  /** Starts sign-in, as the header's button does. Resolves false when cancelled, not configured or not possible. */
  async signIn(): Promise<boolean> {
    return (await this.#current()?.signIn()) ?? false;
  }

  /** Signs out everywhere, as the menu's button does. Resolves false when cancelled or nobody is signed in. */
  async signOut(): Promise<boolean> {
    return (await this.#current()?.signOut()) ?? false;
  }

  /** Who is signed in: `{ status: 'signed-in', user }` or `{ status: 'signed-out' }` (never tokens). */
  async getSession(): Promise<SessionState> {
    const header = this.#current();
    return header ? structuredClone(header.sessionState) : { status: 'signed-out' };
  }

  /**
   * Host mode: the site tells who is signed in, `{ user: { id, givenName, familyName } }`, or that nobody is,
   * `{ user: null }`. The header then reads the profile API with the site's cookies.
   */
  async setSession(state: { user: ProfileUser | null }): Promise<void> {
    if (typeof state !== 'object' || state === null || !('user' in state)) {
      return badArgument('setSession', 'state', 'an object { user: { id, givenName, familyName } } or { user: null }');
    }
    if (state.user !== null && !isUserArgument(state.user)) {
      return badArgument('setSession', 'state.user', 'an object with string id, givenName and familyName, or null');
    }
    const header = this.#required('setSession');
    if (header.effectiveConfig?.auth?.mode !== 'host') {
      throw new Error('loket.setSession: only in auth.mode "host"; in "oidc" mode the header signs in itself');
    }
    header.setSessionUser(state.user && { id: state.user.id, givenName: state.user.givenName, familyName: state.user.familyName });
    await header.updateComplete;
  }

  /** Reads the profile API again now (e.g. after the site marked a message read). */
  async refresh(): Promise<void> {
    await this.#current()?.refresh();
  }

  /** Shows an alert (announced to screen readers), or removes it with `null`. */
  async setAlert(alert: AlertConfig | null): Promise<void> {
    if (alert !== null) {
      const { issues } = validateAlert(alert);
      if (issues.length > 0) throw new TypeError(`loket.setAlert: invalid alert:\n${formatIssues(issues)}`);
    }
    await this.configure({ alert: alert as AlertConfig });
  }

  /** Shows or hides the main links. */
  async setNavigationEnabled(enabled: boolean): Promise<void> {
    if (typeof enabled !== 'boolean') return badArgument('setNavigationEnabled', 'enabled', 'true or false');
    const header = this.#required('setNavigationEnabled');
    header.navigationEnabled = enabled;
    await header.updateComplete;
  }

  /**
   * Listens to a header event (`'ready'` or `'loket-ready'`, ...) on the whole page, across remounts.
   * Returns a function that stops listening.
   */
  on(event: LoketEventName | `loket-${LoketEventName}`, handler: (event: Event) => void): () => void {
    if (typeof event !== 'string' || (event as string) === '') throw new TypeError('loket.on: "event" must be an event name such as "ready"');
    if (typeof handler !== 'function') throw new TypeError('loket.on: "handler" must be a function');
    const type = event.startsWith('loket-') ? event : `loket-${event}`;
    document.addEventListener(type, handler);
    return () => document.removeEventListener(type, handler);
  }
}

export type { LoketConfig, SessionState };
