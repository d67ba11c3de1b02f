// Issue 14's rights in Chromium, against the real service: a supplier publishes to anna; anna signs in (host
// mode's sign-in form), reads her pages (/berichten, /dossiers, /documenten, /gegevens), opens "Al mijn
// gegevens" (/inzage) and downloads the JSON with its button: everything those pages show is in the file (their
// real texts compared with its values), and the readable page shows it too. "Wie bekeek mijn gegevens"
// (/raadplegingen) names the supplier. axe finds nothing on both pages in nl, fr, en and de.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importJWK, SignJWT } from 'jose';
import { signInAtProvider, useBackendEnvironment } from './backend-env.mjs';
import { openAxeSession, runAxe, summary } from './axe.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ANNA_NRN = '85073003328';
const PUBLISHED_TITLE = 'Uw vergunning voor het terras';
const env = useBackendEnvironment();

/** The demo supplier (demo-eloket) publishes a message to anna through the publish API. */
async function publishToAnna() {
  const jwk = JSON.parse(await readFile(path.join(ROOT, 'demo', 'clients', 'demo-eloket.private.jwk.json'), 'utf8'));
  const issuer = env.backend.url;
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid })
    .setIssuer('demo-eloket')
    .setSubject('demo-eloket')
    .setAudience(issuer)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('2m')
    .sign(await importJWK(jwk, 'ES256'));
  const token = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope: 'publish:messages',
    }),
  }).then((res) => res.json());
  const res = await fetch(`${issuer}/api/publish/messages`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token.access_token}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
    },
    body: JSON.stringify({
      citizen: { nationalRegisterNumber: ANNA_NRN },
      title: PUBLISHED_TITLE,
      body: 'Het college keurde uw aanvraag goed.',
    }),
  });
  assert.equal(res.status, 201, await res.text());
}

/** anna signs in on the service's own sign-in form (host mode) and lands back on the demo site. */
async function signIn(page) {
  await page.goto(`${env.backend.url}/host/login?return=${encodeURIComponent(env.server.url)}`);
  await signInAtProvider(page, { username: 'anna' });
}

const texts = (page, selector) => page.locator(selector).allInnerTexts();

test('anna downloads all her data: the file holds what her pages show; the access page names the supplier', async () => {
  await publishToAnna();
  const session = await openAxeSession(env.browser);
  const { page } = session;
  try {
    await signIn(page);
    const base = env.backend.url;

    // what her pages show
    await page.goto(`${base}/berichten`);
    const messageTitles = await texts(page, 'main .items > li h2');
    const senders = (await texts(page, 'main .items > li p.meta')).map((t) => /^Van (.+?) · /.exec(t)?.[1]);
    assert.ok(messageTitles.includes(PUBLISHED_TITLE));
    await page.goto(`${base}/dossiers`);
    const dossierTitles = await texts(page, 'main .items > li h2');
    const references = await texts(page, 'main .items > li dl dd:nth-of-type(1)');
    await page.goto(`${base}/documenten`);
    const documentTitles = await texts(page, 'main .items > li h2');
    const fileNames = (await texts(page, 'main .items > li a.download')).map((t) => t.split(': ').at(-1));
    await page.goto(`${base}/gegevens`);
    const terms = await texts(page, 'main dl.facts dt');
    const values = await texts(page, 'main dl.facts dd');
    const shown = Object.fromEntries(terms.map((term, i) => [term, values[i]]));

    // the export page and its download button
    await page.goto(`${base}/inzage`);
    assert.equal(await page.locator('h1').innerText(), 'Al mijn gegevens');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download al mijn gegevens (JSON)' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^loket-export-anna-peeters-\d{4}-\d\d-\d\d\.json$/);
    const data = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.deepEqual([data.format, data.version], ['loket-export', 1]);

    assert.deepEqual(
      data.messages.map((m) => m.title),
      messageTitles,
      'the messages, in the order of /berichten',
    );
    assert.deepEqual(
      data.messages.map((m) => m.sender),
      senders,
    );
    assert.deepEqual(
      data.dossiers.map((d) => d.title),
      dossierTitles,
    );
    assert.deepEqual(
      data.dossiers.map((d) => d.reference),
      references,
    );
    assert.deepEqual(
      data.documents.map((d) => d.title),
      documentTitles,
    );
    assert.deepEqual(
      data.documents.map((d) => d.file.name),
      fileNames,
    );
    assert.deepEqual(
      data.files.filter((f) => f.kind === 'document').map((f) => f.name),
      fileNames,
    );
    assert.equal(shown.Naam, `${data.subject.givenName} ${data.subject.familyName}`);
    assert.equal(shown.Taal, 'Nederlands');
    assert.equal(data.subject.language, 'nl');
    for (const fact of data.facts) assert.ok(shown[fact.label]?.startsWith(fact.value), `${fact.label}: ${fact.value}`);
    assert.equal(data.facts.length + 2, terms.length, 'every fact of /gegevens, and nothing else');
    assert.ok(
      data.accessLog.some((e) => e.actor.name === 'Demo e-loket' && e.source === 'messages'),
      'the publish in the access log',
    );

    // the readable page shows the same
    const main = await page.locator('main').innerText();
    for (const text of [...messageTitles, ...dossierTitles, ...references, ...documentTitles, ...fileNames])
      assert.ok(main.includes(text), text);
    for (const file of data.files) assert.ok(main.includes(file.sha256), file.name);

    // who looked at her data
    await page.goto(`${base}/raadplegingen`);
    const entries = await texts(page, 'main ol.access-log > li');
    assert.ok(
      entries.some((e) => /Leverancier: Demo e-loket publiceerde je berichten/.test(e)),
      entries.join('\n'),
    );
    assert.ok(
      entries.every((e) => !/\b127\.0\.0\.1\b/.test(e)),
      'no addresses',
    );

    // axe on both pages in the four languages
    for (const lang of ['nl', 'fr', 'en', 'de']) {
      for (const pathname of ['/inzage', '/raadplegingen']) {
        await page.goto(`${base}${pathname}?lang=${lang}`);
        assert.equal(await page.locator('html').getAttribute('lang'), lang);
        assert.deepEqual(summary(await runAxe(page, { header: false })), [], `${pathname} in ${lang}`);
      }
    }
    assert.deepEqual(session.pageErrors, []);
  } finally {
    await session.close();
  }
});
