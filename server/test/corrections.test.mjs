// Issue 14, GDPR art. 16: an accepted correction is applied. The officer accepts a request at /behandeling and
// the fact it concerns takes the requested value in the same transaction: the citizen's API (/api/me/data), the
// page (/gegevens) and the export show it, with the date and the value it replaced; a rejection changes nothing;
// a fact that changed since the officer saw it is not overwritten (409, the page names it, nothing decided);
// two decisions at once: one wins. The audit log has a row of its own for the fact's change, without values.
// Through HTTP (a browser's forms, the host-mode cookie) and the store interface only.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_USERS } from '../dist/index.js';
import { auditRows, browse, CookieJar, form, lastAuditId, SITE, startTestBackend } from './helpers.mjs';
import { hostLogin } from './publish-helpers.mjs';

const [ANNA, BART, CHLOE, JAN] = DEMO_USERS;
const OFFICER = 'staff:stf-baliemedewerker';

let backend;
let officer;
before(async () => {
  backend = await startTestBackend();
  officer = await staffLogin('baliemedewerker');
});
after(() => backend?.close());

const url = (path) => `${backend.issuer}${path}`;
const sameOrigin = () => ({ origin: backend.issuer, 'sec-fetch-site': 'same-origin' });
const hidden = (html, name) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
const decode = (html) =>
  html.replaceAll('&amp;', '&').replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&#x27;', "'");

async function staffLogin(username) {
  const jar = new CookieJar();
  const page = await (await browse(jar, url('/medewerkers/aanmelden'))).text();
  const res = await browse(jar, url('/medewerkers/aanmelden'), {
    ...form({ username, password: 'demo', csrf: hidden(page, 'csrf'), lang: 'nl' }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...sameOrigin() },
  });
  assert.equal(res.status, 303);
  return jar;
}

/** The officer opens the request (GET) and returns the page. */
const openRequest = async (id, jar = officer) => decode(await (await browse(jar, url(`/behandeling/${id}`))).text());

/** Posts the decision form of a page the officer opened (its CSRF token and the fact's version, as shown). */
async function decide(id, fields, page) {
  const opened = page ?? (await openRequest(id));
  const res = await browse(officer, url(`/behandeling/${id}`), {
    ...form({
      csrf: hidden(opened, 'csrf'),
      lang: 'nl',
      ...(hidden(opened, 'factVersion') === undefined ? {} : { factVersion: hidden(opened, 'factVersion') }),
      ...fields,
    }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...sameOrigin() },
  });
  return { res, html: decode(await res.text()) };
}

