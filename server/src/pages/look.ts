// The look of the service's pages: the municipality's theme (the header's tokens and the page tokens, built from
// the same theme), its logo and name, and the Loket header itself, pre-rendered by the header package's
// renderHeader() with that municipality's config and hydrated by the drop-in. The municipality of a request is
// chosen by http/municipality.ts and kept in `requestLook` for the request, so layout() finds it without every page
// handing it down.

import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../config.js';
import type { Municipality } from '../municipalities/registry.js';
import { LANGUAGES, type Lang } from './texts.js';

/** Where the service serves the header package's dist/ (the drop-in, its modules, the themes). */
export const ASSET_BASE = '/loket/';
/** The header package's built files. */
export const DIST_DIR = path.join(PROJECT_ROOT, 'dist');

/** The URL of a municipality's logo when the service serves it (registry `logo.file`). */
export const logoPath = (id: string) => `${ASSET_BASE}municipalities/${encodeURIComponent(id)}/logo.svg`;

export interface PageLook {
  municipality: Municipality;
  lang: Lang;
  /** the municipality's name in this language */
  name: string;
  /** the stylesheet links of `<head>`: header tokens, page tokens (same theme) */
  themeLinks: string[];
  /** the pre-rendered `<loket-header>` */
  header: string;
  /** the logo as the page shows it (print head, letters), with its intrinsic size when known */
  logo?: { src: string; alt: string; width?: number; height?: number };
}

interface RenderModule {
  renderHeader(
    config: unknown,
    options: {
      lang?: string;
      styles?: 'inline' | 'link';
      assetBase?: string;
      logoSize?: { width: number; height: number };
    },
  ): { html: string; warnings: string[] };
  imageSize(file: string): { width: number; height: number } | undefined;
}

/** The header package's renderer (dist/render/render.js, built by `npm run build`). */
export async function loadRenderer(dist = DIST_DIR): Promise<RenderModule> {
  const file = path.join(dist, 'render', 'render.js');
  try {
    return (await import(pathToFileURL(file).href)) as RenderModule;
  } catch (error) {
    throw new Error(`the header's renderer ${file} cannot be loaded (run npm run build): ${(error as Error).message}`, {
      cause: error,
    });
  }
}

export interface LookOptions {
  signIn?: boolean;
  silentSignIn?: boolean;
}

export interface PageLooks {
  /**
   * The look of a municipality's pages in a language (rendered once, then kept); `signIn`: for a sign-in page (the
   * header without its own sign-in); `silentSignIn`: for a page served to a citizen identified by the provider's
   * session (the header signs in through it, see headerConfig).
   */
  lookFor(municipality: Municipality, lang: Lang, options?: LookOptions): PageLook;
  /** things an operator may want to fix (e.g. a logo whose size is unknown) */
  warnings: string[];
}

/**
 * The header config of a municipality's pages: its name, logo, theme and links, signing in at this service
 * (oidc, client loket-demo) and reading this service's profile API. Site links are absolute on the municipality's
 * first site origin; relative application links are this service's own pages.
 */
export function headerConfig(
  m: Municipality,
  issuer: string,
  clientId: string,
  { signIn = false, silentSignIn = false } = {},
) {
  const site = m.origins[0] ?? issuer;
  const onSite = (href: string) => new URL(href, site).href;
  const onService = (href: string) => new URL(href, issuer).href;
  const logoSrc = m.logo && (m.logo.file ? logoPath(m.id) : onSite(m.logo.src));
  return {
    municipality: {
      id: m.id,
      name: m.name,
      href: `${site}/`,
      ...(m.logo && logoSrc ? { logo: { src: logoSrc, alt: m.logo.alt } } : {}),
    },
    theme: m.theme,
    // on the sign-in pages themselves the header offers no second sign-in
    auth: signIn
      ? { mode: 'none' }
      : {
          mode: 'oidc',
          authority: issuer,
          clientId,
          callbackPath: '/',
          // without script, the header's sign-in button goes to the citizen's messages (which offer the sign-in)
          signInPage: onService('/berichten'),
          // the page was served to a citizen identified by the provider's session: the header, which keeps its
          // tokens per origin and may hold none here yet, signs in through that session without a click
          // (prompt=none in a hidden iframe, answered on /loket/loket-silent.html)
          ...(silentSignIn ? { silentSignIn: true } : {}),
        },
    api: { baseUrl: onService('/api') },
    links: {
      main: m.links.main.map((l) => ({ label: l.label, href: onSite(l.href) })),
      ...(m.links.applications.length
        ? { application: m.links.applications.map((l) => ({ label: l.label, href: onService(l.href) })) }
        : {}),
    },
  };
}

