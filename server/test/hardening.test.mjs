// Issue 13's review findings, each tried as an attacker would over plain HTTP (a cookie jar, manual redirects):
// exact redirect URIs, sign-out from another site, CR/LF in a return URL, download names, Secure cookies and
// HSTS behind https, the client address behind a trusted proxy, session idle limits, recent sign-in for the
// pages, sign-in throttling and the password hash upgrade. Each test fails without its fix.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes, scryptSync } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { makePdf } from '../dist/services/pdf.js';
import {
  api,
  auditRows,
  authorizeUrl,
  browse,
  CookieJar,
  form,
  lastAuditId,
  OTHER_SITE,
  pkce,
  signIn,
  SITE,
  startTestBackend,
} from './helpers.mjs';
import { call, clientToken, hostLogin, multipart, NRN } from './publish-helpers.mjs';

/** The host-mode sign-in form's CSRF token and the posted sign-in (a 303 when it worked). */
async function hostSignIn(backend, jar, { username = 'anna', password = 'demo', lang, extra = {} } = {}) {
  const page = await (await browse(jar, `${backend.issuer}/host/login${lang ? `?lang=${lang}` : ''}`)).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)[1];
  return browse(
    jar,
    `${backend.issuer}/host/login`,
    form({ username, password, csrf, return: `${SITE}/`, ...(lang ? { lang } : {}), ...extra }),
  );
}

const sessionOf = (backend, jar) => browse(jar, `${backend.issuer}/host/session`, { headers: { origin: SITE } });

