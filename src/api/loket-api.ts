import type { LoketHeader } from '../components/header/loket-header.js';
import { mergeConfig } from '../config/merge.js';
import type { AlertConfig, LoketConfig, PartialLoketConfig } from '../config/types.js';
import { formatIssues, validateAlert, validateConfig, validateHelp } from '../config/validate.js';
import { isRecord } from '../config/checker.js';
import { assetUrl } from '../internal/assets.js';
import { isSafeUrl } from '../internal/url.js';
import { PARTY_KINDS, type Identity, type Party, type ProfileUser } from '../model/profile.js';
import type { SessionState } from '../session/types.js';
import { rejectArgument } from './arguments.js';

/** Event names `on()` accepts, with or without the `loket-` prefix. */
export type LoketEventName =
  | 'ready'
  | 'error'
  | 'sign-in-request'
  | 'sign-out-request'
  | 'session-change'
  | 'notifications-change'
  | 'alert-dismiss'
  | 'identity-switch-request'
  | 'help-toggle'
  | 'session-expiring';

/** The typed event `on(name)` hands its handler, e.g. `LoketSessionChangeEvent` for `'session-change'`. */
export type LoketEventOf<K extends LoketEventName> = HTMLElementEventMap[`loket-${K}`];

/** The first problem with a Party argument as `[field, expected form]`, or undefined when it is fine. */
function partyProblem(value: unknown, path: string): [string, string] | undefined {
  const party = value as Party;
  if (!isRecord(party)) return [path, `an object { kind, name, identifier? }`];
  if (!PARTY_KINDS.includes(party.kind))
    return [`${path}.kind`, `one of ${PARTY_KINDS.map((k) => `"${k}"`).join(', ')}`];
  if (typeof party.name !== 'string' || party.name.trim() === '') return [`${path}.name`, 'a non-empty string'];
  if (party.identifier !== undefined && typeof party.identifier !== 'string')
    return [`${path}.identifier`, 'a string or absent'];
  return undefined;
}

/** The first problem with a user argument of setSession, or undefined when it is fine. */
function userProblem(value: unknown): [string, string] | undefined {
  const user = value as ProfileUser;
  const names = 'an object with string id, givenName and familyName, or null';
  if (!isRecord(user)) return ['state.user', names];
  if (typeof user.id !== 'string' || user.id === '') return ['state.user.id', 'a non-empty string'];
  if (typeof user.givenName !== 'string') return ['state.user.givenName', 'a string'];
  if (typeof user.familyName !== 'string') return ['state.user.familyName', 'a string'];
  if (user.onBehalfOf !== undefined) {
    const problem = partyProblem(user.onBehalfOf, 'state.user.onBehalfOf');
    if (problem) return problem;
  }
  if (user.identities !== undefined) {
    if (!Array.isArray(user.identities)) return ['state.user.identities', 'an array of { loginHint, onBehalfOf? }'];
    for (const [i, identity] of user.identities.entries()) {
      const path = `state.user.identities[${i}]`;
      if (!isRecord(identity)) return [path, 'an object { loginHint, onBehalfOf? }'];
      if (typeof identity.loginHint !== 'string' || identity.loginHint === '')
        return [`${path}.loginHint`, 'a non-empty string'];
      if (identity.onBehalfOf !== undefined) {
        const problem = partyProblem(identity.onBehalfOf, `${path}.onBehalfOf`);
        if (problem) return problem;
      }
    }
  }
  return undefined;
}

/** A copy of the user with only the fields the header shows (nothing else the site passed is kept). */
function pickUser(user: ProfileUser): ProfileUser {
  const party = (p: Party): Party => ({
    kind: p.kind,
    name: p.name,
    ...(p.identifier !== undefined && { identifier: p.identifier }),
  });
  return {
    id: user.id,
    givenName: user.givenName,
    familyName: user.familyName,
    ...(user.onBehalfOf && { onBehalfOf: party(user.onBehalfOf) }),
    ...(user.identities && {
      identities: user.identities.map((i): Identity => ({
        loginHint: i.loginHint,
        ...(i.onBehalfOf && { onBehalfOf: party(i.onBehalfOf) }),
      })),
    }),
  };
}

