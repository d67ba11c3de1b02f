// The audit log: one row per access to personal data, with the subject when known, and nothing else:
// no names, addresses, titles, tokens or typed usernames in any column, nor in the console log.

import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import {
  api,
  auditRows,
  browse,
  CookieJar,
  demoTexts,
  form,
  lastAuditId,
  signIn,
  SITE,
  startTestBackend,
} from './helpers.mjs';
import { DEMO_USERS } from '../dist/index.js';

let backend;
let anna;
const secrets = new Set(); // tokens and codes seen during the test: none may reach the log

before(async () => {
  backend = await startTestBackend();
  const result = await signIn(backend, { username: 'anna' });
  anna = result.tokens;
  for (const value of [anna.access_token, anna.refresh_token, anna.id_token, result.code, result.verifier])
    secrets.add(value);
});
after(() => backend?.close());

const rows = () => auditRows(backend);
const annaId = DEMO_USERS[0].id;

/** Runs `action` and returns the audit rows it added. */
async function added(action) {
  const before = await lastAuditId(backend);
  await action();
  return auditRows(backend, before);
}

async function one(action, expected) {
  const got = await added(action);
  assert.equal(got.length, 1, `exactly one row for ${expected.resource}: ${JSON.stringify(got)}`);
  const [row] = got;
  for (const [key, value] of Object.entries(expected))
    assert.equal(row[key], value, `${key} of ${JSON.stringify(row)}`);
  assert.match(row.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  assert.match(row.clientIp, /127\.0\.0\.1|::1/);
  return row;
}

const call = (path, init = {}) => api(backend, path, { token: anna.access_token, ...init });

describe('one audit row per access', () => {
  test('profile API: ok, denied, not_found, invalid; the path without its query string', async () => {
    await one(() => call('/me?x=1'), { subject: annaId, resource: '/api/me', operation: 'read', outcome: 'ok' });
    await one(() => call('/me/summary'), {
      subject: annaId,
      resource: '/api/me/summary',
      operation: 'read',
      outcome: 'ok',
    });
    await one(() => api(backend, '/me/summary', { token: 'nope' }), {
      subject: null,
      resource: '/api/me/summary',
      operation: 'read',
      outcome: 'denied',
    });
    await one(() => api(backend, '/me/data'), {
      subject: null,
      resource: '/api/me/data',
      operation: 'read',
      outcome: 'denied',
    });
    await one(() => call('/me/messages/msg_unknown/read', { method: 'POST' }), {
      subject: annaId,
      resource: '/api/me/messages/msg_unknown/read',
      operation: 'update',
      outcome: 'not_found',
    });
    await one(
      () =>
        call('/me/corrections', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"field":"x"}',
        }),
      { subject: annaId, resource: '/api/me/corrections', operation: 'create', outcome: 'invalid' },
    );
    await one(
      () =>
        call('/me/corrections', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            field: 'address',
            requestedValue: 'Lindestraat 99',
            reason: 'Verhuisd naar de overkant',
          }),
        }),
      { subject: annaId, resource: '/api/me/corrections', operation: 'create', outcome: 'ok' },
    );
    await one(() => call('/me/nothing'), { subject: null, resource: '/api/me/nothing', outcome: 'not_found' });
    await one(() => call('/me/summary', { method: 'PUT' }), {
      subject: null,
      resource: '/api/me/summary',
      outcome: 'invalid',
    });
    await one(() => call('/me/summary', { headers: { origin: 'http://evil.example' } }), {
      subject: null,
      resource: '/api/me/summary',
      outcome: 'denied',
    });
    const messages = await (await call('/me/messages')).json();
    const id = messages.items[0].id;
    await one(() => call(`/me/messages/${id}/read`, { method: 'POST' }), {
      subject: annaId,
      resource: `/api/me/messages/${id}/read`,
      operation: 'update',
      outcome: 'ok',
    });
    const docs = await (await call('/me/documents')).json();
    await one(
      async () =>
        (
          await fetch(docs.items[0].file.href, { headers: { authorization: `Bearer ${anna.access_token}` } })
        ).arrayBuffer(),
      { subject: annaId, resource: `/api/me/documents/${docs.items[0].id}/file`, operation: 'download', outcome: 'ok' },
    );
    const got = await added(async () => {
      const res = await call('/me/events');
      await res.body.cancel();
    });
    assert.deepEqual(
      got.map((r) => [r.subject, r.resource, r.operation, r.outcome]),
      [[annaId, '/api/me/events', 'subscribe', 'ok']],
    );
  });

  test('no row for a CORS preflight (no data is touched)', async () => {
    const got = await added(() =>
      call('/me', { method: 'OPTIONS', headers: { origin: SITE, 'access-control-request-method': 'GET' } }),
    );
    assert.equal(got.length, 0);
  });

  test('sign-in: success and failure, the subject only when the username is known', async () => {
    const success = await added(() => signIn(backend, { username: 'bart' }));
    assert.deepEqual(
      success.map((r) => [r.subject, r.operation, r.outcome]),
      [
        [DEMO_USERS[1].id, 'sign-in', 'ok'],
        // the provider's own event (provider-audit.test.mjs): the code exchanged for tokens
        [DEMO_USERS[1].id, 'code-exchange', 'ok'],
      ],
    );
    const wrong = await added(() => signIn(backend, { username: 'bart', password: 'x' }));
    assert.deepEqual(
      wrong.map((r) => [r.subject, r.operation, r.outcome]),
      [[DEMO_USERS[1].id, 'sign-in', 'denied']],
    );
    const unknown = await added(() => signIn(backend, { username: 'mallory-the-attacker', password: 'x' }));
    assert.deepEqual(
      unknown.map((r) => [r.subject, r.resource, r.operation, r.outcome]),
      [[null, '/interaction/login', 'sign-in', 'denied']],
    );
  });

  test('host mode: sign-in, session reads, sign-out; item pages', async () => {
    const jar = new CookieJar();
    const page = await (await browse(jar, `${backend.issuer}/host/login`)).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)[1];
    await one(
      () =>
        browse(
          jar,
          `${backend.issuer}/host/login`,
          form({ username: 'chloe', password: 'demo', csrf, return: `${SITE}/` }),
        ),
      { subject: DEMO_USERS[2].id, resource: '/host/login', operation: 'sign-in', outcome: 'ok' },
    );
    await one(() => browse(jar, `${backend.issuer}/host/session`), {
      subject: DEMO_USERS[2].id,
      resource: '/host/session',
      operation: 'read',
      outcome: 'ok',
    });
    await one(() => fetch(`${backend.issuer}/host/session`), {
      subject: null,
      resource: '/host/session',
      operation: 'read',
      outcome: 'denied',
    });

    const { items } = await (await browse(jar, `${backend.issuer}/api/me/messages`)).json();
    const path = new URL(items[0].href).pathname;
    await one(() => browse(jar, `${items[0].href}?lang=en`), {
      subject: DEMO_USERS[2].id,
      resource: path,
      operation: 'read',
      outcome: 'ok',
    });
    await one(() => fetch(items[0].href), { subject: null, resource: path, operation: 'read', outcome: 'denied' });
    await one(() => browse(jar, `${backend.issuer}/berichten/msg_nope`), {
      subject: DEMO_USERS[2].id,
      resource: '/berichten/msg_nope',
      operation: 'read',
      outcome: 'not_found',
    });
    await one(() => browse(jar, `${backend.issuer}/host/logout`, { method: 'POST' }), {
      subject: DEMO_USERS[2].id,
      resource: '/host/logout',
      operation: 'sign-out',
      outcome: 'ok',
    });
  });
});

