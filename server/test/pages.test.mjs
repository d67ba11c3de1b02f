// The citizen's own pages, linked from the header's profile menu: /berichten, /dossiers, /documenten and
// /gegevens (with the correction form, POST /gegevens/correctie). Server-rendered HTML, identified by the
// host-mode cookie or the provider's session, one audit row per access and no personal data in it.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_USERS } from '../dist/index.js';
import {
  auditRows,
  browse,
  CookieJar,
  demoTexts,
  form,
  lastAuditId,
  OTHER_SITE,
  signIn,
  SITE,
  startTestBackend,
} from './helpers.mjs';

const [ANNA, BART] = DEMO_USERS;
const PAGES = ['/berichten', '/dossiers', '/documenten', '/gegevens'];
const CORRECTION = '/gegevens/correctie';

let backend;
let anna; // a host-mode cookie jar for anna
before(async () => {
  backend = await startTestBackend();
  anna = await hostLogin('anna');
});
after(() => backend?.close());

/** Signs in through /host/login like a browser; returns the jar with loket_host_session. */
async function hostLogin(username, jar = new CookieJar()) {
  const page = await (await browse(jar, `${backend.issuer}/host/login`)).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)[1];
  const res = await browse(
    jar,
    `${backend.issuer}/host/login`,
    form({ username, password: 'demo', csrf, return: `${SITE}/` }),
  );
  assert.equal(res.status, 303);
  assert.ok(jar.get('loket_host_session'));
  return jar;
}

const url = (path) => `${backend.issuer}${path}`;
const open = async (jar, path, init) => {
  const res = await browse(jar, url(path), init);
  return { res, html: await res.text() };
};
const apiJson = async (jar, path) => (await browse(jar, url(`/api${path}`))).json();
const decode = (html) => html.replaceAll('&amp;', '&').replaceAll('&#39;', "'").replaceAll('&quot;', '"');
/** The items of the page's list (top-level <li>s, one per line; a dossier's history is nested). */
const listItems = (html) =>
  [
    ...html.matchAll(
      /<li( class="unread")?><h2><a href="([^"]+)">([^<]*)<\/a><\/h2>([\s\S]*?)<\/li>(?=\n(?:<li|<\/ul>))/g,
    ),
  ].map(([, unread, href, title, rest]) => ({
    unread: Boolean(unread),
    href: decode(href),
    title: decode(title),
    rest,
  }));

/** Runs `action` and returns the audit rows it added. */
async function audited(action) {
  const last = await lastAuditId(backend);
  const result = await action();
  return { result, rows: await auditRows(backend, last) };
}
async function oneRow(action, expected) {
  const { result, rows } = await audited(action);
  assert.equal(rows.length, 1, `one audit row: ${JSON.stringify(rows)}`);
  assert.deepEqual(
    { subject: rows[0].subject, resource: rows[0].resource, operation: rows[0].operation, outcome: rows[0].outcome },
    { subject: null, ...expected },
  );
  return result;
}

/** The correction form's fields (with the session's token) from /gegevens. */
async function correctionForm(jar, fields = {}) {
  const { html } = await open(jar, '/gegevens');
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(csrf, 'the form has a csrf token');
  return {
    csrf,
    lang: 'nl',
    field: 'address',
    currentValue: 'Lindestraat 12, 9999 Lindegem',
    requestedValue: 'Lindestraat 14, 9999 Lindegem',
    reason: 'Verhuisd op 1 oktober.',
    ...fields,
  };
}
const post = (jar, fields, headers = {}) => {
  const init = form(fields);
  return open(jar, CORRECTION, { ...init, headers: { ...init.headers, ...headers } });
};
/** anna's own correction requests, oldest first (in the reference backend's column names) */
const corrections = async () =>
  (await backend.store.corrections({ userId: ANNA.id, partyId: null }))
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))
    .map((c) => ({ ...c, user_id: ANNA.id, current_value: c.currentValue, requested_value: c.requestedValue }));

