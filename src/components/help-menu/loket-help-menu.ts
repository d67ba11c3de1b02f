import { LitElement, html, nothing, svg, type PropertyValues } from 'lit';
import { property, query } from 'lit/decorators.js';
import { translate } from '../../config/translate.js';
import { WEEKDAYS, type HelpOption, type LoketConfig, type OpeningHours, type TimeSlot } from '../../config/types.js';
import { formatIssues, validateHelp } from '../../config/validate-help.js';
import { LoketErrorEvent, LoketHelpToggleEvent } from '../../events/events.js';
import { helpMessagesFor } from '../../i18n/help/messages.js';
import { HydrationController } from '../../controllers/hydration-controller.js';
import { DisclosureController } from '../../controllers/disclosure-controller.js';
import { popoverMode } from '../../internal/popover.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import type { Locale } from '../../i18n/locales.js';
import { isSafeUrl } from '../../internal/url.js';
import { helpMenuStyles } from './loket-help-menu.styles.js';

/** What `<loket-help-menu>` shows: the `help` field of the config. */
export type HelpConfig = NonNullable<LoketConfig['help']>;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

const chevron = svg`<path d="M6 9 0 3l1.4-1.4L6 6.2l4.6-4.6L12 3z"/>`;
// One path: the literal minifier drops "/>", which would nest a second <path> inside the first.
const questionIcon = svg`<path d="M10 0a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm0 18a8 8 0 1 1 0-16 8 8 0 0 1 0 16ZM9 13.5h2v2H9zM10 4.5c-2 0-3.4 1.2-3.5 3h2c.1-.8.6-1.2 1.5-1.2s1.5.5 1.5 1.2c0 .6-.4 1-1.1 1.5-1 .6-1.4 1.3-1.4 2.4v.3h2V11.4c0-.6.3-1 1-1.5 1-.6 1.6-1.4 1.6-2.6 0-1.7-1.4-2.8-3.6-2.8Z"/>`;

/** Every kind of HELP_KINDS has its case: a new kind fails the type check here until it is rendered. */
function unknownKind(kind: never): typeof nothing {
  void kind;
  return nothing;
}

/** The number to dial: digits and a leading +, without the "(0)" that Belgian numbers often carry after +32. */
export function dialString(phone: string): string {
  return phone
    .replace(/\(0\)/g, '')
    .replace(/[^\d+]/g, '')
    .replace(/(?!^)\+/g, '');
}

/** "Monday" ... "Sunday" in `locale`, Monday first (1 January 2024 was a Monday). */
function weekdayNames(locale: Locale): string[] {
  const format = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  return WEEKDAYS.map((_, i) => format.format(Date.UTC(2024, 0, 1 + i)));
}

/** A 24-hour `HH:MM` time as the language writes it (`09:00`, `9:00 AM`); anything else verbatim. */
function formatTime(time: string, locale: Locale): string {
  const match = TIME.exec(time);
  if (!match) return time;
  const format = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  return format.format(Date.UTC(2024, 0, 1, Number(match[1]), Number(match[2])));
}

/**
 * "Hulp nodig?": a disclosure button in the header bar that opens a panel with the municipality's contact
 * options: phone numbers, e-mail addresses, a chat or contact form, postal addresses and opening hours
 * (per day, Monday first, several periods a day, "closed" for days without any).
 *
 * Works alone with plain properties: give it `help` (the config's `help` field); with no options it renders
 * nothing. Texts follow the closest `lang`.
 *
 * @tagname loket-help-menu
 * @csspart trigger - The "Hulp nodig?" button.
 * @csspart panel - The panel with the contact options.
 * @cssprop --loket-help-menu-font-family
 * @cssprop --loket-help-menu-trigger-text-color
 * @cssprop --loket-help-menu-trigger-hover-background-color
 * @cssprop --loket-help-menu-trigger-border-radius
 * @cssprop --loket-help-menu-panel-background-color
 * @cssprop --loket-help-menu-panel-text-color
 * @cssprop --loket-help-menu-panel-border-color
 * @cssprop --loket-help-menu-muted-text-color
 * @cssprop --loket-help-menu-link-text-color
 * @cssprop --loket-help-menu-link-hover-background-color
 * @cssprop --loket-help-menu-focus-outline-color
 * @fires loket-help-toggle - The panel opened or closed ({@link LoketHelpToggleEvent}).
 */
export class LoketHelpMenu extends LitElement {
  static override styles = helpMenuStyles;

  /** The button's label and the contact options (the config's `help` field). */
  @property({ attribute: false }) help?: HelpConfig;

  /** Whether the panel is open. */
  @property({ type: Boolean, reflect: true }) open = false;

  /** The time that decides which day is "today" (ms since 1970); tests pin it, otherwise now. */
  @property({ type: Number }) now?: number;

  @query('.trigger') private trigger?: HTMLButtonElement;
  @query('.panel') private panel?: HTMLElement;

  private readonly i18n = new LocaleController(this);
  readonly #hydration = new HydrationController(this);

