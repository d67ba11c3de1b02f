// oidc-client-ts checks neither the issuer nor the audience of an ID token (authts/oidc-client-ts#2475); the
// header does (src/session/oidc-session.ts, checkIdToken). Against the real provider, with the token
// endpoint's answer changed on its way to the browser: an ID token naming another client or another issuer
// signs nobody in and leaves no tokens behind; the untouched answer signs in as usual.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { signInAtProvider, useBackendEnvironment } from './backend-env.mjs';
import { consoleCalls, waitForHeader } from './helpers.mjs';

// Access tokens live 32 s: the header renews 30 s before expiry, so a renewal is due 2 s after sign-in.
const env = useBackendEnvironment({ accessTokenTtl: 32 });

/** The JWT with some payload claims replaced (the signature is left as it was: the browser never checks it). */
function withClaims(jwt, claims) {
  const [header, payload, signature] = jwt.split('.');
  const changed = { ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), ...claims };
  return [header, Buffer.from(JSON.stringify(changed)).toString('base64url'), signature].join('.');
}

/**
 * Signs anna in on a page whose token responses carry an ID token with `claims` changed (none: untouched);
 * `session.claims` changes it for the later responses (renewals).
 */
async function signInWith(claims) {
  const session = await env.open();
  const { page, context } = session;
  const backend = new URL(env.backend.url).origin;
  session.tokenResponses = 0;
  session.claims = claims;
  await context.route(
    (url) => url.origin === backend && url.pathname.endsWith('/token'),
    async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      session.tokenResponses += 1;
      if (session.claims && body.id_token) body.id_token = withClaims(body.id_token, session.claims);
      await route.fulfill({ response, body: JSON.stringify(body) });
    },
  );
  await page.addInitScript(() => {
    window.__loketErrors = [];
    document.addEventListener(
      'loket-error',
      (event) => window.__loketErrors.push({ code: event.code, message: event.message }),
      true,
    );
  });
  await page.goto(env.url('/diensten/afval.html'));
  await waitForHeader(page);
  await page.locator('loket-header').getByRole('button', { name: 'Aanmelden', exact: true }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/interaction'));
  await signInAtProvider(page);
  // Back on the site: the callback page (a refused sign-in stays there), or the page the citizen came from.
  await page.waitForURL((url) => url.origin !== backend && !url.search.includes('code='));
  return session;
}

const header = (page) => page.locator('loket-header');
const storedOidcKeys = (page) =>
  page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('oidc.user:')));

describe('the ID token must be for this client, from this provider', () => {
  for (const [what, claims, refusal] of [
    ['another client (aud)', { aud: 'another-site' }, /its audience "another-site" does not name this client/],
    [
      'another issuer (iss)',
      { iss: 'https://idp.attacker.example' },
      /its issuer "https:\/\/idp\.attacker\.example" is not the provider's/,
    ],
  ]) {
    test(`an ID token for ${what} signs nobody in, keeps no tokens and says sign-in is not possible`, async () => {
      const session = await signInWith(claims);
      const { page } = session;
      try {
        await header(page).locator('.sign-in').waitFor({ state: 'visible' });
        assert.equal(session.tokenResponses, 1, 'the provider answered the code exchange');
        assert.equal(await header(page).locator('loket-profile-menu').count(), 0, 'no profile menu');
        assert.deepEqual(await storedOidcKeys(page), [], 'no tokens in sessionStorage');
        const errors = await page.evaluate(() => window.__loketErrors);
        assert.equal(errors.length, 1, JSON.stringify(errors));
        assert.equal(errors[0].code, 'sign-in-unavailable');
        assert.match(errors[0].message, refusal);
        await header(page).locator('loket-alert[part="status"]').waitFor({ state: 'visible' });
        assert.deepEqual(
          session.pageErrors.map((e) => e.message),
          [],
          'no uncaught error',
        );
        assert.ok(
          consoleCalls(session, 'error').every((m) => m.text.startsWith('loket: ')),
          "only the header's own report",
        );
      } finally {
        await session.close();
      }
    });
  }

  test('a renewal that brings an ID token for another client ends the session', async () => {
    const session = await signInWith(undefined);
    const { page } = session;
    try {
      await header(page).locator('loket-profile-menu [part="trigger"]').waitFor({ state: 'visible' });
      session.claims = { aud: 'another-site' };
      // Once the access token has less than 30 s left, the next API read renews it first: wait for that moment.
      await page.waitForFunction(
        () => {
          const key = Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user'));
          const user = key ? JSON.parse(sessionStorage.getItem(key)) : undefined;
          // oidc-client-ts's expires_in: whole seconds, as the header's renewal margin reads it.
          return user !== undefined && user.expires_at - Math.floor(Date.now() / 1000) < 30;
        },
        undefined,
        { timeout: 10_000, polling: 100 },
      );
      await page.evaluate(() => window.loket.refresh());
      await header(page).locator('.sign-in').waitFor({ state: 'visible', timeout: 15_000 });
      assert.ok(session.tokenResponses >= 2, 'a renewal was answered');
      assert.deepEqual(await storedOidcKeys(page), [], 'no tokens in sessionStorage');
      assert.deepEqual(
        session.pageErrors.map((e) => e.message),
        [],
        'no uncaught error',
      );
    } finally {
      await session.close();
    }
  });

  test('the untouched ID token signs in (the check refuses only what is wrong)', async () => {
    const session = await signInWith(undefined);
    const { page } = session;
    try {
      await header(page).locator('loket-profile-menu [part="trigger"]').waitFor({ state: 'visible' });
      assert.equal((await storedOidcKeys(page)).length, 1);
      assert.deepEqual(await page.evaluate(() => window.__loketErrors), []);
    } finally {
      await session.close();
    }
  });
});