describe('without a session', () => {
  for (const path of PAGES) {
    test(`${path}: 401 page with a sign-in link back to the page, no data; audited as denied`, async () => {
      const { res, html } = await oneRow(() => open(new CookieJar(), path), {
        resource: path,
        operation: 'read',
        outcome: 'denied',
      });
      assert.equal(res.status, 401);
      assert.match(res.headers.get('content-type'), /^text\/html/);
      assert.match(html, /<h1>Aanmelden nodig<\/h1>/);
      const login = /href="(\/host\/login\?[^"]+)"/.exec(html)?.[1];
      assert.ok(login, 'a sign-in link');
      assert.equal(new URL(decode(login), backend.issuer).searchParams.get('return'), url(path));
      assert.doesNotMatch(html, /Anna|Peeters|Lindestraat|<nav class="account"/);
    });
  }

  test('a stale or forged host cookie is no session', async () => {
    const res = await fetch(url('/berichten'), { headers: { cookie: 'loket_host_session=forged' } });
    assert.equal(res.status, 401);
  });

  test('the sign-in link works in a browser: its page has referrer policy same-origin, the post returns to the page', async () => {
    const jar = new CookieJar();
    const { html } = await open(jar, '/dossiers?lang=fr');
    const login = decode(/href="(\/host\/login\?[^"]+)"/.exec(html)[1]);
    const page = await browse(jar, url(login));
    // with no-referrer, a browser posts the form with `Origin: null`, which /host/login refuses
    assert.equal(page.headers.get('referrer-policy'), 'same-origin');
    const loginHtml = await page.text();
    assert.match(loginHtml, /<meta name="referrer" content="same-origin">/);
    assert.match(loginHtml, /<h1>Se connecter<\/h1>/);
    const csrf = /name="csrf" value="([^"]+)"/.exec(loginHtml)[1];
    const ret = decode(/name="return" value="([^"]+)"/.exec(loginHtml)[1]);
    const done = await browse(jar, url('/host/login'), {
      ...form({ username: 'anna', password: 'demo', csrf, return: ret }),
      headers: { ...form({}).headers, origin: backend.issuer },
    });
    assert.equal(done.status, 303);
    assert.equal(done.headers.get('location'), url('/dossiers'));
    const back = await browse(jar, url('/dossiers'));
    assert.equal(back.status, 200);
  });
});

describe('with the host-mode cookie', () => {
  for (const path of PAGES) {
    test(`${path}: 200, the backend's layout and CSS, strict CSP, no inline script or style; one audit row`, async () => {
      const { res, html } = await oneRow(() => open(anna, path), {
        subject: ANNA.id,
        resource: path,
        operation: 'read',
        outcome: 'ok',
      });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type'), /^text\/html; charset=utf-8/);
      assert.match(
        res.headers.get('content-security-policy'),
        /default-src 'none'.*script-src 'self'.*style-src 'self'/,
      );
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.match(html, /<html lang="nl">/);
      assert.match(html, /<link rel="stylesheet" href="\/static\/loket.css">/);
      // scripts are files, or the header's config as JSON data; no inline style
      for (const [tag] of html.matchAll(/<script\b[^>]*>/gi))
        assert.match(tag, /^<script (src="\/loket\/loket-header\.js" defer|type="application\/json")>$/, tag);
      assert.doesNotMatch(html, /<style|\sstyle=/i);
      assert.match(html, /Aangemeld als Anna Peeters/);
      // the four pages and the rights pages (issue 14) link to each other; this one is current; the language
      // switch keeps the path
      const nav = /<nav class="account[^"]*"[^>]*>([\s\S]*?)<\/nav>/.exec(html)[1];
      assert.deepEqual(
        [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]),
        [...PAGES, '/inzage', '/raadplegingen'],
      );
      assert.match(nav, new RegExp(`href="${path}" aria-current="page"`));
      assert.match(html, new RegExp(`href="${path}\\?lang=fr" lang="fr"`));
    });
  }

  test('?lang= switches the language, and the links keep it', async () => {
    const { html } = await open(anna, '/berichten?lang=fr');
    assert.match(html, /<html lang="fr">/);
    assert.match(html, /<h1>Mes messages<\/h1>/);
    assert.match(html, /Non lu/);
    for (const item of listItems(html)) assert.match(item.href, /^\/berichten\/[\w-]+\?lang=fr$/);
    assert.match(html, /href="\/dossiers\?lang=fr"/);
    const de = await open(anna, '/gegevens?lang=de');
    assert.match(de.html, /<h1>Meine Daten<\/h1>/);
    assert.match(de.html, /name="lang" value="de"/);
    const en = await open(anna, '/dossiers?lang=en');
    assert.match(en.html, /<h1>My applications<\/h1>/);
  });

  test('HEAD answers like GET without a body; other methods are 405 with Allow', async () => {
    const head = await browse(anna, url('/berichten'), { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
    const { res } = await oneRow(() => open(anna, '/documenten', { method: 'DELETE' }), {
      resource: '/documenten',
      operation: 'read',
      outcome: 'invalid',
    });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'GET, HEAD');
  });
});

