// The citizen's journey of issue 3, in Chromium, against the real provider and profile API: anonymous,
// sign-in and back to the deep page, name and badge, the menu, a message read elsewhere, a second tab,
// one renewal for three tabs, sign-out everywhere; and host mode.

import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backendRequests, signInAtProvider, useBackendEnvironment } from './backend-env.mjs';
import { describeProblems, settled, sleep, waitForHeader, waitUntil } from './helpers.mjs';

// Access tokens live 32 s: the header renews 30 s before expiry, so a renewal is due 2 s after sign-in.
const env = useBackendEnvironment({ accessTokenTtl: 32 });
// For the renewal while the event stream is up: 45 s, so the renewal is due 15 s after sign-in and three tabs
// under load (CI runs four jobs on two cores) have opened the stream before it, with the first token.
const streamEnv = useBackendEnvironment({ accessTokenTtl: 45 });

const trigger = (page) => page.locator('loket-header loket-profile-menu [part="trigger"]');

/** Signs anna in from `path` (on the site of `environment`) and waits until the header shows her menu. */
async function signIn(session, path = '/diensten/afval.html?jaar=2026#kalender', environment = env) {
  const { page } = session;
  await page.goto(environment.url(path));
  await waitForHeader(page);
  await page.locator('loket-header').getByRole('button', { name: 'Aanmelden', exact: true }).click();
  await page.waitForURL(
    (url) => url.origin === new URL(environment.backend.url).origin && url.pathname.startsWith('/interaction'),
  );
  await signInAtProvider(page);
  await trigger(page).waitFor({ state: 'visible' });
}

/** Waits until the trigger's accessible name carries the unread count (the summary has arrived). */
function waitForUnread(page) {
  return page.waitForFunction(() => {
    const root = document.querySelector('loket-header')?.shadowRoot?.querySelector('loket-profile-menu')?.shadowRoot;
    return /\d+ ongelezen/.test(root?.querySelector('[part="trigger"]')?.textContent ?? '');
  });
}

/** The page's idle time: no request in flight for 500 ms, an idle callback, two frames. */
const idle = (page) => settled(page);

async function unreadInName(page) {
  const name = (await trigger(page).textContent()).replace(/\s+/g, ' ');
  const match = /(\d+\+?) ongelezen/.exec(name);
  return match ? match[1] : '0';
}