describe('no personal data', () => {
  test("a citizen's own requests name them as the citizen concerned", async () => {
    const own = (await rows()).filter((r) => r.resource.startsWith('/api/me') && r.subject);
    assert.ok(own.length >= 5, `rows: ${own.length}`);
    for (const row of own) assert.equal(row.concerns, row.subject, `audit row ${row.id}`);
  });

  test('no column of any row holds a name, address, title, username, value or token', async () => {
    const forbidden = new Set(secrets);
    for (const u of DEMO_USERS) {
      forbidden.add(u.givenName);
      forbidden.add(u.familyName);
    }
    forbidden.add('mallory-the-attacker');
    for (const text of await demoTexts(backend)) forbidden.add(text);
    forbidden.add('Lindestraat');
    const all = await rows();
    assert.ok(all.length >= 20, `rows: ${all.length}`);
    for (const row of all) {
      const text = Object.values(row).join(' | ').toLowerCase();
      for (const value of forbidden) {
        assert.ok(!text.includes(String(value).toLowerCase()), `audit row ${row.id} contains "${value}"`);
      }
      assert.ok(!/\b(anna|bart|chloe)\b/i.test(text), `audit row ${row.id} names a username`);
      assert.ok(!row.resource.includes('?'), 'no query strings');
    }
    assert.deepEqual(Object.keys(all[0]).sort(), [
      'at',
      'clientIp',
      'concerns',
      'id',
      'onBehalfOf',
      'operation',
      'outcome',
      'requestId',
      'resource',
      'subject',
    ]);
  });

  test('the request log is JSON lines with a request id, method, path, status and time only: no query strings, tokens or names', async () => {
    const lines = [];
    const original = { log: console.log, error: console.error, warn: console.warn };
    const capture = (...args) => lines.push(args.join(' '));
    console.log = capture;
    console.error = capture;
    console.warn = capture;
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const loud = await startTestBackend({ quiet: false, logStream });
    let tokens;
    try {
      ({ tokens } = await signIn(loud, { username: 'anna' }));
      await api(loud, '/me/summary?secret=1', { token: tokens.access_token });
      await fetch(`${loud.issuer}/session/end?id_token_hint=${tokens.id_token}`);
      await api(loud, '/me', { token: 'garbage' });
    } finally {
      await loud.close();
      Object.assign(console, original);
    }
    const records = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    const incoming = records.filter((r) => r.req);
    const completed = records.filter((r) => r.res);
    assert.ok(incoming.length >= 8 && completed.length >= 8, lines.join('\n'));
    for (const r of incoming) {
      assert.deepEqual(Object.keys(r.req).sort(), ['method', 'path'], JSON.stringify(r));
      assert.match(`${r.req.method} ${r.req.path}`, /^[A-Z]+ \/[^?\s]*$/, JSON.stringify(r));
      assert.match(r.reqId, /^[\w-]{36}$/, 'a request id');
    }
    for (const r of completed) {
      assert.deepEqual(Object.keys(r.res), ['statusCode']);
      assert.equal(typeof r.responseTime, 'number');
      assert.ok(
        incoming.some((i) => i.reqId === r.reqId),
        'the same request id on both lines',
      );
    }
    const all = lines.join('\n');
    for (const secret of [
      tokens.access_token,
      tokens.refresh_token,
      tokens.id_token,
      'Anna',
      'Peeters',
      'secret=1',
      'anna',
    ]) {
      assert.ok(!all.includes(secret), `log output contains ${secret.slice(0, 20)}`);
    }
  });
});
