import type { Locale } from '../i18n/locales.js';

/**
 * What a pre-rendered header knew when it rendered: the language and (when the server was told) the page.
 * On the server `renderHeader` sets it for the duration of one synchronous render; in the browser a header
 * that hydrates reads it from its own attributes, so that its first render (the hydration) computes exactly
 * what the server rendered, and a second render then moves what differs (the page's `lang`, the current link).
 */
export interface PrerenderContext {
  locale: Locale;
  page?: string;
}

/** The render under way on the server (`renderHeader`); undefined everywhere else. */
export const serverRender: { context?: PrerenderContext } = {};

/** Attributes `renderHeader` puts on the pre-rendered `<loket-header>`. */
export const PRERENDER_LANG = 'data-loket-lang';
export const PRERENDER_PAGE = 'data-loket-page';