export function createPageLooks({
  renderer,
  issuer,
  clientId,
}: {
  renderer: RenderModule;
  issuer: string;
  clientId: string;
}): PageLooks {
  const cache = new Map<string, PageLook>();
  const warnings: string[] = [];
  const sizes = new Map<string, { width: number; height: number } | undefined>();
  const sizeOf = (m: Municipality) => {
    if (!sizes.has(m.id)) sizes.set(m.id, m.logo?.file ? renderer.imageSize(m.logo.file) : undefined);
    return sizes.get(m.id);
  };

  function lookFor(m: Municipality, lang: Lang, { signIn = false, silentSignIn = false }: LookOptions = {}): PageLook {
    // a sign-in page's header has no sign-in at all, silent or not
    const silent = silentSignIn && !signIn;
    const key = `${m.id}\n${lang}\n${signIn}\n${silent}`;
    const known = cache.get(key);
    if (known) return known;
    const size = sizeOf(m);
    const config = headerConfig(m, issuer, clientId, { signIn, silentSignIn: silent });
    const rendered = renderer.renderHeader(config, {
      lang,
      styles: 'link',
      assetBase: ASSET_BASE,
      ...(size ? { logoSize: size } : {}),
    });
    for (const w of rendered.warnings) if (!warnings.includes(w)) warnings.push(`${m.id}: ${w}`);
    const logo = config.municipality.logo;
    const look: PageLook = {
      municipality: m,
      lang,
      name: m.name[lang],
      themeLinks: [`${ASSET_BASE}themes/${m.theme}.css`, `${ASSET_BASE}themes/${m.theme}.page.css`],
      header: rendered.html,
      ...(logo ? { logo: { src: logo.src, alt: logo.alt[lang], ...(size ?? {}) } } : {}),
    };
    cache.set(key, look);
    return look;
  }
  return { lookFor, warnings };
}

/**
 * Renders every municipality's header in every language once (a bad config stops the start, not a page). The
 * silent sign-in variant differs by one flag of the same config: it is rendered on its first page.
 */
export function prerenderAll(looks: PageLooks, all: readonly Municipality[]): void {
  for (const m of all)
    for (const lang of LANGUAGES) for (const signIn of [false, true]) looks.lookFor(m, lang, { signIn });
}

/**
 * The current request's municipality and looks (set by the municipality hook for the whole request), and how its
 * citizen was identified (`via`: read when the page renders, after the identity hook ran).
 */
export const requestLook = new AsyncLocalStorage<{
  municipality: Municipality;
  looks: PageLooks;
  via?: () => 'host' | 'oidc' | undefined;
}>();

/**
 * The look of the current request's municipality in `lang`, if the request has one (pages outside a request have
 * none). A page served to a citizen identified by the provider's session gets the header that signs in silently.
 */
export function currentLook(lang: Lang, options: { signIn?: boolean } = {}): PageLook | undefined {
  const current = requestLook.getStore();
  return (
    current &&
    current.looks.lookFor(current.municipality, lang, { ...options, silentSignIn: current.via?.() === 'oidc' })
  );
}
