import type { ReactiveControllerHost } from 'lit';
import { assetUrl } from '../internal/assets.js';
import type { RevealController } from './reveal-controller.js';

/** The theme whose values are the components' own fallbacks: it needs no stylesheet. */
export const DEFAULT_THEME = 'loket';
/** On the style or link of a pre-rendered header's theme (`renderHeader`): the theme's id or URL. */
export const THEME_ATTRIBUTE = 'data-loket-theme';

/** The stylesheet URL for a theme id or URL, or an error message saying why there is none. */
export function resolveThemeUrl(theme: string): { url: string } | { error: string } {
  if (/[/.]/.test(theme)) return { url: new URL(theme, document.baseURI).href };
  const url = assetUrl(`themes/${theme}.css`);
  if (!url) {
    return {
      error: `theme "${theme}": the location of bundled themes is unknown; give "theme" as the URL of the theme CSS file`,
    };
  }
  return { url };
}

// Each theme file is fetched once per page, however many headers use it.
const sheets = new Map<string, Promise<CSSStyleSheet>>();
const themeSheets = new WeakSet<CSSStyleSheet>();

async function fetchSheet(url: string): Promise<CSSStyleSheet> {
  // `accept`: a dev server (Vite) answers a CSS URL with a JS module unless CSS is asked for.
  const response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'text/css' } });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const type = response.headers.get('content-type') ?? '';
  if (type && !type.includes('text/css')) throw new Error(`served as "${type}", expected text/css`);
  const sheet = new CSSStyleSheet();
  await sheet.replace(await response.text());
  themeSheets.add(sheet);
  return sheet;
}

function loadSheet(url: string): Promise<CSSStyleSheet> {
  let pending = sheets.get(url);
  if (!pending) {
    pending = fetchSheet(url);
    sheets.set(url, pending);
    pending.catch(() => sheets.delete(url)); // a later attempt may succeed
  }
  return pending;
}

/**
 * Starts loading a theme's stylesheet before any header asks for it (the drop-in does, as soon as it knows the
 * theme); the header's ThemeController then takes the same load. A failure is left to the header to report.
 */
export function prefetchTheme(theme: string): void {
  if (theme === DEFAULT_THEME) return;
  const resolved = resolveThemeUrl(theme);
  if ('url' in resolved) loadSheet(resolved.url).catch(() => {});
}

export type ThemeStatus = 'default' | 'loading' | 'ready' | 'failed';

interface ThemeHost extends ReactiveControllerHost, HTMLElement {}

/**
 * Applies a theme stylesheet to the host's shadow root. While the first theme loads, it holds the bar hidden
 * (`reveal`, at most three seconds) so the header does not flash in the default colours; a later switch keeps
 * the old theme until the new one is ready.
 */
export class ThemeController {
  status: ThemeStatus = 'default';
  #theme: string | undefined;
  #generation = 0;
  #hasApplied = false;

  readonly #host: ThemeHost;
  readonly #reveal: RevealController;
  readonly #onError: (message: string) => void;

  constructor(host: ThemeHost, reveal: RevealController, onError: (message: string) => void) {
    this.#host = host;
    this.#reveal = reveal;
    this.#onError = onError;
  }

  /** Switches to `theme` (an id or URL); `undefined` or the default id removes any theme stylesheet. */
  set(theme: string | undefined) {
    if (theme === this.#theme) return;
    this.#theme = theme;
    const generation = ++this.#generation;
    if (theme === undefined || theme === DEFAULT_THEME) {
      this.#apply(undefined);
      this.#settle('default');
      return;
    }
    // A pre-rendered header carries its theme (a style or a link in its shadow root): nothing to fetch.
    if (this.#host.shadowRoot?.querySelector(`[${THEME_ATTRIBUTE}]`)?.getAttribute(THEME_ATTRIBUTE) === theme) {
      this.#hasApplied = true;
      this.#settle('ready');
      return;
    }
    const resolved = resolveThemeUrl(theme);
    if ('error' in resolved) {
      this.#settle('failed');
      this.#onError(resolved.error);
      return;
    }
    // A theme the page links as a stylesheet (for all media, enabled) is on it already: its tokens on :root reach
    // the shadow root.
    const linked = (sheet: CSSStyleSheet) =>
      sheet.href == resolved.url && !sheet.disabled && ['', 'all'].includes(sheet.media.mediaText);
    if ([...document.styleSheets].some(linked)) {
      this.#apply(undefined);
      this.#settle('ready');
      return;
    }
    this.status = 'loading';
    // `ready` waits no longer than the bar does.
    if (!this.#hasApplied) this.#reveal.hold('theme', () => this.#settled?.[1]());
    this.#host.requestUpdate();
    loadSheet(resolved.url).then(
      (sheet) => {
        if (generation !== this.#generation) return;
        this.#apply(sheet);
        this.#settle('ready');
      },
      (error: unknown) => {
        if (generation !== this.#generation) return;
        this.#settle('failed');
        this.#onError(
          `theme "${theme}" could not be loaded from ${resolved.url} (${error instanceof Error ? error.message : String(error)}); the current theme stays in place`,
        );
      },
    );
  }

  #settle(status: ThemeStatus) {
    this.status = status;
    this.#reveal.release('theme');
    this.#host.requestUpdate();
    this.#settled?.[1]();
    this.#settled = undefined;
  }

  #settled?: [Promise<void>, () => void];

  /** Resolves once the theme being loaded is applied or has failed (at once when none is loading). */
  get settled(): Promise<void> {
    if (this.status !== 'loading') return Promise.resolve();
    if (!this.#settled) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.#settled = [promise, resolve];
    }
    return this.#settled[0];
  }

  #apply(sheet: CSSStyleSheet | undefined) {
    const root = this.#host.shadowRoot;
    if (!root) return;
    root.querySelector(`[${THEME_ATTRIBUTE}]`)?.remove();
    const own = root.adoptedStyleSheets.filter((s) => !themeSheets.has(s));
    root.adoptedStyleSheets = sheet ? [...own, sheet] : own;
    this.#hasApplied = true;
  }
}