  readonly #disclosure = new DisclosureController(this, {
    isOpen: () => this.open,
    setOpen: (open) => (this.open = open),
    trigger: () => this.trigger,
    panel: () => this.panel,
  });

  /** `help` as checked: the valid options only. */
  private checked?: HelpConfig;

  /**
   * The header's drop-in checks only the shape of `help`; the options are checked here, once this module has
   * loaded: bad ones are left out and reported like any config problem (one console.error, one loket-error).
   */
  private check(help: HelpConfig | undefined): HelpConfig | undefined {
    if (help === undefined) return undefined;
    const { help: valid, issues } = validateHelp(help);
    if (issues.length > 0) {
      const message = `config has ${issues.length} problem(s) in "help"; those fields are left out:\n${formatIssues(issues)}`;
      console.error(`loket: ${message}`);
      const error = new LoketErrorEvent('config-invalid', message, issues);
      this.dispatchEvent(error);
    }
    return valid;
  }

  /** Opens the panel. */
  show(): void {
    this.open = true;
  }

  /** Closes the panel; when focus was in it, focus goes back to the button. */
  hide(): void {
    this.open = false;
  }

  /** Opens the panel when closed, closes it when open; returns the new state. */
  toggle(): boolean {
    return this.#disclosure.toggle();
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('help')) this.checked = this.check(this.help);
  }

  protected override updated(changed: PropertyValues<this>) {
    // The first render is no toggle, whatever the initial state.
    if (changed.has('open') && changed.get('open') !== undefined) {
      const toggled = new LoketHelpToggleEvent(this.open);
      this.dispatchEvent(toggled);
    }
  }

  private get texts() {
    return helpMessagesFor(this.i18n.locale);
  }

  private renderHours(hours: OpeningHours) {
    const { locale } = this.i18n;
    const texts = this.texts;
    const names = weekdayNames(locale);
    const today = (new Date(this.now ?? Date.now()).getDay() + 6) % 7;
    const slotText = (slot: TimeSlot) => texts.slot(formatTime(slot.from, locale), formatTime(slot.to, locale));
    return html`<dl class="hours">
      ${WEEKDAYS.map((day, i) => {
        const slots = [...(hours[day] ?? [])].sort((a, b) => a.from.localeCompare(b.from));
        return html`<div class="day ${i === today ? 'today' : ''}">
          <dt>${names[i]}${i === today ? html`<span class="visually-hidden"> (${texts.today})</span>` : nothing}</dt>
          <dd class=${slots.length === 0 ? 'closed' : ''}>
            ${slots.length === 0 ? texts.closed : slots.map((slot) => html`<span class="slot">${slotText(slot)}</span>`)}
          </dd>
        </div>`;
      })}
    </dl>`;
  }

  private renderValue(kind: 'phone' | 'email' | 'address', value: string, labelId: string) {
    switch (kind) {
      case 'phone':
        return html`<p class="value"><a href="tel:${dialString(value)}" aria-describedby=${labelId}>${value}</a></p>`;
      case 'email':
        return html`<p class="value"><a href="mailto:${value.trim()}" aria-describedby=${labelId}>${value}</a></p>`;
      case 'address':
        return html`<p class="value address">
          ${value.split('\n').map((line, i) => html`${i > 0 ? html`<br />` : nothing}${line}`)}
        </p>`;
    }
  }

  private renderOption(option: HelpOption, index: number) {
    const label = translate(option.label, this.i18n.locale) ?? '';
    const labelId = `option-${index}`;
    const hours = option.hours ? this.renderHours(option.hours) : nothing;
    const kind = option.kind;
    switch (kind) {
      case 'link':
        // A chat or contact form: the label is the link. Config is checked upstream; alone, check again.
        if (!option.value || !isSafeUrl(option.value)) return nothing;
        return html`<li class="option link"><a href=${option.value}>${label}</a>${hours}</li>`;
      case 'hours':
        return html`<li class="option hours-only">
          <p class="option-label">${label}</p>
          ${hours}
        </li>`;
      case 'phone':
      case 'email':
      case 'address':
        if (!option.value) return nothing;
        return html`<li class="option ${kind}">
          <p class="option-label" id=${labelId}>${label}</p>
          ${this.renderValue(kind, option.value, labelId)}
          ${
            option.hours
              ? html`<p class="hours-heading">${this.texts.openingHours}</p>
                  ${hours}`
              : nothing
          }
        </li>`;
      default:
        return unknownKind(kind);
    }
  }

  override render() {
    const options = this.checked?.options ?? [];
    if (options.length === 0) return nothing;
    const label = translate(this.checked?.label, this.i18n.locale) ?? this.texts.label;
    return html`<div class="menu" @keydown=${this.#disclosure.onKeydown}>
      <button
        part="trigger"
        class="trigger"
        type="button"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls="panel"
        @click=${this.#disclosure.toggle}
      >
        <svg class="icon" viewBox="0 0 20 20" aria-hidden="true">${questionIcon}</svg><span class="label">${label}</span
        ><svg class="chevron" viewBox="0 0 12 10" aria-hidden="true">${chevron}</svg>
      </button>
      <div
        id="panel"
        part="panel"
        class="panel"
        ?hidden=${!this.open}
        popover=${(!this.#hydration.hydrating && popoverMode) || nothing}
      >
        <ul class="options">
          ${options.map((option, i) => this.renderOption(option, i))}
        </ul>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'loket-help-menu': LoketHelpMenu;
  }
}
