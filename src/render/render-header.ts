/**
 * The header rendered on the server (Node): `renderHeader(config, options)` returns `<loket-header>` with its
 * shadow DOM as declarative shadow DOM (Lit SSR), its config as inline JSON and its theme, so that a page shows
 * the whole header before any script runs and needs nothing but the drop-in's plain script tag to hydrate it.
 * Node only (`loket-header/render`); the `loket-header render` command is built on it.
 */
import { render } from '@lit-labs/ssr';
import { collectResultSync } from '@lit-labs/ssr/lib/render-result.js';
import { html, nothing, type LitElement } from 'lit';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LoketAlert } from '../components/alert/loket-alert.js';
import { LoketHeader } from '../components/header/loket-header.js';
import { LoketHelpMenu } from '../components/help-menu/loket-help-menu.js';
import { DEFAULT_THEME, THEME_ATTRIBUTE } from '../controllers/theme-controller.js';
import { formatIssues } from '../config/checker.js';
import type { ConfigIssue, LoketConfig, PartialLoketConfig } from '../config/types.js';
import { validateConfig } from '../config/validate.js';
import { LOCALES, type Locale } from '../i18n/locales.js';
import { defineAll } from '../internal/define-all.js';
// The host's attributes are written out below: data-loket-lang (PRERENDER_LANG) and data-loket-page (PRERENDER_PAGE).
import { serverRender } from '../internal/prerender.js';

export interface RenderHeaderOptions {
  /** The page's language (`nl`, `fr`, `en` or `de`; default `nl`): render with the page's own `lang`. */
  lang?: string;
  /** A bundled theme id or a theme CSS URL; default: the config's `theme`. */
  theme?: string;
  /**
   * `inline` (default): `<style>` elements, whose hashes (`styleHashes`) the site adds to its CSP `style-src`;
   * `link`: stylesheet links to the files beside the drop-in (`loket-header.css`, `themes/<id>.css` ...).
   */
  styles?: 'inline' | 'link';
  /** The URL of the folder that holds `loket-header.js` (the package's `dist/`); default `/loket/`. */
  assetBase?: string;
  /** The page the header is for (URL or path): marks its link as the current page and fills `{returnUrl}`. */
  page?: string;
  /** The logo's intrinsic size; default: read from the file under `publicDir` (SVG or PNG). */
  logoSize?: { width: number; height: number };
  /** The folder that serves the site's root, to find a logo given as a path (such as `/img/logo.svg`). */
  publicDir?: string;
}

export interface RenderedHeader {
  /** `<loket-header>` with its declarative shadow DOM, config and theme: put it where the header belongs. */
  html: string;
  /** `'sha256-…'` of each inline `<style>`, for the site's `style-src` (none with `styles: 'link'`). */
  styleHashes: string[];
  /** Things the site may want to fix, such as a logo whose size could not be read (it may shift when it loads). */
  warnings: string[];
}

/** A bad config or option: `issues` name each field and the form it expects. */
export class RenderHeaderError extends Error {
  constructor(
    message: string,
    readonly issues: ConfigIssue[] = [],
  ) {
    super(message);
    this.name = 'RenderHeaderError';
  }
}

const ELEMENTS: Record<string, typeof LitElement> = {
  'loket-header': LoketHeader,
  'loket-help-menu': LoketHelpMenu,
  'loket-alert': LoketAlert,
};

/** Where this module is: `dist/render/`, beside the built themes in `dist/themes/`. */
const HERE = dirname(fileURLToPath(import.meta.url));
const THEMES_DIR = join(HERE, '..', 'themes');

/** The CSS of one element as Lit SSR puts it in its `<style>` (and as `loket-<name>.css` holds it). */
export function elementCss(tag: keyof typeof ELEMENTS | string): string {
  const element = ELEMENTS[tag] as unknown as { finalize(): void; elementStyles: { cssText: string }[] } | undefined;
  if (!element) throw new Error(`no pre-rendered element <${tag}>`);
  element.finalize();
  return element.elementStyles.map((style) => style.cssText).join('');
}

/** The element names whose stylesheet `styles: 'link'` refers to (`<name>.css` beside the drop-in). */
export const STYLED_ELEMENTS = Object.keys(ELEMENTS);

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** JSON inside `<script type="application/json">`: `<` escaped, so no `</script>` or `<!--` can end it early. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

function issue(path: string, expected: string, received: unknown): ConfigIssue {
  return { path, expected, received: typeof received === 'string' ? JSON.stringify(received) : String(received) };
}

function bundledThemes(): string[] {
  return existsSync(THEMES_DIR)
    ? readdirSync(THEMES_DIR)
        .filter((f) => f.endsWith('.css'))
        .map((f) => f.slice(0, -4))
    : [];
}

/** Reads the width and height of an SVG (attributes, else viewBox) or PNG (IHDR); undefined when unknown. */
export function imageSize(file: string): { width: number; height: number } | undefined {
  const data = readFileSync(file);
  if (data.subarray(1, 4).toString('latin1') === 'PNG')
    return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  const text = data.toString('utf8');
  const svg = /<svg\b[^>]*>/i.exec(text)?.[0];
  if (!svg) return undefined;
  const attr = (name: string) => new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(svg)?.[1];
  const px = (value: string | undefined) =>
    value && /^\s*[\d.]+(px)?\s*$/.test(value) ? parseFloat(value) : undefined;
  const width = px(attr('width'));
  const height = px(attr('height'));
  if (width && height) return { width: Math.round(width), height: Math.round(height) };
  const box = attr('viewBox')
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  if (box?.length === 4 && box[2] > 0 && box[3] > 0) return { width: Math.round(box[2]), height: Math.round(box[3]) };
  return undefined;
}

