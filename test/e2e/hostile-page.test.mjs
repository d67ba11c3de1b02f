// A hostile host page (issue 6): aggressive global CSS, a framework that takes the header out of the
// document and puts it back, the script loaded twice beside two headers. The header keeps its looks (the same
// sizes, colours and fonts as on a quiet page; the bar 64 px high), its menus open, are visible and close,
// nothing throws, document listeners do not pile up, and the page's DOM outside the header stays as it was.
//
// The page is pages/hostile/page.html (element embedding, host mode, window.loket.setSession() to sign in);
// its stylesheet /test-pages/hostile/css/current.css is routed to one of the files in pages/hostile/css/,
// the profile API is routed too (no backend needed).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  consoleCalls,
  describeProblems,
  settled,
  sleep,
  snapshotHostDom,
  useEnvironment,
  waitUntil,
} from './helpers.mjs';

const env = useEnvironment();

const PAGE = '/test-pages/hostile/page.html';
const CSS_URL = '**/test-pages/hostile/css/current.css';
const SUMMARY_URL = '**/test-pages/hostile/api/me/summary';
const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 390, height: 844 };
const USER = { id: 'hostile-page', givenName: 'Anna', familyName: 'Peeters' };
const SUMMARY = {
  unread: { messages: 2, dossiers: 1, documents: 0 },
  latest: [
    {
      id: 'm1',
      kind: 'message',
      title: 'Uw bewonerskaart is goedgekeurd',
      createdAt: '2025-11-28T08:40:00Z',
      href: '/berichten/m1',
      read: false,
    },
    {
      id: 'd1',
      kind: 'dossier',
      title: 'Aanvraag omgevingsvergunning',
      createdAt: '2025-11-20T10:00:00Z',
      href: '/dossiers/d1',
      read: true,
    },
  ],
};

const cssFile = (name) => readFileSync(new URL(`./pages/hostile/css/${name}.css`, import.meta.url), 'utf8');

// ---------------------------------------------------------------------------------------------------------
// Bugs these tests found, fixed since: the header was sized in rem (a page's root font size resized it); its
// size container and positioning context sat on :host (the page could turn them off); its menus opened in the
// page's stacking order (page content with a higher z-index covered them; they are popovers now).

// ---------------------------------------------------------------------------------------------------------
// In the page.

