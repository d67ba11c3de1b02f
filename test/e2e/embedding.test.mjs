// The three embeddings of DESIGN.md section 4 (script at the spot; element with the script in the head as
// classic, defer, async and module; API mount), each checked for: what the header renders, no errors, no
// layout shift with a late script, and no change to the host page's DOM outside the header.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  LINDEGEM,
  consoleCalls,
  consoleErrors,
  describeProblems,
  measureCls,
  settled,
  sleep,
  snapshotHostDom,
  useEnvironment,
  waitForHeader,
} from './helpers.mjs';

const env = useEnvironment();

export const MODES = [
  { name: 'script at the spot (demo home page)', path: '/', kind: 'spot' },
  { name: 'element, classic script in the head', path: '/test-pages/element-classic.html', kind: 'element' },
  {
    name: 'element, defer script in the head (demo afval page)',
    path: '/diensten/afval.html',
    kind: 'element',
    current: 'Afval',
  },
  { name: 'element, async script in the head', path: '/test-pages/element-async.html', kind: 'element' },
  { name: 'element, type="module" script in the head', path: '/test-pages/element-module.html', kind: 'element' },
  { name: 'API mount (demo parkeren page)', path: '/diensten/parkeren.html', kind: 'api', current: 'Parkeren' },
];

const DELAY_MS = 500;

test('self-check: the CLS measurement sees a deliberate layout shift', async () => {
  const session = await env.open();
  try {
    await session.page.goto(env.url('/test-pages/shift.html'));
    await session.page.waitForSelector('body[data-shifted]');
    await session.page.waitForFunction(() => window.__e2e.layoutShifts.length > 0);
    const cls = await measureCls(session.page);
    assert.ok(cls.value > 0.05, `a 200 px push-down is measured (got ${cls.value})`);
  } finally {
    await session.close();
  }
});

