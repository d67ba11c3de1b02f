// The profile API's real responses, checked against openapi/profile-api.yaml, endpoint by endpoint.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api, eventReader, loadOpenApi, signIn, SITE, startTestBackend } from './helpers.mjs';

const openapi = loadOpenApi();
let backend;
let anna;
let bart;
let chloe;

before(async () => {
  backend = await startTestBackend();
  [anna, bart, chloe] = await Promise.all(
    ['anna', 'bart', 'chloe'].map(async (username) => (await signIn(backend, { username })).tokens.access_token),
  );
});
after(() => backend?.close());

const get = (path, token = anna, init = {}) => api(backend, path, { token, ...init });
const postJson = (path, body, token = anna, headers = {}) =>
  api(backend, path, {
    token,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('the OpenAPI document', () => {
  test('compiles, and every $ref in it resolves', () => {
    const refs = [];
    const walk = (node) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        if (typeof node.$ref === 'string') refs.push(node.$ref);
        Object.values(node).forEach(walk);
      }
    };
    walk(openapi.doc);
    assert.ok(refs.length > 20);
    for (const ref of new Set(refs)) {
      const target = ref
        .slice(2)
        .split('/')
        .reduce((node, key) => node?.[key.replaceAll('~1', '/').replaceAll('~0', '~')], openapi.doc);
      assert.ok(target, `unresolved ${ref}`);
    }
    for (const name of Object.keys(openapi.doc.components.schemas)) {
      assert.ok(openapi.ajv.getSchema(`openapi.json#/components/schemas/${name}`), name);
    }
    assert.equal(openapi.doc.openapi, '3.1.0');
  });
});

