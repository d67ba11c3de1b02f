// What a signed-in page view downloads (issue 15: "a signed-in view adds at most 25 KB"): oidc-client-ts
// (`loket-oidc.js`) comes only with the views that talk to the provider (the sign-in's callback, a renewal, the
// sign-out); a view whose access token is still valid reads the stored tokens and signs its proofs without it,
// and its API calls are accepted. A view that talks to the provider fetches both modules at once. Chromium
// against the real provider and profile API.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signInAtProvider, useBackendEnvironment } from './backend-env.mjs';
import { waitForHeader, waitUntil } from './helpers.mjs';

const env = useBackendEnvironment(); // access tokens live 300 s: the next view has a valid one

const trigger = (page) => page.locator('loket-header loket-profile-menu [part="trigger"]');
const loaded = (requests, file) => requests.filter((url) => new URL(url).pathname === `/loket/${file}`).length;

/**
 * The order in which the header's modules are requested and arrive on `page`: `request <file>` and `arrived <file>`.
 * A view that is sure to talk to the provider asks for `loket-oidc.js` beside `loket-signed-in.js`, before the
 * latter has arrived (the signed-in module's own import of it would come only after it arrived and ran).
 */
function moduleTimeline(page) {
  const timeline = [];
  const file = (request) => /\/loket\/([^/?#]+\.js)$/.exec(new URL(request.url()).pathname)?.[1];
  page.on('request', (request) => file(request) && timeline.push(`request ${file(request)}`));
  page.on('requestfinished', (request) => file(request) && timeline.push(`arrived ${file(request)}`));
  return timeline;
}
const fetchedAlongside = (timeline) => {
  const oidc = timeline.indexOf('request loket-oidc.js');
  const signedIn = timeline.indexOf('arrived loket-signed-in.js');
  return oidc !== -1 && signedIn !== -1 && oidc < signedIn;
};

/** Waits until the trigger's accessible name carries the unread count: the summary read was accepted. */
const summaryShown = (page) =>
  page.waitForFunction(() => {
    const root = document.querySelector('loket-header')?.shadowRoot?.querySelector('loket-profile-menu')?.shadowRoot;
    return /\d+ ongelezen/.test(root?.querySelector('[part="trigger"]')?.textContent ?? '');
  });

test('oidc-client-ts loads to sign in and to sign out, not for a page view with a valid token', async () => {
  const session = await env.open();
  const { page, requests } = session;
  const timeline = moduleTimeline(page);
  try {
    await page.goto(env.url('/'));
    await waitForHeader(page);
    assert.equal(loaded(requests, 'loket-signed-in.js'), 0, 'an anonymous view loads no signed-in code');
    await page.locator('loket-header').getByRole('button', { name: 'Aanmelden', exact: true }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/interaction'));
    assert.equal(loaded(requests, 'loket-oidc.js'), 1, 'the sign-in starts with oidc-client-ts');
    assert.ok(fetchedAlongside(timeline), `the click asks for both modules at once: ${timeline.join(', ')}`);
    requests.length = timeline.length = 0;
    await signInAtProvider(page);
    await summaryShown(page);
    assert.equal(loaded(requests, 'loket-oidc.js'), 1, 'the callback view exchanges the code with it');
    assert.ok(fetchedAlongside(timeline), `the callback view asks for both at once: ${timeline.join(', ')}`);

    requests.length = 0;
    const accepted = [];
    page.on('response', (response) => {
      if (response.url().startsWith(`${env.backend.url}/api/me/`)) accepted.push(response.status());
    });
    await page.goto(env.url('/diensten/afval.html'));
    await summaryShown(page);
    // the summary may show from this tab's cache at once; the view's own API call (the summary or its event
    // stream, with a proof made without oidc-client-ts) follows, and is accepted
    await waitUntil(() => accepted.length >= 1, 'the next view calls the profile API');
    assert.ok(
      accepted.every((status) => status === 200),
      `the API accepts the proofs: ${accepted}`,
    );
    assert.equal(loaded(requests, 'loket-signed-in.js'), 1);
    assert.equal(loaded(requests, 'loket-oidc.js'), 0, 'a view with a valid access token does not load it');
    assert.equal(
      requests.filter((url) => url.startsWith(env.backend.url) && !new URL(url).pathname.startsWith('/api/')).length,
      0,
      'nor asks the provider anything',
    );

    requests.length = 0;
    await trigger(page).click();
    await Promise.all([
      page.waitForResponse((response) => response.url().startsWith(`${env.backend.url}/session/end/confirm`)),
      page.locator('loket-header loket-profile-menu').getByRole('button', { name: 'Afmelden' }).click(),
    ]);
    await page.waitForURL((url) => url.origin === new URL(env.url('/')).origin);
    await page.locator('loket-header').getByRole('button', { name: 'Aanmelden', exact: true }).waitFor();
    assert.equal(loaded(requests, 'loket-oidc.js'), 1, 'the sign-out revokes and ends the session with it');
    const keyLeft = await page.evaluate(async () => {
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open('oidc');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      try {
        if (!db.objectStoreNames.contains('dpop')) return false;
        return await new Promise((resolve, reject) => {
          const get = db.transaction('dpop').objectStore('dpop').get('loket-demo');
          get.onsuccess = () => resolve(get.result !== undefined);
          get.onerror = () => reject(get.error);
        });
      } finally {
        db.close();
      }
    });
    assert.equal(keyLeft, false, 'the DPoP key is gone with the session');
    assert.deepEqual(session.pageErrors, []);
  } finally {
    await session.close();
  }
});
