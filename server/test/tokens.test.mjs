// Access token checks of the profile API: every bad token is 401 with WWW-Authenticate, never data.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { api, decodeJwt, loadOpenApi, RESOURCE, signIn, signWithBackendKey, startTestBackend } from './helpers.mjs';

const openapi = loadOpenApi();
let backend;
let good;

before(async () => {
  backend = await startTestBackend();
  good = (await signIn(backend)).tokens.access_token;
});
after(() => backend?.close());

async function expect401(headers, description) {
  const res = await fetch(`${backend.issuer}/api/me/summary`, { headers });
  assert.equal(res.status, 401, description);
  const www = res.headers.get('www-authenticate');
  assert.match(www, /^Bearer realm="loket", error="invalid_token"/, description);
  const problem = await openapi.check(res, { method: 'GET', path: '/me/summary' });
  assert.equal(problem.status, 401);
  assert.doesNotMatch(JSON.stringify(problem), /Anna|Peeters/);
  return { problem, www };
}

const claims = () => {
  const { payload } = decodeJwt(good);
  const now = Math.floor(Date.now() / 1000);
  return { ...payload, iat: now, exp: now + 300 };
};

describe('bearer token checks', () => {
  test('a real token works', async () => {
    assert.equal((await api(backend, '/me/summary', { token: good })).status, 200);
    // and the same claims signed again with the backend's key work too (the forging below is sound)
    assert.equal((await api(backend, '/me', { token: await signWithBackendKey(backend, claims()) })).status, 200);
  });

  test('missing and malformed', async () => {
    await expect401({}, 'no Authorization header');
    await expect401({ authorization: `Basic ${Buffer.from('anna:demo').toString('base64')}` }, 'another scheme');
    await expect401({ authorization: 'Bearer' }, 'empty bearer');
    await expect401({ authorization: 'Bearer not-a-jwt' }, 'not a JWT');
    await expect401({ authorization: `Bearer ${good.slice(0, -4)}AAAA` }, 'bad signature');
    await expect401({ authorization: `Bearer ${good} extra` }, 'trailing garbage');
  });

  test('wrong audience, issuer, typ, scope or subject', async () => {
    await expect401(
      { authorization: `Bearer ${await signWithBackendKey(backend, { ...claims(), aud: 'urn:something-else' })}` },
      'wrong audience',
    );
    await expect401(
      { authorization: `Bearer ${await signWithBackendKey(backend, { ...claims(), iss: 'http://localhost:1' })}` },
      'wrong issuer',
    );
    await expect401(
      { authorization: `Bearer ${await signWithBackendKey(backend, claims(), { typ: 'JWT' })}` },
      'wrong typ',
    );
    const { www } = await expect401(
      { authorization: `Bearer ${await signWithBackendKey(backend, { ...claims(), scope: 'openid profile' })}` },
      'missing scope',
    );
    assert.match(www, /loket:profile/);
    const noScope = claims();
    delete noScope.scope;
    await expect401({ authorization: `Bearer ${await signWithBackendKey(backend, noScope)}` }, 'no scope claim');
    await expect401(
      { authorization: `Bearer ${await signWithBackendKey(backend, { ...claims(), sub: 'someone-else' })}` },
      'unknown subject',
    );
    await expect401(
      {
        authorization: `Bearer ${await signWithBackendKey(backend, { ...claims(), nbf: Math.floor(Date.now() / 1000) + 3600 })}`,
      },
      'not yet valid',
    );
  });

  test('signed by another key, or not signed at all', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const own = decodeJwt(good).header;
    const forged = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: own.kid })
      .sign(privateKey);
    await expect401({ authorization: `Bearer ${forged}` }, 'another key, same kid');
    const jwk = await exportJWK(privateKey);
    assert.ok(jwk.d);
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.`;
    await expect401({ authorization: `Bearer ${unsigned}` }, 'alg none');
    const hs = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .sign(new TextEncoder().encode('x'.repeat(32)));
    await expect401({ authorization: `Bearer ${hs}` }, 'HS256');
  });

  test('expired: forged, and a real one from a backend with a 3 s access token lifetime', async () => {
    const now = Math.floor(Date.now() / 1000);
    const { problem } = await expect401(
      { authorization: `Bearer ${await signWithBackendKey(backend, { ...claims(), iat: now - 600, exp: now - 300 })}` },
      'expired',
    );
    assert.match(problem.detail, /expired/);

    // 3 s, not 1: iat is in whole seconds, so a 1 s token issued late in a second had expired before a loaded
    // machine could use it once
    const short = await startTestBackend({ accessTokenTtl: 3 });
    try {
      const { tokens } = await signIn(short, { username: 'bart' });
      assert.equal(tokens.expires_in, 3);
      const at = decodeJwt(tokens.access_token).payload;
      assert.equal(at.exp - at.iat, 3);
      assert.equal(at.aud, RESOURCE);
      // used while valid (the service keeps it as verified), then refused once expired all the same
      assert.equal((await api(short, '/me', { token: tokens.access_token })).status, 200);
      // valid until exp; wait until the clock has passed it
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, (at.exp + 1) * 1000 - Date.now()) + 50));
      const res = await api(short, '/me', { token: tokens.access_token });
      assert.equal(res.status, 401);
      assert.match(res.headers.get('www-authenticate'), /error="invalid_token"/);
      assert.match((await res.json()).detail, /expired/);
    } finally {
      await short.close();
    }
  });

  test('a bad bearer token is not rescued by a host-mode cookie', async () => {
    const res = await fetch(`${backend.issuer}/api/me`, {
      headers: { authorization: 'Bearer nope', cookie: 'loket_host_session=whatever' },
    });
    assert.equal(res.status, 401);
    const cookieOnly = await fetch(`${backend.issuer}/api/me`, { headers: { cookie: 'loket_host_session=whatever' } });
    assert.equal(cookieOnly.status, 401);
    await openapi.check(cookieOnly, { method: 'GET', path: '/me' });
  });
});
