// Privacy and security in the browser (issue 6), against the real provider and profile API: what the header
// keeps in the browser over a whole visit (sign-in, browsing, sign-out), what it writes to the console and in
// `loket-error`, and how it sends the token; and Subresource Integrity for the files it loads (docs/privacy.md).
//
// The site runs on http://127.0.0.1:<port> and the backend on http://localhost:<port>: two sites, as in real
// life (cookies are per host, not per port, so on one host name the provider's cookies would look like the
// site's).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_USERS, startBackend } from '../../server/dist/index.js';
import { CONTENT_SECURITY_POLICY, startSiteServer } from '../../demo/site-server.mjs';
import { computeSri, importMapFor } from '../../scripts/sri.mjs';
import { signInAtProvider } from './backend-env.mjs';
import { cspViolations, describeProblems, launchBrowser, openSession, waitForHeader } from './helpers.mjs';

const env = {
  server: undefined,
  backend: undefined,
  browser: undefined,
  dataDir: undefined,
  url(p = '') {
    return new URL(p.replace(/^\//, ''), env.server.url).href;
  },
  open(options) {
    return openSession(env, options);
  },
};

before(async () => {
  env.dataDir = await mkdtemp(path.join(tmpdir(), 'loket-privacy-'));
  let backendUrl;
  env.server = await startSiteServer({ port: 0, publicHost: '127.0.0.1', backendUrl: () => backendUrl });
  [env.backend, env.browser] = await Promise.all([
    startBackend({ port: 0, siteOrigins: [new URL(env.server.url).origin], dataDir: env.dataDir, quiet: true }),
    launchBrowser(),
  ]);
  backendUrl = env.backend.url;
});
after(async () => {
  await Promise.all([env.browser?.close(), env.server?.close(), env.backend?.close()]);
  if (env.dataDir) await rm(env.dataDir, { recursive: true, force: true });
});

const ANNA = DEMO_USERS[0];
const signInButton = (page) => page.locator('loket-header').getByRole('button', { name: 'Aanmelden', exact: true });
const trigger = (page) => page.locator('loket-header loket-profile-menu [part="trigger"]');

/** What sessionStorage may hold, and why (docs/privacy.md lists the same). */
function documentedSessionKey(key) {
  const authority = env.backend.url;
  return (
    key === `oidc.user:${authority}:loket-demo` || // tokens + ID-token claims (oidc-client-ts)
    /^oidc\.[0-9a-f]{32}$/.test(key) || // a sign-in in progress: state and PKCE verifier (oidc-client-ts)
    key === `loket:summary:${authority}/api` || // the last summary, for the next page view
    /^loket:alert-dismissed:[0-9a-z]+$/.test(key) // "this alert was closed" (a hash of the alert)
  );
}
const documentedLocalKey = (key) => key === 'loket:token-generation:loket-demo';

/**
 * Watches a page for everything a visit leaves behind: every write to Web Storage (DevTools protocol, so writes
 * just before a navigation count too), every `loket-error`, every request with its headers, every token issued.
 */
async function watch(session) {
  const { context, page } = session;
  const seen = { storage: [], loketErrors: [], requests: [], tokens: new Set(), codes: new Set() };
  const cdp = await context.newCDPSession(page);
  await cdp.send('DOMStorage.enable');
  const siteOrigin = new URL(env.server.url).origin;
  const onStorage = (type) => (event) => {
    const { storageId, key, newValue } = event;
    if ((storageId.securityOrigin ?? storageId.storageKey ?? '').replace(/\/$/, '') !== siteOrigin) return;
    seen.storage.push({ type, storage: storageId.isLocalStorage ? 'local' : 'session', key, value: newValue });
  };
  cdp.on('DOMStorage.domStorageItemAdded', onStorage('added'));
  cdp.on('DOMStorage.domStorageItemUpdated', onStorage('updated'));
  cdp.on('DOMStorage.domStorageItemRemoved', onStorage('removed'));
  await context.exposeBinding('__privacyLoketError', (_source, detail) => seen.loketErrors.push(detail));
  await context.addInitScript(() =>
    document.addEventListener('loket-error', (event) =>
      window.__privacyLoketError?.({ code: event.code, message: event.message }),
    ),
  );
  context.on('request', async (request) => {
    const entry = { url: request.url(), method: request.method(), headers: undefined };
    seen.requests.push(entry);
    entry.headers = await request.allHeaders().catch(() => ({}));
    const code = new URL(request.url()).searchParams.get('code');
    if (code && request.url().startsWith(siteOrigin)) seen.codes.add(code);
  });
  // Every token the provider issues, read from the token responses as they pass (a page may navigate away before
  // its response body could be read afterwards).
  await context.route(`${env.backend.url}/token`, async (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    const response = await route.fetch();
    const text = await response.text();
    try {
      const body = JSON.parse(text);
      for (const name of ['access_token', 'refresh_token', 'id_token']) if (body[name]) seen.tokens.add(body[name]);
    } catch {
      /* an error answer */
    }
    return route.fulfill({ response, body: text });
  });
  return seen;
}

/** Everything that identifies Anna or her data: name, sub, her items' titles, and (once known) her tokens. */
async function secretsOf(seen) {
  const { store } = env.backend;
  const owner = { userId: ANNA.id, partyId: null };
  const titles = [
    ...new Set(
      [...(await store.messages(owner)), ...(await store.dossiers(owner)), ...(await store.documents(owner))].map(
        (row) => row.title,
      ),
    ),
  ];
  assert.ok(titles.length >= 8, 'her messages, dossiers and documents');
  return [ANNA.givenName, ANNA.familyName, ANNA.id, ...titles, ...seen.tokens, ...seen.codes];
}

function leaks(text, secrets) {
  const lower = String(text).toLowerCase();
  return secrets.filter((secret) => lower.includes(String(secret).toLowerCase()));
}

const storageOf = (page) =>
  page.evaluate(() => ({ session: { ...sessionStorage }, local: { ...localStorage }, cookie: document.cookie }));

async function signIn(session, from = '/') {
  const { page } = session;
  await page.goto(env.url(from));
  await waitForHeader(page);
  await signInButton(page).click();
  await page.waitForURL((url) => url.pathname.startsWith('/interaction'));
  await signInAtProvider(page);
  await trigger(page).waitFor({ state: 'visible' });
}

function waitForUnread(page) {
  return page.waitForFunction(() => {
    const menu = document.querySelector('loket-header')?.shadowRoot?.querySelector('loket-profile-menu')?.shadowRoot;
    return /\d+ ongelezen/.test(menu?.querySelector('[part="trigger"]')?.textContent ?? '');
  });
}

describe('privacy: what a visit leaves in the browser', () => {
  test('sign-in, browsing, sign-out: only the documented keys, no cookies, nothing personal in the console or loket-error, the token only in the Authorization header', async () => {
    const session = await env.open();
    const { page, context } = session;
    const seen = await watch(session);
    try {
      // Anonymous: nothing stored at all.
      await page.goto(env.url('/diensten/afval.html?jaar=2026#kalender'));
      await waitForHeader(page);
      assert.deepEqual(seen.storage, [], 'an anonymous visit stores nothing');
      assert.deepEqual(await storageOf(page), { session: {}, local: {}, cookie: '' });

      await signIn(session, '/diensten/afval.html?jaar=2026#kalender');
      await waitForUnread(page);

      // Signed in: exactly the tokens and the summary in sessionStorage, a counter in localStorage.
      const signedIn = await storageOf(page);
      assert.deepEqual(
        Object.keys(signedIn.session).sort(),
        [`loket:summary:${env.backend.url}/api`, `oidc.user:${env.backend.url}:loket-demo`].sort(),
        JSON.stringify(Object.keys(signedIn.session)),
      );
      assert.deepEqual(
        signedIn.local,
        { 'loket:token-generation:loket-demo': signedIn.local['loket:token-generation:loket-demo'] },
        `localStorage: ${JSON.stringify(signedIn.local)}`,
      );
      assert.match(signedIn.local['loket:token-generation:loket-demo'], /^\d+$/);
      assert.equal(signedIn.cookie, '', 'no cookie readable by the page');
      assert.deepEqual(await context.cookies(env.url('/')), [], 'no cookie for the site while signed in');
      assert.ok(
        (await context.cookies(env.backend.url)).length > 0,
        'the provider has its session cookie on its own host (the check above is not vacuous)',
      );

      // The menu, a site alert closed by the citizen, three more pages (script at the spot, element, API), a refresh.
      await trigger(page).click();
      await page.locator('loket-header loket-profile-menu .items li').first().waitFor();
      await page.keyboard.press('Escape');
      await page.evaluate(() =>
        window.loket.setAlert({ message: 'Het e-loket is zaterdag in onderhoud.', variant: 'info', dismissible: true }),
      );
      await page.locator('loket-header loket-alert[part="alert"]').getByRole('button').click();
      for (const p of ['/', '/diensten/parkeren.html', '/contact.html']) {
        await page.goto(env.url(p));
        await trigger(page).waitFor({ state: 'visible' });
      }
      await page.evaluate(() => window.loket.refresh());

      // Sign out in the menu: back on the site, signed out.
      await trigger(page).click();
      await Promise.all([
        page.waitForURL((url) => url.origin === env.backend.url && url.pathname.startsWith('/session/end'), {
          timeout: 15_000,
        }),
        page.locator('loket-header loket-profile-menu').getByRole('button', { name: 'Afmelden' }).click(),
      ]);
      await page.waitForURL((url) => url.origin === new URL(env.server.url).origin, { timeout: 15_000 });
      await signInButton(page).waitFor();
      const signedOut = await storageOf(page);
      const secrets = await secretsOf(seen);
      assert.ok(
        seen.tokens.size >= 3 && seen.codes.size === 1,
        `the tokens and the code were seen: ${seen.tokens.size} tokens, ${seen.codes.size} codes`,
      );

      // After sign-out: nothing personal is left, only the alert flag and the counter.
      assert.deepEqual(
        Object.keys(signedOut.session),
        Object.keys(signedOut.session).filter((k) => k.startsWith('loket:alert-dismissed:')),
      );
      assert.equal(
        Object.keys(signedOut.session).length,
        1,
        `the closed alert stays closed for the browser session: ${JSON.stringify(signedOut.session)}`,
      );
      assert.deepEqual(
        Object.keys(signedOut.local),
        ['loket:token-generation:loket-demo'],
        `localStorage: ${JSON.stringify(signedOut.local)}`,
      );
      for (const [key, value] of Object.entries({ ...signedOut.session, ...signedOut.local })) {
        assert.deepEqual(leaks(`${key}=${value}`, secrets), [], `${key} after sign-out`);
      }

      // Every write of the visit: documented keys only; localStorage only ever a number; the sign-in state came and went.
      const writes = seen.storage.filter((w) => w.type !== 'removed');
      for (const write of writes) {
        if (write.storage === 'local') {
          assert.ok(documentedLocalKey(write.key), `undocumented localStorage key ${write.key}`);
          assert.match(write.value, /^\d+$/, `localStorage ${write.key} holds a number only`);
        } else {
          assert.ok(documentedSessionKey(write.key), `undocumented sessionStorage key ${write.key}`);
        }
      }
      const stateKeys = [...new Set(writes.filter((w) => /^oidc\.[0-9a-f]{32}$/.test(w.key)).map((w) => w.key))];
      assert.equal(stateKeys.length, 1, `one sign-in state: ${stateKeys}`);
      assert.ok(
        seen.storage.some((w) => w.type === 'removed' && w.key === stateKeys[0]),
        'the sign-in state is removed after the callback',
      );
      for (const write of writes.filter((w) => /^oidc\.[0-9a-f]{32}$/.test(w.key))) {
        assert.deepEqual(
          leaks(write.value, [ANNA.givenName, ANNA.familyName, ANNA.id]),
          [],
          'the sign-in state holds nothing about the citizen',
        );
      }

      // No cookies for the site after the visit either: the header sets none.
      assert.deepEqual(await context.cookies(env.url('/')), []);
      assert.equal(signedOut.cookie, '');

      // Console (every type, from scripts and the browser) and loket-error: nothing about the citizen.
      for (const message of session.console) {
        assert.deepEqual(leaks(message.text, secrets), [], `console.${message.type}: ${message.text.slice(0, 200)}`);
      }
      for (const error of seen.loketErrors)
        assert.deepEqual(leaks(error.message, secrets), [], `loket-error ${error.code}`);

      // The profile API: bearer token in the Authorization header, never in the URL, no cookies.
      const api = seen.requests.filter((r) => r.url.startsWith(`${env.backend.url}/api/`) && r.method !== 'OPTIONS');
      // The event stream (also bearer-authorized, checked below) is counted apart from the summary reads.
      const reads = api.filter((r) => new URL(r.url).pathname !== '/api/me/events');
      assert.ok(reads.length >= 2, `summary reads: ${api.map((r) => r.url)}`);
      for (const request of api) {
        const url = new URL(request.url);
        assert.equal(url.search, '', `no query string: ${request.url}`);
        // DPoP-bound (issue 13): `Authorization: DPoP <token>` and a proof in the DPoP header
        const token = /^DPoP ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(request.headers.authorization ?? '')?.[1];
        assert.match(request.headers.dpop ?? '', /^[\w-]+\.[\w-]+\.[\w-]+$/, `${request.url}: a DPoP proof`);
        assert.ok(
          token && seen.tokens.has(token),
          `${request.url}: an issued access token in the Authorization header`,
        );
        assert.equal(request.headers.cookie, undefined, 'no cookies to the API in oidc mode');
      }
      // No access or refresh token in any URL; the ID token only as the end-session hint (OIDC RP-initiated logout).
      for (const request of seen.requests) {
        for (const token of seen.tokens) {
          if (!request.url.includes(token)) continue;
          const url = new URL(request.url);
          assert.ok(
            url.pathname === '/session/end' && url.searchParams.get('id_token_hint') === token,
            `a token in the URL ${url.origin}${url.pathname}`,
          );
        }
      }
      assert.deepEqual(session.pageErrors, [], describeProblems(session));

      // The backend's audit log recorded the reads by Anna's opaque id, without her data.
      const rows = await env.backend.store.auditRows({ subject: ANNA.id, resource: '/api/me/summary', limit: 1000 });
      assert.ok(rows.length >= 2, `audit rows for the summary reads: ${rows.length}`);
      for (const row of rows)
        assert.deepEqual(
          leaks(
            Object.values(row).join(' '),
            secrets.filter((s) => s !== ANNA.id),
          ),
          [],
        );
    } finally {
      await session.close();
    }
  });

  test('error paths: an API that echoes personal data and then ends the session leaks nothing to the console or loket-error, and leaves nothing stored', async () => {
    const session = await env.open();
    const { page, context } = session;
    const seen = await watch(session);
    let calls = 0;
    // A misbehaving API: its error bodies repeat the citizen's name and the bearer token it was sent.
    await context.route(`${env.backend.url}/api/me/summary`, async (route) => {
      calls++;
      const token = /^DPoP (.+)$/.exec((await route.request().allHeaders()).authorization ?? '')?.[1] ?? '';
      const echo = `Anna Peeters ${ANNA.id} ${token}`;
      if (calls === 1)
        await route.fulfill({
          status: 500,
          contentType: 'application/problem+json',
          body: JSON.stringify({ title: echo, status: 500 }),
        });
      else if (calls === 2)
        await route.fulfill({ status: 200, contentType: 'application/json', body: `{"unread": "${echo}` });
      else
        await route.fulfill({
          status: 401,
          headers: { 'www-authenticate': `Bearer error="invalid_token", error_description="${echo}"` },
          contentType: 'application/problem+json',
          body: JSON.stringify({ title: echo, status: 401 }),
        });
    });
    try {
      await signIn(session);
      await trigger(page).click();
      await page.locator('loket-header loket-profile-menu [role="status"]').waitFor();
      await page.keyboard.press('Escape');
      await page.evaluate(() => window.loket.refresh()); // the malformed answer
      await page.evaluate(() => window.loket.refresh()); // 401, renewal, 401: the session is over
      await signInButton(page).waitFor({ timeout: 15_000 });
      assert.ok(calls >= 4, `the API was asked ${calls} times`);
      const codes = seen.loketErrors.map((e) => e.code);
      assert.ok(codes.includes('session-ended'), `loket-error: ${codes}`);

      const secrets = await secretsOf(seen);
      for (const message of session.console) {
        assert.deepEqual(leaks(message.text, secrets), [], `console.${message.type}: ${message.text.slice(0, 200)}`);
      }
      for (const error of seen.loketErrors)
        assert.deepEqual(
          leaks(`${error.code} ${error.message}`, secrets),
          [],
          `loket-error ${error.code}: ${error.message}`,
        );
      const stored = await storageOf(page);
      assert.deepEqual(
        Object.keys(stored.session),
        [],
        `the session ended: sessionStorage is empty: ${JSON.stringify(stored.session)}`,
      );
      assert.deepEqual(Object.keys(stored.local), ['loket:token-generation:loket-demo']);
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
    } finally {
      await session.close();
    }
  });
});

describe('security: Subresource Integrity (README snippet, import map, CSP)', () => {
  /**
   * A page as the README shows it: an import map pinning the two modules the drop-in imports (allowed by its
   * hash in script-src), and the drop-in at the spot with `integrity` and `crossorigin`, under the demo's
   * strict policy. `tamper` serves a changed copy of one file.
   */
  async function open({ tamper } = {}) {
    const session = await env.open();
    const sri = computeSri();
    const map = JSON.stringify(importMapFor(env.url('/loket/'), sri));
    const mapHash = createHash('sha256').update(map).digest('base64');
    const policy = CONTENT_SECURITY_POLICY.replace("script-src 'self'", `script-src 'self' 'sha256-${mapHash}'`);
    const html = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>SRI</title>
<script type="importmap">${map}</script>
</head><body>
<script src="/loket/loket-header.js" integrity="${sri['loket-header.js']}" crossorigin="anonymous" data-config="/loket.json"></script>
<main><h1>Welkom</h1></main>
</body></html>`;
    await session.context.route(env.url('/sri.html'), (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        headers: { 'content-security-policy': policy },
        body: html,
      }),
    );
    if (tamper) {
      await session.context.route(env.url(`/loket/${tamper}`), async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, body: `${await response.text()}\n;globalThis.tampered = true;` });
      });
    }
    await session.page.goto(env.url('/sri.html'));
    return session;
  }

  const load = (page, file) =>
    page.evaluate(
      (url) =>
        import(url).then(
          () => 'loaded',
          (error) => `refused: ${error.message}`,
        ),
      env.url(`/loket/${file}`),
    );
  const integrityErrors = (session) => session.console.filter((m) => m.type === 'error' && /integrity/.test(m.text));

  test('with the right hashes, the drop-in runs and both imported modules load, under a strict CSP', async () => {
    const session = await open();
    try {
      await waitForHeader(session.page);
      assert.deepEqual(
        await session.page.evaluate(() => window.loket.getConfig().then((c) => c.municipality.id)),
        'lindegem',
        'loket-api.js loaded',
      );
      assert.equal(await load(session.page, 'loket-signed-in.js'), 'loaded');
      assert.deepEqual(await cspViolations(session.page), []);
      assert.deepEqual(integrityErrors(session), []);
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
    } finally {
      await session.close();
    }
  });

  for (const file of ['loket-api.js', 'loket-signed-in.js']) {
    test(`a changed ${file} is refused (import map integrity); the header and the page go on`, async () => {
      const session = await open({ tamper: file });
      try {
        await waitForHeader(session.page);
        assert.match(await load(session.page, file), /^refused/);
        assert.equal(await session.page.evaluate(() => globalThis.tampered), undefined, 'the changed code did not run');
        assert.equal(integrityErrors(session).length, 1, JSON.stringify(session.console));
        assert.deepEqual(session.pageErrors, [], describeProblems(session));
      } finally {
        await session.close();
      }
    });
  }

  test('a changed drop-in is refused (integrity attribute): no header, no window.loket, the page goes on', async () => {
    const session = await open({ tamper: 'loket-header.js' });
    try {
      await session.page.locator('h1').waitFor();
      assert.equal(
        await session.page.evaluate(() =>
          [typeof window.loket, document.querySelector('loket-header'), globalThis.tampered].join(),
        ),
        'undefined,,',
      );
      assert.equal(integrityErrors(session).length, 1);
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
    } finally {
      await session.close();
    }
  });
});
