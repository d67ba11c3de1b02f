// The staff pages (issues 13 and 14): staff sign-in against the staff registry, roles and 403s, the security
// consultant's audit console (/audit: each filter, paging, CSV export, every search a row of its own) and the
// officer's corrections work list (/behandeling: open → reject with an answer → the citizen's message, list
// and GET /api/me/corrections/{id}). Through HTTP only, like a browser; the log read through the store.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { auditCsvRow, csvCell } from '../dist/audit/csv.js';
import { DEMO_USERS } from '../dist/index.js';
import { auditRows, browse, CookieJar, form, lastAuditId, SITE, startTestBackend } from './helpers.mjs';
import { clientToken, hostLogin, NRN } from './publish-helpers.mjs';

const [ANNA, , CHLOE] = DEMO_USERS;
const CONSULTANT = 'staff:stf-consulent';
const OFFICER = 'staff:stf-baliemedewerker';

let backend;
let consultant;
let officer;
before(async () => {
  backend = await startTestBackend();
  consultant = await staffLogin('consulent');
  officer = await staffLogin('baliemedewerker');
});
after(() => backend?.close());

const url = (path) => `${backend.issuer}${path}`;
const sameOrigin = () => ({ origin: backend.issuer, 'sec-fetch-site': 'same-origin' });
const csrfOf = (html) => /name="csrf" value="([^"]+)"/.exec(html)?.[1];
const decode = (html) => html.replaceAll('&amp;', '&').replaceAll('&#39;', "'").replaceAll('&quot;', '"');

/** Signs in on /medewerkers/aanmelden like a browser; returns the jar (and the answer when it failed). */
async function staffLogin(username, password = 'demo', jar = new CookieJar()) {
  const page = await (await browse(jar, url('/medewerkers/aanmelden'))).text();
  const res = await browse(jar, url('/medewerkers/aanmelden'), {
    ...form({ username, password, csrf: csrfOf(page), lang: 'nl' }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...sameOrigin() },
  });
  if (res.status !== 303) return { failed: res, jar };
  return jar;
}

