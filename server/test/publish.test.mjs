// The publish API (issue 12; DESIGN section 11): clients, scopes, every endpoint, idempotency, the citizen,
// PDFs, isolation, rate limit, audit, letters and their receipts. Runs on SQLite and PostgreSQL (run.ts).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHash, randomUUID } from 'node:crypto';
import { compactVerify, createRemoteJWKSet, decodeJwt } from 'jose';
import { api, auditRows, bearer, browse, form, lastAuditId, signIn, startTestBackend } from './helpers.mjs';
import { makePdf } from '../dist/services/pdf.js';
import { isNationalRegisterNumber } from '../dist/services/publish.js';
import {
  acknowledgeOnPage,
  ALL_SCOPES,
  call,
  clientToken,
  hostLogin,
  multipart,
  newClientKey,
  NRN,
  tokenResponse,
} from './publish-helpers.mjs';

const pdf = (title = 'Test') => makePdf({ title, lines: ['line'] });

describe('national register numbers', () => {
  test('mod-97, also for people born from 2000', () => {
    for (const n of Object.values(NRN)) assert.ok(isNationalRegisterNumber(n), n);
    // born 2001-02-03, serial 001: 97 - (2010203001 mod 97)
    const base = '010203001';
    const check = String(97 - Number(BigInt(`2${base}`) % 97n)).padStart(2, '0');
    assert.ok(isNationalRegisterNumber(`${base}${check}`));
    assert.ok(!isNationalRegisterNumber('85073003329'));
    assert.ok(!isNationalRegisterNumber('8507300332'));
    assert.ok(!isNationalRegisterNumber('8507300332a'));
  });
});