describe('oidc journey', () => {
  // "Nothing happens" needs a window that means it: the page's own idle time (network idle, an idle callback),
  // then a refresh interval's worth of simulated time (Playwright's clock: every timer the header set would
  // fire), then idle again. Oidc pages, the host-mode page and a page whose config has no auth.
  const { refreshSeconds } = JSON.parse(
    readFileSync(new URL('../../demo/site/loket.json', import.meta.url), 'utf8'),
  ).api;
  const REFRESH_MS = refreshSeconds * 1000 + 5_000; // the demo's refreshSeconds, plus the feed's largest random spread
  const anonymousPages = [
    { name: 'oidc, home', path: '/' },
    { name: 'oidc, deep page', path: '/diensten/afval.html?jaar=2026#kalender' },
    { name: 'oidc, contact', path: '/contact.html' },
    // Host mode asks the site's session URL once whether someone is signed in, and nothing else.
    { name: 'host mode', path: '/host-mode.html', expected: ['/host/session'] },
    { name: 'no auth in the config', path: '/', withoutAuth: true },
  ];
  for (const { name, path, expected = [], withoutAuth } of anonymousPages) {
    test(`an anonymous visitor (${name}) makes no request to the API or the provider and loads no sign-in code, through idle time and a refresh interval`, async () => {
      const session = await env.open();
      const { page, context } = session;
      try {
        if (withoutAuth) {
          await context.route('**/loket.json', async (route) => {
            const config = await (await route.fetch()).json();
            delete config.auth;
            await route.fulfill({ json: config });
          });
        }
        await context.clock.install();
        await page.goto(env.url(path));
        await waitForHeader(page);
        const signIn = page
          .locator('loket-header')
          .getByRole(path.includes('host') ? 'link' : 'button', { name: 'Aanmelden', exact: true });
        assert.equal(
          await signIn.count(),
          withoutAuth ? 0 : 1,
          withoutAuth ? 'no sign-in without auth' : 'anonymous: the sign-in control',
        );
        await idle(page);
        await context.clock.runFor(REFRESH_MS);
        await idle(page);
        const requests = backendRequests(session, env.backend.url);
        assert.deepEqual(
          requests.all.map((url) => new URL(url).pathname),
          expected,
        );
        assert.equal(
          session.requests.filter((url) => url.includes('loket-signed-in')).length,
          0,
          'no signed-in module',
        );
        assert.deepEqual(session.pageErrors, [], describeProblems(session));
      } finally {
        await session.close();
      }
    });
  }

  test('sign-in returns to the deep page, cleaned of code and state, with name and unread count', async () => {
    const session = await env.open();
    const { page } = session;
    try {
      await signIn(session);
      const url = new URL(page.url());
      assert.equal(url.pathname + url.search + url.hash, '/diensten/afval.html?jaar=2026#kalender');
      assert.ok(!url.searchParams.has('code') && !url.searchParams.has('state'));
      await waitForUnread(page);
      const name = (await trigger(page).textContent()).replace(/\s+/g, ' ');
      assert.match(name, /Anna Peeters, \d+ ongelezen/);
      const badge = await page.locator('loket-header loket-notification-badge [part="base"]').textContent();
      assert.equal(badge, await unreadInName(page));
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
    } finally {
      await session.close();
    }
  });

  test('a signed-in page view makes at most one API request, none within refreshSeconds of the last', async () => {
    const session = await env.open();
    const { page } = session;
    try {
      await signIn(session, '/');
      await waitForUnread(page);
      // The event stream (one per browser: the page of the tab holding it opens it) is counted apart from reads.
      const isStream = (url) => new URL(url).pathname === '/api/me/events';
      const firstView = backendRequests(session, env.backend.url).api.filter((url) => !isStream(url));
      assert.equal(firstView.length, 1, `the first signed-in view reads the summary once: ${firstView}`);
      // The stream opens once the summary is in: let it count in the first view, not in the next.
      if (!session.requests.some(isStream))
        await page.waitForRequest((request) => isStream(request.url()), { timeout: 5000 });
      session.requests.length = 0;
      await page.goto(env.url('/diensten/parkeren.html'));
      await trigger(page).waitFor({ state: 'visible' });
      await idle(page); // a "nothing happens" check: the page's idle time
      const requests = backendRequests(session, env.backend.url);
      assert.equal(
        requests.api.filter((url) => !isStream(url)).length,
        0,
        `cached summary, no API request: ${requests.api}`,
      );
      assert.ok(requests.api.filter(isStream).length <= 1, `at most one stream: ${requests.api}`);
      assert.equal(requests.provider.filter((u) => u.includes('/auth')).length, 0, 'no provider round trip');
    } finally {
      await session.close();
    }
  });

  test('self-check: settled() does not wait for the open event stream, but does wait for any other slow request', async () => {
    const session = await env.open();
    const { page, context } = session;
    const isStream = (url) => new URL(url).pathname === '/api/me/events';
    let streamOpened = false;
    page.on('response', (response) => (streamOpened ||= isStream(response.url()) && response.ok()));
    try {
      await signIn(session, '/');
      await waitForUnread(page);
      await waitUntil(() => streamOpened, 'the event stream to open');
      let streamEnded = false;
      page.on('requestfinished', (request) => (streamEnded ||= isStream(request.url())));
      page.on('requestfailed', (request) => (streamEnded ||= isStream(request.url())));
      const slowUrl = env.url('/selfcheck-slow.json');
      let slowFinished = false;
      await context.route(slowUrl, async (route) => {
        await sleep(1500); // the slow request settled() must wait for (what this check is about)
        await route.fulfill({ json: {} });
      });
      page.on('requestfinished', (request) => (slowFinished ||= request.url() === slowUrl));
      // Playwright tells of a request a moment after the page made it: settled() can wait only for one it heard of
      await Promise.all([page.waitForRequest(slowUrl), page.evaluate((url) => void fetch(url), slowUrl)]);
      await settled(page);
      assert.ok(slowFinished, 'settled() returned while a request was still in flight');
      assert.ok(!streamEnded, 'the stream stayed open meanwhile (settled() did not just wait for it to end)');
    } finally {
      await session.close();
    }
  });

  test('the menu shows the latest items, links and sign-out; Escape closes it and returns focus', async () => {
    const session = await env.open();
    const { page } = session;
    try {
      await signIn(session, '/');
      await trigger(page).click();
      assert.equal(await trigger(page).getAttribute('aria-expanded'), 'true');
      const panel = page.locator('loket-header loket-profile-menu [part="panel"]');
      await panel.getByText('Aangetekende brief: beslissing over je bezwaarschrift').waitFor();
      assert.match(await panel.textContent(), /uur geleden/);
      assert.equal(await panel.getByRole('link', { name: 'Mijn berichten' }).count(), 1);
      assert.equal(await panel.getByRole('button', { name: 'Afmelden' }).count(), 1);
      await page.keyboard.press('Escape');
      assert.equal(await trigger(page).getAttribute('aria-expanded'), 'false');
      assert.ok(
        await trigger(page).evaluate((el) => el.getRootNode().activeElement === el),
        'focus back on the trigger',
      );
    } finally {
      await session.close();
    }
  });

  test('a message read on the backend lowers the badge when the tab becomes visible again', async () => {
    const session = await env.open();
    const { page, context } = session;
    await context.clock.install();
    try {
      await signIn(session, '/');
      await waitForUnread(page);
      const before = Number(await unreadInName(page));
      await trigger(page).click();
      const unread = page.locator('loket-header loket-profile-menu .items li.unread a').first();
      const href = await unread.getAttribute('href');
      const other = await context.newPage();
      await other.goto(href);
      await other.close();
      // The header refreshes on becoming visible unless it fetched less than 5 s ago: 5 s pass on the clock.
      await context.clock.runFor(5000);
      await page.evaluate(() => {
        // Headless tabs are always visible: play the tab being hidden and shown again.
        const set = (state) => {
          Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
          document.dispatchEvent(new Event('visibilitychange'));
        };
        set('hidden');
        set('visible');
      });
      await page.waitForFunction(
        (expected) => {
          const menu = document.querySelector('loket-header').shadowRoot.querySelector('loket-profile-menu');
          const text = menu.shadowRoot.querySelector('[part="trigger"]').textContent;
          const match = /(\d+) ongelezen/.exec(text);
          return (match ? Number(match[1]) : 0) === expected;
        },
        before - 1,
        { timeout: 10_000 },
      );
    } finally {
      await session.close();
    }
  });

  test('a second tab is signed in too, without fetching the summary again; three tabs renew once by their own timers (a controlled clock); sign-out reaches every tab', async () => {
    const session = await env.open();
    const { page, context } = session;
    const tokenRequests = [];
    const revocations = [];
    const apiRequests = [];
    const apiResponses = [];
    // The event stream is counted apart from the summary reads (a blocked attempt still fires 'request').
    const isStream = (url) => new URL(url).pathname === '/api/me/events';
    const isApi = (url) => url.startsWith(`${env.backend.url}/api/`) && !isStream(url);
    const streamRequests = [];
    context.on('request', (request) => {
      if (isStream(request.url())) streamRequests.push(request.url());
      if (isApi(request.url())) apiRequests.push(`${request.url()} from ${request.frame().page().url()}`);
      if (request.method() !== 'POST') return;
      if (request.url().endsWith('/token')) tokenRequests.push(request.postData() ?? '');
      if (request.url().endsWith('/token/revocation')) revocations.push(request.postData() ?? '');
    });
    context.on('response', (response) => {
      if (isApi(response.url())) apiResponses.push(response.status());
    });
    const refreshGrants = () => tokenRequests.filter((body) => body.includes('grant_type=refresh_token')).length;
    // This test is about the header's own timers renewing once for three tabs under a controlled clock. While the
    // event stream is up no tab polls (docs/architecture.md, "The live summary"), and the stream is a real fetch
    // whose end (the server closes it at token expiry) Playwright's clock cannot bring forward: with it open,
    // fast-forwarding would fire no refresh at all. So the stream is kept down here, as reliability.test.mjs
    // does for its polling cases, and the tabs poll; the renewal while the stream is up (the holder reconnecting
    // with the renewed token when the server ends it, the other tabs taking the tokens over the channel) is the
    // next test, in real time.
    await context.route(`${env.backend.url}/api/me/events`, (route) => route.abort('connectionrefused'));
    // Playwright's clock in every tab of this context: it runs in real time until the test moves it.
    await context.clock.install();
    try {
      await signIn(session, '/');
      await waitForUnread(page);
      assert.equal(apiRequests.length, 1, `the first tab reads the summary once: ${apiRequests}`);
      await waitUntil(() => streamRequests.length >= 1, 'the first tab trying to open the (blocked) event stream');
      const second = await context.newPage();
      const secondRequests = [];
      second.on('request', (request) => secondRequests.push(request.url()));
      await second.goto(env.url('/diensten/afval.html'));
      await waitForUnread(second); // the summary has arrived from the first tab
      assert.equal(secondRequests.filter(isApi).length, 0, 'summary shared, not fetched');
      assert.equal(secondRequests.filter((u) => u.includes('/auth')).length, 0, 'no provider round trip');
      assert.equal(apiRequests.length, 1, `still the first tab's one summary request: ${apiRequests}`);

      const third = await context.newPage();
      await third.goto(env.url('/contact.html'));
      await waitForUnread(third);
      assert.equal(apiRequests.length, 1, `three tabs, one summary request: ${apiRequests}`);
      const tabs = [page, second, third];

      // The header's own timers, under the clock. Each tab's refresh timer is due refreshSeconds (60 s, plus at
      // most 5 s of spread) after the shared summary; the access token (32 s) is then past its renewal point.
      // fastForward fires every due timer once (a timeout set meanwhile, like the token request's, is not due).
      // Every tab's start-up timers (a new tab waits 150 ms for another tab's summary) run before the clock jumps.
      await context.clock.runFor(1000);
      assert.equal(apiRequests.length, 1, `the tabs' start-up made no request: ${apiRequests}`);
      let refreshesBefore = refreshGrants();
      let responsesBefore = apiResponses.length;
      await context.clock.fastForward(66_000);
      await waitUntil(() => apiResponses.length >= responsesBefore + 1, 'the periodic refresh');
      for (const p of tabs) await waitForUnread(p);
      assert.deepEqual(
        apiResponses.slice(responsesBefore),
        [200],
        `one tab refreshes the summary for all: ${apiRequests.join('\n')}`,
      );
      assert.equal(refreshGrants() - refreshesBefore, 1, 'exactly one token renewal for three tabs');

      // 40 s later (no refresh timer due yet, the new token again within its renewal margin) the three tabs are
      // shown at once: each refreshes on becoming visible, each needs a token, one renews under the lock.
      refreshesBefore = refreshGrants();
      responsesBefore = apiResponses.length;
      await context.clock.fastForward(40_000);
      await Promise.all(
        tabs.map((p) =>
          p.evaluate(() => {
            // Headless tabs are always visible: play the tab being hidden and shown again.
            for (const state of ['hidden', 'visible']) {
              Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
              document.dispatchEvent(new Event('visibilitychange'));
            }
          }),
        ),
      );
      await waitUntil(() => apiResponses.length >= responsesBefore + 3, 'three summary requests');
      assert.deepEqual(
        apiResponses.slice(responsesBefore),
        [200, 200, 200],
        'every tab read the summary with a valid token',
      );
      assert.equal(refreshGrants() - refreshesBefore, 1, 'exactly one tab renews; the others take its tokens');
      for (const p of tabs) {
        assert.equal(await p.evaluate(async () => (await window.loket.getSession()).status), 'signed-in');
      }

      // Sign out in the third tab: every tab is signed out, the refresh token is revoked, the provider session ends.
      await trigger(third).click();
      // The tab is on the site already: wait for the provider to confirm the end of its session, then for the way
      // back (a URL check alone would pass before the sign-out had started).
      await Promise.all([
        third.waitForResponse((response) => response.url().startsWith(`${env.backend.url}/session/end/confirm`)),
        third.locator('loket-header loket-profile-menu').getByRole('button', { name: 'Afmelden' }).click(),
      ]);
      await third.waitForURL(
        (url) => url.origin === new URL(env.url('/')).origin && !url.pathname.startsWith('/session'),
      );
      for (const p of [page, second]) {
        await p.locator('loket-header').getByRole('button', { name: 'Aanmelden', exact: true }).waitFor();
      }
      assert.equal(revocations.length, 1, 'one revocation');
      assert.match(revocations[0], /token_type_hint=refresh_token/);
      const messagePage = await context.newPage();
      const response = await messagePage.goto(`${env.backend.url}/berichten/nope`);
      assert.equal(response.status(), 401, 'the provider session is over');
      await messagePage.close();
      assert.equal(
        await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('oidc.user')).length),
        0,
        'tokens gone',
      );
    } finally {
      await session.close();
    }
  });

  test('while the event stream is up, three tabs renew once: the holder reconnects with the renewed token when the server ends the stream at token expiry', async () => {
    // Real time (the stream is a real fetch the clock cannot end): the access token lives 45 s, the server ends
    // the stream when the token it was opened with expires, and the holder's reconnect renews it, once for all.
    const session = await streamEnv.open();
    const { page, context } = session;
    const tokenRequests = [];
    const streams = [];
    const isStream = (url) => url === `${streamEnv.backend.url}/api/me/events`;
    context.on('request', (request) => {
      if (isStream(request.url())) streams.push(request.frame().page().url());
      if (request.method() === 'POST' && request.url().endsWith('/token')) tokenRequests.push(request.postData() ?? '');
    });
    const streamResponses = [];
    context.on('response', (response) => {
      if (isStream(response.url())) streamResponses.push(response.status());
    });
    const refreshGrants = () => tokenRequests.filter((body) => body.includes('grant_type=refresh_token')).length;
    try {
      await signIn(session, '/', streamEnv);
      await waitForUnread(page);
      const tabs = [page, await context.newPage(), await context.newPage()];
      await tabs[1].goto(streamEnv.url('/diensten/afval.html'));
      await tabs[2].goto(streamEnv.url('/contact.html'));
      for (const p of tabs) await waitForUnread(p);
      await waitUntil(() => streamResponses.length >= 1, 'the event stream to open');
      assert.deepEqual(streamResponses, [200], `one stream for three tabs: ${streams}`);
      assert.equal(refreshGrants(), 0, 'no renewal before the stream ends');
      // The server ends the stream at the token's expiry (45 s); the holder reconnects with a renewed token.
      await waitUntil(() => streamResponses.length >= 2, 'the stream reopened after the token expired', {
        timeout: 60_000,
      });
      assert.deepEqual(streamResponses, [200, 200], `the stream reopened with a valid token: ${streams}`);
      for (const p of tabs) await settled(p);
      assert.equal(refreshGrants(), 1, 'exactly one token renewal for three tabs while the stream is up');
      for (const p of tabs) {
        assert.equal(await p.evaluate(async () => (await window.loket.getSession()).status), 'signed-in');
      }
    } finally {
      await session.close();
    }
  });

  test('a stray ?code= of the host page is left alone', async () => {
    const session = await env.open();
    try {
      await session.page.goto(env.url('/?code=abc&state=xyz'));
      await waitForHeader(session.page);
      await idle(session.page); // a "nothing happens" check: the page's idle time
      assert.equal(new URL(session.page.url()).search, '?code=abc&state=xyz');
      assert.deepEqual(backendRequests(session, env.backend.url).all, []);
    } finally {
      await session.close();
    }
  });
});
