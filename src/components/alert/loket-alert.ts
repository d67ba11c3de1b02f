import { LitElement, html, nothing, svg } from 'lit';
import type { AlertVariant } from '../../config/types.js';
import { LoketAlertDismissEvent } from '../../events/events.js';
import { alertMessagesFor } from '../../i18n/alert/messages.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import { isRemembered, remember } from '../../internal/session-memory.js';
import { alertStyles } from './loket-alert.styles.js';

const ICONS: Record<AlertVariant, ReturnType<typeof svg>> = {
  info: svg`<path d="M10 0a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm1 15H9V9h2v6Zm0-8H9V5h2v2Z"/>`,
  success: svg`<path d="M10 0a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm-1.5 14.4-4.2-4.2 1.4-1.4 2.8 2.8 6-6 1.4 1.4-7.4 7.4Z"/>`,
  warning: svg`<path d="M10 1 0 19h20L10 1Zm1 15H9v-2h2v2Zm0-4H9V8h2v4Z"/>`,
  error: svg`<path d="M10 0a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm4.2 12.8-1.4 1.4L10 11.4l-2.8 2.8-1.4-1.4L8.6 10 5.8 7.2l1.4-1.4L10 8.6l2.8-2.8 1.4 1.4-2.8 2.8 2.8 2.8Z"/>`,
};
const VARIANTS = Object.keys(ICONS) as AlertVariant[];

/**
 * A message bar for the whole site: a planned outage, a storm warning, a new service.
 *
 * @slot - The message, as text.
 * @csspart base - The bar.
 * @csspart message - The message text and its screen-reader prefix.
 * @csspart close-button - The close button, when `dismissible`.
 * @cssprop --loket-alert-font-family
 * @cssprop --loket-alert-font-size
 * @cssprop --loket-alert-padding-block
 * @cssprop --loket-alert-padding-inline
 * @cssprop --loket-alert-focus-outline-color
 * @cssprop --loket-alert-info-background-color - And likewise for `success`, `warning` and `error`.
 * @cssprop --loket-alert-info-text-color - And likewise for `success`, `warning` and `error`.
 * @cssprop --loket-alert-info-border-color - And likewise for `success`, `warning` and `error`.
 * @tagname loket-alert
 * @fires loket-alert-dismiss - The citizen closed the alert ({@link LoketAlertDismissEvent}).
 */
export class LoketAlert extends LitElement {
  static override styles = alertStyles;

  static override properties = {
    variant: { reflect: true },
    dismissible: { type: Boolean, reflect: true },
    dismissKey: { attribute: 'dismiss-key' },
    announce: { type: Boolean },
  };

  /** The kind of message; sets the colours, the icon and the prefix that screen readers hear. */
  variant: AlertVariant = 'info';

  /** Shows a close button. */
  dismissible = false;

  /**
   * When set, a dismissal is remembered for the rest of the browser session under this key, and the alert
   * stays hidden on later pages. Use a key that changes with the message.
   */
  declare dismissKey?: string;

  /** Announce the message to screen readers as it appears (`role="alert"`); for alerts shown after page load. */
  announce = false;

  readonly #i18n = new LocaleController(this);

  override willUpdate(changed: Map<PropertyKey, unknown>) {
    if ((changed.has('dismissKey') || changed.has('dismissible')) && this.dismissible && this.dismissKey) {
      this.hidden = isRemembered(this.#storageKey);
    }
  }

  get #storageKey() {
    return `alert-dismissed:${this.dismissKey}`;
  }

  /** Hides the alert as if the citizen had closed it. */
  dismiss() {
    if (this.dismissKey) remember(this.#storageKey);
    this.hidden = true;
    const dismissed = new LoketAlertDismissEvent(this.variant);
    this.dispatchEvent(dismissed);
  }

  override render() {
    const variant = VARIANTS.includes(this.variant) ? this.variant : 'info';
    const messages = alertMessagesFor(this.#i18n.locale);
    return html`
      <div part="base" class="alert" role=${this.announce ? 'alert' : nothing}>
        <svg class="icon" viewBox="0 0 20 20" aria-hidden="true">${ICONS[variant]}</svg>
        <div part="message" class="message">
          <span class="visually-hidden">${messages.alertVariant[variant]}: </span><slot></slot>
        </div>
        ${
          this.dismissible
            ? html`<button
                part="close-button"
                class="close"
                type="button"
                aria-label=${messages.closeAlert}
                @click=${this.dismiss}
              >
                <svg viewBox="0 0 16 16" aria-hidden="true">
                  <path
                    d="M14.7 2.7 13.3 1.3 8 6.6 2.7 1.3 1.3 2.7 6.6 8l-5.3 5.3 1.4 1.4L8 9.4l5.3 5.3 1.4-1.4L9.4 8z"
                  />
                </svg>
              </button>`
            : nothing
        }
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'loket-alert': LoketAlert;
  }
}
