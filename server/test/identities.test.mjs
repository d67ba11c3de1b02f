// Identities ("acting as"): jan may act for himself, his daughter and his bakery. A login hint signs in again
// and picks the identity; the ID token says whom he acts for and lists his identities; the profile API, the
// pages and the audit log follow the identity; a hint that is not his grants nothing.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_PARTIES, DEMO_USERS } from '../dist/index.js';
import {
  api,
  auditRows,
  authorizeUrl,
  browse,
  lastAuditId,
  CookieJar,
  decodeJwt,
  form,
  loadOpenApi,
  pkce,
  signIn,
  signWithBackendKey,
  SITE,
  startTestBackend,
  tokenRequest,
} from './helpers.mjs';

let backend;
let openapi;
before(async () => {
  backend = await startTestBackend();
  openapi = loadOpenApi();
});
after(() => backend?.close());

const JAN = DEMO_USERS.find((u) => u.username === 'jan');
const [LOTTE, BAKERY] = DEMO_PARTIES;
const bakeryParty = { kind: 'company', name: 'Bakkerij Peeters BV', identifier: 'BE0765432146' };
const expectedIdentities = [
  { login_hint: 'self' },
  { login_hint: LOTTE.loginHint, on_behalf_of: { kind: 'person', name: 'Lotte Peeters' } },
  { login_hint: BAKERY.loginHint, on_behalf_of: bakeryParty },
];

/** Audit rows added while `action` runs. */
async function audited(action) {
  const before = await lastAuditId(backend);
  const result = await action();
  return { result, rows: await auditRows(backend, before) };
}

async function getJson(path, token, where) {
  const res = await api(backend, path, { token });
  return openapi.check(res, where ?? { method: 'GET', path });
}

describe('signing in for oneself', () => {
  test('the ID token lists the identities and names nobody acted for; /me says the same and fits the contract', async () => {
    const { tokens } = await signIn(backend, { username: 'jan' });
    const id = decodeJwt(tokens.id_token).payload;
    assert.equal(id.sub, JAN.id);
    assert.equal(id.on_behalf_of, undefined);
    assert.deepEqual(id.identities, expectedIdentities);
    assert.equal(decodeJwt(tokens.access_token).payload.acting_for, undefined);

    const me = await getJson('/me', tokens.access_token);
    assert.deepEqual(me, {
      id: JAN.id,
      givenName: 'Jan',
      familyName: 'Peeters',
      language: 'nl',
      identities: [
        { loginHint: 'self' },
        { loginHint: LOTTE.loginHint, onBehalfOf: { kind: 'person', name: 'Lotte Peeters' } },
        { loginHint: BAKERY.loginHint, onBehalfOf: bakeryParty },
      ],
    });
    const summary = await getJson('/me/summary', tokens.access_token);
    assert.deepEqual(
      summary.latest.map((i) => i.title),
      ['Je nieuwe identiteitskaart ligt klaar'],
    );
  });

  test('a citizen without mandates gets neither claim, and /me neither field', async () => {
    const { tokens } = await signIn(backend, { username: 'bart' });
    const id = decodeJwt(tokens.id_token).payload;
    assert.equal(id.identities, undefined);
    assert.equal(id.on_behalf_of, undefined);
    const me = await getJson('/me', tokens.access_token);
    assert.deepEqual(Object.keys(me).sort(), ['familyName', 'givenName', 'id']);
  });
});

