// HTTP helpers of the service tests, with no import of the service itself (the benchmark uses them against a
// running service): a cookie jar for plain-HTTP browser flows, the OIDC code + PKCE flow, token requests.

import assert from 'node:assert/strict';
import { createHash, KeyObject, randomBytes, randomUUID, sign } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from 'jose';

export const SITE = 'http://localhost:8080';
export const OTHER_SITE = 'http://localhost:3000';
export const CLIENT_ID = 'loket-demo';
export const SCOPE = 'openid profile offline_access loket:profile';
export const RESOURCE = 'urn:loket:profile-api';

/** A minimal cookie jar: name -> value (the backend's cookies are all host-only). */
export class CookieJar {
  cookies = new Map();

  store(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      const maxAge = attributes.find((a) => /^max-age=/i.test(a));
      const expires = attributes.find((a) => /^expires=/i.test(a));
      const expired =
        (maxAge && Number(maxAge.split('=')[1]) <= 0) || (expires && new Date(expires.slice(8)) < new Date());
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(name) {
    return this.cookies.get(name);
  }
}

/** fetch without following redirects, sending and storing cookies. */
export async function browse(jar, url, init = {}) {
  const headers = new Headers(init.headers);
  if (jar.cookies.size) headers.set('cookie', jar.header());
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  jar.store(response);
  return response;
}

export const form = (fields) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

/**
 * A DPoP key as the header's browser holds one (RFC 9449): proofs for token requests and API calls. `claims`
 * and `header` override what a proof says (for the tests that send a wrong one).
 */
export class DpopKey {
  static async generate(alg = 'ES256') {
    const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
    const jwk = await exportJWK(publicKey);
    return new DpopKey(alg, privateKey, jwk, await calculateJwkThumbprint(jwk));
  }

  constructor(alg, privateKey, publicJwk, thumbprint) {
    this.alg = alg;
    this.privateKey = privateKey;
    this.publicJwk = publicJwk;
    /** what a token bound to this key names in `cnf.jkt` */
    this.thumbprint = thumbprint;
  }

  proof(method, url, { accessToken, claims = {}, header = {} } = {}) {
    const htu = new URL(url);
    htu.search = '';
    htu.hash = '';
    return new SignJWT({
      jti: randomUUID(),
      htm: method,
      htu: htu.href,
      iat: Math.floor(Date.now() / 1000),
      ...(accessToken ? { ath: createHash('sha256').update(accessToken).digest('base64url') } : {}),
      ...claims,
    })
      .setProtectedHeader({ alg: this.alg, typ: 'dpop+jwt', jwk: this.publicJwk, ...header })
      .sign(this.privateKey);
  }

  /** `Authorization: DPoP <token>` and a proof for this request */
  async headers(method, url, accessToken) {
    return { authorization: `DPoP ${accessToken}`, dpop: await this.proof(method, url, { accessToken }) };
  }

