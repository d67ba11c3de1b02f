// Faults between the browser and the backend (issue 3): the profile API failing in every way, and the
// provider down. The header stays usable in a defined state, says so briefly where it helps, never throws
// into the page, and recovers by itself.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { signInAtProvider, useBackendEnvironment } from './backend-env.mjs';
import { describeProblems, loketErrors, waitForHeader } from './helpers.mjs';

const env = useBackendEnvironment();

const SUMMARY = '**/api/me/summary';
const menu = (page) => page.locator('loket-header loket-profile-menu');
const trigger = (page) => menu(page).locator('[part="trigger"]');

/** Signs anna in while `fault` answers the summary requests; resolves once her menu shows. */
async function signInWithFault(session, fault) {
  const { page, context } = session;
  await context.route(SUMMARY, fault);
  await page.goto(env.url('/'));
  await waitForHeader(page);
  await page.locator('loket-header').getByRole('button', { name: 'Aanmelden', exact: true }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/interaction'));
  await signInAtProvider(page);
  await trigger(page).waitFor({ state: 'visible' });
}

/** The badge count shown in the trigger's accessible name, once the summary has arrived. */
function waitForUnread(page, timeout = 15_000) {
  return page.waitForFunction(
    () => {
      const root = document.querySelector('loket-header')?.shadowRoot?.querySelector('loket-profile-menu')?.shadowRoot;
      return /\d+ ongelezen/.test(root?.querySelector('[part="trigger"]')?.textContent ?? '');
    },
    undefined,
    { timeout },
  );
}

const faults = {
  'HTTP 500': (route) =>
    route.fulfill({ status: 500, contentType: 'application/problem+json', body: '{"title":"boom","status":500}' }),
  'a network error': (route) => route.abort('failed'),
  'malformed JSON': (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"unread": {' }),
  'JSON of the wrong shape': (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '{"unread": "lots", "latest": 3}' }),
  'a 5 MB body': (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: `{"pad":"${'x'.repeat(5 * 1024 * 1024)}"}` }),
};

describe('profile API faults', () => {
  for (const [name, fault] of Object.entries(faults)) {
    test(`${name}: the menu says the messages cannot be loaded, then recovers by itself`, async () => {
      const session = await env.open();
      const { page, context } = session;
      try {
        await signInWithFault(session, fault);
        await trigger(page).click();
        const note = menu(page).locator('[role="status"]');
        await note.waitFor();
        assert.match(await note.textContent(), /kunnen nu niet geladen worden/);
        assert.match(await trigger(page).textContent(), /Anna Peeters/, 'still signed in, name shown');
        await context.unroute(SUMMARY);
        await waitForUnread(page);
        assert.deepEqual(session.pageErrors, [], describeProblems(session));
        assert.deepEqual(session.dialogs, []);
      } finally {
        await session.close();
      }
    });
  }

  test('a timeout aborts the request after a few seconds, then recovers', async () => {
    const session = await env.open();
    const { page, context } = session;
    const held = [];
    try {
      await signInWithFault(session, (route) => held.push(route));
      await trigger(page).click();
      await menu(page).locator('[role="status"]').waitFor({ timeout: 15_000 });
      await context.unroute(SUMMARY);
      await waitForUnread(page, 20_000);
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
    } finally {
      await Promise.all(held.map((route) => route.abort().catch(() => {})));
      await session.close();
    }
  });

  test('a 401 that a renewal does not cure shows the signed-out state with a short message', async () => {
    const session = await env.open();
    const { page } = session;
    try {
      await signInWithFault(session, (route) =>
        route.fulfill({
          status: 401,
          headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
          contentType: 'application/problem+json',
          body: '{"status":401}',
        }),
      );
      await page
        .locator('loket-header')
        .getByRole('button', { name: 'Aanmelden', exact: true })
        .waitFor({ timeout: 15_000 });
      const status = page.locator('loket-header loket-alert[part="status"]');
      assert.match(await status.textContent(), /afgemeld/);
      assert.deepEqual(
        (await loketErrors(page)).map((e) => e.code),
        ['session-ended'],
      );
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
    } finally {
      await session.close();
    }
  });
});

describe('provider faults', () => {
  test('provider down: sign-in says it cannot start now, the page keeps working', async () => {
    const session = await env.open();
    const { page, context } = session;
    try {
      await context.route(`${env.backend.url}/**`, (route) => route.abort('connectionrefused'));
      await page.goto(env.url('/'));
      await waitForHeader(page);
      await page.locator('loket-header').getByRole('button', { name: 'Aanmelden', exact: true }).click();
      const status = page.locator('loket-header loket-alert[part="status"]');
      await status.waitFor();
      assert.match(await status.textContent(), /Aanmelden lukt nu niet/);
      assert.equal(new URL(page.url()).pathname, '/', 'still on the page');
      assert.deepEqual(
        (await loketErrors(page)).map((e) => e.code),
        ['sign-in-unavailable'],
      );
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
      // Back up: the next click goes to the provider.
      await context.unroute(`${env.backend.url}/**`);
      await page.locator('loket-header').getByRole('button', { name: 'Aanmelden', exact: true }).click();
      await page.waitForURL((url) => url.pathname.startsWith('/interaction'));
    } finally {
      await session.close();
    }
  });
});
