import { LitElement, html, nothing, svg } from 'lit';
import { property, query } from 'lit/decorators.js';
import { translate } from '../../config/translate.js';
import type { Link } from '../../config/types.js';
import { LoketSignOutEvent, LoketSignOutRequestEvent } from '../../events/events.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import { profileMessagesFor } from '../../i18n/profile/messages.js';
import { formatRelativeTime } from '../../i18n/relative-time.js';
import { totalUnread, type ProfileItem, type ProfileSummary, type ProfileUser } from '../../model/profile.js';
import { profileMenuStyles } from './loket-profile-menu.styles.js';

const chevron = svg`<path d="M6 9 0 3l1.4-1.4L6 6.2l4.6-4.6L12 3z"/>`;

export type ProfileMenuStatus = 'loading' | 'ready' | 'unavailable';

function initials(user: ProfileUser) {
  return `${user.givenName.trim().charAt(0)}${user.familyName.trim().charAt(0)}`.toUpperCase();
}

/**
 * The signed-in citizen's menu: a disclosure button with their name and unread count, opening a panel with
 * their latest items, links to their pages and "Sign out".
 *
 * @tagname loket-profile-menu
 * @csspart trigger - The button that opens the panel.
 * @csspart panel - The panel.
 * @csspart sign-out - The sign-out button.
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
 */
export class LoketProfileMenu extends LitElement {
  static override styles = profileMenuStyles;

  @property({ attribute: false }) user?: ProfileUser;

  /** Unread counts and latest items; undefined while loading, when unavailable, or without a profile API (status ready). */
  @property({ attribute: false }) summary?: ProfileSummary;

  @property() status: ProfileMenuStatus = 'loading';

  /** Links to the citizen's pages (messages, dossiers, documents, personal data). */
  @property({ attribute: false }) links: Link[] = [];

  @property({ type: Boolean, reflect: true }) open = false;

  /** The time relative dates are measured from (ms since 1970); tests pin it, otherwise "now". */
  @property({ type: Number }) now?: number;

  @query('.trigger') private trigger?: HTMLButtonElement;

  private readonly i18n = new LocaleController(this);

  override connectedCallback() {
    super.connectedCallback();
    document.addEventListener('click', this.onDocumentClick);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    document.removeEventListener('click', this.onDocumentClick);
  }

  /** Closes the panel; with `returnFocus`, focus goes back to the button. */
  close(returnFocus = false) {
    if (!this.open) return;
    this.open = false;
    if (returnFocus) this.trigger?.focus();
  }

  private readonly onDocumentClick = (event: MouseEvent) => {
    if (this.open && !event.composedPath().includes(this)) this.close();
  };

  private onKeydown(event: KeyboardEvent) {
    if (event.key === 'Escape' && this.open) {
      event.stopPropagation();
      this.close(true);
    }
  }

  private toggle() {
    this.open = !this.open;
  }

  private signOut() {
    const request = new LoketSignOutRequestEvent();
    if (!this.dispatchEvent(request)) return;
    this.close();
    const confirmed = new LoketSignOutEvent();
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
          >${item.read ? nothing : html`<span class="dot" aria-hidden="true"></span>`}${item.title}${item.read
            ? nothing
            : html`<span class="visually-hidden"> (${messages.unreadItem})</span>`}</span
        >
        <span class="item-meta">${messages.itemKind[item.kind] ?? ''} · <time datetime=${item.createdAt}>${when}</time></span>
      </a>
    </li>`;
  }

  private renderLatest() {
    const messages = this.texts;
    if (this.status === 'unavailable' && !this.summary) return html`<p class="note" role="status">${messages.summaryUnavailable}</p>`;
    if (!this.summary && this.status === 'loading') return html`<p class="note">${messages.loading}</p>`;
    if (!this.summary) return nothing;
    if (this.summary.latest.length === 0) return html`<p class="note">${messages.nothingNew}</p>`;
    return html`<ul class="items" aria-labelledby="latest-heading">
      ${this.summary.latest.map((item) => this.renderItem(item))}
    </ul>`;
  }

  override render() {
    if (!this.user) return nothing;
    const { messages, locale } = this.i18n;
    const texts = this.texts;
    const name = `${this.user.givenName} ${this.user.familyName}`;
    const unread = totalUnread(this.summary?.unread);
    return html`<div class="menu" @keydown=${this.onKeydown}>
      <button
        part="trigger"
        class="trigger"
        type="button"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls="panel"
        @click=${this.toggle}
      >
        <span class="badge-slot"
          ><span class="avatar" aria-hidden="true">${initials(this.user)}</span
          ><loket-notification-badge .count=${unread}></loket-notification-badge></span
        ><span class="name">${name}</span>${unread > 0
          ? html`<span class="visually-hidden">, ${texts.unread(unread > 99 ? '99+' : String(unread))}</span>`
          : nothing}<svg class="chevron" viewBox="0 0 12 10" aria-hidden="true">${chevron}</svg>
      </button>
      <div id="panel" part="panel" class="panel" ?hidden=${!this.open}>
        <p class="full-name">${name}</p>
        ${this.summary || this.status !== 'ready'
          ? html`<p class="heading" id="latest-heading">${texts.latest}</p>
              ${this.renderLatest()}`
          : nothing}
        <nav aria-label=${texts.myLinks}>
          <ul class="links">
            ${this.links.map((link) => html`<li><a href=${link.href}>${translate(link.label, locale)}</a></li>`)}
          </ul>
        </nav>
        <button part="sign-out" class="sign-out" type="button" @click=${this.signOut}>${messages.signOut}</button>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'loket-profile-menu': LoketProfileMenu;
  }
}
