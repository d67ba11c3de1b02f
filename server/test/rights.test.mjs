// Issue 14's rights: "Download al mijn gegevens" (GET /api/me/export, /inzage, /inzage/download) and "Wie bekeek
// mijn gegevens" (GET /api/me/access-log, /raadplegingen), read from the audit log by `concerns`, which every
// publish call addressing a citizen now writes. Bearer and host-mode cookie; both engines (run.ts).

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DEMO_USERS } from '../dist/index.js';
import { makePdf } from '../dist/services/pdf.js';
import { api, auditRows, browse, lastAuditId, loadOpenApi, signIn, startTestBackend } from './helpers.mjs';
import { call, clientToken, hostLogin, multipart, NRN } from './publish-helpers.mjs';

const openapi = loadOpenApi();
const idOf = (username) => DEMO_USERS.find((u) => u.username === username).id;
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const pdf = (title = 'Test') => makePdf({ title, lines: ['line'] });

let backend;
let supplier;
const tokens = {};
before(async () => {
  backend = await startTestBackend({ publishRateLimit: 10_000 });
  supplier = await clientToken(backend);
  for (const username of ['anna', 'bart', 'chloe', 'jan'])
    tokens[username] = (await signIn(backend, { username })).tokens.access_token;
});
after(() => backend?.close());

const accessLog = async (username, query = '') => {
  const res = await api(backend, `/me/access-log${query}`, { token: tokens[username] });
  assert.equal(res.status, 200);
  return openapi.check(res, { method: 'GET', path: '/me/access-log' });
};
const sendMessage = (nrn = NRN.anna, title = 'Nieuw bericht') =>
  call(backend, supplier, 'POST', '/messages', {
    json: { citizen: { nationalRegisterNumber: nrn }, title, body: 'Tekst' },
  });

describe('publish calls name the citizen they address (audit concerns)', () => {
  test('every call about anna, by number, dossier reference or letter id: concerns = her id; a bad number: none', async () => {
    const anna = idOf('anna');
    const from = await lastAuditId(backend);
    const dossier = {
      citizen: { nationalRegisterNumber: NRN.anna },
      caseType: 'x',
      title: 'Aanvraag',
      status: 'received',
    };
    assert.equal((await call(backend, supplier, 'PUT', '/dossiers/RIGHTS-1', { json: dossier })).status, 201);
    assert.equal(
      (await call(backend, supplier, 'POST', '/dossiers/RIGHTS-1/events', { json: { status: 'in_progress' } })).status,
      201,
    );
    assert.equal((await sendMessage()).status, 201);
    const doc = await call(backend, supplier, 'POST', '/documents', {
      body: multipart({ citizen: { nationalRegisterNumber: NRN.anna }, title: 'Attest', kind: 'attest' }, pdf()),
    });
    assert.equal(doc.status, 201);
    const letter = await call(backend, supplier, 'POST', '/letters', {
      body: multipart({ citizen: { nationalRegisterNumber: NRN.anna }, title: 'Brief' }, pdf()),
    });
    assert.equal(letter.status, 201);
    assert.equal((await call(backend, supplier, 'GET', `/letters/${letter.body.id}`)).status, 200);
    assert.equal((await call(backend, supplier, 'GET', `/citizens/${NRN.anna}/preferences`)).status, 200);
    // a replayed call (same Idempotency-Key and body) touches her data again: named too
    const key = 'rights-replay';
    await call(backend, supplier, 'POST', '/messages', {
      key,
      json: { citizen: { nationalRegisterNumber: NRN.anna }, title: 't', body: 'b' },
    });
    const replay = await call(backend, supplier, 'POST', '/messages', {
      key,
      json: { citizen: { nationalRegisterNumber: NRN.anna }, title: 't', body: 'b' },
    });
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    // a number of nobody, a malformed one: the row names no one
    await sendMessage('85073003329');
    const rows = (await auditRows(backend, from)).filter((r) => r.resource.startsWith('/api/publish'));
    assert.equal(rows.length, 10);
    assert.deepEqual(
      rows.slice(0, 9).map((r) => [r.subject, r.concerns]),
      Array(9).fill(['client:demo-eloket', anna]),
      JSON.stringify(rows, null, 1),
    );
    assert.equal(rows[9].concerns, null);
    assert.equal(rows[9].outcome, 'invalid');
  });
});

