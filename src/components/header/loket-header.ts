import { LitElement, html, nothing, svg, type PropertyValues } from 'lit';
import { isServer } from 'lit-html/is-server.js';
import { translate } from '../../config/translate.js';
import type { AlertVariant, ConfigIssue, Link, PartialLoketConfig } from '../../config/types.js';
import type { FeedState } from '../../backend/summary-feed.js';
import { ConfigController } from '../../controllers/config-controller.js';
import { CurrentPageController } from '../../controllers/current-page-controller.js';
import { DisclosureController } from '../../controllers/disclosure-controller.js';
import { HydrationController } from '../../controllers/hydration-controller.js';
import { LazyModulesController } from '../../controllers/lazy-modules-controller.js';
import { LinkFitController } from '../../controllers/link-fit-controller.js';
import { LogoController } from '../../controllers/logo-controller.js';
import { RevealController } from '../../controllers/reveal-controller.js';
import { SessionController } from '../../controllers/session-controller.js';
import { ThemeController } from '../../controllers/theme-controller.js';
import {
  LoketErrorEvent,
  LoketNotificationsChangeEvent,
  LoketReadyEvent,
  LoketSessionChangeEvent,
  LoketSignInRequestEvent,
  LoketSignOutRequestEvent,
  type LoketIdentitySwitchEvent,
  type LoketErrorCode,
} from '../../events/events.js';
import type { StatusCode } from '../../i18n/alert/messages.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import { messagesFor } from '../../i18n/messages.js';
import { popoverMode } from '../../internal/popover.js';
import { hashKey } from '../../internal/session-memory.js';
import { totalUnread, type ProfileUser } from '../../model/profile.js';
import { withReturnUrl } from '../../session/return-url.js';
import type { SessionState } from '../../session/types.js';
import type { LoketHelpMenu } from '../help-menu/loket-help-menu.js';
import { headerStyles } from './loket-header.styles.js';

const chevron = svg`<path d="M6 9 0 3l1.4-1.4L6 6.2l4.6-4.6L12 3z"/>`;
const hamburger = svg`<path d="M0 1h16v2H0zM0 7h16v2H0zM0 13h16v2H0z"/>`;
const externalIcon = svg`<path d="M9 1v2h2.6L5.3 9.3l1.4 1.4L13 4.4V7h2V1H9ZM2 3a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h10a1 1 0 0 0 1-1V9h-2v4H3V5h4V3H2Z"/>`;

/** The errors the citizen hears about, as an alert of this variant (its text comes with the alert module). */
const STATUS_VARIANTS: Record<StatusCode, AlertVariant> = {
  'sign-in-unavailable': 'error',
  'session-ended': 'info',
  'sign-out-incomplete': 'warning',
};

function normalizePath(pathname: string) {
  return pathname.replace(/\/index\.html?$/, '/').replace(/(.)\/$/, '$1');
}

/** Whether `href` leads to `page` (a URL or a path; none: no link is the current page). */
function isCurrentPage(href: string, page: string | undefined) {
  if (!page) return false;
  try {
    const here = new URL(page, 'http://loket.invalid/');
    const url = new URL(href, here);
    return url.origin === here.origin && normalizePath(url.pathname) === normalizePath(here.pathname);
  } catch {
    return false;
  }
}

