// DPoP (RFC 9449, issue 13) through the real header in Chromium against the real service: the sign-in binds the
// tokens to a key the browser made (not extractable, in IndexedDB); every profile API call carries
// `Authorization: DPoP` and a fresh proof; an access token copied out of sessionStorage is refused elsewhere, as
// a bearer token and with a proof of another key; the other tabs get access tokens only, never the refresh
// token, and renew through the tab that holds it.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt, DpopKey } from '../../server/test/http-helpers.mjs';
import { signInAtProvider, useBackendEnvironment } from './backend-env.mjs';
import { waitForHeader, waitUntil } from './helpers.mjs';

// Access tokens live 32 s: the header renews 30 s before expiry, so a renewal is due 2 s after sign-in.
const env = useBackendEnvironment({ accessTokenTtl: 32 });

const header = (page) => page.locator('loket-header');
const trigger = (page) => page.locator('loket-header loket-profile-menu [part="trigger"]');

/** The oidc-client-ts user this tab stored (sessionStorage). */
const storedUser = (page) =>
  page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user:'));
    return key ? JSON.parse(sessionStorage.getItem(key)) : undefined;
  });

/** Requests to the backend, with the headers that matter here. */
function recordBackend(context) {
  const seen = [];
  const origin = new URL(env.backend.url).origin;
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin !== origin || request.method() === 'OPTIONS') return;
    const headers = request.headers();
    seen.push({
      method: request.method(),
      path: url.pathname,
      page: request.frame()?.page(),
      authorization: headers.authorization,
      dpop: headers.dpop,
      body: request.postData() ?? '',
    });
  });
  return seen;
}