describe('GET /api/me/access-log', () => {
  test("the citizen's own requests are left out; a supplier shows by its name after a publish", async () => {
    const user = await signIn(backend, { username: 'chloe' });
    const token = user.tokens.access_token;
    // chloe reads her own data (API and pages): none of it is listed
    await api(backend, '/me/messages', { token });
    await browse(user.jar, `${backend.issuer}/berichten`);
    const fresh = await openapi.check(await api(backend, '/me/access-log', { token }), {
      method: 'GET',
      path: '/me/access-log',
    });
    const before = fresh.items.length;
    assert.ok(fresh.items.every((i) => i.actor.kind !== 'citizen'));
    assert.equal((await sendMessage(NRN.chloe, 'Voor Chloé')).status, 201);
    const { items } = await openapi.check(await api(backend, '/me/access-log', { token }), {
      method: 'GET',
      path: '/me/access-log',
    });
    assert.equal(items.length, before + 1);
    assert.deepEqual(items[0].actor, { kind: 'supplier', clientId: 'demo-eloket', name: 'Demo e-loket' });
    assert.deepEqual([items[0].operation, items[0].source, items[0].outcome], ['publish', 'messages', 'ok']);
    assert.ok(Date.parse(items[0].at) <= Date.now());
    assert.equal(JSON.stringify(items).includes('127.0.0.1'), false, 'no client address');
  });

  test("another citizen's rows are never shown", async () => {
    await sendMessage(NRN.anna, 'Alleen voor Anna');
    const bart = await accessLog('bart');
    const annaRows = (await backend.store.auditRows({ concerns: idOf('anna'), limit: 1000 })).map((r) => r.id);
    assert.ok(annaRows.length > 0);
    for (const item of bart.items) assert.ok(!annaRows.includes(item.id), `bart sees anna's row ${item.id}`);
    const jan = await accessLog('jan');
    assert.deepEqual(jan.items, [], 'nobody else touched jan');
  });

  test('pagination: newest first, `next` until the last page, no entry twice; limit; bad values are 422', async () => {
    for (let i = 0; i < 23; i++) assert.equal((await sendMessage(NRN.bart, `Bericht ${i}`)).status, 201);
    const seen = [];
    let page = await accessLog('bart');
    assert.equal(page.items.length, 20);
    for (let pages = 1; ; pages++) {
      seen.push(...page.items.map((i) => i.id));
      if (!page.next) break;
      const next = new URL(page.next);
      assert.equal(next.origin + next.pathname, `${backend.issuer}/api/me/access-log`);
      page = await accessLog('bart', next.search);
      assert.ok(pages < 10);
    }
    assert.ok(seen.length >= 23);
    assert.deepEqual(
      seen,
      [...seen].sort((a, b) => b - a),
      'newest first',
    );
    assert.equal(new Set(seen).size, seen.length, 'no entry twice');
    const small = await accessLog('bart', '?limit=5');
    assert.equal(small.items.length, 5);
    assert.match(small.next, /before=\d+&limit=5$/);
    for (const bad of ['?limit=0', '?limit=101', '?before=abc', '?before=-1']) {
      const res = await api(backend, `/me/access-log${bad}`, { token: tokens.bart });
      assert.equal(res.status, 422, bad);
      const problem = await openapi.check(res, { method: 'GET', path: '/me/access-log' });
      assert.match(problem.errors[0].pointer, /^\/(limit|before)$/);
    }
  });

  test('staff by role through the StaffDirectory; unknown roles generically; host-mode cookie', async () => {
    const other = await startTestBackend({
      staffDirectory: { roleOf: async (id) => ({ s1: 'security-consultant', s2: 'behandelaar', s3: 'admin' })[id] },
    });
    try {
      const anna = idOf('anna');
      for (const subject of ['staff:s1', 'staff:s2', 'staff:s3', 'staff:gone'])
        await other.store.appendAudit({
          clientIp: '10.1.2.3',
          subject,
          onBehalfOf: null,
          resource: subject === 'staff:s1' ? '/audit' : '/behandeling/c1',
          operation: subject === 'staff:s1' ? 'search' : 'read',
          outcome: 'ok',
          concerns: anna,
        });
      const jar = await hostLogin(other, 'anna');
      const res = await fetch(`${other.issuer}/api/me/access-log`, { headers: { cookie: jar.header() } });
      const { items } = await openapi.check(res, { method: 'GET', path: '/me/access-log' });
      assert.deepEqual(
        items.map((i) => [i.actor, i.source]),
        [
          [{ kind: 'staff' }, 'corrections'],
          [{ kind: 'staff' }, 'corrections'],
          [{ kind: 'staff', role: 'behandelaar' }, 'corrections'],
          [{ kind: 'staff', role: 'security-consultant' }, 'audit-log'],
        ],
      );
      assert.doesNotMatch(JSON.stringify(items), /10\.1\.2\.3|s1|s2/);
      const html = await (await browse(jar, `${other.issuer}/raadplegingen?lang=en`)).text();
      assert.match(html, /The security consultant/);
      assert.match(html, /A municipal officer/);
      assert.equal(html.match(/A municipal staff member/g)?.length, 2);
      assert.doesNotMatch(html, /10\.1\.2\.3/);
    } finally {
      await other.close();
    }
  });
});