/**
 * The global header: the municipality's logo and name linking home, an optional umbrella link, the main
 * links (collapsing into a disclosure menu on narrow screens), a sign-in button and the site alert.
 *
 * Give it a config as a URL (`config` attribute), as inline JSON (a child `<script type="application/json">`)
 * or as an object (`config` property, which overrides the other two field by field). Its light-DOM
 * children are the fallback shown until the config is there, or when it cannot be loaded.
 *
 * @slot - Fallback content (e.g. a home link and a sign-in link) shown before and instead of a config.
 * @csspart bar - The header bar (the banner landmark).
 * @csspart umbrella - The umbrella link, e.g. "Vlaanderen".
 * @csspart brand - The home link with logo and name.
 * @csspart logo - The logo image.
 * @csspart nav - The main navigation.
 * @csspart menu-toggle - The "Menu" button on narrow screens.
 * @csspart sign-in - The sign-in button or link.
 * @csspart profile-menu - The signed-in citizen's menu.
 * @csspart help-menu - The "Hulp nodig?" menu (`help` in the config), loaded on demand.
 * @csspart status - A message about sign-in or the session.
 * @csspart alert - The site alert.
 * @cssprop --loket-header-background-color
 * @cssprop --loket-header-text-color
 * @cssprop --loket-header-border-color
 * @cssprop --loket-header-height - The bar's fixed height; reserve it in the page to avoid layout shift.
 * @cssprop --loket-header-font-family
 * @cssprop --loket-header-font-size
 * @cssprop --loket-header-padding-inline
 * @cssprop --loket-header-gap
 * @cssprop --loket-header-logo-height
 * @cssprop --loket-header-brand-text-color
 * @cssprop --loket-header-brand-font-weight
 * @cssprop --loket-header-umbrella-text-color
 * @cssprop --loket-header-link-text-color
 * @cssprop --loket-header-link-hover-text-color
 * @cssprop --loket-header-link-hover-background-color
 * @cssprop --loket-header-link-current-text-color
 * @cssprop --loket-header-focus-outline-color
 * @cssprop --loket-header-button-background-color
 * @cssprop --loket-header-button-text-color
 * @cssprop --loket-header-button-hover-background-color
 * @cssprop --loket-header-button-hover-text-color
 * @cssprop --loket-header-button-border-radius
 * @cssprop --loket-header-menu-background-color
 * @cssprop --loket-header-menu-text-color
 * @cssprop --loket-header-menu-border-color
 * @tagname loket-header
 * @fires loket-ready - A config was rendered ({@link LoketReadyEvent}).
 * @fires loket-error - A config, theme or sign-in problem; the header goes on with what it can ({@link LoketErrorEvent}).
 * @fires loket-sign-in-request - Cancelable: the citizen asked to sign in ({@link LoketSignInRequestEvent}).
 * @fires loket-sign-out-request - Cancelable: the citizen asked to sign out ({@link LoketSignOutRequestEvent}).
 * @fires loket-session-change - Someone signed in or out, here or in another tab ({@link LoketSessionChangeEvent}).
 * @fires loket-notifications-change - The unread counts changed ({@link LoketNotificationsChangeEvent}).
 * @fires loket-identity-switch-request - Cancelable: the citizen chose to act for another identity ({@link LoketIdentitySwitchRequestEvent}).
 */
export class LoketHeader extends LitElement {
  static override styles = headerStyles;

  static override properties = {
    configUrl: { attribute: 'config', reflect: true },
    config: { attribute: false },
    navigationEnabled: { type: Boolean, attribute: 'navigation-enabled' },
    accountVisible: { attribute: false },
    menuOpen: { state: true },
    statusMessage: { state: true },
  };

  /** URL of a JSON config. */
  declare configUrl?: string;

  /** A config object; its fields override those of the URL or inline config. */
  declare config?: PartialLoketConfig;

  /**
   * Navigation on: false shows only the municipality's name (no links, menus or sign-in), e.g. on a consent
   * screen the citizen should not leave.
   */
  navigationEnabled = true;

  /** Shows the sign-in button or the profile menu; a site may hide them on a page that must not offer sign-in. */
  accountVisible = true;

  private menuOpen = false;

  /** A short message for the citizen about sign-in or their session, shown as an alert. */
  private statusMessage?: StatusCode;