describe('the content, for anna', () => {
  test('/berichten: every message incl. the registered letter, newest first, unread marked, each linking to its page', async () => {
    const { items: messages } = await apiJson(anna, '/me/messages');
    assert.equal(messages.length, 4);
    const { html } = await open(anna, '/berichten');
    const items = listItems(html);
    const newestFirst = [...messages].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    assert.deepEqual(
      items.map((i) => i.title),
      newestFirst.map((m) => m.title),
    );
    assert.deepEqual(
      items.map((i) => i.href),
      newestFirst.map((m) => new URL(m.href).pathname),
    );
    assert.deepEqual(
      items.map((i) => i.unread),
      newestFirst.map((m) => !m.read),
    );
    assert.equal(items.filter((i) => i.unread).length, 3);
    for (const item of items.filter((i) => i.unread)) assert.match(item.rest, /<span class="badge">Ongelezen<\/span>/);
    const registered = items[newestFirst.findIndex((m) => m.kind === 'registered')];
    assert.match(registered.rest, /<span class="badge">Aangetekende brief<\/span>/);
    assert.match(registered.rest, /Van Dienst Financiën/);
    assert.doesNotMatch(html, /Wegenwerken|calendrier/, "no one else's messages");

    // each link opens the item page
    const page = await browse(anna, url(items.at(-1).href));
    assert.equal(page.status, 200);
    assert.ok((await page.text()).includes(items.at(-1).title));
  });

  test('the lists mark nothing read (only the item pages do)', async () => {
    const before = (await apiJson(anna, '/me/summary')).unread;
    for (const path of PAGES) await open(anna, path);
    assert.deepEqual((await apiJson(anna, '/me/summary')).unread, before);
  });

  test('/dossiers: every dossier with its current status and its whole status history', async () => {
    const { items: dossiers } = await apiJson(anna, '/me/dossiers');
    assert.equal(dossiers.length, 3);
    const { html } = await open(anna, '/dossiers');
    const items = listItems(html);
    assert.deepEqual(items.map((i) => i.href).sort(), dossiers.map((d) => new URL(d.href).pathname).sort());
    const statusText = { received: 'Ontvangen', in_progress: 'In behandeling', decided: 'Beslist' };
    for (const dossier of dossiers) {
      const item = items.find((i) => i.href === new URL(dossier.href).pathname);
      assert.equal(item.title, dossier.title);
      assert.ok(item.rest.includes(`<dd>${dossier.reference}</dd>`), dossier.reference);
      const status = /<dt>Status<\/dt><dd>([^<]*)<\/dd>/.exec(item.rest)[1];
      assert.equal(status, statusText[dossier.status] + (dossier.decision ? ' (toegekend)' : ''));
      const history = [...item.rest.matchAll(/<li><strong>([^<]*)<\/strong>, <time datetime="([^"]+)">/g)].map((m) => [
        m[1],
        m[2],
      ]);
      assert.deepEqual(
        history,
        dossier.history.map((h) => [statusText[h.status], h.at]),
        `history of ${dossier.reference}`,
      );
      for (const h of dossier.history.filter((x) => x.note)) assert.ok(item.rest.includes(h.note), h.note);
      assert.equal(item.unread, !dossier.read);
    }
    assert.ok(html.includes('Beslist (toegekend)'));
    assert.doesNotMatch(html, /EVT-2026-0077/, "not bart's dossier");
  });

  test('/documenten: every document, newest first, with a download link that works', async () => {
    const { items: documents } = await apiJson(anna, '/me/documents');
    assert.equal(documents.length, 4);
    const { html } = await open(anna, '/documenten');
    const items = listItems(html);
    assert.deepEqual(
      items.map((i) => i.title),
      documents.map((d) => d.title),
    );
    assert.deepEqual(
      items.filter((i) => i.unread).map((i) => i.title),
      ['Attest van woonst'],
    );
    for (const doc of documents) {
      const item = items.find((i) => i.href === new URL(doc.href).pathname);
      const link = new RegExp(
        `<a class="download" href="(/documenten/${doc.id}/bestand)" download="${doc.file.name}">`,
      ).exec(item.rest);
      assert.ok(link, `download link for ${doc.title}`);
    }
    const parking = items.find((i) => i.title === 'Bewonerskaart parkeren zone B');
    assert.match(parking.rest, /Geldig tot <time datetime="\d{4}-\d{2}-\d{2}">/);
    const first = documents[0];
    const pdf = await oneRow(() => browse(anna, url(`/documenten/${first.id}/bestand`)), {
      subject: ANNA.id,
      resource: `/documenten/${first.id}/bestand`,
      operation: 'download',
      outcome: 'ok',
    });
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.equal(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
      '%PDF-',
    );
  });

  test('/gegevens: name, language and the facts of /api/me/data (address, parking card with its valid-until date, ...)', async () => {
    const { facts } = await apiJson(anna, '/me/data');
    const { html } = await open(anna, '/gegevens');
    const dl = /<dl class="facts">([\s\S]*?)<\/dl>/.exec(html)[1];
    const rows = [...dl.matchAll(/<dt>([^<]*)<\/dt><dd>(.*?)<\/dd>/g)].map((m) => [decode(m[1]), m[2]]);
    assert.deepEqual(
      rows.map(([label]) => label),
      ['Naam', 'Taal', ...facts.map((f) => f.label)],
    );
    assert.equal(rows[0][1], 'Anna Peeters');
    assert.equal(rows[1][1], 'Nederlands');
    for (const fact of facts) {
      const [, value] = rows.find(([label]) => label === fact.label);
      assert.ok(decode(value).startsWith(fact.value), `${fact.label}: ${value}`);
      if (fact.validUntil)
        assert.ok(value.includes(`Geldig tot <time datetime="${fact.validUntil}">`), `${fact.label} valid until`);
    }
    assert.ok(facts.some((f) => f.kind === 'address') && facts.some((f) => f.kind === 'parking-card' && f.validUntil));
    // the correction form: a POST to the backend, with a token, every field of the API's request
    assert.match(html, /<form method="post" action="\/gegevens\/correctie" class="correction" novalidate>/);
    for (const name of ['csrf', 'lang', 'field', 'currentValue', 'requestedValue', 'reason'])
      assert.match(html, new RegExp(`name="${name}"`));
    for (const field of ['givenName', 'familyName', 'address', 'language', 'parkingCard', 'other'])
      assert.match(html, new RegExp(`<option value="${field}">`));
  });

  test('bart and chloé see only their own data; empty lists say so', async () => {
    const bart = await hostLogin('bart');
    const docs = await open(bart, '/documenten');
    assert.match(docs.html, /<p>Je hebt geen documenten\.<\/p>/);
    const messages = await open(bart, '/berichten');
    assert.deepEqual(
      listItems(messages.html).map((i) => i.title),
      ['Wegenwerken in je straat vanaf maandag'],
    );
    const data = await open(bart, '/gegevens');
    assert.match(data.html, /Bart Claes/);
    assert.match(data.html, /Kerkstraat 3/);
    assert.doesNotMatch(data.html, /Lindestraat|Anna/);
    assert.doesNotMatch(data.html, /<dt>Taal<\/dt>/, 'bart has no language');

    const chloe = await hostLogin('chloe');
    const fr = await open(chloe, '/berichten');
    assert.match(fr.html, /<html lang="fr">/, "the citizen's language by default");
    assert.deepEqual(
      listItems(fr.html).map((i) => i.title),
      ['Votre calendrier des collectes est disponible'],
    );
  });

  test('text from the database is escaped', async () => {
    // a new message for chloe with a hostile title, written through the store (as the publish API will)
    const CHLOE = DEMO_USERS[2];
    await backend.store.insertMessage({
      id: 'msg_escape_test',
      owner: { userId: CHLOE.id, partyId: null },
      kind: 'message',
      sender: 'Gemeente Lindegem',
      title: '<img src=x onerror=alert(1)> & "quotes"',
      body: 'Test',
      createdAt: new Date().toISOString(),
    });
    const { html } = await open(await hostLogin('chloe'), '/berichten');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;'));
    assert.doesNotMatch(html, /<img/);
  });

  test("the provider's session cookie (OIDC sign-in in the same browser) works too, the correction form included", async () => {
    const { jar } = await signIn(backend, { username: 'anna' });
    assert.equal(jar.get('loket_host_session'), undefined);
    const { res, html } = await oneRow(() => open(jar, '/berichten'), {
      subject: ANNA.id,
      resource: '/berichten',
      operation: 'read',
      outcome: 'ok',
    });
    assert.equal(res.status, 200);
    assert.equal(listItems(html).length, 4);
    const fields = await correctionForm(jar, { requestedValue: 'Via OIDC' });
    const sent = await post(jar, fields, { origin: backend.issuer, 'sec-fetch-site': 'same-origin' });
    assert.equal(sent.res.status, 200);
    assert.ok((await corrections()).some((c) => c.requested_value === 'Via OIDC' && c.user_id === ANNA.id));
  });
});