const api = async (jar, path, init = {}) => {
  const res = await browse(jar, url(path), { ...init, headers: { origin: SITE, ...init.headers } });
  assert.equal(res.status < 300, true, `${path}: ${res.status}`);
  return res.json();
};
const request = (jar, body) =>
  api(jar, '/api/me/corrections', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const factOf = async (jar, kind) => (await api(jar, '/api/me/data')).facts.find((f) => f.kind === kind);

describe('an accepted correction is applied', () => {
  test('accepted: the fact has the new value in the API, the page and the export; the request keeps the old', async () => {
    const bart = await hostLogin(backend, 'bart');
    const before = await factOf(bart, 'address');
    assert.equal(before.value, 'Kerkstraat 3, 9999 Lindegem');
    assert.equal(before.correctedAt, undefined);
    const NEW = 'Kerkstraat 5, 9999 Lindegem';
    const correction = await request(bart, { field: 'address', requestedValue: NEW, reason: 'Huisnummer fout.' });
    assert.equal(correction.factId, before.id);
    assert.equal(correction.previousValue, undefined, 'not applied yet');

    // the officer sees the value in the service now and what accepting does
    const page = await openRequest(correction.id);
    assert.match(page, /<dt>Waarde in de dienst nu<\/dt><dd>Kerkstraat 3, 9999 Lindegem<\/dd>/);
    assert.match(page, /Aanvaarden bewaart de beslissing, geeft Domicilieadres de gevraagde waarde/);
    assert.doesNotMatch(page, /Let op:/);

    const last = await lastAuditId(backend);
    const { res } = await decide(correction.id, { decision: 'accepted', answer: 'Aangepast.' }, page);
    assert.equal(res.status, 303);
    assert.match(res.headers.get('location'), /decided=applied/);
    const notice = decode(await (await browse(officer, url(res.headers.get('location')))).text());
    assert.match(notice, /role="status">De beslissing is bewaard, Domicilieadres heeft nu de gevraagde waarde/);
    assert.match(notice, /<dt>Vervangen waarde in de dienst<\/dt><dd>Kerkstraat 3, 9999 Lindegem<\/dd>/);

    // the API
    const after = await factOf(bart, 'address');
    assert.equal(after.id, before.id);
    assert.equal(after.value, NEW);
    assert.equal(after.label, before.label);
    assert.equal(after.correction, correction.id);
    assert.ok(after.correctedAt);
    const decided = await api(bart, `/api/me/corrections/${correction.id}`);
    assert.equal(decided.status, 'accepted');
    assert.equal(decided.previousValue, 'Kerkstraat 3, 9999 Lindegem');
    assert.equal(decided.appliedAt, decided.decidedAt);
    assert.equal(decided.appliedAt, after.correctedAt);

    // the page: the new value, "verbeterd door de gemeente op", the request with the value it replaced
    const data = decode(await (await browse(bart, url('/gegevens'))).text());
    assert.match(data, /<dd>Kerkstraat 5, 9999 Lindegem <span class="meta">\(verbeterd door de gemeente op <time/);
    assert.ok(!data.includes('<dd>Kerkstraat 3, 9999 Lindegem'), 'the old value is no longer the fact');
    assert.match(data, /Aangepast in je gegevens op [^;]+; vorige waarde: Kerkstraat 3, 9999 Lindegem/);

    // the export (JSON and page)
    const exported = await api(bart, '/api/me/export');
    assert.deepEqual(
      exported.facts.find((f) => f.id === before.id),
      after,
    );
    assert.deepEqual(
      exported.corrections.find((c) => c.id === correction.id),
      decided,
    );
    const exportPage = decode(await (await browse(bart, url('/inzage'))).text());
    assert.match(exportPage, /Kerkstraat 5, 9999 Lindegem <span class="meta">\(verbeterd door de gemeente op/);

    // the citizen's message says what changed
    const messages = await backend.store.messages({ userId: BART.id, partyId: null });
    const message = messages.find((m) => m.title === 'Je vraag om correctie is aanvaard');
    assert.ok(
      message.body.includes(
        'We hebben je gegevens aangepast: Domicilieadres is nu “Kerkstraat 5, 9999 Lindegem” (was “Kerkstraat 3, 9999 Lindegem”).',
      ),
    );

    // the audit rows: the decision and the fact's change, by the officer, for bart; no value in any row
    const rows = (await auditRows(backend, last)).filter(
      (r) => r.subject === OFFICER && r.operation !== 'correction-open',
    );
    assert.deepEqual(
      rows.map((r) => [r.operation, r.outcome, r.resource, r.concerns, r.onBehalfOf]),
      [
        ['correction-apply', 'ok', `/gegevens/${before.id}`, BART.id, null],
        ['correction-decide', 'ok', `/behandeling/${correction.id}`, BART.id, null],
      ],
    );
    const all = JSON.stringify(await auditRows(backend, last));
    for (const value of ['Kerkstraat', 'Aangepast', 'Huisnummer']) assert.ok(!all.includes(value), value);
    // and the citizen reads it in "Wie bekeek mijn gegevens"
    const access = await api(bart, '/api/me/access-log');
    assert.ok(
      access.items.some(
        (e) => e.operation === 'correction-apply' && e.source === 'personal-data' && e.actor.role === 'behandelaar',
      ),
      JSON.stringify(access.items.slice(0, 3)),
    );
  });

  test('a party’s registered office, in the officer’s view of the party; the fact of another owner is untouched', async () => {
    // jan acting for himself: his address; his company's registered office is another fact
    const jan = await hostLogin(backend, 'jan');
    const own = await factOf(jan, 'address');
    const correction = await request(jan, {
      field: 'address',
      requestedValue: 'Markt 9, 9999 Lindegem',
      reason: 'Nieuw nummer.',
    });
    assert.equal(correction.factId, own.id);
    assert.equal((await decide(correction.id, { decision: 'accepted', answer: '' })).res.status, 303);
    assert.equal((await factOf(jan, 'address')).value, 'Markt 9, 9999 Lindegem');
    const parties = await backend.store.mandates(JAN.id);
    for (const party of parties) {
      const facts = await backend.store.facts({ userId: JAN.id, partyId: party.id });
      for (const f of facts) assert.notEqual(f.value, 'Markt 9, 9999 Lindegem', `${party.name}: ${f.label}`);
    }
  });

  test('rejected: the fact is unchanged; a field without a fact (the name) is accepted without a change', async () => {
    const chloe = await hostLogin(backend, 'chloe');
    const before = await factOf(chloe, 'address');
    const rejected = await request(chloe, {
      field: 'address',
      requestedValue: 'Rue de la Gare 8, 9999 Lindegem',
      reason: 'Erreur.',
    });
    const last = await lastAuditId(backend);
    const { res } = await decide(rejected.id, { decision: 'rejected', answer: 'Le registre dit le 7.' });
    assert.equal(res.status, 303);
    assert.match(res.headers.get('location'), /decided=1/);
    assert.deepEqual(await factOf(chloe, 'address'), before);
    const row = await api(chloe, `/api/me/corrections/${rejected.id}`);
    assert.equal(row.status, 'rejected');
    assert.equal(row.previousValue, undefined);
    assert.equal(row.appliedAt, undefined);
    assert.deepEqual(
      (await auditRows(backend, last)).filter((r) => r.operation === 'correction-apply'),
      [],
    );

    const givenName = (await backend.store.userById(CHLOE.id)).givenName;
    const name = await request(chloe, { field: 'givenName', requestedValue: 'Chloé', reason: 'Accent.' });
    assert.equal(name.factId, undefined);
    const page = await openRequest(name.id);
    assert.match(page, /pas het gegeven zelf aan in het register waar het vandaan komt/);
    assert.equal(hidden(page, 'factVersion'), undefined);
    const accepted = await decide(name.id, { decision: 'accepted', answer: '' }, page);
    assert.match(accepted.res.headers.get('location'), /decided=1/);
    assert.deepEqual(await factOf(chloe, 'address'), before);
    assert.equal((await backend.store.userById(CHLOE.id)).givenName, givenName);
  });
});

describe('a fact that changed is not overwritten silently', () => {
  test('changed since the officer opened the request: 409, the fact named, nothing decided; then seen and applied', async () => {
    const anna = await hostLogin(backend, 'anna');
    const original = await factOf(anna, 'parking-card');
    const first = await request(anna, {
      field: 'parkingCard',
      requestedValue: 'Zone B, 1-ABC-124',
      reason: 'Nummerplaat fout.',
    });
    const second = await request(anna, {
      field: 'parkingCard',
      requestedValue: 'Zone C, 1-ABC-123',
      reason: 'Andere zone.',
    });
    assert.equal(first.factId, original.id);
    assert.equal(second.factId, original.id);

    // the officer opens the second request, then (another tab, another officer) the first is accepted
    const secondPage = await openRequest(second.id);
    assert.match(secondPage, /<dd>Zone B, 1-ABC-123<\/dd>/);
    assert.equal((await decide(first.id, { decision: 'accepted', answer: '' })).res.status, 303);
    assert.equal((await factOf(anna, 'parking-card')).value, 'Zone B, 1-ABC-124');

    // accepting the second from the page opened before: refused, the fact named, nothing changed
    const last = await lastAuditId(backend);
    const stale = await decide(second.id, { decision: 'accepted', answer: 'Zone aangepast.' }, secondPage);
    assert.equal(stale.res.status, 409);
    assert.match(
      stale.html,
      /role="alert"><p>Bewonerskaart parkeren is gewijzigd sinds je deze aanvraag opende\. Er is niets beslist/,
    );
    assert.match(stale.html, /<dt>Waarde in de dienst nu<\/dt><dd>Zone B, 1-ABC-124<\/dd>/);
    assert.match(stale.html, /Zone aangepast\./, 'the answer is kept in the form');
    assert.deepEqual(
      (await auditRows(backend, last)).map((r) => [r.subject, r.operation, r.outcome, r.concerns]),
      [[OFFICER, 'correction-decide', 'invalid', ANNA.id]],
    );
    assert.equal((await factOf(anna, 'parking-card')).value, 'Zone B, 1-ABC-124');
    assert.equal((await api(anna, `/api/me/corrections/${second.id}`)).status, 'open');

    // opened again: the officer sees that it changed since the request, with both values
    const again = await openRequest(second.id);
    assert.match(
      again,
      /Let op: Bewonerskaart parkeren is gewijzigd sinds de aanvraag\. Aanvaarden vervangt de waarde van nu/,
    );
    assert.match(again, /<dt>Waarde in de dienst bij de aanvraag<\/dt><dd>Zone B, 1-ABC-123<\/dd>/);
    assert.match(again, /<dt>Waarde in de dienst nu<\/dt><dd>Zone B, 1-ABC-124<\/dd>/);
    // having seen it, the officer accepts: applied over the value now, which the request keeps
    const applied = await decide(second.id, { decision: 'accepted', answer: '' }, again);
    assert.match(applied.res.headers.get('location'), /decided=applied/);
    const fact = await factOf(anna, 'parking-card');
    assert.equal(fact.value, 'Zone C, 1-ABC-123');
    assert.equal(fact.correction, second.id);
    assert.equal(fact.validUntil, original.validUntil);
    assert.equal((await api(anna, `/api/me/corrections/${second.id}`)).previousValue, 'Zone B, 1-ABC-124');
    assert.equal((await api(anna, `/api/me/corrections/${first.id}`)).previousValue, 'Zone B, 1-ABC-123');
  });

  test('the store: without the officer’s version, a fact changed since the request is not overwritten', async () => {
    const owner = { userId: ANNA.id, partyId: null };
    const fact = (await backend.store.facts(owner)).find((f) => f.kind === 'address');
    const a = await backend.store.createCorrection(owner, {
      field: 'address',
      requestedValue: 'Lindestraat 14, 9999 Lindegem',
      reason: 'a',
      factId: fact.id,
    });
    const b = await backend.store.createCorrection(owner, {
      field: 'address',
      requestedValue: 'Lindestraat 16, 9999 Lindegem',
      reason: 'b',
      factId: fact.id,
    });
    assert.equal(b.factValue, fact.value);
    const decision = { status: 'accepted', answer: null, decidedBy: OFFICER };
    const first = await backend.store.decideCorrection(a.id, decision);
    assert.deepEqual(first.applied, { factId: fact.id, label: fact.label, previousValue: fact.value });
    const second = await backend.store.decideCorrection(b.id, decision);
    assert.equal(second.changed, false);
    assert.equal(second.applied, undefined);
    assert.deepEqual(
      { ...second.stale, version: typeof second.stale.version },
      {
        id: fact.id,
        label: fact.label,
        value: 'Lindestraat 14, 9999 Lindegem',
        changedSinceRequest: true,
        version: 'string',
      },
    );
    assert.equal(second.row.status, 'open');
    // with the version of what the officer now saw: applied
    const seen = await backend.store.correctionById(b.id);
    assert.equal(seen.fact.version, second.stale.version);
    const third = await backend.store.decideCorrection(b.id, { ...decision, factVersion: seen.fact.version });
    assert.equal(third.applied.previousValue, 'Lindestraat 14, 9999 Lindegem');
    assert.equal(
      (await backend.store.facts(owner)).find((f) => f.id === fact.id).value,
      'Lindestraat 16, 9999 Lindegem',
    );
    // a rejection needs no check of the fact
    const c = await backend.store.createCorrection(owner, {
      field: 'address',
      requestedValue: 'x',
      reason: 'c',
      factId: fact.id,
    });
    const rejected = await backend.store.decideCorrection(c.id, {
      ...decision,
      status: 'rejected',
      factVersion: 'old',
    });
    assert.equal(rejected.changed, true);
  });

  test('two decisions at once: one wins; two requests on one fact at once: one applied, the other stale', async () => {
    const owner = { userId: BART.id, partyId: null };
    const fact = (await backend.store.facts(owner)).find((f) => f.kind === 'address');
    const make = (value) =>
      backend.store.createCorrection(owner, { field: 'address', requestedValue: value, reason: 'r', factId: fact.id });
    const one = await make('Kerkstraat 7, 9999 Lindegem');
    const decision = (by) => ({ status: 'accepted', answer: null, decidedBy: by });
    const same = await Promise.all([
      backend.store.decideCorrection(one.id, decision('staff:a')),
      backend.store.decideCorrection(one.id, decision('staff:b')),
    ]);
    assert.deepEqual(same.map((r) => r.changed).sort(), [false, true]);
    assert.equal(same.filter((r) => r.applied).length, 1);
    const winner = same.find((r) => r.changed).row.decidedBy;
    assert.equal((await backend.store.correctionById(one.id)).decidedBy, winner);

    const [x, y] = [await make('Kerkstraat 9, 9999 Lindegem'), await make('Kerkstraat 11, 9999 Lindegem')];
    const both = await Promise.all([
      backend.store.decideCorrection(x.id, decision('staff:a')),
      backend.store.decideCorrection(y.id, decision('staff:b')),
    ]);
    assert.equal(both.filter((r) => r.applied).length, 1, JSON.stringify(both.map((r) => Object.keys(r))));
    assert.equal(both.filter((r) => r.stale).length, 1);
    const won = both.find((r) => r.applied);
    const lost = both.find((r) => r.stale);
    assert.equal(lost.row.status, 'open');
    assert.equal((await backend.store.facts(owner)).find((f) => f.id === fact.id).value, won.row.requestedValue);
  });
});
