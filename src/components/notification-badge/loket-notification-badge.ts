import { LitElement, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { notificationBadgeStyles } from './loket-notification-badge.styles.js';

/** What the badge shows for a count: nothing at 0, the number up to 99, then "99+". */
export function badgeText(count: number): string {
  if (!Number.isFinite(count) || count <= 0) return '';
  return count > 99 ? '99+' : String(Math.floor(count));
}

/**
 * A small unread count. It is visual only: put the count in the accessible name of the control it sits on
 * (as `<loket-profile-menu>` does), or set `label` when the badge stands alone.
 *
 * @tagname loket-notification-badge
 * @csspart base - The badge.
 * @cssprop --loket-notification-badge-background-color
 * @cssprop --loket-notification-badge-text-color
 * @cssprop --loket-notification-badge-border-color - A ring that separates the badge from what is behind it.
 * @cssprop --loket-notification-badge-font-family
 */
export class LoketNotificationBadge extends LitElement {
  static override styles = notificationBadgeStyles;

  /** The number of unread items; 0 hides the badge. */
  @property({ type: Number }) count = 0;

  /** Text for screen readers when the badge stands alone, e.g. "3 unread messages". */
  @property() label?: string;

  override willUpdate() {
    this.hidden = badgeText(this.count) === '';
  }

  override render() {
    const text = badgeText(this.count);
    return html`<span part="base" class="badge" aria-hidden="true">${text}</span>${
        this.label ? html`<span class="visually-hidden">${this.label}</span>` : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'loket-notification-badge': LoketNotificationBadge;
  }
}
