// The header on the service's own pages shows the citizen signed in without a click (issue 14, "the citizen's own
// pages"), in Chromium against the real provider and profile API. anna signs in on the demo site; the first
// service page (/berichten), identified by the provider's session, has `auth.silentSignIn` in its header's config:
// the header signs in through a hidden iframe (prompt=none, loket-silent.html), with her DPoP key, and shows her
// menu, with no "Aanmelden", no layout shift and no message; the menu works by keyboard. A visitor without a
// provider session gets the sign-in notice, "Aanmelden" and no silent attempt; an attempt the provider refuses
// (login_required) stays signed out quietly, once. Run: node --test test/e2e/silent-sign-in.test.mjs (after
// `npm run build`).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backendRequests, signInAtProvider, useBackendEnvironment } from './backend-env.mjs';
import { cspViolations, describeProblems, loketErrors, measureCls, settled, waitForHeader } from './helpers.mjs';

const env = useBackendEnvironment();

const header = (page) => page.locator('loket-header');
const trigger = (page) => page.locator('loket-header loket-profile-menu [part="trigger"]');
const signInButton = (page) => header(page).getByRole('button', { name: 'Aanmelden', exact: true });
/** The authorization requests of the silent sign-in (prompt=none). */
const silentRequests = (session) =>
  backendRequests(session, env.backend.url).provider.filter(
    (url) => new URL(url).searchParams.get('prompt') === 'none',
  );
/** The header's config as the page was served (its light-DOM JSON). */
const servedAuth = (page) =>
  page.evaluate(() => JSON.parse(document.querySelector('loket-header > script[type="application/json"]').text).auth);

/** anna signs in on the demo site with the header's button, and is back on the site signed in. */
async function signInOnSite(page) {
  await page.goto(env.url('/'));
  await waitForHeader(page);
  await signInButton(page).click();
  await page.waitForURL((url) => url.pathname.startsWith('/interaction'));
  await signInAtProvider(page);
  await trigger(page).waitFor({ state: 'visible' });
}

