// The citizen's journey of issue 3, in Chromium, against the real provider and profile API: anonymous,
// sign-in and back to the deep page, name and badge, the menu, a message read elsewhere, a second tab,
// one renewal for three tabs, sign-out everywhere; and host mode.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backendRequests, signInAtProvider, useBackendEnvironment } from './backend-env.mjs';
import { describeProblems, sleep, waitForHeader } from './helpers.mjs';

// Access tokens live 32 s: the header renews 30 s before expiry, so a renewal is due 2 s after sign-in.
const env = useBackendEnvironment({ accessTokenTtl: 32 });

const trigger = (page) => page.locator('loket-header loket-profile-menu [part="trigger"]');

/** Signs anna in from `path` and waits until the header shows her menu. */
async function signIn(session, path = '/diensten/afval.html?jaar=2026#kalender') {
  const { page } = session;
  await page.goto(env.url(path));
  await waitForHeader(page);
  await page.locator('loket-header').getByRole('button', { name: 'Aanmelden', exact: true }).click();
  await page.waitForURL((url) => url.origin === new URL(env.backend.url).origin && url.pathname.startsWith('/interaction'));
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

async function unreadInName(page) {
  const name = (await trigger(page).textContent()).replace(/\s+/g, ' ');
  const match = /(\d+\+?) ongelezen/.exec(name);
  return match ? match[1] : '0';
}

describe('oidc journey', () => {
  test('an anonymous visitor makes no request to the API or the provider and loads no sign-in code', async () => {
    const session = await env.open();
    try {
      await session.page.goto(env.url('/'));
      await waitForHeader(session.page);
      await sleep(500);
      const requests = backendRequests(session, env.backend.url);
      assert.deepEqual(requests.all, []);
      assert.equal(session.requests.filter((url) => url.includes('loket-signed-in')).length, 0, 'no signed-in module');
      assert.deepEqual(session.pageErrors, []);
    } finally {
      await session.close();
    }
  });

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
      if (!session.requests.some(isStream)) await page.waitForRequest((request) => isStream(request.url()), { timeout: 5000 });
      session.requests.length = 0;
      await page.goto(env.url('/diensten/parkeren.html'));
      await trigger(page).waitFor({ state: 'visible' });
      await sleep(1000);
      const requests = backendRequests(session, env.backend.url);
      assert.equal(requests.api.filter((url) => !isStream(url)).length, 0, `cached summary, no API request: ${requests.api}`);
      assert.ok(requests.api.filter(isStream).length <= 1, `at most one stream: ${requests.api}`);
      assert.equal(requests.provider.filter((u) => u.includes('/auth')).length, 0, 'no provider round trip');
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
      assert.ok(await trigger(page).evaluate((el) => el.getRootNode().activeElement === el), 'focus back on the trigger');
    } finally {
      await session.close();
    }
  });

  test('a message read on the backend lowers the badge when the tab becomes visible again', async () => {
    const session = await env.open();
    const { page, context } = session;
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
      // The header refreshes on becoming visible unless it fetched less than 5 s ago.
      await sleep(5000);
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

  test('a second tab is signed in too, without fetching the summary again; three tabs renew once; sign-out reaches every tab', async () => {
    const session = await env.open();
    const { page, context } = session;
    const tokenRequests = [];
    const revocations = [];
    context.on('request', (request) => {
      if (request.method() !== 'POST') return;
      if (request.url().endsWith('/token')) tokenRequests.push(request.postData() ?? '');
      if (request.url().endsWith('/token/revocation')) revocations.push(request.postData() ?? '');
    });
    try {
      await signIn(session, '/');
      const apiBefore = backendRequests(session, env.backend.url).api.length;
      const second = await context.newPage();
      const secondRequests = [];
      second.on('request', (request) => secondRequests.push(request.url()));
      await second.goto(env.url('/diensten/afval.html'));
      await trigger(second).waitFor({ state: 'visible' });
      await sleep(500);
      assert.equal(secondRequests.filter((u) => u.startsWith(`${env.backend.url}/api/`)).length, 0, 'summary shared, not fetched');
      assert.equal(secondRequests.filter((u) => u.includes('/auth')).length, 0, 'no provider round trip');
      assert.ok(backendRequests(session, env.backend.url).api.length >= apiBefore);

      const third = await context.newPage();
      await third.goto(env.url('/contact.html'));
      await trigger(third).waitFor({ state: 'visible' });

      // The access token is now within the renewal margin: all three tabs ask for fresh data at once.
      await sleep(2500);
      const refreshesBefore = tokenRequests.filter((body) => body.includes('grant_type=refresh_token')).length;
      await Promise.all([page, second, third].map((p) => p.evaluate(() => window.loket.refresh())));
      await sleep(1000);
      const refreshes = tokenRequests.filter((body) => body.includes('grant_type=refresh_token')).length - refreshesBefore;
      assert.equal(refreshes, 1, 'exactly one tab renews');
      for (const p of [page, second, third]) {
        assert.equal(await p.evaluate(async () => (await window.loket.getSession()).status), 'signed-in');
      }

      // Sign out in the third tab: every tab is signed out, the refresh token is revoked, the provider session ends.
      await trigger(third).click();
      await Promise.all([
        third.waitForURL((url) => url.origin === new URL(env.url('/')).origin && !url.pathname.startsWith('/session')),
        third.locator('loket-header loket-profile-menu').getByRole('button', { name: 'Afmelden' }).click(),
      ]);
      for (const p of [page, second]) {
        await p.locator('loket-header').getByRole('button', { name: 'Aanmelden', exact: true }).waitFor();
      }
      assert.equal(revocations.length, 1, 'one revocation');
      assert.match(revocations[0], /token_type_hint=refresh_token/);
      const messagePage = await context.newPage();
      const response = await messagePage.goto(`${env.backend.url}/berichten/nope`);
      assert.equal(response.status(), 401, 'the provider session is over');
      await messagePage.close();
      assert.equal(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('oidc.user')).length), 0, 'tokens gone');
    } finally {
      await session.close();
    }
  });

  test('a stray ?code= of the host page is left alone', async () => {
    const session = await env.open();
    try {
      await session.page.goto(env.url('/?code=abc&state=xyz'));
      await waitForHeader(session.page);
      await sleep(300);
      assert.equal(new URL(session.page.url()).search, '?code=abc&state=xyz');
      assert.deepEqual(backendRequests(session, env.backend.url).all, []);
    } finally {
      await session.close();
    }
  });
});
