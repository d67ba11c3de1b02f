import { LitElement, html, nothing, svg } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { translate } from '../../config/translate.js';
import { extendSession } from '../../internal/session-actions.js';
import type { Link } from '../../config/types.js';
import {
  LoketIdentitySwitchEvent,
  LoketIdentitySwitchRequestEvent,
  LoketSignOutEvent,
  LoketSignOutRequestEvent,
} from '../../events/events.js';
import { DisclosureController } from '../../controllers/disclosure-controller.js';
import { popoverMode } from '../../internal/popover.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import { profileMessagesFor } from '../../i18n/profile/messages.js';
import { formatRelativeTime } from '../../i18n/relative-time.js';
import { sameParty } from '../../model/identity.js';
import {
  totalUnread,
  type Identity,
  type ProfileItem,
  type ProfileSummary,
  type ProfileUser,
} from '../../model/profile.js';
import type { SessionState } from '../../session/types.js';
import type { SessionWarningStatus } from '../session-warning/loket-session-warning.js';
import { badgeText } from '../notification-badge/loket-notification-badge.js';
import { profileMenuStyles } from './loket-profile-menu.styles.js';

const chevron = svg`<path d="M6 9 0 3l1.4-1.4L6 6.2l4.6-4.6L12 3z"/>`;

export type ProfileMenuStatus = 'loading' | 'ready' | 'unavailable';

function initials(user: ProfileUser) {
  return `${user.givenName.trim().charAt(0)}${user.familyName.trim().charAt(0)}`.toUpperCase();
}

/**
 * The signed-in citizen's menu: a disclosure button with their name and unread count, opening a panel with
 * their latest items, links to their pages and "Sign out". When they act for someone else (`user.onBehalfOf`),
 * the button and the panel say for whom; when they have other identities (`user.identities`), the panel offers
 * them under "Switch identity". While the session is about to end (`session.expiring`), it shows
 * `<loket-session-warning>` and extends the session when the citizen asks.
 *
 * @tagname loket-profile-menu
 * @csspart trigger - The button that opens the panel.
 * @csspart panel - The panel.
 * @csspart sign-out - The sign-out button.
 * @csspart identities - The list of the other identities to switch to.
 * @cssprop --loket-profile-menu-font-family
 * @cssprop --loket-profile-menu-trigger-text-color
 * @cssprop --loket-profile-menu-trigger-hover-background-color
 * @cssprop --loket-profile-menu-trigger-border-radius
 * @cssprop --loket-profile-menu-avatar-background-color
 * @cssprop --loket-profile-menu-avatar-text-color
 * @cssprop --loket-profile-menu-panel-background-color
 * @cssprop --loket-profile-menu-panel-text-color
 * @cssprop --loket-profile-menu-panel-border-color
 * @cssprop --loket-profile-menu-muted-text-color
 * @cssprop --loket-profile-menu-link-text-color
 * @cssprop --loket-profile-menu-item-hover-background-color
 * @cssprop --loket-profile-menu-unread-indicator-color
 * @cssprop --loket-profile-menu-focus-outline-color
 * @fires loket-sign-out-request - Cancelable: the citizen chose "Sign out" ({@link LoketSignOutRequestEvent}).
 * @fires loket-sign-out - Not composed: nobody cancelled the request, the owner should sign out ({@link LoketSignOutEvent}).
 * @fires loket-identity-switch-request - Cancelable: the citizen chose another identity ({@link LoketIdentitySwitchRequestEvent}).
 * @fires loket-session-expiring - From its session warning: the session ends soon ({@link LoketSessionExpiringEvent}).
 * @fires loket-identity-switch - Not composed: nobody cancelled the request, the owner should switch ({@link LoketIdentitySwitchEvent}).
 */
export class LoketProfileMenu extends LitElement {
  static override styles = profileMenuStyles;

  /** The citizen; without it, `session.user`. */
  @property({ attribute: false }) user?: ProfileUser;

  /**
   * The session as the header has it (the header passes it whole): its user, and whether and when it ends
   * soon (`expiring`, `expiresAt`).
   */
  @property({ attribute: false }) session?: SessionState;

  /** Unread counts and latest items; undefined while loading, when unavailable, or without a profile API (status ready). */
  @property({ attribute: false }) summary?: ProfileSummary;

  @property() status: ProfileMenuStatus = 'loading';

