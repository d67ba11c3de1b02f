// Host mode (the site's server owns the session: the loket_host_session cookie) and the backend's own
// HTML pages per item (identified by the provider's session or the host-mode cookie).

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { browse, CookieJar, eventReader, form, loadOpenApi, signIn, SITE, startTestBackend } from './helpers.mjs';

const openapi = loadOpenApi();
let backend;
before(async () => {
  backend = await startTestBackend();
});
after(() => backend?.close());

/** Signs in through /host/login like a browser; returns the jar and the final redirect. */
async function hostLogin({
  username = 'anna',
  password = 'demo',
  returnTo = `${SITE}/diensten/parkeren.html`,
  jar = new CookieJar(),
} = {}) {
  const page = await browse(jar, `${backend.issuer}/host/login?return=${encodeURIComponent(returnTo)}`);
  assert.equal(page.status, 200);
  const html = await page.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)[1];
  const ret = /name="return" value="([^"]+)"/.exec(html)[1].replaceAll('&amp;', '&');
  const res = await browse(
    jar,
    `${backend.issuer}/host/login`,
    form({ username, password, csrf, return: ret, lang: 'nl' }),
  );
  return {
    jar,
    res,
    html: res.status === 200 ? await res.text() : undefined,
    loginPage: html,
    setCookie: res.headers.getSetCookie(),
  };
}

describe('host-mode sign-in', () => {
  test('the form is the same localized sign-in form; success sets the httpOnly cookie and returns to the site', async () => {
    const { res, jar, setCookie, loginPage } = await hostLogin();
    assert.match(loginPage, /<h1>Aanmelden<\/h1>/);
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), `${SITE}/diensten/parkeren.html`);
    const cookie = setCookie.find((c) => c.startsWith('loket_host_session='));
    assert.ok(cookie, 'sets loket_host_session');
    assert.match(cookie, /; Path=\//);
    assert.match(cookie, /; SameSite=Lax/);
    assert.match(cookie, /; HttpOnly/);
    assert.ok(jar.get('loket_host_session').length >= 40);
    // only a hash is stored
    const value = jar.get('loket_host_session');
    assert.equal(await backend.store.hostSessions.find(value), undefined, 'not stored by its value');
    assert.ok(
      await backend.store.hostSessions.find(createHash('sha256').update(value).digest('base64url')),
      'stored by its hash',
    );

    const french = await browse(new CookieJar(), `${backend.issuer}/host/login?lang=fr`);
    assert.match(await french.text(), /<h1>Se connecter<\/h1>/);
  });

  test('a wrong password shows the error again; a return URL off the site origins goes to the site home', async () => {
    const wrong = await hostLogin({ password: 'nope' });
    assert.equal(wrong.res.status, 200);
    assert.match(wrong.html, /De gebruikersnaam of het wachtwoord is niet juist\./);
    assert.equal(
      wrong.setCookie.find((c) => c.startsWith('loket_host_session=')),
      undefined,
    );

    const evil = await hostLogin({ returnTo: 'http://evil.example/steal' });
    assert.equal(evil.res.headers.get('location'), `${SITE}/`);
    const js = await hostLogin({ returnTo: 'javascript:alert(1)' });
    assert.equal(js.res.headers.get('location'), `${SITE}/`);
  });

  test("a post without the form's csrf value is refused", async () => {
    const jar = new CookieJar();
    const res = await browse(
      jar,
      `${backend.issuer}/host/login`,
      form({ username: 'anna', password: 'demo', return: `${SITE}/` }),
    );
    assert.equal(res.status, 403);
    assert.equal(
      res.headers.getSetCookie().find((c) => c.startsWith('loket_host_session=')),
      undefined,
    );
  });
});

