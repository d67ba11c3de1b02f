// The theme preview (/preview/): every bundled theme, or one (?theme=havenstad), in every state of the header,
// with the contrast report that the theme build wrote. Under `npm start` it follows each rebuild of the themes
// through the site server's event stream (/__loket/events): the theme CSS files and reports are fetched again
// (cache-busted), so an edit to a token file shows without a reload.
//
// A theme is shown by scoping, as any page may: a wrapper with the class `loket-theme-<id>` and the theme's CSS
// file linked (its rule is `:root, :host, .loket-theme-<id>`). The headers themselves get no `theme`.
//
// The page runs under the site's strict CSP with Trusted Types: the DOM is built with createElement and
// textContent only, and colours are set through the CSSOM (element.style), never as markup.

const THEMES_URL = '/loket/themes/';
const SIGNED_IN_MODULE = '/loket/loket-signed-in.js';
const EVENTS_URL = '/__loket/events';
const THEME_ID = /^[a-z][a-z0-9-]*$/;

/** Relative dates in the profile menu are measured from this moment, so the preview never changes by itself. */
const NOW = Date.parse('2025-11-28T10:00:00Z');

const USER = { id: 'preview', givenName: 'Sanne', familyName: 'Peeters' };
const SUMMARY = {
  unread: { messages: 2, dossiers: 1, documents: 0 },
  latest: [
    {
      id: 'm1',
      kind: 'message',
      title: 'Uw bewonerskaart is goedgekeurd',
      createdAt: '2025-11-28T08:40:00Z',
      href: '#berichten/m1',
      read: false,
    },
    {
      id: 'r1',
      kind: 'registered',
      title: 'Aanslagbiljet gemeentebelasting 2025',
      createdAt: '2025-11-27T14:05:00Z',
      href: '#berichten/r1',
      read: false,
    },
    {
      id: 'd1',
      kind: 'dossier',
      title: 'Omgevingsvergunning Kerkstraat 12: in behandeling',
      createdAt: '2025-11-24T09:00:00Z',
      href: '#dossiers/d1',
      read: false,
    },
    {
      id: 'c1',
      kind: 'document',
      title: 'Attest gezinssamenstelling',
      createdAt: '2025-11-12T11:30:00Z',
      href: '#documenten/c1',
      read: true,
    },
  ],
};
const PROFILE_LINKS = [
  { label: 'Mijn berichten', href: '#berichten' },
  { label: 'Mijn dossiers', href: '#dossiers' },
  { label: 'Mijn documenten', href: '#documenten' },
  { label: 'Mijn gegevens', href: '#gegevens' },
];
const ALERTS = [
  ['info', 'Vanaf 1 december vraagt u uw bewonerskaart online aan.'],
  ['success', 'Uw verhuis is geregistreerd. U ontvangt een bevestiging per post.'],
  ['warning', 'Storm verwacht op zondag: het recyclagepark blijft gesloten.'],
  ['error', 'Het e-loket is tijdelijk niet bereikbaar. We werken aan een oplossing.'],
];

/** The states shown for each theme; `data-state` names them for the screenshots (scripts/screenshots.mjs). */
const STATES = [
  { id: 'signed-out-wide', label: 'Signed out', width: 1024, build: (theme) => headerFrame(theme, { signIn: true }) },
  {
    id: 'signed-in-open',
    label: 'Signed in, 3 unread, profile menu open',
    width: 1024,
    tall: 'profile',
    build: (theme) => signedInFrame(theme),
  },
  {
    id: 'narrow-open',
    label: 'Signed out, menu open',
    width: 320,
    tall: 'menu',
    build: (theme) => headerFrame(theme, { signIn: true, openMenu: true }),
  },
  // The profile panel is wider than 320 px (it is sized by the viewport): room for it on the left.
  {
    id: 'narrow-signed-in-open',
    label: 'Signed in, profile menu open',
    width: 320,
    tall: 'profile',
    className: 'room-start',
    build: (theme) => signedInFrame(theme),
  },
  { id: 'alerts', label: 'Alerts: info, success, warning, error', width: 1024, build: () => alertsFrame() },
];

const params = new URLSearchParams(location.search);
const only = params.get('theme');
// ?shot: plain frames, for scripts/screenshots.mjs
if (params.has('shot')) document.documentElement.classList.add('shot');
let version = Date.now();
let signedInAvailable = false;
/** id -> { section, theme, report } */
const shown = new Map();

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name === 'className') node.className = value;
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.filter((c) => c !== undefined && c !== null));
  return node;
}

function logoFor(theme) {
  return theme.id === 'lindegem' ? '/img/lindegem-logo.svg' : '/preview/img/crest.svg';
}

