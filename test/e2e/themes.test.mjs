// Themes at runtime (DESIGN.md section 9): switching without a reload or a flash, a self-hosted theme from a
// URL, a theme URL that fails; and the theme preview (/preview/) following rebuilds through live reload.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { startSiteServer } from '../../demo/site-server.mjs';
import {
  barBackground,
  consoleCalls,
  cspViolations,
  describeProblems,
  loketErrors,
  openSession,
  sleep,
  useEnvironment,
  waitForHeader,
} from './helpers.mjs';

const env = useEnvironment();

const WHITE = 'rgb(255, 255, 255)';
const KASTEELBERG_BAR = 'rgb(100, 23, 40)'; // #641728
const HAVENSTAD_BAR = 'rgb(11, 31, 58)'; // #0b1f3a
const NACHTHAVEN_BAR = 'rgb(18, 52, 86)'; // #123456, test/e2e/pages/themes/nachthaven.css

/** Consecutive duplicates removed: ['a', 'a', 'b'] -> ['a', 'b']. */
const runs = (values) => values.filter((v, i) => i === 0 || v !== values[i - 1]);

describe('switching themes at runtime', () => {
  test('configure({ theme }) switches from Kasteelberg to Havenstad without a reload and without a flash', async () => {
    const session = await env.open();
    const { page } = session;
    try {
      await page.goto(env.url('/test-pages/theme-switch.html'));
      await waitForHeader(page, { homeLinkName: 'Gemeente Kasteelberg, naar de startpagina' });
      assert.equal(await barBackground(page), KASTEELBERG_BAR);
      // Hold the new theme's CSS back, so the switch takes many frames.
      await page.route(
        (url) => url.pathname.endsWith('/themes/havenstad.css'),
        async (route) => {
          await sleep(400); // a deliberate delay of the theme CSS (what the test is about), not a wait
          await route.continue();
        },
      );
      await page.evaluate(() => {
        window.__beforeSwitch = true;
      });
      const samples = await page.evaluate(async (target) => {
        const header = document.querySelector('loket-header');
        const bar = header.shadowRoot.querySelector('[part~="bar"]');
        const brand = header.shadowRoot.querySelector('[part~="brand"]');
        const seen = [];
        let settledFrames = 0;
        const sampling = new Promise((resolve) => {
          const sample = () => {
            const background = getComputedStyle(bar).backgroundColor;
            seen.push({ background, brandVisibility: getComputedStyle(brand).visibility });
            if (background === target) settledFrames++;
            if (settledFrames >= 10 || seen.length > 600) resolve();
            else requestAnimationFrame(sample);
          };
          requestAnimationFrame(sample);
        });
        await window.loket.configure({ theme: 'havenstad' });
        await sampling;
        return seen;
      }, HAVENSTAD_BAR);
      const colours = runs(samples.map((s) => s.background));
      assert.deepEqual(
        colours,
        [KASTEELBERG_BAR, HAVENSTAD_BAR],
        `bar colours frame by frame: ${colours.join(' -> ')}`,
      );
      assert.ok(
        samples.filter((s) => s.background === KASTEELBERG_BAR).length >= 5,
        'the old theme stayed while the new one loaded',
      );
      assert.ok(!samples.some((s) => s.background === WHITE), 'never the default white in between');
      assert.deepEqual(
        runs(samples.map((s) => s.brandVisibility)),
        ['visible'],
        'the content never hides during the switch',
      );
      assert.equal(await page.evaluate(() => window.__beforeSwitch), true, 'no reload');
      assert.equal(await page.evaluate(() => performance.getEntriesByType('navigation').length), 1);
      assert.deepEqual(await loketErrors(page), []);
      assert.deepEqual(await cspViolations(page), []);
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
    } finally {
      await session.close();
    }
  });
});

