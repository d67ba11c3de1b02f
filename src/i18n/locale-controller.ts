import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isServer } from 'lit-html/is-server.js';
import { PRERENDER_LANG, serverRender } from '../internal/prerender.js';
import { DEFAULT_LOCALE, toLocale, type Locale } from './locales.js';

type Host = ReactiveControllerHost & HTMLElement;

/** The `lang` (or another attribute) of the closest ancestor (crossing shadow roots) that has one. */
export function closestLang(element: Element, attribute = 'lang'): string | null {
  let node: Element | null = element;
  while (node) {
    const lang = node.getAttribute(attribute);
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
 * `lang`) changes. Unsupported languages fall back to Dutch. Each element looks up its own texts for `locale`
 * (the header's, the alert's, the menus'), so a module carries only the texts it shows.
 */
export class LocaleController implements ReactiveController {
  locale: Locale = DEFAULT_LOCALE;

  /**
   * A pre-rendered host (it has a shadow root before its first render) renders first in the server's language,
   * which its hydration keeps; after that render it follows the page.
   */
  #hydrating: boolean;

  constructor(private readonly host: Host) {
    this.#hydrating = !!host.shadowRoot;
    if (isServer) this.locale = serverRender.context?.locale ?? DEFAULT_LOCALE;
    host.addController(this);
  }

  hostUpdated() {
    if (!this.#hydrating) return;
    this.#hydrating = false;
    this.update();
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
    const locale = toLocale(closestLang(this.host, this.#hydrating ? PRERENDER_LANG : 'lang')) ?? DEFAULT_LOCALE;
    if (locale === this.locale) return;
    this.locale = locale;
    this.host.requestUpdate();
  }
}