describe('GET /api/me/export', () => {
  test("anna's export: valid against the Export schema, an attachment, everything her lists show, files with their SHA-256", async () => {
    const res = await api(backend, '/me/export', { token: tokens.anna });
    assert.equal(res.status, 200);
    assert.match(
      res.headers.get('content-disposition'),
      /^attachment; filename="loket-export-anna-peeters-\d{4}-\d\d-\d\d\.json"$/,
    );
    const data = await openapi.check(res, { method: 'GET', path: '/me/export' });
    assert.deepEqual([data.format, data.version], ['loket-export', 1]);
    assert.equal(data.subject.id, idOf('anna'));
    assert.equal(data.subject.nationalRegisterNumber, NRN.anna);
    const list = async (path) => await (await api(backend, path, { token: tokens.anna })).json();
    assert.deepEqual(data.messages, (await list('/me/messages')).items);
    assert.deepEqual(data.dossiers, (await list('/me/dossiers')).items);
    assert.deepEqual(data.documents, (await list('/me/documents')).items);
    assert.deepEqual(data.facts, (await list('/me/data')).facts);
    // every document and published letter has its file, and its hash is the hash of what the link gives
    assert.equal(data.files.filter((f) => f.kind === 'document').length, data.documents.length);
    for (const file of data.files.filter((f) => f.kind === 'document')) {
      const bytes = Buffer.from(
        await (await fetch(file.href, { headers: { authorization: `Bearer ${tokens.anna}` } })).arrayBuffer(),
      );
      assert.equal(sha256(bytes), file.sha256, file.name);
      assert.equal(bytes.length, file.size);
    }
    assert.ok(
      data.files.some((f) => f.kind === 'letter'),
      'the published letter',
    );
    assert.ok(data.publishers.some((p) => p.supplier === 'Demo e-loket' && p.kind === 'dossier'));
    assert.ok(data.letters.length >= 2);
    assert.ok(data.accessLog.length > 0 && data.accessLog.every((e) => e.actor.kind === 'supplier'));
    assert.ok(
      data.ownActivity.some((a) => a.operation === 'sign-in'),
      'her own sign-in is in her activity',
    );
    // nobody else's data
    const bart = await (await api(backend, '/me/messages', { token: tokens.bart })).json();
    for (const m of bart.items) assert.ok(!JSON.stringify(data).includes(m.title));
    // the export is an audit row of its own, and marks nothing read
    const rows = await backend.store.auditRows({
      subject: idOf('anna'),
      operation: 'export',
      newestFirst: true,
      limit: 1,
    });
    assert.deepEqual([rows[0]?.resource, rows[0]?.outcome, rows[0]?.concerns], ['/api/me/export', 'ok', idOf('anna')]);
    const again = await (await api(backend, '/me/summary', { token: tokens.anna })).json();
    assert.ok(again.unread.messages >= 3, 'still unread');
  });

  test('a name with accents: filename* (RFC 5987) beside an ASCII fallback', async () => {
    const res = await api(backend, '/me/export', { token: tokens.chloe });
    const disposition = res.headers.get('content-disposition');
    assert.match(
      disposition,
      /^attachment; filename="loket-export-chloe-dubois-[\d-]+\.json"; filename\*=UTF-8''loket-export-chlo%C3%A9-dubois-[\d-]+\.json$/,
    );
    await openapi.check(res, { method: 'GET', path: '/me/export' });
  });

  test("jan acting for his bakery: the bakery's items, his mandates, his own identity", async () => {
    const { tokens: t } = await signIn(backend, { username: 'jan' });
    const me = await (await api(backend, '/me', { token: t.access_token })).json();
    const bakery = me.identities.find((i) => i.onBehalfOf?.kind === 'company');
    const acting = await signIn(backend, {
      username: 'jan',
      authorizeExtra: { login_hint: bakery.loginHint, prompt: 'login' },
    });
    const data = await openapi.check(await api(backend, '/me/export', { token: acting.tokens.access_token }), {
      method: 'GET',
      path: '/me/export',
    });
    assert.equal(data.actingFor.kind, 'company');
    assert.equal(data.mandates.length, 2);
    const messages = await (await api(backend, '/me/messages', { token: acting.tokens.access_token })).json();
    assert.deepEqual(data.messages, messages.items);
  });
});