describe('host session and the profile API with the cookie', () => {
  test('GET /host/session with credentials from a site origin; the API accepts the cookie; sign-out clears it', async () => {
    const { jar } = await hostLogin({ username: 'chloe' });
    const session = await browse(jar, `${backend.issuer}/host/session`, { headers: { origin: SITE } });
    assert.equal(session.headers.get('access-control-allow-origin'), SITE);
    assert.equal(session.headers.get('access-control-allow-credentials'), 'true');
    const body = await openapi.check(session, { method: 'GET', path: '/host/session' });
    assert.deepEqual([body.user.givenName, body.user.familyName, body.user.language], ['Chloé', 'Dubois', 'fr']);

    const preflight = await fetch(`${backend.issuer}/host/session`, {
      method: 'OPTIONS',
      headers: { origin: SITE, 'access-control-request-method': 'GET' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');

    const summary = await browse(jar, `${backend.issuer}/api/me/summary`, { headers: { origin: SITE } });
    assert.equal(summary.status, 200);
    assert.equal(summary.headers.get('access-control-allow-credentials'), 'true');
    await openapi.check(summary, { method: 'GET', path: '/me/summary' });

    const events = await browse(jar, `${backend.issuer}/api/me/events`, { headers: { origin: SITE } });
    assert.equal(events.status, 200);
    const stream = eventReader(events);
    await stream.until(() => stream.comments.includes('connected'));
    await stream.cancel();

    const logout = await browse(jar, `${backend.issuer}/host/logout`, { method: 'POST', headers: { origin: SITE } });
    assert.equal(logout.headers.get('access-control-allow-origin'), SITE);
    await openapi.check(logout, { method: 'POST', path: '/host/logout' });
    assert.equal(logout.status, 204);
    assert.equal(jar.get('loket_host_session'), undefined, 'cookie cleared');

    const gone = await fetch(`${backend.issuer}/host/session`, { headers: { origin: SITE } });
    await openapi.check(gone, { method: 'GET', path: '/host/session' });
    assert.equal(gone.status, 401);
  });

  test('the server forgets the session on sign-out, even if the browser kept the cookie', async () => {
    const { jar } = await hostLogin();
    const value = jar.get('loket_host_session');
    await browse(jar, `${backend.issuer}/host/logout`, { method: 'POST' });
    const res = await fetch(`${backend.issuer}/api/me`, { headers: { cookie: `loket_host_session=${value}` } });
    assert.equal(res.status, 401);
  });

  test('sign-out by form post or by the GET page redirects to a site URL', async () => {
    const { jar } = await hostLogin();
    // the header navigates here from the site: its Referer says so (from anywhere else the page asks: hardening.test)
    const page = await browse(
      jar,
      `${backend.issuer}/host/logout?return=${encodeURIComponent(`${SITE}/contact.html`)}`,
      { headers: { referer: `${SITE}/contact.html` } },
    );
    const html = await page.text();
    assert.match(html, /data-auto-submit="host-logout"/);
    assert.match(html, /<script src="\/static\/auto-submit.js" defer>/);
    const res = await browse(
      jar,
      `${backend.issuer}/host/logout`,
      form({ return: `${SITE}/contact.html`, confirm: 'yes' }),
    );
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), `${SITE}/contact.html`);
    assert.equal(jar.get('loket_host_session'), undefined);
    await openapi.check(res, { method: 'POST', path: '/host/logout' });
  });

  test('other origins are refused', async () => {
    const { jar } = await hostLogin();
    const session = await browse(jar, `${backend.issuer}/host/session`, { headers: { origin: 'http://evil.example' } });
    assert.equal(session.status, 403);
    assert.equal(session.headers.get('access-control-allow-origin'), null);
    await openapi.check(session, { method: 'GET', path: '/host/session' });
    const logout = await browse(jar, `${backend.issuer}/host/logout`, {
      method: 'POST',
      headers: { origin: 'http://evil.example' },
    });
    assert.equal(logout.status, 403);
    assert.ok(jar.get('loket_host_session'), 'still signed in');
    const login = await browse(new CookieJar(), `${backend.issuer}/host/login`, {
      ...form({ username: 'anna', password: 'demo' }),
      headers: { ...form({}).headers, origin: 'http://evil.example' },
    });
    assert.equal(login.status, 403);
  });
});

describe('item pages', () => {
  test('a message page via the provider session marks the message read; the href of the summary item', async () => {
    const { tokens, jar } = await signIn(backend, { username: 'anna' });
    const token = tokens.access_token;
    const summary = await (
      await fetch(`${backend.issuer}/api/me/summary`, { headers: { authorization: `Bearer ${token}` } })
    ).json();
    const unread = summary.latest.find((i) => (i.kind === 'message' || i.kind === 'registered') && !i.read);
    assert.ok(unread);
    const page = await browse(jar, unread.href);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.ok(html.includes(unread.title), 'shows the message');
    assert.match(page.headers.get('content-security-policy'), /default-src 'none'/);
    assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)(?! type="application\/json")[^>]*>|<style|\sstyle=/i);
    const after = await (
      await fetch(`${backend.issuer}/api/me/summary`, { headers: { authorization: `Bearer ${token}` } })
    ).json();
    assert.equal(after.unread.messages, summary.unread.messages - 1);
  });

  test('dossier and document pages, and the download, via the host-mode cookie', async () => {
    const { jar } = await hostLogin({ username: 'anna' });
    const dossiers = await (await browse(jar, `${backend.issuer}/api/me/dossiers`)).json();
    const dossier = dossiers.items.find((d) => d.history.length === 3);
    const page = await browse(jar, dossier.href);
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.ok(html.includes(dossier.reference));
    assert.match(html, /Beslist/);

    const documents = await (await browse(jar, `${backend.issuer}/api/me/documents`)).json();
    const doc = documents.items[0];
    const docPage = await browse(jar, doc.href);
    const docHtml = await docPage.text();
    const download = /href="(\/documenten\/[^"]+\/bestand)"/.exec(docHtml)[1];
    const pdf = await browse(jar, new URL(download, backend.issuer));
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.match(pdf.headers.get('content-disposition'), /^attachment; filename="/);
    assert.equal(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
      '%PDF-',
    );
  });

  test("not signed in: 401 page with a sign-in link; someone else's item: 404", async () => {
    const { tokens } = await signIn(backend, { username: 'anna' });
    const { items } = await (
      await fetch(`${backend.issuer}/api/me/messages`, { headers: { authorization: `Bearer ${tokens.access_token}` } })
    ).json();
    const anon = await fetch(items[0].href);
    assert.equal(anon.status, 401);
    const html = await anon.text();
    assert.match(html, /href="\/host\/login\?return=/);
    assert.ok(!html.includes(items[0].title), 'no content without a session');

    const { jar } = await hostLogin({ username: 'bart' });
    const foreign = await browse(jar, items[0].href);
    assert.equal(foreign.status, 404);
    assert.ok(!(await foreign.text()).includes(items[0].title));
  });
});
