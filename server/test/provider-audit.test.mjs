// The provider's own events in the audit log (issue 13), through the HTTP flow: the code exchange, renewal
// (refresh_token grant) and its refusal, revocation, sign-out (end-session) and an identity switch, each with the
// client address (behind a trusted proxy: the forwarded one) and the request id of the answer.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_PARTIES, DEMO_USERS } from '../dist/index.js';
import {
  auditRows,
  browse,
  CLIENT_ID,
  CookieJar,
  form,
  lastAuditId,
  signIn,
  SITE,
  startTestBackend,
  tokenRequest,
} from './helpers.mjs';

const ANNA = DEMO_USERS.find((u) => u.username === 'anna');
const JAN = DEMO_USERS.find((u) => u.username === 'jan');
const [LOTTE] = DEMO_PARTIES;
const CITIZEN = '203.0.113.50';
/** what a TLS proxy in front adds; the service trusts it from 127.0.0.1 (LOKET_TRUST_PROXY) */
const viaProxy = { 'x-forwarded-for': CITIZEN };

let backend;
before(async () => {
  backend = await startTestBackend({ trustProxy: ['127.0.0.1', '::1', '::ffff:127.0.0.1'] });
});
after(() => backend?.close());

/** Audit rows added while `action` runs. */
async function audited(action) {
  const from = await lastAuditId(backend);
  const result = await action();
  return { result, rows: await auditRows(backend, from) };
}

const refresh = (refreshToken) =>
  fetch(new URL('/token', backend.issuer), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: SITE, ...viaProxy },
    body: new URLSearchParams({ client_id: CLIENT_ID, grant_type: 'refresh_token', refresh_token: refreshToken }),
  });

