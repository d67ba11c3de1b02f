// The OpenID Connect provider, driven by plain HTTP (fetch, manual redirects, a cookie jar): sign-in page,
// code + PKCE, JWT access tokens, rotating refresh tokens, revocation, RP-initiated logout, redirect rules.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  api,
  authorizeUrl,
  browse,
  CLIENT_ID,
  CookieJar,
  decodeJwt,
  form,
  OTHER_SITE,
  pkce,
  RESOURCE,
  signIn,
  SITE,
  startTestBackend,
  tokenRequest,
} from './helpers.mjs';

let backend;
before(async () => {
  backend = await startTestBackend();
});
after(() => backend?.close());

const noInlineCode = (html) => {
  // the pre-rendered header's config is JSON data, not script
  assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)(?! type="application\/json")[^>]*>/i, 'no inline script');
  assert.doesNotMatch(html, /<style/i, 'no style element');
  assert.doesNotMatch(html, /\sstyle=/i, 'no style attribute');
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'no event handler attribute');
};

describe('discovery', () => {
  test('the issuer is the origin; code + PKCE S256 only; revocation and end session; no iframe', async () => {
    const res = await fetch(`${backend.issuer}/.well-known/openid-configuration`);
    const meta = await res.json();
    assert.equal(meta.issuer, backend.issuer);
    assert.match(backend.issuer, /^http:\/\/localhost:\d+$/);
    assert.deepEqual(meta.code_challenge_methods_supported, ['S256']);
    assert.deepEqual(meta.response_types_supported, ['code']);
    assert.ok(meta.grant_types_supported.includes('refresh_token'));
    assert.equal(meta.revocation_endpoint, `${backend.issuer}/token/revocation`);
    assert.equal(meta.end_session_endpoint, `${backend.issuer}/session/end`);
    assert.equal(meta.check_session_iframe, undefined);
    assert.equal(meta.userinfo_endpoint, undefined);
    assert.deepEqual(meta.ui_locales_supported, ['nl', 'fr', 'en', 'de']);
    for (const scope of ['openid', 'profile', 'offline_access'])
      assert.ok(meta.scopes_supported.includes(scope), scope);
    const jwks = await (await fetch(meta.jwks_uri)).json();
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0].d, undefined, 'no private key material in the JWKS');
  });
});

describe('sign-in page', () => {
  test('Dutch by default, French/English/German by ui_locales, with a language switch; no inline code', async () => {
    const expected = { nl: 'Aanmelden', fr: 'Se connecter', en: 'Sign in', de: 'Anmelden' };
    for (const [uiLocales, lang] of [
      [undefined, 'nl'],
      ['fr-BE fr', 'fr'],
      ['en', 'en'],
      ['de', 'de'],
      ['es', 'nl'],
    ]) {
      const jar = new CookieJar();
      const res = await browse(jar, authorizeUrl(backend, { challenge: pkce().challenge, uiLocales }));
      const page = await browse(jar, new URL(res.headers.get('location'), backend.issuer));
      const html = await page.text();
      assert.match(html, new RegExp(`<html lang="${lang}">`));
      assert.match(html, new RegExp(`<h1>${expected[lang]}</h1>`));
      assert.match(page.headers.get('content-security-policy'), /script-src 'self'/);
      assert.match(html, /<link rel="stylesheet" href="\/static\/loket.css">/);
      for (const other of ['nl', 'fr', 'en', 'de']) assert.match(html, new RegExp(`\\?lang=${other}"`));
      noInlineCode(html);
      if (lang === 'nl') {
        // the language switch
        const switched = await browse(
          jar,
          new URL(`${new URL(res.headers.get('location'), backend.issuer).pathname}?lang=de`, backend.issuer),
        );
        assert.match(await switched.text(), /<h1>Anmelden<\/h1>/);
      }
    }
    const css = await fetch(`${backend.issuer}/static/loket.css`);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type'), /^text\/css/);
  });

  test('a wrong password shows a localized error; an unknown user gets the very same answer', async () => {
    const answers = [];
    for (const username of ['anna', 'nobody']) {
      const result = await signIn(backend, { username, password: 'wrong', uiLocales: 'fr' });
      assert.equal(result.failed, true);
      assert.equal(result.status, 200);
      assert.match(result.html, /Le nom d’utilisateur ou le mot de passe est incorrect\./);
      assert.match(result.html, /role="alert"/);
      answers.push(result.html.replaceAll(/\/interaction\/[\w-]+/g, '/interaction/UID'));
    }
    assert.equal(answers[0], answers[1], 'no user enumeration');
    const german = await signIn(backend, { username: 'anna', password: '', uiLocales: 'de' });
    assert.match(german.html, /Benutzername oder Passwort ist falsch\./);
  });

  test('cancelling returns access_denied to the site', async () => {
    const jar = new CookieJar();
    const res = await browse(jar, authorizeUrl(backend, { challenge: pkce().challenge, state: 'st' }));
    const interaction = new URL(res.headers.get('location'), backend.issuer);
    const abort = await browse(jar, new URL(`${interaction.pathname}/abort`, backend.issuer));
    assert.equal(abort.status, 303);
    const resume = await browse(jar, new URL(abort.headers.get('location'), backend.issuer));
    const back = new URL(resume.headers.get('location'));
    assert.equal(back.origin, SITE);
    assert.equal(back.searchParams.get('error'), 'access_denied');
    assert.equal(back.searchParams.get('state'), 'st');
  });
});