describe('self-hosted themes', () => {
  test('a theme given as the URL of a CSS file loads and applies', async () => {
    const session = await env.open();
    const { page } = session;
    try {
      await page.goto(env.url('/test-pages/theme-url.html'));
      const header = await waitForHeader(page, { homeLinkName: 'Gemeente Nachthaven, naar de startpagina' });
      assert.equal(await barBackground(page), NACHTHAVEN_BAR);
      const brandColour = await header.locator('[part~="brand"]').evaluate((el) => getComputedStyle(el).color);
      assert.equal(brandColour, 'rgb(255, 245, 194)'); // #fff5c2
      assert.ok(session.requests.some((url) => url.endsWith('/test-pages/themes/nachthaven.css')));
      assert.ok(!session.requests.some((url) => /\/loket\/themes\//.test(url)), 'no bundled theme was fetched');
      // The theme is adopted in the header's shadow root: the host page's :root gets nothing.
      const rootValue = await page.evaluate(() =>
        getComputedStyle(document.documentElement).getPropertyValue('--loket-header-background-color'),
      );
      assert.equal(rootValue.trim(), '');
      assert.deepEqual(await loketErrors(page), []);
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
    } finally {
      await session.close();
    }
  });

  test('a theme URL that answers 404 leaves the default look and fires loket-error "theme-load-failed"', async () => {
    const session = await env.open();
    const { page } = session;
    try {
      await page.goto(env.url('/test-pages/theme-404.html'));
      await waitForHeader(page);
      assert.equal(await barBackground(page), WHITE);
      const errors = await loketErrors(page);
      assert.equal(errors.length, 1, JSON.stringify(errors));
      assert.equal(errors[0].code, 'theme-load-failed');
      assert.equal(errors[0].target, 'loket-header');
      assert.match(errors[0].message, /missing\.css/);
      const logged = consoleCalls(session, 'error');
      assert.equal(logged.length, 1, JSON.stringify(logged));
      assert.match(logged[0].text, /theme/);
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
    } finally {
      await session.close();
    }
  });
});

describe('the theme preview (/preview/)', () => {
  let live;
  before(async () => {
    live = await startSiteServer({ port: 0, liveReload: true });
  });
  after(() => live?.close());

  const previewVersion = (page) => page.evaluate(() => document.documentElement.dataset.previewVersion);

  test('shows every bundled theme in every state, each with its contrast report', async () => {
    const session = await env.open({ viewport: { width: 1400, height: 900 } });
    const { page } = session;
    try {
      await page.goto(env.url('/preview/'));
      await page.waitForFunction(() => document.documentElement.dataset.previewReady === 'true', undefined, {
        timeout: 15_000,
      });
      const index = JSON.parse(await readFile(new URL('../../dist/themes/index.json', import.meta.url), 'utf8'));
      const sections = await page
        .locator('section.theme')
        .evaluateAll((nodes) => nodes.map((n) => [n.dataset.theme, n.className]));
      assert.deepEqual(
        sections.map(([id]) => id),
        index.map((t) => t.id),
      );
      for (const [id, className] of sections) assert.match(className, new RegExp(`\\bloket-theme-${id}\\b`));
      const states = await page
        .locator('section[data-theme="havenstad"] figure.state')
        .evaluateAll((nodes) => nodes.map((n) => n.dataset.state));
      assert.deepEqual(states, ['signed-out-wide', 'signed-in-open', 'narrow-open', 'narrow-signed-in-open', 'alerts']);
      const havenstad = page.locator('section[data-theme="havenstad"]');
      const bar = await havenstad
        .locator('[data-state="signed-out-wide"] loket-header [part~="bar"]')
        .evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.equal(bar, HAVENSTAD_BAR);
      // signed in: the profile menu is open with its badge
      const menu = havenstad.locator('[data-state="signed-in-open"] loket-profile-menu');
      assert.equal(await menu.getAttribute('open'), '');
      assert.equal(await menu.locator('[part~="base"]').textContent(), '3');
      // narrow: the links are open under the bar, light on the dark panel
      const narrowLink = havenstad
        .locator('[data-state="narrow-open"] loket-header')
        .getByRole('link', { name: 'Afval' });
      assert.ok(await narrowLink.isVisible());
      assert.equal(await narrowLink.evaluate((a) => getComputedStyle(a).color), WHITE);
      assert.equal(await havenstad.locator('[data-state="alerts"] loket-alert').count(), 4);
      // contrast report: one row per pair
      const report = JSON.parse(
        await readFile(new URL('../../dist/themes/havenstad.contrast.json', import.meta.url), 'utf8'),
      );
      assert.equal(await havenstad.locator('.report tbody tr').count(), report.pairs.length);
      assert.equal(await havenstad.locator('.report tbody tr.fail').count(), 0);
      assert.match(
        await havenstad.locator('.report summary').textContent(),
        new RegExp(`${report.pairs.length} pairs, all pass`),
      );
      assert.deepEqual(await cspViolations(page), []);
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
    } finally {
      await session.close();
    }
  });

  test('?theme=<id> shows one theme; a rebuild event re-fetches its CSS and report without a reload', async () => {
    const session = await openSession({ browser: env.browser });
    const { page } = session;
    try {
      await page.goto(new URL('/preview/?theme=havenstad', live.url).href);
      await page.waitForFunction(() => document.documentElement.dataset.previewReady === 'true', undefined, {
        timeout: 15_000,
      });
      assert.deepEqual(await page.locator('section.theme').evaluateAll((n) => n.map((s) => s.dataset.theme)), [
        'havenstad',
      ]);
      await page.waitForFunction(() => /^Live/.test(document.getElementById('live-status').textContent));
      const firstVersion = await previewVersion(page);
      await page.evaluate(() => {
        window.__beforeRebuild = true;
      });
      // What a rebuild after an edit of themes/havenstad/brand.json would produce: another bar colour.
      await page.route(
        (url) => url.pathname === '/loket/themes/havenstad.css',
        async (route) => {
          const response = await route.fetch();
          const css = (await response.text()).replace(
            /--loket-header-background-color: ?[^;]+;/,
            '--loket-header-background-color:#123456;',
          );
          await route.fulfill({ response, body: css });
        },
      );
      const reportRequests = [];
      page.on('request', (request) => {
        if (request.url().includes('/havenstad.contrast.json')) reportRequests.push(request.url());
      });
      assert.equal(live.notify('themes'), 1, 'the preview listens');
      await page.waitForFunction((v) => document.documentElement.dataset.previewVersion !== v, firstVersion, {
        timeout: 10_000,
      });
      const bar = await page
        .locator('[data-state="signed-out-wide"] loket-header [part~="bar"]')
        .evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.equal(bar, NACHTHAVEN_BAR);
      assert.equal(reportRequests.length, 1);
      assert.equal(await page.evaluate(() => window.__beforeRebuild), true, 'no reload');
      assert.equal(
        await page.locator('link[data-theme-css="havenstad"]').count(),
        1,
        'the previous theme link is gone',
      );
      // The menus stayed open through the refresh.
      assert.equal(await page.locator('[data-state="signed-in-open"] loket-profile-menu').getAttribute('open'), '');

      // A failed build is shown, naming the pair; the preview keeps the last good build.
      live.notify('themes-failed', {
        message:
          'themes: 1 contrast failure\ntheme "havenstad": --loket-header-link-text-color (#0b1f3a) on --loket-header-background-color (#0b1f3a) has contrast 1.00:1, below the WCAG minimum 4.5:1 (header: links on the bar)',
      });
      const box = page.locator('#build-error');
      await box.waitFor({ state: 'visible' });
      assert.match(await box.textContent(), /--loket-header-link-text-color \(#0b1f3a\)/);
      assert.deepEqual(await cspViolations(page), []);
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
    } finally {
      await session.close();
    }
  });

  test('without live reload the event stream is not offered, and the preview says so', async () => {
    const session = await env.open();
    const { page } = session;
    try {
      const response = await page.request.get(env.url('/__loket/events'));
      assert.equal(response.status(), 404);
      await page.goto(env.url('/preview/?theme=loket'));
      await page.waitForFunction(
        () => /^Not live/.test(document.getElementById('live-status').textContent),
        undefined,
        { timeout: 10_000 },
      );
    } finally {
      await session.close();
    }
  });
});