describe('the publish API', () => {
  let backend;
  let token;
  before(async () => {
    backend = await startTestBackend({ publishRateLimit: 10_000 });
    token = await clientToken(backend);
  });
  after(() => backend?.close());

  test('the access token: audience urn:loket:publish-api, 5 minutes, the scopes asked for', async () => {
    const claims = decodeJwt(await clientToken(backend, { scope: 'publish:messages' }));
    assert.equal(claims.aud, 'urn:loket:publish-api');
    assert.equal(claims.client_id, 'demo-eloket');
    assert.equal(claims.exp - claims.iat, 300);
    assert.equal(claims.scope, 'publish:messages');
    assert.equal((await tokenResponse(backend, { resource: 'urn:loket:publish-api' })).status, 200);
    // the token endpoint URL as audience is accepted too
    assert.equal((await tokenResponse(backend, { aud: `${backend.issuer}/token` })).status, 200);
  });

  test('bad client assertions: wrong key, expired, wrong aud, replayed jti, too long-lived, unknown client', async () => {
    const other = await newClientKey();
    const bad = async (options) => {
      const res = await tokenResponse(backend, options);
      assert.equal(res.status, 401, JSON.stringify(res.body));
      assert.equal(res.body.error, 'invalid_client');
    };
    await bad({ jwk: { ...other.privateJwk, kid: 'demo-eloket-1' } });
    await bad({ exp: Math.floor(Date.now() / 1000) - 60, iat: Math.floor(Date.now() / 1000) - 120 });
    await bad({ aud: 'https://elsewhere.example' });
    const jti = randomUUID();
    assert.equal((await tokenResponse(backend, { jti })).status, 200);
    await bad({ jti });
    await bad({ exp: '10m' });
    await bad({ clientId: 'nobody' });
  });

  test('a token of the profile API or none: 401; a token without the scope: 403 insufficient_scope', async () => {
    assert.equal((await call(backend, undefined, 'POST', '/messages', { json: {} })).status, 401);
    const profile = (await signIn(backend, { username: 'anna' })).tokens.access_token;
    assert.equal((await call(backend, profile, 'GET', `/citizens/${NRN.anna}/preferences`)).status, 401);
    const limited = await clientToken(backend, { scope: 'publish:messages' });
    const res = await call(backend, limited, 'POST', '/letters', {
      body: multipart({ citizen: { nationalRegisterNumber: NRN.anna }, title: 'x' }, pdf()),
    });
    assert.equal(res.status, 403);
    assert.match(res.headers.get('www-authenticate'), /insufficient_scope/);
    for (const [method, path] of [
      ['PUT', '/dossiers/r1'],
      ['POST', '/dossiers/r1/events'],
      ['POST', '/documents'],
      ['GET', '/letters/x'],
      ['GET', `/citizens/${NRN.anna}/preferences`],
    ]) {
      assert.equal(
        (await call(backend, limited, method, path, method === 'GET' ? {} : { json: {} })).status,
        403,
        `${method} ${path}`,
      );
    }
    // and the profile API does not take a publish token
    assert.equal((await api(backend, '/me', { token })).status, 401);
  });

  test('dossiers: 201 created, 200 updated, events; the citizen sees them with the status labels', async () => {
    const body = {
      citizen: { nationalRegisterNumber: NRN.anna },
      caseType: 'green-roof-premium',
      title: { nl: 'Premie groendak', en: 'Green roof premium' },
      status: 'received',
    };
    const created = await call(backend, token, 'PUT', '/dossiers/GR-1', { json: body });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(Object.keys(created.body).sort(), ['id', 'reference', 'status']);
    const updated = await call(backend, token, 'PUT', '/dossiers/GR-1', { json: { ...body, status: 'in_progress' } });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.id, created.body.id);
    const event = await call(backend, token, 'POST', '/dossiers/GR-1/events', {
      json: { status: 'approved', note: 'Proficiat' },
    });
    assert.equal(event.status, 201);
    assert.deepEqual(event.body, { id: created.body.id, status: 'approved' });
    // the same status again: no new event
    assert.equal(
      (await call(backend, token, 'PUT', '/dossiers/GR-1', { json: { ...body, status: 'approved' } })).status,
      200,
    );
    const unknown = await call(backend, token, 'POST', '/dossiers/GR-1/events', { json: { status: 'lost' } });
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.errors[0].pointer, '/status');
    assert.match(
      unknown.body.errors[0].detail,
      /received, in_progress, more_information_needed, approved, rejected, closed/,
    );
    assert.equal(
      (await call(backend, token, 'POST', '/dossiers/NOPE/events', { json: { status: 'closed' } })).status,
      404,
    );
    // statuses per case type (demo/dossier-statuses.json)
    const parking = await call(backend, token, 'PUT', '/dossiers/PK-1', {
      json: { ...body, caseType: 'parking-permit', status: 'in_progress' },
    });
    assert.equal(parking.status, 422);
    assert.match(parking.body.errors[0].detail, /must be one of received, approved, rejected/);

    const anna = (await signIn(backend, { username: 'anna' })).tokens.access_token;
    const dossiers = await (await api(backend, '/me/dossiers', { token: anna })).json();
    const mine = dossiers.items.find((d) => d.id === created.body.id);
    assert.ok(mine, 'anna sees the dossier');
    assert.equal(mine.title, 'Premie groendak');
    assert.equal(mine.status, 'decided');
    assert.deepEqual(
      mine.history.map((h) => h.note),
      ['Ontvangen', 'In behandeling', 'Goedgekeurd — Proficiat'],
    );
  });

  test('the citizen: a bad number 422 naming the field and its form, an unknown one 404', async () => {
    const bad = await call(backend, token, 'POST', '/messages', {
      json: { citizen: { nationalRegisterNumber: '85073003329' }, title: 't', body: 'b' },
    });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].pointer, '/citizen/nationalRegisterNumber');
    assert.match(bad.body.errors[0].detail, /11 digits/);
    const base = '010203001';
    const born2001 = `${base}${String(97 - Number(BigInt(`2${base}`) % 97n)).padStart(2, '0')}`;
    const unknown = await call(backend, token, 'POST', '/messages', {
      json: { citizen: { nationalRegisterNumber: born2001 }, title: 't', body: 'b' },
    });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.errors[0].pointer, '/citizen/nationalRegisterNumber');
    assert.equal((await call(backend, token, 'GET', '/citizens/12345678901/preferences')).status, 422);
    const prefs = await call(backend, token, 'GET', `/citizens/${NRN.bart}/preferences`);
    assert.deepEqual(prefs.body, { correspondence: 'digital' });
  });

  test('messages: validation names the field, http links refused; the citizen sees the sender and gets an event', async () => {
    const noTitle = await call(backend, token, 'POST', '/messages', {
      json: { citizen: { nationalRegisterNumber: NRN.bart }, body: 'b' },
    });
    assert.equal(noTitle.status, 422);
    assert.deepEqual(
      noTitle.body.errors.map((e) => e.pointer),
      ['/title'],
    );
    const httpLink = await call(backend, token, 'POST', '/messages', {
      json: {
        citizen: { nationalRegisterNumber: NRN.bart },
        title: 't',
        body: 'b',
        link: { label: 'x', href: 'http://x.example' },
      },
    });
    assert.equal(httpLink.status, 422);

    const tooLarge = await call(backend, token, 'POST', '/messages', {
      json: { citizen: { nationalRegisterNumber: NRN.bart }, title: 't', body: 'x'.repeat(20_000) },
    });
    assert.equal(tooLarge.status, 413);

    const bart = (await signIn(backend, { username: 'bart' })).tokens.access_token;
    const events = await fetch(`${backend.issuer}/api/me/events`, { headers: bearer(bart) });
    const reader = events.body.getReader();
    await reader.read();
    const sent = await call(backend, token, 'POST', '/messages', {
      json: {
        citizen: { nationalRegisterNumber: NRN.bart },
        title: { fr: 'Bonjour', nl: 'Hallo' },
        body: 'Tekst',
        link: { label: 'Meer', href: 'https://lindegem.be/x' },
      },
    });
    assert.equal(sent.status, 201);
    let text = '';
    while (!text.includes('summary-changed')) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    const messages = await (await api(backend, '/me/messages', { token: bart })).json();
    const message = messages.items.find((m) => m.id === sent.body.id);
    assert.equal(message.sender, 'Demo e-loket');
    assert.equal(message.title, 'Hallo');
  });

  test('idempotency: same key and body, the same answer and one item; another body 422; no key 428', async () => {
    const key = randomUUID();
    const json = { citizen: { nationalRegisterNumber: NRN.chloe }, title: 'Eén keer', body: 'b' };
    const first = await call(backend, token, 'POST', '/messages', { json, key });
    const again = await call(backend, token, 'POST', '/messages', { json, key });
    assert.equal(first.status, 201);
    assert.equal(again.status, 201);
    assert.deepEqual(again.body, first.body);
    const chloe = (await signIn(backend, { username: 'chloe' })).tokens.access_token;
    const items = (await (await api(backend, '/me/messages', { token: chloe })).json()).items.filter(
      (m) => m.title === 'Eén keer',
    );
    assert.equal(items.length, 1);
    const other = await call(backend, token, 'POST', '/messages', { json: { ...json, body: 'c' }, key });
    assert.equal(other.status, 422);
    assert.equal(other.body.errors[0].pointer, 'header/Idempotency-Key');
    const none = await call(backend, token, 'POST', '/messages', { json, key: null });
    assert.equal(none.status, 428);
    assert.match(none.body.detail, /Idempotency-Key/);
    // keys are per client: another client may use the same key
    const { publicJwk, privateJwk } = await newClientKey();
    await backend.store.publish.putClient({
      id: 'other-eloket',
      name: 'Other',
      jwks: { keys: [publicJwk] },
      jwksUri: null,
      scopes: ALL_SCOPES.split(' '),
    });
    const otherToken = await clientToken(backend, { clientId: 'other-eloket', jwk: privateJwk });
    assert.equal((await call(backend, otherToken, 'POST', '/messages', { json, key })).status, 201);
  });

  test('documents: a PDF stored byte for byte (same sha256), not a PDF 415, over 10 MB 413, metadata checked', async () => {
    const file = pdf('Attest');
    const res = await call(backend, token, 'POST', '/documents', {
      body: multipart(
        { citizen: { nationalRegisterNumber: NRN.anna }, title: 'Attest', kind: 'attest' },
        file,
        'attest.pdf',
      ),
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.sha256, createHash('sha256').update(file).digest('hex'));
    const anna = (await signIn(backend, { username: 'anna' })).tokens.access_token;
    const download = await api(backend, `/me/documents/${res.body.id}/file`, { token: anna });
    assert.equal(download.status, 200);
    assert.equal(
      createHash('sha256')
        .update(Buffer.from(await download.arrayBuffer()))
        .digest('hex'),
      res.body.sha256,
    );

    const notPdf = await call(backend, token, 'POST', '/documents', {
      body: multipart(
        { citizen: { nationalRegisterNumber: NRN.anna }, title: 'x', kind: 'attest' },
        Buffer.from('hello, not a pdf'),
      ),
    });
    assert.equal(notPdf.status, 415);
    assert.equal(notPdf.body.errors[0].pointer, '/file');
    const big = Buffer.concat([
      Buffer.from('%PDF-1.4\n'),
      Buffer.alloc(10 * 1024 * 1024 + 10, 32),
      Buffer.from('%%EOF\n'),
    ]);
    const tooBig = await call(backend, token, 'POST', '/documents', {
      body: multipart({ citizen: { nationalRegisterNumber: NRN.anna }, title: 'x', kind: 'attest' }, big),
    });
    assert.equal(tooBig.status, 413);
    const badKind = await call(backend, token, 'POST', '/documents', {
      body: multipart({ citizen: { nationalRegisterNumber: NRN.anna }, title: 'x', kind: 'poster' }, file),
    });
    assert.equal(badKind.status, 422);
    assert.equal(badKind.body.errors[0].pointer, '/metadata/kind');
    const noFile = await call(backend, token, 'POST', '/documents', {
      body: multipart({ citizen: { nationalRegisterNumber: NRN.anna }, title: 'x', kind: 'attest' }),
    });
    assert.equal(noFile.status, 422);
  });

  test("letters: sent; reading it is no acknowledgement; the page's button gives a receipt that verifies with /jwks", async () => {
    const file = pdf('Aangetekende brief');
    const sent = await call(backend, token, 'POST', '/letters', {
      body: multipart({ citizen: { nationalRegisterNumber: NRN.jan }, title: 'Aangetekend' }, file),
    });
    assert.equal(sent.status, 201);
    assert.equal(sent.body.status, 'sent');
    const jan = (await signIn(backend, { username: 'jan' })).tokens.access_token;
    assert.equal((await api(backend, `/me/messages/${sent.body.id}/read`, { token: jan, method: 'POST' })).status, 200);
    const jar = await hostLogin(backend, 'jan');
    await browse(jar, `${backend.issuer}/berichten/${sent.body.id}`);
    assert.equal((await call(backend, token, 'GET', `/letters/${sent.body.id}`)).body.status, 'sent');
    // a post without the form's token is refused
    assert.equal(
      (await browse(jar, `${backend.issuer}/berichten/${sent.body.id}/ontvangst`, form({ csrf: 'x' }))).status,
      403,
    );
    assert.equal((await call(backend, token, 'GET', `/letters/${sent.body.id}`)).body.status, 'sent');
    // the letter's PDF, as sent
    const letterFile = await browse(jar, `${backend.issuer}/berichten/${sent.body.id}/brief`);
    assert.ok(Buffer.from(await letterFile.arrayBuffer()).equals(file));

    const before = await lastAuditId(backend);
    await acknowledgeOnPage(backend, jar, sent.body.id);
    const letter = await call(backend, token, 'GET', `/letters/${sent.body.id}`);
    assert.equal(letter.body.status, 'acknowledged');
    assert.ok(letter.body.acknowledgedAt);
    const jwks = createRemoteJWKSet(new URL(`${backend.issuer}/jwks`));
    const { payload, protectedHeader } = await compactVerify(letter.body.receipt, jwks);
    const receipt = JSON.parse(new TextDecoder().decode(payload));
    assert.equal(protectedHeader.typ, 'loket-receipt+jwt');
    assert.equal(receipt.letter, sent.body.id);
    assert.equal(receipt.sha256, createHash('sha256').update(file).digest('hex'));
    assert.equal(receipt.sub, decodeJwt(jan).sub);
    assert.ok(receipt.iat);
    const rows = await auditRows(backend, before);
    assert.ok(rows.some((r) => r.operation === 'acknowledge' && r.outcome === 'ok'));
  });

  test("client isolation: another client's letter is 404, its dossier reference is its own", async () => {
    const sent = await call(backend, token, 'POST', '/letters', {
      body: multipart({ citizen: { nationalRegisterNumber: NRN.anna }, title: 'Brief' }, pdf()),
    });
    const { publicJwk, privateJwk } = await newClientKey();
    await backend.store.publish.putClient({
      id: 'third-eloket',
      name: 'Third',
      jwks: { keys: [publicJwk] },
      jwksUri: null,
      scopes: ALL_SCOPES.split(' '),
    });
    const third = await clientToken(backend, { clientId: 'third-eloket', jwk: privateJwk });
    assert.equal((await call(backend, third, 'GET', `/letters/${sent.body.id}`)).status, 404);
    assert.equal(
      (await call(backend, third, 'POST', '/dossiers/GR-1/events', { json: { status: 'closed' } })).status,
      404,
    );
    const own = await call(backend, third, 'PUT', '/dossiers/GR-1', {
      json: { citizen: { nationalRegisterNumber: NRN.anna }, caseType: 'x', title: 't', status: 'received' },
    });
    assert.equal(own.status, 201);
    // a removed client can no longer get a token nor use one
    await backend.store.publish.removeClient('third-eloket');
    assert.equal((await call(backend, third, 'GET', `/citizens/${NRN.anna}/preferences`)).status, 401);
    assert.equal((await tokenResponse(backend, { clientId: 'third-eloket', jwk: privateJwk })).status, 401);
  });

  test('every call is audited with the client as actor', async () => {
    const before = await lastAuditId(backend);
    await call(backend, token, 'GET', `/citizens/${NRN.anna}/preferences`);
    await call(backend, token, 'POST', '/messages', { json: {} });
    const rows = (await auditRows(backend, before)).filter((r) => r.resource.startsWith('/api/publish'));
    assert.deepEqual(
      rows.map((r) => [r.subject, r.operation, r.outcome]),
      [
        ['client:demo-eloket', 'read', 'ok'],
        ['client:demo-eloket', 'publish', 'invalid'],
      ],
    );
  });
});