describe('silent sign-in on the service pages', () => {
  test('after signing in on the site, /berichten shows anna signed in in its header without a click', async () => {
    const session = await env.open();
    const { page } = session;
    try {
      await signInOnSite(page);
      const before = session.requests.length;
      await page.goto(new URL('/berichten', env.backend.url).href);
      await page.getByRole('heading', { level: 1, name: 'Mijn berichten' }).waitFor();
      assert.equal((await servedAuth(page)).silentSignIn, true, 'the page asked its header to sign in silently');

      // no click: the header signs her in through the provider's session
      await trigger(page).waitFor({ state: 'visible', timeout: 15_000 });
      assert.match(await trigger(page).innerText(), /Anna Peeters/);
      assert.equal(await signInButton(page).count(), 0, 'no "Aanmelden" in the header');
      await page.waitForFunction(() => {
        const root = document.querySelector('loket-header').shadowRoot.querySelector('loket-profile-menu').shadowRoot;
        return /\d+ ongelezen/.test(root.querySelector('[part="trigger"]').textContent);
      });
      await settled(page);

      const pageSession = { requests: session.requests.slice(before) };
      const silent = silentRequests(pageSession);
      assert.equal(silent.length, 1, `one silent authorization request: ${silent}`);
      const asked = new URL(silent[0]);
      assert.equal(asked.searchParams.get('redirect_uri'), new URL('/loket/loket-silent.html', env.backend.url).href);
      assert.ok(asked.searchParams.get('dpop_jkt'), 'the code is bound to the browser key');
      assert.ok(
        pageSession.requests.some((url) => url.startsWith(new URL('/loket/loket-silent.html', env.backend.url).href)),
        'the provider answered on the silent callback page',
      );
      // the tokens are DPoP-bound and held by this tab (it has the refresh token, as a tab that signed in)
      const tokens = await page.evaluate(() => {
        const key = Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user:'));
        const user = key && JSON.parse(sessionStorage.getItem(key));
        return user && { type: user.token_type, refresh: typeof user.refresh_token === 'string' };
      });
      assert.deepEqual(tokens, { type: 'DPoP', refresh: true });
      assert.equal(await page.locator('iframe').count(), 0, 'the hidden iframe is gone');

      // The pre-rendered header is rendered signed out: the account area widens once when the menu replaces
      // "Aanmelden", the one shift a page with stored tokens has as well (measured below); nothing more.
      const cls = await measureCls(page);
      assert.ok(cls.supported, 'layout-shift entries are supported');
      const shifts = cls.entries.flatMap((entry) => entry.sources);
      assert.ok(
        cls.entries.length <= 1 && cls.value < 0.001,
        `at most the account area's one shift: ${JSON.stringify(cls)}`,
      );
      assert.deepEqual(await loketErrors(page), []);
      assert.deepEqual(await cspViolations(page), []);
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
      assert.deepEqual(session.dialogs, []);

      // by keyboard: from the top of the page to the menu, open it, close it with Escape
      await page.locator('body').focus();
      let reached = false;
      for (let i = 0; i < 15 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await trigger(page).evaluate((el) => el.matches(':focus'));
      }
      assert.ok(reached, 'the profile menu is reachable with Tab');
      await page.keyboard.press('Enter');
      const panel = page.locator('loket-header loket-profile-menu [part="panel"]');
      await panel.getByRole('button', { name: 'Afmelden' }).waitFor({ state: 'visible' });
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'hidden' });
      assert.ok(await trigger(page).evaluate((el) => el.matches(':focus')), 'focus back on the trigger');

      // the next page restores the tab's own tokens: no second silent sign-in
      const mark = session.requests.length;
      await page.goto(new URL('/dossiers', env.backend.url).href);
      await trigger(page).waitFor({ state: 'visible' });
      await settled(page);
      const stored = (await measureCls(page)).entries.flatMap((entry) => entry.sources);
      assert.ok(
        shifts.every((shift) => stored.includes(shift)),
        `the silent sign-in shifts nothing that a page with stored tokens does not: ${shifts} / ${stored}`,
      );
      assert.deepEqual(silentRequests({ requests: session.requests.slice(mark) }), []);
    } finally {
      await session.close();
    }
  });

  test('a visitor without a provider session sees "Aanmelden", no silent attempt and no error', async () => {
    const session = await env.open();
    const { page } = session;
    try {
      await page.goto(new URL('/berichten', env.backend.url).href);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await signInButton(page).waitFor({ state: 'visible' });
      assert.equal((await servedAuth(page)).silentSignIn, undefined, 'no silent sign-in for an unidentified page');
      await settled(page);
      assert.equal(await trigger(page).count(), 0);
      assert.deepEqual(silentRequests(session), []);
      assert.deepEqual(await loketErrors(page), []);
      assert.deepEqual(await cspViolations(page), []);
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
      assert.equal((await measureCls(page)).value, 0);
    } finally {
      await session.close();
    }
  });

  test('a silent sign-in the provider refuses (login_required) leaves "Aanmelden", quietly and once', async () => {
    const session = await env.open();
    const { page } = session;
    try {
      await signInOnSite(page);
      // The provider's answer when its session is gone between the page and the iframe's request
      await session.context.route(
        (url) => url.origin === new URL(env.backend.url).origin && url.searchParams.get('prompt') === 'none',
        (route) => {
          const asked = new URL(route.request().url());
          const back = new URL(asked.searchParams.get('redirect_uri'));
          back.searchParams.set('error', 'login_required');
          back.searchParams.set('state', asked.searchParams.get('state'));
          return route.fulfill({ status: 303, headers: { location: back.href } });
        },
      );
      const before = session.requests.length;
      await page.goto(new URL('/berichten', env.backend.url).href);
      await page.getByRole('heading', { level: 1, name: 'Mijn berichten' }).waitFor();
      await signInButton(page).waitFor({ state: 'visible' });
      await settled(page);
      assert.equal(silentRequests({ requests: session.requests.slice(before) }).length, 1, 'tried once');
      assert.equal(await trigger(page).count(), 0);
      assert.equal(await signInButton(page).count(), 1);
      assert.equal(await header(page).locator('[part="status"]').count(), 0, 'no message in the header');
      assert.deepEqual(await loketErrors(page), []);
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
      assert.deepEqual(session.dialogs, []);
      assert.equal(await page.locator('iframe').count(), 0, 'the hidden iframe is gone');
      assert.equal((await measureCls(page)).value, 0);
    } finally {
      await session.close();
    }
  });
});
