// Hostile input, end to end (issue 6): every payload of test/fixtures/xss-payloads.json goes into every string
// and URL of the config and into every field of the profile API that the header reads, on a page served with
// the site's strict CSP (Trusted Types required). Then every menu is opened and everything in the header's
// shadow roots is focused, hovered and clicked. Nothing may run: the trap `window.__xss(id)` that every
// payload calls stays silent, no CSP violation, no dialog, no page error; every URL in the header is http(s)
// or relative; unsafe config URLs are left out with a `loket-error` naming the field; text shows verbatim.
//
// The page (pages/hostile/xss.html) mounts one header with window.loket.mount() and adds the others as
// <loket-header config="..."> elements; the plan, the configs, the session URLs and the profile API are
// Playwright routes. Per payload p there are three headers:
//   T  every text field is p (names from the session URL, item titles ...), URLs safe, except one entry of
//      each list (links, items, help options) and the logo, whose URL is p;
//   U  every URL and enumerated field is p (home link, umbrella, sign-in/out, theme, link target, alert
//      variant, municipality id), and no name, so the logo's alt (p) names the home link;
//   S  signed in, with api.baseUrl p; its summary answers with p as the unread counts.
// The mounted header M lists every payload of the batch as main links and as summary items, and
// window.loket.setSession() gives it each payload as the citizen's names in turn.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { describeProblems, settled, snapshotHostDom, useEnvironment } from './helpers.mjs';

const env = useEnvironment();

const FIXTURE = JSON.parse(readFileSync(new URL('../fixtures/xss-payloads.json', import.meta.url), 'utf8'));
const PAYLOADS = Object.values(FIXTURE.groups).flat();
const BATCH_SIZE = 10;
const BATCHES = [];
for (let i = 0; i < PAYLOADS.length; i += BATCH_SIZE) BATCHES.push(PAYLOADS.slice(i, i + BATCH_SIZE));

const PAGE = '/test-pages/hostile/xss.html';
const BASE = '/test-pages/hostile';
const LOGO = '/img/lindegem-logo.svg';
const FIXED_DATE = '2025-11-28T08:40:00Z';

/**
 * Whether a browser would follow this URL somewhere other than http(s): the WHATWG parser (Node's is the
 * same) strips leading/trailing controls and spaces and removes tabs and newlines, as the browser does.
 * Such a URL must never reach an href or src. A URL that does not parse at all goes nowhere.
 */
function isDangerousUrl(value) {
  try {
    return !['http:', 'https:'].includes(new URL(value, 'http://site.example/dir/page.html').protocol);
  } catch {
    return false;
  }
}

/** Whether a URL parses at all (one that does not is refused too: there is nothing to follow). */
function parses(value) {
  try {
    new URL(value, 'http://site.example/dir/page.html');
    return true;
  } catch {
    return false;
  }
}

/** The header's own rule for a theme: a bundled id, or a URL with "/" or "." in it. */
const THEME_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

// ---------------------------------------------------------------------------------------------------------
// What the routes serve.

function configT({ id, payload: p }) {
  return {
    municipality: { id: 'hostile', name: p, href: `${BASE}/home`, logo: { src: p, alt: p } },
    umbrella: { label: { nl: p }, href: `${BASE}/umbrella` },
    auth: {
      mode: 'host',
      loginUrl: `${BASE}/login?return={returnUrl}`,
      logoutUrl: `${BASE}/logout`,
      sessionUrl: `${BASE}/session/t-${id}.json`,
    },
    api: { baseUrl: `${BASE}/api/t-${id}`, refreshSeconds: 3600 },
    links: {
      main: [
        { label: { nl: p, fr: 'Lien' }, href: `${BASE}/main` },
        { label: 'Main link with a hostile href', href: p, external: true },
      ],
      application: [
        { label: p, href: `${BASE}/application` },
        { label: 'Application link with a hostile href', href: p },
      ],
    },
    alert: { message: { en: 'English', nl: p }, variant: 'warning', dismissible: true },
    help: {
      label: { nl: p },
      options: [
        // Phone, e-mail and hours values have a checked form; the payload goes in their labels.
        { kind: 'phone', label: p, value: '+32 9 123 45 67' },
        { kind: 'email', label: { nl: p }, value: 'info@hostile.example' },
        { kind: 'hours', label: p, hours: { mon: [{ from: '09:00', to: '12:00' }] } },
        { kind: 'address', label: p, value: p },
        { kind: 'link', label: p, value: p },
      ],
    },
  };
}

function configU({ payload: p }) {
  return {
    municipality: { id: p, href: p, logo: { src: LOGO, alt: { nl: p } } },
    theme: p,
    umbrella: { label: 'Umbrella', href: p },
    auth: { mode: 'host', loginUrl: p, logoutUrl: p },
    links: { main: [{ label: 'Main', href: p, target: p }] },
    alert: { message: 'Alert with a hostile variant', variant: p },
  };
}

function configS({ id, payload: p }) {
  return {
    municipality: { id: 'hostile', name: `S ${id}`, href: '/' },
    auth: {
      mode: 'host',
      loginUrl: `${BASE}/login`,
      logoutUrl: `${BASE}/logout`,
      sessionUrl: `${BASE}/session/s-${id}.json`,
    },
    api: { baseUrl: p, refreshSeconds: 3600 },
  };
}

function configM(batch) {
  return {
    municipality: { id: 'hostile', name: 'Mounted', href: '/' },
    auth: { mode: 'host', loginUrl: `${BASE}/login`, logoutUrl: `${BASE}/logout` },
    api: { baseUrl: `${BASE}/api/m`, refreshSeconds: 3600 },
    links: { main: batch.map(({ payload }) => ({ label: payload, href: payload })) },
  };
}