describe('switching to the company', () => {
  test('a login hint within a session asks for the password again (without prompt=login too)', async () => {
    const { jar } = await signIn(backend, { username: 'jan' });
    const res = await browse(
      jar,
      authorizeUrl(backend, { challenge: pkce().challenge, extra: { login_hint: BAKERY.loginHint } }),
    );
    assert.equal(res.status, 303);
    const next = new URL(res.headers.get('location'), backend.issuer);
    assert.match(next.pathname, /^\/interaction\//, 'no code without signing in again');
    const page = await (await browse(jar, next)).text();
    assert.match(page, /Meld je opnieuw aan om van identiteit te wisselen\./);
    assert.doesNotMatch(page, /Bakkerij/, 'the party is not named before the citizen is authenticated');
  });

  test('tokens, /me, the summary, the data, the pages and the audit log all act for the company', async () => {
    const first = await signIn(backend, { username: 'jan' });
    const { result: switched, rows: signInRows } = await audited(() =>
      signIn(backend, {
        username: 'jan',
        jar: first.jar,
        authorizeExtra: { login_hint: BAKERY.loginHint, prompt: 'login' },
      }),
    );
    const { tokens } = switched;
    const id = decodeJwt(tokens.id_token).payload;
    assert.deepEqual(id.on_behalf_of, bakeryParty);
    assert.deepEqual(id.identities, expectedIdentities);
    const at = decodeJwt(tokens.access_token).payload;
    assert.equal(at.sub, JAN.id, 'the subject stays the citizen');
    assert.equal(at.acting_for, BAKERY.id, 'the API learns the party by its opaque id');
    assert.doesNotMatch(JSON.stringify(at), /Bakkerij|BE0765432146/, 'no party name or number in the access token');
    const signInRow = signInRows.find((r) => r.operation === 'sign-in');
    assert.deepEqual([signInRow.subject, signInRow.onBehalfOf, signInRow.outcome], [JAN.id, BAKERY.id, 'ok']);

    const { result: me, rows } = await audited(() => getJson('/me', tokens.access_token));
    assert.deepEqual(me.onBehalfOf, bakeryParty);
    assert.equal(me.identities.length, 3);
    assert.deepEqual(
      rows.map((r) => [r.subject, r.onBehalfOf, r.resource, r.outcome]),
      [[JAN.id, BAKERY.id, '/api/me', 'ok']],
    );

    const summary = await getJson('/me/summary', tokens.access_token);
    assert.deepEqual(summary.unread, { messages: 2, dossiers: 1, documents: 1 });
    assert.deepEqual(
      summary.latest.map((i) => `${i.kind}: ${i.title}`).sort(),
      [
        'document: Terrasvergunning Markt 7',
        'dossier: Terrasvergunning Markt 7',
        'message: Bakkerij: nieuwe regels voor laden en lossen op de Markt',
        'registered: Aangetekende brief: je terrasvergunning voor de Markt',
      ],
      "the company's items, none of his own or his daughter's",
    );
    const facts = await getJson('/me/data', tokens.access_token);
    assert.deepEqual(
      facts.facts.map((f) => f.kind),
      ['registered-office', 'company-number'],
    );

    // an item of his own reads as not found while he acts for the company
    const own = await signIn(backend, { username: 'jan' });
    const ownMessage = (await getJson('/me/messages', own.tokens.access_token)).items[0];
    const res = await api(backend, `/me/messages/${ownMessage.id}/read`, {
      token: tokens.access_token,
      method: 'POST',
    });
    assert.equal(res.status, 404);

    // the backend's pages follow the provider session's identity
    const page = await browse(switched.jar, `${backend.issuer}/berichten`);
    const html = await page.text();
    assert.match(html, /Aangemeld als Jan Peeters, namens Bakkerij Peeters BV/);
    assert.match(html, /Bakkerij: nieuwe regels voor laden en lossen/);
    assert.doesNotMatch(html, /Je nieuwe identiteitskaart/);
  });

  test('the switch ends the old grant; the new refresh token keeps acting for the company', async () => {
    const first = await signIn(backend, { username: 'jan' });
    const switched = await signIn(backend, {
      username: 'jan',
      jar: first.jar,
      authorizeExtra: { login_hint: BAKERY.loginHint },
    });
    const old = await tokenRequest(backend, { grant_type: 'refresh_token', refresh_token: first.tokens.refresh_token });
    assert.equal((await old.json()).error, 'invalid_grant', 'the refresh token of the previous identity is revoked');
    const res = await tokenRequest(backend, {
      grant_type: 'refresh_token',
      refresh_token: switched.tokens.refresh_token,
      scope: switched.tokens.scope,
    });
    const renewed = await res.json();
    assert.equal(res.status, 200, JSON.stringify(renewed));
    assert.equal(decodeJwt(renewed.access_token).payload.acting_for, BAKERY.id);

    // and back to himself: a new grant again, without the party
    const back = await signIn(backend, { username: 'jan', jar: switched.jar, authorizeExtra: { login_hint: 'self' } });
    assert.equal(decodeJwt(back.tokens.id_token).payload.on_behalf_of, undefined);
    assert.equal(decodeJwt(back.tokens.access_token).payload.acting_for, undefined);
  });

  test('an abandoned switch changes nothing: the session goes on for the identity it had', async () => {
    const first = await signIn(backend, { username: 'jan', authorizeExtra: { login_hint: LOTTE.loginHint } });
    assert.deepEqual(decodeJwt(first.tokens.id_token).payload.on_behalf_of, { kind: 'person', name: 'Lotte Peeters' });
    const res = await browse(
      first.jar,
      authorizeUrl(backend, { challenge: pkce().challenge, extra: { login_hint: BAKERY.loginHint } }),
    );
    const interaction = new URL(res.headers.get('location'), backend.issuer);
    await browse(first.jar, new URL(`${interaction.pathname}/abort`, backend.issuer));
    const renewed = await (
      await tokenRequest(backend, { grant_type: 'refresh_token', refresh_token: first.tokens.refresh_token })
    ).json();
    assert.equal(decodeJwt(renewed.access_token).payload.acting_for, LOTTE.id);
    // a later authorization without a hint (single sign-on) keeps the session's identity
    const sso = await browse(first.jar, authorizeUrl(backend, { challenge: pkce().challenge }));
    assert.ok(new URL(sso.headers.get('location')).searchParams.get('code'), 'no sign-in page without a hint');
  });
});

describe("hints that are not the citizen's grant nothing", () => {
  test("another citizen's hint, an unknown hint and a hint after a wrong user all act for oneself", async () => {
    for (const [username, hint] of [
      ['anna', BAKERY.loginHint],
      ['jan', 'idn_doesnotexist000'],
      ['jan', '<script>'],
      ['chloe', LOTTE.loginHint],
    ]) {
      const { tokens } = await signIn(backend, { username, authorizeExtra: { login_hint: hint } });
      const id = decodeJwt(tokens.id_token).payload;
      assert.equal(id.on_behalf_of, undefined, `${username} with ${hint}`);
      assert.equal(decodeJwt(tokens.access_token).payload.acting_for, undefined);
      const me = await getJson('/me', tokens.access_token);
      assert.equal(me.onBehalfOf, undefined);
    }
    const { tokens } = await signIn(backend, { username: 'anna', authorizeExtra: { login_hint: BAKERY.loginHint } });
    const summary = await getJson('/me/summary', tokens.access_token);
    assert.ok(
      !summary.latest.some((i) => /Terrasvergunning|Bakkerij/.test(i.title)),
      "anna sees none of the bakery's items",
    );
  });

  test('an access token naming a party the citizen holds no mandate of is refused (401)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const base = {
      iss: backend.issuer,
      aud: 'urn:loket:profile-api',
      iat: now,
      exp: now + 60,
      scope: 'loket:profile',
      client_id: 'loket-demo',
    };
    const forged = await signWithBackendKey(backend, { ...base, sub: DEMO_USERS[0].id, acting_for: BAKERY.id });
    const res = await api(backend, '/me/summary', { token: forged });
    assert.equal(res.status, 401);
    assert.match((await res.json()).detail, /may no longer act for/);
    const own = await signWithBackendKey(backend, { ...base, sub: JAN.id, acting_for: BAKERY.id });
    assert.equal((await api(backend, '/me/summary', { token: own })).status, 200, 'the same claim for jan is fine');
  });
});

