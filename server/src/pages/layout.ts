// The service's own HTML: layout, sign-in form, sign-out page, error page. The citizen's pages (lists,
// personal data, correction form) are in account.ts. No inline script or style (the CSS and the scripts are
// files under /static/ and /loket/), text always escaped. Every page is in the look of the request's
// municipality (look.ts): its theme, its logo and name, and the Loket header on top.

import { escapeHtml as e } from './html.js';
import { ASSET_BASE, currentLook, type PageLook } from './look.js';
import { LANGUAGE_NAMES, LANGUAGES, TEXT, type Lang, type Texts } from './texts.js';

/** Links to the same page in each language (`?lang=`), current one marked. */
function languageSwitch(lang: Lang, currentUrl: string | undefined): string {
  if (!currentUrl) return '';
  const links = LANGUAGES.map((code) => {
    const url = new URL(currentUrl);
    url.searchParams.set('lang', code);
    const current = code === lang ? ' aria-current="true"' : '';
    return `<li><a href="${e(url.pathname + url.search)}" lang="${code}" hreflang="${code}"${current}>${e(LANGUAGE_NAMES[code])}</a></li>`;
  }).join('');
  return `<nav class="languages loket-no-print" aria-label="${e(TEXT[lang].language)}"><ul>${links}</ul></nav>`;
}

/** The citizen's own pages, linked from the header's profile menu. */
export const ACCOUNT_PAGES = Object.freeze([
  { path: '/berichten', label: 'myMessages' },
  { path: '/dossiers', label: 'myDossiers' },
  { path: '/documenten', label: 'myDocuments' },
  { path: '/gegevens', label: 'myData' },
  { path: '/inzage', label: 'myExport' },
  { path: '/raadplegingen', label: 'myAccessLog' },
] as const satisfies readonly { path: string; label: keyof Texts }[]);

/** Links to the citizen's pages; `current` (a path) is marked; `query` (e.g. "?lang=fr") is kept. */
export function accountNav(lang: Lang, current?: string, query = ''): string {
  const t = TEXT[lang];
  const links = ACCOUNT_PAGES.map(({ path, label }) => {
    const mark = path === current ? ' aria-current="page"' : '';
    return `<li><a href="${e(path + query)}"${mark}>${e(t[label])}</a></li>`;
  }).join('');
  return `<nav class="account loket-page-nav loket-no-print" aria-label="${e(t.accountNav)}"><ul>${links}</ul></nav>`;
}

export interface LayoutOptions {
  lang: Lang;
  title: string;
  body: string;
  currentUrl?: string;
  scripts?: string[];
  /** HTML between the bar and the card (accountNav) */
  nav?: string;
  /**
   * The page's referrer policy (also send it as the Referrer-Policy header); `same-origin` on pages with a form
   * that the server checks by its Origin header (with `no-referrer`, browsers send `Origin: null`).
   */
  referrer?: string;
  /**
   * The municipality's look (theme, logo, name, header); default: the current request's municipality
   * (http/municipality.ts), so a page gets it without asking. `null`: the plain default look without a header.
   */
  look?: PageLook | null;
  /** a sign-in page: the header offers no sign-in of its own (with the default look) */
  signIn?: boolean;
}

/** The stylesheets every page links after the theme's: the shared page styles, then the service's own. */
const PAGE_STYLES = [`${ASSET_BASE}themes/loket-pages.css`, '/static/loket.css'];
const DEFAULT_THEME_LINKS = [`${ASSET_BASE}themes/loket.css`, `${ASSET_BASE}themes/loket.page.css`];

/** The municipality's logo and name on paper (the header is not printed): letters, documents, the export. */
function printHead(look: PageLook): string {
  const { logo } = look;
  const size = logo?.width && logo.height ? ` width="${logo.width}" height="${logo.height}"` : '';
  const img = logo ? `<img src="${e(logo.src)}" alt="${e(logo.alt)}"${size}>` : '';
  return `<div class="loket-print-only loket-print-head">${img}<p>${e(look.name)}</p></div>`;
}

/** The page around `body`. */
export function layout({
  lang,
  title,
  body,
  currentUrl,
  scripts = [],
  nav = '',
  referrer = 'no-referrer',
  signIn = false,
  look = currentLook(lang, { signIn }),
}: LayoutOptions): string {
  const styles = [...(look ? look.themeLinks : DEFAULT_THEME_LINKS), ...PAGE_STYLES]
    .map((href) => `<link rel="stylesheet" href="${e(href)}">`)
    .join('\n');
  // the drop-in hydrates the pre-rendered header (deferred: it runs after the parser has seen the header)
  const scriptTags = [...(look ? [`${ASSET_BASE}loket-header.js`] : []), ...scripts]
    .map((src) => `<script src="${e(src)}" defer></script>`)
    .join('');
  const name = look?.name ?? 'Loket';
  return `<!doctype html>
<html lang="${e(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="${e(referrer)}">
<title>${e(title)} · ${e(name)}</title>
${styles}
${scriptTags}
</head>
<body class="loket-page"${look ? ` data-municipality="${e(look.municipality.id)}"` : ''}>
${look ? look.header : `<header class="bar"><span class="brand">Loket</span></header>`}
${look ? printHead(look) : ''}${currentUrl ? `<div class="page-bar loket-no-print">${languageSwitch(lang, currentUrl)}</div>` : ''}
${nav}<main id="main" class="loket-page-main"><div class="card">
${body}
</div></main>
<footer class="loket-page-footer loket-no-print"><div><p>${e(name)}</p></div></footer>
</body>
</html>
`;
}