  /** Links to the citizen's pages (messages, dossiers, documents, personal data). */
  @property({ attribute: false }) links?: Link[];

  /**
   * The profile API's base URL: without `links`, the menu links to the reference backend's pages beside it
   * (/berichten, /dossiers, /documenten, /gegevens on its origin).
   */
  @property({ attribute: false }) apiBaseUrl?: string;

  @property({ type: Boolean, reflect: true }) open = false;

  /** The time relative dates are measured from (ms since 1970); tests pin it, otherwise "now". */
  @property({ type: Number }) now?: number;

  @query('.trigger') private trigger?: HTMLButtonElement;

  /** The session warning's state: extending while the provider is asked, failed when it refused. */
  @state() private warningStatus: SessionWarningStatus = 'open';

  private readonly i18n = new LocaleController(this);

  readonly #disclosure = new DisclosureController(this, {
    isOpen: () => this.open,
    setOpen: (open) => (this.open = open),
    trigger: () => this.trigger,
    panel: () => this.renderRoot.querySelector<HTMLElement>('.panel'),
  });

  /** Closes the panel; with `returnFocus`, focus goes back to the button. */
  close(returnFocus = false) {
    this.#disclosure.close(returnFocus);
  }

  override willUpdate(changed: Map<PropertyKey, unknown>) {
    // A new end (extended, here or in another tab) starts the warning afresh.
    const before = changed.get('session') as SessionState | undefined;
    if (changed.has('session') && before?.expiresAt !== this.session?.expiresAt) this.warningStatus = 'open';
  }

  /** The user shown: `user`, or the session's. */
  private get shownUser(): ProfileUser | undefined {
    return this.user ?? this.session?.user;
  }

  private async extendSession() {
    const session = this.session;
    if (!session) return;
    this.warningStatus = 'extending';
    // On success the header hands down the new state, which no longer warns: the dialog goes with it.
    const extended = await extendSession(session).catch(() => false);
    if (!extended && this.session?.expiresAt === session.expiresAt) this.warningStatus = 'failed';
  }

  private onWarningSignOut() {
    this.close();
    this.dispatchEvent(new LoketSignOutEvent());
  }

  private renderSessionWarning() {
    const session = this.session;
    if (!session?.expiring || session.expiresAt === undefined) return nothing;
    return html`<loket-session-warning
      .expiresAt=${session.expiresAt}
      .status=${this.warningStatus}
      @loket-session-extend=${this.extendSession}
      @loket-sign-out=${this.onWarningSignOut}
    ></loket-session-warning>`;
  }

  private signOut() {
    const request = new LoketSignOutRequestEvent();
    if (!this.dispatchEvent(request)) return;
    this.close();
    const confirmed = new LoketSignOutEvent();
    this.dispatchEvent(confirmed);
  }

  private chooseIdentity(identity: Identity) {
    const request = new LoketIdentitySwitchRequestEvent(identity.loginHint, identity.onBehalfOf);
    if (!this.dispatchEvent(request)) return;
    this.close();
    const confirmed = new LoketIdentitySwitchEvent(identity.loginHint);
    this.dispatchEvent(confirmed);
  }

  private get texts() {
    return profileMessagesFor(this.i18n.locale);
  }

  private renderItem(item: ProfileItem) {
    const { locale } = this.i18n;
    const messages = this.texts;
    const date = new Date(item.createdAt);
    const when = Number.isNaN(date.getTime()) ? '' : formatRelativeTime(date, this.now ?? Date.now(), locale);
    return html`<li class=${item.read ? 'read' : 'unread'}>
      <a href=${item.href}>
        <span class="item-title"
          >${item.read ? nothing : html`<span class="dot" aria-hidden="true"></span>`}${item.title}${
            item.read ? nothing : html`<span class="visually-hidden"> (${messages.unreadItem})</span>`
          }</span
        >
        <span class="item-meta"
          >${messages.itemKind[item.kind] ?? ''} · <time datetime=${item.createdAt}>${when}</time></span
        >
      </a>
    </li>`;
  }

  private renderLatest() {
    const messages = this.texts;
    if (this.status === 'unavailable' && !this.summary)
      return html`<p class="note" role="status">${messages.summaryUnavailable}</p>`;
    if (!this.summary && this.status === 'loading') return html`<p class="note">${messages.loading}</p>`;
    if (!this.summary) return nothing;
    if (this.summary.latest.length === 0) return html`<p class="note">${messages.nothingNew}</p>`;
    return html`<ul class="items" aria-labelledby="latest-heading">
      ${this.summary.latest.map((item) => this.renderItem(item))}
    </ul>`;
  }

  /** The identities other than the current one, as buttons; nothing when there is no other. */
  private renderIdentities(user: ProfileUser, name: string) {
    const others = (user.identities ?? []).filter((identity) => !sameParty(identity.onBehalfOf, user.onBehalfOf));
    if (others.length === 0) return nothing;
    const texts = this.texts;
    return html`<p class="heading" id="identities-heading">${texts.switchIdentity}</p>
      <ul part="identities" class="identities" aria-labelledby="identities-heading">
        ${others.map((identity) => {
          const party = identity.onBehalfOf;
          const meta = party ? [texts.partyKind[party.kind], party.identifier].filter(Boolean).join(' · ') : '';
          return html`<li>
            <button type="button" @click=${() => this.chooseIdentity(identity)}>
              <span class="identity-name">${party ? party.name : texts.myself(name)}</span>${
                meta ? html`<span class="item-meta"><span class="visually-hidden">, </span>${meta}</span>` : nothing
              }
            </button>
          </li>`;
        })}
      </ul>`;
  }

  /** The citizen's own pages: `links`, or the reference backend's pages beside the profile API. */
  private shownLinks(): Link[] {
    if (this.links) return this.links;
    if (!this.apiBaseUrl) return [];
    const labels = this.texts.defaultLinks;
    const origin = new URL(this.apiBaseUrl, document.baseURI).origin;
    const page = (path: string) => new URL(`/${path}`, origin).href;
    return [
      { label: labels.messages, href: page('berichten') },
      { label: labels.dossiers, href: page('dossiers') },
      { label: labels.documents, href: page('documenten') },
      { label: labels.data, href: page('gegevens') },
    ];
  }

  override render() {
    const user = this.shownUser;
    if (!user) return nothing;
    const { locale } = this.i18n;
    const texts = this.texts;
    const name = `${user.givenName} ${user.familyName}`;
    const party = user.onBehalfOf;
    const unread = totalUnread(this.summary?.unread);
    return html`<div class="menu" @keydown=${this.#disclosure.onKeydown}>
        <button
          part="trigger"
          class="trigger"
          type="button"
          aria-expanded=${this.open ? 'true' : 'false'}
          aria-controls="panel"
          @click=${this.#disclosure.toggle}
        >
          <span class="badge-slot"
            ><span class="avatar" aria-hidden="true">${initials(user)}</span
            ><loket-notification-badge .count=${unread}></loket-notification-badge></span
          ><span class="name"
            >${name}${
              party
                ? html`<span class="acting"
                    ><span class="visually-hidden">, </span>${texts.onBehalfOf(party.name)}</span
                  >`
                : nothing
            }</span
          >${unread > 0 ? html`<span class="visually-hidden">, ${texts.unread(badgeText(unread))}</span>` : nothing}<svg
            class="chevron"
            viewBox="0 0 12 10"
            aria-hidden="true"
          >
            ${chevron}
          </svg>
        </button>
        <div id="panel" part="panel" class="panel" ?hidden=${!this.open} popover=${popoverMode ?? nothing}>
          <p class="full-name">${name}</p>
          ${
            party
              ? html`<p class="on-behalf-of">
                  ${texts.onBehalfOf(party.name)}${
                    party.identifier ? html`<span class="identifier">${` (${party.identifier})`}</span>` : nothing
                  }
                </p>`
              : nothing
          }
          ${this.renderIdentities(user, name)}
          ${
            this.summary || this.status !== 'ready'
              ? html`<p class="heading" id="latest-heading">${texts.latest}</p>
                  ${this.renderLatest()}`
              : nothing
          }
          <nav aria-label=${texts.myLinks}>
            <ul class="links">
              ${this.shownLinks().map((link) => html`<li><a href=${link.href}>${translate(link.label, locale)}</a></li>`)}
            </ul>
          </nav>
          <button part="sign-out" class="sign-out" type="button" @click=${this.signOut}>${texts.signOut}</button>
        </div>
      </div>
      ${this.renderSessionWarning()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'loket-profile-menu': LoketProfileMenu;
  }
}
