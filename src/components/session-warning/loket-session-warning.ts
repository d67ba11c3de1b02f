import { LitElement, html, nothing } from 'lit';
import { property, query } from 'lit/decorators.js';
import {
  LoketSessionExpiringEvent,
  LoketSessionExtendEvent,
  LoketSignOutEvent,
  LoketSignOutRequestEvent,
} from '../../events/events.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import { profileMessagesFor } from '../../i18n/profile/messages.js';
import { sessionWarningStyles } from './loket-session-warning.styles.js';

/** `open`: waiting for the citizen; `extending`: asked the provider; `failed`: the provider refused or was not reached. */
export type SessionWarningStatus = 'open' | 'extending' | 'failed';

/**
 * Below a minute, the time left is said again at these moments only (ms left): a screen reader hears the
 * countdown a few times, not every second.
 */
const LAST_CALLS_MS = [30_000, 10_000];

/** The next moment the time left is said again (ms left), after `left`: each whole minute, then the last calls. */
export function nextAnnouncement(left: number): number | undefined {
  if (left > 60_000) return Math.max(60_000, (Math.ceil(left / 60_000) - 1) * 60_000);
  return LAST_CALLS_MS.find((call) => call < left);
}

/** The element that had focus, looking into shadow roots (the header's own buttons live in one). */
function deepActiveElement(): HTMLElement | undefined {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : undefined;
}

/**
 * The warning before the session ends (WCAG 2.2.1 Timing Adjustable): a modal dialog, so focus moves into it
 * and screen readers announce its title and the time left. "Stay signed in" asks the owner to extend the session
 * (the owner removes the element once the new end has arrived); "Sign out" signs out as the profile menu does.
 * Escape closes it without extending: it does not come back for the same end (the citizen chose to let the
 * session run out), but a new end (extended in another tab, then running out again) warns again.
 *
 * The time left is said when the dialog opens, at every whole minute, and with 30 and 10 seconds left.
 *
 * @tagname loket-session-warning
 * @csspart dialog - The dialog.
 * @csspart extend - The "Stay signed in" button.
 * @csspart sign-out - The "Sign out" button.
 * @cssprop --loket-session-warning-background-color
 * @cssprop --loket-session-warning-text-color
 * @cssprop --loket-session-warning-border-color
 * @cssprop --loket-session-warning-border-radius
 * @cssprop --loket-session-warning-button-background-color
 * @cssprop --loket-session-warning-button-text-color
 * @cssprop --loket-session-warning-button-hover-background-color
 * @cssprop --loket-session-warning-secondary-button-text-color
 * @cssprop --loket-session-warning-error-text-color
 * @cssprop --loket-session-warning-focus-outline-color
 * @fires loket-session-expiring - The warning opened for a session end ({@link LoketSessionExpiringEvent}).
 * @fires loket-session-extend - Not composed: the citizen chose "Stay signed in", the owner should extend ({@link LoketSessionExtendEvent}).
 * @fires loket-sign-out-request - Cancelable: the citizen chose "Sign out" ({@link LoketSignOutRequestEvent}).
 * @fires loket-sign-out - Not composed: nobody cancelled the request, the owner should sign out ({@link LoketSignOutEvent}).
 */
export class LoketSessionWarning extends LitElement {
  static override styles = sessionWarningStyles;

  /** When the session ends (ms since 1970). The dialog opens when it is set. */
  @property({ type: Number, attribute: 'expires-at' }) expiresAt?: number;

  @property({ reflect: true }) status: SessionWarningStatus = 'open';

  /** The time the time left is measured from (ms since 1970); tests pin it, otherwise the clock, ticking. */
  @property({ type: Number }) now?: number;

  @query('dialog') private dialog?: HTMLDialogElement;

  private readonly i18n = new LocaleController(this);
  /** The end the dialog was shown for (once per end, also after Escape). */
  private shownFor?: number;
  private returnFocusTo?: HTMLElement;
  private tick?: ReturnType<typeof setTimeout>;

  /** Whether the dialog is showing. */
  get isOpen(): boolean {
    return this.dialog?.open ?? false;
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.tick);
    // Removed while open (the session was extended or ended): the dialog goes with it, focus goes back.
    if (this.dialog?.open) this.dialog.close();
    this.restoreFocus();
    this.shownFor = undefined;
  }

  override updated() {
    const end = this.expiresAt;
    if (end !== undefined && end !== this.shownFor && this.dialog && this.isConnected) {
      this.shownFor = end;
      this.returnFocusTo = deepActiveElement();
      if (!this.dialog.open) this.dialog.showModal();
      this.dispatchEvent(new LoketSessionExpiringEvent(end));
    }
    this.scheduleTick();
  }

  private timeLeft(): number {
    return Math.max(0, (this.expiresAt ?? 0) - (this.now ?? Date.now()));
  }

  /** Renders again when the time left is next said (not while a test pins the time). */
  private scheduleTick() {
    clearTimeout(this.tick);
    if (this.now !== undefined || this.expiresAt === undefined || !this.isOpen) return;
    const left = this.timeLeft();
    const next = nextAnnouncement(left);
    if (next === undefined) return;
    // Just past the moment, so the whole minutes have gone down.
    this.tick = setTimeout(() => this.requestUpdate(), left - next + 1);
  }

  private describeTimeLeft(): string {
    const texts = profileMessagesFor(this.i18n.locale).sessionWarning;
    const left = this.timeLeft();
    // Never more than is left: "2 minutes" with 70 s to go would mislead.
    return left >= 60_000 ? texts.minutes(Math.floor(left / 60_000)) : texts.seconds(Math.round(left / 1000));
  }

  private restoreFocus() {
    const target = this.returnFocusTo;
    this.returnFocusTo = undefined;
    if (target?.isConnected) target.focus();
  }

  private onClose() {
    clearTimeout(this.tick);
    this.restoreFocus();
  }

  private extend() {
    if (this.status === 'extending') return;
    this.dispatchEvent(new LoketSessionExtendEvent());
  }

  private signOut() {
    if (!this.dispatchEvent(new LoketSignOutRequestEvent())) return;
    this.dialog?.close();
    this.dispatchEvent(new LoketSignOutEvent());
  }

  override render() {
    const { sessionWarning: texts, signOut } = profileMessagesFor(this.i18n.locale);
    const extending = this.status === 'extending';
    return html`<dialog part="dialog" aria-labelledby="title" aria-describedby="why left" @close=${this.onClose}>
      <h2 id="title">${texts.title}</h2>
      <p id="why">${texts.why}</p>
      <p id="left" aria-live="polite" aria-atomic="true">${texts.left(this.describeTimeLeft())}</p>
      <div role="status">${extending ? html`<p class="extending">${texts.extending}</p>` : nothing}</div>
      <div role="alert">${this.status === 'failed' ? html`<p class="failed">${texts.failed}</p>` : nothing}</div>
      <div class="actions">
        <button
          part="extend"
          class="extend"
          type="button"
          aria-disabled=${extending ? 'true' : 'false'}
          @click=${this.extend}
        >
          ${texts.extend}
        </button>
        <button part="sign-out" class="sign-out" type="button" @click=${this.signOut}>${signOut}</button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'loket-session-warning': LoketSessionWarning;
  }
}
