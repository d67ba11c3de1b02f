// HTTP helpers of the service tests, with no import of the service itself (the benchmark uses them against a
// running service): a cookie jar for plain-HTTP browser flows, the OIDC code + PKCE flow, token requests.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';

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

  response = await fetch(new URL('/token', backend.issuer), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(redirectUri).origin },
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

export function tokenRequest(backend, fields, origin = SITE) {
  return fetch(new URL('/token', backend.issuer), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
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

export function api(backend, pathname, { token, headers = {}, ...init } = {}) {
  return fetch(new URL(`/api${pathname}`, backend.issuer), {
    ...init,
    headers: { ...(token ? bearer(token) : {}), ...headers },
  });
}