/** Before the page's scripts: counts the listeners on document and window, and the open BroadcastChannels. */
function trackListeners() {
  const listeners = [];
  const { addEventListener, removeEventListener } = EventTarget.prototype;
  const captureOf = (options) => (typeof options === 'boolean' ? options : Boolean(options?.capture));
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    if ((this === document || this === window) && listener && !(typeof options === 'object' && options?.once)) {
      const capture = captureOf(options);
      const known = listeners.some(
        (l) => l.target === this && l.type === type && l.listener === listener && l.capture === capture,
      );
      if (!known) listeners.push({ target: this, type, listener, capture });
    }
    return addEventListener.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (type, listener, options) {
    const capture = captureOf(options);
    const index = listeners.findIndex(
      (l) => l.target === this && l.type === type && l.listener === listener && l.capture === capture,
    );
    if (index >= 0) listeners.splice(index, 1);
    return removeEventListener.call(this, type, listener, options);
  };
  const channels = new Set();
  const NativeChannel = window.BroadcastChannel;
  window.BroadcastChannel = class extends NativeChannel {
    constructor(name) {
      super(name);
      channels.add(this);
    }
    close() {
      channels.delete(this);
      return super.close();
    }
  };
  /** Listeners on the document, by type, and the number of open channels. */
  window.__tracked = () => {
    const counts = {};
    // Loket listens on the document only; the window also carries Playwright's own listeners.
    for (const l of listeners) {
      if (l.target !== document) continue;
      const key = `document:${l.type}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return { listeners: counts, channels: channels.size };
  };
}

/**
 * How the header looks, read from its shadow roots: for each part, its size, its vertical offset from the
 * bar, and the computed styles that make its look. Horizontal positions are checked separately (inside the
 * bar, inside the viewport), as a page margin may change the bar's width.
 */
function readLook(parts) {
  const header = document.querySelector('loket-header');
  const root = header.shadowRoot;
  const menu = root.querySelector('loket-profile-menu')?.shadowRoot;
  const alert = root.querySelector('loket-alert[part="alert"]')?.shadowRoot;
  const barElement = root.querySelector('.bar');
  const find = {
    bar: () => barElement,
    name: () => root.querySelector('.brand .name'),
    logo: () => root.querySelector('.logo'),
    link: () => [...root.querySelectorAll('nav .links a')].find((a) => a.getBoundingClientRect().width > 0),
    menuLink: () => [...root.querySelectorAll('nav .links a')].find((a) => a.getBoundingClientRect().width > 0),
    toggle: () => root.querySelector('.menu-toggle'),
    signIn: () => root.querySelector('.sign-in'),
    trigger: () => menu?.querySelector('[part="trigger"]'),
    avatar: () => menu?.querySelector('.avatar'),
    panel: () => menu?.querySelector('[part="panel"]'),
    item: () => menu?.querySelector('.items a'),
    signOut: () => menu?.querySelector('[part="sign-out"]'),
    alert: () => alert?.querySelector('[part="base"]'),
    alertClose: () => alert?.querySelector('[part="close-button"]'),
  };
  const PROPERTIES = [
    'color',
    'backgroundColor',
    'fontFamily',
    'fontSize',
    'fontWeight',
    'fontStyle',
    'lineHeight',
    'letterSpacing',
    'wordSpacing',
    'textTransform',
    'textShadow',
    'textIndent',
    'textDecorationLine',
    'direction',
    'visibility',
    'boxSizing',
    'cursor',
    'webkitTextFillColor',
  ];
  const look = {};
  const place = {};
  for (const name of parts) {
    const element = find[name]?.();
    if (!element) {
      look[name] = null;
      continue;
    }
    // Read together: the page may have scrolled since the last part.
    const bar = barElement.getBoundingClientRect();
    const rect = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    look[name] = {
      // The bar and the alert span the header, whose width is the page's business (e.g. a body margin).
      // A link in the open Menu spans the panel, which spans the bar: compare how much narrower than the bar it is.
      width:
        name === 'bar' || name === 'alert'
          ? 'full'
          : Math.round(name === 'menuLink' ? rect.width - bar.width : rect.width),
      // The profile panel is as tall as the room under its button allows (it scrolls inside): compare what it holds.
      height: Math.round(name === 'panel' ? element.scrollHeight : rect.height),
      top: Math.round(rect.top - bar.top),
      ...Object.fromEntries(PROPERTIES.map((p) => [p, style[p]])),
    };
    // Which element is on top at the part's centre (retargeted to <loket-header> when it is the header's).
    // Scrolling it into view first changes no layout (a page with big fonts puts the header further down).
    element.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    const seen = element.getBoundingClientRect();
    const x = seen.left + Math.min(seen.width / 2, 20);
    const y = seen.top + Math.min(seen.height / 2, 20);
    const inViewport = x >= 0 && y >= 0 && x < innerWidth && y < innerHeight;
    place[name] = {
      insideBar: rect.left >= bar.left - 1 && rect.right <= bar.right + 1,
      insideViewport:
        rect.left >= -1 &&
        rect.right <= innerWidth + 1 &&
        (name !== 'panel' || (rect.top >= -1 && rect.bottom <= innerHeight + 1)),
      onTop: inViewport ? document.elementFromPoint(x, y) === header : null,
      shown: element.checkVisibility({ visibilityProperty: true }) && rect.width > 0 && rect.height > 0,
    };
  }
  return {
    look,
    place,
    barWidthMatchesHost: Math.abs(barElement.getBoundingClientRect().width - header.getBoundingClientRect().width) <= 1,
  };
}

// ---------------------------------------------------------------------------------------------------------
// In Node.

/** Opens the page with `css` (a file name in pages/hostile/css, or '' for none), the summary routed. */
async function openPage({ css = '', viewport = WIDE, query = '', blockDropIn = false, config } = {}) {
  const session = await env.open({ viewport, blockDropIn });
  const { context, page } = session;
  session.summaryRequests = 0;
  await context.addInitScript(trackListeners);
  await context.route(CSS_URL, (route) =>
    route.fulfill({ contentType: 'text/css', body: css ? cssFile(css) : '/* quiet page */' }),
  );
  await context.route(SUMMARY_URL, (route) => {
    session.summaryRequests += 1;
    return route.fulfill({ contentType: 'application/json', body: JSON.stringify(SUMMARY) });
  });
  if (config) await config(context);
  // Links lead nowhere: a navigation away is answered 204 (the page stays) and recorded (not the page's own load).
  session.navigations = null;
  await context.route(
    (url) =>
      !url.pathname.startsWith('/test-pages/') &&
      !url.pathname.startsWith('/loket/') &&
      !/\.(css|svg|json)$/.test(url.pathname),
    (route) => {
      if (
        !route.request().isNavigationRequest() ||
        route.request().frame() !== page.mainFrame() ||
        session.navigations === null
      )
        return route.fallback();
      session.navigations.push(new URL(route.request().url()).pathname);
      return route.fulfill({ status: 204 });
    },
  );
  await page.goto(env.url(`${PAGE}${query}`));
  session.navigations = [];
  return session;
}

/** Waits for the header's first render with its theme and logo. */
async function waitForRender(page) {
  await page.waitForFunction(() => {
    const root = document.querySelector('loket-header')?.shadowRoot;
    const logo = root?.querySelector('.logo');
    return root?.querySelector('.bar:not(.pending) .name') && (!logo || logo.complete);
  });
}

/** Signs Anna in (host mode) and waits for her menu and summary. */
async function signIn(page) {
  await page.evaluate((user) => window.loket.setSession({ user }), USER);
  try {
    await page.waitForFunction(
      () => {
        const menu = document.querySelector('loket-header')?.shadowRoot?.querySelector('loket-profile-menu');
        return (
          menu?.status === 'ready' && /3 ongelezen/.test(menu.shadowRoot.querySelector('[part="trigger"]').textContent)
        );
      },
      undefined,
      { timeout: 10_000 },
    );
  } catch (error) {
    const state = await page.evaluate(async () => {
      const header = document.querySelector('loket-header');
      const menu = header?.shadowRoot?.querySelector('loket-profile-menu');
      return {
        headers: document.querySelectorAll('loket-header').length,
        session: await window.loket.getSession(),
        menu: menu && { status: menu.status, text: menu.shadowRoot.textContent.replace(/\s+/g, ' ').slice(0, 200) },
      };
    });
    throw new Error(
      `Anna's menu with her summary did not show: ${JSON.stringify(state)} (${error.message.split('\n')[0]})`,
    );
  }
}