  // One controller per concern; the element renders from the config they produce.
  readonly #hydration = new HydrationController(this);
  readonly #i18n = new LocaleController(this);
  readonly #page = new CurrentPageController(this, this.#hydration);
  readonly #reveal = new RevealController(this);
  readonly #config = new ConfigController(this, (code, message, issues) => this.#reportError(code, message, issues));
  readonly #theme = new ThemeController(this, this.#reveal, (message) =>
    this.#reportError('theme-load-failed', message),
  );
  readonly #logo = new LogoController(this.#reveal);
  readonly #modules = new LazyModulesController(this, this.#reveal, (code, message) =>
    this.#reportError(code, message),
  );
  readonly #session = new SessionController(this, {
    onSessionChange: (state) => this.#onSessionChange(state),
    onFeedChange: (state) => this.#onFeedChange(state),
    onError: (code, message) => this.#onSessionError(code, message),
  });
  readonly #menu = new DisclosureController(this, {
    isOpen: () => this.menuOpen,
    setOpen: (open) => (this.menuOpen = open),
    trigger: () => this.renderRoot.querySelector<HTMLElement>('.menu-toggle'),
    panel: () => this.renderRoot.querySelector<HTMLElement>('.links'),
  });
  // The Menu closes when its button is gone (the screen got wider).
  readonly #fit = new LinkFitController(this, () => {
    if (!this.renderRoot.querySelector<HTMLElement>('.menu-toggle')?.offsetWidth) this.menuOpen = false;
  });

  #announceAlert = false;
  #readyPending = false;

  /** Resolves once the config (from every source) is loaded and rendered with its theme, or has failed to load. */
  get ready(): Promise<void> {
    return (async () => {
      await this.updateComplete;
      await this.#config.loaded;
      await this.updateComplete;
      await this.#theme.settled;
    })();
  }

  /** The config as rendered: every valid field of every source, merged. `undefined` while loading. */
  get effectiveConfig(): PartialLoketConfig | undefined {
    return this.#config.config;
  }

  override connectedCallback() {
    // A pre-rendered header shows its alert already (declarative shadow DOM); the element's module follows.
    if (this.#hydration.hydrating) this.#modules.alertLoaded = true;
    super.connectedCallback();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.menuOpen = false;
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    const changedConfig = this.#config.update(this.configUrl, this.config);
    const config = this.#config.config;
    if (isServer) return;
    if (changedConfig && config) this.#onConfig(config, changedConfig.previous);
    if (config) this.#session.configure({ auth: config.auth, api: config.api, locale: this.#i18n.locale });
    if (changed.has('navigationEnabled') && !this.navigationEnabled) this.menuOpen = false;
    // A signed-in citizen may need a session message when the network is gone: load the alert while it is there.
    if (config?.alert || this.statusMessage || this.#session.state.status === 'signed-in') this.#modules.loadAlert();
  }

  /** A new config: start what it asks for (its logo, help module and theme) and measure the links again. */
  #onConfig(config: PartialLoketConfig, previous: PartialLoketConfig | undefined) {
    const prerendered = this.#hydration.hydrating;
    this.#logo.wait(config.municipality?.logo?.src, prerendered);
    this.#modules.loadHelp(config, prerendered);
    this.#announceAlert = previous !== undefined && JSON.stringify(previous.alert) !== JSON.stringify(config.alert);
    this.#fit.reset();
    this.#theme.set(config.theme);
    this.#readyPending = true;
  }

  protected override updated() {
    if (this.#readyPending) {
      this.#readyPending = false;
      const ready = new LoketReadyEvent();
      this.dispatchEvent(ready);
    }
  }

  /** One console.error and one `loket-error` event per problem found. */
  #reportError(code: LoketErrorCode, message: string, issues: ConfigIssue[] = []) {
    console.error(`loket: ${message}`);
    const error = new LoketErrorEvent(code, message, issues);
    this.dispatchEvent(error);
  }

  /**
   * Starts sign-in as the button does: fires the cancelable `loket-sign-in-request`, then (unless a listener
   * cancelled it) goes to the sign-in page. Resolves false when cancelled, not configured or not possible.
   */
  async signIn(): Promise<boolean> {
    const auth = this.effectiveConfig?.auth;
    if (!auth || auth.mode === 'none') return false;
    if (!this.#requestSignIn()) return false;
    return this.#session.signIn();
  }

  /**
   * Signs out as the menu's button does: fires the cancelable `loket-sign-out-request`, then ends the session
   * in every tab. Resolves false when cancelled or when nobody is signed in.
   */
  async signOut(): Promise<boolean> {
    if (this.#session.state.status !== 'signed-in') return false;
    const request = new LoketSignOutRequestEvent();
    if (!this.dispatchEvent(request)) return false;
    return this.#session.signOut();
  }

  /** The help menu once its module has loaded; undefined without help options, or when it could not load. */
  async helpMenu(): Promise<LoketHelpMenu | undefined> {
    await this.ready;
    return ((await this.#modules.helpLoad) && this.renderRoot.querySelector('loket-help-menu')) || undefined;
  }

  /** Who is signed in, as the header shows it. */
  get sessionState(): SessionState {
    return this.#session.state;
  }

  /** Host mode: the site says who is signed in (`null`: nobody). */
  setSessionUser(user: ProfileUser | null): Promise<void> {
    return this.#session.setHostUser(user);
  }

  /**
   * Acts for another of the citizen's identities (a `loginHint` of `user.identities`) as the menu does: fires the
   * cancelable `loket-identity-switch-request`, then signs in again for it (oidc: `login_hint`; host mode:
   * `auth.switchUrl`). Resolves false when cancelled, nobody is signed in or the hint is not one of theirs.
   */
  switchIdentity(loginHint: string): Promise<boolean> {
    return this.#session.switchIdentity(loginHint, this);
  }

  /** Reads the profile API again now. */
  refresh(): Promise<void> {
    return this.#session.refresh();
  }

  #onSessionChange(state: SessionState) {
    const change = new LoketSessionChangeEvent(state.status, state.user);
    this.dispatchEvent(change);
  }

  #lastUnread?: string;

  #onFeedChange(state: FeedState) {
    const unread = state.summary?.unread;
    const key = JSON.stringify(unread);
    if (!unread || key === this.#lastUnread) return;
    this.#lastUnread = key;
    const change = new LoketNotificationsChangeEvent(unread, totalUnread(unread));
    this.dispatchEvent(change);
  }

  /** Errors the citizen should hear about get a short message in their language; all are reported. */
  #onSessionError(code: LoketErrorCode, message: string) {
    this.#reportError(code, message);
    if (code in STATUS_VARIANTS) this.statusMessage = code as StatusCode;
  }

  #onMenuSignOut() {
    void this.#session.signOut();
  }

  #onSignInLinkClick(event: MouseEvent) {
    // A modified click opens a new tab: leave it to the browser.
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    if (!this.#requestSignIn()) event.preventDefault();
  }

  /** Fires the cancelable request; false when a listener cancelled it. */
  #requestSignIn(): boolean {
    const request = new LoketSignInRequestEvent();
    return this.dispatchEvent(request);
  }

  #onSignInSubmit(event: SubmitEvent) {
    // The form leads to a page of the service only where no script runs (a pre-rendered header).
    event.preventDefault();
    void this.signIn();
  }

  #renderLink(link: Link, extraClass = '') {
    const { locale } = this.#i18n;
    const messages = messagesFor(locale);
    const label = translate(link.label, locale);
    const newWindow = link.target === '_blank';
    return html`<li class=${extraClass}>
      <a
        href=${link.href}
        target=${link.target ?? nothing}
        rel=${newWindow || link.external ? 'noopener noreferrer' : nothing}
        aria-current=${isCurrentPage(link.href, this.#page.page) ? 'page' : nothing}
        >${label}${
          link.external
            ? html`<svg class="external-icon" viewBox="0 0 16 16" aria-hidden="true">${externalIcon}</svg
                ><span class="visually-hidden"> (${messages.externalLink})</span>`
            : nothing
        }${newWindow ? html`<span class="visually-hidden"> (${messages.newWindow})</span>` : nothing}</a
      >
    </li>`;
  }

  #renderBrand(config: PartialLoketConfig) {
    const { locale } = this.#i18n;
    const messages = messagesFor(locale);
    const municipality = config.municipality ?? {};
    const name = translate(municipality.name, locale);
    const logo = municipality.logo;
    if (!name && !logo) return nothing;
    // The name is shown as text, so the logo is decorative; without a name the logo's alt names the link.
    const logoImg = logo
      ? html`<img
          part="logo"
          class="logo"
          src=${logo.src}
          alt=${name ? '' : (translate(logo.alt, locale) ?? '')}
          @load=${this.#logo.settled}
          @error=${this.#logo.settled}
        />`
      : nothing;
    const content = html`${logoImg}${name ? html`<span class="name">${name}</span>` : nothing}`;
    return municipality.href && this.navigationEnabled
      ? html`<a
          part="brand"
          class="brand"
          href=${municipality.href}
          aria-label=${name ? messages.homeLink(name) : nothing}
          >${content}</a
        >`
      : html`<span part="brand" class="brand">${content}</span>`;
  }

  #renderUmbrella(config: PartialLoketConfig, inPanel: boolean) {
    const umbrella = config.umbrella;
    if (!umbrella || !this.navigationEnabled) return nothing;
    const label = translate(umbrella.label, this.#i18n.locale);
    return inPanel
      ? html`<li class="narrow-only"><a href=${umbrella.href}>${label}</a></li>`
      : html`<a part="umbrella" class="umbrella" href=${umbrella.href}>${label}</a>`;
  }

  #hasNav(config: PartialLoketConfig) {
    return this.navigationEnabled && ((config.links?.main?.length ?? 0) > 0 || config.umbrella !== undefined);
  }

  #renderNav(config: PartialLoketConfig) {
    if (!this.#hasNav(config)) return nothing;
    const links = config.links?.main ?? [];
    const messages = messagesFor(this.#i18n.locale);
    return html`<nav part="nav" aria-label=${messages.mainNavigation}>
      <button
        part="menu-toggle"
        class="menu-toggle"
        type="button"
        aria-expanded=${this.menuOpen ? 'true' : 'false'}
        aria-controls="loket-main-links"
        @click=${this.#menu.toggle}
      >
        <svg class="hamburger" viewBox="0 0 16 16" aria-hidden="true">${hamburger}</svg
        ><span class="toggle-label">${messages.menu}</span
        ><svg class="chevron" viewBox="0 0 12 10" aria-hidden="true">${chevron}</svg>
      </button>
      <ul
        id="loket-main-links"
        class="links ${this.menuOpen ? 'open' : ''}"
        popover=${(!this.#hydration.hydrating && popoverMode) || nothing}
      >
        ${this.#renderUmbrella(config, true)}${links.map((link) => this.#renderLink(link))}
      </ul>
    </nav>`;
  }

  #renderSignIn(config: PartialLoketConfig) {
    const auth = config.auth;
    const label = messagesFor(this.#i18n.locale).signIn;
    if (auth?.mode === 'host') {
      return html`<a
        part="sign-in"
        class="sign-in"
        href=${withReturnUrl(auth.loginUrl, this.#page.page ?? '/')}
        @click=${this.#onSignInLinkClick}
        >${label}</a
      >`;
    }
    if (auth?.mode === 'oidc') {
      // Without script (a pre-rendered header), the form goes to a page of the service where one signs in.
      return html`<form
        class="sign-in-form"
        action=${auth.signInPage ?? auth.authority}
        @submit=${this.#onSignInSubmit}
      >
        <button part="sign-in" class="sign-in">${label}</button>
      </form>`;
    }
    return nothing;
  }

  #renderAccount(config: PartialLoketConfig) {
    const { state, feed } = this.#session;
    if (state.status !== 'signed-in' || !state.user) return this.#renderSignIn(config);
    return html`<loket-profile-menu
      part="profile-menu"
      .session=${state}
      .summary=${feed.summary}
      .status=${feed.status}
      .links=${config.links?.application}
      .apiBaseUrl=${config.api?.baseUrl}
      @loket-sign-out=${this.#onMenuSignOut}
      @loket-identity-switch=${(e: LoketIdentitySwitchEvent) => this.#session.switchIdentity(e.loginHint)}
    ></loket-profile-menu>`;
  }

  #renderStatusMessage() {
    const status = this.statusMessage;
    const alertModule = this.#modules.alertModule;
    if (!status || !alertModule) return nothing;
    return html`<loket-alert
      part="status"
      variant=${STATUS_VARIANTS[status]}
      dismissible
      announce
      @loket-alert-dismiss=${this.#onStatusDismiss}
      >${alertModule.alertMessagesFor(this.#i18n.locale).status[status]}</loket-alert
    >`;
  }

  #onStatusDismiss() {
    this.statusMessage = undefined;
  }

  #renderAlert(config: PartialLoketConfig) {
    const alert = config.alert;
    if (!alert || !this.#modules.alertLoaded) return nothing;
    const message = translate(alert.message, this.#i18n.locale);
    return html`<loket-alert
      part="alert"
      variant=${alert.variant}
      ?dismissible=${alert.dismissible ?? false}
      .announce=${this.#announceAlert}
      dismiss-key=${hashKey(`${alert.variant}:${JSON.stringify(alert.message)}`)}
      >${message}</loket-alert
    >`;
  }

  override render() {
    const config = this.#config.config;
    const hasNav = config !== undefined && this.#hasNav(config);
    return html`
      <div class="frame ${this.#fit.collapsed ? 'collapsed' : ''}">
        <header
          part="bar"
          class="bar ${this.#reveal.hidden ? 'pending' : ''} ${hasNav ? 'has-nav' : ''}"
          @keydown=${this.#menu.onKeydown}
        >
          <div class="fallback" ?hidden=${config !== undefined}><slot></slot></div>
          ${
            config
              ? html`<div class="start">${this.#renderUmbrella(config, false)}${this.#renderBrand(config)}</div>
                  ${this.#renderNav(config)}
                  <div class="end">
                    ${
                      this.navigationEnabled
                        ? html`${
                            config.help?.options?.length
                              ? html`<loket-help-menu part="help-menu" .help=${config.help}></loket-help-menu>`
                              : nothing
                          }${this.accountVisible ? this.#renderAccount(config) : nothing}`
                        : nothing
                    }
                  </div>`
              : nothing
          }
          <span class="bar-complete"></span>
        </header>
      </div>
      ${config ? this.#renderAlert(config) : nothing} ${this.#renderStatusMessage()}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'loket-header': LoketHeader;
  }
}