function headerConfig(theme, { signIn }) {
  return {
    municipality: {
      id: theme.id,
      name: theme.name,
      href: location.pathname,
      logo: { src: logoFor(theme), alt: `Logo ${theme.name}` },
    },
    umbrella: { label: 'Vlaanderen', href: 'https://www.vlaanderen.be' },
    links: {
      main: [
        { label: 'Home', href: location.pathname },
        { label: 'Afval', href: '/diensten/afval.html' },
        { label: 'Parkeren', href: '/diensten/parkeren.html' },
        { label: 'Contact', href: '/contact.html' },
      ],
    },
    ...(signIn && { auth: { mode: 'host', loginUrl: '#aanmelden', logoutUrl: '#afmelden' } }),
  };
}

function createHeader(theme, options) {
  const header = document.createElement('loket-header');
  header.config = headerConfig(theme, options);
  header.dataset.signIn = options.signIn ? 'true' : 'false';
  // The preview never leaves the page: the sign-in link is only for show.
  header.addEventListener('loket-sign-in-request', (event) => event.preventDefault());
  return header;
}

function headerFrame(theme, { signIn, openMenu = false }) {
  const header = createHeader(theme, { signIn });
  if (openMenu) header.dataset.openMenu = 'true';
  return [header];
}

/**
 * The signed-in bar: the header (without a sign-in button) and, at the end of the same bar, the profile menu
 * with its badge, given plain properties. The end cell paints the header's own bar tokens so the two read as
 * one bar.
 */
function signedInFrame(theme) {
  const header = createHeader(theme, { signIn: false });
  const end = el('div', { className: 'profile-end' });
  if (signedInAvailable) {
    const menu = document.createElement('loket-profile-menu');
    Object.assign(menu, { user: USER, summary: SUMMARY, status: 'ready', links: PROFILE_LINKS, now: NOW, open: true });
    end.append(menu);
  } else {
    end.append(el('span', { className: 'missing', text: 'profile menu: run npm run build (dist/loket-signed-in.js)' }));
  }
  return [el('div', { className: 'signed-in-bar' }, header, end)];
}

function alertsFrame() {
  return ALERTS.map(([variant, message]) => {
    const alert = document.createElement('loket-alert');
    alert.setAttribute('variant', variant);
    alert.dismissible = true;
    alert.textContent = message;
    // Closing an alert shows what the close button does; it comes back, so the state stays visible.
    alert.addEventListener('loket-alert-dismiss', () => setTimeout(() => (alert.hidden = false), 1200));
    return alert;
  });
}

function buildSection(theme) {
  const headingId = `theme-${theme.id}`;
  const heading = el(
    'h2',
    { id: headingId },
    el('span', { className: 'theme-name', text: theme.name }),
    ' ',
    el('code', { text: theme.id }),
  );
  const states = el('div', { className: 'states', lang: 'nl' });
  for (const state of STATES) {
    const frame = el('div', {
      className: `frame${state.tall ? ` tall-${state.tall}` : ''}`,
      'data-width': state.width,
    });
    frame.style.inlineSize = `${state.width}px`;
    frame.append(...state.build(theme));
    states.append(
      el(
        'figure',
        { className: `state${state.className ? ` ${state.className}` : ''}`, 'data-state': state.id },
        el(
          'figcaption',
          {},
          el('span', { text: state.label }),
          el('span', { className: 'width', text: ` · ${state.width === 320 ? '320 px' : `${state.width} px`}` }),
        ),
        frame,
      ),
    );
  }
  const report = el(
    'details',
    { className: 'report', open: true },
    el('summary', { text: 'Contrast' }),
    el('div', { className: 'report-body' }),
  );
  const section = el(
    'section',
    { className: `theme loket-theme-${theme.id}`, 'data-theme': theme.id, 'aria-labelledby': headingId },
    heading,
    el('div', { className: 'theme-body' }, states, report),
  );
  return section;
}

// ---------------------------------------------------------------------------------------------------------
// Contrast report

function swatch(value) {
  const chip = el('span', { className: 'swatch', 'aria-hidden': 'true' });
  chip.style.backgroundColor = value;
  return chip;
}

function colourCell(colour, ratio) {
  return el(
    'span',
    { className: 'colour' },
    swatch(colour.value),
    el('code', { text: colour.name }),
    el('span', {
      className: 'value',
      text: ratio === undefined ? colour.value : `${colour.value} (${ratio.toFixed(2)}:1)`,
    }),
    colour.source
      ? el('span', { className: 'source', title: 'the token this colour comes from', text: `from ${colour.source}` })
      : undefined,
  );
}

