// Host mode (issue 3, step 7): the site's server owns the session. The header learns who is signed in
// from the session URL or from window.loket.setSession(), and reads the profile API with cookies.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBackendEnvironment } from './backend-env.mjs';
import { describeProblems, waitForHeader } from './helpers.mjs';

const env = useBackendEnvironment();

const trigger = (page) => page.locator('loket-header loket-profile-menu [part="trigger"]');

/**
 * The profile API left unanswered, for a user only the page names (setSession): the API knows no such session, and
 * its 401 would sign the header out (by design) at a moment that varies with the machine's load.
 */
const holdProfileApi = (context) => context.route('**/api/**', () => {}); // the context's close ends them

test('sign-in on the site server, then the session URL drives the menu and badge; the API gets cookies, no token', async () => {
  const session = await env.open();
  const { page, context } = session;
  const apiRequests = [];
  context.on('request', (request) => {
    if (request.url().startsWith(`${env.backend.url}/api/`)) apiRequests.push(request);
  });
  try {
    await page.goto(env.url('/host-mode.html'));
    await waitForHeader(page);
    assert.equal(apiRequests.length, 0, 'anonymous: no API request');
    assert.equal(
      session.requests.filter((url) => url.includes('loket-signed-in')).length,
      0,
      'anonymous: no signed-in module',
    );
    await page.locator('loket-header').getByRole('link', { name: 'Aanmelden', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/host/login');
    await page.getByLabel('Gebruikersnaam').fill('anna');
    await page.getByLabel('Wachtwoord').fill('demo');
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.waitForURL(env.url('/host-mode.html'));
    await trigger(page).waitFor();
    await page.waitForFunction(() =>
      /Anna Peeters, \d+ ongelezen/.test(
        document
          .querySelector('loket-header')
          .shadowRoot.querySelector('loket-profile-menu')
          .shadowRoot.textContent.replace(/\s+/g, ' '),
      ),
    );
    // The event stream (opened once the summary is in) is not a read: counted in live-updates.test.mjs.
    assert.equal(
      apiRequests.filter((request) => !request.url().endsWith('/api/me/events')).length,
      1,
      'one summary request',
    );
    const headers = await apiRequests[0].allHeaders();
    assert.equal(headers.authorization, undefined, 'no bearer token in host mode');
    assert.match(headers.cookie ?? '', /loket_host_session=/, 'the site session cookie goes along');
    assert.equal(
      await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('oidc.')).length),
      0,
      'no tokens',
    );
    assert.deepEqual(session.pageErrors, [], describeProblems(session));

    // Sign-out goes to the site's logout URL and back: signed out.
    await trigger(page).click();
    await page.locator('loket-header loket-profile-menu').getByRole('button', { name: 'Afmelden' }).click();
    await page.waitForURL(env.url('/host-mode.html'));
    await page.locator('loket-header').getByRole('link', { name: 'Aanmelden', exact: true }).waitFor();
  } finally {
    await session.close();
  }
});

// The session URL's "nobody" arriving after the site said who is signed in must not sign the header out again.
// Held back here until the menu shows.
test('what the site says with setSession stands when the session URL answers later', async () => {
  const session = await env.open();
  const { page } = session;
  try {
    await holdProfileApi(session.context);
    let release;
    const released = new Promise((resolve) => (release = resolve));
    let held = false;
    await session.context.route('**/host/session', async (route) => {
      held = true;
      await released;
      await route.continue();
    });
    const asked = page.waitForRequest('**/host/session');
    await page.goto(env.url('/host-mode.html'));
    await waitForHeader(page);
    await asked; // in a task after the header's first render
    await page.evaluate(() => window.loket.setSession({ user: { id: 'x1', givenName: 'Bart', familyName: 'Claes' } }));
    await trigger(page).filter({ hasText: 'Bart Claes' }).waitFor();
    // and a second word of the site's, while the answer is still out
    await page.evaluate(() =>
      window.loket.setSession({ user: { id: 'x2', givenName: 'Chloé', familyName: 'Dubois' } }),
    );
    await trigger(page).filter({ hasText: 'Chloé Dubois' }).waitFor();
    assert.equal(held, true, 'the session URL was asked, and is held');
    // Every session change from here on: the late answer must cause none.
    await page.evaluate(async () => {
      window.changesAfterAnswer = [];
      await window.loket.on('session-change', (event) => window.changesAfterAnswer.push(event.status));
    });
    const answered = page.waitForResponse('**/host/session');
    release();
    await answered;
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    assert.deepEqual(await page.evaluate(() => window.changesAfterAnswer), []);
    assert.match(
      await trigger(page).textContent(),
      /Chloé Dubois/,
      'the menu stays, with the last user the site named',
    );
    assert.equal(await page.evaluate(async () => (await window.loket.getSession()).status), 'signed-in');
    assert.deepEqual(session.pageErrors, [], describeProblems(session));
  } finally {
    await session.close();
  }
});

test('window.loket.setSession({ user }) drives the menu; { user: null } signs out; bad arguments are refused', async () => {
  const session = await env.open();
  const { page } = session;
  try {
    await holdProfileApi(session.context);
    await page.goto(env.url('/host-mode.html'));
    await waitForHeader(page);
    await page.evaluate(() => window.loket.setSession({ user: { id: 'x1', givenName: 'Bart', familyName: 'Claes' } }));
    await trigger(page).waitFor();
    assert.match(await trigger(page).textContent(), /Bart Claes/);
    assert.equal(await page.evaluate(async () => (await window.loket.getSession()).status), 'signed-in');
    const refused = await page.evaluate(() =>
      window.loket.setSession({ user: { name: 'x' } }).then(
        () => 'resolved',
        (e) => e.message,
      ),
    );
    assert.match(refused, /state\.user/);
    await page.evaluate(() => window.loket.setSession({ user: null }));
    await page.locator('loket-header').getByRole('link', { name: 'Aanmelden', exact: true }).waitFor();
  } finally {
    await session.close();
  }
});