let defaults: Promise<Record<string, string>> | undefined;

/**
 * The default theme's tokens: with it no theme file is loaded (the components' fallbacks are its values), so
 * they are read from the built `themes/loket.css` beside this file, once, when first asked for.
 */
function defaultTokens(): Promise<Record<string, string>> {
  defaults ??= (async () => {
    const url = assetUrl('themes/loket.css') ?? new URL(/* @vite-ignore */ 'themes/loket.css', import.meta.url).href;
    const response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'text/css' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(await response.text());
    const tokens: Record<string, string> = {};
    for (const rule of Array.from(sheet.cssRules)) {
      if (!(rule instanceof CSSStyleRule)) continue;
      for (const name of Array.from(rule.style))
        if (name.startsWith('--loket-')) tokens[name] = rule.style.getPropertyValue(name).trim();
    }
    return tokens;
  })().catch(() => ({}));
  return defaults;
}

/** Resolves once the HTML is parsed: a call queued before the drop-in ran may look for elements further down. */
async function documentParsed(): Promise<void> {
  if (document.readyState === 'loading') {
    await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
  }
  // Beside a pre-rendered header the drop-in defines the element only once Lit's hydration support has loaded.
  if (document.querySelector('loket-header')) await customElements.whenDefined('loket-header');
}

