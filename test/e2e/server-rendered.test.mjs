// The pre-rendered header (issue 15): examples/server-rendered/, a node:http site calling renderHeader per request
// under a strict CSP, and the static page the `loket-header render` command printed. Checked in Chromium: the
// header shows without JavaScript (and its sign-in leads to the service), the drop-in hydrates it in place (same
// nodes, same pixels, CLS 0, even when the script is late), the menu opens, language follow and window.loket
// work, sign-in works against the reference backend, and nothing violates the page's CSP.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startBackend } from '../../server/dist/index.js';
import { buildStatic } from '../../examples/server-rendered/build-static.mjs';
import { exampleConfig, pageHtml, startExampleServer } from '../../examples/server-rendered/server.mjs';
import { renderHeader } from '../../dist/render/render.js';
import { signInAtProvider } from './backend-env.mjs';
import {
  consoleErrors,
  cspViolations,
  describeProblems,
  launchBrowser,
  measureCls,
  nextFrames,
  openSession,
} from './helpers.mjs';

const env = { server: undefined, backend: undefined, browser: undefined, dataDir: undefined };
const url = (p) => new URL(p.replace(/^\//, ''), env.server.url).href;
const open = (options) => openSession(env, options);

before(async () => {
  env.dataDir = await mkdtemp(path.join(tmpdir(), 'loket-ssr-'));
  let backendUrl = 'http://localhost:1';
  env.server = await startExampleServer({ port: 0, backendUrl: () => backendUrl });
  [env.backend, env.browser] = await Promise.all([
    startBackend({ port: 0, siteOrigins: [new URL(env.server.url).origin], dataDir: env.dataDir, quiet: true }),
    launchBrowser(),
  ]);
  backendUrl = env.backend.url;
  await buildStatic(backendUrl);
});

after(async () => {
  await Promise.all([env.browser?.close(), env.server?.close(), env.backend?.close()]);
  if (env.dataDir) await rm(env.dataDir, { recursive: true, force: true });
});

const shadow = (page, selector) => page.locator('loket-header').locator(selector);

/** The header's top 80 px as PNG bytes. */
const headerShot = (page) => page.screenshot({ clip: { x: 0, y: 0, width: 1280, height: 80 } });

/** Resolves once the drop-in hydrated the header (defined, first update done) and two frames passed. */
async function waitForHydration(page) {
  await page.waitForFunction(() => document.querySelector('loket-header')?.hasUpdated === true, undefined, {
    timeout: 10_000,
  });
  await nextFrames(page, 3);
}

test('self-check: the CLS measurement sees a deliberate layout shift on this server', async () => {
  const session = await open();
  try {
    // A page of the example's origin, answered by the test: a block pushed down 200 px after the first paint.
    await session.page.route(url('/__shift'), (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><body style="margin:0"><div id="top"></div><p style="height:400px">content</p><script>
          requestAnimationFrame(() => setTimeout(() => { document.getElementById('top').style.height = '200px'; document.body.dataset.shifted = ''; }, 100));
        </script></body>`,
      }),
    );
    await session.page.goto(url('/__shift'));
    await session.page.waitForSelector('body[data-shifted]');
    await nextFrames(session.page, 3);
    const cls = await measureCls(session.page);
    assert.ok(cls.value > 0.05, `a 200 px push-down is measured (got ${cls.value})`);
  } finally {
    await session.close();
  }
});

for (const variant of [
  { name: 'rendered per request (inline styles, hashed)', path: '/afval', current: 'Afval' },
  { name: 'the static output of the CLI (stylesheet links)', path: '/static/' },
]) {
  describe(variant.name, () => {
    test('without JavaScript: the municipality, its links and a sign-in that leads to a page of the service', async () => {
      const context = await env.browser.newContext({
        javaScriptEnabled: false,
        viewport: { width: 1280, height: 800 },
      });
      const page = await context.newPage();
      try {
        await page.goto(url(variant.path));
        const header = page.locator('loket-header');
        await header
          .getByRole('link', { name: 'Gemeente Lindegem, naar de startpagina', exact: true })
          .waitFor({ state: 'visible' });
        assert.equal(await header.getByText('Gemeente Lindegem', { exact: true }).isVisible(), true);
        const nav = header.getByRole('navigation', { name: 'Hoofdnavigatie' });
        assert.deepEqual(await nav.getByRole('link').allTextContents(), ['Home', 'Afval', 'Parkeren']);
        if (variant.current)
          assert.equal(await nav.getByRole('link', { name: variant.current }).getAttribute('aria-current'), 'page');
        const logo = shadow(page, 'img.logo');
        assert.ok(
          Number(await logo.getAttribute('width')) > 0 && Number(await logo.getAttribute('height')) > 0,
          'the logo has its width and height',
        );
        // The sign-in button is a form to the service's page: with no script, it goes there.
        await Promise.all([
          page.waitForURL((u) => u.href.startsWith(`${env.backend.url}/berichten`)),
          header.getByRole('button', { name: 'Aanmelden', exact: true }).click(),
        ]);
        assert.ok(
          await page.getByRole('link', { name: /aanmelden/i }).count(),
          "the service's page offers its sign-in",
        );
      } finally {
        await context.close();
      }
    });

    test('hydrates in place: the same nodes and pixels, CLS 0 with the script 500 ms late, no CSP violation', async (t) => {
      const session = await open({ delayDropIn: 500 });
      const { page } = session;
      try {
        await page.goto(url(variant.path));
        await shadow(page, 'a.brand').waitFor({ state: 'visible' });
        await page.waitForFunction(
          () => document.querySelector('loket-header').shadowRoot.querySelector('img').complete,
        );
        await nextFrames(page, 3);
        assert.equal(
          await page.evaluate(() => customElements.get('loket-header')),
          undefined,
          'the drop-in has not run yet',
        );
        const before = await headerShot(page);
        await page.evaluate(
          () => (window.__bar = document.querySelector('loket-header').shadowRoot.querySelector('.bar')),
        );
        await waitForHydration(page);
        assert.ok(
          await page.evaluate(
            () => document.querySelector('loket-header').shadowRoot.querySelector('.bar') === window.__bar,
          ),
          'the bar the server rendered is still there (hydrated, not rendered again)',
        );
        assert.ok(
          (await headerShot(page)).equals(before),
          'the header looks the same, pixel for pixel, after hydration',
        );
        const cls = await measureCls(page);
        t.diagnostic(`CLS ${cls.value}`);
        assert.ok(cls.supported);
        assert.equal(cls.value, 0, `layout shifts: ${JSON.stringify(cls.entries, null, 2)}`);
        assert.ok(
          session.requests.some((r) => r.endsWith('/loket/loket-hydrate.js')),
          'the hydration module is loaded',
        );
        assert.ok(
          !session.requests.some((r) => r.includes('/themes/') && variant.path !== '/static/'),
          'the inline theme is not fetched again',
        );
        assert.deepEqual(await cspViolations(page), []);
        assert.deepEqual(session.pageErrors, [], describeProblems(session));
        assert.deepEqual(consoleErrors(session), [], describeProblems(session));
      } finally {
        await session.close();
      }
    });
  });
}

test('a page that arrives in two pieces (cut before the sign-in button): nothing in the header moves meanwhile', async () => {
  // A slow network hands a page over in pieces, and the browser shows what it has: before, the links were laid
  // out at the end of the bar and slid over when the sign-in button arrived (a layout shift on the first view).
  const cutBefore = '<div class="end"';
  let sendSecondPiece;
  const secondPiece = new Promise((resolve) => (sendSecondPiece = resolve));
  const pieces = createServer(async (req, res) => {
    const upstream = await fetch(url(req.url));
    const body = await upstream.text();
    const headers = Object.fromEntries(
      ['content-type', 'content-security-policy'].flatMap((name) =>
        upstream.headers.has(name) ? [[name, upstream.headers.get(name)]] : [],
      ),
    );
    res.writeHead(upstream.status, headers);
    const cut = req.url === '/afval' ? body.indexOf(cutBefore) : -1;
    if (cut < 0) return res.end(body);
    res.write(body.slice(0, cut));
    secondPiece.then(() => res.end(body.slice(cut)));
    return undefined;
  });
  await new Promise((resolve) => pieces.listen(0, 'localhost', resolve));
  const session = await open({ blockDropIn: true });
  const { page } = session;
  try {
    assert.ok((await (await fetch(url('/afval'))).text()).includes(cutBefore), 'the page has the cut mark');
    await page.goto(`http://localhost:${pieces.address().port}/afval`, { waitUntil: 'commit' });
    // the first piece is in and parsed: the links, not yet the sign-in button
    await page.waitForFunction(
      () => {
        const root = document.querySelector('loket-header')?.shadowRoot;
        return root?.querySelector('nav a') && !root.querySelector('.end');
      },
      undefined,
      { polling: 50, timeout: 10_000 },
    );
    await nextFrames(page, 3); // and painted
    sendSecondPiece();
    await shadow(page, 'button.sign-in').waitFor({ state: 'visible' });
    await nextFrames(page, 3);
    const cls = await measureCls(page);
    assert.ok(cls.supported);
    assert.equal(cls.value, 0, `layout shifts: ${JSON.stringify(cls.entries, null, 2)}`);
    assert.deepEqual(await cspViolations(page), []);
  } finally {
    sendSecondPiece();
    await session.close();
    pieces.closeAllConnections();
    await new Promise((resolve) => pieces.close(resolve));
  }
});

test('after hydration: the Menu opens and closes, the header follows <html lang>, window.loket answers', async () => {
  const session = await open({ viewport: { width: 600, height: 800 } });
  const { page } = session;
  try {
    await page.goto(url('/afval'));
    await waitForHydration(page);
    const toggle = page.locator('loket-header').getByRole('button', { name: 'Menu' });
    await toggle.click();
    await page.locator('loket-header').getByRole('link', { name: 'Parkeren' }).waitFor({ state: 'visible' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('Escape');
    await page.locator('loket-header').getByRole('link', { name: 'Parkeren' }).waitFor({ state: 'hidden' });
    assert.equal(
      await page.evaluate(() => document.activeElement?.localName),
      'loket-header',
      'focus is back on the Menu button',
    );

    await page.evaluate(() => (document.documentElement.lang = 'fr'));
    await page.locator('loket-header').getByRole('button', { name: 'Se connecter', exact: true }).waitFor();
    assert.equal(await page.evaluate(async () => (await window.loket.getSession()).status), 'signed-out');
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(session.pageErrors, [], describeProblems(session));
  } finally {
    await session.close();
  }
});

test('with help options and an alert (nested pre-rendered elements): same pixels, the help menu opens, the alert closes', async () => {
  const config = await exampleConfig(env.backend.url);
  config.help = JSON.parse(readFileSync('demo/site/loket.json', 'utf8')).help;
  config.alert = { variant: 'warning', message: { nl: 'Het loket is gesloten op 11 november.' }, dismissible: true };
  const header = renderHeader(config, { lang: 'nl', page: '/full', publicDir: 'examples/server-rendered/public' });
  const route = (page) =>
    page.route(url('/full'), (r) =>
      r.fulfill({
        contentType: 'text/html; charset=utf-8',
        headers: {
          'content-security-policy': `default-src 'self'; script-src 'self'; style-src 'self' ${header.styleHashes.join(' ')}; img-src 'self'; connect-src 'self' ${env.backend.url}; require-trusted-types-for 'script'`,
        },
        body: pageHtml({ lang: 'nl', title: 'Alles', header: header.html }),
      }),
    );
  const context = await env.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
  const noScript = await context.newPage();
  await route(noScript);
  await noScript.goto(url('/full'));
  await noScript.locator('loket-header').getByText('Het loket is gesloten op 11 november.').waitFor();
  await noScript.waitForLoadState('load'); // the logo too
  const expected = await noScript.screenshot({ clip: { x: 0, y: 0, width: 1280, height: 140 } });
  await context.close();

  const session = await open({ delayDropIn: 300 });
  const { page } = session;
  try {
    await route(page);
    await page.goto(url('/full'));
    await page.waitForFunction(
      () =>
        customElements.get('loket-help-menu') &&
        customElements.get('loket-alert') &&
        document.querySelector('loket-header').hasUpdated,
    );
    await nextFrames(page, 3);
    assert.ok(
      (await page.screenshot({ clip: { x: 0, y: 0, width: 1280, height: 140 } })).equals(expected),
      'the same pixels as without script',
    );
    const cls = await measureCls(page);
    assert.equal(cls.value, 0, JSON.stringify(cls.entries));
    const help = page.locator('loket-header').getByRole('button', { name: 'Hulp nodig?' });
    await help.click();
    assert.equal(await help.getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('Escape');
    await page.locator('loket-header').getByRole('button', { name: 'Melding sluiten' }).click();
    await page.locator('loket-header').getByText('Het loket is gesloten op 11 november.').waitFor({ state: 'hidden' });
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(session.pageErrors, [], describeProblems(session));
    assert.deepEqual(consoleErrors(session), [], describeProblems(session));
  } finally {
    await session.close();
  }
});

test('a page rendered in French stays French when hydrated', async () => {
  const session = await open();
  const { page } = session;
  try {
    await page.goto(url('/parkeren?lang=fr'));
    await waitForHydration(page);
    assert.equal(
      await page.locator('loket-header').getByRole('button', { name: 'Se connecter', exact: true }).count(),
      1,
    );
    assert.equal(
      await page.locator('loket-header').getByRole('link', { name: 'Stationnement' }).getAttribute('aria-current'),
      'page',
    );
    assert.deepEqual(session.pageErrors, [], describeProblems(session));
  } finally {
    await session.close();
  }
});

test('sign-in works with the reference backend, and the signed-in view hydrates into the profile menu', async () => {
  const session = await open();
  const { page } = session;
  try {
    await page.goto(url('/afval'));
    await waitForHydration(page);
    await Promise.all([
      page.waitForURL((u) => u.href.startsWith(env.backend.url)),
      page.locator('loket-header').getByRole('button', { name: 'Aanmelden', exact: true }).click(),
    ]);
    await signInAtProvider(page);
    await page.waitForURL((u) => u.href.startsWith(env.server.url) && u.pathname === '/afval', { timeout: 15_000 });
    const trigger = page.locator('loket-header').locator('loket-profile-menu').getByRole('button').first();
    await trigger.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match((await trigger.textContent()) ?? '', /Anna/);
    assert.equal(await page.evaluate(async () => (await window.loket.getSession()).status), 'signed-in');
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(session.pageErrors, [], describeProblems(session));
  } finally {
    await session.close();
  }
});