function summaryT({ payload: p }) {
  return {
    unread: { messages: 2, dossiers: 1, documents: 0 },
    latest: [
      { id: p, kind: 'message', title: p, createdAt: p, href: `${BASE}/item`, read: false },
      { id: 'read', kind: 'document', title: p, createdAt: FIXED_DATE, href: p, read: true },
      { id: 'kind', kind: p, title: `kind ${p}`, createdAt: FIXED_DATE, href: `${BASE}/item`, read: false },
    ],
  };
}

function summaryM(batch) {
  return {
    unread: { messages: batch.length, dossiers: 0, documents: 0 },
    latest: batch.map(({ payload: p }, i) => ({
      id: p,
      kind: 'registered',
      title: p,
      createdAt: p,
      href: p,
      read: i % 2 === 0,
    })),
  };
}

const summaryS = ({ payload: p }) => ({ unread: { messages: p, dossiers: p, documents: p }, latest: [] });

/** The URL the profile client asks for `/me/summary` under `baseUrl` (as src/backend/profile-client.ts builds it). */
function summaryUrl(baseUrl, pageUrl) {
  try {
    return new URL('me/summary', new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`, pageUrl)).href;
  } catch {
    return undefined;
  }
}

const json = (route, body, status = 200) =>
  route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });

/**
 * Routes for one batch: the plan, the configs, the session URLs and the profile API; every navigation away
 * from the page (a clicked link) is answered 204, so the page stays and the next link can be clicked.
 */
async function routeBatch(session, batch, batchIndex) {
  const { context } = session;
  const byId = new Map(batch.map((entry) => [String(entry.id), entry]));
  const pageUrl = env.url(`${PAGE}?batch=${batchIndex}`);
  const sSummaries = new Map();
  for (const entry of batch) {
    const url = summaryUrl(entry.payload, pageUrl);
    if (url) sSummaries.set(url, entry);
  }
  const state = { navigations: [], blockNavigation: false, unknownSummaries: [] };

  await context.route('**/*', (route) => {
    const request = route.request();
    if (state.blockNavigation && request.isNavigationRequest()) {
      state.navigations.push(request.url());
      return route.fulfill({ status: 204 });
    }
    return route.fallback();
  });
  await context.route(`**${BASE}/plan-*.json`, (route) =>
    json(route, {
      mount: configM(batch),
      elements: batch.flatMap(({ id }) => [
        `${BASE}/config/t-${id}.json`,
        `${BASE}/config/u-${id}.json`,
        `${BASE}/config/s-${id}.json`,
      ]),
    }),
  );
  await context.route(`**${BASE}/config/*.json`, (route) => {
    const [, kind, id] = /\/config\/([tus])-(\d+)\.json$/.exec(new URL(route.request().url()).pathname) ?? [];
    const entry = byId.get(id);
    if (!entry) return route.fulfill({ status: 404 });
    return json(route, { t: configT, u: configU, s: configS }[kind](entry));
  });
  await context.route(`**${BASE}/session/*.json`, (route) => {
    const [, kind, id] = /\/session\/([ts])-(\d+)\.json$/.exec(new URL(route.request().url()).pathname) ?? [];
    const entry = byId.get(id);
    if (!entry) return route.fulfill({ status: 401 });
    const user =
      kind === 't'
        ? { id: `t-${id}`, givenName: entry.payload, familyName: entry.payload }
        : { id: `s-${id}`, givenName: 'S', familyName: `Header ${id}` };
    return json(route, { user });
  });
  await context.route(
    (url) => url.href.includes('me/summary'),
    (route) => {
      const url = route.request().url();
      const own = /\/test-pages\/hostile\/api\/(m|t-(\d+))\/me\/summary$/.exec(new URL(url).pathname);
      if (own?.[1] === 'm') return json(route, summaryM(batch));
      if (own?.[2] && byId.has(own[2])) return json(route, summaryT(byId.get(own[2])));
      const entry = sSummaries.get(url);
      if (!entry) state.unknownSummaries.push(url);
      return json(route, summaryS(entry ?? batch[0]));
    },
  );
  return { state, pageUrl };
}

// ---------------------------------------------------------------------------------------------------------
// In the page (an init script: it runs before the page's own scripts and is not subject to its CSP).

function hostileInstrumentation() {
  window.__xssCalls = [];
  Object.defineProperty(window, '__xss', {
    value: (id) => {
      window.__xssCalls.push(String(id));
      console.error(`XSS TRAP FIRED: ${id}`);
    },
    writable: false,
    configurable: false,
  });
  // Links are followed for real (so a javascript: URL would run), but an http(s) navigation away from the page
  // is cancelled and recorded, so every link can be clicked on one page load. (javascript: URLs fire no
  // navigate event; the test's route answers any navigation that gets through with 204.)
  window.__navigations = [];
  window.navigation?.addEventListener('navigate', (event) => {
    if (event.hashChange || event.downloadRequest !== null) return;
    window.__navigations.push({ url: event.destination.url, cancelable: event.cancelable });
    if (event.cancelable) event.preventDefault();
  });
  // Each header's loket-error events, on the header itself.
  document.addEventListener(
    'loket-error',
    (event) => {
      const header = event.target;
      header.__loketErrors ??= [];
      header.__loketErrors.push({ code: event.code, issues: (event.issues ?? []).map((issue) => issue.path) });
    },
    true,
  );

  const ALLOWED_TAGS = new Set([
    'header',
    'div',
    'slot',
    'a',
    'img',
    'span',
    'nav',
    'button',
    'svg',
    'path',
    'ul',
    'li',
    'p',
    'time',
    'loket-alert',
    'loket-profile-menu',
    'loket-notification-badge',
    'loket-help-menu',
    'dl',
    'dt',
    'dd',
    'br',
  ]);
  /** The help menu's phone and e-mail links: tel: with only digits and +, mailto: with one checked address. */
  const CONTACT_URL = /^(tel:\+?\d+|mailto:[^\s@<>"'&?]+@[^\s@<>"'&?]+)$/;
  const URL_ATTRIBUTES = [
    'href',
    'src',
    'xlink:href',
    'action',
    'formaction',
    'srcset',
    'poster',
    'data',
    'background',
    'ping',
  ];

  /** Every shadow root in the header, nested ones included. */
  function shadowRoots(host) {
    const roots = [];
    const visit = (root) => {
      roots.push(root);
      for (const element of root.querySelectorAll('*')) if (element.shadowRoot) visit(element.shadowRoot);
    };
    if (host.shadowRoot) visit(host.shadowRoot);
    return roots;
  }

  const all = (host, selector) => shadowRoots(host).flatMap((root) => [...root.querySelectorAll(selector)]);

  /** Text as rendered for sighted users: without the visually-hidden additions for screen readers. */
  function shownText(element) {
    if (!element) return null;
    const clone = element.cloneNode(true);
    for (const hidden of clone.querySelectorAll('.visually-hidden')) hidden.remove();
    return clone.textContent;
  }

  const visible = (element) => Boolean(element?.checkVisibility({ visibilityProperty: true, opacityProperty: true }));

  /** http(s) or relative: what the browser would follow, after it strips controls, spaces, tabs and newlines. */
  function isAllowedUrl(value) {
    try {
      return ['http:', 'https:'].includes(new URL(value, document.baseURI).protocol);
    } catch {
      // Unparseable (e.g. "https://\"><img ...>"): nothing to follow; its scheme must still be http(s) or none.
      // eslint-disable-next-line no-control-regex
      const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value.replace(/[\u0000-\u0020]/g, ''));
      return !scheme || /^https?$/i.test(scheme[1]);
    }
  }

  /** Everything the checks need about one header, read from its shadow roots. */
  function inspect(header) {
    const root = header.shadowRoot;
    const problems = [];
    for (const element of all(header, '*')) {
      const tag = element.localName;
      if (!ALLOWED_TAGS.has(tag)) problems.push(`unexpected <${tag}>`);
      for (const attribute of element.attributes) {
        const name = attribute.name.toLowerCase();
        if (name.startsWith('on')) problems.push(`<${tag} ${name}="${attribute.value}">`);
        if (name === 'style' || name === 'srcdoc') problems.push(`<${tag} ${name}>`);
        const contact = tag === 'a' && name === 'href' && CONTACT_URL.test(attribute.value);
        if (URL_ATTRIBUTES.includes(name) && !isAllowedUrl(attribute.value) && !contact)
          problems.push(`<${tag} ${name}="${attribute.value}"> is not http(s) or relative`);
      }
    }
    const brand = root.querySelector('.brand');
    const img = root.querySelector('img.logo');
    const umbrella = root.querySelector('a.umbrella');
    const alert = root.querySelector('loket-alert[part="alert"]');
    const signIn = root.querySelector('.sign-in');
    const menu = root.querySelector('loket-profile-menu');
    const menuRoot = menu?.shadowRoot;
    const name = root.querySelector('.brand .name');
    // Layout: the bar's content fits in the bar, and the brand (start) does not overlap the links or the account.
    const bar = root.querySelector('.bar');
    const box = (element) => {
      const rect = element?.getBoundingClientRect();
      return rect && rect.width > 0 ? rect : undefined;
    };
    const startBox = [...(root.querySelector('.start')?.children ?? [])].map(box).filter(Boolean);
    const otherBoxes = [root.querySelector('nav'), root.querySelector('.end')].map(box).filter(Boolean);
    const overlaps = startBox.some((a) =>
      otherBoxes.some((b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom && b.top < a.bottom),
    );
    const layout = {
      barOverflow: bar ? Math.max(0, bar.scrollWidth - bar.clientWidth) : 0,
      beyondHost: [...root.querySelectorAll('.bar > *')].some(
        (child) => child.getBoundingClientRect().right > header.getBoundingClientRect().right + 1,
      ),
      brandOverlapped: overlaps,
    };
    return {
      config: header.getAttribute('config') ?? 'mounted',
      layout,
      problems,
      lightDomNodes: header.childNodes.length,
      errors: header.__loketErrors ?? [],
      pending: root.querySelector('.bar')?.classList.contains('pending') ?? true,
      // The links are in the "Menu" disclosure (a narrow screen, or links too long for a wide bar).
      inMenu: visible(root.querySelector('.menu-toggle')),
      // For a layout failure's message: the width of each part of the bar.
      barChildren: [...root.querySelectorAll('.bar > *, .end > *')]
        .map((e) => `${e.className || e.localName}:${Math.round(e.getBoundingClientRect().width)}`)
        .join(' '),
      brand: brand && {
        tag: brand.localName,
        href: brand.getAttribute('href'),
        ariaLabel: brand.getAttribute('aria-label'),
        name: name?.textContent ?? null,
        nameElements: name?.childElementCount ?? 0,
        nameVisible: visible(name),
        img: img && { src: img.getAttribute('src'), alt: img.getAttribute('alt') },
      },
      umbrella: umbrella && {
        href: umbrella.getAttribute('href'),
        text: umbrella.textContent,
        visible: visible(umbrella),
      },
      panelUmbrella: ((a) => a && { href: a.getAttribute('href'), text: a.textContent, visible: visible(a) })(
        root.querySelector('nav .links > li.narrow-only > a'),
      ),
      nav: [...root.querySelectorAll('nav .links > li:not(.narrow-only) > a')].map((a) => ({
        href: a.getAttribute('href'),
        text: shownText(a),
        target: a.getAttribute('target'),
        visible: visible(a),
      })),
      signIn: signIn && { tag: signIn.localName, href: signIn.getAttribute('href') },
      alert: alert && {
        text: alert.textContent,
        variant: alert.getAttribute('variant'),
        visible: visible(alert) && !alert.hidden,
      },
      profile: menuRoot
        ? {
            status: menu.status,
            trigger: shownText(menuRoot.querySelector('[part="trigger"] .name')),
            fullName: menuRoot.querySelector('.full-name')?.textContent ?? null,
            panelVisible: visible(menuRoot.querySelector('[part="panel"]')),
            items: [...menuRoot.querySelectorAll('.items > li')].map((li) => ({
              title: shownText(li.querySelector('.item-title')),
              href: li.querySelector('a')?.getAttribute('href'),
              datetime: li.querySelector('time')?.getAttribute('datetime'),
              visible: visible(li.querySelector('.item-title')),
            })),
            links: [...menuRoot.querySelectorAll('nav .links a')].map((a) => ({
              href: a.getAttribute('href'),
              text: a.textContent,
            })),
            note: menuRoot.querySelector('.note')?.textContent ?? null,
          }
        : null,
    };
  }

  const updated = async (header) => {
    for (let i = 0; i < 3; i++) {
      await Promise.all(
        [header, ...all(header, 'loket-alert, loket-profile-menu, loket-notification-badge')].map(
          (el) => el.updateComplete,
        ),
      );
    }
  };

  const POINTER_EVENTS = [
    'pointerover',
    'pointerenter',
    'mouseover',
    'mouseenter',
    'pointermove',
    'mousemove',
    'pointerdown',
    'mousedown',
    'pointerup',
    'mouseup',
    'mouseout',
    'mouseleave',
  ];

  /**
   * Opens every menu of one header, inspects it open, then focuses, hovers and clicks every link and
   * button (links navigate: the test answers those navigations 204); the alert's close and "sign out" last.
   */
  async function exercise(header) {
    const root = header.shadowRoot;
    root.querySelector('.menu-toggle')?.click();
    root.querySelector('loket-profile-menu')?.shadowRoot?.querySelector('[part="trigger"]')?.click();
    await updated(header);
    const open = inspect(header);
    const last = new Set([...all(header, '.sign-out, .close, .menu-toggle, [part="trigger"]')]);
    for (const element of [...all(header, 'a, button, [tabindex]').filter((el) => !last.has(el)), ...last]) {
      if (!element.isConnected) continue;
      element.focus();
      for (const type of POINTER_EVENTS) element.dispatchEvent(new MouseEvent(type, { bubbles: true, composed: true }));
      element.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
      element.click();
      element.blur();
      await updated(header);
    }
    // Escape on whatever is still open.
    root
      .querySelector('.bar')
      ?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await updated(header);
    return open;
  }

  window.__hostile = { inspect, exercise, shadowRoots };
}

// ---------------------------------------------------------------------------------------------------------
// Checks, in Node.

/** Issue paths of a header's config-invalid event(s). */
const issuePaths = (report) =>
  new Set(report.errors.filter((e) => e.code === 'config-invalid').flatMap((e) => e.issues));

/**
 * A URL field is either rendered (as given, verbatim) or left out with an issue naming it, never both,
 * never silently; a URL a browser would follow to anything but http(s) is always left out.
 */
function checkUrlField(where, payload, path, issues, rendered, renderedValue = payload.payload) {
  const { id, payload: p } = payload;
  if (isDangerousUrl(p))
    assert.ok(
      issues.has(path),
      `${where}: ${path} = payload ${id} ${JSON.stringify(p)} must be left out with a loket-error`,
    );
  if (rendered === undefined) return;
  assert.equal(
    Boolean(rendered),
    !issues.has(path),
    `${where}: ${path} (payload ${id}) is rendered (${Boolean(rendered)}) exactly when no issue names it (issues: ${[...issues].join(', ')})`,
  );
  if (rendered) assert.equal(rendered, renderedValue, `${where}: ${path} is rendered verbatim`);
}

function checkT(entry, report, open, narrow) {
  const { id, payload: p } = entry;
  const where = `T header of payload ${id} ${JSON.stringify(p)}`;
  const issues = issuePaths(report);
  const dangerous = isDangerousUrl(p);
  // Texts: verbatim, as text, visible.
  assert.equal(report.brand?.name, p, `${where}: the municipality name shows verbatim`);
  assert.equal(report.brand.nameElements, 0, `${where}: the name is one text, no elements`);
  assert.ok(report.brand.nameVisible, `${where}: the name is visible`);
  assert.ok(report.brand.ariaLabel?.includes(p), `${where}: the home link's accessible name contains the name`);
  assert.equal(report.umbrella?.text, p, `${where}: the umbrella label shows verbatim`);
  assert.equal(report.panelUmbrella?.text, p, `${where}: ... also in the narrow screens' menu`);
  assert.equal(report.nav[0]?.text, p, `${where}: the first main link's label shows verbatim`);
  if (narrow || report.inMenu) {
    // The links are in the "Menu" disclosure: visible once it is open.
    assert.ok(open.panelUmbrella.visible, `${where}: the umbrella link is visible in the open menu`);
    assert.ok(open.nav[0].visible, `${where}: the first main link is visible in the open menu`);
  } else {
    assert.ok(report.umbrella.visible, `${where}: the umbrella link is visible`);
    assert.ok(report.nav[0].visible, `${where}: the first main link is visible`);
  }
  assert.equal(report.alert?.text, p, `${where}: the alert message shows verbatim`);
  assert.ok(report.alert.visible, `${where}: the alert is visible`);
  assert.equal(
    report.profile?.trigger,
    `${p} ${p}`,
    `${where}: the citizen's names (from the session URL) show verbatim in the menu button`,
  );
  assert.equal(report.profile.fullName, `${p} ${p}`, `${where}: ... and in the panel`);
  assert.ok(open.profile.panelVisible, `${where}: the profile panel opens and is visible`);
  assert.equal(report.profile.links[0]?.text, p, `${where}: the application link's label shows verbatim`);
  // Items: the one with a hostile id, title and date shows; the one with a hostile href only when safe; a hostile kind never.
  const [first, second, ...rest] = report.profile.items;
  assert.equal(first?.title, p, `${where}: the item title shows verbatim`);
  assert.equal(first.datetime, p, `${where}: createdAt is only ever an attribute value, verbatim`);
  assert.ok(open.profile.items[0].visible, `${where}: the item title is visible in the open panel`);
  if (dangerous) assert.equal(second, undefined, `${where}: the item with a dangerous href is left out`);
  if (second) {
    assert.equal(second.title, p);
    assert.equal(second.href, p, `${where}: an item href is rendered verbatim`);
  }
  assert.deepEqual(rest, [], `${where}: the item with kind = payload is left out`);
  // URLs in lists and the logo.
  checkUrlField(where, entry, 'links.main[1].href', issues, report.nav[1]?.href ?? null);
  checkUrlField(where, entry, 'links.application[1].href', issues, report.profile.links[1]?.href ?? null);
  checkUrlField(where, entry, 'municipality.logo.src', issues, report.brand.img?.src ?? null);
  checkUrlField(where, entry, 'help.options[4].value', issues, undefined);
  const expected = new Set([
    'links.main[1].href',
    'links.application[1].href',
    'municipality.logo.src',
    'help.options[4].value',
  ]);
  for (const path of issues) assert.ok(expected.has(path), `${where}: no issue about a text field (${path})`);
}

function checkU(entry, report) {
  const { id, payload: p } = entry;
  const where = `U header of payload ${id} ${JSON.stringify(p)}`;
  const issues = issuePaths(report);
  for (const path of ['municipality.id', 'municipality.name', 'alert.variant']) {
    assert.ok(issues.has(path), `${where}: ${path} is reported (${[...issues].join(', ')})`);
  }
  // A link with a bad href is left out whole; a kept one has its bad target reported.
  if (!issues.has('links.main[0].href'))
    assert.ok(issues.has('links.main[0].target'), `${where}: a hostile link target is reported`);
  assert.equal(report.alert, null, `${where}: an alert with a hostile variant is left out`);
  // Without a name, the logo's alt names the home link: verbatim, as an attribute value.
  assert.equal(report.brand?.img?.alt, p, `${where}: the logo's alt is the payload, verbatim`);
  assert.equal(report.brand.img.src, LOGO);
  checkUrlField(where, entry, 'municipality.href', issues, report.brand.tag === 'a' ? report.brand.href : null);
  checkUrlField(where, entry, 'umbrella.href', issues, report.umbrella?.href ?? null);
  checkUrlField(where, entry, 'links.main[0].href', issues, report.nav[0]?.href ?? null);
  checkUrlField(where, entry, 'auth.loginUrl', issues, report.signIn?.href ?? null);
  checkUrlField(where, entry, 'auth.logoutUrl', issues, undefined);
  if (report.nav[0]) assert.equal(report.nav[0].target, null, `${where}: a hostile target is left out`);
  if (report.signIn) assert.equal(report.signIn.tag, 'a');
  if (isDangerousUrl(p) || !(THEME_ID.test(p) || /[/.]/.test(p)))
    assert.ok(issues.has('theme'), `${where}: a hostile theme is reported`);
}

function checkS(entry, report) {
  const { id, payload: p } = entry;
  const where = `S header of payload ${id} ${JSON.stringify(p)}`;
  const issues = issuePaths(report);
  checkUrlField(where, entry, 'api.baseUrl', issues, undefined);
  assert.equal(report.profile?.trigger, `S Header ${id}`, `${where}: signed in, the menu shows`);
  if (issues.has('api.baseUrl')) {
    assert.equal(report.profile.status, 'ready', `${where}: without an API, nothing to load`);
    assert.deepEqual(report.profile.links, [], `${where}: no default links without an API`);
  } else {
    // The summary answered strings as counts: refused as a whole.
    assert.equal(
      report.profile.status,
      'unavailable',
      `${where}: counts that are not numbers make the summary unavailable`,
    );
    assert.deepEqual(report.profile.items, []);
    assert.equal(report.profile.links.length, 4, `${where}: the default links beside the API`);
  }
}

function checkM(batch, report, names) {
  const where = 'mounted header';
  const issues = issuePaths(report);
  const kept = batch.filter((entry, i) => {
    checkUrlField(`${where}, payload ${entry.id}`, entry, `links.main[${i}].href`, issues, undefined);
    return !issues.has(`links.main[${i}].href`);
  });
  assert.deepEqual(
    report.nav.map((link) => [link.text, link.href]),
    kept.map(({ payload }) => [payload, payload]),
    `${where}: every main link with an allowed href shows, label and href verbatim`,
  );
  const items = batch.filter(({ payload }) => !isDangerousUrl(payload) && parses(payload));
  assert.deepEqual(
    report.profile.items.map((item) => [item.title, item.href, item.datetime]),
    items.map(({ payload }) => [payload, payload, payload]),
    `${where}: every summary item with an http(s) or relative href shows, title, href and date verbatim; the others are left out`,
  );
  for (const { id, payload: p, trigger, fullName } of names) {
    assert.equal(
      trigger,
      `${p} ${p}`,
      `${where}: setSession() names of payload ${id} show verbatim in the menu button`,
    );
    assert.equal(fullName, `${p} ${p}`, `${where}: ... and in the panel`);
  }
}

// ---------------------------------------------------------------------------------------------------------

test('the payload fixture: at least 50 payloads in every group, unique ids, each runnable one calls its own trap', () => {
  const groups = Object.keys(FIXTURE.groups);
  for (const group of [
    'script-tags',
    'event-handlers',
    'svg-mathml',
    'url-schemes',
    'breakouts',
    'unicode',
    'css',
    'lit-markers',
  ]) {
    assert.ok(FIXTURE.groups[group]?.length >= 3, `group ${group} has payloads`);
  }
  assert.ok(PAYLOADS.length >= 50, `${PAYLOADS.length} payloads`);
  assert.equal(new Set(PAYLOADS.map((p) => p.id)).size, PAYLOADS.length, 'unique ids');
  for (const { id, payload, inert } of PAYLOADS) {
    assert.equal(typeof payload, 'string');
    assert.ok(payload.length < 300, 'shorter than the 300 characters a title keeps');
    const base64 = /;base64,(.*)$/.exec(payload);
    const text = base64 ? Buffer.from(base64[1], 'base64').toString() : payload;
    const traps = [...text.matchAll(/__xss\((\d+)\)/g)].map((m) => Number(m[1]));
    if (inert) assert.deepEqual(traps, [], `payload ${id} is inert`);
    else assert.ok(traps.length > 0 && traps.every((t) => t === id), `payload ${id} calls __xss(${id}): ${payload}`);
  }
  assert.ok(groups.length >= 8);
});

test('self-check: the trap, the CSP and Trusted Types detectors see an injection on the fixture page', async () => {
  const session = await env.open();
  const { page, context } = session;
  try {
    await context.addInitScript(hostileInstrumentation);
    await context.route(`**${BASE}/plan-selfcheck.json`, (route) => json(route, { elements: [] }));
    await page.goto(env.url(`${PAGE}?batch=selfcheck`));
    await page.waitForFunction(() => document.documentElement.dataset.fixture === 'ready');
    const sink = await page.evaluate(() => {
      try {
        document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=__xss(0)>');
        return 'inserted';
      } catch (error) {
        return error.name;
      }
    });
    assert.equal(sink, 'TypeError', 'Trusted Types refuse an HTML string');
    await page.evaluate(() => {
      const link = document.createElement('a');
      link.href = 'javascript:__xss(0)';
      document.body.append(link);
      link.click();
      link.remove();
    });
    await page.evaluate(() => window.__xss(0));
    await page.waitForFunction(() =>
      ['require-trusted-types-for', 'script-src'].every((d) => window.__e2e.cspViolations.some((v) => v.startsWith(d))),
    );
    const violations = await page.evaluate(() => window.__e2e.cspViolations);
    assert.ok(
      violations.some((v) => v.startsWith('require-trusted-types-for')),
      `the Trusted Types violation is seen: ${violations}`,
    );
    assert.ok(
      violations.some((v) => v.startsWith('script-src')),
      `the javascript: URL is refused and seen: ${violations}`,
    );
    assert.deepEqual(await page.evaluate(() => window.__xssCalls), ['0'], 'the trap records a call');
  } finally {
    await session.close();
  }
});

// ---------------------------------------------------------------------------------------------------------
// Bugs in src/ that these tests found, fixed since: a theme or api.baseUrl that passed the URL check but did
// not parse, e.g. 'https://"><img src=x>', made new URL() throw in the theme controller and the summary feed;
// long link labels (or many links) overflowed a wide bar, covered the brand and scrolled the page sideways
// (they now collapse into the Menu when they do not fit).

/**
 * The first T header with the real mouse and keyboard (trusted events, :hover and :focus-visible styles): hover
 * every link and button, open the main menu (narrow screens) and the profile panel by keyboard, tab through
 * it, close it with Escape, open it by mouse, hover every entry, click the first item, click outside.
 */
async function useWithRealInput(page, header, narrow) {
  const result = {};
  const shown = async (locator) => (await locator.count()) > 0 && locator.first().isVisible();
  // Hovering is passive: force it, so that a layout problem does not stop the rest.
  for (const element of await header.locator('a, button').all()) {
    if (await element.isVisible()) await element.hover({ force: true });
  }
  if (narrow) {
    await header.locator('.menu-toggle').click();
    result.mainMenuOpened = await shown(header.locator('nav .links a'));
    for (const link of await header.locator('nav .links a').all()) if (await link.isVisible()) await link.hover();
    await page.keyboard.press('Escape');
    result.mainMenuClosedByEscape = !(await shown(header.locator('nav .links a')));
  }
  const trigger = header.locator('loket-profile-menu [part="trigger"]');
  const panel = header.locator('loket-profile-menu [part="panel"]');
  await trigger.focus();
  await page.keyboard.press('Enter');
  result.panelOpenedByKeyboard = await panel.isVisible();
  // Tab into the panel (its first link), no further: Escape must still reach the menu.
  const focused = [];
  for (let i = 0; i < 3 && !focused.at(-1)?.startsWith('a'); i++) {
    await page.keyboard.press('Tab');
    focused.push(
      await page.evaluate(() => {
        let element = document.activeElement;
        while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
        return element ? `${element.localName}${element.className ? `.${element.className}` : ''}` : null;
      }),
    );
  }
  result.tabbedThrough = focused;
  await page.keyboard.press('Escape');
  result.panelClosedByEscape = !(await panel.isVisible());
  result.focusBackOnTrigger = await trigger.evaluate((button) => button.getRootNode().activeElement === button);
  await trigger.click();
  result.panelOpenedByMouse = await panel.isVisible();
  for (const link of await panel.locator('a, button:not([part="sign-out"])').all()) await link.hover({ force: true });
  await panel.locator('.items a').first().click();
  await page.mouse.click(5, 790);
  result.panelClosedByOutsideClick = !(await panel.isVisible());
  return result;
}

/**
 * Loads one batch's page, reads every header, uses every header, reads them again. Waits that time out are
 * recorded, not thrown, so that one broken header does not hide what the others did.
 */
async function runBatch(batch, batchIndex) {
  // Odd batches on a phone-sized screen: the main links are then in the "Menu" disclosure.
  const narrow = batchIndex % 2 === 1;
  const session = await env.open({ viewport: narrow ? { width: 390, height: 844 } : { width: 1280, height: 800 } });
  const { page, context } = session;
  const data = { narrow, waitProblems: [] };
  const waitFor = async (what, fn, arg, timeout) => {
    try {
      await page.waitForFunction(fn, arg, { timeout });
    } catch (error) {
      data.waitProblems.push(`${what}: ${error.message.split('\n')[0]}`);
    }
  };
  try {
    await context.addInitScript(hostileInstrumentation);
    const { state, pageUrl } = await routeBatch(session, batch, batchIndex);
    data.pageUrl = pageUrl;
    await page.goto(pageUrl);
    await waitFor('the fixture script', () => document.documentElement.dataset.fixture, undefined, 10_000);
    data.fixture = await page.evaluate(() => document.documentElement.dataset.fixture);
    // Signed-in headers: the session URL, the signed-in module and the summary are there; no bar still pending.
    await waitFor(
      'every header rendered, the signed-in ones with their summary',
      () =>
        [...document.querySelectorAll('loket-header')].every((header) => {
          const root = header.shadowRoot;
          if (!root?.querySelector('.bar') || root.querySelector('.bar.pending')) return false;
          if (!/\/config\/[ts]-/.test(header.getAttribute('config') ?? '')) return true;
          const menu = root.querySelector('loket-profile-menu');
          return menu?.shadowRoot && menu.status !== 'loading';
        }),
      undefined,
      15_000,
    );
    data.before = await snapshotHostDom(page);

    // The mounted header: each payload as the citizen's names, through window.loket.setSession().
    data.names = [];
    for (const { id, payload } of batch) {
      const set = await page.evaluate(
        ([userId, name]) =>
          window.loket.setSession({ user: { id: userId, givenName: name, familyName: name } }).then(
            () => 'ok',
            (error) => String(error),
          ),
        [`n-${id}`, payload],
      );
      if (set !== 'ok') data.waitProblems.push(`setSession(payload ${id}): ${set}`);
      await waitFor(
        `the mounted header shows the names of payload ${id}`,
        (name) =>
          document
            .querySelector('#mounted loket-header')
            ?.shadowRoot?.querySelector('loket-profile-menu')
            ?.shadowRoot?.querySelector('.full-name')?.textContent === `${name} ${name}`,
        payload,
        5000,
      );
      const report = await page.evaluate(() =>
        window.__hostile.inspect(document.querySelector('#mounted loket-header')),
      );
      data.names.push({ id, payload, trigger: report.profile?.trigger, fullName: report.profile?.fullName });
    }
    await waitFor(
      'the mounted header has its summary',
      () =>
        document.querySelector('#mounted loket-header')?.shadowRoot?.querySelector('loket-profile-menu')?.status ===
        'ready',
      undefined,
      10_000,
    );

    // Read every header, then use every header (menus open, then every link and button), then read again.
    data.reports = await page.evaluate(() =>
      [...document.querySelectorAll('loket-header')].map((h) => window.__hostile.inspect(h)),
    );
    [data.pageScrollWidth, data.viewportWidth] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      window.innerWidth,
    ]);
    state.blockNavigation = true;
    data.realInput = await useWithRealInput(page, page.locator('loket-header').nth(1), narrow);
    data.opened = [];
    for (let i = 0; i < data.reports.length; i++) {
      data.opened.push(
        await page.evaluate((index) => window.__hostile.exercise(document.querySelectorAll('loket-header')[index]), i),
      );
    }
    await settled(page); // a "nothing happens" check: nothing runs after the menus were used
    data.after = await page.evaluate(() =>
      [...document.querySelectorAll('loket-header')].map((h) => window.__hostile.inspect(h)),
    );
    data.afterSnapshot = await snapshotHostDom(page);
    data.finalUrl = page.url();
    Object.assign(
      data,
      await page.evaluate(() => ({
        xssCalls: window.__xssCalls,
        violations: window.__e2e.cspViolations,
        navigations: window.__navigations,
        hostScriptRan: window.hostScriptRan === true,
      })),
    );
    data.blockedNavigations = state.navigations;
    data.unknownSummaries = state.unknownSummaries;
  } finally {
    data.console = session.console;
    data.dialogs = session.dialogs;
    data.pageErrors = session.pageErrors.map((error) => error.message);
    await session.close();
  }
  return data;
}

describe('hostile strings in config and profile API', () => {
  BATCHES.forEach((batch, batchIndex) => {
    const label = `payloads ${batch[0].id}-${batch.at(-1).id}`;
    test(`${label}: nothing runs while every menu is used; text shows as text; unsafe URLs are left out`, async (t) => {
      const data = await runBatch(batch, batchIndex);
      t.diagnostic(
        `${data.reports.length} headers, ${data.navigations.length} link navigations cancelled, ${data.blockedNavigations.length} answered 204`,
      );

      await t.test(
        "nothing runs: no trap, no CSP violation, no dialog; only the header's own elements and http(s) or relative URLs",
        () => {
          assert.deepEqual(data.xssCalls, [], `the trap fired for payload(s) ${data.xssCalls.join(', ')}`);
          assert.deepEqual(
            data.console.filter((m) => m.text.startsWith('XSS TRAP FIRED')).map((m) => m.text),
            [],
            'the trap fired',
          );
          assert.deepEqual(data.violations, [], 'no securitypolicyviolation');
          assert.deepEqual(
            data.console.filter((m) => /Content Security Policy|Trusted Type/i.test(m.text)).map((m) => m.text),
            [],
            'no CSP or Trusted Types message in the console',
          );
          assert.deepEqual(data.dialogs, [], 'no dialog');
          for (const report of [...data.reports, ...data.opened, ...data.after]) {
            assert.deepEqual(
              report.problems,
              [],
              `${report.config}: only the header's own elements, no handlers, no inline style, only http(s) or relative URLs`,
            );
            assert.equal(report.lightDomNodes, 0, `${report.config}: nothing added to the header's light DOM`);
          }
          for (const url of [...data.navigations.map((n) => n.url), ...data.blockedNavigations]) {
            assert.match(
              url,
              /^(https?:|tel:\+?\d+$|mailto:info@hostile\.example$)/,
              "clicks navigated only to http(s), or the help menu's fixed phone and e-mail links",
            );
          }
          assert.equal(data.finalUrl, data.pageUrl, 'still on the page');
          assert.deepEqual(data.afterSnapshot, data.before, 'the host DOM outside the headers is unchanged');
          assert.ok(data.hostScriptRan, "the host page's own script ran");
        },
      );

      await t.test("every header renders; no page error, no console.error but the header's own reports", () => {
        assert.equal(data.fixture, 'ready', 'window.loket.mount() and every element resolved `ready`');
        assert.deepEqual(data.waitProblems, [], 'every header rendered and loaded what it should');
        assert.deepEqual(data.pageErrors, [], 'no page error');
        const errors = data.console.filter(
          (m) => m.type === 'error' && m.fromConsoleApi && !m.text.startsWith('loket: '),
        );
        assert.deepEqual(
          errors.map((m) => m.text),
          [],
          "no console.error but the header's own reports",
        );
        assert.deepEqual(data.unknownSummaries, [], 'every summary request was one the test expected');
      });

      await t.test(
        'layout: long hostile strings stay inside each header; the brand is not covered; no horizontal page scroll',
        () => {
          for (const report of data.reports) {
            assert.deepEqual(
              report.layout,
              { barOverflow: 0, beyondHost: false, brandOverlapped: false },
              `${report.config}: the bar's content fits (${report.barChildren})`,
            );
          }
          assert.ok(
            data.pageScrollWidth <= data.viewportWidth,
            `the page does not scroll sideways (${data.pageScrollWidth} px wide in a ${data.viewportWidth} px viewport)`,
          );
        },
      );

      await t.test(
        'real mouse and keyboard on a T header: menus open, are visible, close; nothing else happens',
        () => {
          const r = data.realInput;
          if (data.narrow) {
            assert.ok(r.mainMenuOpened, 'the "Menu" button opens the main links');
            assert.ok(r.mainMenuClosedByEscape, 'Escape closes them');
          }
          assert.ok(r.panelOpenedByKeyboard, 'Enter on the profile button opens the panel');
          assert.ok(
            r.tabbedThrough.some((f) => f?.startsWith('a')),
            `Tab reaches the panel's links (${r.tabbedThrough.join(', ')})`,
          );
          assert.ok(r.panelClosedByEscape, 'Escape closes the panel');
          assert.ok(r.focusBackOnTrigger, '... and returns focus to the button');
          assert.ok(r.panelOpenedByMouse, 'a click opens the panel');
          assert.ok(r.panelClosedByOutsideClick, 'a click outside closes it');
        },
      );

      await t.test('mounted header: every payload as a main link, a summary item and (setSession) the names', () => {
        checkM(batch, data.reports[0], data.names);
      });
      for (const [i, entry] of batch.entries()) {
        const name = `payload ${entry.id} ${JSON.stringify(entry.payload).slice(0, 40)}`;
        await t.test(`${name}: as every text (T header)`, () =>
          checkT(entry, data.reports[1 + 3 * i], data.opened[1 + 3 * i], data.narrow),
        );
        await t.test(`${name}: as every URL and enumerated value (U header)`, () =>
          checkU(entry, data.reports[2 + 3 * i]),
        );
        await t.test(`${name}: as api.baseUrl and unread counts (S header)`, () =>
          checkS(entry, data.reports[3 + 3 * i]),
        );
      }
    });
  });
});

test('a theme file full of hostile CSS: adopted as a stylesheet, nothing in it runs, the header renders', async () => {
  const session = await env.open();
  const { page, context } = session;
  try {
    await context.addInitScript(hostileInstrumentation);
    const css = [
      ':host { --loket-header-background-color: expression(__xss(0)); --loket-header-brand-text-color: #123456; }',
      '/* every CSS payload of the fixture, as a theme file would carry it */',
      ...FIXTURE.groups.css.map(({ payload }) => payload),
      '.name::after { content: "<img src=x onerror=__xss(0)>"; }',
      '@import url("/test-pages/hostile/imported.css");',
    ].join('\n');
    await context.route(`**${BASE}/hostile-theme.css`, (route) =>
      route.fulfill({ contentType: 'text/css', body: css }),
    );
    await context.route(`**${BASE}/plan-theme.json`, (route) =>
      json(route, {
        mount: {
          municipality: { id: 'hostile', name: 'Hostile theme', href: '/' },
          theme: `${BASE}/hostile-theme.css`,
        },
        elements: [],
      }),
    );
    await page.goto(env.url(`${PAGE}?batch=theme`));
    await page.waitForFunction(() => document.documentElement.dataset.fixture);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.fixture), 'ready');
    await page.waitForFunction(() => !document.querySelector('loket-header').shadowRoot.querySelector('.bar.pending'));
    const state = await page.evaluate(() => {
      const header = document.querySelector('loket-header');
      return {
        name: header.shadowRoot.querySelector('.name')?.textContent,
        sheets: header.shadowRoot.adoptedStyleSheets.length,
        errors: header.__loketErrors ?? [],
        brandColor: getComputedStyle(header.shadowRoot.querySelector('.brand')).color,
      };
    });
    await settled(page); // a "nothing happens" check for the page-wide assertions below (no script, no dialog, no @import)
    assert.equal(state.name, 'Hostile theme', 'the header renders');
    assert.equal(state.brandColor, 'rgb(18, 52, 86)', 'the theme was adopted (its brand colour applies)');
    assert.deepEqual(state.errors, [], 'no loket-error');
    assert.deepEqual(await page.evaluate(() => window.__xssCalls), [], 'nothing in the CSS ran');
    // The browser refusing to load the CSS's own url("javascript:...") images (img-src) is the policy at work;
    // nothing else may be blocked (no script, no Trusted Types sink was reached).
    const violations = await page.evaluate(() => window.__e2e.cspViolations);
    assert.deepEqual(
      violations.filter((v) => !/^img-src javascript /.test(v)),
      [],
      'no CSP violation but the refused javascript: images',
    );
    assert.deepEqual(session.dialogs, []);
    assert.deepEqual(
      session.pageErrors.map((e) => e.message),
      [],
      describeProblems(session),
    );
    assert.equal(
      session.requests.filter((url) => url.includes('imported.css')).length,
      0,
      '@import is not followed from a constructed stylesheet',
    );
  } finally {
    await session.close();
  }
});