describe('authorization code + PKCE', () => {
  test('tokens: a JWT access token for the profile API, an ID token with the profile claims, a refresh token', async () => {
    const { tokens, tokenResponse } = await signIn(backend, { username: 'chloe' });
    assert.equal(tokenResponse.headers.get('access-control-allow-origin'), SITE);
    assert.equal(tokens.token_type, 'Bearer');
    assert.equal(tokens.expires_in, 300);
    assert.ok(tokens.refresh_token, 'a refresh token without prompt=consent');
    const at = decodeJwt(tokens.access_token);
    assert.equal(at.header.typ, 'at+jwt');
    assert.equal(at.header.alg, 'ES256');
    assert.equal(at.payload.iss, backend.issuer);
    assert.equal(at.payload.aud, RESOURCE);
    assert.equal(at.payload.scope, 'loket:profile');
    assert.equal(at.payload.client_id, CLIENT_ID);
    assert.equal(at.payload.exp - at.payload.iat, 300);
    const id = decodeJwt(tokens.id_token).payload;
    assert.equal(id.sub, at.payload.sub);
    assert.doesNotMatch(id.sub, /chloe/i, 'sub is opaque');
    assert.deepEqual([id.given_name, id.family_name, id.locale, id.aud], ['Chloé', 'Dubois', 'fr', CLIENT_ID]);
    const me = await (await api(backend, '/me', { token: tokens.access_token })).json();
    assert.equal(me.id, id.sub);
  });

  test('an explicit resource parameter (oidc-client-ts `resource`) works too; another resource is invalid_target', async () => {
    const { tokens } = await signIn(backend, {
      authorizeExtra: { resource: RESOURCE },
      tokenExtra: { resource: RESOURCE },
    });
    assert.equal(decodeJwt(tokens.access_token).payload.aud, RESOURCE);
    const res = await fetch(
      authorizeUrl(backend, { challenge: pkce().challenge, extra: { resource: 'urn:something:else' } }),
      { redirect: 'manual' },
    );
    assert.equal(new URL(res.headers.get('location')).searchParams.get('error'), 'invalid_target');
  });

  test('a second authorization in the same browser needs no sign-in (provider session)', async () => {
    const { jar } = await signIn(backend, { username: 'bart' });
    const res = await browse(jar, authorizeUrl(backend, { challenge: pkce().challenge }));
    assert.equal(res.status, 303);
    assert.equal(new URL(res.headers.get('location')).origin, SITE);
    assert.ok(new URL(res.headers.get('location')).searchParams.get('code'));
  });

  test('redirect URIs: each site origin’s callback "/" exactly; never another path or origin', async () => {
    await signIn(backend, { redirectUri: `${SITE}/` });
    await signIn(backend, { redirectUri: `${OTHER_SITE}/` });
    for (const redirectUri of [
      `${SITE}/diensten/afval.html`,
      'http://evil.example/',
      `${SITE}.evil.example/`,
      'http://localhost:8081/',
      `${SITE}/#fragment`,
    ]) {
      const res = await fetch(authorizeUrl(backend, { challenge: pkce().challenge, redirectUri }), {
        redirect: 'manual',
      });
      assert.equal(res.status, 400, redirectUri);
      assert.equal(res.headers.get('location'), null);
      assert.match(await res.text(), /redirect_uri/);
    }
  });

  test('PKCE is required, S256 only; a wrong verifier fails', async () => {
    const missing = await fetch(authorizeUrl(backend, { challenge: undefined }), { redirect: 'manual' });
    assert.equal(new URL(missing.headers.get('location')).searchParams.get('error'), 'invalid_request');
    const plain = await fetch(
      authorizeUrl(backend, { challenge: 'a'.repeat(43), extra: { code_challenge_method: 'plain' } }),
      { redirect: 'manual' },
    );
    assert.equal(new URL(plain.headers.get('location')).searchParams.get('error'), 'invalid_request');

    const { code, redirectUri } = await (async () => {
      // get a code, exchange it with the wrong verifier
      const jar = new CookieJar();
      const { challenge } = pkce();
      let res = await browse(jar, authorizeUrl(backend, { challenge }));
      const interaction = new URL(res.headers.get('location'), backend.issuer);
      await browse(jar, interaction);
      res = await browse(
        jar,
        new URL(`${interaction.pathname}/login`, backend.issuer),
        form({ username: 'anna', password: 'demo' }),
      );
      res = await browse(jar, new URL(res.headers.get('location'), backend.issuer));
      return { code: new URL(res.headers.get('location')).searchParams.get('code'), redirectUri: `${SITE}/` };
    })();
    const res = await tokenRequest(backend, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: pkce().verifier,
    });
    assert.equal(res.status, 400);
    assert.equal((await res.json()).error, 'invalid_grant');
  });

  test('the token endpoint refuses CORS for an unknown origin', async () => {
    const { tokens } = await signIn(backend);
    const res = await tokenRequest(
      backend,
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
      'http://evil.example',
    );
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
    assert.equal((await res.json()).error, 'invalid_request');
  });
});

