// Helpers of the publish API's tests: a client's token (private_key_jwt, client_credentials), calls with an
// Idempotency-Key, multipart bodies, the citizen's host-mode sign-in and the letter page's acknowledgement.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import { browse, CookieJar, form, ROOT, SITE } from './helpers.mjs';

export const DEMO_KEY = JSON.parse(
  readFileSync(path.join(ROOT, 'demo', 'clients', 'demo-eloket.private.jwk.json'), 'utf8'),
);
export const ALL_SCOPES = 'publish:dossiers publish:messages publish:documents publish:letters read:preferences';
export const NRN = { anna: '85073003328', bart: '79021412561', chloe: '92051124633', jan: '75031907776' };

export async function clientAssertion(
  backend,
  { clientId = 'demo-eloket', jwk = DEMO_KEY, aud = backend.issuer, exp = '2m', jti = randomUUID(), iat } = {},
) {
  const key = await importJWK(jwk, 'ES256');
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', ...(jwk.kid ? { kid: jwk.kid } : {}) })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(aud)
    .setJti(jti)
    .setExpirationTime(exp);
  if (iat !== undefined) jwt.setIssuedAt(iat);
  else jwt.setIssuedAt();
  return jwt.sign(key);
}

export async function tokenResponse(backend, { scope = ALL_SCOPES, assertion, resource, ...options } = {}) {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion ?? (await clientAssertion(backend, options)),
    scope,
    ...(resource ? { resource } : {}),
  });
  const res = await fetch(`${backend.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  return { status: res.status, body: await res.json() };
}

export async function clientToken(backend, options = {}) {
  const { status, body } = await tokenResponse(backend, options);
  assert.equal(status, 200, JSON.stringify(body));
  return body.access_token;
}

export async function newClientKey() {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = randomUUID();
  return { privateJwk: { ...(await exportJWK(privateKey)), kid }, publicJwk: { ...(await exportJWK(publicKey)), kid } };
}

/** A call of the publish API; `key`: the Idempotency-Key (default: a new one; null: none). */
export async function call(backend, token, method, pathname, { json, body, key = randomUUID(), headers = {} } = {}) {
  const res = await fetch(`${backend.issuer}/api/publish${pathname}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(key ? { 'idempotency-key': key } : {}),
      ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(json !== undefined ? { body: JSON.stringify(json) } : body !== undefined ? { body } : {}),
  });
  const text = await res.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

export function multipart(metadata, pdf, fileName = 'document.pdf') {
  const data = new FormData();
  data.append('metadata', typeof metadata === 'string' ? metadata : JSON.stringify(metadata));
  if (pdf) data.append('file', new Blob([pdf], { type: 'application/pdf' }), fileName);
  return data;
}

export async function hostLogin(backend, username) {
  const jar = new CookieJar();
  const page = await (await browse(jar, `${backend.issuer}/host/login`)).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)[1];
  const res = await browse(
    jar,
    `${backend.issuer}/host/login`,
    form({ username, password: 'demo', csrf, return: `${SITE}/` }),
  );
  assert.equal(res.status, 303);
  return jar;
}

/** Opens the letter's page and presses "Ontvangst bevestigen" (its form, with its CSRF token). */
export async function acknowledgeOnPage(backend, jar, letterId) {
  const page = await (await browse(jar, `${backend.issuer}/berichten/${letterId}`)).text();
  assert.match(page, /Ontvangst bevestigen|Acknowledge receipt/);
  const csrf = /action="\/berichten\/[^"]+\/ontvangst"><input type="hidden" name="csrf" value="([^"]+)"/.exec(
    page,
  )?.[1];
  assert.ok(csrf, 'the letter page has the acknowledgement form');
  const res = await browse(jar, `${backend.issuer}/berichten/${letterId}/ontvangst`, form({ csrf, lang: 'nl' }));
  assert.equal(res.status, 303);
  return res;
}
