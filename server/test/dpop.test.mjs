// DPoP (RFC 9449, issue 13): the browser client's tokens are bound to its key, and the profile API takes a bound
// token only with a fresh, single-use proof of that key for the very request. Every refusal is a 401 with a
// DPoP challenge and a problem+json body, never data.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  api,
  decodeJwt,
  DpopKey,
  loadOpenApi,
  signIn,
  signWithBackendKey,
  startTestBackend,
  tokenRequest,
} from './helpers.mjs';

const openapi = loadOpenApi();
const ALGS = 'ES256 Ed25519 EdDSA';
let backend;
/** anna's tokens, bound to `key` */
let tokens;
let key;

before(async () => {
  // as the service runs by default: loket-demo gets tokens only with a proof
  backend = await startTestBackend({ requireDpop: true });
  key = await DpopKey.generate();
  ({ tokens } = await signIn(backend, { dpop: key }));
});
after(() => backend?.close());

const summaryUrl = () => new URL('/api/me/summary', backend.issuer);

/** GET /api/me/summary with these headers: a 401 with the DPoP challenge `error`, checked against the contract. */
async function expectRefused(headers, error, description) {
  const res = await fetch(summaryUrl(), { headers });
  assert.equal(res.status, 401, description);
  const www = res.headers.get('www-authenticate');
  assert.match(www, new RegExp(`^DPoP algs="${ALGS}", error="${error}", error_description="[^"]+"$`), description);
  const problem = await openapi.check(res, { method: 'GET', path: '/me/summary' });
  assert.equal(problem.status, 401);
  assert.equal(problem.type, 'urn:loket:problem:unauthorized');
  assert.doesNotMatch(JSON.stringify(problem), /Anna|Peeters/);
  return problem;
}

/** DPoP headers with a proof that `change` spoils (claims, header, or the key that signs). */
async function spoiled({ claims = {}, header = {}, signer = key, token = tokens.access_token, url = summaryUrl() }) {
  return {
    authorization: `DPoP ${token}`,
    dpop: await signer.proof('GET', url, { accessToken: token, claims, header }),
  };
}

describe('the provider binds the browser client tokens to its DPoP key', () => {
  test('the access token names the key (cnf.jkt), token_type DPoP', () => {
    assert.equal(tokens.token_type, 'DPoP');
    const { payload } = decodeJwt(tokens.access_token);
    assert.deepEqual(payload.cnf, { jkt: key.thumbprint });
  });

  test('a token request without a proof gets no tokens', async () => {
    await assert.rejects(signIn(backend), /"error":"invalid_grant"/);
  });

  test('the refresh token works with the same key only; the new tokens stay bound', async () => {
    const { tokens: own } = await signIn(backend, { dpop: key });
    const other = await DpopKey.generate();
    const refresh = (dpop) =>
      tokenRequest(backend, { grant_type: 'refresh_token', refresh_token: own.refresh_token }, undefined, dpop);
    for (const [dpop, what] of [
      [undefined, 'no proof'],
      [other, 'a proof of another key'],
    ]) {
      const res = await refresh(dpop);
      assert.equal(res.status, 400, what);
      assert.equal((await res.json()).error, 'invalid_grant', what);
    }
    const res = await refresh(key);
    const renewed = await res.json();
    assert.equal(res.status, 200, JSON.stringify(renewed));
    assert.deepEqual(decodeJwt(renewed.access_token).payload.cnf, { jkt: key.thumbprint });
    assert.equal((await api(backend, '/me/summary', { token: renewed.access_token, dpop: key })).status, 200);
  });
});