for (const mode of MODES) {
  describe(mode.name, () => {
    test('renders the name, home link, main links and sign-in link in the shadow root, without errors', async () => {
      const session = await env.open();
      const { page } = session;
      try {
        await page.goto(env.url(mode.path));
        const header = await waitForHeader(page);
        assert.equal(await page.locator('loket-header').count(), 1, 'exactly one <loket-header>');

        // The element's light-DOM fallback also says "Gemeente Lindegem", hidden once the config renders.
        const name = header.getByText(LINDEGEM.name, { exact: true }).filter({ visible: true });
        assert.equal(await name.count(), 1, 'the municipality name is visible, once');
        const home = header.getByRole('link', { name: LINDEGEM.homeLinkName, exact: true });
        assert.equal(await home.getAttribute('href'), '/');

        const nav = header.getByRole('navigation', { name: 'Hoofdnavigatie' });
        const links = nav.getByRole('link');
        assert.deepEqual(await links.allTextContents(), LINDEGEM.mainLinks);
        assert.deepEqual(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href'))), [
          '/',
          '/diensten/afval.html',
          '/diensten/parkeren.html',
          '/contact.html',
        ]);
        if (mode.current) {
          assert.equal(
            await nav.getByRole('link', { name: mode.current, exact: true }).getAttribute('aria-current'),
            'page',
          );
        }

        const signIn = header.getByRole('button', { name: LINDEGEM.signIn, exact: true });
        assert.equal(await signIn.count(), 1, 'one sign-in button (oidc mode)');
        assert.equal(
          await header.getByRole('link', { name: LINDEGEM.signIn, exact: true }).count(),
          0,
          'the fallback link is hidden',
        );

        // Everything above lives in the shadow root, not in the host page's light DOM.
        for (const locator of [name, home, links.first(), signIn]) {
          assert.ok(
            await locator.evaluate((el) => el.getRootNode() instanceof ShadowRoot),
            'rendered in the shadow root',
          );
        }
        assert.ok(await header.evaluate((el) => el.shadowRoot?.mode === 'open'));

        await settled(page); // a "nothing happens" check: no error during the page's idle time
        assert.deepEqual(session.pageErrors, [], describeProblems(session));
        assert.deepEqual(consoleErrors(session), [], describeProblems(session));
      } finally {
        await session.close();
      }
    });

    test(`CLS is 0 while the drop-in script arrives ${DELAY_MS} ms late`, async (t) => {
      const session = await env.open({ delayDropIn: DELAY_MS });
      const { page } = session;
      try {
        const started = Date.now();
        await page.goto(env.url(mode.path));
        await waitForHeader(page);
        const rendered = Date.now() - started;
        const cls = await measureCls(page);
        t.diagnostic(
          `CLS ${cls.value} (${cls.entries.length} shift entries); header rendered ${rendered} ms after navigation`,
        );
        assert.ok(cls.supported, 'the layout-shift entry type is supported');
        assert.ok(rendered >= DELAY_MS, `the drop-in was delayed (header after ${rendered} ms)`);
        assert.equal(cls.value, 0, `layout shifts: ${JSON.stringify(cls.entries, null, 2)}`);
        assert.deepEqual(session.pageErrors, [], describeProblems(session));
        assert.deepEqual(consoleErrors(session), [], describeProblems(session));
      } finally {
        await session.close();
      }
    });

    test('leaves the host DOM outside the header unchanged (compared with the drop-in blocked)', async () => {
      const blocked = await env.open({ blockDropIn: true });
      let without;
      try {
        await blocked.page.goto(env.url(mode.path));
        await settled(blocked.page); // the page (without the drop-in) has finished loading
        assert.equal(await blocked.page.evaluate(() => 'loket' in window), false, 'the drop-in was blocked');
        if (mode.kind === 'element') {
          // Before (here: without) the script, the element shows its light-DOM fallback.
          const fallback = blocked.page.locator('loket-header > a');
          assert.deepEqual(await fallback.allTextContents(), ['Gemeente Lindegem', 'Aanmelden']);
          assert.ok(await fallback.last().isVisible());
          const height = await blocked.page.locator('loket-header').evaluate((el) => el.getBoundingClientRect().height);
          assert.equal(height, 64, 'the element reserves the header height');
        }
        without = await snapshotHostDom(blocked.page);
      } finally {
        await blocked.close();
      }

      const normal = await env.open();
      try {
        await normal.page.goto(env.url(mode.path));
        await waitForHeader(normal.page);
        await settled(normal.page); // the header has finished what it started (theme, logo, help module)
        const withHeader = await snapshotHostDom(normal.page);
        assert.equal(withHeader.head, without.head, '<head> is unchanged');
        assert.equal(withHeader.headChildren, without.headChildren, 'no nodes added to <head>');
        assert.equal(withHeader.documentStyleSheets, 0, 'no stylesheets adopted by the document');
        assert.equal(withHeader.html, without.html, 'the DOM outside <loket-header> is unchanged');
        const height = await normal.page.locator('loket-header').evaluate((el) => el.getBoundingClientRect().height);
        assert.equal(height, 64, 'the rendered header keeps the reserved height');
      } finally {
        await normal.close();
      }
    });
  });
}

test('CLS is 0 when the logo arrives after the header has rendered', async (t) => {
  const session = await env.open();
  const { page } = session;
  try {
    await session.context.route('**/lindegem-logo.svg', async (route) => {
      await sleep(1000); // a deliberate delay of the logo (what the test is about), not a wait
      await route.continue();
    });
    await page.goto(env.url('/'), { waitUntil: 'domcontentloaded' });
    await page.locator('loket-header').getByText(LINDEGEM.name, { exact: true }).waitFor({ state: 'visible' });
    await waitForHeader(page);
    const cls = await measureCls(page);
    t.diagnostic(`CLS ${cls.value}`);
    assert.equal(cls.value, 0, `layout shifts: ${JSON.stringify(cls.entries, null, 2)}`);
  } finally {
    await session.close();
  }
});