function logoSize(src: string, options: RenderHeaderOptions, warnings: string[]) {
  if (options.logoSize) return options.logoSize;
  const path = /^[a-z][a-z0-9+.-]*:|^\/\//i.test(src) ? undefined : src.split(/[?#]/)[0];
  const file = path && options.publicDir ? join(options.publicDir, path.replace(/^\/+/, '')) : undefined;
  const size = file && existsSync(file) ? imageSize(file) : undefined;
  if (!size) {
    warnings.push(
      `the size of the logo "${src}" is unknown (${file ? `${file} has no readable width and height` : 'give publicDir (--public-dir) to read it, or logoSize (--logo-size WxH)'}): without it the name may move when the logo loads`,
    );
  }
  return size;
}

/**
 * Renders the header for a page. Throws a `RenderHeaderError` naming each bad field of the config or bad option
 * and the form it expects: unlike the browser, which leaves bad fields out, a build or a server should stop.
 */
export function renderHeader(config: unknown, options: RenderHeaderOptions = {}): RenderedHeader {
  const problems: ConfigIssue[] = [];
  const lang = options.lang ?? 'nl';
  if (!(LOCALES as readonly string[]).includes(lang))
    problems.push(issue('lang', `one of ${LOCALES.join(', ')}`, lang));
  const styles = options.styles ?? 'inline';
  if (styles !== 'inline' && styles !== 'link') problems.push(issue('styles', '"inline" or "link"', styles));
  const assetBase = options.assetBase ?? '/loket/';
  if (!/^(https?:\/\/|\/)/.test(assetBase))
    problems.push(issue('assetBase', 'an absolute http(s) URL or a path starting with "/"', assetBase));
  const { config: valid, issues } = validateConfig(config);
  problems.push(...issues);
  if (!valid.municipality?.name || !valid.municipality.href) {
    if (!issues.some((i) => i.path.startsWith('municipality')))
      problems.push(issue('municipality', 'an object with "id", "name" and "href"', 'nothing'));
  }
  const theme = options.theme ?? valid.theme;
  const themes = bundledThemes();
  const themeIsUrl = theme !== undefined && /[/.]/.test(theme);
  if (theme !== undefined && !themeIsUrl && theme !== DEFAULT_THEME && !themes.includes(theme)) {
    problems.push(
      issue(
        options.theme ? 'theme (option)' : 'theme',
        `a bundled theme (${themes.join(', ')}) or the URL of a theme CSS file`,
        theme,
      ),
    );
  }
  if (problems.length > 0) {
    throw new RenderHeaderError(
      `the header cannot be rendered; fix these fields:\n${formatIssues(problems)}`,
      problems,
    );
  }

  const warnings: string[] = [];
  const base = assetBase.endsWith('/') ? assetBase : `${assetBase}/`;
  const full = (theme === undefined ? valid : { ...valid, theme }) as PartialLoketConfig;
  const logo = full.municipality?.logo;
  const size = logo && logoSize(logo.src, options, warnings);

  defineAll(ELEMENTS as unknown as Record<string, CustomElementConstructor>);
  serverRender.context = { locale: lang as Locale, page: options.page };
  let out: string;
  try {
    out = collectResultSync(
      render(
        html`<loket-header
          data-loket-lang=${lang}
          data-loket-page=${options.page ?? nothing}
          .config=${full}
        ></loket-header>`,
      ),
    );
  } finally {
    serverRender.context = undefined;
  }
  // The wrapping template's own markers: nothing hydrates it (the page is no Lit render root).
  out = out.replace(/^<!--lit-part [^>]*-->(<!--lit-node \d+-->)?/, '').replace(/<!--\/lit-part-->$/, '');

  // Each element's styles: as Lit SSR wrote them, or a link to the same CSS beside the drop-in.
  for (const tag of STYLED_ELEMENTS) {
    const inline = `<style>${elementCss(tag)}</style>`;
    if (styles === 'link')
      out = out.split(inline).join(`<link rel="stylesheet" href="${escapeAttribute(`${base}${tag}.css`)}">`);
  }
  // The theme goes into the header's shadow root, after its own styles (as the browser adopts it there).
  if (theme !== undefined && theme !== DEFAULT_THEME) {
    const attr = `${THEME_ATTRIBUTE}="${escapeAttribute(theme)}"`;
    const element =
      styles === 'inline' && !themeIsUrl
        ? `<style ${attr}>${readFileSync(join(THEMES_DIR, `${theme}.css`), 'utf8').trim()}</style>`
        : `<link rel="stylesheet" href="${escapeAttribute(themeIsUrl ? theme : `${base}themes/${theme}.css`)}" ${attr}>`;
    const headerStyle =
      styles === 'link' ? `${escapeAttribute(`${base}loket-header.css`)}">` : `${elementCss('loket-header')}</style>`;
    const at = out.indexOf(headerStyle);
    if (at < 0) throw new Error('loket: the pre-rendered header has no styles (a changed Lit SSR output?)');
    out = out.slice(0, at + headerStyle.length) + element + out.slice(at + headerStyle.length);
  }
  if (size) {
    out = out.replace(
      /<img part="logo" class="logo"/,
      `$& width="${Math.round(size.width)}" height="${Math.round(size.height)}"`,
    );
  }
  // The config, for the drop-in: inline JSON is data, not script, so a strict CSP allows it.
  const close = out.lastIndexOf('</loket-header>');
  out = `${out.slice(0, close)}<script type="application/json">${scriptJson(full)}</script>${out.slice(close)}`;

  const styleHashes = [...new Set([...out.matchAll(/<style(?: [^>]*)?>([\s\S]*?)<\/style>/g)].map((m) => hash(m[1])))];
  return { html: out, styleHashes, warnings };
}

export type { LoketConfig, PartialLoketConfig };