describe('the profile API checks the proof', () => {
  test('a bound token with a proof of its key works, for GET and POST; the query is not part of htu', async () => {
    assert.equal((await api(backend, '/me/summary', { token: tokens.access_token, dpop: key })).status, 200);
    assert.equal((await api(backend, '/me/messages?ignored=1', { token: tokens.access_token, dpop: key })).status, 200);
    const { items } = await (await api(backend, '/me/messages', { token: tokens.access_token, dpop: key })).json();
    const read = await api(backend, `/me/messages/${items[0].id}/read`, {
      method: 'POST',
      token: tokens.access_token,
      dpop: key,
    });
    assert.equal(read.status, 200);
    // the benchmark's synchronous proofs (test/bench) are proofs like any other
    const url = summaryUrl();
    assert.equal((await fetch(url, { headers: key.headersSync('GET', url, tokens.access_token) })).status, 200);
  });

  test('wrong htm', async () => {
    await expectRefused(await spoiled({ claims: { htm: 'POST' } }), 'invalid_dpop_proof', 'a proof for POST');
  });

  test('wrong htu: another path, another origin, not a URL', async () => {
    const otherPath = await spoiled({ url: new URL('/api/me/messages', backend.issuer) });
    await expectRefused(otherPath, 'invalid_dpop_proof', 'another path');
    const otherOrigin = await spoiled({ url: new URL('/api/me/summary', 'http://evil.example') });
    await expectRefused(otherOrigin, 'invalid_dpop_proof', 'another origin');
    await expectRefused(await spoiled({ claims: { htu: 'not a url' } }), 'invalid_dpop_proof', 'no URL');
  });

  test('stale or future iat', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await spoiled({ claims: { iat: now - 300 } }), 'invalid_dpop_proof', 'five minutes old');
    await expectRefused(await spoiled({ claims: { iat: now + 300 } }), 'invalid_dpop_proof', 'five minutes ahead');
  });

  test('wrong or missing ath', async () => {
    const ath = createHash('sha256').update('another token').digest('base64url');
    await expectRefused(await spoiled({ claims: { ath } }), 'invalid_dpop_proof', 'the hash of another token');
    await expectRefused(await spoiled({ claims: { ath: undefined } }), 'invalid_dpop_proof', 'no ath');
  });

  test('a proof of another key (the token stolen, the thief signs with a key of their own)', async () => {
    const thief = await DpopKey.generate();
    const problem = await expectRefused(await spoiled({ signer: thief }), 'invalid_dpop_proof', 'another key');
    assert.match(problem.detail, /another key/);
  });

  test('a replayed proof (same jti) is refused, the first use only is accepted', async () => {
    const headers = await spoiled({});
    assert.equal((await fetch(summaryUrl(), { headers })).status, 200, 'first use');
    const problem = await expectRefused(headers, 'invalid_dpop_proof', 'the same proof again');
    assert.match(problem.detail, /used before/);
    // a new proof with the jti of the used one is a replay too
    const { payload } = decodeJwt(headers.dpop);
    await expectRefused(await spoiled({ claims: { jti: payload.jti } }), 'invalid_dpop_proof', 'the same jti');
  });

  test('a bound token sent as a bearer token is refused', async () => {
    const problem = await expectRefused(
      { authorization: `Bearer ${tokens.access_token}` },
      'invalid_token',
      'bound token as Bearer',
    );
    assert.match(problem.detail, /bound to a DPoP key/);
    // with a valid proof beside it too: the scheme says how the token is used
    const headers = await spoiled({});
    await expectRefused(
      { ...headers, authorization: `Bearer ${tokens.access_token}` },
      'invalid_token',
      'Bearer + proof',
    );
  });

  test('no proof, two proofs, a proof that is not a dpop+jwt, or one carrying its private key', async () => {
    await expectRefused({ authorization: `DPoP ${tokens.access_token}` }, 'invalid_dpop_proof', 'no proof');
    const one = await spoiled({});
    const two = await spoiled({});
    await expectRefused(
      { authorization: one.authorization, dpop: `${one.dpop}, ${two.dpop}` },
      'invalid_dpop_proof',
      'two proofs',
    );
    await expectRefused(await spoiled({ header: { typ: 'JWT' } }), 'invalid_dpop_proof', 'typ JWT');
    const privateJwk = { ...key.publicJwk, d: 'AAAA' };
    await expectRefused(await spoiled({ header: { jwk: privateJwk } }), 'invalid_dpop_proof', 'a private key');
  });

  test('a proof signed with a symmetric algorithm', async () => {
    const { SignJWT } = await import('jose');
    const secret = new Uint8Array(32).fill(7);
    const proof = await new SignJWT({
      jti: 'hs',
      htm: 'GET',
      htu: summaryUrl().href,
      iat: Math.floor(Date.now() / 1000),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'dpop+jwt', jwk: { kty: 'oct', k: 'BwcH' } })
      .sign(secret);
    await expectRefused({ authorization: `DPoP ${tokens.access_token}`, dpop: proof }, 'invalid_dpop_proof', 'HS256');
  });

  test('an unbound token in the DPoP scheme, and a bad token with a good proof', async () => {
    const { payload } = decodeJwt(tokens.access_token);
    const now = Math.floor(Date.now() / 1000);
    const unbound = await signWithBackendKey(backend, { ...payload, cnf: undefined, iat: now, exp: now + 300 });
    assert.equal((await api(backend, '/me/summary', { token: unbound })).status, 200, 'an unbound token as Bearer');
    const problem = await expectRefused(await spoiled({ token: unbound }), 'invalid_token', 'unbound token as DPoP');
    assert.match(problem.detail, /not bound/);
    const forged = `${tokens.access_token.slice(0, -4)}AAAA`;
    await expectRefused(await spoiled({ token: forged }), 'invalid_token', 'bad signature');
  });

  test('the event stream: opened with a proof, refused as Bearer', async () => {
    const url = new URL('/api/me/events', backend.issuer);
    const controller = new AbortController();
    const stream = await fetch(url, {
      headers: await key.headers('GET', url, tokens.access_token),
      signal: controller.signal,
    });
    assert.equal(stream.status, 200);
    assert.match(stream.headers.get('content-type'), /^text\/event-stream/);
    controller.abort();
    const refused = await fetch(url, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    assert.equal(refused.status, 401);
    assert.match(refused.headers.get('www-authenticate'), /^DPoP .*error="invalid_token"/);
    await refused.body?.cancel();
  });

  test('CORS: a site may send the DPoP header', async () => {
    const res = await fetch(summaryUrl(), {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:8080',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization, dpop',
      },
    });
    assert.equal(res.status, 204);
    assert.match(res.headers.get('access-control-allow-headers'), /\bdpop\b/);
  });
});
