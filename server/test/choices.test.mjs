// Issue 14, "Choices": letters digitally or on paper (the profile API, the /voorkeuren page, the publish API's
// read:preferences) and e-mail notices: opt in, the confirmation link (wrong, used, expired), a notice per new
// item in each language with no personal content, none without a confirmed address, opt out; sending never
// holds up a publish call, a failed send is retried and logged without the address. Every mail goes through a
// real SMTP exchange with the demo's mail catcher (smtp-server) started here. Runs on SQLite and PostgreSQL.

import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { startMailCatcher } from '../../demo/mail-catcher.mjs';
import {
  api,
  auditRows,
  browse,
  CookieJar,
  form,
  lastAuditId,
  SITE,
  startSmtpServer,
  startTestBackend,
} from './helpers.mjs';
import { call, clientToken, hostLogin, NRN } from './publish-helpers.mjs';

const ADDRESS = { anna: 'anna@example.be', chloe: 'chloe@example.be', bart: 'bart@example.be' };
const SUBJECTS = {
  nl: 'Je hebt een nieuw bericht van Gemeente Lindegem',
  fr: 'Vous avez un nouveau message de Gemeente Lindegem',
  en: 'You have a new message from Gemeente Lindegem',
  de: 'Sie haben eine neue Nachricht von Gemeente Lindegem',
};
const sameOrigin = (backend) => ({ origin: backend.issuer, 'sec-fetch-site': 'same-origin' });

/** the host-mode cookie as a header for the profile API (CORS: the site's origin) */
const cookieHeaders = (jar) => ({ cookie: jar.header(), origin: SITE });

async function putPreferences(backend, jar, body) {
  const res = await api(backend, '/me/preferences', {
    method: 'PUT',
    headers: { ...cookieHeaders(jar), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}
async function getPreferences(backend, jar) {
  const res = await api(backend, '/me/preferences', { headers: cookieHeaders(jar) });
  assert.equal(res.status, 200);
  return res.json();
}

const linkIn = (mail) =>
  /https?:\/\/\S+\/voorkeuren\/e-mail\/bevestigen\?token=[A-Za-z0-9_-]+&lang=[a-z]{2}/.exec(mail.text)?.[0];

/** opens the confirmation link and presses its button */
async function confirmThrough(backend, link) {
  const jar = new CookieJar();
  const page = await browse(jar, link);
  assert.equal(page.status, 200);
  const html = await page.text();
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token, 'the link opens a page with the confirmation button');
  const lang = /name="lang" value="([^"]+)"/.exec(html)?.[1];
  return browse(jar, `${backend.issuer}/voorkeuren/e-mail/bevestigen`, {
    ...form({ token, lang }),
    headers: { ...form({}).headers, ...sameOrigin(backend) },
  });
}

