import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { DEFAULT_LOCALE, toLocale, type Locale } from './locales.js';
import { messagesFor, type Messages } from './messages.js';

type Host = ReactiveControllerHost & HTMLElement;

/** The `lang` of the closest ancestor (crossing shadow roots) that has one. */
export function closestLang(element: Element): string | null {
  let node: Element | null = element;
  while (node) {
    const lang = node.getAttribute('lang');
    if (lang) return lang;
    if (node.parentElement) {
      node = node.parentElement;
    } else {
      const root = node.getRootNode();
      node = root instanceof ShadowRoot ? root.host : null;
    }
  }
  return null;
}

// One observer for the whole document: `lang` changes are rare, and hosts come and go.
const hosts = new Set<LocaleController>();
let observer: MutationObserver | undefined;

function watch(controller: LocaleController) {
  hosts.add(controller);
  if (!observer) {
    observer = new MutationObserver(() => hosts.forEach((c) => c.update()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }
}

function unwatch(controller: LocaleController) {
  hosts.delete(controller);
  if (hosts.size === 0 && observer) {
    observer.disconnect();
    observer = undefined;
  }
}

/**
 * Follows the closest `lang` attribute, live: the host re-renders when `<html lang>` (or any ancestor's
 * `lang`) changes. Unsupported languages fall back to Dutch.
 */
export class LocaleController implements ReactiveController {
  locale: Locale = DEFAULT_LOCALE;
  messages: Messages = messagesFor(DEFAULT_LOCALE);

  constructor(private readonly host: Host) {
    host.addController(this);
  }

  hostConnected() {
    watch(this);
    this.update();
  }

  hostDisconnected() {
    unwatch(this);
  }

  /** Re-reads the closest `lang`; asks the host to render when the locale changed. */
  update() {
    const locale = toLocale(closestLang(this.host)) ?? DEFAULT_LOCALE;
    if (locale === this.locale) return;
    this.locale = locale;
    this.messages = messagesFor(locale);
    this.host.requestUpdate();
  }
}