describe('DPoP in the browser', () => {
  test('the tokens are bound to a non-extractable key, the API calls carry proofs, a copied token is refused', async () => {
    const session = await env.open();
    const { page, context } = session;
    const seen = recordBackend(context);
    try {
      await page.goto(env.url('/diensten/afval.html'));
      await waitForHeader(page);
      await header(page).getByRole('button', { name: 'Aanmelden', exact: true }).click();
      await page.waitForURL((url) => url.pathname.startsWith('/interaction'));
      await signInAtProvider(page);
      await trigger(page).waitFor({ state: 'visible' });

      // the authorization request named the key (the code is bound to it), the code exchange proved it
      const authorize = seen.find((r) => r.path === '/auth');
      assert.ok(authorize, 'an authorization request');
      const exchange = seen.find((r) => r.path === '/token' && r.body.includes('grant_type=authorization_code'));
      assert.ok(exchange?.dpop, 'the code exchange carries a DPoP proof');
      const user = await storedUser(page);
      assert.equal(user.token_type, 'DPoP');
      const { jkt } = decodeJwt(user.access_token).payload.cnf;
      const proofHeader = decodeJwt(exchange.dpop).header;
      assert.equal(proofHeader.typ, 'dpop+jwt');
      assert.equal(proofHeader.alg, 'ES256');
      assert.equal(proofHeader.jwk.d, undefined, 'the proof carries the public key only');

      // the key: in IndexedDB, not extractable, its thumbprint the token's cnf.jkt
      const key = await page.evaluate(async () => {
        const db = await new Promise((resolve, reject) => {
          const open = indexedDB.open('oidc');
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        const state = await new Promise((resolve, reject) => {
          const get = db.transaction('dpop').objectStore('dpop').get('loket-demo');
          get.onsuccess = () => resolve(get.result);
          get.onerror = () => reject(get.error);
        });
        db.close();
        let exported = 'exported';
        try {
          await crypto.subtle.exportKey('jwk', state.keys.privateKey);
        } catch (error) {
          exported = error.name;
        }
        const { crv, kty, x, y } = await crypto.subtle.exportKey('jwk', state.keys.publicKey);
        const thumbprint = new Uint8Array(
          await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify({ crv, kty, x, y }))),
        );
        return {
          extractable: state.keys.privateKey.extractable,
          exported,
          thumbprint: btoa(String.fromCharCode(...thumbprint))
            .replace(/\+/g, '-')
            .replace(/\//g, '_')
            .replace(/=+$/, ''),
        };
      });
      assert.equal(key.extractable, false, 'the private key cannot be exported');
      assert.equal(key.exported, 'InvalidAccessError');
      assert.equal(key.thumbprint, jkt, 'the token is bound to this key');

      // every profile API call: Authorization: DPoP and a proof for its method and URL, each proof once
      await waitUntil(
        () => seen.some((r) => r.path === '/api/me/summary') && seen.some((r) => r.path === '/api/me/events'),
        'the summary read and the event stream',
      );
      const calls = seen.filter((r) => r.path.startsWith('/api/'));
      const jtis = new Set();
      for (const call of calls) {
        assert.match(call.authorization ?? '', /^DPoP [\w-]+\.[\w-]+\.[\w-]+$/, `${call.path}: DPoP scheme`);
        assert.ok(call.dpop, `${call.path}: a proof`);
        const { payload } = decodeJwt(call.dpop);
        assert.equal(payload.htm, call.method);
        assert.equal(payload.htu, `${env.backend.url}${call.path}`);
        assert.ok(payload.ath, `${call.path}: the proof names the token`);
        assert.ok(!jtis.has(payload.jti), 'a new proof per request');
        jtis.add(payload.jti);
      }

      // a token copied out of sessionStorage, used elsewhere: as a bearer token, or with a key of the thief's own
      const summary = `${env.backend.url}/api/me/summary`;
      const asBearer = await fetch(summary, { headers: { authorization: `Bearer ${user.access_token}` } });
      assert.equal(asBearer.status, 401);
      assert.match(asBearer.headers.get('www-authenticate'), /^DPoP .*error="invalid_token"/);
      const thief = await DpopKey.generate();
      const withOtherKey = await fetch(summary, { headers: await thief.headers('GET', summary, user.access_token) });
      assert.equal(withOtherKey.status, 401);
      assert.match(withOtherKey.headers.get('www-authenticate'), /^DPoP .*error="invalid_dpop_proof"/);
      // and a proof caught on the wire, sent again
      const caught = calls.find((r) => r.path === '/api/me/summary');
      const replayed = await fetch(summary, { headers: { authorization: caught.authorization, dpop: caught.dpop } });
      assert.equal(replayed.status, 401, 'a replayed proof');
      // the refresh token is bound as well
      const refresh = await fetch(`${env.backend.url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: 'loket-demo',
          refresh_token: user.refresh_token,
        }),
      });
      assert.equal(refresh.status, 400, 'the refresh token without the key');
      for (const body of [asBearer, withOtherKey, replayed, refresh]) await body.body?.cancel();
    } finally {
      await session.close();
    }
  });

  test('another tab gets the access token only and renews through the tab that holds the refresh token', async () => {
    const session = await env.open();
    const { page, context } = session;
    const seen = recordBackend(context);
    // the event stream stays down: the tabs poll, so the second tab needs tokens by its own timer
    await context.route(`${env.backend.url}/api/me/events`, (route) => route.abort('connectionrefused'));
    try {
      await page.goto(env.url('/'));
      await waitForHeader(page);
      await header(page).getByRole('button', { name: 'Aanmelden', exact: true }).click();
      await page.waitForURL((url) => url.pathname.startsWith('/interaction'));
      await signInAtProvider(page);
      await trigger(page).waitFor({ state: 'visible' });
      const first = await storedUser(page);
      assert.ok(first.refresh_token, 'the tab that signed in holds the refresh token');

      const second = await context.newPage();
      await second.goto(env.url('/diensten/afval.html'));
      await trigger(second).waitFor({ state: 'visible' });
      const handed = await storedUser(second);
      assert.ok(handed.access_token, 'the second tab has an access token');
      assert.equal(handed.refresh_token, undefined, 'and no refresh token');

      // the second tab reads the summary itself (its own proof, the shared key) once its token is renewed: the
      // renewal is the first tab's refresh-token grant, and the second tab then holds the new access token only
      const grantsBefore = seen.filter((r) => r.body.includes('grant_type=refresh_token')).length;
      await second.evaluate(() => window.loket.refresh());
      await waitUntil(
        () => seen.filter((r) => r.body.includes('grant_type=refresh_token')).length > grantsBefore,
        'a renewal',
        { timeout: 20_000 },
      );
      const grants = seen.filter((r) => r.body.includes('grant_type=refresh_token'));
      assert.ok(
        grants.every((r) => r.page === page),
        'only the tab that holds the refresh token asks the provider',
      );
      await waitUntil(async () => (await storedUser(second)).access_token !== handed.access_token, 'new tokens');
      const renewed = await storedUser(second);
      assert.equal(renewed.refresh_token, undefined, 'still no refresh token in the second tab');
      assert.ok((await storedUser(page)).refresh_token, 'the first tab holds the rotated one');
      assert.notEqual((await storedUser(page)).refresh_token, first.refresh_token, 'rotated');
      // the second tab's own reads (its proofs made with the key the tabs share) are accepted
      await waitUntil(() => seen.some((r) => r.path === '/api/me/summary' && r.page === second), 'its read');
      const reads = seen.filter((r) => r.path === '/api/me/summary' && r.page === second);
      for (const read of reads) assert.match(read.authorization, /^DPoP /);
      assert.equal(await second.evaluate(async () => (await window.loket.getSession()).status), 'signed-in');
    } finally {
      await session.close();
    }
  });
});