const header = (page) => page.locator('loket-header');
const trigger = (page) => header(page).locator('loket-profile-menu [part="trigger"]');
const panel = (page) => header(page).locator('loket-profile-menu [part="panel"]');

/**
 * Reads the header closed, then uses it with the real mouse and keyboard: the narrow screens' menu, the
 * profile panel (each read while open), Escape, the alert's close button. Returns the looks and what worked.
 */
async function lookAndUse(page, narrow) {
  const closedParts = ['bar', 'name', 'logo', narrow ? 'toggle' : 'link', 'trigger', 'avatar', 'alert', 'alertClose'];
  const result = { works: {} };
  result.closed = await page.evaluate(readLook, closedParts);
  const works = result.works;
  if (narrow) {
    await header(page)
      .locator('.menu-toggle')
      .click({ timeout: 3000 })
      .catch(() => {});
    result.menu = await page.evaluate(readLook, ['menuLink']);
    works.menuOpens = result.menu.place.menuLink?.shown === true;
    await page.keyboard.press('Escape');
    works.menuClosesOnEscape = !(await header(page).locator('nav .links a').first().isVisible());
  }
  await trigger(page)
    .click({ timeout: 3000 })
    .catch(() => {});
  works.panelOpens = await panel(page).isVisible();
  result.open = await page.evaluate(readLook, ['panel', 'item', 'signOut']);
  await page.keyboard.press('Escape');
  works.panelClosesOnEscape = !(await panel(page).isVisible());
  works.focusBack = await trigger(page).evaluate((button) => button.getRootNode().activeElement === button);
  await trigger(page)
    .click({ timeout: 3000 })
    .catch(() => {});
  const { height } = page.viewportSize();
  await page.mouse.click(3, height - 3);
  works.panelClosesOnOutsideClick = !(await panel(page).isVisible());
  await page
    .locator('#host-button')
    .click({ timeout: 3000 })
    .catch(() => {});
  works.hostButton = (await page.locator('#host-output').textContent()) === 'clicked 1';
  await header(page)
    .locator('loket-alert [part="close-button"]')
    .click({ timeout: 3000 })
    .catch(() => {});
  works.alertCloses = !(await header(page).locator('loket-alert[part="alert"]').isVisible());
  return result;
}