  /**
   * The same, synchronously (an ES256 key only): for a load generator that sets each request up in a synchronous
   * callback (the benchmark's autocannon), a fresh proof per request as the header makes one.
   */
  headersSync(method, url, accessToken) {
    if (this.alg !== 'ES256') throw new Error('headersSync signs with ES256 keys only');
    this.keyObject ??= KeyObject.from(this.privateKey);
    const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const htu = new URL(url);
    htu.search = '';
    htu.hash = '';
    const input = `${part({ alg: 'ES256', typ: 'dpop+jwt', jwk: this.publicJwk })}.${part({
      jti: randomUUID(),
      htm: method,
      htu: htu.href,
      iat: Math.floor(Date.now() / 1000),
      ath: createHash('sha256').update(accessToken).digest('base64url'),
    })}`;
    const signature = sign('sha256', Buffer.from(input), { key: this.keyObject, dsaEncoding: 'ieee-p1363' });
    return { authorization: `DPoP ${accessToken}`, dpop: `${input}.${signature.toString('base64url')}` };
  }
}

export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(
  backend,
  { challenge, state = randomBytes(8).toString('hex'), redirectUri = `${SITE}/`, uiLocales, scope = SCOPE, extra = {} },
) {
  const url = new URL('/auth', backend.issuer);
  const params = {
    client_id: CLIENT_ID,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(uiLocales ? { ui_locales: uiLocales } : {}),
    ...extra,
  };
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  return url;
}

/**
 * The whole authorization code + PKCE flow over plain HTTP, as a browser would do it. Returns the token
 * response, the jar (with the provider's session cookie) and what happened on the way.
 */
export async function signIn(
  backend,
  {
    username = 'anna',
    password = 'demo',
    uiLocales,
    redirectUri = `${SITE}/`,
    jar = new CookieJar(),
    authorizeExtra = {},
    tokenExtra = {},
    /** a DpopKey: the tokens are bound to it (as the header's are) */
    dpop,
  } = {},
) {
  const { verifier, challenge } = pkce();
  const state = randomBytes(8).toString('hex');
  let response = await browse(
    jar,
    authorizeUrl(backend, { challenge, state, redirectUri, uiLocales, extra: authorizeExtra }),
  );
  assert.equal(response.status, 303, 'authorization redirects to the sign-in page');
  const interaction = new URL(response.headers.get('location'), backend.issuer);
  assert.match(interaction.pathname, /^\/interaction\/[\w-]+$/);

  response = await browse(jar, interaction);
  assert.equal(response.status, 200);
  const loginPage = await response.text();

  response = await browse(jar, new URL(`${interaction.pathname}/login`, backend.issuer), form({ username, password }));
  if (response.status !== 303) {
    return { failed: true, status: response.status, html: await response.text(), loginPage, jar };
  }
  response = await browse(jar, new URL(response.headers.get('location'), backend.issuer));
  assert.equal(response.status, 303, 'resuming the authorization redirects to the site');
  const callback = new URL(response.headers.get('location'));
  assert.equal(`${callback.origin}${callback.pathname}`, redirectUri);
  assert.equal(callback.searchParams.get('state'), state);
  assert.equal(callback.searchParams.get('iss'), backend.issuer);
  const code = callback.searchParams.get('code');
  assert.ok(code, 'the callback carries a code');

  const tokenUrl = new URL('/token', backend.issuer);
  response = await fetch(tokenUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: new URL(redirectUri).origin,
      ...(dpop ? { dpop: await dpop.proof('POST', tokenUrl) } : {}),
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: CLIENT_ID,
      code_verifier: verifier,
      ...tokenExtra,
    }),
  });
  const tokens = await response.json();
  assert.equal(response.status, 200, JSON.stringify(tokens));
  return { tokens, jar, loginPage, tokenResponse: response, code, verifier, redirectUri };
}

/** A token request of loket-demo; `dpop`: a DpopKey whose proof goes along. */
export async function tokenRequest(backend, fields, origin = SITE, dpop = undefined) {
  const url = new URL('/token', backend.issuer);
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin,
      ...(dpop ? { dpop: await dpop.proof('POST', url) } : {}),
    },
    body: new URLSearchParams({ client_id: CLIENT_ID, ...fields }),
  });
}

export function decodeJwt(jwt) {
  const [header, payload] = jwt
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
  return { header, payload };
}

export const bearer = (token) => ({ authorization: `Bearer ${token}` });

/** A profile API request; `dpop`: a DpopKey (the token is bound to it): `Authorization: DPoP` and a proof. */
export async function api(backend, pathname, { token, dpop, headers = {}, ...init } = {}) {
  const url = new URL(`/api${pathname}`, backend.issuer);
  const credentials = token ? (dpop ? await dpop.headers(init.method ?? 'GET', url, token) : bearer(token)) : {};
  return fetch(url, { ...init, headers: { ...credentials, ...headers } });
}