describe("the provider's events", () => {
  test('sign-in and the code exchange: the citizen, the address, ok', async () => {
    const { rows } = await audited(() => signIn(backend, { username: 'anna' }));
    const signInRow = rows.find((r) => r.operation === 'sign-in');
    assert.equal(signInRow.subject, ANNA.id);
    assert.equal(signInRow.outcome, 'ok');
    const exchange = rows.find((r) => r.operation === 'code-exchange');
    assert.ok(exchange, JSON.stringify(rows.map((r) => r.operation)));
    assert.deepEqual([exchange.subject, exchange.resource, exchange.outcome], [ANNA.id, '/token', 'ok']);
    assert.match(exchange.clientIp, /127\.0\.0\.1|::1/);
    assert.ok(exchange.requestId);
  });

  test('renewal: a row per refresh with the forwarded address and the answer’s request id; a refused one is denied', async () => {
    const { tokens } = await signIn(backend, { username: 'anna' });
    const { result: response, rows } = await audited(() => refresh(tokens.refresh_token));
    const renewed = await response.json();
    assert.equal(response.status, 200, JSON.stringify(renewed));
    assert.equal(rows.length, 1, JSON.stringify(rows));
    assert.deepEqual(
      [rows[0].operation, rows[0].subject, rows[0].onBehalfOf, rows[0].outcome, rows[0].clientIp],
      ['renewal', ANNA.id, null, 'ok', CITIZEN],
    );
    assert.equal(rows[0].requestId, response.headers.get('x-request-id'));

    // the used refresh token again (rotation): refused, and written down
    const { result: reused, rows: refused } = await audited(() => refresh(tokens.refresh_token));
    assert.equal(reused.status, 400);
    assert.equal((await reused.json()).error, 'invalid_grant');
    assert.equal(refused.length, 1);
    assert.deepEqual([refused[0].operation, refused[0].outcome, refused[0].clientIp], ['renewal', 'denied', CITIZEN]);
    assert.equal(refused[0].requestId, reused.headers.get('x-request-id'));
  });

  test('revocation of the refresh token: the citizen, ok', async () => {
    const { tokens } = await signIn(backend, { username: 'anna' });
    const { result: response, rows } = await audited(() =>
      fetch(`${backend.issuer}/token/revocation`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: SITE, ...viaProxy },
        body: new URLSearchParams({
          token: tokens.refresh_token,
          token_type_hint: 'refresh_token',
          client_id: CLIENT_ID,
        }),
      }),
    );
    assert.equal(response.status, 200);
    const row = rows.find((r) => r.operation === 'revocation');
    assert.ok(row, JSON.stringify(rows));
    assert.deepEqual(
      [row.subject, row.resource, row.outcome, row.clientIp, row.requestId],
      [ANNA.id, '/token/revocation', 'ok', CITIZEN, response.headers.get('x-request-id')],
    );
  });

  test('sign-out (end-session confirmed): the citizen, ok', async () => {
    const { tokens, jar } = await signIn(backend, { username: 'anna' });
    const url = new URL('/session/end', backend.issuer);
    url.searchParams.set('id_token_hint', tokens.id_token);
    url.searchParams.set('post_logout_redirect_uri', `${SITE}/`);
    const html = await (await browse(jar, url)).text();
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)">/.exec(html)[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)[1];
    const { result: confirm, rows } = await audited(() =>
      browse(jar, new URL(action, backend.issuer), {
        ...form({ xsrf, logout: 'yes' }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...viaProxy },
      }),
    );
    assert.equal(confirm.status, 303);
    const row = rows.find((r) => r.operation === 'sign-out');
    assert.ok(row, JSON.stringify(rows));
    assert.deepEqual(
      [row.subject, row.outcome, row.clientIp, row.requestId],
      [ANNA.id, 'ok', CITIZEN, confirm.headers.get('x-request-id')],
    );
    // a forged confirmation (wrong xsrf) changes nothing and is written down as refused
    const { tokens: again, jar: jar2 } = await signIn(backend, { username: 'anna' });
    assert.ok(again);
    const { result: forged, rows: refused } = await audited(() =>
      browse(jar2, new URL(action, backend.issuer), form({ xsrf: 'forged', logout: 'yes' })),
    );
    assert.equal(forged.status, 400);
    assert.deepEqual(
      refused.filter((r) => r.operation === 'sign-out').map((r) => [r.subject, r.outcome]),
      [[ANNA.id, 'invalid']],
    );
  });

  test('identity switch: jan signs in again for his daughter; the old grant ends', async () => {
    const first = await signIn(backend, { username: 'jan' });
    const { result: second, rows } = await audited(() =>
      signIn(backend, { username: 'jan', jar: first.jar, authorizeExtra: { login_hint: LOTTE.loginHint } }),
    );
    assert.ok(second.tokens.access_token);
    const row = rows.find((r) => r.operation === 'identity-switch');
    assert.ok(row, JSON.stringify(rows.map((r) => r.operation)));
    assert.deepEqual([row.subject, row.onBehalfOf, row.outcome], [JAN.id, LOTTE.id, 'ok']);
    assert.match(row.clientIp, /127\.0\.0\.1|::1/);
    // the previous identity's refresh token ended with its grant
    const old = await tokenRequest(backend, { grant_type: 'refresh_token', refresh_token: first.tokens.refresh_token });
    assert.equal((await old.json()).error, 'invalid_grant');
  });

  test('host mode: signing in again for another identity writes an identity-switch row', async () => {
    const jar = new CookieJar();
    const login = async (extra = {}) => {
      const page = await (await browse(jar, `${backend.issuer}/host/login`)).text();
      const csrf = /name="csrf" value="([^"]+)"/.exec(page)[1];
      const res = await browse(
        jar,
        `${backend.issuer}/host/login`,
        form({ username: 'jan', password: 'demo', csrf, return: `${SITE}/`, ...extra }),
      );
      assert.equal(res.status, 303);
    };
    const { rows: first } = await audited(() => login());
    assert.equal(first.filter((r) => r.operation === 'identity-switch').length, 0, 'a first sign-in is no switch');
    const { rows } = await audited(() => login({ login_hint: LOTTE.loginHint }));
    const row = rows.find((r) => r.operation === 'identity-switch');
    assert.ok(row, JSON.stringify(rows.map((r) => r.operation)));
    assert.deepEqual([row.subject, row.onBehalfOf, row.resource, row.outcome], [JAN.id, LOTTE.id, '/host/login', 'ok']);
  });
});