describe('the correction form (POST /gegevens/correctie)', () => {
  test('stores the request like POST /api/me/corrections and shows a confirmation; one audit row', async () => {
    const before = (await corrections()).length;
    const fields = await correctionForm(anna);
    const { res, html } = await oneRow(
      () => post(anna, fields, { origin: backend.issuer, 'sec-fetch-site': 'same-origin' }),
      { subject: ANNA.id, resource: CORRECTION, operation: 'create', outcome: 'ok' },
    );
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-security-policy'), /default-src 'none'/);
    assert.match(html, /<h1>Je vraag is ontvangen<\/h1>/);
    const stored = await corrections();
    assert.equal(stored.length, before + 1);
    const row = stored.at(-1);
    assert.deepEqual(
      [row.user_id, row.field, row.current_value, row.requested_value, row.reason, row.status],
      [
        ANNA.id,
        'address',
        'Lindestraat 12, 9999 Lindegem',
        'Lindestraat 14, 9999 Lindegem',
        'Verhuisd op 1 oktober.',
        'open',
      ],
    );
    assert.match(row.id, /^cor_/);
    assert.ok(html.includes(row.id), 'the confirmation names the reference');
    assert.ok(html.includes('Lindestraat 14, 9999 Lindegem'));
    assert.match(html, /href="\/gegevens"/);
  });

  test('trims like the API; an empty current value is "not given"; the language of the form is kept', async () => {
    const fields = await correctionForm(anna, {
      lang: 'en',
      field: 'givenName',
      currentValue: '  ',
      requestedValue: '  Anne  ',
      reason: ' Typo ',
    });
    const { res, html } = await post(anna, fields);
    assert.equal(res.status, 200);
    assert.match(html, /<html lang="en">/);
    assert.match(html, /<h1>Your request has been received<\/h1>/);
    assert.match(html, /href="\/gegevens\?lang=en"/);
    const row = (await corrections()).at(-1);
    assert.deepEqual(
      [row.field, row.current_value, row.requested_value, row.reason],
      ['givenName', null, 'Anne', 'Typo'],
    );
  });

  test('invalid input: 422, the form again with the errors and what was typed; nothing stored', async () => {
    const before = (await corrections()).length;
    const fields = await correctionForm(anna, {
      field: 'shoeSize',
      currentValue: 'x'.repeat(501),
      requestedValue: '   ',
      reason: 'Mijn <b>reden</b>',
    });
    const { res, html } = await oneRow(() => post(anna, fields), {
      subject: ANNA.id,
      resource: CORRECTION,
      operation: 'create',
      outcome: 'invalid',
    });
    assert.equal(res.status, 422);
    assert.equal((await corrections()).length, before);
    assert.match(html, /<div class="error" role="alert">/);
    assert.match(html, /<h1>Mijn gegevens<\/h1>/, 'the data page again');
    const errors = Object.fromEntries(
      [...html.matchAll(/<p class="field-error" id="correction-(\w+)-error">([^<]*)<\/p>/g)].map((m) => [m[1], m[2]]),
    );
    assert.deepEqual(errors, {
      field: 'Kies een gegeven uit de lijst.',
      current: 'Gebruik hoogstens 500 tekens.',
      requested: 'Vul dit in.',
    });
    assert.match(
      html,
      /<select id="correction-field" name="field" aria-invalid="true" aria-describedby="correction-field-error" autofocus/,
    );
    assert.match(
      html,
      /<textarea id="correction-reason" name="reason" rows="4" maxlength="2000" required>Mijn &lt;b&gt;reden&lt;\/b&gt;<\/textarea>/,
    );
    assert.doesNotMatch(html, /aria-invalid="true"[^>]*name="reason"|name="reason"[^>]*aria-invalid/);
    assert.match(html, new RegExp(`name="csrf" value="${fields.csrf}"`), 'the same token again');

    const empty = await post(anna, { csrf: fields.csrf });
    assert.equal(empty.res.status, 422);
    assert.equal([...empty.html.matchAll(/class="field-error"/g)].length, 3, 'field, requested value, reason');

    const french = await post(anna, { ...fields, lang: 'fr' });
    assert.match(french.html, /Choisissez une donnée dans la liste\./);
    assert.equal((await corrections()).length, before);
  });

  test('a cross-origin post is refused (403), even with a valid token and the cookie; nothing stored; one audit row each', async () => {
    const before = (await corrections()).length;
    const fields = await correctionForm(anna);
    const attempts = [
      { origin: 'http://evil.example' },
      { origin: OTHER_SITE }, // a site origin: same site as the backend (the cookie is sent), still another origin
      { origin: SITE, 'sec-fetch-site': 'same-site' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of attempts) {
      const { res, html } = await oneRow(() => post(anna, fields, headers), {
        subject: ANNA.id,
        resource: CORRECTION,
        operation: 'create',
        outcome: 'denied',
      });
      assert.equal(res.status, 403, JSON.stringify(headers));
      assert.match(html, /Het formulier is verlopen of komt niet van deze website/);
    }
    assert.equal((await corrections()).length, before);
  });

  test("a post without the session's token, or with another session's, is refused (403)", async () => {
    const before = (await corrections()).length;
    const fields = await correctionForm(anna);
    const other = await hostLogin('anna'); // another session of the same citizen
    const withoutToken = { ...fields };
    delete withoutToken.csrf;
    for (const [jar, body] of [
      [anna, withoutToken],
      [anna, { ...fields, csrf: 'x'.repeat(43) }],
      [other, fields],
    ]) {
      const { res } = await oneRow(() => post(jar, body), {
        subject: ANNA.id,
        resource: CORRECTION,
        operation: 'create',
        outcome: 'denied',
      });
      assert.equal(res.status, 403);
    }
    assert.equal((await corrections()).length, before);
    const own = await post(other, await correctionForm(other));
    assert.equal(own.res.status, 200, 'its own token works');
  });

  test('not signed in: 401 with a sign-in link back to /gegevens; other media types 415; too large 413', async () => {
    const fields = await correctionForm(anna);
    const { res, html } = await oneRow(() => post(new CookieJar(), fields), {
      resource: CORRECTION,
      operation: 'create',
      outcome: 'denied',
    });
    assert.equal(res.status, 401);
    assert.ok(decode(html).includes(`return=${encodeURIComponent(url('/gegevens'))}`));

    const json = await oneRow(
      () =>
        open(anna, CORRECTION, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(fields),
        }),
      { subject: ANNA.id, resource: CORRECTION, operation: 'create', outcome: 'invalid' },
    );
    assert.equal(json.res.status, 415);
    const big = await oneRow(() => post(anna, { ...fields, reason: 'y'.repeat(17 * 1024) }), {
      subject: ANNA.id,
      resource: CORRECTION,
      operation: 'create',
      outcome: 'invalid',
    });
    assert.equal(big.res.status, 413);
  });

  test('GET goes back to the form (no audit row: no data); other methods 405', async () => {
    const { result: res, rows } = await audited(() => browse(anna, url(`${CORRECTION}?lang=fr`)));
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/gegevens?lang=fr');
    assert.equal(rows.length, 0);
    const put = await oneRow(() => open(anna, CORRECTION, { method: 'PUT' }), {
      resource: CORRECTION,
      operation: 'create',
      outcome: 'invalid',
    });
    assert.equal(put.res.status, 405);
  });

  test('the data page is served with referrer policy same-origin (so a browser sends its real Origin on the post)', async () => {
    const { res, html } = await open(anna, '/gegevens');
    assert.equal(res.headers.get('referrer-policy'), 'same-origin');
    assert.match(html, /<meta name="referrer" content="same-origin">/);
    const list = await open(anna, '/berichten');
    assert.equal(list.res.headers.get('referrer-policy'), 'no-referrer');
  });
});

describe('the audit log', () => {
  test('holds no personal data from these pages: no names, titles, facts, typed values or usernames', async () => {
    const rows = await auditRows(backend);
    const forbidden = new Set([
      'Lindestraat',
      'Kerkstraat',
      'Verhuisd',
      'Anne',
      'Via OIDC',
      'Typo',
      'reden',
      'shoeSize',
      'Zone B',
    ]);
    for (const u of DEMO_USERS) [u.givenName, u.familyName, u.username].forEach((v) => forbidden.add(v));
    for (const text of await demoTexts(backend)) forbidden.add(text);
    const pageRows = rows.filter((r) => /^\/(berichten|dossiers|documenten|gegevens)/.test(r.resource));
    assert.ok(pageRows.length >= 40, `rows: ${pageRows.length}`);
    for (const row of rows) {
      const text = Object.values(row).join(' | ').toLowerCase();
      for (const value of forbidden)
        assert.ok(!text.includes(value.toLowerCase()), `audit row ${row.id} contains "${value}"`);
      assert.ok(!row.resource.includes('?'), 'no query strings');
    }
    assert.ok(pageRows.every((r) => [null, ANNA.id, BART.id, DEMO_USERS[2].id].includes(r.subject)));
  });
});