describe('GET /me and /me/summary', () => {
  test('/me names the citizen by an opaque id', async () => {
    const me = await openapi.check(await get('/me'), { method: 'GET', path: '/me' });
    assert.equal(me.givenName, 'Anna');
    assert.equal(me.familyName, 'Peeters');
    assert.equal(me.language, 'nl');
    assert.doesNotMatch(me.id, /anna/i);
    const bartMe = await openapi.check(await get('/me', bart), { method: 'GET', path: '/me' });
    assert.equal(bartMe.language, undefined, 'language is optional');
    const chloeMe = await openapi.check(await get('/me', chloe), { method: 'GET', path: '/me' });
    assert.deepEqual([chloeMe.givenName, chloeMe.language], ['Chloé', 'fr']);
  });

  test('/me/summary: unread counts and the latest five items, newest first, every kind for anna', async () => {
    const summary = await openapi.check(await get('/me/summary'), { method: 'GET', path: '/me/summary' });
    assert.deepEqual(summary.unread, { messages: 3, dossiers: 2, documents: 1 });
    assert.equal(summary.latest.length, 5);
    const times = summary.latest.map((i) => i.createdAt);
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
    const kinds = new Set(summary.latest.map((i) => i.kind));
    for (const kind of ['registered', 'dossier', 'document']) assert.ok(kinds.has(kind), kind);
    for (const item of summary.latest) assert.ok(item.href.startsWith(`${backend.issuer}/`), item.href);
    for (const token of [bart, chloe]) {
      await openapi.check(await get('/me/summary', token), { method: 'GET', path: '/me/summary' });
    }
  });

  test('HEAD answers like GET without a body', async () => {
    const res = await get('/me/summary', anna, { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    assert.equal((await res.arrayBuffer()).byteLength, 0);
  });
});

describe('messages', () => {
  test('GET /me/messages lists messages and registered letters', async () => {
    const { items } = await openapi.check(await get('/me/messages'), { method: 'GET', path: '/me/messages' });
    assert.equal(items.length, 4);
    const letter = items.find((m) => m.kind === 'registered');
    assert.ok(letter && !letter.read && letter.acknowledgedAt === undefined);
    assert.ok(items.some((m) => m.kind === 'message' && m.read));
  });

  test('reading a registered letter acknowledges it, lowers the unread count and sends summary-changed', async () => {
    const events = await get('/me/events', anna, { headers: { accept: 'text/event-stream', origin: SITE } });
    assert.equal(events.status, 200);
    assert.match(events.headers.get('content-type'), /^text\/event-stream/);
    assert.equal(events.headers.get('access-control-allow-origin'), SITE);
    const stream = eventReader(events);
    await stream.until(() => stream.comments.includes('connected'));

    const before = (await (await get('/me/summary')).json()).unread.messages;
    const { items } = await (await get('/me/messages')).json();
    const letter = items.find((m) => m.kind === 'registered');
    const read = await openapi.check(await postJson(`/me/messages/${letter.id}/read`, {}), {
      method: 'POST',
      path: '/me/messages/{id}/read',
    });
    assert.equal(read.read, true);
    // issue 12: reading a registered letter is not acknowledging it (that is a button on the letter's page)
    assert.ok(read.readAt && read.acknowledgedAt === undefined, 'read, not acknowledged');

    const event = await stream.next('summary-changed');
    const data = JSON.parse(event.data);
    openapi.checkSchema('SummaryChanged', data);
    assert.deepEqual(Object.keys(data).sort(), ['at', 'version'], 'no counts or other personal data in the event');
    assert.equal(event.data.includes(letter.title), false);
    const after = (await (await get('/me/summary')).json()).unread.messages;
    assert.equal(after, before - 1);

    // idempotent: the read time is kept, still not acknowledged, no second event
    const again = await (await postJson(`/me/messages/${letter.id}/read`, {})).json();
    assert.equal(again.readAt, read.readAt);
    assert.equal(again.acknowledgedAt, undefined);
    await stream.cancel();
  });

  test('POST without a body works too; an unknown or foreign id is 404', async () => {
    const { items } = await (await get('/me/messages')).json();
    const message = items.find((m) => m.kind === 'message' && !m.read);
    const res = await api(backend, `/me/messages/${message.id}/read`, { token: anna, method: 'POST' });
    const body = await openapi.check(res, { method: 'POST', path: '/me/messages/{id}/read' });
    assert.equal(body.acknowledgedAt, undefined, 'only registered letters are acknowledged');
    await openapi.check(await postJson('/me/messages/msg_doesnotexist/read', {}), {
      method: 'POST',
      path: '/me/messages/{id}/read',
    });
    // bart cannot read anna's message
    const foreign = await postJson(`/me/messages/${message.id}/read`, {}, bart);
    assert.equal(foreign.status, 404);
    await openapi.check(foreign, { method: 'POST', path: '/me/messages/{id}/read' });
  });
});

describe('dossiers, documents, data', () => {
  test('GET /me/dossiers: status history in several states', async () => {
    const { items } = await openapi.check(await get('/me/dossiers'), { method: 'GET', path: '/me/dossiers' });
    assert.deepEqual(new Set(items.map((d) => d.status)), new Set(['received', 'in_progress', 'decided']));
    const decided = items.find((d) => d.status === 'decided');
    assert.deepEqual(
      decided.history.map((h) => h.status),
      ['received', 'in_progress', 'decided'],
    );
    assert.equal(decided.decision, 'granted');
  });

  test('GET /me/documents and the file: a real PDF, as an attachment, then read', async () => {
    const { items } = await openapi.check(await get('/me/documents'), { method: 'GET', path: '/me/documents' });
    const attest = items.find((d) => d.title === 'Attest van woonst');
    assert.ok(attest && !attest.read);
    assert.equal(attest.file.href, `${backend.issuer}/api/me/documents/${attest.id}/file`);
    const res = await fetch(attest.file.href, { headers: { authorization: `Bearer ${anna}`, origin: SITE } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.equal(res.headers.get('content-disposition'), 'attachment; filename="attest-van-woonst.pdf"');
    assert.match(res.headers.get('access-control-expose-headers'), /content-disposition/);
    const pdf = await openapi.check(res, { method: 'GET', path: '/me/documents/{id}/file' });
    assert.equal(pdf.subarray(0, 8).toString('latin1'), '%PDF-1.4');
    assert.match(pdf.subarray(-6).toString('latin1'), /%%EOF\n$/);
    // the cross-reference table points at the objects
    const text = pdf.toString('latin1');
    const startxref = Number(/startxref\n(\d+)\n%%EOF/.exec(text)[1]);
    assert.equal(text.slice(startxref, startxref + 4), 'xref');
    const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    offsets.forEach((offset, index) =>
      assert.equal(text.slice(offset, offset + `${index + 1} 0 obj`.length), `${index + 1} 0 obj`),
    );
    assert.ok(text.includes('(Attest van woonst) Tj'));

    const after = (await (await get('/me/documents')).json()).items.find((d) => d.id === attest.id);
    assert.equal(after.read, true);
    const foreign = await get(`/me/documents/${attest.id}/file`, chloe);
    await openapi.check(foreign, { method: 'GET', path: '/me/documents/{id}/file' });
    assert.equal(foreign.status, 404);
  });

  test('GET /me/data: address and a parking card with its valid-until date', async () => {
    const { facts } = await openapi.check(await get('/me/data'), { method: 'GET', path: '/me/data' });
    const card = facts.find((f) => f.kind === 'parking-card');
    assert.ok(card && /^\d{4}-\d{2}-\d{2}$/.test(card.validUntil) && new Date(card.validUntil) > new Date());
    assert.ok(facts.some((f) => f.kind === 'address'));
    await openapi.check(await get('/me/data', bart), { method: 'GET', path: '/me/data' });
  });
});

describe('POST /me/corrections', () => {
  const path = { method: 'POST', path: '/me/corrections' };

  test('a valid request is stored: 201 with the stored request', async () => {
    const res = await postJson('/me/corrections', {
      field: 'address',
      currentValue: 'Lindestraat 12',
      requestedValue: 'Lindestraat 14',
      reason: 'Verhuisd op 1 oktober.',
    });
    const stored = await openapi.check(res, path);
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('location'), `/api/me/corrections/${stored.id}`);
    assert.deepEqual([stored.field, stored.requestedValue, stored.status], ['address', 'Lindestraat 14', 'open']);
    const row = (await backend.store.corrections({ userId: (await (await get('/me')).json()).id, partyId: null })).find(
      (c) => c.id === stored.id,
    );
    assert.equal(row.reason, 'Verhuisd op 1 oktober.');
    // the Location resolves: GET /me/corrections/{id}, and the list has it
    const one = await get(res.headers.get('location').replace(/^\/api/, ''));
    assert.deepEqual(await openapi.check(one, { method: 'GET', path: '/me/corrections/{id}' }), stored);
    const list = await openapi.check(await get('/me/corrections'), { method: 'GET', path: '/me/corrections' });
    assert.deepEqual(list.items[0], stored);
    const missing = await get('/me/corrections/cor_nothing');
    await openapi.check(missing, { method: 'GET', path: '/me/corrections/{id}' });
    assert.equal(missing.status, 404);
  });

  test('validation: 422 naming each field', async () => {
    const cases = [
      [{ field: 'shoeSize', requestedValue: '44', reason: 'x' }, ['/field']],
      [{ field: 'givenName', requestedValue: '   ', reason: '' }, ['/requestedValue', '/reason']],
      [{ field: 'givenName', requestedValue: 'Ann', reason: 'typo', extra: true }, ['/extra']],
      [{ field: 'other', requestedValue: 'x'.repeat(501), reason: 'long' }, ['/requestedValue']],
      [{ field: 'other', requestedValue: 7, reason: 'number' }, ['/requestedValue']],
      [[1, 2], ['']],
      ['"just a string"', ['']],
    ];
    for (const [body, pointers] of cases) {
      const res = await postJson('/me/corrections', body);
      assert.equal(res.status, 422, JSON.stringify(body));
      const problem = await openapi.check(res, path);
      assert.deepEqual(problem.errors.map((e) => e.pointer).sort(), [...pointers].sort(), JSON.stringify(problem));
    }
  });

  test('invalid JSON is 400 naming the problem; another media type 415; over 16 KB 413', async () => {
    const bad = await postJson('/me/corrections', '{"field": "address",');
    assert.equal(bad.status, 400);
    const problem = await openapi.check(bad, path);
    assert.match(problem.detail, /not valid JSON/);
    assert.equal(problem.type, 'urn:loket:problem:invalid-json');

    const text = await api(backend, '/me/corrections', {
      token: anna,
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    assert.equal(text.status, 415);
    await openapi.check(text, path);

    const big = await postJson('/me/corrections', {
      field: 'other',
      requestedValue: 'x',
      reason: 'y'.repeat(17 * 1024),
    });
    assert.equal(big.status, 413);
    await openapi.check(big, path);
  });
});

describe('errors, methods, CORS', () => {
  test('unknown paths are 404 problems, wrong methods 405 with Allow', async () => {
    const unknown = await get('/me/nothing');
    assert.equal(unknown.status, 404);
    await openapi.check(unknown, { component: 'UnknownPath' });
    const root = await get('');
    assert.equal(root.status, 404);
    await openapi.check(root, { component: 'UnknownPath' });

    const wrong = await api(backend, '/me/summary', { token: anna, method: 'DELETE' });
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'GET, HEAD, OPTIONS');
    await openapi.check(wrong, { component: 'MethodNotAllowed' });
    const wrongPost = await api(backend, '/me/messages', {
      token: anna,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(wrongPost.status, 405);
    const getRead = await get('/me/messages/x/read');
    assert.equal(getRead.status, 405);
    assert.equal(getRead.headers.get('allow'), 'POST, OPTIONS');
  });

  test('a preflight from a site origin allows Authorization and credentials', async () => {
    const res = await api(backend, '/me/summary', {
      method: 'OPTIONS',
      headers: {
        origin: SITE,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), SITE);
    assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
    assert.match(res.headers.get('access-control-allow-headers'), /authorization/);
    assert.match(res.headers.get('access-control-allow-methods'), /GET/);
    assert.match(res.headers.get('vary'), /Origin/);

    const real = await get('/me', anna, { headers: { origin: SITE } });
    assert.equal(real.headers.get('access-control-allow-origin'), SITE);
  });

  test('CORS is refused for an unknown origin: no CORS headers, 403, no data', async () => {
    const preflight = await api(backend, '/me/summary', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://evil.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    assert.equal(preflight.status, 403);
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);

    const res = await get('/me/summary', anna, { headers: { origin: 'http://evil.example' } });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
    const problem = await openapi.check(res, { method: 'GET', path: '/me/summary' });
    assert.doesNotMatch(JSON.stringify(problem), /Anna|Peeters/);
    const nullOrigin = await get('/me', anna, { headers: { origin: 'null' } });
    assert.equal(nullOrigin.status, 403);
  });

  test('without a token every endpoint is 401 with WWW-Authenticate', async () => {
    for (const op of openapi.operations().filter((o) => o.path.startsWith('/me'))) {
      const concrete = op.path.replace('{id}', 'msg_x');
      const res = await api(backend, concrete, {
        method: op.method,
        ...(op.method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}),
      });
      assert.equal(res.status, 401, `${op.method} ${op.path}`);
      await openapi.check(res, op);
    }
  });
});

describe('GET /me/events', () => {
  test('an event stream with the bearer header; keep-alive comments', async () => {
    const quick = await startTestBackend({ sseKeepAliveMs: 100 });
    try {
      const { tokens } = await signIn(quick, { username: 'bart' });
      const res = await api(quick, '/me/events', { token: tokens.access_token });
      assert.equal(res.status, 200);
      await openapi.check(res, { method: 'GET', path: '/me/events' }, { readBody: false });
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const stream = eventReader(res);
      await stream.until(() => stream.comments.filter((c) => c === 'keep-alive').length >= 2, 3000);
      await stream.cancel();
    } finally {
      await quick.close();
    }
  });
});

describe('GET and PUT /me/preferences (issue 14)', () => {
  const read = { method: 'GET', path: '/me/preferences' };
  const write = { method: 'PUT', path: '/me/preferences' };
  const put = (body, token = bart) =>
    api(backend, '/me/preferences', {
      token,
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  test('digital and no notices by default; paper, an address waiting for its confirmation, then off again', async () => {
    assert.deepEqual(await openapi.check(await get('/me/preferences', bart), read), {
      correspondence: 'digital',
      emailNotices: { status: 'off' },
    });
    assert.equal((await openapi.check(await put({ correspondence: 'paper' }), write)).correspondence, 'paper');
    const pending = await openapi.check(
      await put({ emailNotices: { email: 'bart@example.be', language: 'fr' } }),
      write,
    );
    assert.equal(pending.emailNotices.status, 'pending');
    assert.equal(pending.emailNotices.language, 'fr');
    const off = await openapi.check(await put({ correspondence: 'digital', emailNotices: null }), write);
    assert.deepEqual(off, { correspondence: 'digital', emailNotices: { status: 'off' } });
    assert.equal(
      (await openapi.check(await get('/me/preferences', anna), read)).correspondence,
      'digital',
      'per citizen',
    );
  });

  test('bad bodies: 422 naming the field, 400 for broken JSON', async () => {
    for (const [body, pointer] of [
      [{ correspondence: 'fax' }, '/correspondence'],
      [{ emailNotices: { email: 'not an address' } }, '/emailNotices'],
      [{ other: 1 }, ''],
      [{}, ''],
    ]) {
      const res = await put(body);
      assert.equal(res.status, 422, JSON.stringify(body));
      const problem = await openapi.check(res, write);
      assert.ok(
        problem.errors.some((e) => e.pointer.startsWith(pointer)),
        JSON.stringify(problem.errors),
      );
    }
    assert.equal((await openapi.check(await put('{"correspondence":'), write)).status, 400);
  });
});

describe('GET /me/export and /me/access-log (issue 14; more in rights.test.mjs)', () => {
  test('the export is a loket-export document; the access log a page of entries', async () => {
    const data = await openapi.check(await get('/me/export'), { method: 'GET', path: '/me/export' });
    assert.equal(data.format, 'loket-export');
    const page = await openapi.check(await get('/me/access-log', bart), { method: 'GET', path: '/me/access-log' });
    assert.ok(Array.isArray(page.items));
  });
});

describe('coverage', () => {
  test('every /me operation of the document was exercised with a 2xx response and validated', () => {
    const missing = openapi
      .operations()
      .filter((o) => o.path.startsWith('/me'))
      .filter((o) => ![...openapi.seen].some((s) => s.startsWith(`${o.method} ${o.path} 2`)));
    assert.deepEqual(missing, []);
  });
});