/** A form post of a staff page, with the page's CSRF token. */
async function post(jar, path, fields, { csrfFrom = '/audit', headers = sameOrigin() } = {}) {
  const page = await (await browse(jar, url(csrfFrom))).text();
  return browse(jar, url(path), {
    ...form({ csrf: csrfOf(page), ...fields }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
}

async function search(fields, jar = consultant) {
  const res = await post(jar, '/audit', { lang: 'en', ...fields });
  return { res, html: await res.text() };
}
/** The rows of a result table: [id, at, ip, actor, onBehalfOf, concerns, resource, operation, outcome, request]. */
const tableRows = (html) =>
  [...html.matchAll(/<tr><td>([\s\S]*?)<\/td><\/tr>/g)].map(([, row]) =>
    row.split('</td><td>').map((cell) => decode(cell.replace(/<[^>]+>/g, ''))),
  );

async function added(action) {
  const last = await lastAuditId(backend);
  const result = await action();
  return { result, rows: await auditRows(backend, last) };
}

describe('staff sign-in', () => {
  test('a right password: a staff session cookie (HttpOnly, SameSite=Strict) and the role’s page; audited', async () => {
    const jar = new CookieJar();
    const page = await (await browse(jar, url('/medewerkers/aanmelden?return=/audit'))).text();
    assert.match(page, /<h1>Aanmelden als medewerker<\/h1>/);
    const { result: res, rows } = await added(() =>
      browse(jar, url('/medewerkers/aanmelden'), {
        ...form({ username: 'Consulent ', password: 'demo', csrf: csrfOf(page), return: '/audit' }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...sameOrigin() },
      }),
    );
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/audit?lang=nl');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('loket_staff_session='));
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Strict/i);
    assert.deepEqual(
      rows.map((r) => [r.subject, r.operation, r.outcome, r.resource]),
      [[CONSULTANT, 'staff-sign-in', 'ok', '/medewerkers/aanmelden']],
    );
  });

  test('a wrong password or an unknown name: 401, the form again, audited as denied (the known member named)', async () => {
    const { result, rows } = await added(async () => [
      await staffLogin('consulent', 'wrong'),
      await staffLogin('nobody', 'demo'),
      await staffLogin('anna', 'demo'), // a citizen is not staff
    ]);
    for (const { failed } of result) {
      assert.equal(failed.status, 401);
      assert.match(await failed.text(), /role="alert">De gebruikersnaam of het wachtwoord is niet juist/);
    }
    assert.deepEqual(
      rows.map((r) => [r.subject, r.operation, r.outcome]),
      [
        [CONSULTANT, 'staff-sign-in', 'denied'],
        [null, 'staff-sign-in', 'denied'],
        [null, 'staff-sign-in', 'denied'],
      ],
    );
  });

  test('a post without the form’s token, or from another site, is refused (403) and signs no one in', async () => {
    const jar = new CookieJar();
    const page = await (await browse(jar, url('/medewerkers/aanmelden'))).text();
    const send = (fields, headers) =>
      browse(jar, url('/medewerkers/aanmelden'), {
        ...form({ username: 'consulent', password: 'demo', ...fields }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      });
    assert.equal((await send({ csrf: 'forged' }, sameOrigin())).status, 403);
    assert.equal((await send({ csrf: csrfOf(page) }, { origin: SITE, 'sec-fetch-site': 'cross-site' })).status, 403);
    assert.equal(jar.get('loket_staff_session'), undefined);
  });

  test('sign-out ends the session (audited); the page then asks to sign in again', async () => {
    const jar = await staffLogin('consulent');
    const { result: res, rows } = await added(() => post(jar, '/medewerkers/afmelden', { lang: 'en' }));
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/medewerkers/aanmelden?signedOut=1&lang=en');
    assert.deepEqual(
      rows.map((r) => [r.subject, r.operation, r.outcome]),
      [[CONSULTANT, 'staff-sign-out', 'ok']],
    );
    const after = await browse(jar, url('/audit'));
    assert.equal(after.status, 303);
    assert.match(after.headers.get('location'), /^\/medewerkers\/aanmelden\?return=%2Faudit/);
  });

  test('the idle limit ends a staff session that is not used', async () => {
    const idle = await startTestBackend({ staffIdleTtl: 1 });
    try {
      const jar = new CookieJar();
      const page = await (await browse(jar, `${idle.issuer}/medewerkers/aanmelden`)).text();
      const res = await browse(jar, `${idle.issuer}/medewerkers/aanmelden`, {
        ...form({ username: 'consulent', password: 'demo', csrf: csrfOf(page) }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: idle.issuer },
      });
      assert.equal(res.status, 303);
      assert.equal((await browse(jar, `${idle.issuer}/audit`)).status, 200);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const ended = await browse(jar, `${idle.issuer}/audit`);
      assert.equal(ended.status, 303);
      assert.match(ended.headers.get('location'), /ended=1/);
    } finally {
      await idle.close();
    }
  });
});

describe('roles: who may open which staff page', () => {
  test('nobody signed in: sent to the staff sign-in (no row); a citizen, a publish client and the other role: 403', async () => {
    const anonymous = await browse(new CookieJar(), url('/behandeling'));
    assert.equal(anonymous.status, 303);
    assert.match(anonymous.headers.get('location'), /^\/medewerkers\/aanmelden\?return=%2Fbehandeling/);

    const anna = await hostLogin(backend, 'anna');
    const token = await clientToken(backend);
    const { rows } = await added(async () => {
      for (const path of ['/audit', '/behandeling']) {
        const asCitizen = await browse(anna, url(path));
        assert.equal(asCitizen.status, 403, `${path} for a citizen`);
        assert.match(await asCitizen.text(), /alleen voor medewerkers van de gemeente/);
        const asClient = await fetch(url(path), { headers: { authorization: `Bearer ${token}` } });
        assert.equal(asClient.status, 403, `${path} for a publish client`);
      }
      assert.equal((await browse(officer, url('/audit'))).status, 403);
      assert.equal((await browse(consultant, url('/behandeling'))).status, 403);
      const exported = await post(officer, '/audit/export.csv', {}, { csrfFrom: '/behandeling' });
      assert.equal(exported.status, 403);
      assert.doesNotMatch(exported.headers.get('content-type'), /csv/);
    });
    assert.deepEqual(
      rows.map((r) => [r.subject, r.resource, r.outcome]),
      [
        [ANNA.id, '/audit', 'denied'],
        ['client:demo-eloket', '/audit', 'denied'],
        [ANNA.id, '/behandeling', 'denied'],
        ['client:demo-eloket', '/behandeling', 'denied'],
        [OFFICER, '/audit', 'denied'],
        [CONSULTANT, '/behandeling', 'denied'],
        [OFFICER, '/behandeling', 'ok'], // the CSRF token's page
        [OFFICER, '/audit/export.csv', 'denied'],
      ],
    );
  });
});

describe('the audit console (/audit)', () => {
  test('the form, no row until a search; a search is a row of its own', async () => {
    const { result: res, rows } = await added(() => browse(consultant, url('/audit?lang=en')));
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<h1>Audit logbook<\/h1>/);
    assert.match(html, /<label for="audit-nrn">Citizen \(national register number\)<\/label>/);
    assert.deepEqual(rows, []);
    const searched = await added(() => search({ operation: 'staff-sign-in' }));
    assert.deepEqual(
      searched.rows.filter((r) => r.resource === '/audit').map((r) => [r.subject, r.operation, r.outcome, r.concerns]),
      [[CONSULTANT, 'audit-search', 'ok', null]],
    );
  });

  test('each filter: operation, outcome, actor (also by staff username), address, period', async () => {
    const byOperation = tableRows((await search({ operation: 'staff-sign-in' })).html);
    assert.ok(byOperation.length >= 2);
    assert.ok(byOperation.every((r) => r[7] === 'staff-sign-in'));
    assert.ok(
      byOperation.every((r, i) => i === 0 || Number(r[0]) < Number(byOperation[i - 1][0])),
      'newest first',
    );

    const denied = tableRows((await search({ operation: 'staff-sign-in', outcome: 'denied' })).html);
    assert.ok(denied.length >= 1);
    assert.ok(denied.every((r) => r[8] === 'denied'));

    const byActor = tableRows((await search({ actor: 'baliemedewerker' })).html);
    assert.ok(byActor.length >= 1);
    assert.ok(byActor.every((r) => r[3] === OFFICER));
    assert.deepEqual(tableRows((await search({ actor: OFFICER })).html), byActor);

    const byIp = tableRows((await search({ ip: '127.0.0.1', operation: 'staff-sign-in' })).html);
    assert.deepEqual(byIp, byOperation);
    const { html: noneHtml } = await search({ ip: '10.1.2.3' });
    assert.match(noneHtml, /<p role="status">No rows found for this search.<\/p>/);

    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    assert.deepEqual(
      tableRows((await search({ from: today, to: today, operation: 'staff-sign-in' })).html),
      byOperation,
    );
    assert.deepEqual(tableRows((await search({ from: tomorrow, operation: 'staff-sign-in' })).html), []);
    assert.deepEqual(tableRows((await search({ to: '2020-01-01' })).html), []);
  });

  test('by citizen: the national register number through the blind index; the row names the citizen', async () => {
    const anna = await hostLogin(backend, 'anna');
    await browse(anna, url('/berichten'));
    const { result, rows } = await added(() => search({ nrn: '85.07.30-033.28' }));
    const found = tableRows(result.html);
    assert.ok(found.length >= 2);
    assert.ok(found.every((r) => r[3] === ANNA.id || r[5] === ANNA.id));
    assert.ok(found.some((r) => r[6] === '/berichten'));
    const own = rows.filter((r) => r.resource === '/audit');
    assert.deepEqual(
      own.map((r) => [r.subject, r.operation, r.concerns]),
      [[CONSULTANT, 'audit-search', ANNA.id]],
    );
    assert.ok(!JSON.stringify(rows).includes(NRN.anna), 'the number itself is in no row');
  });

  test('bad input: 422, the form again with each wrong field named; still a row (invalid)', async () => {
    const { result, rows } = await added(() =>
      search({ nrn: '85073003329', from: '2026-13-01', ip: 'not-an-ip', operation: 'sign in' }),
    );
    assert.equal(result.res.status, 422);
    const html = decode(result.html);
    assert.match(
      html,
      /<a href="#audit-nrn">Citizen \(national register number\): A national register number has 11 digits and a valid check number \(modulo 97\).<\/a>/,
    );
    assert.match(html, /<a href="#audit-from">From \(date, UTC\): Give a date as YYYY-MM-DD.<\/a>/);
    assert.match(html, /<a href="#audit-ip">Address \(IP\): Give an IPv4 or IPv6 address.<\/a>/);
    assert.match(
      html,
      /id="audit-nrn" name="nrn" aria-invalid="true" aria-describedby="audit-nrn-error"[^>]*value="85073003329"/,
    );
    assert.match(html, /id="audit-operation" name="operation" aria-invalid="true"/);
    assert.deepEqual(
      rows.filter((r) => r.resource === '/audit').map((r) => [r.operation, r.outcome]),
      [['audit-search', 'invalid']],
    );
    const unknown = await search({ nrn: '90010100123' });
    assert.equal(unknown.res.status, 422);
    assert.match(unknown.html, /There is no citizen with this national register number./);
    const range = await search({ from: '2026-02-01', to: '2026-01-01' });
    assert.match(decode(range.html), /Up to and including \(date, UTC\): “Up to” is before “From”./);
  });

  test('paging: 50 rows a page, newest first; older rows continue where the page ended', async () => {
    for (let i = 0; i < 60; i += 1)
      await backend.store.appendAudit({
        clientIp: '192.0.2.7',
        subject: null,
        onBehalfOf: null,
        resource: `/paging/${i}`,
        operation: 'paging-test',
        outcome: 'ok',
      });
    const first = await search({ operation: 'paging-test' });
    const page1 = tableRows(first.html);
    assert.equal(page1.length, 50);
    assert.equal(page1[0][6], '/paging/59');
    const before = /name="before" value="(\d+)"/.exec(first.html)[1];
    const page2 = tableRows((await search({ operation: 'paging-test', before })).html);
    assert.deepEqual(
      page2.map((r) => r[6]),
      Array.from({ length: 10 }, (_, i) => `/paging/${9 - i}`),
    );
  });

  test('CSV export: a header row, the rows of the search, quoting and no formula injection; a row of its own', async () => {
    const evil = '=HYPERLINK("http://evil.example","x"),\n+1';
    await backend.store.appendAudit({
      clientIp: '192.0.2.9',
      subject: evil,
      onBehalfOf: null,
      resource: '/csv-test',
      operation: 'csv-test',
      outcome: 'ok',
    });
    const { result: res, rows } = await added(() =>
      post(consultant, '/audit/export.csv', { operation: 'csv-test', lang: 'nl' }),
    );
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/csv; charset=utf-8/);
    assert.match(res.headers.get('content-disposition'), /^attachment; filename="audit-[\dT-]+Z\.csv"$/);
    const csv = await res.text();
    const lines = csv.split('\r\n');
    assert.equal(lines[0], 'id,at,clientIp,subject,onBehalfOf,concerns,resource,operation,outcome,requestId');
    assert.equal(lines.at(-1), '', 'every line ends with CRLF');
    assert.match(
      csv,
      /,192\.0\.2\.9,"'=HYPERLINK\(""http:\/\/evil\.example"",""x""\),\n\+1",,,\/csv-test,csv-test,ok,\r\n/,
    );
    assert.deepEqual(
      rows.filter((r) => r.resource === '/audit/export.csv').map((r) => [r.subject, r.operation, r.outcome]),
      [[CONSULTANT, 'audit-export', 'ok']],
    );
    // a cell starting with = + - @ (or a tab) is neutralised; one with a comma, quote or line break quoted
    assert.deepEqual(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', 'a,b', 'say "hi"', 'plain', null].map(csvCell), [
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tx",
      '"a,b"',
      '"say ""hi"""',
      'plain',
      '',
    ]);
    assert.equal(
      auditCsvRow({
        id: 1,
        at: 'T',
        clientIp: null,
        subject: '-x',
        onBehalfOf: null,
        concerns: null,
        resource: '/r',
        operation: 'read',
        outcome: 'ok',
        requestId: 'q',
      }),
      "1,T,,'-x,,,/r,read,ok,q\r\n",
    );
  });

  test('the export without the form’s token is refused', async () => {
    const res = await browse(consultant, url('/audit/export.csv'), {
      ...form({ csrf: 'forged', operation: 'read' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...sameOrigin() },
    });
    assert.equal(res.status, 403);
    assert.doesNotMatch(res.headers.get('content-type'), /csv/);
  });
});

describe('corrections (/behandeling): open → reject with an answer → the citizen’s message and list', () => {
  test('the whole flow, every step in the logbook', async () => {
    const anna = await hostLogin(backend, 'anna');
    const created = await browse(anna, url('/api/me/corrections'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: SITE },
      body: JSON.stringify({
        field: 'address',
        requestedValue: 'Lindestraat 99, 9999 Lindegem',
        reason: 'Verhuisd.',
      }),
    });
    assert.equal(created.status, 201);
    const correction = await created.json();
    assert.equal(correction.status, 'open');
    // the Location resolves
    const location = created.headers.get('location');
    assert.equal(location, `/api/me/corrections/${correction.id}`);
    const resolved = await browse(anna, url(location), { headers: { origin: SITE } });
    assert.equal(resolved.status, 200);
    assert.deepEqual(await resolved.json(), correction);
    const unreadBefore = (await (await browse(anna, url('/api/me/summary'), { headers: { origin: SITE } })).json())
      .unread.messages;

    // the work list: the fact concerned and the date, never the requested value
    const list = await added(() => browse(officer, url('/behandeling')));
    const listHtml = await list.result.text();
    assert.equal(list.result.status, 200);
    assert.match(listHtml, new RegExp(`href="/behandeling/${correction.id}\\?lang=nl">Adres</a>`));
    assert.ok(!listHtml.includes('Lindestraat 99'), 'no requested value on the list');
    assert.deepEqual(
      list.rows.map((r) => [r.subject, r.operation, r.concerns]),
      [[OFFICER, 'correction-list', null]],
    );
    // open first: the open request comes before any decided one
    const opened = await added(() => browse(officer, url(`/behandeling/${correction.id}`)));
    const openedHtml = await opened.result.text();
    assert.match(openedHtml, /Lindestraat 99, 9999 Lindegem/);
    assert.match(openedHtml, /Anna/);
    assert.deepEqual(
      opened.rows.map((r) => [r.subject, r.operation, r.outcome, r.concerns]),
      [[OFFICER, 'correction-open', 'ok', ANNA.id]],
    );

    // a rejection needs an answer
    const noAnswer = await post(
      officer,
      `/behandeling/${correction.id}`,
      { decision: 'rejected', answer: '  ' },
      {
        csrfFrom: `/behandeling/${correction.id}`,
      },
    );
    assert.equal(noAnswer.status, 422);
    assert.match(await noAnswer.text(), /Geef een antwoord: het is verplicht bij een weigering./);
    const answer = 'Het register toont nog uw oude adres; laat uw verhuizing eerst registreren.';
    const decided = await added(() =>
      post(
        officer,
        `/behandeling/${correction.id}`,
        { decision: 'rejected', answer },
        {
          csrfFrom: `/behandeling/${correction.id}`,
        },
      ),
    );
    assert.equal(decided.result.status, 303);
    assert.deepEqual(
      decided.rows.filter((r) => r.operation === 'correction-decide').map((r) => [r.subject, r.outcome, r.concerns]),
      [[OFFICER, 'ok', ANNA.id]],
    );

    // the citizen: a message in her language, counted as unread; the request with status and answer
    const summary = await (await browse(anna, url('/api/me/summary'), { headers: { origin: SITE } })).json();
    assert.equal(summary.unread.messages, unreadBefore + 1);
    assert.equal(summary.latest[0].title, 'Je vraag om correctie is geweigerd');
    const messages = await backend.store.messages({ userId: ANNA.id, partyId: null });
    const message = messages.find((m) => m.title === 'Je vraag om correctie is geweigerd');
    assert.equal(message.sender, 'Dienst Burgerzaken');
    assert.match(message.body, /correctie van: Adres/);
    assert.ok(message.body.includes(`Ons antwoord: ${answer}`));
    const after = await (await browse(anna, url(location), { headers: { origin: SITE } })).json();
    assert.equal(after.status, 'rejected');
    assert.equal(after.answer, answer);
    assert.ok(after.decidedAt);
    const listed = await (await browse(anna, url('/api/me/corrections'), { headers: { origin: SITE } })).json();
    assert.deepEqual(
      listed.items.find((c) => c.id === correction.id),
      after,
    );
    const dataPage = decode(await (await browse(anna, url('/gegevens'))).text());
    assert.match(dataPage, /<h2 id="correctieaanvragen">Mijn correctieaanvragen<\/h2>/);
    assert.match(dataPage, /Status: Geweigerd/);
    assert.ok(dataPage.includes(`Ons antwoord: ${answer}`));

    // decided once: a second decision changes nothing and sends nothing
    const again = await post(
      officer,
      `/behandeling/${correction.id}`,
      { decision: 'accepted', answer: 'ok' },
      {
        csrfFrom: `/behandeling/${correction.id}`,
      },
    );
    assert.equal(again.status, 303);
    assert.match(again.headers.get('location'), /decided=already/);
    assert.equal(
      (await backend.store.correction({ userId: ANNA.id, partyId: null }, correction.id)).status,
      'rejected',
    );

    // the consultant finds the officer's steps by the citizen's number
    const found = tableRows((await search({ nrn: NRN.anna, actor: 'baliemedewerker' })).html);
    assert.ok(found.length >= 2);
    assert.ok(found.every((r) => r[3] === OFFICER && (r[5] === ANNA.id || r[3] === ANNA.id)));
    assert.ok(found.some((r) => r[7] === 'correction-open' && r[5] === ANNA.id));
    assert.ok(found.some((r) => r[7] === 'correction-decide' && r[5] === ANNA.id));
  });

  test('accepted, in the citizen’s language (chloe: French); another citizen cannot read the request', async () => {
    const chloe = await hostLogin(backend, 'chloe');
    const created = await browse(chloe, url('/api/me/corrections'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: SITE },
      body: JSON.stringify({ field: 'givenName', requestedValue: 'Chloé', reason: 'Accent oublié.' }),
    });
    const { id } = await created.json();
    const anna = await hostLogin(backend, 'anna');
    assert.equal((await browse(anna, url(`/api/me/corrections/${id}`), { headers: { origin: SITE } })).status, 404);
    const res = await post(
      officer,
      `/behandeling/${id}`,
      { decision: 'accepted', answer: '' },
      {
        csrfFrom: `/behandeling/${id}`,
      },
    );
    assert.equal(res.status, 303);
    const messages = await backend.store.messages({ userId: CHLOE.id, partyId: null });
    const message = messages.find((m) => m.title === 'Votre demande de rectification est acceptée');
    assert.ok(message, 'a French message');
    assert.equal(message.sender, 'Service Population');
    const row = await backend.store.correction({ userId: CHLOE.id, partyId: null }, id);
    assert.deepEqual([row.status, row.answer, row.decidedBy], ['accepted', null, OFFICER]);
  });
});