// README, "Script at the spot": with its config in the page (data-config="#id") and its theme linked by the page,
// the header is rendered, in its theme, before the parser goes on: in the page's first frame, as static HTML is.
test('the script at the spot with data-config="#id" and a linked theme renders before the parser goes on, fetching nothing', async () => {
  const session = await env.open();
  const { page } = session;
  try {
    await page.goto(env.url('/test-pages/in-page.html'));
    await waitForHeader(page, { homeLinkName: 'Stad Havenstad, naar de startpagina' });
    assert.deepEqual(await page.evaluate(() => window.headerAtParse), {
      name: 'Stad Havenstad',
      links: ['Afval'],
      pending: false,
      background: 'rgb(11, 31, 58)', // havenstad's --loket-header-background-color, #0b1f3a
      mainParsed: false,
    });
    const count = (pathname) => session.requests.filter((url) => new URL(url).pathname === pathname).length;
    assert.equal(count('/loket/themes/havenstad.css'), 1, "the theme is the page's stylesheet only");
    assert.equal(count('/test-pages/in-page.html'), 1, 'the page is not fetched again as a config');
    assert.deepEqual(
      consoleCalls(session, 'error').map((m) => m.text),
      [],
    );
    assert.deepEqual(session.pageErrors, [], describeProblems(session));
  } finally {
    await session.close();
  }
});

// README, "Script at the spot": a data-theme and data-logo beside data-config are fetched at once, beside the
// config. The config is held back until the theme and the logo were asked for, so a build that fetches them only
// once the config is in (as the header itself would) fails here instead of passing a little slower.
test('the script at the spot fetches its data-theme and data-logo at once, beside its config', async () => {
  const session = await env.open();
  const { page } = session;
  const CONFIG_HELD_MS = 3000;
  try {
    const asked = { theme: false, logo: false };
    let bothAsked;
    const whenBothAsked = new Promise((resolve) => (bothAsked = resolve));
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname === '/loket/themes/lindegem.css') asked.theme = true;
      if (pathname === '/img/lindegem-logo.svg') asked.logo = true;
      if (asked.theme && asked.logo) bothAsked();
    });
    let askedWhileHeld;
    await session.context.route('**/loket.json', async (route) => {
      // Bounded: without the drop-in's own fetches nothing asks for the theme before the config is in.
      await Promise.race([whenBothAsked, sleep(CONFIG_HELD_MS)]);
      askedWhileHeld = { ...asked };
      await route.continue();
    });
    await page.goto(env.url('/test-pages/at-once.html'));
    // Shown with its theme and logo (the bar stays hidden while either loads).
    await waitForHeader(page);
    assert.deepEqual(askedWhileHeld, { theme: true, logo: true }, 'asked for while the config was still on its way');
    const count = (pathname) => session.requests.filter((url) => new URL(url).pathname === pathname).length;
    // The header takes the drop-in's loads instead of fetching again.
    assert.equal(count('/loket.json'), 1, 'the config is fetched once');
    assert.equal(count('/loket/themes/lindegem.css'), 1, 'the theme is fetched once');
    // data-logo names the same file as the JSON: the JSON's alt text stays, and nothing is reported.
    const header = page.locator('loket-header');
    assert.deepEqual(await header.evaluate((el) => el.effectiveConfig.municipality.logo), {
      src: '/img/lindegem-logo.svg',
      alt: {
        nl: 'Wapen van Lindegem',
        fr: 'Armoiries de Lindegem',
        en: 'Coat of arms of Lindegem',
        de: 'Wappen von Lindegem',
      },
    });
    assert.equal(await header.evaluate((el) => el.effectiveConfig.municipality.id), 'lindegem', "the JSON's id stays");
    assert.equal(
      await header.evaluate((el) => {
        const img = el.shadowRoot.querySelector('img[part~="logo"]');
        return img.complete && img.naturalWidth > 0;
      }),
      true,
      'the logo is shown',
    );
    assert.deepEqual(
      consoleCalls(session, 'error').map((m) => m.text),
      [],
    );
    assert.deepEqual(session.pageErrors, [], describeProblems(session));
  } finally {
    await session.close();
  }
});