function renderReport(entry, report) {
  const details = entry.section.querySelector('.report');
  const body = details.querySelector('.report-body');
  const pairs = report.pairs;
  const failing = pairs.filter((p) => !p.pass);
  const lowest = pairs.reduce((low, p) => (p.ratio / p.minimum < low.ratio / low.minimum ? p : low), pairs[0]);
  details.querySelector('summary').textContent =
    `Contrast: ${pairs.length} pairs, ${failing.length === 0 ? 'all pass' : `${failing.length} fail`}; ` +
    `closest to its minimum: ${lowest.ratio.toFixed(2)}:1 of ${lowest.minimum}:1 (${lowest.usage})`;
  const rows = pairs.map((p) => {
    const foreground = p.alternatives
      ? el('span', { className: 'alternatives' }, ...p.alternatives.map((a) => colourCell(a, a.ratio)))
      : colourCell(p.foreground);
    return el(
      'tr',
      { className: `${p.pass ? 'pass' : 'fail'}${p === lowest ? ' lowest' : ''}`, 'data-usage': p.usage },
      el('th', { scope: 'row', text: p.usage }),
      el('td', {}, foreground),
      el('td', {}, colourCell(p.background)),
      el('td', { className: 'num', text: `${p.ratio.toFixed(2)}:1` }),
      el('td', { className: 'num', text: `${p.minimum}:1` }),
      el('td', { className: 'result', text: p.pass ? 'pass' : 'FAIL' }),
    );
  });
  const table = el(
    'table',
    {},
    el('caption', {
      text: `Contrast of every pair in ${report.name} (WCAG 2.1: 4.5:1 for text, 3:1 for focus outlines and controls)`,
    }),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        ...['Pair', 'Foreground (or alternatives)', 'Background', 'Ratio', 'Minimum', 'Pass'].map((h) =>
          el('th', { scope: 'col', text: h }),
        ),
      ),
    ),
    el('tbody', {}, ...rows),
  );
  body.replaceChildren(table);
}

// ---------------------------------------------------------------------------------------------------------
// Loading, refreshing