export interface LoginPageOptions {
  lang: Lang;
  action: string;
  currentUrl?: string;
  error?: boolean;
  /** the error's text when it is not "wrong username or password" (e.g. throttled: wait and try again) */
  errorText?: string;
  hidden?: Record<string, string | undefined | null>;
  cancelHref?: string;
  referrer?: string;
  /** the request asks to act for an identity (a login hint), so the citizen signs in again */
  identityRequested?: boolean;
}

/** The sign-in form, shared by the OIDC interaction and the host-mode login. */
export function loginPage({
  lang,
  action,
  currentUrl,
  error = false,
  errorText,
  hidden = {},
  cancelHref,
  referrer,
  identityRequested = false,
}: LoginPageOptions): string {
  const t = TEXT[lang];
  const hiddenInputs = Object.entries(hidden)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([name, value]) => `<input type="hidden" name="${e(name)}" value="${e(value)}">`)
    .join('');
  const errorBox = error
    ? `<p class="error" id="login-error" role="alert">${e(errorText ?? t.wrongCredentials)}</p>`
    : '';
  const describedBy = error ? ' aria-describedby="login-error" aria-invalid="true"' : '';
  const cancel = cancelHref ? `<a class="secondary" href="${e(cancelHref)}">${e(t.cancel)}</a>` : '';
  return layout({
    lang,
    title: t.signInTitle,
    signIn: true,
    ...(currentUrl ? { currentUrl } : {}),
    ...(referrer ? { referrer } : {}),
    body: `<h1>${e(t.signInTitle)}</h1>
<p>${e(identityRequested ? t.identityNote : t.signInIntro)}</p>
${errorBox}
<form method="post" action="${e(action)}" class="login" novalidate>
${hiddenInputs}<input type="hidden" name="lang" value="${e(lang)}">
<label for="username">${e(t.username)}</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus${describedBy}>
<label for="password">${e(t.password)}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${describedBy}>
<div class="actions"><button type="submit">${e(t.submit)}</button>${cancel}</div>
</form>
<p class="hint">${e(t.demoHint)}</p>`,
  });
}

/**
 * Sign-out confirmation. `formHtml` is the provider's form (with its xsrf field); the buttons submit it. With
 * `autoSubmit` (the request proved it comes from the session's own site), /static/auto-submit.js submits it
 * right away with logout=yes, so no click is needed when scripts run; otherwise the citizen answers the question.
 */
export function logoutPage({
  lang,
  formHtml,
  formId,
  autoSubmit,
}: {
  lang: Lang;
  formHtml: string;
  formId: string;
  autoSubmit: boolean;
}): string {
  const t = TEXT[lang];
  return layout({
    lang,
    title: t.signOutTitle,
    scripts: autoSubmit ? ['/static/auto-submit.js'] : [],
    body: `<h1>${e(t.signOutTitle)}</h1>
<p>${e(t.signOutQuestion)}</p>
${formHtml}
<div class="actions"${autoSubmit ? ` data-auto-submit="${e(formId)}"` : ''}>
<button type="submit" form="${e(formId)}" name="logout" value="yes" autofocus>${e(t.signOutYes)}</button>
<button type="submit" form="${e(formId)}" class="secondary">${e(t.signOutNo)}</button>
</div>`,
  });
}

export function messagePage({ lang, title, body }: { lang: Lang; title: string; body: string }): string {
  return layout({ lang, title, body });
}

export function errorPage({
  lang,
  title,
  details = [],
  link,
}: {
  lang: Lang;
  title?: string;
  details?: [string, string][];
  link?: { href: string; label: string };
}): string {
  const t = TEXT[lang];
  const rows = details.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('');
  return layout({
    lang,
    title: title ?? t.errorTitle,
    body: `<h1>${e(title ?? t.errorTitle)}</h1>${rows ? `<dl>${rows}</dl>` : ''}${link ? `<p><a href="${e(link.href)}">${e(link.label)}</a></p>` : ''}`,
  });
}

/** A simple page: a heading, a paragraph, an optional button link. */
export function notice({
  lang,
  title,
  text,
  button,
}: {
  lang: Lang;
  title: string;
  text: string;
  button?: { href: string; label: string };
}): string {
  return layout({
    lang,
    title,
    body: `<h1>${e(title)}</h1><p>${e(text)}</p>${button ? `<p><a class="button" href="${e(button.href)}">${e(button.label)}</a></p>` : ''}`,
  });
}