const baselines = new Map();

/** The quiet page's look at this viewport (read once). */
async function baseline(narrow) {
  if (!baselines.has(narrow)) {
    const session = await openPage({ viewport: narrow ? NARROW : WIDE });
    try {
      await waitForRender(session.page);
      await signIn(session.page);
      const seen = await lookAndUse(session.page, narrow);
      assert.deepEqual(
        Object.values(seen.works).filter((ok) => !ok),
        [],
        `the quiet page works: ${JSON.stringify(seen.works)}`,
      );
      assert.equal(seen.closed.look.bar.height, 64, 'the quiet page: a 64 px bar');
      baselines.set(narrow, seen);
    } finally {
      await session.close();
    }
  }
  return baselines.get(narrow);
}

function assertNoProblems(session, label) {
  assert.deepEqual(
    session.pageErrors.map((e) => e.message),
    [],
    `${label}: no page error\n${describeProblems(session)}`,
  );
  assert.deepEqual(session.dialogs, [], `${label}: no dialog`);
  const errors = consoleCalls(session, 'error');
  assert.deepEqual(
    errors.map((m) => m.text),
    [],
    `${label}: no console.error`,
  );
}

// ---------------------------------------------------------------------------------------------------------

const STYLESHEETS = [
  { css: 'revert-all', about: '"*, *::before, *::after { all: revert !important }"' },
  { css: 'loud', about: '"* { z-index: max; box-sizing: content-box; font: 40px serif; color: red ... !important }"' },
  { css: 'loud-body', about: 'the same on "body, body *" (not on <html>), without z-index' },
  {
    css: 'host-element',
    about: '"loket-header { display: inline; font: italic 30px/5 serif; letter-spacing ... !important }"',
  },
  { css: 'rtl', about: '"html, body, loket-header { direction: rtl !important }"' },
  {
    css: 'layout',
    about: '"* { position: static; transform: none; transition: all 3s; vertical-align: -20px ... !important }"',
  },
  { css: 'root-font', about: '"html { font-size: 10px !important }"' },
  { css: 'stacking', about: '"main, main * { position: relative; z-index: 2147483647 !important }"' },
];