function badArgument(method: string, argument: string, expected: string): Promise<never> {
  return rejectArgument(`loket.${method}`, argument, expected);
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

  /** The mounted header, or the first one in the page (once the page is parsed: a call may come early). */
  async #current(): Promise<LoketHeader | undefined> {
    await documentParsed();
    if (this.#header?.isConnected) return this.#header;
    this.#header = document.querySelector('loket-header') ?? undefined;
    return this.#header;
  }

  /** The mounted header, or an error telling the caller to mount first. */
  async #required(method: string): Promise<LoketHeader> {
    const header = await this.#current();
    if (!header) throw new Error(`loket.${method}: no header is mounted; call loket.mount() first`);
    return header;
  }

  async #whenReady(header: LoketHeader): Promise<LoketHeader> {
    await header.ready;
    return header;
  }

  /**
   * Shows the header: in `target` (an element or a CSS selector; a `<loket-header>` is used as it is), or,
   * without one, in the header already in the page or at the top of `<body>`. `config` is a config object or
   * the URL of a JSON config. A second mount warns and keeps the one header (applying `config` to it, if given).
   */
  async mount(target?: Element | string | null, config?: PartialLoketConfig | string): Promise<LoketHeader> {
    if (target !== undefined && target !== null && typeof target !== 'string' && !(target instanceof Element)) {
      return badArgument('mount', 'target', 'an Element, a CSS selector string, or undefined');
    }
    if (typeof config === 'string' ? !isSafeUrl(config) : config !== undefined && !isRecord(config)) {
      return badArgument(
        'mount',
        'config',
        'a config object ({ municipality: { id, name, href }, ... }) or the http(s) or relative URL of a JSON config',
      );
    }
    const apply = (header: LoketHeader) => {
      if (typeof config === 'string') header.configUrl = config;
      else if (config) header.config = config;
    };
    await documentParsed(); // the target, or the header in the page, may come later in the HTML
    const mounted = this.#header?.isConnected ? this.#header : undefined;
    if (mounted) {
      console.warn('loket: mount() called while a header is mounted; keeping the one header');
      apply(mounted);
      return this.#whenReady(mounted);
    }
    let container: Element | null | undefined;
    if (typeof target === 'string') {
      try {
        container = document.querySelector(target);
      } catch {
        return badArgument('mount', 'target', `a valid CSS selector; got ${JSON.stringify(target)}`);
      }
      if (!container)
        return badArgument(
          'mount',
          'target',
          `a selector that matches an element; ${JSON.stringify(target)} matches none`,
        );
    } else {
      container = target ?? undefined;
    }
    let header: LoketHeader | null =
      container?.localName === 'loket-header'
        ? (container as LoketHeader)
        : (container ?? document).querySelector('loket-header');
    if (!header) {
      header = document.createElement('loket-header');
      if (container) container.append(header);
      else document.body.prepend(header);
    }
    apply(header);
    this.#header = header;
    return this.#whenReady(header);
  }

  /** Removes the header from the page. Resolves false when there was none. */
  async unmount(): Promise<boolean> {
    const header = await this.#current();
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
    if (!isRecord(partial)) return badArgument('configure', 'partial', 'an object with the config fields to change');
    const header = await this.#required('configure');
    const next = mergeConfig(header.config ?? {}, partial);
    header.config = next;
    await header.ready;
    const changedKeys = Object.keys(partial);
    const issues = validateConfig(mergeConfig(header.effectiveConfig ?? {}, partial)).issues.filter((issue) =>
      changedKeys.some(
        (key) => issue.path === key || issue.path.startsWith(`${key}.`) || issue.path.startsWith(`${key}[`),
      ),
    );
    if (issues.length > 0) throw new TypeError(`loket.configure: invalid config:\n${formatIssues(issues)}`);
    return this.getConfig() as Promise<PartialLoketConfig>;
  }

  /** A copy of the config as rendered (valid fields only), or undefined when nothing is mounted. */
  async getConfig(): Promise<PartialLoketConfig | undefined> {
    const header = await this.#current();
    if (!header) return undefined;
    await header.ready;
    const config = header.effectiveConfig && structuredClone(header.effectiveConfig);
    // The header checks only the shape of `help` (its module checks the options): answer with the valid ones.
    if (config?.help) config.help = validateHelp(config.help).help;
    if (config && !config.help) delete config.help;
    return config;
  }

  /** Starts sign-in, as the header's button does. Resolves false when cancelled, not configured or not possible. */
  async signIn(): Promise<boolean> {
    return (await (await this.#current())?.signIn()) ?? false;
  }

  /** Signs out everywhere, as the menu's button does. Resolves false when cancelled or nobody is signed in. */
  async signOut(): Promise<boolean> {
    return (await (await this.#current())?.signOut()) ?? false;
  }

  /** Who is signed in: `{ status: 'signed-in', user }` or `{ status: 'signed-out' }` (never tokens). */
  async getSession(): Promise<SessionState> {
    const header = await this.#current();
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
    const problem = state.user === null ? undefined : userProblem(state.user);
    if (problem) return badArgument('setSession', problem[0], problem[1]);
    const header = await this.#required('setSession');
    await header.ready;
    if (header.effectiveConfig?.auth?.mode !== 'host') {
      throw new Error('loket.setSession: only in auth.mode "host"; in "oidc" mode the header signs in itself');
    }
    await header.setSessionUser(state.user && pickUser(state.user));
    await header.updateComplete;
  }

  /**
   * Acts in another capacity: `loginHint` is one of `getSession()`'s `user.identities`. In oidc mode this signs
   * in again with that hint; in host mode it goes to `auth.switchUrl`. Resolves false when cancelled, when
   * nobody is signed in, or when the hint is not one of the citizen's identities.
   */
  async switchIdentity(loginHint: string): Promise<boolean> {
    if (typeof loginHint !== 'string' || loginHint === '')
      return badArgument(
        'switchIdentity',
        'loginHint',
        "a non-empty string, one of getSession()'s user.identities[].loginHint",
      );
    return (await (await this.#current())?.switchIdentity(loginHint)) ?? false;
  }

  /** Opens (true) or closes (false) the help menu. Resolves false when the config has no help options. */
  async setHelpOpen(open: boolean): Promise<boolean> {
    if (typeof open !== 'boolean') return badArgument('setHelpOpen', 'open', 'true or false');
    const menu = await (await this.#required('setHelpOpen')).helpMenu();
    if (!menu) return false;
    menu.open = open;
    await menu.updateComplete;
    return true;
  }

  /** Whether the help menu is open. */
  async isHelpOpen(): Promise<boolean> {
    return (await (await this.#current())?.helpMenu())?.open ?? false;
  }

  /** Shows or hides the sign-in button and the profile menu (e.g. on a page that must not offer sign-in). */
  async setAccountVisible(visible: boolean): Promise<void> {
    if (typeof visible !== 'boolean') return badArgument('setAccountVisible', 'visible', 'true or false');
    const header = await this.#required('setAccountVisible');
    header.accountVisible = visible;
    await header.updateComplete;
  }

  /** Reads the profile API again now (e.g. after the site marked a message read). */
  async refresh(): Promise<void> {
    await (await this.#current())?.refresh();
  }

  /** Shows an alert (announced to screen readers), or removes it with `null`. */
  async setAlert(alert: AlertConfig | null): Promise<void> {
    if (alert !== null) {
      const { issues } = validateAlert(alert);
      if (issues.length > 0) throw new TypeError(`loket.setAlert: invalid alert:\n${formatIssues(issues)}`);
    }
    await this.configure({ alert: alert as AlertConfig });
  }

  /**
   * Overrides design tokens on this header at run time, e.g. `{ '--loket-header-link-text-color': '#0055cc' }`;
   * `null` removes an override (the theme's value returns). Only `--loket-*` names; no contrast check here
   * (themes built by `themes/build.mjs` are checked; the Flemish `branding.setColors` checks its colours).
   */
  async setTokens(tokens: Record<string, string | null>): Promise<void> {
    if (!isRecord(tokens))
      return badArgument(
        'setTokens',
        'tokens',
        "an object of token names and values, e.g. { '--loket-header-link-text-color': '#0055cc' }",
      );
    for (const [name, value] of Object.entries(tokens)) {
      if (!/^--loket-[a-z0-9-]+$/.test(name))
        return badArgument('setTokens', name, 'a Loket token name: --loket-{component}-…, lower case');
      if (value !== null && (typeof value !== 'string' || /[;{}]/.test(value) || value.trim() === '')) {
        return badArgument('setTokens', `tokens["${name}"]`, 'a CSS value (no ";", "{" or "}") or null');
      }
    }
    const header = await this.#required('setTokens');
    for (const [name, value] of Object.entries(tokens)) {
      if (value === null) header.style.removeProperty(name);
      else header.style.setProperty(name, value.trim());
    }
  }

  /**
   * The value of every `--loket-*` token on the mounted header, by name: the theme's (the default theme's
   * when none is set), the page's, or what `setTokens` set.
   */
  async getTokens(): Promise<Record<string, string>> {
    const header = await this.#current();
    if (!header) return {};
    await header.ready;
    const tokens = { ...(await defaultTokens()) };
    const style = getComputedStyle(header);
    for (const name of Array.from(style)) {
      if (name.startsWith('--loket-')) tokens[name] = style.getPropertyValue(name).trim();
    }
    return tokens;
  }

  /**
   * Enables or disables navigation: disabled, the header shows only the municipality's name (no links, no
   * menus, no sign-in), e.g. on a consent screen the citizen should not leave.
   */
  async setNavigationEnabled(enabled: boolean): Promise<void> {
    if (typeof enabled !== 'boolean') return badArgument('setNavigationEnabled', 'enabled', 'true or false');
    const header = await this.#required('setNavigationEnabled');
    header.navigationEnabled = enabled;
    await header.updateComplete;
  }
}

export type { LoketConfig, SessionState };