describe('host mode', () => {
  test('/host/login?login_hint= signs in for the identity; /host/session and the API (cookie) follow it', async () => {
    const jar = new CookieJar();
    const page = await browse(
      jar,
      `${backend.issuer}/host/login?return=${encodeURIComponent(`${SITE}/`)}&login_hint=${BAKERY.loginHint}`,
    );
    const html = await page.text();
    assert.match(html, /name="login_hint" value="[\w-]+"/);
    assert.match(html, /Meld je opnieuw aan om van identiteit te wisselen\./);
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)[1];
    const posted = await browse(jar, `${backend.issuer}/host/login`, {
      ...form({ username: 'jan', password: 'demo', return: `${SITE}/`, csrf, login_hint: BAKERY.loginHint }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: backend.issuer },
    });
    assert.equal(posted.status, 303);
    const session = await browse(jar, `${backend.issuer}/host/session`, { headers: { origin: SITE } });
    const body = await openapi.check(session, { method: 'GET', path: '/host/session' });
    assert.deepEqual(body.user.onBehalfOf, bakeryParty);
    const summary = await browse(jar, `${backend.issuer}/api/me/summary`, { headers: { origin: SITE } });
    assert.deepEqual((await summary.json()).unread, { messages: 2, dossiers: 1, documents: 1 });
  });
});