describe('one service', () => {
  let backend;
  before(async () => {
    backend = await startTestBackend();
  });
  after(() => backend?.close());

  test('redirect URIs match exactly: a code cannot be sent to another page of a site', async () => {
    // the sites' callbacks work
    await signIn(backend, { redirectUri: `${SITE}/` });
    await signIn(backend, { redirectUri: `${OTHER_SITE}/` });
    // an attacker who starts the flow with another page of the site (one that leaks its URL) gets no code there
    const jar = new CookieJar();
    await signIn(backend, { jar });
    for (const redirectUri of [
      `${SITE}/diensten/afval.html`,
      `${SITE}/?next=x`,
      `${SITE}//evil.example/`,
      `${SITE}/%2e%2e/`,
    ]) {
      const res = await browse(jar, authorizeUrl(backend, { challenge: pkce().challenge, redirectUri }));
      assert.equal(res.status, 400, redirectUri);
      assert.equal(res.headers.get('location'), null, `${redirectUri}: no redirect, so no code`);
      assert.match(await res.text(), /redirect_uri/);
    }
    // the post-logout redirect is exact too
    const { tokens, jar: signedIn } = await signIn(backend);
    const end = new URL('/session/end', backend.issuer);
    end.searchParams.set('id_token_hint', tokens.id_token);
    end.searchParams.set('post_logout_redirect_uri', `${SITE}/diensten/afval.html`);
    assert.equal((await browse(signedIn, end)).status, 400);
  });

  test('host mode: another site cannot sign the citizen out (the sign-out page asks instead of posting itself)', async () => {
    const jar = new CookieJar();
    assert.equal((await hostSignIn(backend, jar)).status, 303);
    const logoutUrl = `${backend.issuer}/host/logout?return=${encodeURIComponent(`${SITE}/`)}`;
    for (const headers of [{ referer: 'http://evil.example/page' }, {}, { 'sec-fetch-site': 'cross-site' }]) {
      const page = await browse(jar, logoutUrl, { headers });
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.doesNotMatch(html, /data-auto-submit|auto-submit\.js/, JSON.stringify(headers));
      assert.match(html, /Wil je je afmelden\?/);
    }
    // a cross-site post of the form itself is refused
    const forged = await browse(jar, `${backend.issuer}/host/logout`, {
      ...form({ return: `${SITE}/` }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example' },
    });
    assert.equal(forged.status, 403);
    assert.equal((await sessionOf(backend, jar)).status, 200, 'still signed in');
    // from the site itself (its Referer) the page posts itself, as before
    const own = await (await browse(jar, logoutUrl, { headers: { referer: `${SITE}/diensten/` } })).text();
    assert.match(own, /data-auto-submit="host-logout"/);
    assert.match(own, /<script src="\/static\/auto-submit.js" defer><\/script>/);
  });

  test('oidc: end-session posts itself only with an ID token of the signed-in citizen', async () => {
    const anna = await signIn(backend, { username: 'anna' });
    const bart = await signIn(backend, { username: 'bart' });
    const endSession = (idTokenHint) => {
      const url = new URL('/session/end', backend.issuer);
      if (idTokenHint) url.searchParams.set('id_token_hint', idTokenHint);
      url.searchParams.set('post_logout_redirect_uri', `${SITE}/`);
      url.searchParams.set('client_id', 'loket-demo');
      return browse(anna.jar, url).then((res) => res.text());
    };
    // another site's link, with no hint or with the attacker's own ID token: the citizen is asked
    for (const hint of [undefined, bart.tokens.id_token]) {
      const html = await endSession(hint);
      assert.match(html, /Wil je je afmelden\?/);
      assert.doesNotMatch(html, /data-auto-submit|auto-submit\.js/);
    }
    // the header's own sign-out (anna's ID token): no click
    assert.match(await endSession(anna.tokens.id_token), /data-auto-submit="op.logoutForm"/);
  });

  test('a CR or LF in a return URL is refused with 400 before the session changes', async () => {
    const jar = new CookieJar();
    assert.equal((await hostSignIn(backend, jar)).status, 303);
    for (const bad of [`${SITE}/\r\nSet-Cookie: x=1`, `${SITE}/\n`, `${SITE}/\rx`]) {
      const post = await browse(jar, `${backend.issuer}/host/logout`, {
        ...form({ return: bad }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: SITE },
      });
      assert.equal(post.status, 400, JSON.stringify(bad));
      assert.match(post.headers.get('content-type'), /^text\/html/);
      assert.match(await post.text(), /return/);
      assert.equal((await sessionOf(backend, jar)).status, 200, 'the session is untouched');
      const page = await browse(jar, `${backend.issuer}/host/logout?return=${encodeURIComponent(bad)}`);
      assert.equal(page.status, 400);
      const login = await browse(jar, `${backend.issuer}/host/login?return=${encodeURIComponent(bad)}`);
      assert.equal(login.status, 400);
    }
    // and in the provider's post-logout redirect: a 400 page, never a 500
    const { tokens, jar: signedIn } = await signIn(backend);
    const end = new URL('/session/end', backend.issuer);
    end.searchParams.set('id_token_hint', tokens.id_token);
    end.searchParams.set('post_logout_redirect_uri', `${SITE}/\r\nx: y`);
    assert.equal((await browse(signedIn, end)).status, 400);
  });

  test('download names are encoded (RFC 6266 filename*): quotes, CR/LF and non-ASCII cannot break the header', async () => {
    const token = await clientToken(backend);
    const name = 'Attest woonst é Straße.pdf';
    const res = await call(backend, token, 'POST', '/documents', {
      body: multipart(
        { citizen: { nationalRegisterNumber: NRN.anna }, title: 'Attest', kind: 'attest' },
        makePdf({ title: 'Attest', lines: ['x'] }),
        name,
      ),
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const anna = (await signIn(backend, { username: 'anna' })).tokens.access_token;
    const download = await api(backend, `/me/documents/${res.body.id}/file`, { token: anna });
    assert.equal(download.status, 200);
    const header = download.headers.get('content-disposition');
    assert.equal(download.headers.get('x-injected'), null);
    assert.match(header, /^attachment; filename="[^"\r\n]*(\\"[^"\r\n]*)*"; filename\*=UTF-8''[\w%.!~*'()-]+$/);
    const decoded = decodeURIComponent(header.split("filename*=UTF-8''")[1]);
    assert.equal(decoded, name, 'the name as published, UTF-8');
    assert.match(header, /^attachment; filename="Attest woonst e Stra_e\.pdf"; filename\*=/, 'an ASCII fallback');
    assert.doesNotMatch(header, /[\r\n]/);
    // the page's download too
    const jar = await hostLogin(backend, 'anna');
    const page = await browse(jar, `${backend.issuer}/documenten/${res.body.id}/bestand`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-disposition'), header);
  });

  test('sign-in throttling answers 429 with Retry-After and says how long to wait, in the page language', async () => {
    // the default curve: three free failures for an account, then 2 s
    const name = `nobody-${randomBytes(4).toString('hex')}`;
    for (let i = 0; i < 3; i += 1) {
      const failed = await signIn(backend, { username: name, password: 'wrong', uiLocales: 'de' });
      assert.equal(failed.status, 200, 'a free failure');
    }
    const last = await signIn(backend, { username: name, password: 'wrong', uiLocales: 'de' });
    assert.equal(last.status, 200, 'the fourth failure is checked, and sets the wait');
    const throttled = await signIn(backend, { username: name, password: 'wrong', uiLocales: 'de' });
    assert.equal(throttled.status, 429);
    assert.match(throttled.html, /Zu viele fehlgeschlagene Versuche\. Warten Sie \d\sSekunden?/);
    assert.match(throttled.html, /role="alert"/);
  });
});

describe('behind TLS', () => {
  test('NODE_ENV=production refuses an http public URL (or none) at start, with a message naming the variable', async () => {
    const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin', 'server.js');
    for (const publicUrl of ['http://loket.lindegem.be', undefined]) {
      const run = spawnSync(process.execPath, [bin], {
        env: {
          ...process.env,
          NODE_ENV: 'production',
          LOKET_BACKEND_PORT: '0',
          LOKET_DATA_DIR: '/nonexistent/never-created',
          LOKET_PUBLIC_URL: publicUrl ?? '',
        },
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, /LOKET_PUBLIC_URL=.*expected an https URL|LOKET_PUBLIC_URL.*the https URL/);
      assert.match(run.stderr, /NODE_ENV=production serves over TLS only/);
    }
  });

  test('https public URL: Secure cookies (host mode and provider) and HSTS on every answer', async (t) => {
    const backend = await startTestBackend({ publicUrl: 'https://loket.example' });
    t.after(() => backend.close());
    const base = `http://127.0.0.1:${backend.port}`;
    const jar = new CookieJar();
    const page = await browse(jar, `${base}/host/login`);
    assert.equal(page.headers.get('strict-transport-security'), 'max-age=31536000');
    for (const cookie of page.headers.getSetCookie()) assert.match(cookie, /;\s*Secure/i, cookie);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())[1];
    const posted = await browse(jar, `${base}/host/login`, {
      ...form({ username: 'anna', password: 'demo', csrf, return: `${SITE}/` }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://loket.example' },
    });
    assert.equal(posted.status, 303);
    const session = posted.headers.getSetCookie().find((c) => c.startsWith('loket_host_session='));
    assert.match(session, /;\s*Secure/i);
    assert.match(session, /;\s*HttpOnly/i);
    // the provider's cookies and answers (it writes to the raw response)
    const auth = new URL('/auth', base);
    auth.search = authorizeUrl(backend, { challenge: pkce().challenge }).search;
    const start = await fetch(auth, { redirect: 'manual' });
    assert.equal(start.status, 303);
    assert.equal(start.headers.get('strict-transport-security'), 'max-age=31536000');
    const cookies = start.headers.getSetCookie();
    assert.ok(cookies.length > 0);
    for (const cookie of cookies) assert.match(cookie, /;\s*secure/i, cookie);
    const discovery = await fetch(`${base}/.well-known/openid-configuration`);
    assert.equal(discovery.headers.get('strict-transport-security'), 'max-age=31536000');
    assert.equal((await discovery.json()).issuer, 'https://loket.example');
  });

  test('http public URL: no Secure, no HSTS (a browser would drop Secure cookies over http)', async (t) => {
    const backend = await startTestBackend();
    t.after(() => backend.close());
    const page = await fetch(`${backend.issuer}/host/login`);
    assert.equal(page.headers.get('strict-transport-security'), null);
    for (const cookie of page.headers.getSetCookie()) assert.doesNotMatch(cookie, /Secure/i);
  });

  test('the client address comes from X-Forwarded-For only behind a proxy of LOKET_TRUST_PROXY', async (t) => {
    const trusted = await startTestBackend({ trustProxy: ['127.0.0.1', '::1', '::ffff:127.0.0.1'] });
    const untrusted = await startTestBackend({ trustProxy: ['10.0.0.1'] });
    t.after(() => Promise.all([trusted.close(), untrusted.close()]));
    for (const [backend, expected] of [
      [trusted, '203.0.113.9'],
      [untrusted, undefined],
    ]) {
      const from = await lastAuditId(backend);
      const { tokens } = await signIn(backend);
      const res = await api(backend, '/me', {
        token: tokens.access_token,
        headers: { 'x-forwarded-for': '203.0.113.9' },
      });
      assert.equal(res.status, 200);
      const row = (await auditRows(backend, from)).find((r) => r.resource === '/api/me');
      if (expected) assert.equal(row.clientIp, expected);
      else assert.match(row.clientIp, /^(::ffff:)?127\.0\.0\.1$|^::1$/, 'the connection, not the header');
    }
  });
});

// Side by side: each test has a service of its own and spends its time waiting for a limit to pass.
describe('session idle limits and recent sign-in', { concurrency: true }, () => {
  test('the provider session ends with the idle limit: the next person at the computer must sign in', async (t) => {
    const backend = await startTestBackend({ sessionIdleTtl: 2 });
    t.after(() => backend.close());
    const { jar } = await signIn(backend);
    const again = await browse(jar, authorizeUrl(backend, { challenge: pkce().challenge }));
    assert.equal(new URL(again.headers.get('location')).origin, SITE, 'within the idle limit: no sign-in');
    // oidc-provider allows its clockTolerance (15 s) past a session's expiry
    await sleep(2000 + 15_000 + 1500);
    const later = await browse(jar, authorizeUrl(backend, { challenge: pkce().challenge }));
    assert.equal(later.status, 303);
    assert.match(new URL(later.headers.get('location'), backend.issuer).pathname, /^\/interaction\//);
  });

  test('the service pages ask for a recent provider sign-in (recentSignInSeconds)', async (t) => {
    const backend = await startTestBackend({ recentSignInSeconds: 3 });
    t.after(() => backend.close());
    const { jar } = await signIn(backend);
    assert.equal((await browse(jar, `${backend.issuer}/berichten`)).status, 200);
    await sleep(4200);
    const stale = await browse(jar, `${backend.issuer}/berichten`);
    assert.equal(stale.status, 401);
    assert.match(await stale.text(), /\/host\/login\?return=/);
  });

  test('host-mode sessions end after the idle limit; a use within it moves the end', async (t) => {
    const backend = await startTestBackend({ sessionIdleTtl: 3 });
    t.after(() => backend.close());
    const jar = new CookieJar();
    assert.equal((await hostSignIn(backend, jar)).status, 303);
    await sleep(2000);
    assert.equal((await sessionOf(backend, jar)).status, 200, 'used after 2 s: the end moves to 5 s');
    await sleep(2000);
    assert.equal((await sessionOf(backend, jar)).status, 200, 'still alive at 4 s thanks to the use');
    await sleep(3500);
    assert.equal((await sessionOf(backend, jar)).status, 401, 'idle for 3.5 s: over');
  });
});

describe('sign-in throttling with a controlled clock', () => {
  test('growing delays per account, from any address; the right password waits too; then it works', async (t) => {
    let now = Date.now();
    const backend = await startTestBackend({
      signInThrottle: {
        account: { freeFailures: 1, baseDelayMs: 10_000, maxDelayMs: 60_000 },
        now: () => now,
      },
    });
    t.after(() => backend.close());
    const jar = new CookieJar();
    const from = await lastAuditId(backend);
    assert.equal((await hostSignIn(backend, jar, { password: 'x', lang: 'fr' })).status, 200);
    assert.equal((await hostSignIn(backend, jar, { password: 'x', lang: 'fr' })).status, 200, 'sets a 10 s wait');
    const waiting = await hostSignIn(backend, jar, { lang: 'fr' });
    assert.equal(waiting.status, 429, 'the right password is not even checked');
    assert.equal(waiting.headers.get('retry-after'), '10');
    assert.match(await waiting.text(), /Trop de tentatives échouées\. Attendez 10\ssecondes puis réessayez\./);
    now += 10_000;
    assert.equal((await hostSignIn(backend, jar, { password: 'x', lang: 'en' })).status, 200, 'checked: wrong');
    const longer = await hostSignIn(backend, jar, { lang: 'en' });
    assert.equal(longer.status, 429);
    assert.equal(longer.headers.get('retry-after'), '20', 'the wait doubled');
    assert.match(await longer.text(), /Too many failed attempts\. Wait 20\sseconds and then try again\./);
    now += 20_000;
    assert.equal((await hostSignIn(backend, jar)).status, 303, 'after the wait the right password works');
    const rows = (await auditRows(backend, from)).filter((r) => r.operation === 'sign-in');
    assert.deepEqual(
      rows.map((r) => r.outcome),
      ['denied', 'denied', 'denied', 'denied', 'denied', 'ok'],
    );
  });

  test('per address: guessing at many accounts from one address waits', async (t) => {
    let now = Date.now();
    const backend = await startTestBackend({
      signInThrottle: { address: { freeFailures: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 }, now: () => now },
    });
    t.after(() => backend.close());
    const jar = new CookieJar();
    for (const name of ['a1', 'a2', 'a3', 'a4'])
      assert.equal((await hostSignIn(backend, jar, { username: name, password: 'x', lang: 'nl' })).status, 200);
    const blocked = await hostSignIn(backend, jar, { username: 'bart', lang: 'nl' });
    assert.equal(blocked.status, 429);
    assert.match(await blocked.text(), /Te veel mislukte pogingen\. Wacht 1\sminuut en probeer het dan opnieuw\./);
    now += 60_000;
    assert.equal((await hostSignIn(backend, jar, { username: 'bart' })).status, 303);
  });
});

describe('password hashes', () => {
  test('a hash of the older parameters is replaced by one at N=2^17 at the next successful sign-in', async (t) => {
    const backend = await startTestBackend();
    t.after(() => backend.close());
    const anna = await backend.store.userByUsername('anna');
    const salt = randomBytes(16);
    const legacy = ['scrypt', 16384, 8, 1, salt.toString('base64url')]
      .concat(scryptSync('demo', salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64url'))
      .join('$');
    await backend.store.setPasswordHash(anna.id, legacy);
    assert.equal((await signIn(backend, { password: 'wrong' })).failed, true);
    assert.equal((await backend.store.userById(anna.id)).passwordHash, legacy, 'a failed sign-in changes nothing');
    await signIn(backend);
    const upgraded = (await backend.store.userById(anna.id)).passwordHash;
    assert.match(upgraded, /^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    await signIn(backend, { jar: new CookieJar() });
  });
});