async function publishMessage(backend, token, who, title = 'Uw aanvraag groendak') {
  const res = await call(backend, token, 'POST', '/messages', {
    json: { citizen: { nationalRegisterNumber: NRN[who] }, title, body: `Beste ${who}, vertrouwelijke inhoud.` },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res;
}

describe('choices: correspondence and e-mail notices', () => {
  let backend;
  let catcher;
  let token;
  let anna;

  before(async () => {
    catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
    backend = await startTestBackend({ smtpUrl: catcher.smtpUrl });
    token = await clientToken(backend);
    anna = await hostLogin(backend, 'anna');
  });
  after(async () => {
    await backend?.close();
    await catcher?.close();
  });

  test('correspondence: digital by default; the citizen chooses paper in the profile API; the supplier reads it with read:preferences, audited without the number', async () => {
    assert.deepEqual(await getPreferences(backend, anna), {
      correspondence: 'digital',
      emailNotices: { status: 'off' },
    });
    const bad = await putPreferences(backend, anna, { correspondence: 'fax' });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].pointer, '/correspondence');
    assert.equal((await putPreferences(backend, anna, {})).status, 422);

    const before = await lastAuditId(backend);
    const changed = await putPreferences(backend, anna, { correspondence: 'paper' });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.correspondence, 'paper');
    const read = await call(backend, token, 'GET', `/citizens/${NRN.anna}/preferences`, { key: null });
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, { correspondence: 'paper' });
    assert.deepEqual((await call(backend, token, 'GET', `/citizens/${NRN.bart}/preferences`)).body, {
      correspondence: 'digital',
    });

    const rows = await auditRows(backend, before);
    const annaId = (await backend.store.userByUsername('anna')).id;
    assert.ok(
      rows.some((r) => r.resource === '/api/me/preferences' && r.operation === 'update' && r.subject === annaId),
    );
    const supplierRead = rows.find((r) => r.subject === 'client:demo-eloket' && r.resource.endsWith('/preferences'));
    assert.equal(supplierRead.resource, `/api/publish/citizens/${annaId}/preferences`);
    assert.equal(supplierRead.concerns, annaId, 'the supplier read shows in who looked at her data');
    assert.ok(
      rows.every((r) => !r.resource.includes(NRN.anna) && !r.resource.includes(NRN.bart)),
      'no number in the log',
    );
    await putPreferences(backend, anna, { correspondence: 'digital' });
  });

  test('read:preferences: 403 insufficient_scope without the scope, 401 without a token, 422 for a bad number', async () => {
    const narrow = await clientToken(backend, { scope: 'publish:messages' });
    const before = await lastAuditId(backend);
    const refused = await call(backend, narrow, 'GET', `/citizens/${NRN.anna}/preferences`);
    assert.equal(refused.status, 403);
    assert.match(refused.headers.get('www-authenticate'), /insufficient_scope/);
    assert.equal((await call(backend, undefined, 'GET', `/citizens/${NRN.anna}/preferences`)).status, 401);
    const bad = await call(backend, token, 'GET', '/citizens/85073003329/preferences');
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].pointer, '/nationalRegisterNumber');
    const rows = await auditRows(backend, before);
    assert.ok(rows.some((r) => r.subject === 'client:demo-eloket' && r.outcome === 'denied'));
    assert.ok(
      rows.every((r) => !r.resource.includes('85073003')),
      'refused reads name no number either',
    );
  });

  test('the /voorkeuren page: letters and notices forms with the CSRF token, linked from /gegevens; a forged post changes nothing', async () => {
    const data = await (await browse(anna, `${backend.issuer}/gegevens`)).text();
    assert.match(data, /href="\/voorkeuren"/);
    const res = await browse(anna, `${backend.issuer}/voorkeuren`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('referrer-policy'), 'same-origin');
    const html = await res.text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)[1];
    assert.match(html, /<input type="radio" name="correspondence" value="digital" checked>/);
    assert.match(html, /E-mailmeldingen staan uit/);

    const forged = await browse(anna, `${backend.issuer}/voorkeuren/brieven`, {
      ...form({ csrf: 'forged', correspondence: 'paper', lang: 'nl' }),
      headers: { ...form({}).headers, ...sameOrigin(backend) },
    });
    assert.equal(forged.status, 403);
    const crossSite = await browse(anna, `${backend.issuer}/voorkeuren/brieven`, {
      ...form({ csrf, correspondence: 'paper', lang: 'nl' }),
      headers: { ...form({}).headers, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    assert.equal(crossSite.status, 403);
    assert.equal((await getPreferences(backend, anna)).correspondence, 'digital');

    const saved = await browse(anna, `${backend.issuer}/voorkeuren/brieven`, {
      ...form({ csrf, correspondence: 'paper', lang: 'nl' }),
      headers: { ...form({}).headers, ...sameOrigin(backend) },
    });
    assert.equal(saved.status, 303);
    assert.match(saved.headers.get('location'), /^\/voorkeuren\?lang=nl&done=correspondence/);
    const after = await (await browse(anna, `${backend.issuer}${saved.headers.get('location')}`)).text();
    assert.match(after, /role="status">Je keuze voor brieven is bewaard/);
    assert.match(after, /value="paper" checked/);

    const invalid = await browse(anna, `${backend.issuer}/voorkeuren/e-mail`, {
      ...form({ csrf, email: 'anna-at-example', lang: 'en' }),
      headers: { ...form({}).headers, ...sameOrigin(backend) },
    });
    assert.equal(invalid.status, 422);
    const invalidHtml = await invalid.text();
    assert.match(invalidHtml, /aria-invalid="true"/);
    assert.match(invalidHtml, /value="anna-at-example"/, 'what was typed is kept');
    assert.match(invalidHtml, /Enter a valid e-mail address/);
    await putPreferences(backend, anna, { correspondence: 'digital' });
  });

  test('opt-in: the confirmation link arrives; until it is used no notice; a wrong or used token does nothing', async () => {
    catcher.clear();
    const page = await (await browse(anna, `${backend.issuer}/voorkeuren`)).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)[1];
    const before = await lastAuditId(backend);
    const res = await browse(anna, `${backend.issuer}/voorkeuren/e-mail`, {
      ...form({ csrf, email: ADDRESS.anna, lang: 'nl' }),
      headers: { ...form({}).headers, ...sameOrigin(backend) },
    });
    assert.equal(res.status, 303);
    const pending = await getPreferences(backend, anna);
    assert.equal(pending.emailNotices.status, 'pending');
    assert.equal(pending.emailNotices.email, ADDRESS.anna);
    assert.ok(Date.parse(pending.emailNotices.confirmBefore) > Date.now() + 23 * 3600_000);

    const confirmation = await catcher.waitFor((m) => m.to.includes(ADDRESS.anna));
    assert.equal(confirmation.subject, 'Bevestig je e-mailadres voor meldingen');
    const link = linkIn(confirmation);
    assert.ok(link, 'the mail holds the confirmation link');
    assert.ok(link.startsWith(backend.issuer));

    // not confirmed yet: a new item sends nothing
    await publishMessage(backend, token, 'anna');
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.equal(catcher.mails().filter((m) => m.to.includes(ADDRESS.anna)).length, 1, 'only the confirmation');

    // a wrong token, and opening the link without pressing the button, confirm nothing
    const wrong = await confirmThrough(
      backend,
      link.replace(/token=[^&]+/, 'token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
    );
    assert.equal(wrong.status, 404);
    assert.equal((await getPreferences(backend, anna)).emailNotices.status, 'pending');

    const confirmed = await confirmThrough(backend, link);
    assert.equal(confirmed.status, 200);
    assert.match(await confirmed.text(), /Je e-mailadres is bevestigd/);
    assert.equal((await getPreferences(backend, anna)).emailNotices.status, 'on');
    const again = await confirmThrough(backend, link);
    assert.equal(again.status, 404, 'a link works once');

    const rows = await auditRows(backend, before);
    const annaId = (await backend.store.userByUsername('anna')).id;
    assert.ok(
      rows.some((r) => r.resource === '/voorkeuren/e-mail' && r.operation === 'update' && r.subject === annaId),
    );
    assert.ok(rows.some((r) => r.operation === 'confirm' && r.subject === annaId && r.outcome === 'ok'));
    assert.ok(rows.some((r) => r.operation === 'confirm' && r.outcome === 'not_found'));
    assert.ok(
      rows.some(
        (r) =>
          r.operation === 'send-mail' &&
          r.resource === '/mail/confirmation' &&
          r.subject === 'service:mail' &&
          r.concerns === annaId,
      ),
    );
  });

  test('a notice per new item in the citizen language, without personal content; none for citizens without a confirmed address', async () => {
    // chloe asks but never confirms; bart never asks
    const chloe = await hostLogin(backend, 'chloe');
    assert.equal((await putPreferences(backend, chloe, { emailNotices: { email: ADDRESS.chloe } })).status, 200);
    await catcher.waitFor((m) => m.to.includes(ADDRESS.chloe));

    // anna confirmed her address in nl above: each language asks for a new confirmation, nl last
    for (const lang of ['fr', 'en', 'de', 'nl']) {
      catcher.clear();
      const changed = await putPreferences(backend, anna, { emailNotices: { email: ADDRESS.anna, language: lang } });
      assert.equal(changed.body.emailNotices.status, 'pending', 'another language: confirmed again');
      const link = linkIn(await catcher.waitFor((m) => m.to.includes(ADDRESS.anna)));
      assert.match(link, new RegExp(`lang=${lang}$`));
      assert.equal((await confirmThrough(backend, link)).status, 200);
      catcher.clear();

      const started = Date.now();
      await publishMessage(backend, token, 'anna', `Geheime titel ${lang}`);
      await publishMessage(backend, token, 'bart');
      await publishMessage(backend, token, 'chloe');
      const notice = await catcher.waitFor((m) => m.subject === SUBJECTS[lang]);
      assert.ok(Date.now() - started < 10_000);
      assert.deepEqual(notice.to, [ADDRESS.anna]);
      assert.equal(notice.from, '"Gemeente Lindegem" <no-reply@localhost>');
      assert.ok(notice.text.includes(`${backend.issuer}/berichten?lang=${lang}`), 'the link to the page');
      assert.ok(notice.text.includes(`${backend.issuer}/voorkeuren?lang=${lang}`), 'how to turn it off');
      for (const secret of [
        'Geheime titel',
        'vertrouwelijke',
        'Anna',
        'Peeters',
        NRN.anna,
        'demo-eloket',
        ADDRESS.anna,
      ])
        assert.ok(
          !`${notice.subject}\n${notice.text}`.includes(secret),
          `the notice holds no personal content (${secret})`,
        );
      assert.equal(notice.headers['auto-submitted'], 'auto-generated');
    }
    await new Promise((resolve) => setTimeout(resolve, 800));
    const others = catcher.mails().filter((m) => !m.to.includes(ADDRESS.anna));
    assert.deepEqual(others, [], 'no notice for bart (not opted in) nor chloe (not confirmed)');
  });

  test('a dossier sends its own notice; several items published at once make one mail', async () => {
    // anna's address is confirmed, in nl (the test before): the same address and language change nothing
    const same = await putPreferences(backend, anna, { emailNotices: { email: ADDRESS.anna, language: 'nl' } });
    assert.equal(same.body.emailNotices.status, 'on');
    catcher.clear();
    const dossier = await call(backend, token, 'PUT', '/dossiers/CHOICES-1', {
      json: { citizen: { nationalRegisterNumber: NRN.anna }, caseType: 'premie', title: 'Premie', status: 'received' },
    });
    assert.equal(dossier.status, 201, JSON.stringify(dossier.body));
    const notice = await catcher.waitFor((m) => m.to.includes(ADDRESS.anna));
    assert.equal(notice.subject, 'Er is nieuws over je dossier bij Gemeente Lindegem');
    assert.ok(notice.text.includes('/dossiers?lang=nl'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    catcher.clear();
    await Promise.all([publishMessage(backend, token, 'anna', 'een'), publishMessage(backend, token, 'anna', 'twee')]);
    await catcher.waitFor((m) => m.to.includes(ADDRESS.anna));
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.equal(catcher.mails().length, 1, 'one notice for two items published together');
  });

  test('opt-out: no more notices, the address is forgotten; the mail catcher page shows what it caught', async () => {
    const page = await (await browse(anna, `${backend.issuer}/voorkeuren`)).text();
    assert.match(page, /Meldingen gaan naar <strong>anna@example.be<\/strong>/);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)[1];
    const off = await browse(anna, `${backend.issuer}/voorkeuren/e-mail/uit`, {
      ...form({ csrf, lang: 'nl' }),
      headers: { ...form({}).headers, ...sameOrigin(backend) },
    });
    assert.equal(off.status, 303);
    assert.deepEqual((await getPreferences(backend, anna)).emailNotices, { status: 'off' });
    catcher.clear();
    await publishMessage(backend, token, 'anna');
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.deepEqual(catcher.mails(), []);

    await putPreferences(backend, anna, { emailNotices: { email: ADDRESS.anna } });
    await catcher.waitFor((m) => m.to.includes(ADDRESS.anna));
    const shown = await (await fetch(catcher.url)).text();
    assert.match(shown, /Bevestig je e-mailadres voor meldingen/);
    const json = await (await fetch(new URL('/mails.json', catcher.url))).json();
    assert.equal(json.length, 1);
    assert.equal((await putPreferences(backend, anna, { emailNotices: null })).body.emailNotices.status, 'off');
  });
});

describe('choices: an expired confirmation link', () => {
  test('after its time the link is refused (410) and the address stays unconfirmed', async () => {
    const catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
    const backend = await startTestBackend({ smtpUrl: catcher.smtpUrl, emailConfirmTtl: 1 });
    try {
      const anna = await hostLogin(backend, 'anna');
      await putPreferences(backend, anna, { emailNotices: { email: ADDRESS.anna, language: 'fr' } });
      const link = linkIn(await catcher.waitFor((m) => m.to.includes(ADDRESS.anna)));
      await new Promise((resolve) => setTimeout(resolve, 1200));
      const expired = await confirmThrough(backend, link);
      assert.equal(expired.status, 410);
      assert.match(await expired.text(), /Ce lien a expiré/);
      assert.equal((await getPreferences(backend, anna)).emailNotices.status, 'pending');
    } finally {
      await backend.close();
      await catcher.close();
    }
  });
});

describe('choices: sending never holds up publishing; a failed send is retried and logged without the address', () => {
  test('the publish call answers while the SMTP server still holds the first attempt, which fails; the retry arrives', async () => {
    const received = [];
    let attempts = 0;
    let holding = false;
    const smtp = await startSmtpServer((stream, _session, callback) => {
      attempts += 1;
      simpleParser(stream).then((mail) => {
        if (mail.subject.startsWith('Bevestig')) {
          received.push(mail);
          return callback();
        }
        if (attempts === 2) {
          // the first notice: held for a while, then refused with a temporary error
          holding = true;
          return setTimeout(() => {
            holding = false;
            callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
          }, 1500);
        }
        received.push(mail);
        return callback();
      }, callback);
    });
    const log = new PassThrough();
    const lines = [];
    log.on('data', (chunk) => lines.push(String(chunk)));
    const backend = await startTestBackend({
      smtpUrl: smtp.url,
      mailRetryDelaysMs: [200],
      quiet: false,
      logStream: log,
    });
    try {
      const anna = await hostLogin(backend, 'anna');
      const token = await clientToken(backend);
      await putPreferences(backend, anna, { emailNotices: { email: ADDRESS.anna } });
      for (let i = 0; i < 100 && !received.length; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal((await confirmThrough(backend, linkIn({ text: received[0].text }))).status, 200);

      await publishMessage(backend, token, 'anna');
      for (let i = 0; i < 100 && !holding; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.ok(holding, 'the first notice is in the SMTP exchange');
      await publishMessage(backend, token, 'anna'); // answered while the exchange is held
      assert.ok(holding, 'the publish call did not wait for the mail');

      for (let i = 0; i < 200 && received.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(received.length, 2, 'the retry arrived');
      assert.equal(received[1].subject, SUBJECTS.nl);
      const text = lines.join('');
      assert.match(text, /mail not sent: retrying/);
      assert.match(text, /"mail":"notice"/);
      assert.ok(!text.includes(ADDRESS.anna), 'the log names no address');
    } finally {
      await backend.close();
      await smtp.close();
    }
  });
});