describe('the pages /inzage, /inzage/download and /raadplegingen', () => {
  test('host mode and the provider session: the same export, as a page and as a download', async () => {
    for (const via of ['host', 'oidc']) {
      const jar = via === 'host' ? await hostLogin(backend, 'anna') : (await signIn(backend, { username: 'anna' })).jar;
      const page = await browse(jar, `${backend.issuer}/inzage`);
      assert.equal(page.status, 200, via);
      const html = await page.text();
      assert.match(html, /href="\/inzage\/download"/);
      const download = await browse(jar, `${backend.issuer}/inzage/download`);
      assert.equal(download.status, 200);
      assert.match(download.headers.get('content-disposition'), /^attachment; filename="loket-export-anna-peeters-/);
      const data = JSON.parse(await download.text());
      openapi.checkSchema('Export', data);
      for (const m of data.messages) assert.ok(html.includes(m.title.replaceAll("'", '&#39;')), m.title);
      for (const d of data.dossiers) assert.ok(html.includes(d.reference), d.reference);
      for (const f of data.files) assert.ok(html.includes(f.sha256), f.name);
      const access = await (await browse(jar, `${backend.issuer}/raadplegingen`)).text();
      assert.match(access, /Demo e-loket/);
      assert.match(access, /<h1>Wie bekeek mijn gegevens<\/h1>/);
    }
    const anonymous = await fetch(`${backend.issuer}/inzage/download`, { redirect: 'manual' });
    assert.equal(anonymous.status, 401);
    assert.equal((await fetch(`${backend.issuer}/api/me/export`)).status, 401);
  });
});