async function fetchJson(url) {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

/** Links the theme's CSS (cache-busted); the previous link goes once the new one has loaded: no flash. */
function linkThemeCss(id) {
  return new Promise((resolve) => {
    const previous = [...document.head.querySelectorAll('link[data-theme-css]')].filter(
      (l) => l.dataset.themeCss === id,
    );
    const link = el('link', { rel: 'stylesheet', href: `${THEMES_URL}${id}.css?v=${version}`, 'data-theme-css': id });
    link.addEventListener(
      'load',
      () => {
        previous.forEach((l) => l.remove());
        resolve(true);
      },
      { once: true },
    );
    link.addEventListener(
      'error',
      () => {
        link.remove();
        resolve(false);
      },
      { once: true },
    );
    document.head.append(link);
  });
}

async function loadReport(entry) {
  try {
    renderReport(entry, await fetchJson(`${THEMES_URL}${entry.theme.id}.contrast.json?v=${version}`));
  } catch (error) {
    entry.section
      .querySelector('.report-body')
      .replaceChildren(el('p', { className: 'missing', text: `No contrast report: ${error.message}` }));
  }
}

/** Resolves once every element in the section has rendered and the narrow menus are open. */
async function settle(section) {
  const headers = [...section.querySelectorAll('loket-header')];
  await Promise.all(headers.map((h) => h.ready ?? h.updateComplete));
  await Promise.all([...section.querySelectorAll('loket-profile-menu, loket-alert')].map((e) => e.updateComplete));
  const logos = headers.flatMap((h) => [...(h.shadowRoot?.querySelectorAll('img') ?? [])]);
  const loaded = (img) =>
    new Promise((resolve) => {
      if (img.complete) return resolve();
      img.addEventListener('load', resolve, { once: true });
      img.addEventListener('error', resolve, { once: true });
    });
  await Promise.all(logos.map(loaded));
  for (const header of section.querySelectorAll('loket-header[data-open-menu]')) {
    const toggle = header.shadowRoot?.querySelector('[part~="menu-toggle"]');
    if (toggle && toggle.getAttribute('aria-expanded') !== 'true') toggle.click();
    await header.updateComplete;
  }
  fitPanels(section);
}

/** Grows each frame to hold the panel that is open over it (their height depends on the theme's fonts). */
function fitPanels(section) {
  for (const frame of section.querySelectorAll('.frame')) {
    const panels = [
      ...[...frame.querySelectorAll('loket-profile-menu')].map((m) => m.shadowRoot?.querySelector('[part~="panel"]')),
      ...[...frame.querySelectorAll('loket-header')].map((h) => h.shadowRoot?.querySelector('.links.open')),
    ].filter((p) => p && p.getBoundingClientRect().height > 0);
    if (!panels.length) continue;
    const top = frame.getBoundingClientRect().top;
    const bottom = Math.max(...panels.map((p) => p.getBoundingClientRect().bottom));
    frame.style.minBlockSize = `${Math.ceil(bottom - top + 24)}px`;
  }
}

/**
 * Shows `theme` (in the order of `wanted`, the build's index): a new theme gets its section, an existing one
 * keeps its elements (moving them would close their menus) and gets its CSS and report again.
 */
async function showTheme(theme, wanted) {
  let entry = shown.get(theme.id);
  if (!entry) {
    entry = { theme, section: buildSection(theme) };
    shown.set(theme.id, entry);
    const later = wanted.slice(wanted.indexOf(theme) + 1).map((t) => shown.get(t.id)?.section);
    document.getElementById('themes').insertBefore(entry.section, later.find((s) => s?.isConnected) ?? null);
  } else if (entry.theme.name !== theme.name) {
    entry.theme = theme;
    entry.section.querySelector('.theme-name').textContent = theme.name;
    for (const header of entry.section.querySelectorAll('loket-header')) {
      header.config = headerConfig(theme, { signIn: header.dataset.signIn === 'true' });
    }
  }
  await Promise.all([linkThemeCss(theme.id), loadReport(entry)]);
  await settle(entry.section);
}

function renderPicker(index) {
  const picker = document.getElementById('theme-picker');
  const item = (label, href, current) =>
    el('li', {}, el('a', { href, 'aria-current': current ? 'page' : undefined, text: label }));
  picker.replaceChildren(
    item('All themes', location.pathname, !only),
    ...index.map((t) =>
      item(`${t.name} (${t.id})`, `${location.pathname}?theme=${encodeURIComponent(t.id)}`, only === t.id),
    ),
  );
}

async function refresh() {
  version = Date.now();
  const root = document.documentElement;
  root.dataset.previewBusy = 'true';
  try {
    const index = (await fetchJson(`${THEMES_URL}index.json?v=${version}`)).filter((t) => THEME_ID.test(t.id));
    renderPicker(index);
    const wanted = only ? index.filter((t) => t.id === only) : index;
    if (only && wanted.length === 0) {
      document.getElementById('themes').replaceChildren(
        el('p', {
          className: 'missing',
          text: `There is no built theme "${only}". Built: ${index.map((t) => t.id).join(', ')}.`,
        }),
      );
    }
    for (const [id, entry] of shown) {
      if (!wanted.some((t) => t.id === id)) {
        entry.section.remove();
        shown.delete(id);
      }
    }
    await Promise.all(wanted.map((theme) => showTheme(theme, wanted)));
    root.dataset.previewVersion = String(version);
  } catch (error) {
    document.getElementById('themes').replaceChildren(
      el('p', {
        className: 'missing',
        text: `The themes could not be loaded (${error.message}). Run npm run build.`,
      }),
    );
  } finally {
    delete root.dataset.previewBusy;
  }
}

function status(text) {
  document.getElementById('live-status').textContent = text;
}

function showBuildError(message) {
  const box = document.getElementById('build-error');
  document.getElementById('build-error-text').textContent = message || 'See the terminal that runs npm start.';
  box.hidden = false;
}

/** Follows rebuilds when the site server offers its event stream (npm start); otherwise says so. */
function followRebuilds() {
  if (!('EventSource' in window)) return;
  const events = new EventSource(EVENTS_URL);
  events.addEventListener('open', () => status('Live: this page follows every theme rebuild.'));
  events.addEventListener('themes', async () => {
    document.getElementById('build-error').hidden = true;
    await refresh();
    status(`Live: updated at ${new Date().toLocaleTimeString()}.`);
  });
  events.addEventListener('themes-failed', (event) => {
    let message = '';
    try {
      message = JSON.parse(event.data).message ?? '';
    } catch {
      // keep the default text
    }
    showBuildError(message);
  });
  // The elements themselves changed (src/ was rebuilt): only a reload picks up the new code.
  events.addEventListener('drop-in', () => location.reload());
  events.addEventListener('error', () => {
    if (events.readyState === EventSource.CLOSED)
      status('Not live: start the site with npm start to follow edits to the tokens.');
    else status('Live: reconnecting…');
  });
}

async function loadSignedInElements() {
  if (customElements.get('loket-profile-menu')) return true;
  try {
    const module = await import(SIGNED_IN_MODULE);
    module.defineSignedInElements?.();
  } catch (error) {
    console.warn(`preview: ${SIGNED_IN_MODULE} could not be loaded (${error.message}); signed-in states are left out`);
  }
  return Boolean(customElements.get('loket-profile-menu'));
}

async function start() {
  // Menus in the preview stay open: clicks on the states never reach the document listeners that close them.
  document.getElementById('themes').addEventListener('click', (event) => {
    if (event.target instanceof Element && event.target.closest('.frame')) event.stopPropagation();
  });
  await customElements.whenDefined('loket-header');
  signedInAvailable = await loadSignedInElements();
  await refresh();
  document.documentElement.dataset.previewReady = 'true';
  followRebuilds();
}

void start();