describe('refresh tokens', () => {
  test('rotate on every use; the old one is rejected afterwards (and its reuse ends the grant)', async () => {
    const { tokens } = await signIn(backend);
    const first = await tokenRequest(backend, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    const rotated = await first.json();
    assert.equal(first.status, 200, JSON.stringify(rotated));
    assert.ok(rotated.refresh_token && rotated.refresh_token !== tokens.refresh_token, 'a new refresh token');
    assert.equal(decodeJwt(rotated.access_token).payload.aud, RESOURCE, 'no resource parameter needed on refresh');
    assert.equal((await api(backend, '/me', { token: rotated.access_token })).status, 200);

    const reuse = await tokenRequest(backend, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    assert.equal(reuse.status, 400);
    assert.equal((await reuse.json()).error, 'invalid_grant');
    // reuse of a rotated token is treated as theft: the whole grant, the newest refresh token included, is gone
    const after = await tokenRequest(backend, { grant_type: 'refresh_token', refresh_token: rotated.refresh_token });
    assert.equal((await after.json()).error, 'invalid_grant');
  });

  test('a chain of rotations works, sending the scope of the token response as oidc-client-ts does', async () => {
    let { tokens } = await signIn(backend, { username: 'bart' });
    assert.equal(tokens.scope, 'loket:profile');
    const issued = [tokens.refresh_token];
    for (let i = 0; i < 3; i += 1) {
      const res = await tokenRequest(backend, {
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
        scope: tokens.scope,
      });
      const next = await res.json();
      assert.equal(res.status, 200, JSON.stringify(next));
      assert.equal(decodeJwt(next.access_token).payload.scope, 'loket:profile');
      tokens = next;
      issued.push(next.refresh_token);
    }
    // each token lives the idle timeout (30 min by default; see session-timing.test.mjs for the absolute end)
    const chain = await Promise.all(issued.map((id) => backend.store.oidc.find('RefreshToken', id)));
    assert.ok(
      chain.every((t) => t && t.grantId === chain[0].grantId),
      'one grant',
    );
    assert.equal(chain.length, 4);
    assert.ok(
      chain.every((t) => Math.abs(t.exp - t.iat - 30 * 60) <= 1),
      JSON.stringify(chain.map((t) => t.exp - t.iat)),
    );
    assert.ok(
      chain.every((t) => t.iiat === chain[0].iiat),
      'the chain keeps its start (its absolute end)',
    );
    // offline_access is never granted without prompt=consent (refresh tokens are issued anyway): asking
    // for it on refresh is an error, so a client must not add it to the refresh request's scope
    const res = await tokenRequest(backend, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      scope: 'openid offline_access',
    });
    assert.equal((await res.json()).error, 'invalid_scope');
  });
});

describe('revocation and sign-out', () => {
  test('revoking the refresh token (as oidc-client-ts does) makes it unusable', async () => {
    const { tokens } = await signIn(backend);
    const res = await fetch(`${backend.issuer}/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: SITE },
      body: new URLSearchParams({
        token: tokens.refresh_token,
        token_type_hint: 'refresh_token',
        client_id: CLIENT_ID,
      }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), SITE);
    const refresh = await tokenRequest(backend, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    assert.equal((await refresh.json()).error, 'invalid_grant');
  });

  test('end_session with id_token_hint and post_logout_redirect_uri: a no-click page, then back to the site', async () => {
    const { tokens, jar } = await signIn(backend);
    const url = new URL('/session/end', backend.issuer);
    url.searchParams.set('id_token_hint', tokens.id_token);
    url.searchParams.set('post_logout_redirect_uri', `${SITE}/`);
    url.searchParams.set('state', 'bye');
    url.searchParams.set('ui_locales', 'en');
    const page = await browse(jar, url);
    assert.equal(page.status, 200);
    const html = await page.text();
    noInlineCode(html);
    assert.match(html, /<script src="\/static\/auto-submit.js" defer><\/script>/);
    assert.match(html, /Sign out/);
    assert.match(page.headers.get('content-security-policy'), /script-src 'self'/);
    const script = await fetch(`${backend.issuer}/static/auto-submit.js`);
    assert.match(script.headers.get('content-type'), /^text\/javascript/);
    assert.match(await script.text(), /form\.submit\(\)/);

    // what auto-submit.js does: post the provider's form with logout=yes
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)">/.exec(html)[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)[1];
    const confirm = await browse(jar, new URL(action, backend.issuer), form({ xsrf, logout: 'yes' }));
    assert.equal(confirm.status, 303);
    assert.equal(confirm.headers.get('location'), `${SITE}/?state=bye`);

    // the provider session is gone: a silent authorization needs a sign-in again
    const silent = await browse(jar, authorizeUrl(backend, { challenge: pkce().challenge, extra: { prompt: 'none' } }));
    assert.equal(new URL(silent.headers.get('location')).searchParams.get('error'), 'login_required');
    // and the refresh token died with the session
    const refresh = await tokenRequest(backend, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    assert.equal((await refresh.json()).error, 'invalid_grant');
  });

  test('a post_logout_redirect_uri on another origin is refused', async () => {
    const { tokens, jar } = await signIn(backend);
    const url = new URL('/session/end', backend.issuer);
    url.searchParams.set('id_token_hint', tokens.id_token);
    url.searchParams.set('post_logout_redirect_uri', 'http://evil.example/');
    const res = await browse(jar, url);
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.match(html, /post_logout_redirect_uri not registered/);
    noInlineCode(html);
  });
});