describe('the publish API: limits and claim period', () => {
  test('per-client rate limit: 429 with Retry-After', async () => {
    const backend = await startTestBackend({ publishRateLimit: 3 });
    try {
      const token = await clientToken(backend);
      const statuses = [];
      let last;
      for (let i = 0; i < 4; i++) {
        last = await call(backend, token, 'GET', `/citizens/${NRN.anna}/preferences`);
        statuses.push(last.status);
      }
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      assert.ok(Number(last.headers.get('retry-after')) > 0);
      assert.equal(last.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    } finally {
      await backend.close();
    }
  });

  test('a letter not acknowledged within LOKET_LETTER_CLAIM_DAYS reads as unclaimed and can no longer be acknowledged', async () => {
    const backend = await startTestBackend({ letterClaimDays: 0 });
    try {
      const token = await clientToken(backend);
      const sent = await call(backend, token, 'POST', '/letters', {
        body: multipart({ citizen: { nationalRegisterNumber: NRN.anna }, title: 'Brief' }, pdf()),
      });
      assert.equal((await call(backend, token, 'GET', `/letters/${sent.body.id}`)).body.status, 'unclaimed');
      const jar = await hostLogin(backend, 'anna');
      const page = await (await browse(jar, `${backend.issuer}/berichten/${sent.body.id}`)).text();
      assert.doesNotMatch(page, /ontvangst"/);
    } finally {
      await backend.close();
    }
  });
});