describe('aggressive global CSS on the host page', () => {
  for (const { css, about } of STYLESHEETS) {
    for (const narrow of [false, true]) {
      const width = narrow ? 'narrow screen' : 'wide screen';
      test(`${css}.css, ${about}, ${width}: the header looks as on a quiet page, its menus open, are visible and close`, async () => {
        const quiet = await baseline(narrow);
        const session = await openPage({ css, viewport: narrow ? NARROW : WIDE });
        const { page } = session;
        try {
          await waitForRender(page);
          await signIn(page);
          const seen = await lookAndUse(page, narrow);
          assert.equal(seen.closed.look.bar?.height, 64, 'the bar is 64 px high');
          assert.deepEqual(
            seen.works,
            quiet.works,
            'the menus open and close as on the quiet page; the page keeps working',
          );
          for (const state of ['closed', 'menu', 'open']) {
            if (!quiet[state]) continue;
            assert.deepEqual(
              seen[state].look,
              quiet[state].look,
              `${state}: sizes, vertical places, colours and fonts as on the quiet page`,
            );
            assert.deepEqual(
              seen[state].place,
              quiet[state].place,
              `${state}: inside the bar and the viewport, shown and on top as on the quiet page`,
            );
          }
          assert.ok(seen.closed.barWidthMatchesHost, 'the bar is as wide as the header element');
          assertNoProblems(session, css);
        } finally {
          await session.close();
        }
      });
    }
  }

  test("the hostile stylesheets change nothing in the host page's DOM (compared with the drop-in blocked)", async () => {
    for (const css of STYLESHEETS.map((s) => s.css)) {
      const blocked = await openPage({ css, blockDropIn: true });
      let without;
      try {
        await settled(blocked.page); // the page (without the drop-in) has finished loading
        without = await snapshotHostDom(blocked.page);
      } finally {
        await blocked.close();
      }
      const session = await openPage({ css });
      try {
        await waitForRender(session.page);
        await signIn(session.page);
        await trigger(session.page)
          .click({ timeout: 3000 })
          .catch(() => {});
        await settled(session.page); // the header has finished what the click started
        const withHeader = await snapshotHostDom(session.page);
        assert.deepEqual(
          withHeader,
          { ...without, documentStyleSheets: 0 },
          `${css}: the DOM outside <loket-header> is unchanged`,
        );
        assert.equal(without.documentStyleSheets, 0);
      } finally {
        await session.close();
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------------------

/** Signs in on a fresh page and returns it with the listener counts of a signed-in header. */
async function signedInPage(options) {
  const session = await openPage(options);
  await waitForRender(session.page);
  await signIn(session.page);
  await settled(session.page); // the feed asked the other tabs (150 ms), then read the summary
  session.signedIn = await session.page.evaluate(() => window.__tracked());
  return session;
}

/** One header in the page, rendered, with Anna's menu, that opens, closes, refreshes and signs out. */
async function assertOneWorkingHeader(session, label) {
  const { page } = session;
  assert.equal(await page.locator('loket-header').count(), 1, `${label}: one <loket-header>`);
  assert.equal(await trigger(page).isVisible(), true, `${label}: Anna's menu is shown`);
  await page.mouse.click(5, 700);
  if (await panel(page).isVisible()) assert.fail(`${label}: a click outside closes the panel`);
  await trigger(page).click();
  assert.ok(await panel(page).isVisible(), `${label}: the panel opens`);
  await page.keyboard.press('Escape');
  assert.ok(!(await panel(page).isVisible()), `${label}: Escape closes it`);
  assert.ok(
    await trigger(page).evaluate((button) => button.getRootNode().activeElement === button),
    `${label}: focus is back on the button`,
  );
  const before = session.summaryRequests;
  await page.evaluate(() => window.loket.refresh());
  await page.waitForFunction(() => true);
  await waitUntil(() => session.summaryRequests - before >= 1, 'the summary request');
  await settled(page); // and no second one (a "nothing happens" check)
  assert.equal(session.summaryRequests - before, 1, `${label}: loket.refresh() reads the summary once`);
  assert.deepEqual(
    await page.evaluate(() => window.__tracked()),
    session.signedIn,
    `${label}: as many document listeners and channels as one signed-in header has`,
  );
  await trigger(page).click();
  await panel(page).locator('[part="sign-out"]').click();
  await page.waitForFunction(() => true);
  await waitUntil(() => session.navigations.length > 0, 'the navigation to the logout URL');
  assert.deepEqual(session.navigations, ['/'], `${label}: "Afmelden" goes to the site's logout URL`);
  assertNoProblems(session, label);
}

describe('a framework that moves the header around', () => {
  // visibilitychange: the summary feed's, the session runtime's (the session-timing check on becoming visible)
  // and the event stream's (a hidden tab leaves the stream's lock queue); channels: the feed's and the stream's
  const ONE_SIGNED_IN_HEADER = { listeners: { 'document:click': 2, 'document:visibilitychange': 3 }, channels: 2 };

  test('as the page loads (config still loading), it takes the header out and puts it back 5 times: one header that works', async () => {
    const session = await openPage({ query: '?churn=5' });
    try {
      await session.page.waitForFunction(() => document.documentElement.dataset.churned === '5');
      await waitForRender(session.page);
      await signIn(session.page);
      await settled(session.page); // the signed-in header has finished starting (feed, channel)
      session.signedIn = ONE_SIGNED_IN_HEADER;
      assert.deepEqual(
        await session.page.evaluate(() => window.__tracked()),
        ONE_SIGNED_IN_HEADER,
        'the listeners and channel of one signed-in header',
      );
      await assertOneWorkingHeader(session, 'after the churn on load');
    } finally {
      await session.close();
    }
  });

  test('once the header has rendered, it takes it out and puts it back 5 times; then the citizen signs in: one header that works', async () => {
    const session = await openPage();
    try {
      await waitForRender(session.page);
      await settled(session.page); // theme, logo: nothing left that would re-render the header by itself
      await session.page.evaluate(() => window.hostileFramework.reinsert(5));
      await signIn(session.page);
      await settled(session.page); // the signed-in header has finished starting (feed, channel)
      session.signedIn = ONE_SIGNED_IN_HEADER;
      assert.deepEqual(
        await session.page.evaluate(() => window.__tracked()),
        ONE_SIGNED_IN_HEADER,
        'the listeners and channel of one signed-in header',
      );
      await assertOneWorkingHeader(session, 'after the churn');
    } finally {
      await session.close();
    }
  });

  test('re-inserted 3 times while the profile panel is open: still one working header, nothing piles up', async () => {
    const session = await signedInPage();
    try {
      await trigger(session.page).click();
      assert.ok(await panel(session.page).isVisible());
      await session.page.evaluate(() => window.hostileFramework.reinsert(3));
      await settled(session.page); // the re-inserted header has settled
      assertNoProblems(session, 'right after');
      const expanded = await trigger(session.page).getAttribute('aria-expanded');
      assert.equal(await panel(session.page).isVisible(), expanded === 'true', 'the button says what the panel shows');
      await assertOneWorkingHeader(session, 'after re-inserting');
    } finally {
      await session.close();
    }
  });

  test('re-inserted synchronously (a keyed re-order) and moved to another parent: still one working header', async () => {
    const session = await signedInPage();
    try {
      await session.page.evaluate(async () => {
        window.hostileFramework.reinsertSync(5);
        await window.hostileFramework.move();
      });
      await settled(session.page); // the moved header has settled
      await assertOneWorkingHeader(session, 'after re-ordering and moving');
    } finally {
      await session.close();
    }
  });

  test('replaced by fresh elements 3 times: the old ones leave no listener, channel or request behind; the new one works', async () => {
    const session = await signedInPage();
    const { page } = session;
    try {
      const requests = session.summaryRequests;
      await page.evaluate(() => window.hostileFramework.replace(3));
      await settled(page); // a "nothing happens" check: the dropped headers fetch nothing
      assert.deepEqual(
        await page.evaluate(() => window.__tracked()),
        { listeners: { 'document:click': 1 }, channels: 0 },
        'only the new (anonymous) header listens',
      );
      assert.equal(session.summaryRequests, requests, 'no summary request from a dropped header');
      await waitForRender(page);
      // The site tells the new header who is signed in, as it did the first.
      await signIn(page);
      await settled(page); // the signed-in header has finished starting (feed, channel)
      await assertOneWorkingHeader(session, 'the fresh header');
    } finally {
      await session.close();
    }
  });

  test('removed for good: nothing of it stays on the document, the page keeps working', async () => {
    const session = await signedInPage();
    const { page } = session;
    try {
      const requests = session.summaryRequests;
      await page.evaluate(() => document.querySelector('loket-header').remove());
      await settled(page); // a "nothing happens" check: the removed header leaves nothing behind
      assert.deepEqual(
        await page.evaluate(() => window.__tracked()),
        { listeners: {}, channels: 0 },
        'no click, visibilitychange ... listener, no channel',
      );
      await page.locator('#host-button').click();
      assert.equal(await page.locator('#host-output').textContent(), 'clicked 1');
      await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
      await settled(page); // a "nothing happens" check: no summary request after removal
      assert.equal(session.summaryRequests, requests, 'no summary request after removal');
      assertNoProblems(session, 'removed');
    } finally {
      await session.close();
    }
  });

  test('removed while its session is still being restored: the detached header starts nothing', async () => {
    const session = await openPage({
      config: async (context) => {
        await context.route('**/test-pages/hostile/page.json', async (route) => {
          const response = await route.fetch();
          const json = await response.json();
          json.auth.sessionUrl = '/test-pages/hostile/session.json';
          await route.fulfill({ response, json });
        });
        await context.route('**/test-pages/hostile/session.json', async (route) => {
          await sleep(400); // a deliberate delay of the session URL (what the test is about), not a wait
          await route.fulfill({ json: { user: USER } }).catch(() => {});
        });
      },
    });
    const { page } = session;
    try {
      await page.waitForFunction(() => document.querySelector('loket-header')?.shadowRoot?.querySelector('.bar .name'));
      await page.evaluate(() => document.querySelector('loket-header').remove());
      await settled(page); // a "nothing happens" check: through the delayed session answer and the idle time after it
      assert.deepEqual(
        await page.evaluate(() => window.__tracked()),
        { listeners: {}, channels: 0 },
        'no listener, no channel',
      );
      assert.equal(session.summaryRequests, 0, 'no personal data fetched for a header that is gone');
      assertNoProblems(session, 'removed during restore');
    } finally {
      await session.close();
    }
  });

  test('removed right after sign-in (while the feed asks other tabs): no listener is left behind', async () => {
    const session = await openPage();
    const { page } = session;
    try {
      await waitForRender(page);
      await page.evaluate(async (user) => {
        await window.loket.setSession({ user });
        const element = document.querySelector('loket-header');
        while (!element.shadowRoot.querySelector('loket-profile-menu'))
          await new Promise((resolve) => setTimeout(resolve, 5));
        await new Promise((resolve) => setTimeout(resolve, 30));
        element.remove();
      }, USER);
      await settled(page); // a "nothing happens" check: the removed header starts nothing
      assert.deepEqual(
        await page.evaluate(() => window.__tracked()),
        { listeners: {}, channels: 0 },
        'no listener, no channel',
      );
      assertNoProblems(session, 'removed after sign-in');
    } finally {
      await session.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('the script twice and two headers on one page', () => {
  test('both headers render and work, one warning, no error, the host DOM is unchanged', async () => {
    const path = '/test-pages/hostile/twice.html';
    const blocked = await env.open({ blockDropIn: true });
    let without;
    try {
      await blocked.page.goto(env.url(path));
      await settled(blocked.page); // the page (without the drop-in) has finished loading
      without = await snapshotHostDom(blocked.page);
    } finally {
      await blocked.close();
    }
    const session = await env.open();
    const { page } = session;
    try {
      await session.context.addInitScript(trackListeners);
      await page.goto(env.url(path));
      const headers = page.locator('loket-header');
      await page.waitForFunction(() =>
        [...document.querySelectorAll('loket-header')].every((h) =>
          h.shadowRoot?.querySelector('.bar:not(.pending) .name'),
        ),
      );
      assert.equal(await headers.count(), 2);
      assert.deepEqual(
        await headers.evaluateAll((all) => all.map((h) => h.shadowRoot.querySelector('.name').textContent)),
        ['Gemeente Lindegem', 'Gemeente Lindegem (tweede kop)'],
        'both render their own config',
      );
      for (const i of [0, 1]) {
        assert.equal(
          await headers
            .nth(i)
            .locator('[part="bar"]')
            .evaluate((bar) => bar.getBoundingClientRect().height),
          64,
          `header ${i + 1}: 64 px`,
        );
        assert.ok(
          await headers.nth(i).getByRole('link', { name: 'Afval', exact: true }).isVisible(),
          `header ${i + 1}: its links show`,
        );
      }
      await settled(page); // a "nothing happens" check: no more warnings
      const warnings = consoleCalls(session, 'warning');
      assert.equal(warnings.length, 1, `one warning: ${JSON.stringify(warnings.map((w) => w.text))}`);
      assert.match(warnings[0].text, /loaded twice/);
      assertNoProblems(session, 'twice');
      assert.equal(await page.evaluate(() => typeof window.loket.mount), 'function', 'window.loket is there');
      assert.deepEqual(
        await page.evaluate(() => window.__tracked()),
        { listeners: { 'document:click': 2 }, channels: 0 },
        'one click listener per header',
      );
      const withHeader = await snapshotHostDom(page);
      assert.equal(withHeader.html, without.html, 'the DOM outside the headers is unchanged');
      assert.equal(withHeader.documentStyleSheets, 0);
      await page.locator('#host-button').click();
      assert.equal(await page.locator('#host-output').textContent(), 'clicked 1', 'the host page works');
    } finally {
      await session.close();
    }
  });
});
